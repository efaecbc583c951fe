"""Stage 4 helpers — the typed answers an LMS export accepts, in one place for every format.

This is the seam for the typed-answer matcher (issue 14): the variants it generates for a short
answer or a cloze blank are added here, and GIFT, Moodle XML, QTI 1.2 and QTI 2.1 all accept them
(each format escapes them its own way; GIFT reports forms it cannot write, see gift.unsupported)."""

from __future__ import annotations

from ..model import Deletion, Question


def accepted_forms(q: Question) -> list[str]:
    """A short question's accepted answers: the answer first, then `accept`, each once."""
    return list(dict.fromkeys([str(q.answer), *q.accept]))


def blank_forms(d: Deletion) -> list[str]:
    """A cloze deletion's accepted answers (its answer, for now)."""
    return [d.answer]
