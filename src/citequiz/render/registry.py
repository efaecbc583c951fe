"""The format registry: the built-in formats, third-party formats from the entry-point group
`citequiz.formats`, and the one place every format's config table is validated.

`configure(project)` gives the enabled formats, each with its settings, and every finding about
the config: unknown top-level keys, the `[formats]` table (a format set to false is switched off),
each format's own table, what each format needs from the project (`check`), and a warning for a
question type an enabled format cannot express. `render_each` runs them; the index page comes last.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2

from ..errors import Finding, RenderError, error, warning
from ..lock import EMPTY, Lock
from ..markup.content import read_settings as read_content_settings
from ..model import Pos, Project
from ..suggest import did_you_mean
from ..templating import environment
from . import anki, coverage, gift, index, moodle_xml, printable, qti, qti21, quiz, source, tabular
from .context import Format, RenderContext
from .settings import Option, validate

ENTRY_POINTS = "citequiz.formats"
# In render order; the index is rendered after them all, as it links every output.
BUILTIN: tuple[Format, ...] = (quiz.FORMAT, source.FORMAT, anki.FORMAT, printable.FORMAT, gift.FORMAT,
                               qti.FORMAT, moodle_xml.FORMAT, qti21.FORMAT, tabular.FORMAT, coverage.FORMAT)
INDEX = index.FORMAT
FORMATS_TABLE = "formats"  # [formats] gift = false
CONTENT_TABLE = "content"  # [content] markdown = false: every format's bank text (markup/content.py)


@dataclass(frozen=True)
class Configured:
    """An enabled format with its validated settings."""

    format: Any  # a Format, or a third-party object with `name` and `render(ctx)`
    settings: Any = None


def plugins() -> tuple[list[Any], list[Finding]]:
    """The third-party formats installed in this environment, and a finding for each that fails
    to load or does not have the shape a format must have."""
    found, findings = [], []
    for ep in sorted(metadata.entry_points(group=ENTRY_POINTS), key=lambda e: e.name):
        where = Pos(f"entry point {ep.name} = {ep.value}")
        try:
            obj = ep.load()
        except Exception as exc:  # a broken plugin must be a message, not a traceback
            findings.append(error(where, "format-plugin", f"cannot load the format: {type(exc).__name__}: {exc}"))
            continue
        name = getattr(obj, "name", None)
        if not isinstance(name, str) or not name or not callable(getattr(obj, "render", None)):
            findings.append(error(where, "format-plugin", "a format needs `name` (text) and `render(ctx)`"))
            continue
        found.append(obj)
    return found, findings


def available() -> tuple[list[Any], list[Finding]]:
    """Every format: the built-in ones, then the plugins (a plugin may not take a built-in name)."""
    extra, findings = plugins()
    names = {f.name for f in BUILTIN} | {INDEX.name}
    formats = list(BUILTIN)
    for obj in extra:
        if obj.name in names:
            findings.append(error(Pos(f"format {obj.name}"), "format-plugin",
                                  f"a format named `{obj.name}` is already installed; this one is ignored"))
            continue
        names.add(obj.name)
        formats.append(obj)
    return formats, findings


def _settings(fmt: Any, table: object, project: Project) -> tuple[Any, list[Finding]]:
    """A format's settings from its table: by its own `settings` function (built-in formats), or
    by the `schema` it declares (a mapping of key -> `Option`), or none at all."""
    locate = project.config.locate
    parse = getattr(fmt, "settings", None)
    if callable(parse):
        return parse(table, locate=locate, project=project)
    schema: Mapping[str, Option] = getattr(fmt, "schema", None) or {}
    return validate(table, schema, name=fmt.name, locate=locate, rule="config-format")


def configure(project: Project) -> tuple[list[Configured], list[Finding]]:
    config = project.config
    formats, findings = available()
    by_name = {f.name: f for f in formats}
    switches = config.tables.get(FORMATS_TABLE, {})
    enabled = set(by_name)
    if not isinstance(switches, dict):
        findings.append(error(config.locate(FORMATS_TABLE), "config-formats", "`formats` must be a table: [formats]"))
        switches = {}
    for name, on in switches.items():
        if name not in by_name:
            findings.append(error(config.locate(FORMATS_TABLE, name), "config-formats", f"no format named `{name}`",
                                  did_you_mean(name, by_name, allowed="installed")))
        elif not isinstance(on, bool):
            findings.append(error(config.locate(FORMATS_TABLE, name), "config-formats",
                                  f"`{name}` in [formats] must be true or false"))
        elif not on:
            enabled.discard(name)
    findings += read_content_settings(config)[1]
    # [answers] is the answer matcher's, which every format uses (validated in answers.compile).
    tables = {FORMATS_TABLE, CONTENT_TABLE, "answers", *by_name}
    for key in config.tables:
        if key not in tables:
            findings.append(error(config.locate(key) if isinstance(config.tables[key], dict) else config.locate("", key),
                                  "unknown-key", f"unknown config key `{key}`",
                                  did_you_mean(key, ["title", "description", *sorted(tables)], allowed="allowed")))
    configured = []
    for fmt in formats:
        if fmt.name not in enabled:
            continue
        settings, more = _settings(fmt, config.tables.get(fmt.name), project)
        findings += more
        configured.append(Configured(fmt, settings))
    if not any(f.severity == "error" for f in findings):
        for c in configured:
            check = getattr(c.format, "check", None)
            if callable(check):
                findings += check(RenderContext(project=project, env=environment(project.root), settings=c.settings))
    findings += unsupported_types(project, configured)
    return configured, findings


def unsupported_types(project: Project, configured: list[Configured]) -> list[Finding]:
    """A warning where a bank uses a question type an enabled format cannot express."""
    findings = []
    for c in configured:
        reasons = getattr(c.format, "unsupported", None) or {}
        for bank in project.banks:
            first = {}
            for q in bank.questions:
                first.setdefault(q.type, q)
            for qtype, q in first.items():
                if qtype in reasons:
                    n = sum(other.type == qtype for other in bank.questions)
                    findings.append(warning(q.pos, "format-cannot-express",
                                            f"the {c.format.name} format leaves out {n} {qtype} question"
                                            f"{'s' * (n != 1)} of this bank: {reasons[qtype]}",
                                            f"switch it off with `[formats] {c.format.name} = false`"
                                            " if you do not need it"))
    return findings


def _pairs(produced) -> Iterator[tuple[str, bytes]]:
    if isinstance(produced, Mapping):
        for rel in sorted(produced):
            yield rel, produced[rel]
    else:
        yield from produced


def safe_path(name: str, rel: object) -> str:
    """A path a format wrote, refused unless it is a plain relative path inside build/."""
    if (not isinstance(rel, str) or not rel or rel.startswith(("/", "\\")) or "\\" in rel or ":" in rel.split("/")[0]
            or any(part in ("", ".", "..") for part in rel.split("/"))):
        raise RenderError(f"the {name} format wrote to {rel!r}, which is not a path inside build/")
    return rel


def render_error(name: str, exc: Exception, root) -> RenderError:
    """A format's failure as one message: a template error names the template file and line, an
    OSError its file, anything else the format and the exception."""
    if isinstance(exc, RenderError):
        return exc
    if isinstance(exc, jinja2.TemplateError):
        where = _template_place(exc, root)
        text = exc.message if getattr(exc, "message", None) else str(exc)
        return RenderError(f"{where}: error[template-error]: {text}; nothing was built, build/ is unchanged")
    if isinstance(exc, OSError):
        return RenderError(f"{exc.filename or name}: {exc.strerror or exc}; nothing was built, build/ is unchanged")
    return RenderError(f"the {name} format failed: {type(exc).__name__}: {exc}; nothing was built, "
                       "build/ is unchanged (this is a bug in the format)")


def _template_place(exc: jinja2.TemplateError, root) -> str:
    """`templates/x.html.j2:LINE` for a template error: a syntax error carries its place; an
    error while rendering has it in the traceback, whose frames Jinja maps to template lines."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".j2", ".html", ".js", ".css")):
                filename, line = frame.filename, frame.lineno
                break
    if filename is None:
        return "templates"
    path = Path(filename)
    try:
        shown = path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        shown = f"{path} (built-in)"
    return f"{shown}:{line}" if line else shown


def render_each(project: Project, configured: list[Configured], lock: Lock = EMPTY) -> Iterator[tuple[str, bytes]]:
    """Every output as (path, bytes), format by format, handing each over as it comes; the index
    last. Two formats writing one path is an error; so is any exception a format raises, which
    becomes a RenderError naming the format (and a template's file and line)."""
    env = environment(project.root)
    names: set[str] = set()
    for c in configured:
        ctx = RenderContext(project=project, env=env, lock=lock, settings=c.settings)
        try:
            for rel, data in _pairs(c.format.render(ctx)):
                rel = safe_path(c.format.name, rel)
                if rel in names:
                    raise RenderError(f"two formats write {rel}; the {c.format.name} format wrote it second")
                if not isinstance(data, bytes):
                    raise RenderError(f"the {c.format.name} format gave {type(data).__name__} for {rel}, not bytes")
                names.add(rel)
                yield rel, data
        except Exception as exc:
            raise render_error(c.format.name, exc, project.root) from exc
    ctx = RenderContext(project=project, env=env, lock=lock, outputs=tuple(sorted(names)))
    try:
        yield from _pairs(INDEX.render(ctx))
    except Exception as exc:
        raise render_error(INDEX.name, exc, project.root) from exc
