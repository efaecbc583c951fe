"""Project configuration: `citequiz.toml`, or `[tool.citequiz]` in the project's pyproject.toml.

`citequiz.toml` wins when both exist. Each output stage reads its own table (`[print]`,
`[anki]`, ...); this module only finds the file and checks the top-level keys.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import urllib.parse
from pathlib import Path

from .controls import CONTROL_HINT, describe, find_control
from .errors import Finding, error, warning
from .files import MB, describe_error, read_input
from .model import Pos

CONFIG_FILE = "citequiz.toml"
TOP_KEYS = ("title", "description", "quiz", "anki", "print", "lms")


def load_config(root: Path) -> tuple[dict, str | None, list[Finding]]:
    """(config, file it came from, findings). An absent config is an empty one."""
    for name, table in ((CONFIG_FILE, None), ("pyproject.toml", ("tool", "citequiz"))):
        path = root / name
        if not path.exists():
            continue
        try:
            data = tomllib.loads(read_input(path, limit=MB).decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            return {}, name, [error(Pos(name, *_toml_pos(exc)), "config-syntax", str(exc).split(" (at")[0])]
        except OSError as exc:
            return {}, name, [error(Pos(name, 1, 1), "config-unreadable",
                                    f"cannot read {name}: {describe_error(exc)}")]
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
        findings += _check_anki(root, data.get("anki"))
        findings += [error(Pos(name, 1, 1), "control-character",
                           f"`{key}` contains the control character {describe(char)}", CONTROL_HINT)
                     for key, char in _controls(data)]
        return data, name, findings
    return {}, None, []


def config_file(root: Path) -> tuple[str, str]:
    """(file shown in messages, TOML header prefix of our tables) for the project's config."""
    if (Path(root) / "citequiz.toml").is_file():
        return "citequiz.toml", ""
    return "pyproject.toml", "tool.citequiz."


def locator(root: Path):
    """A function (table, key, nth) -> Pos finding a key's line in the config file, so a message
    points where the teacher has to edit. TOML loaders drop positions; a line scan is enough."""
    name, prefix = config_file(root)
    try:
        lines = read_input(Path(root) / name, limit=MB).decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []

    def locate(table: str, key: str | None = None, nth: int = 0) -> Pos:
        header = re.compile(r"\s*\[\[?\s*" + re.escape(prefix + table) + r"\s*\]\]?\s*(#.*)?$")
        seen = -1
        inside = False
        found = Pos(name, 1, 1)
        for i, line in enumerate(lines, 1):
            if header.match(line):
                seen += 1
                inside = seen == nth
                if inside:
                    found = Pos(name, i, 1)
                    if key is None:
                        return found
                continue
            if line.lstrip().startswith("["):
                inside = False
            elif inside and key and re.match(r"\s*" + re.escape(key) + r"\s*=", line):
                return Pos(name, i, line.index(key) + 1)
        return found

    return locate


# [anki]: key -> (type, what it must be)
ANKI_KEYS = {"typed_answers": (bool, "true or false"), "source_url": (str, "text (a URL)")}


def _check_anki(root: Path, table) -> list[Finding]:
    if table is None:
        return []
    locate = locator(root)
    if not isinstance(table, dict):
        return [error(locate("anki"), "config-anki", "`anki` must be a table: [anki]")]
    findings = []
    for key, value in table.items():
        if key not in ANKI_KEYS:
            close = difflib.get_close_matches(key, list(ANKI_KEYS), n=1)
            findings.append(error(locate("anki", key), "config-anki", f"unknown key `{key}` in [anki]",
                                  f"did you mean `{close[0]}`?" if close else
                                  "allowed: " + ", ".join(f"`{k}`" for k in ANKI_KEYS)))
        elif not isinstance(value, ANKI_KEYS[key][0]):
            findings.append(error(locate("anki", key), "config-anki",
                                  f"`{key}` in [anki] must be {ANKI_KEYS[key][1]}"))
        elif key == "source_url" and value and not web_url(value):
            findings.append(error(locate("anki", key), "config-anki",
                                  f"`source_url` in [anki] must be an http:// or https:// URL, not {value!r}",
                                  "the address where the HTML build is published, e.g. https://example.org/quiz"))
    return findings


def web_url(text: object) -> bool:
    """An absolute http(s) URL with a host and no space, quote or control character: the only
    kind of link citequiz puts into a card (never `javascript:` or `data:`)."""
    if not isinstance(text, str) or re.search(r"[\s\"'<>\\`\x00-\x1f\x7f]", text):
        return False
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


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
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "colno", None)
    return (line or 1, col or 1)
