"""`absolute-word`: a true/false statement that hinges on an absolute ("only", "always", "never",
"necessarily", "completely", "all", "none"). Test-wise learners mark such statements false, and
are usually right. Not reported for a true statement whose quote (the passage that decides it)
uses the same word: there the absolute is the source's own claim, not the item writer's."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Finding, quoted, warning
from ..model import Project
from .groups import Group
from .words import words

ABSOLUTES = ("only", "always", "never", "necessarily", "completely", "all", "none")


def lint(group: Group, project: Project) -> Iterator[Finding]:
    if not group.is_bank:
        return
    for q in group.questions:
        if q.type != "tf" or not q.prompt:
            continue
        said = set(words(q.quote or ""))
        for word in words(q.prompt):
            if word in ABSOLUTES and not (q.answer is True and word in said):
                yield warning(q.at("prompt"), "absolute-word",
                              f"the statement of `{q.id}` hinges on {quoted(word)}",
                              "state the claim the source makes, without an absolute a test-wise learner marks false")
                break
