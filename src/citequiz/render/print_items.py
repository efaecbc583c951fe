"""The print format's per-type handlers: how each question type stands on a form and in its key.

`arrange` places one question on one form (its choices in a seeded order, the correct letter
spread evenly); `answer` writes its line in the answer key, in that form's own letters; `kind`
is the instruction under its prompt. `print.html.j2` draws each type's body.
"""

from __future__ import annotations

import hashlib
import string
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from .. import types
from ..model import Question

LETTERS = string.ascii_uppercase


def sort_key(*parts: object) -> str:
    """A stable sort key from stable text (never the clock or Python's `hash`)."""
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Item:
    """A question as it stands on one form."""

    number: int
    question: Question
    choices: tuple[str, ...] = ()  # mcq, multi, order: display order
    correct_positions: tuple[int, ...] = ()  # mcq, multi: indexes into `choices`; order: each one's place
    lefts: tuple[str, ...] = ()  # match: numbered items, display order
    rights: tuple[str, ...] = ()  # match: lettered items, display order
    match_key: tuple[int, ...] = ()  # match: for each left, the index of its right


def _mcq(number: int, q: Question, *, salt: tuple, counts: Counter, earlier: dict[str, list[int]]) -> Item:
    """The correct choice goes to the position least used so far on this form (and where it can,
    another than on earlier forms), so the answer letters are spread evenly. A question with
    `shuffle: false` keeps the bank's order (a scale) on every form."""
    if not q.shuffle:
        position = q.choices.index(q.answer)
        counts[position] += 1
        return Item(number, q, q.choices, (position,))
    k = len(q.choices)
    before = earlier.setdefault(q.id, [])
    position = min(range(k), key=lambda p: (counts[p], p in before, sort_key(*salt, "pos", p)))
    counts[position] += 1
    before.append(position)
    others = sorted((c for c in q.choices if c != q.answer), key=lambda c: sort_key(*salt, "choice", c))
    choices = others[:position] + [str(q.answer)] + others[position:]
    return Item(number, q, tuple(choices), (position,))


def _multi(number: int, q: Question, *, salt: tuple, **_) -> Item:
    choices = sorted(q.choices, key=lambda c: sort_key(*salt, "choice", c)) if q.shuffle else q.choices
    return Item(number, q, tuple(choices), tuple(i for i, c in enumerate(choices) if c in q.answers))


def _match(number: int, q: Question, *, salt: tuple, **_) -> Item:
    lefts = sorted(q.pairs, key=lambda p: sort_key(*salt, "left", p.left))
    for s in range(50):
        rights = sorted(q.pairs, key=lambda p: sort_key(*salt, "right", s, p.right))
        if rights != lefts:  # never letter A for 1, B for 2, C for 3, ...
            break
    return Item(number, q, lefts=tuple(p.left for p in lefts), rights=tuple(p.right for p in rights),
                match_key=tuple(rights.index(p) for p in lefts))


def _order(number: int, q: Question, *, salt: tuple, **_) -> Item:
    """The items lettered in a seeded order (never the right one); the learner numbers them."""
    for s in range(50):
        shown = sorted(q.items, key=lambda item: sort_key(*salt, "item", s, item))
        if tuple(shown) != q.items:
            break
    return Item(number, q, tuple(shown), tuple(q.items.index(item) for item in shown))


def _plain(number: int, q: Question, **_) -> Item:
    return Item(number, q)


def _choice_answer(item: Item) -> str:
    return "; ".join(f"{LETTERS[p]} ({item.choices[p]})" for p in item.correct_positions)


def _short_answer(item: Item) -> str:
    q = item.question
    also = f" (also accept: {'; '.join(q.accept)})" if q.accept else ""
    return f"{q.answer}{also}"


class PrintType(NamedTuple):
    kind: str  # the instruction under the prompt
    arrange: Callable[..., Item]
    answer: Callable[[Item], str]  # the answer key's line


# One handler per question type.
HANDLERS: dict[str, PrintType] = {
    "mcq": PrintType("Circle one.", _mcq, _choice_answer),
    "multi": PrintType("Select all that apply.", _multi, _choice_answer),
    "tf": PrintType("True or false?", _plain, lambda item: types.correct(item.question)[0]),
    "short": PrintType("", _plain, _short_answer),
    "cloze": PrintType("Fill in each blank.", _plain,
                       lambda item: "  ".join(f"({n}) {d.answer}" for n, d in enumerate(item.question.deletions, 1))),
    "match": PrintType("Write the letter of the matching item on each line.", _match,
                       lambda item: "  ".join(f"{n}–{LETTERS[r]}" for n, r in enumerate(item.match_key, 1))),
    "order": PrintType("Number the items in order: 1 for the first.", _order,
                       lambda item: "  ".join(f"{LETTERS[i]}–{p + 1}" for i, p in enumerate(item.correct_positions))),
}
UNSUPPORTED: dict[str, str] = {}
