"""`citequiz audit` through the real entry point: the strategies' expected scores beside chance,
the exit code, JSON, the margin, usage errors, and this repository's own banks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BAD_SEEDS = Path(__file__).parent / "fixtures" / "bad" / "seeds"

# Three mcq with the key written first and the order fixed on purpose: every output shows the
# key first. Expected values, worked out by hand:
# - chance 1/3; first option 100 % in the quiz, the LMS files and each printed form; last 0 %;
# - longest: q1 three 4-character years (1/3), q2 "Brigadoon" (1), q3 three 9-character
#   options (1/3): (1/3 + 1 + 1/3) / 3 = 55.6 %;
# - most words shared with the prompt: no option shares a content word: 1/3 each;
# - answer found in another question: no option stands in another question: 1/3 each.
KEY_FIRST = """title: Key first
questions:
  - id: q1
    type: mcq
    prompt: In what year was the Sample Treaty signed?
    choices: ["1974", "1972", "1976"]
    answer: "1974"
    shuffle: false
    source: sample.txt:2
  - id: q2
    type: mcq
    prompt: For which state was the treaty amended in 2012?
    choices: ["Brigadoon", "Lyonesse", "Atlantis"]
    answer: "Brigadoon"
    shuffle: false
    source: sample.txt:4
  - id: q3
    type: mcq
    prompt: Which article says that the parties shall trade freely?
    choices: ["article 7", "article 2", "article 9"]
    answer: "article 7"
    shuffle: false
    source: sample.txt:5
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citequiz", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def key_first(tmp_path) -> Path:
    root = tmp_path / "key-first"
    shutil.copytree(BAD_SEEDS, root / "seeds")
    (root / "questions").mkdir()
    (root / "questions" / "key-first.yaml").write_text(KEY_FIRST, encoding="utf-8")
    return root


def rows(stdout: str) -> list[str]:
    return [" ".join(line.split()) for line in stdout.splitlines()]


def test_a_bank_with_the_key_always_first_fails_the_audit(key_first):
    result = run("audit", str(key_first))
    assert result.returncode == 1, result.stdout + result.stderr
    got = rows(result.stdout)
    assert got[0] == f"bank key-first (questions/key-first.yaml)"
    flag = "<- beats chance by more than 10 points"
    for line in [
        f"first option quiz page 3 100.0% 33.3% +66.7 {flag}",
        f"first option LMS files, CSV, TSV, Anki 3 100.0% 33.3% +66.7 {flag}",
        f"first option print/key-first.html form A 3 100.0% 33.3% +66.7 {flag}",
        f"first option print/key-first.html form B 3 100.0% 33.3% +66.7 {flag}",
        "last option quiz page 3 0.0% 33.3% -33.3",
        f"longest option any 3 55.6% 33.3% +22.2 {flag}",
        "most words shared with the prompt any 3 33.3% 33.3% +0.0",
        "answer found in another question any 3 33.3% 33.3% +0.0",
    ]:
        assert line in got, line
    assert got[-1] == "audited 1 bank: 5 strategies beat chance by more than 10 points"


def test_the_margin_is_configurable(key_first):
    result = run("audit", str(key_first), "--margin", "70")
    assert result.returncode == 0, result.stdout
    assert rows(result.stdout)[-1] == "audited 1 bank: no strategy beats chance by more than 70 points"


def test_json_lists_every_row_and_what_beats_chance(key_first):
    result = run("audit", str(key_first), "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["margin"] == 10 and data["ok"] is False
    (group,) = data["groups"]
    assert group["group"] == "bank key-first" and group["file"] == "questions/key-first.yaml"
    longest = next(r for r in group["rows"] if r["strategy"] == "longest option")
    assert longest == {"strategy": "longest option", "shown_in": "any", "items": 3,
                       "score": 55.56, "chance": 33.33, "gain": 22.22}
    assert [r["strategy"] for r in group["beats_chance"]] == ["first option"] * 4 + ["longest option"]


def test_shuffled_outputs_on_the_fixture(every_type):
    """The fixture's two mcq (4 and 3 choices, chance 29.2 %): the quiz page draws an order per
    learner, so it scores chance exactly; "1974" ties three other years for the longest (1/4) and
    "~tilde, #hash" is shorter than "~tilde, $dollar" (0): 12.5 %; its one tf is false. With two
    mcq a fixed order must put one key first or last on some form (50 %): the audit says so."""
    result = run("audit", str(every_type))
    got = rows(result.stdout)
    assert "first option quiz page 2 29.2% 29.2% +0.0" in got
    assert "longest option any 2 12.5% 29.2% -16.7" in got
    assert 'always "true" any 1 0.0% 50.0% -50.0' in got
    assert "first option print/every-type.html form B 2 50.0% 29.2% +20.8 <- beats chance by more than 10 points" in got
    assert result.returncode == 1


def test_usage_errors_exit_2(key_first):
    result = run("audit", str(key_first), "--margin", "-5")
    assert result.returncode == 2
    assert result.stderr == "citequiz: --margin -5 is not a number of points from 0 to 100\n"


def test_a_broken_bank_is_reported_not_audited(key_first):
    bank = key_first / "questions" / "key-first.yaml"
    bank.write_text(bank.read_text().replace("type: mcq", "type: mcqq", 1))
    result = run("audit", str(key_first))
    assert result.returncode == 1
    assert "error[unknown-type]" in result.stdout
    assert result.stderr == "citequiz: cannot audit: 1 error (run `citequiz check`)\n"


def test_a_combined_paper_is_audited_as_printed(tmp_path):
    """Each bank alone gives nothing away; printed together, one prompt states the other's answer."""
    from test_lints import BANK_A, BANK_B, project_with

    root = project_with(tmp_path, {"a": BANK_A, "b": BANK_B}, "[print]\ncombine = true\n")
    result = run("audit", str(root))
    assert result.returncode == 1
    got = rows(result.stdout)
    assert "paper print/p.html (questions/a.yaml, questions/b.yaml)" in got
    assert got.count("answer found in another question any 1 0.0% 0.0% +0.0") == 2  # the banks
    assert "answer found in another question any 2 50.0% 0.0% +50.0 <- beats chance by more than 10 points" in got
    assert got[-1] == "audited 2 banks and 1 paper: 1 strategy beats chance by more than 10 points"


def test_this_repository_passes_the_audit():
    if not any((ROOT / "questions").glob("*.yaml")):
        pytest.skip("no banks in questions/ yet")
    result = run("audit", str(ROOT))
    assert result.returncode == 0, result.stdout
