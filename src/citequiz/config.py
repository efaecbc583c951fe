"""Project configuration: `citequiz.toml`, or `[tool.citequiz]` in the project's pyproject.toml.

`citequiz.toml` wins when both exist. Each output stage reads its own table (`[print]`,
`[anki]`, ...); this module only finds the file and checks the top-level keys.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from .errors import Finding, error, warning
from .model import Pos

CONFIG_FILE = "citequiz.toml"
TOP_KEYS = ("title", "description", "quiz", "anki", "print", "lms")


def load_config(root: Path) -> tuple[dict, str | None, list[Finding]]:
    """(config, file it came from, findings). An absent config is an empty one."""
    for name, table in ((CONFIG_FILE, None), ("pyproject.toml", ("tool", "citequiz"))):
        path = root / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            return {}, name, [error(Pos(name, *_toml_pos(exc)), "config-syntax", str(exc).split(" (at")[0])]
        if table:
            data = data.get(table[0], {}).get(table[1])
            if data is None:
                continue
        findings = [
            warning(Pos(name, 1, 1), "unknown-key", f"unknown config key `{key}`",
                    "allowed: " + ", ".join(TOP_KEYS))
            for key in data if key not in TOP_KEYS
        ]
        if "title" in data and not isinstance(data["title"], str):
            findings.append(error(Pos(name, 1, 1), "wrong-type", "config `title` must be text"))
            data = {k: v for k, v in data.items() if k != "title"}
        return data, name, findings
    return {}, None, []


def _toml_pos(exc: Exception) -> tuple[int, int]:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "colno", None)
    return (line or 1, col or 1)
