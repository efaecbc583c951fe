"""The bank format, as data: which keys a bank and each question type take.

One table serves the loader (validation and "did you mean"), `citequiz schema` and the docs.
The format is a contract: extend it, never break it.
"""

from __future__ import annotations

BANK_KEYS = {
    "title": "text",
    "description": "text",
    "tags": "list of text",
    "questions": "list of questions",
}
BANK_REQUIRED = ("title", "questions")

# key -> kind of value; "text" accepts a bare number too (answer: 1974 means "1974").
QUESTION_KEYS = {
    "id": "text",
    "type": "text",
    "prompt": "text",
    "answer": "text",  # tf: true/false
    "answers": "list of text",
    "choices": "list of text",
    "accept": "list of text",
    "text": "text",
    "pairs": "list of pairs",
    "source": "citation or list of citations",
    "quote": "text",
    "explanation": "text",
    "tags": "list of text",
    "difficulty": "number",
}
COMMON_REQUIRED = ("id", "type", "source")
COMMON_OPTIONAL = ("quote", "explanation", "tags", "difficulty")

# type -> (required keys beyond the common ones, optional keys beyond the common ones)
TYPE_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "mcq": (("prompt", "choices", "answer"), ()),
    "multi": (("prompt", "choices", "answers"), ()),
    "tf": (("prompt", "answer", "quote"), ()),
    "short": (("prompt", "answer"), ("accept",)),
    "cloze": (("text",), ()),
    "match": (("prompt", "pairs"), ()),
}

MIN_CHOICES, MAX_CHOICES = 3, 6
MIN_PAIRS, MAX_PAIRS = 3, 8
PAIR_KEYS = ("left", "right")
DIFFICULTIES = (1, 2, 3)


def allowed_keys(qtype: str) -> tuple[str, ...]:
    required, optional = TYPE_KEYS[qtype]
    return COMMON_REQUIRED + required + COMMON_OPTIONAL + optional


def required_keys(qtype: str) -> tuple[str, ...]:
    return COMMON_REQUIRED + TYPE_KEYS[qtype][0]
