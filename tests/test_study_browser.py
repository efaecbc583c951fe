"""The study view (one question at a time), the mastery loop, the end screen, phone layout and
spaced review, in a real headless Chromium over file://, at desktop and phone widths, light and dark.

Expected schedules are FSRS's published behaviour for a new card with the default parameters
and no fuzz (ts-fsrs 5): Again -> due in 1 day, Good -> due in 3 days."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from citequiz.build import build
from citequiz.render.context import RenderContext
from citequiz.load import load_project
from citequiz.render import quiz, source
from citequiz.templating import environment
from test_quiz_browser import FIXTURE, ROOT, axe_violations

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("study")
    shutil.copytree(FIXTURE, work / "every-type")
    build(work / "every-type", work / "build")
    return work / "build"


@pytest.fixture(scope="module")
def questions():
    project, _ = load_project(FIXTURE)
    return {q.id: q for q in project.banks[0].questions}


def new_page(browser, viewport=DESKTOP, scheme="light", context=None):
    """A page in its own context (own storage) that records console errors, at `viewport`."""
    context = context or browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce",
                                             is_mobile=viewport["width"] < 500, has_touch=viewport["width"] < 500,
                                             accept_downloads=True, timezone_id="UTC")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return page


@pytest.fixture(params=[(DESKTOP, "light"), (PHONE, "dark")], ids=["desktop-light", "phone-dark"])
def spage(browser, request):
    viewport, scheme = request.param
    page = new_page(browser, viewport, scheme)
    yield page
    page.context.close()


def go(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("html[data-ready=true]")


def quiz_page(site: Path, query: str = "") -> str:
    return (site / "quiz" / "every-type.html").as_uri() + query


def current(page) -> str:
    return page.evaluate("citequiz.round().current")


def active(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def choice_values(page, qid: str) -> list[str]:
    return page.eval_on_selector_all(f"#q-{qid} input[type=radio], #q-{qid} input[type=checkbox]",
                                     "els => els.map(e => e.value)")


def answer_by_shortcuts(page, q, *, right: bool = True) -> None:
    """Answer the current question from the keyboard, starting where the page put the focus
    (or, if the focus is elsewhere, where a learner would click first)."""
    assert current(page) == q.id
    if not page.evaluate("s => document.activeElement.closest(s) !== null", f"#q-{q.id}"):
        page.focus(f"#q-{q.id} input, #q-{q.id} select")
    if q.type in ("mcq", "multi", "tf"):
        values = choice_values(page, q.id)
        if q.type == "tf":
            wanted = [str(q.answer if right else not q.answer).lower()]
        else:
            good = [str(i) for i, c in enumerate(q.choices) if c == q.answer or c in q.answers]
            wanted = good if right else [v for v in values if v not in good][:1]
        for value in wanted:
            page.keyboard.press(str(values.index(value) + 1))  # digit n picks the n-th choice shown
    elif q.type == "short":
        assert active(page) == f"q-{q.id}-in"
        page.keyboard.type(q.answer if right else "not it")
    elif q.type == "cloze":
        for k, deletion in enumerate(q.deletions, 1):
            assert active(page) == f"q-{q.id}-b{k}"
            page.keyboard.type(deletion.answer if right else "x")
            if k < len(q.deletions):
                page.keyboard.press("Enter")  # moves to the next blank, does not check
                assert page.locator(f"#q-{q.id} .verdict").count() == 0
    elif q.type == "match":
        for i in range(len(q.pairs)):
            select = f"#q-{q.id}-m{i}"
            assert active(page) == select[1:]
            options = page.eval_on_selector_all(f"{select} option", "els => els.map(e => e.value)")
            target = str(i) if right else str((i + 1) % len(q.pairs))
            for _ in range(options.index(target)):
                page.keyboard.press("ArrowDown")
            if i < len(q.pairs) - 1:
                page.keyboard.press("Tab")
    elif q.type == "order":
        if right:  # each item, first to last, moved up to its place with its own "Move up" button
            for target in range(len(q.items)):
                now = page.eval_on_selector_all(f"#q-{q.id} li.order-item", "els => els.map(e => +e.dataset.item)")
                for _ in range(now.index(target) - target):
                    page.focus(f"#q-{q.id} li.order-item[data-item='{target}'] button.move")
                    page.keyboard.press("Enter")
        page.focus("#primary")  # Enter on a Move button moves the item: check from the bar
    page.keyboard.press("Enter")  # Check
    page.wait_for_selector(f"#q-{q.id} .verdict")


def assert_feedback_in_view(page, qid: str) -> None:
    box = page.locator(f"#q-{qid}-feedback").bounding_box()
    verdict = page.locator(f"#q-{qid} .verdict").bounding_box()
    bar = page.locator("#studybar").bounding_box()
    assert box["y"] >= 0, "feedback starts above the window"
    assert verdict["y"] + verdict["height"] <= bar["y"] + 1, "the verdict is under the sticky bar"
    assert bar["y"] + bar["height"] <= page.viewport_size["height"] + 1, "the bar is off screen"


def finish_round(page, questions, *, wrong=()) -> None:
    """Answer until the round ends; questions in `wrong` are missed on their first try."""
    missed = set()
    for _ in range(3 * len(questions)):
        qid, phase = page.evaluate("[citequiz.round().current, citequiz.round().phase]")
        if phase == "end":
            return
        if phase == "feedback":  # left showing an answer: move on first
            page.click("#primary")
            continue
        miss = qid in wrong and qid not in missed
        missed.add(qid)
        answer_by_shortcuts(page, questions[qid], right=not miss)
        page.keyboard.press("Enter")  # Continue
    raise AssertionError("the round did not end")


# ---- the study view by keyboard -------------------------------------------------------------------

def test_a_whole_bank_by_keyboard_with_the_shortcuts(spage, site, questions):
    page = spage
    go(page, quiz_page(site))
    assert page.evaluate("citequiz.view()") == "study"  # the default
    assert page.locator("#questions section.q").count() == 1  # one question at a time
    assert page.inner_text("#progress-text") == "0 of 9 done"
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # into the first question
    for k, qid in enumerate(list(questions)):
        assert current(page) == qid
        assert page.inner_text(f"#q-{qid} .qnum") == f"Question {k + 1} of 9"
        answer_by_shortcuts(page, questions[qid])
        assert page.inner_text(f"#q-{qid} .verdict") == "Correct", qid
        assert active(page) == f"q-{qid}-feedback"  # after Check, focus goes to the feedback
        assert_feedback_in_view(page, qid)
        assert page.inner_text("#primary") == ("Continue" if k < 8 else "See results")
        assert page.get_attribute("#progressbar", "aria-valuenow") == str(k + 1)
        assert page.inner_text("#progress-text") == f"{k + 1} of 9 done"
        page.keyboard.press("Enter")  # Continue
        if k < 8:  # after Continue, focus goes to the next question's first control
            nxt = list(questions)[k + 1]
            assert page.evaluate("s => document.activeElement.closest(s) !== null", f"#q-{nxt}")
    assert page.inner_text("#final") == "Score on first tries: 9 of 9 (100%). Every answer right the first time!"
    assert page.locator("#studybar").is_hidden()
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_shortcuts_flag_toggle_choices_and_list_themselves(page, site):
    go(page, quiz_page(site))
    shown = choice_values(page, "ev-mcq")  # the learner's own order of choices
    page.locator(f"#q-ev-mcq-c{shown[0]}").focus()
    page.keyboard.press("2")
    assert page.is_checked(f"#q-ev-mcq-c{shown[1]}") and not page.is_checked(f"#q-ev-mcq-c{shown[0]}")
    right = shown.index("1")  # 1974, the key
    page.keyboard.press(str(right + 1))
    assert page.is_checked("#q-ev-mcq-c1")
    page.keyboard.press("f")
    assert page.get_attribute("#flag", "aria-pressed") == "true"
    assert "flagged" in page.inner_text("#q-ev-mcq .qnum")
    page.keyboard.press("?")
    assert page.locator("#shortcuts").is_visible()
    assert "flag the question" in page.inner_text("#shortcuts")
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    assert page.locator("#shortcuts").is_hidden()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    first = f"#q-ev-multi-c{choice_values(page, 'ev-multi')[0]}"
    page.click(first)  # multi: a digit toggles
    page.keyboard.press("1")
    assert not page.is_checked(first)
    page.keyboard.press("1")
    assert page.is_checked(first)
    # The map shows the flag and the first answer, and jumps.
    page.click("#qmap > summary")
    assert page.get_attribute("#qmap-list li:nth-child(1) button", "aria-label") == "Question 1: right, flagged"
    assert page.get_attribute("#qmap-list li:nth-child(2) button", "aria-current") == "step"
    page.click("#qmap-list li:nth-child(5) button")
    assert current(page) == "ev-cloze"
    assert page.locator("#q-ev-cloze").is_visible()
    assert page.console_errors == []


# ---- the mastery loop -------------------------------------------------------------------------------

def test_show_answer_counts_as_not_known_and_missed_questions_return(page, site, questions):
    go(page, quiz_page(site))
    answer_by_shortcuts(page, questions["ev-mcq"], right=False)
    assert page.inner_text("#q-ev-mcq .verdict") == "Incorrect"
    page.keyboard.press("Enter")
    assert current(page) == "ev-multi"
    page.click("#reveal")  # Show answer
    assert page.inner_text("#q-ev-multi .verdict") == "Answer shown"
    assert "The right answers: Avalon; Brigadoon; Camelot" in page.inner_text("#q-ev-multi-feedback")
    assert page.inner_text("#score") == "0 right on the first try · 2 to repeat"
    page.click("#primary")
    seen = []
    for _ in range(4):  # each missed one comes back after three others, until answered right
        qid = current(page)
        seen.append(qid)
        again = "again: you missed it earlier" in page.inner_text(f"#q-{qid} .qnum")
        assert again == (qid in ("ev-mcq", "ev-multi")), qid
        assert page.locator(f"#q-{qid} .verdict").count() == 0  # asked afresh
        answer_by_shortcuts(page, questions[qid])
        page.keyboard.press("Enter")
    assert seen == ["ev-tf", "ev-short", "ev-mcq", "ev-multi"]
    # Right the second time: done; their first tries still count as missed.
    assert page.inner_text("#score") == "2 right on the first try"
    assert page.inner_text("#progress-text") == "4 of 9 done"
    finish_round(page, questions)
    assert page.inner_text("#final") == "Score on first tries: 7 of 9 (78%). 2 questions needed a repeat."
    assert page.console_errors == []


def test_the_end_screen_lists_the_missed_questions_with_working_links(spage, site, questions):
    page = spage
    go(page, quiz_page(site))
    finish_round(page, questions, wrong={"ev-tf", "ev-match"})
    end = page.inner_text("#results")
    assert "Score on first tries: 7 of 9 (78%). 2 questions needed a repeat." in end
    assert "Time taken:" in end
    assert "By type" in end and "By tag" in end
    links = page.eval_on_selector_all("ol.missed a.missed-link", "els => els.map(e => e.getAttribute('href'))")
    assert links == ["#q-ev-tf", "#q-ev-match"]
    cites = page.eval_on_selector_all("ol.missed a.cite", "els => els.map(e => e.getAttribute('href'))")
    assert cites == ["../sources/sample.html?q=ev-tf#L3", "../sources/sample.html?q=ev-match#L3"]
    assert axe_violations(page) == []
    page.click("ol.missed a[href='#q-ev-match']")
    page.wait_for_selector("#q-ev-match .verdict")
    assert page.locator("#q-ev-match").is_visible()
    assert page.inner_text("#q-ev-match .verdict") == "Correct"  # its last answer, shown
    page.click("#primary")  # back to the results
    assert page.inner_text("#review-missed") == "Review missed (2)"
    page.click("#review-missed")
    assert page.evaluate("citequiz.round().ids") == ["ev-tf", "ev-match"]
    assert page.inner_text("#progress-text") == "0 of 2 done"
    finish_round(page, questions)
    assert page.inner_text("#final").startswith("Score on first tries: 2 of 2 (100%)")
    page.click("#start-over-end")
    page.click("#confirm-no")
    assert page.evaluate("citequiz.round().ids") == ["ev-tf", "ev-match"]  # cancelled: kept
    page.click("#start-over-end")
    assert axe_violations(page) == []  # the confirmation dialog
    page.click("#confirm-yes")
    assert page.evaluate("citequiz.round().ids") == list(questions)
    assert current(page) == "ev-mcq"
    assert page.console_errors == []


def test_time_taken_counts_the_time_between_answers_but_not_a_break(page, site, questions):
    at(page, T0)
    go(page, quiz_page(site))
    for k, qid in enumerate(questions):
        # 20 s per question, and a two-hour break before the fifth (capped at 5 minutes).
        at(page, T0 + dt.timedelta(seconds=20 * (k + 1) + (2 * 3600 if k >= 4 else 0)))
        answer_by_shortcuts(page, questions[qid])
        page.keyboard.press("Enter")
    assert "Time taken: 7 min 40 s (at most 5 minutes counted per answer)." in page.inner_text("#results")


def test_printing_from_the_study_view_prints_every_question(page, site):
    go(page, quiz_page(site))
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert page.locator("#questions section.q").count() == 9
    page.emulate_media(media="print")
    assert page.locator("#studybar").is_hidden() and page.locator(".toolbar").is_hidden()
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.evaluate("citequiz.view()") == "study"
    assert page.locator("#questions section.q").count() == 1
    assert page.console_errors == []


def test_reload_resumes_the_round_where_it_was(page, site, questions):
    go(page, quiz_page(site))
    answer_by_shortcuts(page, questions["ev-mcq"], right=False)
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    assert current(page) == "ev-mcq"
    assert page.inner_text("#q-ev-mcq .verdict") == "Incorrect"  # still showing its feedback
    page.click("#primary")
    assert current(page) == "ev-multi"
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    assert current(page) == "ev-multi" and page.locator("#q-ev-multi .verdict").count() == 0
    assert page.console_errors == []


# ---- views and links ----------------------------------------------------------------------------------

def test_the_view_toggle_is_remembered_and_links_open_a_question_in_either_view(page, site):
    go(page, quiz_page(site, "#q-ev-cloze"))
    assert current(page) == "ev-cloze" and page.locator("#q-ev-cloze").is_visible()
    page.click("#view-toggle")
    assert page.inner_text("#view-toggle") == "One question at a time"
    page.wait_for_selector("html[data-complete=true]")
    assert page.locator("#questions section.q").count() == 9
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    assert page.evaluate("citequiz.view()") == "list"  # remembered
    page.evaluate("location.hash = '#q-ev-special'")
    page.wait_for_function("""() => { const r = document.getElementById('q-ev-special').getBoundingClientRect();
                                      return r.top >= 0 && r.bottom <= innerHeight; }""")
    assert page.evaluate("window.scrollY") > 0
    page.goto("about:blank")
    go(page, quiz_page(site, "#q-constructor"))  # names no question: nothing happens, no error
    page.click("#view-toggle")
    go(page, quiz_page(site, "#q-ev-special"))
    assert page.evaluate("citequiz.view()") == "study" and current(page) == "ev-special"
    assert page.console_errors == []


# ---- phone layout and accessibility ---------------------------------------------------------------------

def test_on_a_phone_the_first_control_is_on_the_first_screen(browser, site):
    page = new_page(browser, PHONE)
    try:
        go(page, quiz_page(site))
        box = page.locator("#q-ev-mcq-c0").bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]
        assert page.locator("#seed").is_hidden()  # teacher controls are folded into Settings
        page.click("details.settings > summary")
        assert page.locator("#seed").is_visible()
    finally:
        page.context.close()


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_nothing_overflows_at_320_px(browser, site, questions):
    page = new_page(browser, NARROW)
    try:
        go(page, quiz_page(site))
        assert overflow(page) == 0
        page.click("details.settings > summary")
        page.click("#qmap > summary")
        assert overflow(page) == 0
        for qid in questions:  # every type, before and after its feedback
            page.evaluate(f"location.hash = '#q-{qid}'")
            page.wait_for_function(f"citequiz.round().current === '{qid}'")
            assert overflow(page) == 0, qid
            page.click("#reveal")
            assert overflow(page) == 0, qid
        finish_round(page, questions)
        assert overflow(page) == 0
        page.click("#view-toggle")
        assert overflow(page) == 0
    finally:
        page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_any_state_of_the_study_view(browser, site, questions, viewport, scheme):
    page = new_page(browser, viewport, scheme)
    try:
        go(page, quiz_page(site))
        assert axe_violations(page) == [], "start"
        answer_by_shortcuts(page, questions["ev-mcq"], right=False)
        assert axe_violations(page) == [], "wrong answer"
        page.keyboard.press("Enter")
        page.click("#reveal")
        page.click("#qmap > summary")
        page.click("details.settings > summary")
        page.keyboard.press("f")
        assert axe_violations(page) == [], "answer shown, map and settings open, flagged"
        page.evaluate("location.hash = '#q-ev-match'")
        page.wait_for_function("citequiz.round().current === 'ev-match'")
        assert axe_violations(page) == [], "a match question"
        page.click("#primary")
        finish_round(page, questions, wrong={"ev-cloze"})
        assert axe_violations(page) == [], "end screen"
        assert page.console_errors == []
    finally:
        page.context.close()


def test_the_projects_own_banks_put_the_first_control_on_a_phones_first_screen(browser, tmp_path):
    project, _ = load_project(ROOT)
    ctx = RenderContext(project=project, env=environment(ROOT))
    for name, data in [*quiz.render(ctx), *source.render(ctx)]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    page = new_page(browser, PHONE)
    try:
        for html in sorted((tmp_path / "quiz").glob("*.html")):
            go(page, html.as_uri())
            control = page.locator("#questions input, #questions select").first
            box = control.bounding_box()
            assert box["y"] + box["height"] <= PHONE["height"], html.name
            assert overflow(page) == 0, html.name
        assert page.console_errors == []
    finally:
        page.context.close()


# ---- spaced review ------------------------------------------------------------------------------------

def at(page, when: dt.datetime) -> None:
    page.clock.set_fixed_time(when)


def due_on_index(page, site) -> tuple[str, str]:
    go(page, (site / "index.html").as_uri())
    page.wait_for_selector("[data-due-bank='every-type'][data-ready]")
    return (page.inner_text("[data-due-bank='every-type']"), page.inner_text("#review-all"))


def test_spaced_review_brings_questions_back_on_the_right_days(browser, site, questions):
    page = new_page(browser)
    try:
        at(page, T0)
        go(page, quiz_page(site))
        assert page.locator("#review-due").is_hidden()
        finish_round(page, questions, wrong={"ev-mcq", "ev-short"})
        assert page.locator("#review-due").is_hidden()  # nothing due today: all were scheduled ahead
        assert due_on_index(page, site)[0] == "0 due today"
        at(page, T0 + dt.timedelta(days=1))  # the two missed (Again): due after a day
        go(page, quiz_page(site))
        assert page.inner_text("#review-due") == "Review due questions (2)"
        assert page.inner_text("#due-note") == "2 questions due for review today"
        assert due_on_index(page, site) == ("2 due today", "Review due questions (2)")
        at(page, T0 + dt.timedelta(days=3))  # the six right the first time (Good): after 3 days
        assert due_on_index(page, site) == ("9 due today", "Review due questions (9)")
        # The combined review page runs the due questions of every bank as one round.
        page.click("#review-all")
        page.wait_for_selector("html[data-ready=true]")
        assert page.evaluate("citequiz.round().ids") == list(questions)
        finish_round(page, questions)
        assert due_on_index(page, site)[0] == "0 due today"
        go(page, (site / "review.html").as_uri())  # the same day: nothing left to review
        assert page.inner_text("#final") == "Nothing is due for review today."
        assert page.locator("#studybar").is_hidden()
        assert axe_violations(page) == []
        # Per bank: "Review due questions" in the quiz runs just the due ones.
        at(page, T0 + dt.timedelta(days=3 + 30))
        go(page, quiz_page(site))
        count = page.inner_text("#review-due")
        assert count == "Review due questions (9)"
        page.click("#review-due")
        assert page.evaluate("citequiz.round().kind") == "due"
        assert page.inner_text("#progress-text") == "0 of 9 done"
        go(page, (site / "review.html").as_uri())  # a new day: a new review round
        assert page.evaluate("citequiz.round().ids") == list(questions)
        assert page.console_errors == []
    finally:
        page.context.close()


def test_show_answer_rates_again_and_a_question_is_rated_once_a_day(browser, site, questions):
    page = new_page(browser)
    try:
        at(page, T0)
        go(page, quiz_page(site))
        page.click("#reveal")  # ev-mcq: Show answer = Again, due tomorrow
        finish_round(page, questions)
        page.click("#start-over-end")
        page.click("#confirm-yes")
        finish_round(page, questions, wrong=set(questions))  # the same day, all wrong: not rated again
        at(page, T0 + dt.timedelta(days=1))
        assert due_on_index(page, site)[0] == "1 due today"
        at(page, T0 + dt.timedelta(days=3))
        assert due_on_index(page, site)[0] == "9 due today"
        assert axe_violations(page) == []  # the index with its counts
        page.emulate_media(color_scheme="dark")
        assert axe_violations(page) == []
    finally:
        page.context.close()


def test_a_changed_question_starts_its_schedule_afresh(browser, site, questions, tmp_path):
    page = new_page(browser)
    try:
        at(page, T0)
        go(page, quiz_page(site))
        finish_round(page, questions)
        project = tmp_path / "every-type"
        shutil.copytree(FIXTURE, project)
        bank = project / "questions" / "every-type.yaml"
        bank.write_text(bank.read_text(encoding="utf-8").replace('["1972", "1974", "1976", "1978"]',
                                                                '["1970", "1974", "1976", "1978"]'), encoding="utf-8")
        build(project, tmp_path / "build")
        at(page, T0 + dt.timedelta(days=3))
        assert due_on_index(page, tmp_path / "build")[0] == "8 due today"  # ev-mcq is new again
        go(page, (tmp_path / "build" / "quiz" / "every-type.html").as_uri())
        assert page.inner_text("#review-due") == "Review due questions (8)"
    finally:
        page.context.close()


def test_export_then_import_restores_the_progress(browser, site, questions, tmp_path):
    page = new_page(browser)
    try:
        at(page, T0)
        go(page, quiz_page(site))
        finish_round(page, questions, wrong={"ev-tf"})
        page.click("details.settings > summary")
        with page.expect_download() as info:
            page.click("#export")
        saved = tmp_path / "progress.json"
        info.value.save_as(saved)
        data = json.loads(saved.read_text(encoding="utf-8"))
        assert data["format"] == "citequiz-progress" and data["project"] == "every-type-fixture-co"
        assert sorted(data["entries"]) == ["bank:every-type", "prefs", "schedule"]  # prefs: the choice order
        assert len(data["entries"]["schedule"]["cards"]) == 9
    finally:
        page.context.close()
    other = new_page(browser)  # another device: empty storage
    try:
        at(other, T0 + dt.timedelta(days=1))
        assert due_on_index(other, site) == ("0 due today", "Review due questions (0)")
        other.click("#progress-tools > summary")
        other.set_input_files("#import", str(saved))
        other.wait_for_function("document.getElementById('transfer-status').textContent.startsWith('Imported')")
        assert "the schedule of 9 questions" in other.inner_text("#transfer-status")
        assert other.inner_text("[data-due-bank='every-type']") == "1 due today"
        go(other, quiz_page(site))
        assert other.inner_text("#final").startswith("Score on first tries: 8 of 9")  # the round too
        assert other.inner_text("#review-due") == "Review due questions (1)"
        # A file from another project is refused with a reason, and changes nothing.
        wrong = tmp_path / "other.json"
        wrong.write_text(json.dumps({**data, "project": "another"}), encoding="utf-8")
        other.click("details.settings > summary")
        other.set_input_files("#import", str(wrong))
        other.wait_for_function("document.getElementById('transfer-status').textContent.startsWith('Nothing')")
        assert "“another”" in other.inner_text("#transfer-status")
        assert other.console_errors == []
    finally:
        other.context.close()
