"""Choice order in the fixed-order outputs (issue 13): drawn from the question id unless the
question says `shuffle: false`, and then the bank's order everywhere."""

from __future__ import annotations

import csv
import io
from collections import Counter
import shutil
from pathlib import Path

import pytest

from citequiz.check import check_project
from citequiz.load import load_project
from citequiz.render import forms, gift, qti, quiz, tabular
from citequiz.render.choice_order import choice_order, ordered_choices, right_order

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "every-type"

SCALE = """title: Scale
questions:
  - id: scale-mcq
    type: mcq
    prompt: How many states signed the treaty, as the text counts them?
    choices: ["one", "two", "three", "four"]
    answer: "three"
    shuffle: false
    source: sample.txt:2
    quote: by three states
    explanation: The text names three.
  - id: scale-multi
    type: multi
    prompt: Which states signed?
    choices: [Avalon, Brigadoon, Camelot, Lyonesse]
    answers: [Avalon, Brigadoon, Camelot]
    shuffle: false
    source: sample.txt:2
  - id: free-mcq
    type: mcq
    prompt: In which year was the Sample Treaty signed?
    choices: ["1974", "1972", "1976", "1978"]
    answer: "1974"
    source: sample.txt:2
"""


@pytest.fixture
def scale(tmp_path):
    root = tmp_path / "scale"
    shutil.copytree(FIXTURE / "seeds", root / "seeds")
    (root / "questions").mkdir()
    (root / "questions" / "scale.yaml").write_text(SCALE, encoding="utf-8")
    project, findings = load_project(root)
    assert [str(f) for f in findings + check_project(project) if f.severity == "error"] == []
    return project


def test_the_order_is_drawn_from_the_ids_with_each_key_placed():
    project, _ = load_project(FIXTURE)
    bank = project.banks[0].questions
    q = next(q for q in bank if q.id == "ev-mcq")  # choices 1972 1974 1976 1978
    # Written down from a build: the distractors in the id's shuffle, the key placed in a slot.
    assert ordered_choices(q, bank) == ["1976", "1972", "1974", "1978"]
    assert choice_order(q, bank) == [2, 0, 1, 3]
    # ev-special (key "~tilde, #hash" written first) comes after ev-mcq took a middle slot
    special = next(q for q in bank if q.id == "ev-special")
    assert ordered_choices(special, bank) == ["=equals, #hash", "~tilde, #hash", "~tilde, $dollar"]


def test_keys_are_spread_over_first_middle_and_last_slots():
    """Sixty four-choice mcq with the key written first: the key ends up first, last and in the
    middle as evenly as the slots allow (15 first, 15 last, 15 each middle position)."""
    from dataclasses import replace

    project, _ = load_project(FIXTURE)
    base = next(q for q in project.questions() if q.id == "ev-mcq")
    bank = tuple(replace(base, id=f"q{i}", choices=("1974", "1972", "1976", "1978")) for i in range(60))
    positions = [ordered_choices(q, bank).index("1974") for q in bank]
    assert sorted(Counter(positions).items()) == [(0, 15), (1, 15), (2, 15), (3, 15)]
    match = next(q for q in project.questions() if q.type == "match")
    rights = [p.right for p in right_order(match)]
    assert sorted(rights) == sorted(p.right for p in match.pairs)
    assert rights != [p.right for p in match.pairs]  # never aligned with the left-hand items


def test_shuffle_false_keeps_the_bank_order_in_every_output(scale):
    bank = scale.banks[0]
    mcq, multi, free = bank.questions
    assert (mcq.shuffle, multi.shuffle, free.shuffle) == (False, False, True)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(tabular.csv_bytes(bank).decode("utf-8-sig")))}
    assert rows["scale-mcq"]["choices"].split("\n") == ["one", "two", "three", "four"]
    assert rows["scale-multi"]["choices"].split("\n") == ["Avalon", "Brigadoon", "Camelot", "Lyonesse"]
    assert rows["free-mcq"]["choices"].split("\n") != ["1974", "1972", "1976", "1978"]
    assert tabular.card(mcq)[0].endswith("— one / two / three / four")
    text = gift.render_bank(scale, bank)
    assert "\t~one\n\t~two\n\t=three\n\t~four\n" in text
    assert "\t=1974\n\t~1972" not in text  # the free question's key is not left first
    xml = qti.assessment(bank, qti.Idents(bank)).decode()
    assert xml.count('<render_choice shuffle="No">') == 2 and xml.count('<render_choice shuffle="Yes">') == 1
    data = quiz.question_data(mcq, seed_keys={"sample.txt": 0})
    assert data["shuffle"] is False and "shuffle" not in quiz.question_data(free, seed_keys={"sample.txt": 0})
    opts = forms.PrintOptions(forms=3)
    (paper,) = forms.papers(scale, opts)[0]
    for form in forms.arrange(paper, opts):
        items = {i.question.id: i for i in form.items}
        assert items["scale-mcq"].choices == ("one", "two", "three", "four")
        assert items["scale-mcq"].correct_positions == (2,)
        assert items["scale-multi"].choices == ("Avalon", "Brigadoon", "Camelot", "Lyonesse")


def test_shuffle_must_be_true_or_false(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(FIXTURE / "seeds", root / "seeds")
    (root / "questions").mkdir()
    (root / "questions" / "s.yaml").write_text(SCALE.replace("shuffle: false", 'shuffle: "no"', 1), encoding="utf-8")
    _, findings = load_project(root)
    assert [str(f) for f in findings] == [
        "questions/s.yaml:8:14: error[wrong-type]: a mcq `shuffle` must be true or false, found text"]


def test_the_real_banks_do_not_put_the_key_first_in_the_fixed_order_outputs():
    root = Path(__file__).resolve().parents[1]
    project, _ = load_project(root)
    mcq = [q for q in project.questions() if q.type == "mcq"]
    if not mcq:
        pytest.skip("no mcq in questions/")
    within = {b.name: b.questions for b in project.banks}
    first = sum(ordered_choices(q, within[q.bank])[0] == q.answer for q in mcq)
    chance = sum(1 / len(q.choices) for q in mcq)
    assert abs(first - chance) <= 0.1 * len(mcq), (first, chance, len(mcq))
