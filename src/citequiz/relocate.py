"""Stage 3b — where did a citation's text go after its seed was edited?

Used by `check` (the `citation-moved` finding) and by `fix` (which rewrites the `source:`).
It runs only for a question that already failed the grounding check, so a clean check never
pays for it.

A citation has *moved* when some other place in the same seed holds every grounded text the
citation is needed for (those not grounded by the question's other citations), and either
- the place has the citation's size (lines were inserted or removed above it) and the prompt's
  words stand there at least as well as at the old place (so a wrong answer that merely occurs
  elsewhere is not taken for a move) or one of the texts is a passage of several words, or
- the place is one line longer and looks like a split line: one of the texts runs across the
  line break, or the line breaks mid-sentence and the prompt's words stand there better than at
  the old place. A wrong answer that happens to stand on a neighbouring line does neither.
Anything else stays a per-answer finding: the answer is wrong, or the text was reworded.
Where several places qualify, the one where the prompt's words stand best wins, and of equals
the one nearest the old line. A question citing several places whose lines shifted by one
common offset moves those citations together (`shift_together`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from . import lines, types
from .model import Citation, Question
from .normalize import NormText, normalize, occurs

# Words too common to say anything about where a question belongs.
_STOP = frozenset(
    "about after also been before between does from have into more most much other over "
    "since than that their them then there these they this those under were what when where "
    "which while whom whose will with would your true false".split()
)


_SENTENCE_END = tuple('.?!"\')…')


@dataclass(frozen=True)
class Move:
    """A citation's text now stands at `first`-`last` of the same seed."""

    question: Question
    citation: Citation
    first: int
    last: int
    places: int  # how many separate places qualified; see `_best` for the choice
    # Every window that qualified (for `settle`), and how the choice among them was made.
    options: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    chosen_by: str = "the one the prompt fits best, nearest the old line"
    how: str | None = None  # how it was found, when not by the grounded texts (a quote selector)

    @property
    def label(self) -> str:
        c = self.citation
        return lines.label(c.seed, self.first, self.last)

    @property
    def note(self) -> str | None:
        """Why this place, when several hold the texts, or how it was found."""
        if self.how:
            return self.how
        if self.places < 2:
            return None
        return f"{self.places} places hold it; chose {self.chosen_by}"

    @property
    def lines(self) -> str:
        return lines.words(self.first, self.last)


def prompt_words(q: Question) -> list[str]:
    words = re.findall(r"\w+", normalize(types.stem(q)))
    return sorted({w for w in words if len(w) >= 4 and w not in _STOP})


def _score(words: list[str], text: str) -> int:
    return sum(occurs(w, text) for w in words)


def locate(q: Question, citations: list[Citation], norms: dict[str, NormText],
           needles: list[str], *, only: set | None = None) -> list[Move]:
    """The moves that ground `needles` again ([] if none): one citation moved, else several
    shifted together; then the question's other citations that were left supporting nothing."""
    move = find_move(q, citations, norms, needles, only=only)
    moves = [move] if move is not None else shift_together(q, citations, norms, needles, only=only)
    return moves + _dead_alongside(q, citations, norms, needles, moves)


def _dead_alongside(q: Question, citations: list[Citation], norms: dict[str, NormText],
                    needles: list[str], moves: list[Move]) -> list[Move]:
    """The question's other citations of a moved seed that now support none of its texts but
    would, shifted like their neighbour: lines were inserted above them too."""
    extra = []
    for c in citations:
        if any(m.citation is c for m in moves):
            continue
        for m in moves:
            k, norm = m.first - m.citation.first, norms[c.seed]
            if m.citation.seed != c.seed or not (1 <= c.first + k and c.last + k <= len(norm.lines)):
                continue
            if not any(occurs(n, norm.span(c.first, c.last)) for n in needles) and \
                    any(occurs(n, norm.span(c.first + k, c.last + k)) for n in needles):
                extra.append(Move(q, c, c.first + k, c.last + k, 1))
                break
    return extra


def settle(moves: list[Move]) -> list[Move]:
    """Where a move had several equally good places, prefer the one shifted by the offset most
    of the same seed's unambiguous moves share: lines inserted above move them all alike."""
    offsets: dict[str, Counter] = {}
    for m in moves:
        if len(m.options) <= 1:
            offsets.setdefault(m.citation.seed, Counter())[m.first - m.citation.first] += 1
    settled = []
    for m in moves:
        common = offsets.get(m.citation.seed)
        if len(m.options) > 1 and common:
            k = common.most_common(1)[0][0]
            c = m.citation
            if (c.first + k, c.last + k) in m.options and (c.first + k, c.last + k) != (m.first, m.last):
                m = replace(m, first=c.first + k, last=c.last + k,
                            chosen_by=f"the one shifted by {k:+d} lines like the seed's other moved citations")
            elif (m.first - c.first) == k:
                m = replace(m, chosen_by=f"the one shifted by {k:+d} lines like the seed's other moved citations")
        settled.append(m)
    return settled


def find_move(q: Question, citations: list[Citation], norms: dict[str, NormText],
              needles: list[str], *, only: set | None = None) -> Move | None:
    """The move that grounds `needles` (normalised, non-empty) again, or None.

    `citations` are the question's citations, each naming a loaded seed; `norms` maps each cited
    seed to its normalised text. `only`, if given, limits the moves to citations at those
    positions (the stale ones)."""
    spans = [norms[c.seed].span(c.first, c.last) for c in citations]
    for i, c in enumerate(citations):
        if only is not None and c.pos not in only:
            continue
        others = spans[:i] + spans[i + 1 :]
        needed = [n for n in needles if not any(occurs(n, t) for t in others)]
        if not needed:
            continue
        move = _move_one(q, c, norms[c.seed], needed)
        if move is not None:
            return move
    return None


