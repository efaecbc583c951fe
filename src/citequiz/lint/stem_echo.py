"""`stem-echo`: the key of an mcq shares a distinctive word with the stem that no distractor
shares, so matching words finds the key. Distinctive: a content word (no function word, no
framing such as "according" or "article") after light stemming, not a topic word of the group
(in more than a quarter of its stems), or a number."""

from __future__ import annotations

from collections.abc import Iterator

from .. import types
from ..errors import Finding, quoted, warning
from ..model import Project, Question
from .groups import Group
from .words import content_stems, group_stems, stem, words


def echoed(q: Question, topic: set[str]) -> set[str]:
    """The stems the key shares with the stem that no distractor shares."""
    stem = content_stems(types.stem(q)) - topic
    key = content_stems(str(q.answer)) & stem
    for c in q.choices:
        if c != q.answer:
            key -= content_stems(c)
    return key


def lint(group: Group, project: Project) -> Iterator[Finding]:
    if not group.is_bank:
        return
    _, topic = group_stems(group.questions)
    for q in group.questions:
        if q.type != "mcq" or q.answer not in q.choices:
            continue
        shared = echoed(q, topic)
        if shared:
            shared = {w for w in words(str(q.answer)) if stem(w) in shared}
            yield warning(q.at("answer"), "stem-echo",
                          f"the key {quoted(q.answer)} of `{q.id}` repeats "
                          f"{', '.join(quoted(w) for w in sorted(shared))} from the prompt, and no distractor does",
                          "reword the prompt, or let distractors share the word too")
