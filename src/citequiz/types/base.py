"""What a question type is: one record of its keys, how it is read, what must stand in the
source, and how it reads as text. Each module beside this one defines one type (`TYPE`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import quoted
from ..model import Question
from ..reader import Fields


# Non-blank text, for `citequiz schema`; a bare number is read as written (answer: 1974 means "1974").
TEXT_SCHEMA = {"type": ["string", "number"], "pattern": r"\S"}


class Grounded(NamedTuple):  # a tuple: built hundreds of thousands of times per check
    """One piece of text that must occur in the cited lines."""

    what: str  # for messages: 'answer "1974"'
    text: str
    pos: object  # a Pos
    rule: str
    markdown: bool = False  # an inline Markdown field (a choice, a side): grounded as read


@dataclass(frozen=True)
class QuestionType:
    """One question type. `parse` reads the type's own keys (the loader has read the common
    ones) and returns the `Question` fields they give, or None."""

    name: str
    summary: str  # what the learner does, for docs and `citequiz schema`
    keys: Mapping[str, str]  # the type's own keys -> kind of value ("text", "list of text", ...)
    required: tuple[str, ...]  # of `keys`, in the order messages list them
    parse: Callable[[Fields], dict | None]
    grounded: Callable[[Question], Iterable[Grounded]]
    correct: Callable[[Question], tuple[str, ...]]  # the right answer(s) as display text
    stem: Callable[[Question], str] = lambda q: q.prompt or ""  # what is asked, as text
    stem_key: str = "prompt"  # the key that holds what is asked
    # Answers whose words must not stand in the prompt or the bank's description.
    revealing: Callable[[Question], tuple[str, ...]] = lambda q: ()
    hints: Mapping[str, str] = field(default_factory=dict)  # missing key -> how to write it
    schema: Mapping[str, dict] = field(default_factory=dict)  # key -> extra JSON Schema constraints
    # The type's Markdown keys: "block" (paragraphs, lists, code, display math) or "inline"
    # (a choice or a match side: "1974." stays text, never a numbered list). Typed answers stay
    # plain. `explanation`, common to every type, is a block (see markup/lint.py).
    markdown: Mapping[str, str] = field(default_factory=lambda: {"prompt": "block"})

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(k for k in self.keys if k not in self.required)


def answer_item(q: Question, text: str, pos, *, markdown: bool = False) -> Grounded:
    return Grounded(f"answer {quoted(text)}", text, pos, "answer-not-in-source", markdown)
