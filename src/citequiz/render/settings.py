"""Typed settings for a format: the schema a format declares for its config table, and the one
validator that turns the table into settings, every mistake a finding at its key's line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..errors import Finding, error
from ..model import Pos
from ..suggest import did_you_mean

WHAT = {bool: "true or false", str: "text", int: "a whole number", float: "a number", list: "a list"}


@dataclass(frozen=True)
class Option:
    """One key of a format's table: the Python type of its value, its default, and how to say
    what it must be ("text (a URL)")."""

    kind: type
    default: Any = None
    what: str | None = None

    def accepts(self, value: object) -> bool:
        if self.kind is int and isinstance(value, bool):
            return False
        if self.kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return True
        return isinstance(value, self.kind)


class Settings(Mapping[str, Any]):
    """A format's validated settings: every key of its schema, as attributes and as a mapping."""

    def __init__(self, values: Mapping[str, Any]):
        self._values = MappingProxyType(dict(values))

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Settings({dict(self._values)!r})"


Locate = Callable[..., Pos]  # (table, key=None, nth=0) -> where it stands in the config file


def validate(table: object, schema: Mapping[str, Option], *, name: str, locate: Locate,
             rule: str) -> tuple[Settings, list[Finding]]:
    """`table` (the format's config table, or None) checked against `schema`."""
    values = {key: option.default for key, option in schema.items()}
    if table is None:
        return Settings(values), []
    if not isinstance(table, dict):
        return Settings(values), [error(locate(name), rule, f"`{name}` must be a table: [{name}]")]
    findings = []
    for key, value in table.items():
        option = schema.get(key)
        if option is None:
            findings.append(error(locate(name, key), rule, f"unknown key `{key}` in [{name}]",
                                  did_you_mean(key, schema, allowed="allowed")))
        elif not option.accepts(value):
            what = option.what or WHAT.get(option.kind, option.kind.__name__)
            findings.append(error(locate(name, key), rule, f"`{key}` in [{name}] must be {what}"))
        else:
            values[key] = value
    return Settings(values), findings
