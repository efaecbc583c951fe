"""LMS exports (GIFT, QTI 1.2, CSV, TSV) and the printable page: golden files, and round trips
that read our files back the way Moodle and Canvas do and recover every question.

Regenerate the golden files after an intended change with:
    CITEQUIZ_REGEN=1 .venv/bin/pytest tests/test_lms.py
then review `git diff tests/golden/`.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from citequiz.build import render_all
from citequiz.load import load_project
from citequiz.model import CLOZE_RE, cloze_filled
from citequiz.render import gift, qti, tabular

from gift_reader import GRADES, read

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "every-type"
ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "every-type"
REGEN = os.environ.get("CITEQUIZ_REGEN") == "1"
Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


@pytest.fixture(scope="module")
def project():
    project, findings = load_project(FIXTURE)
    assert not [f for f in findings if f.severity == "error"]
    return project


@pytest.fixture(scope="module")
def outputs(project):
    return render_all(project)


def _qti_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _golden_texts(outputs) -> dict[str, bytes]:
    texts = {
        "every-type.gift.txt": outputs["lms/every-type.gift.txt"],
        "every-type.csv": outputs["lms/every-type.csv"],
        "every-type.tsv": outputs["lms/every-type.tsv"],
        "every-type.print.html": outputs["print/every-type.html"],
    }
    for name, data in _qti_files(outputs["lms/every-type.qti.zip"]).items():
        if not name.endswith("/"):
            texts["qti/" + re.sub(r"cq[0-9a-f]{24}", "QUIZ", name)] = data
    return texts


def test_golden_files(outputs):
    texts = _golden_texts(outputs)
    if REGEN:
        for name, data in texts.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    stale = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert stale == sorted(texts), "golden files and outputs differ in name; regenerate (see module docstring)"
    for name, data in texts.items():
        assert data == (GOLDEN / name).read_bytes(), f"{name} differs from tests/golden/every-type/{name}"


def test_outputs_are_byte_identical_on_rebuild(project, outputs):
    assert render_all(project) == outputs


# ---------------------------------------------------------------- GIFT


def test_gift_escapes_every_special_character():
    assert gift.escape("a ~ = # { } : \\ b\nc") == "a \\~ \\= \\# \\{ \\} \\: \\\\ b\\nc"
    assert gift.weight(3) == "33.33333" and gift.weight(6) == "16.66667" and gift.weight(4) == "25"


def test_gift_has_no_unescaped_special_character_outside_syntax(outputs):
    """Every text from the bank went through escape(): outside comments and the category line,
    an unescaped `{`, `}` or `#` appears only as GIFT's own syntax."""
    text = outputs["lms/every-type.gift.txt"].decode()
    for line in text.splitlines():
        if line.startswith("//") or line.startswith("$CATEGORY:") or not line:
            continue
        bare = re.sub(r"\\.", "", line)  # drop escaped pairs
        bare = re.sub(r"^::[a-z0-9-]+::\[plain\]", "", bare)
        bare = bare.replace("####", "").replace("->", "")
        assert bare.count("{") <= 1 and bare.count("}") <= 1, line
        assert "#" not in bare and ":" not in bare, line


def test_gift_round_trip_recovers_every_question(project, outputs):
    parsed = read(outputs["lms/every-type.gift.txt"].decode())
    assert parsed[0]["qtype"] == "category"
    assert parsed[0]["category"] == "$course$/top/Every Type <Fixture> & Co/Every type & <special> characters"
    _gift_round_trip(project.questions(), parsed[1:])


def _real_banks():
    if not any((ROOT / "questions").glob("*.yaml")):
        pytest.skip("no banks in questions/ yet")
    project, findings = load_project(ROOT)
    assert not [f for f in findings if f.severity == "error"]
    return project, render_all(project)


