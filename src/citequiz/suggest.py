"""Text helper: "did you mean ...?" for every mistyped name (keys, types, seeds, choices)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, options: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The option most like `word`, or None when none is close enough."""
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(word: str, options: Iterable[str], *, allowed: str = "allowed here") -> str:
    """A hint for a mistyped key or name: the closest option, or else every option."""
    options = list(options)
    near = closest(word, options)
    if near is not None:
        return f"did you mean `{near}`?"
    return f"{allowed}: " + ", ".join(f"`{k}`" for k in options)
