"""What a converter returns, and the clean-up every converter's text goes through."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


class ImportProblem(Exception):
    """A document `citequiz import` cannot convert: a rule name, a message and a hint."""

    def __init__(self, rule: str, message: str, hint: str | None = None):
        super().__init__(message)
        self.rule, self.message, self.hint = rule, message, hint


@dataclass(frozen=True)
class Paragraph:
    text: str  # one paragraph, reflowed: no line breaks, single spaces
    page: int | None = None  # the page it starts on (PDF)
    headings: tuple[str, ...] = ()  # the headings above it, outermost first (HTML, DOCX, EPUB)
    heading: bool = False  # the paragraph is itself a heading


@dataclass
class Document:
    format: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    title: str | None = None
    author: str | None = None


# A hyphen at a line's end before a lowercase letter joins a word broken across lines
# ("inter-\nnational"); before a capital or a digit it is kept ("Jackson-\nVanik", "COVID-\n19").
_LINE_END_HYPHEN = re.compile(r"(?<=\w)([-\u2010\u00ad])[ \t]*\n\s*(?=(\w))")


def _join(m: re.Match[str]) -> str:
    if m.group(1) == "\u00ad" or m.group(2).islower():
        return ""
    return m.group(1)
# Latin ligatures a PDF font draws as one glyph (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ): the letters they stand for.
_LIGATURES = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")


def reflow(text: str) -> str:
    """A paragraph's text as one line: words broken across lines joined, soft hyphens and
    control characters dropped, ligatures spelled out, every run of whitespace one space."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_END_HYPHEN.sub(_join, text)
    text = text.replace("\u00ad", "").translate(_LIGATURES)
    text = _CONTROL.sub("", text)
    return " ".join(text.split())


def words(paragraphs: list[Paragraph]) -> int:
    return sum(len(p.text.split()) for p in paragraphs if not p.heading)
