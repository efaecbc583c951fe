"""`all-of-the-above` / `none-of-the-above`: such a choice is a cue (a learner who sees two right
options picks "all"), reads badly once choices are shuffled, and tests elimination, not knowledge."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Finding, quoted, warning
from ..model import Project
from .words import normalize
from .groups import Group

_ABOVE = re.compile(r"(all|none|both|neither) (?:of )?(?:the )?(?:above|these|those|the options|the choices)\b")
RULES = {"all": "all-of-the-above", "both": "all-of-the-above", "none": "none-of-the-above", "neither": "none-of-the-above"}


def lint(group: Group, project: Project) -> Iterator[Finding]:
    if not group.is_bank:
        return  # a question's own choices: reported once, for its bank
    for q in group.questions:
        for choice in q.choices:
            m = _ABOVE.match(normalize(choice))
            if m:
                yield warning(q.at("choices"), RULES[m.group(1)],
                              f"`{q.id}` offers {quoted(choice)} as a choice",
                              "write a real option instead; if several are right, make it a multi question")
