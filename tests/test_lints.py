"""The validity lints beyond their golden fixtures (tests/fixtures/bad/banks): printed papers that
combine banks, the word index that speeds up answer-leak, and the small-bank rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citequiz.check import check_project
from citequiz.lint import answer_leak
from citequiz.lint.tf_balance import unbalanced
from citequiz.load import load_project

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "fixtures" / "bad"

BANK_A = """title: A
questions:
  - id: a-year
    type: short
    prompt: In what year was the Sample Treaty signed?
    answer: "1974"
    source: sample.txt:2
"""
BANK_B = """title: B
questions:
  - id: b-states
    type: short
    prompt: How many states signed the Sample Treaty in 1974?
    answer: three
    source: sample.txt:2
"""


def project_with(tmp_path: Path, banks: dict[str, str], config: str = "") -> Path:
    root = tmp_path / "p"
    shutil.copytree(BAD / "seeds", root / "seeds")
    (root / "questions").mkdir()
    for name, text in banks.items():
        (root / "questions" / f"{name}.yaml").write_text(text, encoding="utf-8")
    if config:
        (root / "citequiz.toml").write_text(config, encoding="utf-8")
    return root


def findings(root: Path) -> list[str]:
    project, found = load_project(root)
    return [str(f) for f in sorted(found + check_project(project))]


def test_a_leak_across_banks_is_reported_for_the_combined_paper_only(tmp_path):
    separate = findings(project_with(tmp_path / "1", {"a": BANK_A, "b": BANK_B}))
    assert separate == []  # each bank is its own quiz page and its own paper
    combined = findings(project_with(tmp_path / "2", {"a": BANK_A, "b": BANK_B},
                                     '[print]\ncombine = true\ntitle = "Both"\n'))
    assert combined == [
        'questions/b.yaml:5:13: warning[answer-leak]: the prompt of `b-states` gives away "1974", '
        "the answer to `a-year` (questions/a.yaml:3:5) on print/p.html; reword one of the two, or "
        "ask `a-year` about another fact; `allow-leak: [b-states]` on `a-year` if the overlap is intended"]


def test_allow_leak_across_banks_is_not_reported_unused(tmp_path):
    a = BANK_A.replace('    source: sample.txt:2\n', '    source: sample.txt:2\n    allow-leak: [b-states]\n')
    root = project_with(tmp_path, {"a": a, "b": BANK_B}, '[print]\ncombine = true\n')
    assert findings(root) == []


def test_an_answer_is_found_inside_a_longer_word_form():
    """The index holds runs of letters and digits, so "Export-Import Bank" is found in
    "Export-Import Bank's" just as the word-boundary matcher finds it."""
    from dataclasses import replace

    project, _ = load_project(ROOT / "tests" / "fixtures" / "every-type")
    base = next(q for q in project.questions() if q.type == "short")
    asked = replace(base, id="asked", prompt="To which lender does Kyrgyzstan owe its debt?",
                    answer="Export-Import Bank", accept=())
    shown = replace(base, id="shown", prompt="How much does Kyrgyzstan owe to the Export-Import Bank's lending arm?",
                    answer="37%", accept=())
    (leak,) = answer_leak.find_leaks((asked, shown))
    assert (leak.asked.id, leak.shown.id, leak.answer) == ("asked", "shown", "Export-Import Bank")


def test_the_word_index_only_prunes(monkeypatch):
    """Searching every question (no index) finds exactly the leaks the index finds, on this
    repository's banks and on every bad fixture."""
    banks = [b.questions for b in load_project(ROOT)[0].banks]
    for path in sorted((BAD / "banks").glob("*.yaml")):
        from citequiz.load_bank import load_bank

        bank, _ = load_bank(path.read_text(encoding="utf-8"), file=path.name)
        if bank is not None:
            banks.append(bank.questions)

    def key(leaks):
        return sorted((l.asked.id, l.shown.id, l.answer, l.field) for l in leaks)

    indexed = [key(answer_leak.find_leaks(qs, every=True)) for qs in banks]
    monkeypatch.setattr(answer_leak.ShownIndex, "stating", lambda self, key: list(range(len(self.questions))))
    brute = [key(answer_leak.find_leaks(qs, every=True)) for qs in banks]
    assert indexed == brute
    assert sum(map(len, brute)) >= 10  # the fixtures do leak: the comparison is not vacuous


@pytest.mark.parametrize("n_true,n,flagged", [
    (0, 1, False), (1, 1, False),  # one statement: either way is as close to half as it gets
    (1, 3, False), (2, 3, False),  # 33 % and 67 %: the closest splits of three
    (0, 3, True), (3, 3, True),
    (1, 4, True), (2, 4, False), (3, 4, True),
    (2, 5, False), (3, 5, False), (1, 5, True),
    (7, 20, False), (6, 20, True), (13, 20, False), (14, 20, True),
])
def test_tf_balance_allows_the_closest_split_a_small_bank_has(n_true, n, flagged):
    assert unbalanced(n_true, n) is flagged
