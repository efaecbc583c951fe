"""multi: every right answer among 3-6 choices ("select all that apply")."""

from __future__ import annotations

from ..reader import Fields
from .base import QuestionType, answer_item
from .choices import SCHEMA, check_choices


def parse(f: Fields) -> dict:
    prompt, choices, answers = f.text("prompt"), f.texts("choices"), f.texts("answers")
    if choices is not None:
        if answers is not None and not answers:
            f.err(f.node("choices"), "wrong-type", "`answers` must list at least one correct choice")
        check_choices(f, choices, answers or [])
    shuffle = f.boolean("shuffle")
    return {"prompt": prompt, "choices": tuple(v for v, _ in choices or ()),
            "answers": tuple(v for v, _ in answers or ()), "shuffle": shuffle is not False}


TYPE = QuestionType(
    name="multi",
    summary="tick every right answer among 3-6 choices",
    keys={"prompt": "text", "choices": "list of text", "answers": "list of text", "shuffle": "true or false"},
    required=("prompt", "choices", "answers"),
    parse=parse,
    grounded=lambda q: [answer_item(q, a, q.at("answers", i), markdown=True) for i, a in enumerate(q.answers)],
    correct=lambda q: tuple(c for c in q.choices if c in q.answers),
    hints={"answers": "list the correct choices under `answers`"},
    schema={**SCHEMA, "answers": {"minItems": 1}},
    markdown={"prompt": "block", "choices": "inline", "answers": "inline"},
)
