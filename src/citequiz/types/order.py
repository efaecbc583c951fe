"""order: put 3-8 items into the sequence the source gives (steps, a chronology).

The bank lists `items` in the right order; every output shows them shuffled (seeded from the
question id) and the learner restores the order. Each item must stand in the cited lines.
"""

from __future__ import annotations

import random

from ..errors import quoted
from ..model import Question
from ..normalize import normalize
from ..reader import Fields
from .base import Grounded, QuestionType

MIN_ITEMS, MAX_ITEMS = 3, 8


def parse(f: Fields) -> dict:
    prompt, items = f.text("prompt"), f.texts("items")
    if items is not None:
        if not MIN_ITEMS <= len(items) <= MAX_ITEMS:
            f.err(f.node("items"), "item-count",
                  f"an order question needs {MIN_ITEMS}-{MAX_ITEMS} items, found {len(items)}")
        seen: dict[str, int] = {}
        for number, (value, node) in enumerate(items, 1):
            key = normalize(value)
            if key in seen:
                f.err(node, "duplicate-item", f"item {quoted(value)} repeats item {seen[key]}",
                      "the items of an order question must be distinct, or their order is ambiguous")
            else:
                seen[key] = number
    return {"prompt": prompt, "items": tuple(v for v, _ in items or ())}


def grounded(q: Question):
    return [Grounded(f"item {quoted(text)}", text, q.at("items", i), "answer-not-in-source")
            for i, text in enumerate(q.items)]


TYPE = QuestionType(
    name="order",
    summary="put the items into the order the source gives; list them in that order",
    keys={"prompt": "text", "items": "list of text"},
    required=("prompt", "items"),
    parse=parse,
    grounded=grounded,
    correct=lambda q: q.items,
    hints={"items": "list the 3-8 items in the order the source gives them"},
    schema={"items": {"minItems": MIN_ITEMS, "maxItems": MAX_ITEMS}},
)


def shuffled(q: Question, salt: str = "") -> tuple[str, ...]:
    """The items in an order fixed by the question id (and `salt`), never the right one: what a
    learner is shown to put in order."""
    items = list(q.items)
    random.Random(f"citequiz-order:{q.id}:{salt}").shuffle(items)
    if tuple(items) == q.items:
        items.append(items.pop(0))
    return tuple(items)
