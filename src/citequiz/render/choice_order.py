"""Stage 4 helper — the order in which fixed-order outputs show a question's choices.

A test-wise learner who always picks the first option must score chance, so no output shows
choices in the bank's order (authors usually write the key first) unless the question says
`shuffle: false` (a scale, or options like "both" / "neither" that read in one order only).
Outputs that cannot shuffle per learner (the CSV and TSV fronts, GIFT, QTI, the Anki deck) draw
one order from the question ids of the bank: the same on every build and machine (`random.Random`
seeded with a str hashes it with SHA-512, independent of PYTHONHASHSEED), with each mcq key placed
so that over the bank it stands first, last or in between about equally often. The quiz page draws its own order
per learner; the printed forms place each key themselves (`forms`).
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from ..model import Pair, Question


def _h(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


def shuffled(q: Question) -> list[int]:
    """Indexes into `q.choices` shuffled by the question id alone."""
    order = list(range(len(q.choices)))
    random.Random(f"citequiz-choices:{q.id}").shuffle(order)
    return order


def _slot(p: int, n: int) -> tuple:
    return ("first",) if p == 0 else ("last",) if p == n - 1 else ("middle", p)


def bank_orders(questions: Sequence[Question]) -> dict[str, list[int]]:
    """The choice order of every mcq and multi of one bank, by id.

    A shuffle per question leaves the key's position to chance, and over the 7-15 mcq of a bank
    chance is lumpy (the key last in 6 of 13). So, as on the printed forms, an mcq's key is
    *placed*: walking the bank in order, it goes to the slot (first, last, or a middle position)
    used least so far, ties broken by a hash of the id; the distractors keep the id's shuffle.
    A multi keeps the id's shuffle; `shuffle: false` keeps the bank's order."""
    counts: Counter[tuple] = Counter()
    out: dict[str, list[int]] = {}
    for q in questions:
        if q.type not in ("mcq", "multi"):
            continue
        if not q.shuffle:
            out[q.id] = list(range(len(q.choices)))
            continue
        order = shuffled(q)
        if q.type == "mcq" and q.answer in q.choices:
            n, key = len(q.choices), q.choices.index(q.answer)
            pos = min(range(n), key=lambda p: (counts[_slot(p, n)], _h(q.id, "slot", p)))
            counts[_slot(pos, n)] += 1
            others = [i for i in order if i != key]
            order = others[:pos] + [key] + others[pos:]
        out[q.id] = order
    return out


_CACHE: dict[int, tuple[Sequence[Question], dict[str, tuple[Question, list[int]]]]] = {}
# The bank being rendered. A format's per-type handlers see one question at a time; the order of
# one question depends on the bank's other questions (see `bank_orders`), so the function that
# renders a bank says which bank it is, once, with `with choice_order.bank(bank.questions):`.
_CURRENT: ContextVar[Sequence[Question]] = ContextVar("citequiz_bank_questions", default=())


@contextmanager
def bank(questions: Sequence[Question]) -> Iterator[None]:
    token = _CURRENT.set(questions)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def _orders(within: Sequence[Question]) -> dict[str, tuple[Question, list[int]]]:
    hit = _CACHE.get(id(within))
    if hit is None or hit[0] is not within:
        if len(_CACHE) > 64:
            _CACHE.clear()
        by_id = {q.id: q for q in within}
        hit = _CACHE[id(within)] = (within, {i: (by_id[i], o) for i, o in bank_orders(within).items()})
    return hit[1]


def choice_order(q: Question, within: Sequence[Question] | None = None) -> list[int]:
    """Indexes into `q.choices` in the order to show them. `within`: the bank's questions (by
    default the bank being rendered); a question not among them is ordered on its own."""
    found = _orders(_CURRENT.get() if within is None else within).get(q.id)
    if found is not None and found[0] is q:
        return found[1]
    return bank_orders((q,)).get(q.id) or list(range(len(q.choices)))


def ordered_choices(q: Question, within: Sequence[Question] | None = None) -> list[str]:
    """`q.choices` in the order to show them (see `choice_order`)."""
    return [q.choices[i] for i in choice_order(q, within)]


def right_order(q: Question) -> list[Pair]:
    """A match question's pairs in the order to list their right-hand items: shuffled, and never
    aligned with the left-hand items (that would give every pair away)."""
    pairs = list(q.pairs)
    for salt in range(50):
        order = list(pairs)
        random.Random(f"citequiz-match:{q.id}:{salt}").shuffle(order)
        if order != pairs or len(pairs) < 2:
            return order
    return pairs[1:] + pairs[:1]  # pragma: no cover - 50 identity shuffles of 3+ items
