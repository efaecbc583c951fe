"""Text normalisation and the word-boundary matcher used by the grounding check.

Matching is done after normalisation only: Unicode NFKC, curly quotes and apostrophes to
straight ones, every dash to "-", whitespace collapsed, case folded. A match must start and end
on word boundaries, so "1974" does not match inside "19745". The quiz page's JavaScript mirrors
`normalize` (render/quiz), so a typed answer is judged as the checker judges it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
    }
)
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign.
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_QUOTES)
    text = _DASHES.sub("-", text)
    text = _SPACE.sub(" ", text).strip()
    return text.casefold()


def _pattern(needle: str) -> re.Pattern[str]:
    """A regex for `needle` (already normalised) that only matches on word boundaries."""
    head = r"(?<!\w)" if needle[:1].isalnum() or needle[:1] == "_" else ""
    tail = r"(?!\w)" if needle[-1:].isalnum() or needle[-1:] == "_" else ""
    return re.compile(head + re.escape(needle) + tail)


def occurs(needle: str, haystack: str) -> bool:
    """Whether `needle` occurs in `haystack` on word boundaries, both already normalised."""
    if not needle:
        return False
    if needle not in haystack:  # cheap test first; the regex only confirms boundaries
        return False
    return _pattern(needle).search(haystack) is not None


class NormText:
    """A seed's lines, normalised once, with the means to search them by line range."""

    def __init__(self, lines: Sequence[str]):
        self.lines = [normalize(line) for line in lines]
        self._joined: str | None = None
        self._starts: list[int] = []

    def span(self, first: int, last: int) -> str:
        """Lines first..last (1-based, inclusive) joined by one space, empty lines dropped."""
        return " ".join(line for line in self.lines[first - 1 : last] if line)

    def _index(self) -> str:
        if self._joined is None:
            parts, pos = [], 0
            self._starts = []
            for line in self.lines:
                self._starts.append(pos)
                parts.append(line)
                pos += len(line) + 1
            self._joined = " ".join(parts)
        return self._joined

    def find_lines(self, needle: str) -> list[tuple[int, int]]:
        """Every (first, last) line range where `needle` occurs, in order of appearance."""
        joined = self._index()
        if not needle or needle not in joined:
            return []
        found = []
        pattern = _pattern(needle)
        # str.find jumps to each candidate (a regex that opens with a lookbehind would try every
        # position of the seed); the pattern then only confirms the word boundaries there.
        at = joined.find(needle)
        while at >= 0:
            m = pattern.match(joined, at)
            if m is None:
                at = joined.find(needle, at + 1)
                continue
            first = bisect.bisect_right(self._starts, m.start())
            last = bisect.bisect_right(self._starts, max(m.end() - 1, m.start()))
            found.append((first, last))
            at = joined.find(needle, max(m.end(), at + 1))
        return found

    def nearest(self, needle: str, first: int, last: int) -> tuple[float, int, str]:
        """The closest fuzzy match to `needle` in lines first..last: (ratio, line, window text)."""
        best = (0.0, first, "")
        nwords = max(1, len(needle.split(" ")))
        for n in range(first, last + 1):
            line = self.lines[n - 1]
            if not line:
                continue
            words = line.split(" ")
            for i in range(max(1, len(words) - nwords + 1)):
                window = " ".join(words[i : i + nwords])
                matcher = SequenceMatcher(None, needle, window, autojunk=False)
                if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
                    continue
                ratio = matcher.ratio()
                if ratio > best[0]:
                    best = (ratio, n, window)
        return best
