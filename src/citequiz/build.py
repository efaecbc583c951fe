"""Stage 4 — gather every output in memory, then hand them to `write` in one go.

Each renderer is a pure function `(project, ctx) -> {relative path: bytes}`. The build
loads and checks first and refuses on errors, so a failed check leaves the output folder as it
was. Renderers are listed in `RENDERERS`; the index is rendered last because it links the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .check import check_project
from .errors import CheckFailed, Finding
from .load import load_project
from .model import Project
from .render import gift, index, printable, qti, tabular
from .templating import environment
from .write import WriteReport, write_outputs


@dataclass(frozen=True)
class Context:
    """What every renderer may use besides the project."""

    env: jinja2.Environment


Renderer = Callable[[Project, Context], dict[str, bytes]]

# Stages that produce outputs, in order. Each later issue adds its renderer here.
RENDERERS: list[Renderer] = [
    printable.render,  # print/<bank>.html: forms A, B, ... and their answer keys
    gift.render,  # lms/<bank>.gift.txt: Moodle GIFT
    qti.render,  # lms/<bank>.qti.zip: QTI 1.2 for Canvas
    tabular.render,  # lms/<bank>.csv and lms/<bank>.tsv (Quizlet / Anki text import)
]


def render_all(project: Project) -> dict[str, bytes]:
    ctx = Context(env=environment(project.root))
    outputs: dict[str, bytes] = {}
    for renderer in RENDERERS:
        produced = renderer(project, ctx)
        clash = outputs.keys() & produced.keys()
        assert not clash, f"two renderers write {sorted(clash)}"
        outputs.update(produced)
    outputs.update(index.render(project, ctx, sorted(outputs)))
    return outputs


def build(root: Path, out_dir: Path, *, strict: bool = False) -> tuple[Project, list[Finding], WriteReport]:
    project, findings = load_project(root)
    findings += check_project(project)
    if strict:
        findings = [f.strict() for f in findings]
    if any(f.severity == "error" for f in findings):
        raise CheckFailed(findings)
    report = write_outputs(out_dir, render_all(project))
    return project, findings, report
