"""Stage helper — one bank text (a prompt, a choice, an explanation...) in each output's idiom.

Every HTML flavour is a markdown-it renderer whose rules say how math, images and code are
written for that consumer (the `Flavour`); nothing else ever turns bank text into markup, and
raw HTML in a bank is text (the parser has `html` off). Plain text has two readings:

- `display`: for CSV/TSV and other text-only outputs — markup stripped, math kept as TeX
  between `$`, an image as `[image: alt]`;
- `read`: the text as a reader reads it, for grounding — `**1974**` reads "1974", a code span
  verbatim; math and images are left out (they are not grounded, see docs/content.md).

A cloze text is rendered whole, each deletion first swapped for a private-use placeholder that
Markdown leaves alone, then swapped back for the flavour's blank (or Anki's `{{c1::...}}`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from .. import cloze
from ..cloze import Deletion
from . import code as highlight
from .mathml import MathError, tex_to_mathml
from .media import MediaFile, MediaStore
from .parse import MD, is_plain, parse, walk


def escape(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class Flavour:
    """How one consumer wants markup: math as MathML or TeX, images as data URIs, package
    files or media names, code highlighted with CSS classes (whose CSS the output carries) or
    inline styles (for an LMS that strips style sheets)."""

    name: str
    math: str  # "mathml" | "tex"
    images: str  # "data-uri" | "media" (flat name, Anki) | "package" (relative path) | "pluginfile" | "alt"
    code: str  # "classes" | "inline"
    xhtml: bool = False
    escape: Callable[[str], str] = field(default=escape, compare=False)

    def with_escape(self, fn: Callable[[str], str]) -> "Flavour":
        return Flavour(self.name, self.math, self.images, self.code, self.xhtml, fn)


PAGE = Flavour("page", math="mathml", images="data-uri", code="classes")
ANKI = Flavour("anki", math="tex", images="media", code="classes")
QTI = Flavour("qti", math="mathml", images="package", code="inline", xhtml=True)
GIFT = Flavour("gift", math="tex", images="alt", code="inline")
# Moodle XML: TeX for Moodle's MathJax/TeX filters, images as files of the text that shows them.
MOODLE = Flavour("moodle", math="tex", images="pluginfile", code="inline")

_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDER_RE = re.compile("\ue000(\\d+)\ue001")


class _Renderer(RendererHTML):
    """markdown-it's HTML renderer with our rules for text, code, math and images."""

    def __init__(self, flavour: Flavour):
        super().__init__()
        self.flavour = flavour
        self.options = OptionsDict({**MD.options, "xhtmlOut": flavour.xhtml})

    def run(self, tokens: list[Token], env: dict, *, inline: bool) -> str:
        if inline:
            return self.renderInline(tokens[0].children or [], self.options, env) if tokens else ""
        if (len(tokens) == 3 and tokens[0].type == "paragraph_open" and tokens[1].type == "inline"):
            # One paragraph: no <p>, so a plain sentence renders as it always did.
            return self.renderInline(tokens[1].children or [], self.options, env)
        return self.render(tokens, self.options, env)

    def text(self, tokens, idx, options, env):
        return self.flavour.escape(tokens[idx].content)

    def code_inline(self, tokens, idx, options, env):
        return f"<code>{self.flavour.escape(tokens[idx].content)}</code>"

    def _code(self, code: str, lang: str) -> str:
        out = highlight.block(code, lang, inline_styles=self.flavour.code == "inline")
        # Pygments escapes as HTML does; a flavour that escapes more (Anki's `[` as `&#91;`, so
        # no `[sound:...]` in code plays) gets the same for the text of the block.
        bracket = self.flavour.escape("[")
        return (out.replace("[", bracket) if bracket != "[" else out) + "\n"

    def fence(self, tokens, idx, options, env):
        token = tokens[idx]
        lang = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
        return self._code(token.content, lang)

    def code_block(self, tokens, idx, options, env):
        return self._code(tokens[idx].content, "")

    def link_open(self, tokens, idx, options, env):
        token = tokens[idx]
        href = escape(token.attrGet("href") or "")
        title = token.attrGet("title")
        extra = f' title="{escape(title)}"' if title else ""
        return f'<a href="{href}"{extra} rel="noopener noreferrer">'

    def image(self, tokens, idx, options, env):
        token = tokens[idx]
        alt = display_of(token.children or [])
        src = token.attrGet("src") or ""
        store: MediaStore | None = env.get("media")
        found = store.find(src) if store is not None else None
        if found is None or self.flavour.images == "alt":
            return escape(f"[image: {alt}]")
        env.setdefault("used", {})[found.path] = found
        if self.flavour.images == "data-uri":
            url = found.data_uri()
        elif self.flavour.images == "media":
            url = found.flat_name
        elif self.flavour.images == "pluginfile":
            url = "@@PLUGINFILE@@/" + found.flat_name
        else:
            url = env.get("package_prefix", "") + found.path
        end = " />" if self.flavour.xhtml else ">"
        return f'<img src="{escape(url)}" alt="{escape(alt)}" class="cq-image"{end}'

    def _math(self, tex: str, display: bool) -> str:
        if self.flavour.math == "tex":
            if display:
                return f"\\[{self.flavour.escape(tex.strip())}\\]"
            return f"\\({self.flavour.escape(tex)}\\)"
        try:
            return tex_to_mathml(tex.strip(), display=display)
        except MathError:  # reported by `check`; a renderer called without it shows the TeX
            return f'<code class="cq-tex">{escape(tex)}</code>'

    def math_inline(self, tokens, idx, options, env):
        return self._math(tokens[idx].content, False)

    def math_inline_double(self, tokens, idx, options, env):
        return self._math(tokens[idx].content, True)

    def math_block(self, tokens, idx, options, env):
        body = self._math(tokens[idx].content, True)
        return (f'<div class="cq-math">{body}</div>\n' if self.flavour.math == "mathml"
                else f"<p>{body}</p>\n")


