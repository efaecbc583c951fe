"""No number, year, name or distractor of this repository is ever accepted for another: every
typed slot of the banks, against every choice, answer and pair side of the project and every
number, year and capitalised name in the seeds that is not a form of its own answer."""

from __future__ import annotations

import re
from pathlib import Path

from citequiz.answers import canon, compile_question, judge
from citequiz.answers.fold import compact
from citequiz.load import load_project

ROOT = Path(__file__).resolve().parents[1]


def _bare(key: str) -> str:
    """A key without its qualifiers: "nearly 37%" and "37%" are the same number."""
    return compact("|".join(" ".join(t for t in item.split(" ") if not t.startswith("~")) for item in key.split("|")))


def candidates(project) -> set[str]:
    out: set[str] = set()
    for q in project.questions():
        out.update(q.choices)
        out.update(q.answers)
        if q.type in ("short", "mcq"):
            out.add(str(q.answer))
        out.update(d.answer for d in q.deletions)
        for p in q.pairs:
            out.update((p.left, p.right))
    for seed in project.seeds.values():
        for line in seed.lines:
            out.update(re.findall(r"\b(?:1[89]|20)\d\d\b", line))
            out.update(re.findall(r"(?:US)?\$?\d[\d.,]*\d%?(?: (?:billion|million))?", line))
            out.update(re.findall(r"(?<=[a-z,;] )[A-Z][a-z]+(?: [A-Z][a-z]+)*", line))
    return out


def test_nothing_else_of_the_project_is_accepted_for_a_typed_answer():
    project, _ = load_project(ROOT)
    others = candidates(project)
    assert len(others) > 300
    accepted_wrongly = []
    checked = 0
    for q in project.questions():
        for slot in compile_question(q, project):
            own = {_bare(f["keys"][-1]) for f in slot["forms"]}
            for other in sorted(others):
                if _bare(canon(other)) in own:
                    continue  # a form of this answer itself (another question may share it)
                checked += 1
                verdict = judge(other, slot)
                if verdict["ok"]:
                    accepted_wrongly.append((q.id, slot["label"], other, verdict["reasons"]))
    assert checked > 30_000
    assert accepted_wrongly == []
