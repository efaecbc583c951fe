"""Stage helper — the one Markdown parser: CommonMark through markdown-it-py, plus `$` math.

Raw HTML is off (`<b>` stays text), links go only to http(s) and relative targets, and math is
`$...$` inline and `$$...$$` display. A `$` next to a digit or a space does not open or close
math, so "$5 and $10" stays money (Pandoc's rule; the plugin's `allow_digits`/`allow_space`).
Typographer and linkify are off: text reads as written.

Parsing is the costly part of rendering a field: most fields are plain sentences, so a text with
none of Markdown's special characters skips the parser (`is_plain`), and parses are cached.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

# What may make a text more than plain words to CommonMark: an inline special character,
# an entity, a line break, or a line that starts a block (list, heading, quote, code, rule).
_SPECIAL = re.compile(r"[\\`*_\[\]!<>&$~|#\n\r]|^\s*(?:[-+]|\d{1,9}[.)])(?:\s|$)")
_SPECIAL_INLINE = re.compile(r"[\\`*_\[\]!<>&$~\n\r]")


_CHARS = re.compile(r"[\\`*_\[\]!<>&$~|#\n\r]")
_MAY_START_BLOCK = frozenset(" \t\f\v-+0123456789")  # a list item, or whitespace to strip


def all_plain(texts) -> bool:
    """True if every text is plain words (see is_plain; block syntax counts even in an inline
    text, which only errs on the side of "not plain"). One character scan over all of them, and
    the full test only for a text that starts like a list or with a space: at 10k questions,
    this is what a question without Markdown costs."""
    texts = tuple(texts)
    for t in texts:
        if (t[:1] in _MAY_START_BLOCK or t[-1:].isspace()) and not is_plain(t):
            return False
    return not _CHARS.search("\0".join(texts))


def is_plain(text: str, *, inline: bool = False) -> bool:
    """True if Markdown would read `text` as exactly these words (one paragraph of them)."""
    return not (_SPECIAL_INLINE if inline else _SPECIAL).search(text) and text == text.strip()


def link_allowed(url: str) -> bool:
    """http(s) and relative targets only: no javascript:, data:, file:, mailto:, ... A scheme
    hidden by control characters or entities ("java&#x09;script:") is decoded before this."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    scheme = urlsplit(cleaned).scheme.lower() if ":" in cleaned.split("/", 1)[0] else ""
    return scheme in ("", "http", "https")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    md.use(dollarmath_plugin, allow_labels=False, allow_space=False, allow_digits=False,
           allow_blank_lines=False, double_inline=True)
    md.validateLink = link_allowed
    return md


MD = _parser()


@lru_cache(maxsize=4096)
def _parse(text: str, inline: bool) -> tuple[Token, ...]:
    return tuple(MD.parseInline(text) if inline else MD.parse(text))


def parse(text: str, *, inline: bool = False) -> list[Token]:
    """The tokens of `text`: blocks (paragraphs, lists, code, display math, tables), or for an
    inline field (a choice, a match side) one `inline` token, so "1974." stays text and never
    becomes a numbered list. A fresh list; the tokens themselves are shared, never change them."""
    return list(_parse(text, inline))


def walk(tokens) -> "list[Token]":
    """Every token in document order, inline children included."""
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.children:
            out.extend(walk(token.children))
    return out


def tokens_of(text: str, *, inline: bool = False) -> list[Token]:
    """Every token of a text, flat (empty for plain text)."""
    if is_plain(text, inline=inline):
        return []
    return walk(parse(text, inline=inline))


def refused_links(text: str) -> list[str]:
    """Link targets Markdown left as text because their scheme is not allowed."""
    if is_plain(text) or "](" not in text:
        return []
    found = []
    for m in re.finditer(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)", text):
        if not link_allowed(m.group(1)):
            found.append(m.group(1))
    return found
