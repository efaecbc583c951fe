"""tf: true or false, decided by a quoted passage."""

from __future__ import annotations

from ..reader import Fields
from .base import QuestionType


def parse(f: Fields) -> dict:
    return {"prompt": f.text("prompt"), "answer": f.boolean("answer")}


TYPE = QuestionType(
    name="tf",
    summary="say whether a statement is true or false; the quote is the passage that decides it",
    keys={"prompt": "text", "answer": "true or false", "quote": "text"},
    required=("prompt", "answer", "quote"),
    parse=parse,
    grounded=lambda q: (),  # the quote, which every type grounds, decides it
    correct=lambda q: ("True" if q.answer else "False",),
    hints={"quote": "a tf question needs the passage that decides it"},
)
