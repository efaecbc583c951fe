"""The answer matcher in Python against the shared vector table (tests/answer_vectors.json),
which tests/test_answers_browser.py runs against the quiz page's JavaScript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citequiz.answers import canon, judge
from citequiz.answers.compile import acronyms, compile_forms

VECTORS = json.loads((Path(__file__).parent / "answer_vectors.json").read_text(encoding="utf-8"))


def compiled(group: dict) -> dict:
    """A vector group's slot, compiled as the build compiles one (the JS test uses the same)."""
    return compile_forms(group["answer"], group.get("accept", ()), group.get("reject", ()),
                         defined=[tuple(p) for p in group.get("defined", ())], dates=group.get("dates", ()),
                         cited=group.get("cited", ()),
                         vocab=frozenset(group.get("vocab", ())), diacritics=group.get("diacritics", True))


def judge_cases():
    for g, group in enumerate(VECTORS["judge"]):
        for typed, expect, reasons in group["cases"]:
            yield pytest.param(group, typed, expect, reasons, id=f"{group['answer']}|{typed}")


def test_the_table_is_large_and_two_sided():
    cases = [c for g in VECTORS["judge"] for c in g["cases"]]
    assert len(cases) >= 150
    assert sum(c[1] == "accept" for c in cases) >= 60 and sum(c[1] == "reject" for c in cases) >= 60


@pytest.mark.parametrize("text,level,expected", VECTORS["canon"], ids=[f"{t}@{l}" for t, l, _ in VECTORS["canon"]])
def test_canon(text, level, expected):
    assert canon(text, level) == expected


@pytest.mark.parametrize("group,typed,expect,reasons", list(judge_cases()))
def test_judge(group, typed, expect, reasons):
    verdict = judge(typed, compiled(group), diacritics=group.get("diacritics", True))
    assert ("accept" if verdict["ok"] else "reject") == expect, verdict
    if expect == "accept":
        assert verdict["reasons"] == reasons


def test_a_tolerated_typo_names_the_right_spelling():
    verdict = judge("island of democrasy", compiled({"answer": "island of democracy"}))
    assert verdict["typos"] == [["democrasy", "democracy"]]
    assert verdict["form"] == "island of democracy"


def test_a_reject_form_says_so():
    verdict = judge("Trade Act 1975", compiled({"answer": "Trade Act 1974", "reject": ["Trade Act 1975"]}))
    assert verdict == {"ok": False, "reasons": [], "form": None, "typos": [], "rejected": True}


def test_acronyms_defined_in_a_text():
    text = ("The current United States (US) administration; the US Agency for International "
            "Development (USAID); the U.S. International Development Finance Corporation (DFC); "
            "granting permanent normal trade relations (PNTR); the European Union (EU).")
    assert acronyms(text) == [
        ("United States", "US"), ("US Agency for International Development", "USAID"),
        ("Development Finance Corporation", "DFC"), ("permanent normal trade relations", "PNTR"),
        ("European Union", "EU"),
    ]


def test_a_date_takes_the_year_of_the_source_only():
    slot = compiled({"answer": "November 6", "dates": ["@2025-11-06", "@2024-02-01"]})
    assert [f["text"] for f in slot["forms"]] == ["November 6", "November 6, 2025"]
    assert [f.get("via") for f in slot["forms"]] == [None, "date"]


def test_near_words_are_those_a_typo_could_reach():
    slot = compiled({"answer": "Russia", "vocab": ["russia", "russian", "prussia", "belarus", "rus"]})
    assert slot["near"] == ["prussia", "russian"]


def test_the_answers_table_is_checked_at_its_lines_and_turns_diacritics_off(every_type):
    from citequiz.answers import compile_question, settings
    from citequiz.check import check_project
    from citequiz.load import load_project

    toml = every_type / "citequiz.toml"
    base = toml.read_text(encoding="utf-8") if toml.exists() else ""
    toml.write_text(base + '\n[answers]\nfold_diacritics = "no"\nfold_case = true\n', encoding="utf-8")
    project, _ = load_project(every_type)
    found = [str(f) for f in check_project(project) if f.rule == "config-answers"]
    lines = base.count("\n") + 1
    assert found == [
        f"citequiz.toml:{lines + 2}:1: error[config-answers]: `fold_diacritics` in [answers] must be true or false",
        f"citequiz.toml:{lines + 3}:1: error[config-answers]: unknown key `fold_case` in [answers]; allowed: `fold_diacritics`",
    ]
    toml.write_text(base + "\n[answers]\nfold_diacritics = false\n", encoding="utf-8")
    project, _ = load_project(every_type)
    assert settings(project).diacritics is False
    assert not [f for f in check_project(project) if f.rule == "config-answers"]
    slot = compile_question(next(q for q in project.questions() if q.type == "short"), project)[0]
    assert judge("Résumé", {**slot, "forms": [{"text": "resume", "keys": ["resume"] * 4, "protect": []}]},
                 diacritics=False)["ok"] is False


def test_the_ascii_fast_path_tokenises_as_the_character_loop():
    from citequiz.answers.fold import _tokens_loop, chars, tokens

    texts = [t for t, _, _ in VECTORS["canon"]] + [c[0] for g in VECTORS["judge"] for c in g["cases"]]
    texts += ["1,000.5 and 2.5.1, 3,4;5 $17bn ~40 a=b+c <x> #1 ^2 *", "...1974..", "9,99,999", "x1y2"]
    ascii_texts = [chars(t) for t in texts if t.isascii()]
    assert len(ascii_texts) > 250
    assert [tokens(t) for t in ascii_texts] == [_tokens_loop(t) for t in ascii_texts]
