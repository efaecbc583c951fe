"""The quiz page's matcher (templates/answers.js) in headless Chromium, against the same vector
table as the Python matcher (tests/answer_vectors.json), and against Python's keys for every
accepted form of this repository's banks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citequiz.answers import compile_question, keys
from citequiz.answers.tables import rules_json
from citequiz.load import load_project
from citequiz.render.quiz import script_json

from test_answers import VECTORS, compiled

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
SCRIPT = (ROOT / "templates" / "answers.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def matcher(browser):
    """A blank page with the matcher and its tables, as the quiz page inlines them."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_content(f'<script type="application/json" id="answer-rules">{script_json(rules_json())}</script>'
                     f"<script>{SCRIPT}</script>")
    assert page.evaluate("typeof window.citequizAnswers.judge") == "function", errors
    yield page
    assert not errors
    context.close()


def test_canon_vectors_in_chromium(matcher):
    got = matcher.evaluate("vs => vs.map(v => window.citequizAnswers.canon(v[0], v[1]))", VECTORS["canon"])
    wrong = [(text, level, want, out) for (text, level, want), out in zip(VECTORS["canon"], got) if out != want]
    assert not wrong


def test_judge_vectors_in_chromium(matcher):
    groups = [{"slot": compiled(g), "diacritics": g.get("diacritics", True), "cases": g["cases"]}
              for g in VECTORS["judge"]]
    got = matcher.evaluate("""gs => gs.map(g => g.cases.map(c =>
        window.citequizAnswers.judge(c[0], g.slot, g.diacritics)))""", groups)
    wrong = []
    for group, verdicts in zip(VECTORS["judge"], got):
        for (typed, expect, reasons), verdict in zip(group["cases"], verdicts):
            ok = "accept" if verdict["ok"] else "reject"
            if ok != expect or (expect == "accept" and verdict["reasons"] != reasons):
                wrong.append((group["answer"], typed, expect, reasons, verdict))
    assert not wrong
    assert sum(len(v) for v in got) >= 150


def test_the_two_ports_agree_on_every_bank_form(matcher):
    """Python computes the accepted keys at build time and the page folds what is typed: the two
    must fold every accepted form of the real banks to the same key at every level."""
    project, _ = load_project(ROOT)
    texts = sorted({f["text"] for q in project.questions() for s in compile_question(q, project)
                    for f in s["forms"]})
    assert len(texts) > 100
    got = matcher.evaluate("ts => ts.map(t => window.citequizAnswers.keys(t, true))", texts)
    wrong = [(t, keys(t), g) for t, g in zip(texts, got) if keys(t) != g]
    assert not wrong
