"""What the literal-comparing consumers get of the matcher: Anki's typed card, GIFT, QTI, CSV and
TSV list forms, read back with the readers the other tests use (tests/gift_reader.py, the QTI XML)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from citequiz.markup.content import content_of
from citequiz.answers import compile_question, judge
from citequiz.answers.variants import LIMIT, accepted_forms, lms_forms
from citequiz.load import load_project
from citequiz.render import gift, qti, tabular

from gift_reader import read

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project():
    project, findings = load_project(ROOT)
    assert not [f for f in findings if f.severity == "error"]
    return project


def by_id(project, qid):
    return next(q for q in project.questions() if q.id == qid)


def test_lms_forms_add_what_moodle_would_not_fold(project):
    slot = compile_question(by_id(project, "deal-kazakhstan-17bn"), project)[0]
    forms = lms_forms(slot)
    assert forms[:2] == ["$17 billion", "17 billion"]  # the author's, first
    for written in ("US$17 billion", "17 billion dollars", "17 billion USD", "$17bn"):
        assert written in forms
    date = lms_forms(compile_question(by_id(project, "deal-summit-date"), project)[0])
    for written in ("November 6", "6 November", "November 6th", "Nov. 6", "November 6, 2025"):
        assert written in date
    usaid = lms_forms(compile_question(by_id(project, "lim-usaid-name"), project)[0])
    assert "United States Agency for International Development" in usaid


def test_every_listed_form_is_one_the_matcher_accepts_and_none_repeats_in_other_case(project):
    for q in project.questions():
        for slot in compile_question(q, project):
            forms = lms_forms(slot)
            assert len(forms) <= LIMIT
            assert len({f.casefold() for f in forms}) == len(forms)
            assert all(judge(f, slot)["ok"] for f in forms), (q.id, forms)


def test_gift_and_qti_carry_the_variants(project):
    bank = next(b for b in project.banks if b.name == "deals-2025")
    parsed = {g["name"]: g for g in read(gift.render_bank(project, bank)) if "name" in g}
    answers = [a["text"] for a in parsed["deal-kazakhstan-17bn"]["answers"]]
    assert "US$17 billion" in answers and "$17bn" in answers
    assert all(a["fraction"] == 1 for a in parsed["deal-kazakhstan-17bn"]["answers"])
    data = qti.package(project, bank)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = next(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml") and "meta" not in n
                   and "manifest" not in n)
    assert '<varequal respident="response1">17 billion USD</varequal>' in xml


def test_anki_typed_back_and_csv_tsv_list_the_accepted_forms(project):
    from citequiz.render import anki

    q = by_id(project, "lim-usaid-name")
    _, fields, cards = anki._short(q, typed=True, rich=anki.Rich(content_of(project)), project=project)
    assert "Also accepted: US Agency for International Development" in fields["Answer"]
    assert cards == (0, 1) and fields["Typed"] == "USAID"
    bank = next(b for b in project.banks if b.name == "partnership-limits")
    data = tabular.csv_bytes(bank, typed=tabular.typed_forms(project, bank))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    row = next(r for r in rows if r["id"] == "lim-usaid-name")
    assert row["answer"].split("\n") == ["USAID", "US Agency for International Development"]
    front, back = tabular.card(q, [accepted_forms(compile_question(q, project)[0])])
    assert back == "USAID (also: US Agency for International Development)"
    assert bank.questions


def test_csv_lists_a_match_pairs_other_forms(project):
    from dataclasses import replace

    q = next(q for q in project.questions() if q.type == "match")
    first = replace(q.pairs[0], accept=("another form", "a third"))
    cells = tabular.row(replace(q, pairs=(first, *q.pairs[1:])))["answer"].split("\n")
    assert cells[0] == f"{first.left} → {first.right} (also: another form; a third)"
    assert cells[1] == f"{q.pairs[1].left} → {q.pairs[1].right}"
