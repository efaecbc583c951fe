"""Text normalisation and the word-boundary matcher used by the grounding check.

Matching is done after normalisation only: Unicode NFKC, curly quotes and apostrophes to
straight ones, every dash to "-", whitespace collapsed, case folded. A match must start and end
on word boundaries, so "1974" does not match inside "19745". The quiz page's JavaScript mirrors
`normalize` (render/quiz), so a typed answer is judged as the checker judges it.
"""

from __future__ import annotations

import bisect
import functools
import heapq
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
_SPECIAL = re.compile("[" + "".join(chr(c) for c in _QUOTES) + "]|" + _DASHES.pattern)
# The quote table and the dash class in one table, for a single translate() pass.
_STRAIGHTEN = {**_QUOTES, **{c: "-" for c in map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")}}
assert all(_DASHES.match(chr(c)) for c, v in _STRAIGHTEN.items() if v == "-")


def normalize(text: str) -> str:
    if text.isascii():
        # The fast path for most text: NFKC, the quote table and the dash class change no ASCII
        # character, and ASCII case folding is lower(). str.split() and `\s` agree on whitespace.
        return " ".join(text.split()).lower()
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    # = .translate(_QUOTES), then _DASHES to "-"; replacing just the few characters present is
    # several times faster than translate(), which looks up every character of the text.
    for char in set(_SPECIAL.findall(text)):
        text = text.replace(char, _STRAIGHTEN[ord(char)])
    return " ".join(text.split()).casefold()  # = _SPACE.sub(" ", text).strip(), faster


def _is_word(char: str) -> bool:
    """What `\\w` matches in a str pattern: alphanumerics (str.isalnum) and the underscore."""
    return char.isalnum() or char == "_"


@functools.lru_cache(maxsize=1024)
def _pattern(needle: str) -> re.Pattern[str]:
    """A regex for `needle` (already normalised) that only matches on word boundaries."""
    head = r"(?<!\w)" if needle[:1].isalnum() or needle[:1] == "_" else ""
    tail = r"(?!\w)" if needle[-1:].isalnum() or needle[-1:] == "_" else ""
    return re.compile(head + re.escape(needle) + tail)


def occurs(needle: str, haystack: str) -> bool:
    """Whether `needle` occurs in `haystack` on word boundaries, both already normalised."""
    if not needle:
        return False
    # Plain substring search, then a look at the character on each side: the same answer as
    # `_pattern(needle).search(haystack)`, without compiling a regex for every answer checked.
    head, tail = _is_word(needle[0]), _is_word(needle[-1])
    size, end_of_text = len(needle), len(haystack)
    start = haystack.find(needle)
    while start != -1:
        end = start + size
        if (not head or start == 0 or not _is_word(haystack[start - 1])) and (
            not tail or end == end_of_text or not _is_word(haystack[end])
        ):
            return True
        start = haystack.find(needle, start + 1)
    return False


class _Lines(Sequence[str]):
    """A seed's lines, each normalised on first use (by index, slice or iteration)."""

    def __init__(self, raw: Sequence[str]):
        self._raw = raw
        self._done: list[str | None] = [None] * len(raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._raw)))]
        done = self._done[index]
        if done is None:
            done = self._done[index] = normalize(self._raw[index])
        return done


NEAREST_LINES = 256
NEAREST_WINDOWS = 4096


class NormText:
    """A seed's lines with the means to search them by line range.

    Lines are normalised on first use: checking a question normalises its cited lines only, and
    the whole seed is normalised only when it is searched (`find_lines`, to say where a missing
    answer does occur)."""

    def __init__(self, lines: Sequence[str]):
        self.lines: Sequence[str] = _Lines(lines)
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

    @property
    def joined(self) -> str:
        """Every line, normalised, joined by one space (empty lines too, so offsets map to lines)."""
        return self._index()

    def line_at(self, offset: int) -> int:
        """The 1-based line that character `offset` of `joined` stands on."""
        self._index()
        return bisect.bisect_right(self._starts, offset)

    def find_offsets(self, needle: str) -> list[tuple[int, int]]:
        """Every (start, end) of `needle` in `joined`, on word boundaries, in order."""
        joined = self._index()
        if not needle or needle not in joined:
            return []
        pattern, found, at = _pattern(needle), [], joined.find(needle)
        while at >= 0:
            m = pattern.match(joined, at)
            if m is not None:
                found.append((m.start(), m.end()))
            at = joined.find(needle, at + 1)
        return found

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
        """The closest fuzzy match to `needle` in lines first..last: (ratio, line, window text).

        Over a long range only the NEAREST_LINES lines sharing the most three-letter pieces with
        the needle are compared, and in a line at most NEAREST_WINDOWS windows: a fuzzy match
        per window of a whole large seed took minutes. The answer is a hint, never a verdict."""
        best = (0.0, first, "")
        nwords = max(1, len(needle.split(" ")))
        numbers = range(first, last + 1)
        if len(numbers) > NEAREST_LINES:
            grams = {needle[i:i + 3] for i in range(max(1, len(needle) - 2))}
            scored = ((sum(g in line for g in grams), n) for n in numbers if (line := self.lines[n - 1]))
            numbers = sorted(n for _, n in heapq.nlargest(NEAREST_LINES, scored, key=lambda s: (s[0], -s[1])))
        for n in numbers:
            line = self.lines[n - 1]
            if not line:
                continue
            words = line.split(" ")
            for i in range(min(NEAREST_WINDOWS, max(1, len(words) - nwords + 1))):
                window = " ".join(words[i : i + nwords])
                matcher = SequenceMatcher(None, needle, window, autojunk=False)
                if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
                    continue
                ratio = matcher.ratio()
                if ratio > best[0]:
                    best = (ratio, n, window)
        return best
