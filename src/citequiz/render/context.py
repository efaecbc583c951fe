"""The render stage's interface: what a format is, and what it is given.

A format is any object with a `name` (str) and `render(ctx)` returning an iterable of
`(path relative to build/, bytes)`. Built-in formats are `Format` records; a third-party format
is loaded from the entry-point group `citequiz.formats` (see `registry` and docs/formats.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2

from ..errors import Finding
from ..lock import EMPTY, Lock
from ..model import Project

Outputs = Iterable[tuple[str, bytes]]


@dataclass(frozen=True)
class RenderContext:
    """What a format may use: the project, the one Jinja environment, the Anki lock, the format's
    own settings (its config table, validated by its schema) and, for the index, the paths every
    other format wrote."""

    project: Project
    env: jinja2.Environment
    lock: Lock = EMPTY
    settings: Any = None
    outputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Format:
    """A built-in format. `handlers` / `unsupported` are its per-question-type tables;
    `settings(table, locate)` validates its config table into typed settings (and findings);
    `check(ctx)` reports what it needs from the project (a [print] blueprint that cannot be
    drawn, ...)."""

    name: str
    render: Callable[[RenderContext], Outputs | Mapping[str, bytes]]
    title: str = ""  # what it writes, for the docs and `citequiz check`
    handlers: Mapping[str, Callable] | None = None  # None: the format does not depend on the type
    unsupported: Mapping[str, str] = field(default_factory=dict)
    settings: Callable[..., tuple[Any, list[Finding]]] | None = None
    check: Callable[[RenderContext], list[Finding]] | None = None
