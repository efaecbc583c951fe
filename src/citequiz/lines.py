"""Text helper: a line range as every output and message writes it, in one place.

`span(3, 3)` is "3" and `span(3, 5)` "3-5"; `label` gives "seed.txt:3-5" (the form written in a
bank); `words` "line 3" or "lines 3-5"; `anchor` the source reader's fragment "L3" or "L3-L5".
Messages use the hyphen; pages and cards pass `dash="–"`.
"""

from __future__ import annotations


def span(first: int, last: int, *, dash: str = "-") -> str:
    return str(first) if first == last else f"{first}{dash}{last}"


def label(seed: str, first: int, last: int) -> str:
    return f"{seed}:{span(first, last)}"


def words(first: int, last: int, *, dash: str = "-") -> str:
    return f"line {first}" if first == last else f"lines {first}{dash}{last}"


def anchor(first: int, last: int) -> str:
    return f"L{first}" if first == last else f"L{first}-L{last}"
