"""Stage 3b — where does a citation's quote selector point? Exact, then fuzzy.

A citation may carry a quote selector (`exact`, with optional `prefix` and `suffix`, as the
W3C Web Annotation TextQuoteSelector). The loader places a citation written without line numbers
by it; `check` and `fix` re-anchor a citation whose lines no longer hold its selector's text, as
Hypothesis re-anchors annotations: first the exact text (the prefix and suffix telling repeated
passages apart, then the place nearest the old lines), else the most similar passage, by
difflib's ratio over word windows, accepted from `FUZZY_MIN` similarity.
All texts are compared normalised (`normalize`), as the grounding check compares them.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from .model import Selector
from .normalize import NormText, normalize

FUZZY_MIN = 0.75
CONTEXT = 0.15  # how much the prefix and suffix weigh against the exact text in a fuzzy match


@dataclass(frozen=True)
class Place:
    first: int
    last: int
    similarity: float  # 1.0 for the exact text
    places: int = 1  # how many places hold it equally well
    text: str = ""  # the text found (normalised)

    @property
    def exact(self) -> bool:
        return self.similarity >= 1.0


def holds(norm: NormText, selector: Selector, first: int, last: int) -> bool:
    """Whether lines first..last hold the selector's exact text."""
    needle = normalize(selector.exact)
    return any(norm.line_at(s) >= first and norm.line_at(max(s, e - 1)) <= last for s, e in norm.find_offsets(needle))


def locate_exact(norm: NormText, selector: Selector, near: int | None = None) -> Place | None:
    """The place of the exact text: of several, those whose prefix and suffix match best, then
    the nearest to line `near`."""
    needle = normalize(selector.exact)
    hits = norm.find_offsets(needle)
    if not hits:
        return None
    joined = norm.joined
    prefix, suffix = normalize(selector.prefix), normalize(selector.suffix)

    def context(hit: tuple[int, int]) -> int:
        start, end = hit
        before = joined[:start].rstrip()
        after = joined[end:].lstrip()
        return (bool(prefix) and before.endswith(prefix)) + (bool(suffix) and after.startswith(suffix))

    best = max(context(h) for h in hits)
    top = [h for h in hits if context(h) == best]
    start, end = min(top, key=lambda h: (abs(norm.line_at(h[0]) - near) if near else 0, h[0]))
    return Place(norm.line_at(start), norm.line_at(max(start, end - 1)), 1.0, len(top), joined[start:end])


def locate_fuzzy(norm: NormText, selector: Selector, near: int | None = None) -> Place | None:
    """The passage most similar to the exact text (its prefix and suffix counting a little),
    if it is at least `FUZZY_MIN` similar."""
    needle = normalize(selector.exact)
    if not needle:
        return None
    joined = norm.joined
    words, starts, at = joined.split(" "), [], 0
    for w in words:
        starts.append(at)
        at += len(w) + 1
    size = len(needle.split(" "))
    prefix, suffix = normalize(selector.prefix), normalize(selector.suffix)
    best: tuple[float, float, int, int, int] | None = None  # score, ratio, first word, last word, distance
    for width in {max(1, size - 1), size, size + 1}:
        for i in range(0, max(1, len(words) - width + 1)):
            window = " ".join(words[i : i + width])
            if not window.strip():
                continue
            matcher = SequenceMatcher(None, needle, window, autojunk=False)
            if matcher.real_quick_ratio() < FUZZY_MIN or matcher.quick_ratio() < FUZZY_MIN:
                continue
            ratio = matcher.ratio()
            if ratio < FUZZY_MIN:
                continue
            score = ratio
            if prefix:
                before = " ".join(words[max(0, i - len(prefix.split(" "))) : i])
                score += CONTEXT * SequenceMatcher(None, prefix, before, autojunk=False).ratio()
            if suffix:
                after = " ".join(words[i + width : i + width + len(suffix.split(" "))])
                score += CONTEXT * SequenceMatcher(None, suffix, after, autojunk=False).ratio()
            distance = abs(norm.line_at(starts[i]) - near) if near else 0
            key = (score, -distance)
            if best is None or key > (best[0], -best[4]):
                best = (score, ratio, i, i + width - 1, distance)
    if best is None:
        return None
    _, ratio, a, b, _ = best
    start, end = starts[a], starts[b] + len(words[b])
    return Place(norm.line_at(start), norm.line_at(max(start, end - 1)), ratio, 1, joined[start:end])


def locate(norm: NormText, selector: Selector, near: int | None = None) -> Place | None:
    return locate_exact(norm, selector, near) or locate_fuzzy(norm, selector, near)
