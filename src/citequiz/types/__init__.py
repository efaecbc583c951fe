"""Question types as registered units: one module per type, and this registry.

A type module says which keys the type takes, how they are read (`parse`), what must stand in
the source (`grounded`), and how the question reads as text (`stem`, `correct`). Every
consumer looks a question's type up here; each output format keeps its own table of one handler
per type (see `render/`), and `tests/test_registry.py` fails for a (format, type) pair that is
neither handled nor declared unsupported with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import fields
from ..errors import quoted
from ..model import Question
from . import cloze, match, mcq, multi, order, short, tf
from .base import Grounded, QuestionType

TYPES: dict[str, QuestionType] = {t.name: t for t in (
    mcq.TYPE, multi.TYPE, tf.TYPE, short.TYPE, cloze.TYPE, match.TYPE, order.TYPE)}
NAMES = tuple(TYPES)


def get(name: str) -> QuestionType:
    return TYPES[name]


def allowed_keys(qtype: str) -> tuple[str, ...]:
    t = TYPES[qtype]
    return fields.COMMON_REQUIRED + t.required + fields.COMMON_OPTIONAL + t.optional


def required_keys(qtype: str) -> tuple[str, ...]:
    return fields.COMMON_REQUIRED + TYPES[qtype].required


def _all_keys() -> dict[str, tuple[str, ...]]:
    """Every question key -> the kinds of value it takes (a key's kind may differ by type)."""
    keys: dict[str, tuple[str, ...]] = {k: (fields.COMMON_KEYS[k],) for k in fields.COMMON_REQUIRED[:2]}
    for t in TYPES.values():
        for key, kind in t.keys.items():
            if key in fields.COMMON_KEYS:
                continue
            keys[key] = tuple(dict.fromkeys((*keys.get(key, ()), kind)))
    keys.update({k: (fields.COMMON_KEYS[k],) for k in fields.COMMON_KEYS if k not in keys})
    return keys


QUESTION_KEYS = _all_keys()


def stem(q: Question) -> str:
    """What is asked, as text: the prompt, or for a cloze its text with blanks."""
    return TYPES[q.type].stem(q)


def correct(q: Question) -> tuple[str, ...]:
    """The right answer(s) as display text, in a stable order."""
    return TYPES[q.type].correct(q)


def grounded(q: Question) -> Iterator[Grounded]:
    """Every text of the question that must stand in its cited lines: the type's, then the quote."""
    yield from TYPES[q.type].grounded(q)
    if q.quote:
        yield Grounded(f"quote {quoted(q.quote)}", q.quote, q.at("quote"), "quote-not-in-source")


__all__ = ["NAMES", "TYPES", "Grounded", "QuestionType", "allowed_keys", "correct", "get", "grounded",
           "required_keys", "stem"]
