"""`distractor-in-source`: a distractor (an mcq option other than the key, a multi option that is
not an answer) that the cited lines state in the same relation as the key, so it may be correct
too: "prohibits granting MFN status, government loans, and credit guarantees" makes "credit
guarantees" as right as "government loans".

To keep false positives low, only one relation is recognised: key and distractor stand in the same
sentence of the question's quote (of the cited lines if it has none) as items of one list — between them only list items and commas, then
a final ",", "and", "or", "as well as" or "&". Two figures in one sentence ("for Ukraine in
2006, and for Russia in 2012") are not items of one list and are not reported. Other relations
(two names with the same verb in different sentences) are left to a reviewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Finding, quoted, warning
from ..model import Project, Question
from .words import normalize
from .groups import Group

_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_LIST_GAP = re.compile(r"(?:\s*,\s*[^,.;:()]{1,40}?)*\s*(?:,|,?\s+(?:and|or|as well as|&))\s+|\s*,\s*|\s+(?:and|or|&)\s+")


def _spans(q: Question, project: Project) -> list[str]:
    """The text that states the key: the quote where there is one (the sentence that grounds the
    answer, not a list elsewhere in the line), else the cited lines."""
    if q.quote:
        return [normalize(q.quote)]
    out = []
    for c in q.sources:
        seed = project.seeds.get(c.seed)
        if seed is not None and 1 <= c.first <= c.last <= len(seed.lines):
            out.append(normalize(" ".join(seed.lines[c.first - 1 : c.last])))
    return out


def _places(needle: str, text: str) -> list[tuple[int, int]]:
    """Where `needle` stands in `text` on word boundaries (both normalised)."""
    out, at = [], text.find(needle)
    while at >= 0 and needle:
        end = at + len(needle)
        if (at == 0 or not _is_word(text[at - 1]) or not _is_word(needle[0])) and \
                (end == len(text) or not _is_word(text[end]) or not _is_word(needle[-1])):
            out.append((at, end))
        at = text.find(needle, at + 1)
    return out


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def listed_together(key: str, other: str, text: str) -> bool:
    """Whether `key` and `other` (normalised) stand as items of one list in `text`."""
    if key not in text or other not in text:
        return False
    for sentence in _SENTENCE.split(text):
        for ks, ke in _places(key, sentence):
            for os_, oe in _places(other, sentence):
                gap = sentence[ke:os_] if ke <= os_ else sentence[oe:ks] if oe <= ks else None
                if gap is not None and _LIST_GAP.fullmatch(gap):
                    return True
    return False


def lint(group: Group, project: Project) -> Iterator[Finding]:
    if not group.is_bank:
        return
    for q in group.questions:
        if q.type == "mcq":
            keys = [str(q.answer)]
        elif q.type == "multi":
            keys = list(q.answers)
        else:
            continue
        spans = _spans(q, project)
        for choice in q.choices:
            if choice in keys:
                continue
            other = normalize(choice)
            for key in keys:
                if any(listed_together(normalize(key), other, span) for span in spans):
                    yield warning(q.at("choices"), "distractor-in-source",
                                  f"the distractor {quoted(choice)} of `{q.id}` stands in the cited lines in one "
                                  f"list with the key {quoted(key)}, so it may be correct too",
                                  "replace it with an option the source rules out, or make it an answer")
                    break
