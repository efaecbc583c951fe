"""Stage 3b — the validity lints: cues that let a learner who ignores the content beat chance.

`check` runs them after grounding. Each lint is one module with one function, registered in
`LINTS` (rule names -> function), called once per *group*: the questions a learner sees together
(each bank, and each printed paper that mixes or draws questions differently). Every finding is a
warning (an error under `--strict`) with a rule name, a location and a hint. The heuristics are
documented in docs/validity.md; `audit` measures what the cues are worth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..errors import Finding
from ..model import Project
from . import above, absolute_word, answer_leak, distractor_in_source, longest_choice, stem_echo, tf_balance
from .groups import Group, groups

Lint = Callable[[Group, Project], Iterator[Finding]]

# rule name(s) -> lint; a lint may report more than one rule (all/none of the above).
LINTS: dict[tuple[str, ...], Lint] = {
    ("answer-leak", "unused-allow-leak"): answer_leak.lint,
    ("longest-choice",): longest_choice.lint,
    ("stem-echo",): stem_echo.lint,
    ("absolute-word",): absolute_word.lint,
    ("all-of-the-above", "none-of-the-above"): above.lint,
    ("tf-balance",): tf_balance.lint,
    ("distractor-in-source",): distractor_in_source.lint,
}


def lint_project(project: Project) -> list[Finding]:
    """Every validity finding, each reported once even where a bank and a paper share it."""
    seen: set[Finding] = set()
    out: list[Finding] = []
    for group in groups(project):
        for lint in LINTS.values():
            for finding in lint(group, project):
                if finding not in seen:
                    seen.add(finding)
                    out.append(finding)
    return out