def test_gift_and_qti_round_trip_on_the_real_banks():
    project, outputs = _real_banks()
    for bank in project.banks:
        parsed = read(outputs[f"lms/{bank.name}.gift.txt"].decode())
        assert [p["qtype"] for p in parsed[:1]] == ["category"]
        _gift_round_trip(list(bank.questions), parsed[1:])
        _qti_round_trip(list(bank.questions), _assessment(outputs, bank.name))


def _gift_round_trip(questions, parsed):
    by_name = {q["name"]: q for q in parsed}
    assert len(by_name) == len(parsed)
    seen = set()
    for q in questions:
        if q.type == "cloze":
            numbers = [d.number for d in q.deletions]
            for k, m in enumerate(CLOZE_RE.finditer(q.text)):
                if len(numbers) == 1:
                    name = q.id
                elif numbers.count(numbers[k]) == 1:
                    name = f"{q.id}-c{numbers[k]}"
                else:
                    name = f"{q.id}-c{numbers[k]}-{numbers[:k + 1].count(numbers[k])}"
                g = by_name[name]
                seen.add(g["name"])
                assert g["qtype"] == "shortanswer" and g["missingword"]
                assert [a["text"] for a in g["answers"]] == [m.group(2)]
                filled_before = cloze_filled(q.text[: m.start()])
                hint = f" [{m.group(3)}]" if m.group(3) else ""
                assert g["questiontext"] == (filled_before + "_____" + hint + cloze_filled(q.text[m.end():])).strip()
                assert g["generalfeedback"] == q.explanation
                assert g["idnumber"] == g["name"] == name
            continue
        g = by_name[q.id]
        seen.add(q.id)
        assert g["format"] == "plain"
        assert g["questiontext"] == q.prompt
        assert g["generalfeedback"] == (q.explanation or "")
        assert g["idnumber"] == q.id and g["tags"] == list(q.tags)
        assert all(c.label in g["comments"][0] for c in q.sources)
        if q.type == "mcq":
            assert g["qtype"] == "multichoice" and g["single"]
            assert [a["text"] for a in g["answers"]] == list(q.choices)
            assert [a["text"] for a in g["answers"] if a["fraction"] == 1] == [q.answer]
        elif q.type == "multi":
            assert g["qtype"] == "multichoice" and not g["single"]
            assert [a["text"] for a in g["answers"]] == list(q.choices)
            right = [a for a in g["answers"] if a["fraction"] > 0]
            assert [a["text"] for a in right] == [c for c in q.choices if c in q.answers]
            assert sum(a["fraction"] for a in right) == pytest.approx(1, abs=1e-6)
            # ticking every box must not give full marks
            assert sum(a["fraction"] for a in g["answers"]) <= 1e-6
        elif q.type == "tf":
            assert g["qtype"] == "truefalse" and g["correct"] is q.answer
        elif q.type == "short":
            assert g["qtype"] == "shortanswer"
            assert [a["text"].replace("\\*", "*") for a in g["answers"]] == [q.answer, *q.accept]
        elif q.type == "match":
            assert g["qtype"] == "match"
            assert g["pairs"] == [(p.left, p.right) for p in q.pairs]
    assert seen == set(by_name)


@pytest.mark.parametrize("n_right,n_wrong", [(1, 3), (2, 2), (3, 1), (3, 3), (5, 1), (6, 0), (4, 2)])
def test_gift_multi_weights_are_grades_moodle_accepts(project, n_right, n_wrong):
    from dataclasses import replace

    base = next(q for q in project.questions() if q.type == "multi")
    choices = tuple(f"choice {i}" for i in range(n_right + n_wrong))
    q = replace(base, choices=choices, answers=choices[:n_right])
    (g,) = read("\n".join(gift.question_blocks(q)))
    fractions = [a["fraction"] for a in g["answers"]]
    assert all(abs(abs(f) - min(GRADES, key=lambda v: abs(v - abs(f)))) < 1e-5 for f in fractions)
    assert sum(f for f in fractions if f > 0) == pytest.approx(1, abs=1e-6)
    assert sum(fractions) <= 1e-6 or n_wrong == 0


