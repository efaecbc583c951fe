"""What every seed reader returns, and the rule for a paragraph worth a question."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Unit

# At least this many words, ending as a sentence does: a paragraph worth a question.
MIN_WORDS = 6
SENTENCE_END = tuple(".?!\"'”’)…")


@dataclass(frozen=True)
class Parsed:
    plain_lines: tuple[str, ...]  # the text of each line without markup; () = the lines as they are
    units: tuple[Unit, ...]


def is_sentence(text: str) -> bool:
    text = text.strip()
    return len(text.split()) >= MIN_WORDS and text.endswith(SENTENCE_END)
