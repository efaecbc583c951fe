"""mcq: one right answer among 3-6 choices."""

from __future__ import annotations

from ..reader import Fields
from .base import QuestionType, answer_item
from .choices import SCHEMA, check_choices


def parse(f: Fields) -> dict:
    prompt, choices, answer = f.text("prompt"), f.texts("choices"), f.text("answer")
    if choices is not None:
        check_choices(f, choices, [(answer, f.node("answer"))] if answer is not None else [])
    shuffle = f.boolean("shuffle")
    return {"prompt": prompt, "choices": tuple(v for v, _ in choices or ()), "answer": answer,
            "shuffle": shuffle is not False}


TYPE = QuestionType(
    name="mcq",
    summary="choose the one right answer among 3-6 choices",
    keys={"prompt": "text", "choices": "list of text", "answer": "text", "shuffle": "true or false"},
    required=("prompt", "choices", "answer"),
    parse=parse,
    grounded=lambda q: [answer_item(q, str(q.answer), q.at("answer"), markdown=True)],
    correct=lambda q: (str(q.answer),),
    revealing=lambda q: (str(q.answer),),
    hints={"choices": "list 3-6 choices, one of them the answer"},
    schema=SCHEMA,
    markdown={"prompt": "block", "choices": "inline", "answer": "inline"},
)