_RENDERERS: dict[Flavour, _Renderer] = {}


def _renderer(flavour: Flavour) -> _Renderer:
    r = _RENDERERS.get(flavour)
    if r is None or r.flavour.escape is not flavour.escape:
        r = _RENDERERS[flavour] = _Renderer(flavour)
    return r


# ---------------------------------------------------------------------------------------------
# Plain text


def _plain(tokens: list[Token], *, read: bool) -> str:
    out: list[str] = []
    for t in tokens:
        kind = t.type
        if kind == "inline":
            out.append(_plain(t.children or [], read=read))
        elif kind in ("text", "code_inline"):
            out.append(t.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "image":
            out.append(" " if read else f"[image: {display_of(t.children or [])}]")
        elif kind in ("math_inline", "math_inline_double", "math_block"):
            if read:
                out.append(" " if kind != "math_block" else "\n\n")
            else:
                fence = "$" if kind == "math_inline" else "$$"
                out.append(f"{fence}{t.content.strip()}{fence}" + ("\n\n" if kind == "math_block" else ""))
        elif kind in ("fence", "code_block"):
            out.append(t.content.rstrip("\n") + "\n\n")
        elif kind == "list_item_open":
            out.append(f"{t.info}{t.markup} " if t.info else "- ")
        elif kind == "list_item_close":
            out.append("\n")
        elif kind in ("paragraph_close", "heading_close"):
            out.append("" if t.hidden else "\n\n")
        elif kind in ("td_close", "th_close"):
            out.append(" | ")
        elif kind in ("tr_close", "hr"):
            out.append("\n")
    return "".join(out)


def display_of(tokens: list[Token]) -> str:
    text = _plain(tokens, read=False)
    return re.sub(r"[ \t]*\|[ \t]*\n", "\n", re.sub(r"\n{3,}", "\n\n", text)).strip()


def plain(text: str, *, inline: bool = False, read: bool = False) -> str:
    """The text without markup: `display` (math as TeX, images as "[image: alt]") or, with
    `read`, as read for grounding (math and images left out)."""
    if is_plain(text, inline=inline):
        return text
    tokens = parse(text, inline=inline)
    if read:
        return re.sub(r"\n{3,}", "\n\n", _plain(tokens, read=True)).strip()
    return display_of(tokens)


def needs_html(text: str, *, inline: bool = False) -> bool:
    """Whether the text has markup beyond words (emphasis, code, math, an image, a list...):
    without any, every output writes it as plain text, exactly as before Markdown."""
    if is_plain(text, inline=inline):
        return False
    tokens = parse(text, inline=inline)
    if not inline:
        if not (len(tokens) == 3 and tokens[0].type == "paragraph_open"):
            return True
        tokens = [tokens[1]]
    return any(c.type not in ("text", "softbreak") for c in tokens[0].children or [])


def to_html(text: str, flavour: Flavour, *, inline: bool = False, media: MediaStore | None = None,
            used: dict[str, MediaFile] | None = None, package_prefix: str = "") -> str:
    """The text as an HTML fragment for `flavour`. Images found are added to `used`."""
    if is_plain(text, inline=inline):
        return flavour.escape(text)
    env: dict = {"media": media, "package_prefix": package_prefix}
    out = _renderer(flavour).run(parse(text, inline=inline), env, inline=inline)
    if used is not None:
        used.update(env.get("used", {}))
    return out


# ---------------------------------------------------------------------------------------------
# Cloze


def _masked(text: str) -> tuple[str, list[Deletion]]:
    """The text with deletion k as placeholder k, and the deletions."""
    found: list[Deletion] = []
    out = []
    for piece in cloze.segments(text):
        if isinstance(piece, str):
            out.append(piece)
        else:
            out.append(_PLACEHOLDER.format(len(found)))
            found.append(piece)
    return "".join(out), found


Blank = Callable[[int, Deletion, str, "str | None"], str]


def cloze_html(text: str, flavour: Flavour, blank: Blank, *, media: MediaStore | None = None,
               used: dict[str, MediaFile] | None = None, package_prefix: str = "") -> str:
    """A cloze text rendered for `flavour`, each deletion written by
    `blank(k, deletion, answer_html, hint_html)` (k counts deletions in reading order)."""
    masked, found = _masked(text)
    kw = {"media": media, "used": used, "package_prefix": package_prefix}
    body = to_html(masked, flavour, **kw)

    def fill(m: re.Match[str]) -> str:
        d = found[int(m.group(1))]
        hint = to_html(d.hint, flavour, inline=True, **kw) if d.hint else None
        return blank(int(m.group(1)), d, to_html(d.answer, flavour, inline=True, **kw), hint)

    return _PLACEHOLDER_RE.sub(fill, body)


def cloze_segments(text: str) -> list:
    """A cloze text as plain strings (as displayed) alternating with its deletions."""
    masked, found = _masked(text)
    pieces = _PLACEHOLDER_RE.split(plain(masked))
    return [found[int(p)] if k % 2 else p for k, p in enumerate(pieces)]


def cloze_plain(text: str, *, read: bool = False, blank: str = "____") -> str:
    """A cloze text as plain text with blanks (hints in brackets)."""
    masked, found = _masked(text)

    def fill(m: re.Match[str]) -> str:
        d = found[int(m.group(1))]
        return f"{blank} [{plain(d.hint, inline=True)}]" if d.hint else blank

    return _PLACEHOLDER_RE.sub(fill, plain(masked, read=read))


def cloze_filled_plain(text: str, *, read: bool = False) -> str:
    masked, found = _masked(text)
    return _PLACEHOLDER_RE.sub(lambda m: plain(found[int(m.group(1))].answer, inline=True, read=read),
                               plain(masked, read=read))


def placeholders_in_math(text: str) -> bool:
    """A deletion written inside `$...$`: Markdown cannot blank it."""
    masked, found = _masked(text)
    if not found or "$" not in masked:
        return False
    return any(t.type.startswith("math_") and "\ue000" in t.content for t in walk(parse(masked)))
