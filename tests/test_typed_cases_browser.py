"""This repository's own typed answers (tests/typed_cases.yaml), typed into the built quiz pages
in headless Chromium: every reasonable answer is marked Correct, every wrong one is not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import show_all_questions
import yaml

from citequiz.build import build
from citequiz.load import load_project

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
CASES = yaml.safe_load((Path(__file__).parent / "typed_cases.yaml").read_text(encoding="utf-8"))

# Runs in the page: for each case, type into the question's field(s) as a learner would (the
# other blanks of a cloze get their answers), press "Check answer", read the verdict of the
# question and of the blank under test, then "Start over".
RUN = """cases => cases.map(c => {
  const section = document.getElementById("q-" + c.id);
  const fields = [...section.querySelectorAll("input[type=text]")];
  fields.forEach((input, k) => {
    input.value = k === c.blank ? c.typed : c.fill[k];
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  section.querySelector("button.check").click();
  const verdict = section.querySelector(".verdict").textContent;
  const items = [...section.querySelectorAll(".feedback ul.answer > li")];
  const blank = items.length ? items[c.blank].textContent : verdict;
  document.getElementById("start-over").click();
  document.getElementById("confirm-yes").click();
  return { verdict, right: items.length ? blank.includes("(yours is right)") : verdict === "Correct" };
})"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("typed")
    for name in ("questions", "seeds"):
        shutil.copytree(ROOT / name, work / "repo" / name)
    shutil.copy(ROOT / "citequiz.toml", work / "repo" / "citequiz.toml")
    build(work / "repo", work / "build")
    project, _ = load_project(work / "repo")
    return work / "build", {q.id: q for q in project.questions()}


def test_every_short_and_cloze_question_has_cases():
    project, _ = load_project(ROOT)
    typed = {q.id for q in project.questions() if q.type in ("short", "cloze")}
    assert set(CASES) == typed
    for qid, case in CASES.items():
        for group in ([case] if "right" in case else case.values()):
            assert len(group["right"]) >= 2 and len(group["wrong"]) >= 2, qid


def test_reasonable_answers_are_accepted_and_wrong_ones_rejected_in_the_quiz(page, built):
    site, questions = built
    by_bank: dict[str, list[dict]] = {}
    for qid, case in CASES.items():
        q = questions[qid]
        fill = [str(q.answer)] if q.type == "short" else [d.answer for d in q.deletions]
        numbers = [f"c{d.number}" for d in q.deletions] if q.type == "cloze" else ["answer"]
        groups = {"answer": case} if "right" in case else case
        for label, group in groups.items():
            for blank, name in enumerate(numbers):
                if name != label:
                    continue
                for expect, texts in (("right", group["right"]), ("wrong", group["wrong"])):
                    for typed in texts:
                        by_bank.setdefault(q.bank, []).append(
                            {"id": qid, "blank": blank, "fill": fill, "typed": typed, "expect": expect, "label": label})
    wrong, total = [], 0
    for bank, cases in sorted(by_bank.items()):
        page.goto((site / "quiz" / f"{bank}.html").as_uri())
        show_all_questions(page)
        results = page.evaluate(RUN, cases)
        for case, result in zip(cases, results):
            total += 1
            if result["right"] != (case["expect"] == "right"):
                wrong.append((case["id"], case["label"], case["typed"], case["expect"], result["verdict"]))
    assert not wrong
    assert total >= 500
    assert page.console_errors == []


def test_a_few_typed_with_the_keyboard(page, built):
    site, _ = built
    page.goto((site / "quiz" / "deals-2025.html").as_uri())
    show_all_questions(page)
    for typed, verdict in (("17 billion dollars", "Correct"), ("$71 billion", "Incorrect")):
        page.click("#q-deal-kazakhstan-17bn-in")
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        assert page.inner_text("#q-deal-kazakhstan-17bn .verdict") == verdict
        page.evaluate("document.getElementById('start-over').click(); document.getElementById('confirm-yes').click()")
    page.click("#q-deal-summit-date-in")
    page.keyboard.type("6th November")
    page.keyboard.press("Enter")
    assert page.inner_text("#q-deal-summit-date .verdict") == "Correct"
    assert page.inner_text("#q-deal-summit-date-feedback .reason") == "accepted: same date"
