"""`longest-choice`: the key is the longest option — the cue of the careful item writer who
qualifies the right answer and not the distractors.

- Item level: the key is *clearly* the longest: at least 30 % and 8 characters longer than every
  distractor (lengths of the normalised text).
- Bank (and paper) level: a learner who always picks the longest option (a tie split evenly)
  expects more than chance plus 10 points over the group's mcq (a group of 5 mcq or more).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Finding, quoted, warning
from ..model import Project, Question
from .words import normalize
from .groups import Group

RATIO, MIN_EXTRA, MARGIN = 1.3, 8, 0.10
MIN_MCQ = 5  # below this a group's rate says little (`citequiz audit` still shows it)


def longest_score(q: Question) -> float:
    """The chance that "pick the longest option" picks the key (ties: one of them at random)."""
    lengths = [len(normalize(c)) for c in q.choices]
    top = max(lengths)
    tied = [c for c, n in zip(q.choices, lengths) if n == top]
    return 1 / len(tied) if q.answer in tied else 0.0


def clearly_longest(q: Question) -> bool:
    key = len(normalize(str(q.answer)))
    others = [len(normalize(c)) for c in q.choices if c != q.answer]
    return bool(others) and key >= RATIO * max(others) and key - max(others) >= MIN_EXTRA


def lint(group: Group, project: Project) -> Iterator[Finding]:
    mcq = [q for q in group.questions if q.type == "mcq" and q.answer in q.choices]  # (else reported at load)
    if group.is_bank:
        for q in mcq:
            if clearly_longest(q):
                others = max(len(normalize(c)) for c in q.choices if c != q.answer)
                yield warning(q.at("answer"), "longest-choice",
                              f"the key {quoted(q.answer)} of `{q.id}` is clearly the longest option "
                              f"({len(normalize(str(q.answer)))} characters; the longest distractor has {others})",
                              "give the distractors the same length and detail, or shorten the key")
    if len(mcq) < MIN_MCQ:
        return
    score = sum(map(longest_score, mcq)) / len(mcq)
    chance = sum(1 / len(q.choices) for q in mcq) / len(mcq)
    if score - chance > MARGIN:
        yield warning(group.pos, "longest-choice",
                      f"in {group.name} the key is the longest option often enough that picking the longest "
                      f"scores {score:.0%} of its {len(mcq)} mcq (chance: {chance:.0%})",
                      "lengthen distractors or shorten keys until the longest option is right no more often than chance")
