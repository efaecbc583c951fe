"""Project configuration: `citequiz.toml`, or `[tool.citequiz]` in the project's pyproject.toml.

`citequiz.toml` wins when both exist. This module reads the file into a `Config` (title and
description checked here); each format's table is validated by the schema that format declares,
all in one place: `render.registry.configure`, which also rejects unknown top-level keys.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .controls import CONTROL_HINT, describe, find_control
from .errors import Finding, error
from .files import MB, describe_error, read_input
from .model import Config, Pos

CONFIG_FILE = "citequiz.toml"
TEXT_KEYS = ("title", "description")


def load_config(root: Path) -> tuple[Config, list[Finding]]:
    """The config and the findings about its syntax and text keys. An absent config is empty."""
    for name, table in ((CONFIG_FILE, None), ("pyproject.toml", ("tool", "citequiz"))):
        path = root / name
        if not path.exists():
            continue
        try:
            text = read_input(path, limit=MB).decode("utf-8")
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            return Config(file=name), [error(Pos(name, *_toml_pos(exc)), "config-syntax", str(exc).split(" (at")[0])]
        except OSError as exc:
            return Config(file=name), [error(Pos(name, 1, 1), "config-unreadable",
                                             f"cannot read {name}: {describe_error(exc)}")]
        if table:
            tool = data.get(table[0], {})
            data = tool.get(table[1]) if isinstance(tool, dict) else None
            if data is None:
                continue
        config = Config(file=name, prefix="tool.citequiz." if table else "", lines=tuple(text.splitlines()))
        findings: list[Finding] = []
        values: dict = {}
        if not isinstance(data, dict):
            return config, [error(Pos(name, 1, 1), "wrong-type", "`tool.citequiz` must be a table")]
        for key in TEXT_KEYS:
            if key in data:
                if isinstance(data[key], str):
                    values[key] = data[key]
                else:
                    findings.append(error(config.locate("", key), "wrong-type", f"config `{key}` must be text"))
        tables = {k: v for k, v in data.items() if k not in TEXT_KEYS}
        findings += [error(Pos(name, 1, 1), "control-character",
                           f"`{key}` contains the control character {describe(char)}", CONTROL_HINT)
                     for key, char in _controls(data)]
        return Config(file=name, prefix=config.prefix, lines=config.lines, tables=tables, **values), findings
    return Config(), []


def _controls(value, key: str = "") -> list[tuple[str, str]]:
    """(dotted key, character) for every string in the config holding a control character."""
    if isinstance(value, str):
        m = find_control(value)
        return [(key, m.group())] if m else []
    if isinstance(value, dict):
        return [hit for k, v in value.items() for hit in _controls(v, f"{key}.{k}" if key else str(k))]
    if isinstance(value, list):
        return [hit for i, v in enumerate(value) for hit in _controls(v, f"{key}[{i}]")]
    return []


def _toml_pos(exc: Exception) -> tuple[int, int]:
    """Where tomllib found the error: its attributes (Python 3.14+) or its message, which ends
    "(at line 3, column 5)" on every version; 1:1 only where it names no place."""
    line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if line is None:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
    return (line or 1, col or 1)
