"""The project's own banks are product: they must pass `check --strict`, cover every substantive
line of every seed, and keep the type and difficulty mix that issues #3 and #19 set."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from citequiz.check import check_project
from citequiz.load import load_project

ROOT = Path(__file__).resolve().parents[1]

# type (or "+"-joined types counted together) -> (min share, max share) of all questions
MIX = {"mcq": (0.30, 0.40), "tf": (0.15, 0.20), "short": (0.15, 0.20), "cloze": (0.15, 0.20),
       "multi": (0.05, 0.10), "match+order": (0.03, 0.08)}
TABLE_TYPES = ("mcq", "multi", "tf", "short", "cloze", "match", "order")


@pytest.fixture(scope="module")
def project():
    project, findings = load_project(ROOT)
    findings += check_project(project)
    return project, [f.strict() for f in findings]


def test_strict_check_is_clean(project):
    _, findings = project
    assert [str(f) for f in findings] == []


def test_bank_sizes(project):
    project, _ = project
    assert len(project.banks) >= 5
    for bank in project.banks:
        assert 15 <= len(bank.questions) <= 35, (bank.name, len(bank.questions))
    assert len(project.questions()) >= 160


def test_every_substantive_paragraph_is_cited(project):
    project, _ = project
    cited: dict[str, set[int]] = {name: set() for name in project.seeds}
    for q in project.questions():
        for c in q.sources:
            cited[c.seed].update(range(c.first, c.last + 1))
    uncovered = {name: [(u.first, u.last) for u in seed.substantive_units()
                        if not cited[name] & set(range(u.first, u.last + 1))]
                 for name, seed in project.seeds.items()}
    assert all(not lines for lines in uncovered.values()), uncovered


def test_type_mix(project):
    project, _ = project
    questions = project.questions()
    counts = Counter(q.type for q in questions)
    shares = {t: sum(counts[part] for part in t.split("+")) / len(questions) for t in MIX}
    out_of_range = {t: f"{share:.0%}" for t, share in shares.items()
                    if not MIX[t][0] <= share <= MIX[t][1]}
    assert not out_of_range, f"type shares outside the mix: {out_of_range} (counts {dict(counts)})"


def test_difficulty_spread_explanations_and_quotes(project):
    project, _ = project
    questions = project.questions()
    difficulty = Counter(q.difficulty for q in questions)
    assert None not in difficulty, "every question has a difficulty"
    assert all(difficulty[d] >= len(questions) * 0.15 for d in (1, 2, 3)), difficulty
    assert [q.id for q in questions if not q.explanation] == []
    # A quote wherever the answer is a claim: tf always; mcq/short/multi answers get one too.
    assert [q.id for q in questions if q.type in ("tf", "mcq", "short", "multi") and not q.quote] == []


def test_disagreements_are_taught(project):
    """At least six questions cite two places (a `source` list) to show where the texts differ."""
    project, _ = project
    multi_source = [q.id for q in project.questions() if len(q.sources) >= 2]
    assert len(multi_source) >= 6, multi_source


def test_readme_table_matches_the_banks(project):
    project, _ = project
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for bank in project.banks:
        counts = Counter(q.type for q in bank.questions)
        row = (f"| `{bank.name}` | {bank.title} | {len(bank.questions)} | "
               + " | ".join(str(counts[t]) for t in TABLE_TYPES) + " |")
        assert row in readme, f"README's bank table is out of date for {bank.name}"
