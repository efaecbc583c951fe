"""short: a typed answer, with other accepted forms and near misses to refuse (docs/answers.md)."""

from __future__ import annotations

from ..reader import Fields
from .base import QuestionType, answer_item


def parse(f: Fields) -> dict:
    accept, reject = f.texts("accept"), f.texts("reject")
    return {"prompt": f.text("prompt"), "answer": f.text("answer"),
            "accept": tuple(v for v, _ in accept or ()), "reject": tuple(v for v, _ in reject or ())}


TYPE = QuestionType(
    name="short",
    summary="type the answer; `accept` lists other forms that count as right, `reject` near misses",
    keys={"prompt": "text", "answer": "text", "accept": "list of text", "reject": "list of text"},
    required=("prompt", "answer"),
    parse=parse,
    grounded=lambda q: [answer_item(q, str(q.answer), q.at("answer"))],
    correct=lambda q: (str(q.answer),),
    revealing=lambda q: (str(q.answer),),
)
