"""Stage 1c — seed texts and `seeds/sources.yaml`.

Seeds are read as bytes and decoded strictly as UTF-8 (a BOM is dropped); lines split on
CRLF, CR or LF so numbers match what an editor shows. A seed path never leaves `seeds/`:
absolute paths, `..` and symlinks pointing outside are refused. What the lines mean (their text
without markup, their paragraphs) is the business of the seed's reader (`readers`, by extension).
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

import yaml

from .controls import CONTROL_HINT, describe, find_control
from .suggest import did_you_mean
from .errors import Finding, error, warning
from .model import Pos, Seed, SourceInfo
from .files import MB, InputError, describe_error, read_input
from .readers import needs_import, reader_for
from .yamlsrc import MAX_BYTES, compose, too_large

SOURCES_FILE = "sources.yaml"
# A seed is read whole and normalised line by line; this bound keeps a build within a few
# hundred MB of memory and `cite`'s fuzzy search within seconds (see docs/banks.md).
MAX_SEED_BYTES = 10 * MB
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
SOURCE_KEYS = ("title", "short", "headline", "publisher", "author", "date", "boilerplate", "imported")
IMPORTED_KEYS = ("from", "sha256", "format", "pages", "headings")


def split_lines(text: str) -> tuple[str, ...]:
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def seed_names(seeds_dir: Path, *, errors: list[OSError] | None = None) -> list[str]:
    """Every seed file under seeds/ (sorted, "/"-separated), skipping sources.yaml and dot files.
    A folder that cannot be listed goes into `errors`, if given."""
    if not seeds_dir.is_dir():
        return []
    names = []
    for dirpath, dirnames, filenames in os.walk(seeds_dir, onerror=errors.append if errors is not None else None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in filenames:
            if filename.startswith(".") or filename == SOURCES_FILE:
                continue
            rel = Path(dirpath, filename).relative_to(seeds_dir).as_posix()
            names.append(rel)
    return sorted(names)


def seed_name(cited: str) -> str:
    """The seed name a citation means: `./a.txt`, `a//b.txt` and `x/../a.txt` name the seeds
    `a.txt`, `a/b.txt` and `a.txt`, so one file has one name everywhere (checks, links, pages).
    A path that leaves seeds/ is kept as written, for `resolve` to refuse and messages to quote."""
    name = posixpath.normpath(cited) if cited and "\\" not in cited else cited
    return cited if name == ".." or name.startswith(("../", "/")) else name


def resolve(seeds_dir: Path, name: str) -> tuple[Path | None, str | None]:
    """The file a seed name stands for, or (None, reason) if it leaves seeds/ or is not there."""
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[\\/]", name) or "\\" in name:
        return None, "outside"
    if any(part == ".." for part in name.split("/")):
        return None, "outside"
    path = seeds_dir / name
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None, "missing"
    if not real.is_relative_to(seeds_dir.resolve()):
        return None, "outside"
    if real.is_dir():
        return None, "missing"
    return path, None  # a FIFO or a device is refused when read (files.read_input)


def read_seed(path: Path, name: str, info: SourceInfo, shown: str) -> tuple[Seed | None, list[Finding]]:
    try:
        data = read_input(path, limit=MAX_SEED_BYTES)
    except InputError as exc:
        if exc.size:
            return None, [error(Pos(shown), "seed-too-large",
                                f"seed {exc.reason}; a seed may be at most {MAX_SEED_BYTES // MB} MB",
                                "split the text into several seed files")]
        return None, [error(Pos(shown), "not-a-file", f"seed {exc.reason}; it is not read")]
    except OSError as exc:
        return None, [error(Pos(shown), "seed-unreadable", f"cannot read seed: {describe_error(exc)}")]
    document = needs_import(name)
    if document:
        return None, [error(Pos(shown), "seed-not-text", f"seed is {document}, not a text file",
                            f"convert it with `citequiz import {shown}`, which writes a text seed beside it "
                            "(the original then stays, as the seed's source)")]
    sniffed = _document_kind(data)
    if sniffed:
        kind, extension = sniffed
        return None, [error(Pos(shown), "seed-not-text", f"seed is {kind} named like a text file",
                            f"give it its real extension ({extension}) and convert it with `citequiz import FILE`")]
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return None, [error(Pos(shown, line, 1), "seed-not-text", "seed contains a NUL byte; it is not a text file",
                            "save it as plain UTF-8 text")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [error(Pos(shown, line, column), "seed-not-utf8",
                            f"seed is not UTF-8 (byte 0x{data[exc.start]:02x})",
                            "convert it, e.g. `iconv -f latin1 -t utf-8`")]
    m = find_control(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        return None, [error(Pos(shown, line, column), "control-character",
                            f"seed contains the control character {describe(m.group())}", CONTROL_HINT)]
    lines = split_lines(text)
    reader = reader_for(name)
    parsed = reader.parse(lines)
    return Seed(name=name, lines=lines, info=info, kind=reader.KIND, plain_lines=parsed.plain_lines,
                find_units=parsed.find_units), []


# The first bytes of the document formats a teacher is most likely to drop into seeds/.
_MAGIC = ((b"%PDF-", "a PDF", ".pdf"), (b"PK\x03\x04", "a ZIP archive (a Word document or an EPUB?)", ".docx or .epub"))


def _document_kind(data: bytes) -> tuple[str, str] | None:
    head = data[:8]
    return next(((kind, ext) for magic, kind, ext in _MAGIC if head.startswith(magic)), None)


def load_sources(seeds_dir: Path, shown_dir: str) -> tuple[dict[str, SourceInfo], list[Finding]]:
    """Read seeds/sources.yaml: {seed name: {title, short, publisher, author, date, ...}}."""
    path = seeds_dir / SOURCES_FILE
    shown = f"{shown_dir}/{SOURCES_FILE}"
    if not path.exists():
        return {}, []
    try:
        text = read_input(path, limit=MAX_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return {}, [error(Pos(shown, 1, 1), "seed-not-utf8", f"sources.yaml is not UTF-8: {exc.reason}")]
    except InputError as exc:
        return {}, [too_large(shown, exc.size) if exc.size else
                    error(Pos(shown, 1, 1), "not-a-file", f"sources.yaml {exc.reason}; it is not read")]
    except OSError as exc:
        return {}, [error(Pos(shown, 1, 1), "unreadable", f"cannot read sources.yaml: {describe_error(exc)}")]
    node, findings = compose(text, shown)
    if node is None:
        return {}, findings
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:  # composed fine, so this is a constructor problem
        return {}, [error(Pos(shown, 1, 1), "yaml-syntax", str(exc).splitlines()[0])]
    if not isinstance(data, dict):
        return {}, [error(Pos(shown, 1, 1), "not-a-mapping", "sources.yaml must map seed file names to descriptions")]
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in getattr(node, "value", [])}
    # Where each key of each entry stands, so a mistyped key is reported at its own line.
    key_pos = {(str(k.value), str(kk.value)): Pos(shown, kk.start_mark.line + 1, kk.start_mark.column + 1)
               for k, v in getattr(node, "value", []) for kk, _ in getattr(v, "value", []) if hasattr(kk, "value")
               and isinstance(getattr(v, "value", None), list)}
    infos = {}
    for name, entry in data.items():
        where = Pos(shown, lines.get(str(name), 1), 1)
        if not isinstance(entry, dict):
            findings.append(error(where, "wrong-type", f"the entry for {name} must be a mapping"))
            continue
        for key in entry:
            if key not in SOURCE_KEYS:
                findings.append(error(key_pos.get((str(name), str(key)), where), "unknown-key",
                                      f"unknown key `{key}` for {name}", did_you_mean(str(key), SOURCE_KEYS)))
        boiler = entry.get("boilerplate") or []
        if not isinstance(boiler, list) or not all(isinstance(n, int) for n in boiler):
            findings.append(error(where, "wrong-type", "`boilerplate` must be a list of line numbers"))
            boiler = []
        imported, more = _imported(entry.get("imported"), where, str(name))
        findings += more
        infos[str(name)] = SourceInfo(
            title=str(entry.get("title") or name),
            short=str(entry["short"]) if entry.get("short") else None,
            publisher=str(entry.get("publisher") or "unknown"),
            author=str(entry.get("author") or "unknown"),
            date=str(entry.get("date") or "unknown"),
            headline=str(entry.get("headline") or "unknown"),
            boilerplate=tuple(boiler),
            **imported,
        )
    return infos, findings


def _imported(record: object, where: Pos, name: str) -> tuple[dict, list[Finding]]:
    """The `imported:` record `citequiz import` writes: the original, its checksum, and the
    page (PDF) or heading path each line starts, as {first line: value} steps."""
    if record is None:
        return {}, []
    bad = error(where, "wrong-type", f"`imported` of {name} must be the mapping `citequiz import` writes",
                "import the original again with `citequiz import FILE --force`")
    if not isinstance(record, dict):
        return {}, [bad]
    findings = [warning(where, "unknown-key", f"unknown key `imported.{key}` for {name}",
                        "allowed: " + ", ".join(IMPORTED_KEYS)) for key in record if key not in IMPORTED_KEYS]
    steps = {}
    for key, kind in (("pages", int), ("headings", str)):
        value = record.get(key) or {}
        if not isinstance(value, dict) or not all(isinstance(k, int) and isinstance(v, kind) for k, v in value.items()):
            return {}, findings + [bad]
        steps[key] = tuple(sorted(value.items()))
    return {"original": str(record.get("from") or "") or None, "sha256": str(record.get("sha256") or "") or None,
            **steps}, findings
