"""Stage helper — one project's rich text: whether Markdown is on, and its media folder.

`[content]` in citequiz.toml: `markdown = false` turns Markdown off (every field is then plain
text in every output, as before: markup in a bank shows as typed); `max_image_kb` sets the size
limit of one image. Renderers ask this object, never the parser directly, so "off" is one switch.
"""

from __future__ import annotations

import dataclasses
import difflib
import weakref
from dataclasses import dataclass
from pathlib import Path

from ..errors import Finding, error
from .. import cloze
from . import render
from .media import DEFAULT_LIMIT_KB, MediaFile, MediaStore
from .fields import markdown_table, rich_fields, rich_texts
from .parse import all_plain, tokens_of
from .render import Flavour

CONTENT_KEYS = {"markdown": (bool, "true or false"), "max_image_kb": (int, "a whole number of kilobytes")}


@dataclass(frozen=True)
class ContentSettings:
    markdown: bool = True
    max_image_kb: int = DEFAULT_LIMIT_KB


def read_settings(config) -> tuple[ContentSettings, list[Finding]]:
    """`[content]` of the project's `Config`, checked (the registry's `configure` reports the
    findings with every other table's)."""
    table = config.get("content")
    if table is None:
        return ContentSettings(), []
    if not isinstance(table, dict):
        return ContentSettings(), [error(config.locate("content"), "config-content",
                                         "`content` must be a table: [content]")]
    findings, values = [], {}
    for key, value in table.items():
        if key not in CONTENT_KEYS:
            close = difflib.get_close_matches(key, list(CONTENT_KEYS), n=1)
            findings.append(error(config.locate("content", key), "config-content", f"unknown key `{key}` in [content]",
                                  f"did you mean `{close[0]}`?" if close else
                                  "allowed: " + ", ".join(f"`{k}`" for k in CONTENT_KEYS)))
            continue
        kind, what = CONTENT_KEYS[key]
        if not isinstance(value, kind) or (kind is int and (isinstance(value, bool) or value < 1)):
            findings.append(error(config.locate("content", key), "config-content",
                                  f"`{key}` in [content] must be {what}"))
            continue
        values[key] = value
    return ContentSettings(**values), findings