def test_gift_reports_a_match_it_cannot_export(project):
    from dataclasses import replace

    base = next(q for q in project.questions() if q.type == "match")
    short = replace(base, pairs=base.pairs[:2])
    lines = gift.question_blocks(short)
    assert lines[0].startswith("// NOT EXPORTED [id:ev-match]: GIFT matching needs at least 3 pairs; this question has 2")
    arrow = replace(base, pairs=(replace(base.pairs[0], left="a -> b"), *base.pairs[1:]))
    assert "cannot escape" in gift.question_blocks(arrow)[0]


def test_gift_cloze_at_end_of_text_keeps_its_blank(project):
    from dataclasses import replace

    base = next(q for q in project.questions() if q.type == "cloze")
    q = replace(base, text="The treaty was signed in {{c1::1974}}")
    (g,) = read("\n".join(gift.question_blocks(q)))
    assert g["questiontext"] == "The treaty was signed in _____"
    assert [a["text"] for a in g["answers"]] == ["1974"]


# ---------------------------------------------------------------- QTI


def _text(el) -> str:
    """What a mattext shows: its HTML as plain text."""
    raw = el.text or ""
    raw = re.sub(r"<br>", "\n", raw)
    return html.unescape(re.sub(r"</?p>", "", raw))


def test_qti_package_is_well_formed_and_resolves(outputs):
    files = _qti_files(outputs["lms/every-type.qti.zip"])
    assert "imsmanifest.xml" in files
    manifest = ET.fromstring(files["imsmanifest.xml"])
    ns = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
    resources = manifest.findall(f"{ns}resources/{ns}resource")
    ids = [r.get("identifier") for r in resources]
    assert len(ids) == len(set(ids)) == 2
    for r in resources:
        for f in r.findall(f"{ns}file"):
            assert f.get("href") in files, f"manifest names {f.get('href')}, not in the zip"
        for d in r.findall(f"{ns}dependency"):
            assert d.get("identifierref") in ids
    for name, data in files.items():
        if name.endswith(".xml"):
            ET.fromstring(data)  # well-formed
    with zipfile.ZipFile(io.BytesIO(outputs["lms/every-type.qti.zip"])) as zf:
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())


def _assessment(outputs, bank="every-type"):
    files = _qti_files(outputs[f"lms/{bank}.qti.zip"])
    (name,) = [n for n in files if n.endswith(".xml") and "/" in n and not n.endswith("assessment_meta.xml")]
    return ET.fromstring(files[name])


def test_qti_identifiers_are_unique(outputs):
    root = _assessment(outputs)
    items = root.iter(f"{Q}item")
    idents = [i.get("ident") for i in items]
    assert len(idents) == len(set(idents))
    answer_ids = []
    for field in root.iter(f"{Q}qtimetadatafield"):
        if field.find(f"{Q}fieldlabel").text == "original_answer_ids":
            answer_ids += (field.find(f"{Q}fieldentry").text or "").split(",")
    assert len(answer_ids) == len(set(answer_ids))
    for lid in root.iter(f"{Q}response_lid"):
        labels = [rl.get("ident") for rl in lid.iter(f"{Q}response_label")]
        assert len(labels) == len(set(labels))


def test_qti_round_trip_recovers_every_question(project, outputs):
    _qti_round_trip(project.questions(), _assessment(outputs))


