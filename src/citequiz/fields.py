"""The bank format's common part, as data: the keys of a bank and the keys every question takes.

Each question type adds its own keys (see `types/`). One table serves the loader (validation and
"did you mean"), `citequiz schema` and the docs. The format is a contract: extend it, never
break it.
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
COMMON_KEYS = {
    "id": "text",
    "type": "text",
    "source": "citation or list of citations",
    "quote": "text",
    "explanation": "text",
    "tags": "list of text",
    "difficulty": "number",
    "allow-leak": "list of text",  # ids of questions allowed to show this one's answer (lints)
}
COMMON_REQUIRED = ("id", "type", "source")
# A citation written as a mapping: `at` (FILE or FILE:LINES) and a quote selector.
SELECTOR_KEYS = ("at", "exact", "prefix", "suffix")
COMMON_OPTIONAL = ("quote", "explanation", "tags", "difficulty", "allow-leak")
DIFFICULTIES = (1, 2, 3)