class Content:
    """What every output asks about a bank text: its HTML for a flavour, its plain text."""

    def __init__(self, root: Path, settings: ContentSettings = ContentSettings()):
        self.settings = settings
        self.markdown = settings.markdown
        self.media = MediaStore(root, limit_kb=settings.max_image_kb)
        self._rich: dict[int, bool] = {}  # id(question) -> is_rich; questions live as long as the project

    def is_rich(self, q) -> bool:
        """Whether any Markdown field of `q` holds more than plain words. Most questions do not,
        and every rich-text step skips them (at 10k questions this check is what they cost)."""
        if not self.markdown:
            return False
        found = self._rich.get(id(q))
        if found is None:
            found = self._rich[id(q)] = not all_plain(t for t, _ in rich_texts(q))
        return found

    def for_question(self, q) -> "Content":
        """This content, or for a question of plain words the plain one, whose every call is
        the text as written (escaped for HTML): the same output, without a look at each field."""
        return self if self.is_rich(q) else PLAIN

    def html(self, text: str, flavour: Flavour, *, inline: bool = False,
             used: dict[str, MediaFile] | None = None, package_prefix: str = "") -> str:
        if not self.markdown:
            return flavour.escape(text)
        return render.to_html(text, flavour, inline=inline, media=self.media, used=used,
                              package_prefix=package_prefix)

    def plain(self, text: str, *, inline: bool = False, read: bool = False) -> str:
        return render.plain(text, inline=inline, read=read) if self.markdown else text

    def needs_html(self, text: str, *, inline: bool = False) -> bool:
        return self.markdown and render.needs_html(text, inline=inline)

    def cloze_html(self, text: str, flavour: Flavour, blank: render.Blank, *,
                   used: dict[str, MediaFile] | None = None, package_prefix: str = "") -> str:
        """The cloze text for `flavour`, deletion k written by `blank(k, deletion, answer_html,
        hint_html)`."""
        if self.markdown:
            return render.cloze_html(text, flavour, blank, media=self.media, used=used,
                                     package_prefix=package_prefix)
        out, k = [], 0
        for piece in cloze.segments(text):
            if isinstance(piece, str):
                out.append(flavour.escape(piece))
            else:
                out.append(blank(k, piece, flavour.escape(piece.answer),
                                 flavour.escape(piece.hint) if piece.hint else None))
                k += 1
        return "".join(out)

    def question_as(self, q, flavour: Flavour | None = None, *, used: dict[str, MediaFile] | None = None,
                    package_prefix: str = ""):
        """`q` with each Markdown field (its type's `markdown` table, and the explanation)
        rendered for `flavour`, or as plain display text with None: what an output that writes
        raw fields (CSV, GIFT) then escapes for itself. A cloze keeps its `{{cN::...}}` syntax."""
        if flavour is None and not self.is_rich(q):
            return q  # plain words read as written
        def one(text: str, inline: bool) -> str:
            if flavour is None:
                return self.plain(text, inline=inline)
            return self.html(text, flavour, inline=inline, used=used, package_prefix=package_prefix)

        changes: dict = {}
        for key, kind in markdown_table(q.type).items():
            value = getattr(q, key, None)
            inline = kind == "inline"
            if key == "text" and q.type == "cloze" and value:
                changes[key] = self._cloze_as(value, flavour, used, package_prefix)
            elif isinstance(value, str) and value:
                changes[key] = one(value, inline)
            elif isinstance(value, tuple) and value:
                changes[key] = tuple(one(v, inline) if isinstance(v, str) else
                                     dataclasses.replace(v, left=one(v.left, inline), right=one(v.right, inline))
                                     for v in value)
        return dataclasses.replace(q, **changes) if changes else q

    def _cloze_as(self, text: str, flavour: Flavour | None, used, package_prefix: str) -> str:
        def syntax(number: int, answer: str, hint: str | None) -> str:
            return f"{{{{c{number}::{answer}" + (f"::{hint}" if hint else "") + "}}"

        if flavour is None:
            return "".join(p if isinstance(p, str) else
                           syntax(p.number, self.plain(p.answer, inline=True),
                                  self.plain(p.hint, inline=True) if p.hint else None)
                           for p in self.cloze_segments(text))
        return self.cloze_html(text, flavour, lambda k, d, a, h: syntax(d.number, a, h), used=used,
                               package_prefix=package_prefix)

    def images_in(self, q) -> list[str]:
        """The image paths a question's Markdown fields show."""
        if not self.is_rich(q):
            return []
        return [t.attrGet("src") or "" for _, text, inline, _ in rich_fields(q)
                for t in tokens_of(text, inline=inline) if t.type == "image"]

    def has_markup(self, q) -> bool:
        """Whether any Markdown field of `q` needs HTML to show as written."""
        if not self.is_rich(q):
            return False
        return any(self.needs_html(text, inline=inline) for _, text, inline, _ in rich_fields(q))

    def cloze_segments(self, text: str) -> list:
        """Plain strings (as displayed) alternating with the deletions, as `cloze.segments`."""
        return render.cloze_segments(text) if self.markdown else cloze.segments(text)

    def cloze_plain(self, text: str, *, read: bool = False, blank: str = "____") -> str:
        """The text with blanks (hints in brackets)."""
        return render.cloze_plain(text, read=read, blank=blank) if self.markdown else cloze.blanked(text, blank)

    def cloze_filled(self, text: str, *, read: bool = False) -> str:
        return render.cloze_filled_plain(text, read=read) if self.markdown else cloze.filled(text)


PLAIN = Content(Path("."), ContentSettings(markdown=False))  # text as written, for callers without a project

_memo: tuple[weakref.ref, Content] | None = None


def content_of(project) -> Content:
    """The project's Content (one per project object: it caches the images it has read)."""
    global _memo
    if _memo is not None and _memo[0]() is project:
        return _memo[1]
    settings, _ = read_settings(project.config)
    content = Content(project.root, settings)
    _memo = (weakref.ref(project), content)
    return content
