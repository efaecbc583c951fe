"""The plain-text seed reader (`.txt`, and any file no other reader claims).

Units: a block of consecutive non-blank lines is one paragraph when it is hard-wrapped, as in
the GPL or most `.txt` files: no line but the last is longer than `WRAP_WIDTH`, and at least half
of its line breaks fall mid-sentence after a line of `MIN_WRAPPED` characters or more. Otherwise
each line is its own paragraph, as in a text saved with one paragraph per line (the seeds
`citequiz import` writes), where a short title line above a paragraph is no wrap.
"""

from __future__ import annotations

from ..model import Unit
from .base import SENTENCE_END, Parsed, is_sentence

KIND = "text"
EXTENSIONS = (".txt", ".text")
WRAP_WIDTH = 100
MIN_WRAPPED = 40


def parse(lines: tuple[str, ...]):
    return Parsed(plain_lines=(), find_units=units)


def units(lines: tuple[str, ...]) -> tuple[Unit, ...]:
    found: list[Unit] = []
    n = 0
    while n < len(lines):
        if not lines[n].strip():
            n += 1
            continue
        start = n
        while n < len(lines) and lines[n].strip():
            n += 1
        block = [line.strip() for line in lines[start:n]]
        breaks = block[:-1]
        mid_sentence = sum(len(line) >= MIN_WRAPPED and not line.endswith(SENTENCE_END) for line in breaks)
        wrapped = bool(breaks) and all(len(line) <= WRAP_WIDTH for line in breaks) and 2 * mid_sentence >= len(breaks)
        if wrapped:
            found.append(Unit(start + 1, n, "paragraph", is_sentence(" ".join(block))))
        else:
            found.extend(Unit(i, i, "paragraph", is_sentence(line)) for i, line in enumerate(block, start + 1))
    return tuple(found)
