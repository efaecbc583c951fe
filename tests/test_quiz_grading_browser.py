"""Grading in the built quiz, in headless Chromium: typed answers through the answer matcher
(reasons, the typed-against-answer diff, "I was right"), and partial credit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import show_all_questions

from citequiz.build import build

from test_quiz_browser import FIXTURE, open_quiz

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
VERDICTS = ("Correct", "Incorrect")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture project and this repository's banks, built once for this module."""
    work = tmp_path_factory.mktemp("grading")
    shutil.copytree(FIXTURE, work / "every-type")
    build(work / "every-type", work / "build")
    repo = work / "repo"
    for name in ("questions", "seeds"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "citequiz.toml", repo / "citequiz.toml")
    build(repo, work / "repo-build")
    return work


def verdict(page, qid: str) -> str:
    return page.inner_text(f"#q-{qid} .verdict")


def type_answer(page, qid: str, text: str) -> None:
    page.fill(f"#q-{qid}-in", text)
    page.press(f"#q-{qid}-in", "Enter")
    page.wait_for_selector(f"#q-{qid} .verdict")


def test_a_tolerated_typo_is_accepted_with_the_right_spelling_and_a_diff(page, site):
    page.goto((site / "repo-build" / "quiz" / "jackson-vanik.html").as_uri())
    show_all_questions(page)
    type_answer(page, "jv-island-of-democracy", "an island of democrasy")
    assert verdict(page, "jv-island-of-democracy") == "Correct"
    feedback = page.locator("#q-jv-island-of-democracy-feedback")
    assert feedback.locator(".reason").inner_text() == "accepted: spelling (the spelling is “democracy”)"
    # The diff: what was typed beside the answer, the differing letters marked in words' places.
    assert feedback.locator(".diff").inner_text() == "You typed: an island of democrasy\nThe answer: island of democracy"
    assert feedback.locator(".diff del").all_inner_texts() == ["an ", "s"]
    assert feedback.locator(".diff ins").all_inner_texts() == ["c"]
    assert page.locator("#q-jv-island-of-democracy .i-was-right").count() == 0
    assert page.console_errors == []


def test_a_rule_names_why_an_answer_was_accepted(page, site):
    page.goto((site / "repo-build" / "quiz" / "jackson-vanik.html").as_uri())
    show_all_questions(page)
    type_answer(page, "jv-enacted-year", "In 1974.")
    assert verdict(page, "jv-enacted-year") == "Correct"
    assert page.inner_text("#q-jv-enacted-year-feedback .reason") == "accepted: same number"
    type_answer(page, "jv-bill-name", "US Kazakhstan Trade Modernisation Act")
    assert verdict(page, "jv-bill-name") == "Correct"
    assert page.inner_text("#q-jv-bill-name-feedback .reason") == "accepted: British/American spelling"
    type_answer(page, "jv-kyrgyz-escape-year", "2020")
    assert verdict(page, "jv-kyrgyz-escape-year") == "Incorrect"
    assert page.locator("#q-jv-kyrgyz-escape-year-feedback .reason").count() == 0
    assert page.console_errors == []


def test_i_was_right_counts_an_incorrect_typed_answer_and_records_the_override(page, site):
    open_quiz(page, site / "build")
    type_answer(page, "ev-short", "a = b + d")
    assert verdict(page, "ev-short") == "Incorrect"
    assert page.inner_text("#score") == "0 right on the first try · 1 to repeat"
    page.click("#q-ev-short .i-was-right")
    assert verdict(page, "ev-short") == "Correct"
    assert "override recorded" in page.inner_text("#q-ev-short-feedback .override")
    assert page.locator("#q-ev-short .i-was-right").count() == 0
    assert page.inner_text("#score") == "1 right on the first try"  # overruled on its first try
    saved = page.evaluate("JSON.parse(localStorage.getItem('citequiz:every-type-fixture-co:bank:every-type'))")["answers"]["ev-short"]
    assert saved["override"] is True and saved["ok"] is True and saved["r"] == "a = b + d"
    page.reload()
    show_all_questions(page)
    assert verdict(page, "ev-short") == "Correct"
    assert page.locator("#q-ev-short-feedback .override").count() == 1
    # A choice question has nothing to overrule.
    page.check("#q-ev-mcq-c0")
    page.click("#q-ev-mcq button.check")
    assert verdict(page, "ev-mcq") == "Incorrect"
    assert page.locator("#q-ev-mcq .i-was-right").count() == 0
    assert page.console_errors == []


def test_partial_credit_for_multi_match_and_cloze(page, site):
    open_quiz(page, site / "build")
    page.check("#q-ev-multi-c0")
    page.check("#q-ev-multi-c1")  # two of the three right ones, no wrong one
    page.click("#q-ev-multi button.check")
    assert verdict(page, "ev-multi") == "Partly correct (2 of 3)"
    # Partly correct is not yet right: the question is to repeat, and the score counts whole ones.
    assert page.inner_text("#score") == "0 right on the first try · 1 to repeat"
    page.select_option("#q-ev-match-m0", "0")  # Avalon -> 2006: right
    page.select_option("#q-ev-match-m1", "2")  # Brigadoon -> remains bound: wrong
    page.select_option("#q-ev-match-m2", "1")
    page.click("#q-ev-match button.check")
    assert verdict(page, "ev-match") == "Partly correct (1 of 3)"
    page.fill("#q-ev-cloze-b1", "in 2006")
    page.fill("#q-ev-cloze-b2", "2016")
    page.click("#q-ev-cloze button.check")
    assert verdict(page, "ev-cloze") == "Partly correct (1 of 2)"
    assert page.inner_text("#score") == "0 right on the first try · 3 to repeat"
    page.check("#q-ev-mcq-c1")
    page.click("#q-ev-mcq button.check")
    # Wrong ticks cost as much as right ones earn: all four ticked is 3 - 1 = 2 of 3.
    page.click("#q-ev-multi button.again")
    for i in range(4):
        page.check(f"#q-ev-multi-c{i}")
    page.click("#q-ev-multi button.check")
    assert verdict(page, "ev-multi") == "Partly correct (2 of 3)"
    statuses = page.eval_on_selector_all(".feedback[role=status] .verdict", "els => els.map(e => e.textContent)")
    assert statuses and all(s in VERDICTS or s.startswith("Partly correct (") for s in statuses)
    assert page.console_errors == []
