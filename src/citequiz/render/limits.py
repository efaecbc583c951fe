"""Stage 4 — what each LMS format cannot carry, reported by `check` before anything is written.

Each LMS format module has `unsupported(q) -> list[Loss]`: what of a question its file would lose
(an accepted answer, a question GIFT cannot write, part of a tag), and the bank key it concerns.
`lms_check(name, unsupported)` makes the format's `check` (see context.Format): a
`lms-unsupported` warning per loss, at that key, naming the format, what is lost and the LMS
formats that do carry it, so nothing is dropped silently. A question type a format has no handler
for at all is the registry's `format-cannot-express`."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..errors import Finding, warning
from ..model import Question


class Loss(NamedTuple):
    key: str  # the bank key the loss concerns ("accept", "text", "pairs", "tags")
    what: str  # "the accepted answer 'A -> B' (it contains `->`, ...)"


Unsupported = Callable[[Question], list[Loss]]
# Every LMS format's limits, by the name a teacher knows it by: each registers itself (lms_check),
# so a warning can say which other format carries what one loses.
FORMATS: dict[str, Unsupported] = {}


def formats() -> dict[str, Unsupported]:
    return dict(FORMATS)


def lms_check(name: str, unsupported: Unsupported) -> Callable:
    """The `check` of the LMS format called `name` whose limits are `unsupported` (and its entry
    in FORMATS)."""
    FORMATS[name] = unsupported

    def check(ctx) -> list[Finding]:
        return findings(ctx.project, name, unsupported)

    return check


def findings(project, name: str, unsupported: Unsupported) -> list[Finding]:
    others = {n: f for n, f in formats().items() if n != name}
    out = []
    for bank in project.banks:
        bank_tags_done: set[str] = set()  # a bank's own tag is every question's: reported once
        for q in bank.questions:
            for key, what in unsupported(q):
                whose = f"question {q.id}"
                if key == "tags" and any(repr(t) in what for t in bank.tags):
                    if what in bank_tags_done:
                        continue
                    bank_tags_done.add(what)
                    whose = f"every question of {bank.path} (a bank tag)"
                hint = None
                carriers = [n for n, f in others.items() if (key, what) not in f(q)]
                if key != "tags" and carriers:  # no QTI format carries tags at all
                    hint = _listed(carriers) + (" carries" if len(carriers) == 1 else " carry") + " it"
                out.append(warning(q.at(key), "lms-unsupported", f"{name} cannot carry {what} of {whose}", hint))
    return out


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