def _qti_round_trip(questions, root):
    items = {i.get("ident"): i for i in root.iter(f"{Q}item")}
    assert list(items) == [f"cq_{q.id}" for q in questions]
    for q in questions:
        it = items[f"cq_{q.id}"]
        meta = {f.find(f"{Q}fieldlabel").text: f.find(f"{Q}fieldentry").text for f in it.iter(f"{Q}qtimetadatafield")}
        assert meta["question_type"] == qti.TYPES[q.type]
        pres = it.find(f"{Q}presentation")
        stem = _text(pres.find(f"{Q}material/{Q}mattext"))
        fb = it.find(f"{Q}itemfeedback[@ident='general_fb']")
        assert (_text(fb.find(f".//{Q}mattext")) if fb is not None else None) == q.explanation
        conds = it.findall(f"{Q}resprocessing/{Q}respcondition")
        if q.type in ("mcq", "multi", "tf"):
            assert stem == q.prompt
            labels = {rl.get("ident"): _text(rl.find(f".//{Q}mattext")) for rl in pres.iter(f"{Q}response_label")}
            expected = ["True", "False"] if q.type == "tf" else list(q.choices)
            assert list(labels.values()) == expected
            scoring = [c for c in conds if c.find(f"{Q}setvar") is not None]
            (score,) = scoring
            var = score.find(f"{Q}conditionvar")
            picked = [labels[v.text] for v in var.iter(f"{Q}varequal") if v not in var.findall(f".//{Q}not/{Q}varequal")]
            if q.type == "multi":
                negated = [labels[v.text] for v in var.findall(f".//{Q}not/{Q}varequal")]
                assert picked == [c for c in q.choices if c in q.answers]
                assert set(negated) == set(q.choices) - set(q.answers)
            else:
                assert picked == [{True: "True", False: "False"}.get(q.answer, q.answer)]
        elif q.type == "short":
            assert stem == q.prompt
            values = [v.text for v in it.iter(f"{Q}varequal")]
            assert values == [q.answer, *q.accept]
        elif q.type == "match":
            assert stem == q.prompt
            recovered = []
            for lid in pres.findall(f"{Q}response_lid"):
                left = _text(lid.find(f"{Q}material/{Q}mattext"))
                rights = {rl.get("ident"): rl.find(f".//{Q}mattext").text for rl in lid.iter(f"{Q}response_label")}
                (v,) = [c.find(f".//{Q}varequal") for c in conds if c.find(f".//{Q}varequal") is not None
                        and c.find(f".//{Q}varequal").get("respident") == lid.get("ident")]
                recovered.append((left, rights[v.text]))
            assert recovered == [(p.left, p.right) for p in q.pairs]
        elif q.type == "cloze":
            names = qti.blank_names(q)
            assert stem == CLOZE_RE.sub(lambda m: "[{}]".format(names.pop(0)) + (f" ({m.group(3)})" if m.group(3) else ""), q.text)
            answers = []
            for lid in pres.findall(f"{Q}response_lid"):
                (label,) = lid.iter(f"{Q}response_label")
                answers.append(_text(label.find(f".//{Q}mattext")))
            assert answers == [d.answer for d in q.deletions]


# ---------------------------------------------------------------- CSV / TSV


def test_csv_has_bom_columns_and_one_row_per_question(project, outputs):
    data = outputs["lms/every-type.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == list(tabular.COLUMNS)
    assert [r["id"] for r in rows] == [q.id for q in project.questions()]
    special = next(r for r in rows if r["id"] == "ev-special")
    assert special["choices"].split("\n") == ["~tilde, #hash", "=equals, #hash", "~tilde, $dollar"]
    assert special["source"].split("\n") == ["sample.txt:4", "sample.txt:6"]
    short = next(r for r in rows if r["id"] == "ev-short")
    assert short["answer"].split("\n") == ["a = b + c {x}", "a=b+c {x}"]


def test_csv_guards_cells_a_spreadsheet_would_run():
    assert tabular._safe("=SUM(A1)") == "'=SUM(A1)"
    assert tabular._safe("+1") == "'+1" and tabular._safe("@x") == "'@x"
    assert tabular._safe("-5") == "-5" and tabular._safe("-5.5") == "-5.5" and tabular._safe("-x") == "'-x"
    assert tabular._safe("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"  # a formula after all
    assert tabular._safe("a = b") == "a = b"


def test_tsv_is_two_fields_per_line(project, outputs):
    lines = outputs["lms/every-type.tsv"].decode("utf-8").split("\n")
    assert lines[-1] == ""
    assert len(lines) - 1 == len(project.questions())
    for line in lines[:-1]:
        front, back = line.split("\t")
        assert front and back
