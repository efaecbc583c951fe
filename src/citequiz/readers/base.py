"""What every seed reader returns, and the rule for a paragraph worth a question."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Unit

# At least this many words, ending as a sentence does: a paragraph worth a question.
MIN_WORDS = 6
SENTENCE_END = tuple(".?!\"'”’)…")


@dataclass(frozen=True)
class Parsed:
    plain_lines: tuple[str, ...]  # the text of each line without markup; () = the lines as they are
    find_units: Callable[[tuple[str, ...]], tuple[Unit, ...]]  # the seed's units from its lines


def is_sentence(text: str) -> bool:
    text = text.strip()
    return text.endswith(SENTENCE_END) and len(text.split()) >= MIN_WORDS