MAX_TOGETHER = 6  # citations of one question tried as a group (2**6 subsets per offset)
LONG_PASSAGE = 5  # words
MAX_OFFSETS = 40


def shift_together(q: Question, citations: list[Citation], norms: dict[str, NormText],
                   needles: list[str], *, only: set | None = None) -> list[Move]:
    """For a question citing several places: lines inserted or removed above some of them move
    those by one common offset. The smallest set of citations whose shift by one offset grounds
    every text again, the smallest offset first; [] if there is none."""
    if not 1 < len(citations) <= MAX_TOGETHER:
        return []
    spans = [norms[c.seed].span(c.first, c.last) for c in citations]
    offsets = set()
    for needle in needles:
        if any(occurs(needle, t) for t in spans):
            continue
        for c in citations:
            offsets.update(f - c.first for f, _ in norms[c.seed].find_lines(needle)[:MAX_OFFSETS])
    offsets.discard(0)

    def grounds(moved: list[int], k: int) -> bool:
        new = list(spans)
        for i in moved:
            c, norm = citations[i], norms[citations[i].seed]
            a, b = c.first + k, c.last + k
            if a < 1 or b > len(norm.lines) or not norm.lines[a - 1] or not norm.lines[b - 1]:
                return False
            new[i] = norm.span(a, b)
        return all(any(occurs(n, t) for t in new) for n in needles)

    subsets = sorted(range(1, 2 ** len(citations)), key=lambda m: (bin(m).count("1"), m))
    for k in sorted(offsets, key=lambda k: (abs(k), k))[:MAX_OFFSETS]:
        for mask in subsets:
            moved = [i for i in range(len(citations)) if mask >> i & 1]
            if only is not None and any(c.pos in only and i not in moved for i, c in enumerate(citations)):
                continue
            if grounds(moved, k):
                both_ways = -k in offsets and grounds(moved, -k)
                return [_shifted(q, citations[i], k, both_ways) for i in moved]
    return []


def _shifted(q: Question, c: Citation, k: int, both_ways: bool) -> Move:
    """Citation `c` shifted by `k`; when -k works as well, both are options for `settle`."""
    if not both_ways:
        return Move(q, c, c.first + k, c.last + k, 1)
    return Move(q, c, c.first + k, c.last + k, 2, options=((c.first + k, c.last + k), (c.first - k, c.last - k)),
                chosen_by=f"a shift of {k:+d} lines")


def _move_one(q: Question, c: Citation, norm: NormText, needed: list[str]) -> Move | None:
    hits = [norm.find_lines(n) for n in needed]
    if not all(hits):
        return None  # some text occurs nowhere in this seed: reworded or wrong, not moved
    size = c.last - c.first + 1
    words = prompt_words(q)
    old_score = _score(words, norm.span(c.first, c.last))
    # A passage of several words found verbatim is evidence enough of a move; a short answer
    # (a year, a name) found elsewhere must also bring the prompt's words along.
    verbatim = any(len(n.split()) >= LONG_PASSAGE for n in needed)
    shifted = [
        w for w in _windows(norm, needed, hits, size)
        if w != (c.first, c.last) and (verbatim or _score(words, norm.span(*w)) >= old_score)
    ]
    if shifted:
        return _best(q, c, shifted, words, norm)
    grown = [
        w for w in _windows(norm, needed, hits, size + 1)
        if _crosses(norm, needed, w, size)
        or (_joins_mid_sentence(norm, w) and _score(words, norm.span(*w)) > old_score)
    ]
    if grown:
        return _best(q, c, grown, words, norm)
    return None


def _windows(norm: NormText, needed: list[str], hits: list[list[tuple[int, int]]],
             size: int) -> list[tuple[int, int]]:
    """Every `size`-line window holding all of `needed`, built around the rarest text's hits."""
    rarest = min(hits, key=len)
    n_lines = len(norm.lines)
    found = set()
    for f, l in rarest:
        if l - f + 1 > size:
            continue
        for a in range(max(1, l - size + 1), f + 1):
            b = a + size - 1
            if b > n_lines or not norm.lines[a - 1] or not norm.lines[b - 1]:
                continue  # a citation never starts or ends on an empty line
            text = norm.span(a, b)
            if all(occurs(n, text) for n in needed):
                found.add((a, b))
    return sorted(found)


def _crosses(norm: NormText, needed: list[str], window: tuple[int, int], size: int) -> bool:
    """Whether some text needs the whole window: no `size`-line part of it holds that text."""
    a, b = window
    parts = [norm.span(s, s + size - 1) for s in range(a, b - size + 2)]
    return any(not any(occurs(n, p) for p in parts) for n in needed)


def _joins_mid_sentence(norm: NormText, window: tuple[int, int]) -> bool:
    """Whether each line of the window but the last stops mid-sentence, as a split line does."""
    a, b = window
    return all(norm.lines[n - 1] and not norm.lines[n - 1].endswith(_SENTENCE_END) for n in range(a, b))


def _best(q: Question, c: Citation, windows: list[tuple[int, int]], words: list[str], norm: NormText) -> Move:
    """The window where the prompt's words stand best, and of those the nearest to the old place."""
    scores = {w: _score(words, norm.span(*w)) for w in windows}
    top = max(scores.values())
    best = min((w for w in windows if scores[w] == top), key=lambda w: (abs(w[0] - c.first), w[0]))
    # Overlapping windows are one place seen from several sides; count separate places.
    places, end = 0, 0
    for a, b in windows:
        if a > end:
            places += 1
        end = max(end, b)
    return Move(q, c, best[0], best[1], places, options=tuple(windows),
                chosen_by=f"the one the prompt fits best, nearest the old line {c.first}")
