"""LMS exports (GIFT, QTI 1.2, CSV, TSV) and the printable page: golden files, and round trips
that read our files back the way Moodle and Canvas do and recover every question.

Regenerate the golden files after an intended change with:
    .venv/bin/pytest tests/test_lms.py --regen
then review `git diff tests/golden/`.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from citequiz import types
from citequiz.build import render_all
from citequiz.load import load_project
from citequiz.model import CLOZE_RE, cloze_filled
from citequiz.render import answers as answer_seam
from citequiz.render import gift, moodle, moodle_xml, qti, qti21, tabular

import moodle_xml_reader
import qti21_reader
import xsd
from gift_reader import GRADES, GiftError, read, shortanswer_matches, split_category_path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "every-type"
ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "every-type"
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
        "every-type.moodle.xml": outputs["lms/every-type.moodle.xml"],
        "every-type.csv": outputs["lms/every-type.csv"],
        "every-type.tsv": outputs["lms/every-type.tsv"],
        "every-type.print.html": outputs["print/every-type.html"],
    }
    for name, data in _qti_files(outputs["lms/every-type.qti21.zip"]).items():
        texts["qti21/" + name] = data
    for name, data in _qti_files(outputs["lms/every-type.qti.zip"]).items():
        if not name.endswith("/"):
            texts["qti/" + re.sub(r"cq[0-9a-f]{24}", "QUIZ", name)] = data
    return texts


def test_golden_files(outputs, golden):
    texts = _golden_texts(outputs)
    golden.check({GOLDEN / name: data for name, data in texts.items()})
    stale = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert stale == sorted(texts), "a golden file no output has: delete it"


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
    assert split_category_path(parsed[0]["category"]) == [
        "$course$", "top", "Every Type <Fixture> & Co", "Every type & <special> characters"]
    _gift_round_trip(project.questions(), parsed[1:])
    assert {q.type for q in project.questions()} == set(types.NAMES)  # the fixture holds every type


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
        _moodle_xml_round_trip(project, bank, outputs[f"lms/{bank.name}.moodle.xml"])
        _qti21_round_trip(bank, outputs[f"lms/{bank.name}.qti21.zip"])


def accepts_exactly(pattern: str, form: str) -> bool:
    """Moodle's short answer `pattern` accepts the typed `form`, and not a different text: not
    with more before or after it, nor with its stars replaced (a wildcard would accept those)."""
    others = ["x" + form, form + "x"] + ([form.replace("*", "Z")] if "*" in form else [])
    return shortanswer_matches(form, pattern) and not any(shortanswer_matches(o, pattern) for o in others)


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
                # a blank at the very end is written with its own `_____` (Moodle would show none)
                assert g["qtype"] == "shortanswer" and (g["missingword"] or g["questiontext"].endswith("_____"))
                # The deletion's answer first, then the other forms the matcher accepts (render/answers).
                a = g["answers"][0]
                assert a["fraction"] == 1 and accepts_exactly(a["text"], m.group(2))
                assert len(g["answers"]) == len(gift.writable_forms(answer_seam.blank_forms(q, q.deletions[k])))
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
        # An ordering question cannot carry feedback in GIFT (see gift._order): it stays in a comment.
        assert g["generalfeedback"] == ("" if q.type == "order" else (q.explanation or ""))
        assert g["idnumber"] == q.id and g["tags"] == [t for t in q.tags if not set(t) & set("<>`")]
        assert all(c.label in g["comments"][0] for c in q.sources)
        if q.type == "mcq":
            assert g["qtype"] == "multichoice" and g["single"]
            # every choice once, in the order drawn from the id (tests/test_order.py)
            assert sorted(a["text"] for a in g["answers"]) == sorted(q.choices)
            assert [a["text"] for a in g["answers"] if a["fraction"] == 1] == [q.answer]
        elif q.type == "multi":
            assert g["qtype"] == "multichoice" and not g["single"]
            assert sorted(a["text"] for a in g["answers"]) == sorted(q.choices)
            right = [a for a in g["answers"] if a["fraction"] > 0]
            assert sorted(a["text"] for a in right) == sorted(q.answers)
            assert sum(a["fraction"] for a in right) == pytest.approx(1, abs=1e-6)
            # ticking every box must not give full marks
            assert sum(a["fraction"] for a in g["answers"]) <= 1e-6
        elif q.type == "tf":
            assert g["qtype"] == "truefalse" and g["correct"] is q.answer
        elif q.type == "short":
            assert g["qtype"] == "shortanswer"
            assert all(a["fraction"] == 1 for a in g["answers"])
            kept = gift.writable_forms(answer_seam.accepted_forms(q))
            assert kept[: 1 + len(q.accept)] == list(dict.fromkeys([q.answer, *q.accept]))[: len(kept)]
            assert len(g["answers"]) == len(kept)
            for form, a in zip(kept, g["answers"]):
                assert accepts_exactly(a["text"], form), (form, a["text"])
        elif q.type == "match":
            assert g["qtype"] == "match"
            # the right side as qtype_match shows it (format_string: entities decoded)
            assert [(left, html.unescape(right)) for left, right in g["pairs"]] == [(p.left, p.right) for p in q.pairs]
        elif q.type == "order":  # read by qtype_ordering, which Moodle's GIFT import asks first
            assert g["qtype"] == "ordering"
            assert g["items"] == list(q.items) and g["selectcount"] == len(q.items)
            assert (g["selecttype"], g["layouttype"], g["gradingtype"]) == ("ALL", "VERTICAL", "ALL_OR_NOTHING")
        else:
            raise AssertionError(f"no round trip for {q.type}")
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


# ---- GIFT: each case of issue 16, written by our renderer and read back by the port of Moodle's reader


def _one(q):
    (g,) = read("\n".join(gift.question_blocks(q)))
    return g


def _base(project, qtype):
    return next(q for q in project.questions() if q.type == qtype)


def test_moodle_reads_arrow_with_equals_as_matching():
    """The port does what Moodle does: `{=a->b}` is a matching question, and it fails with one pair."""
    with pytest.raises(GiftError, match="match"):
        read("::q::Which?{=a->b}")
    with pytest.raises(GiftError, match="match"):
        read("::q::The arrow {=->} here.")


def test_gift_short_answer_with_arrow_stays_a_short_answer(project):
    from dataclasses import replace

    g = _one(replace(_base(project, "short"), answer="A -> B", accept=()))
    assert g["qtype"] == "shortanswer" and accepts_exactly(g["answers"][0]["text"], "A -> B")


def test_gift_short_answer_with_arrow_among_several_forms_keeps_the_others_and_says_so(project):
    from dataclasses import replace

    q = replace(_base(project, "short"), answer="A to B", accept=("A -> B", "A→B"))
    g = _one(q)
    assert g["qtype"] == "shortanswer"
    assert [a["text"] for a in g["answers"]] == ["A to B", "A→B"]
    (lost,) = gift.unsupported(q)
    assert lost.key == "accept" and "'A -> B'" in lost.what and "->" in lost.what


def test_gift_cloze_blank_with_arrow_is_a_short_answer(project):
    from dataclasses import replace

    g = _one(replace(_base(project, "cloze"), text="The arrow {{c1::->}} points right."))
    assert g["qtype"] == "shortanswer" and g["missingword"]
    assert accepts_exactly(g["answers"][0]["text"], "->")
    assert g["questiontext"] == "The arrow _____ points right."


def test_moodle_reads_a_leading_percentage_as_a_grade():
    (g,) = read("::q::Which?{=right ~%-25% more}")
    assert [(a["text"], a["fraction"]) for a in g["answers"]] == [("right", 1), ("more", -0.25)]
    with pytest.raises(GiftError, match="100"):
        read("::q::How much?{=%50% off}")


@pytest.mark.parametrize("text", ["%50% off", "%-25% more", "%100%", "%5.5% x"])
def test_gift_choice_or_answer_starting_with_a_percentage_keeps_its_text(project, text):
    from dataclasses import replace

    mcq = _base(project, "mcq")
    for right in (text, mcq.choices[0]):
        choices = (right, text) if right != text else (text, *mcq.choices[1:])
        g = _one(replace(mcq, choices=choices, answer=right))  # choices in their fixed order (test_order)
        assert sorted((a["text"], a["fraction"]) for a in g["answers"]) == sorted((c, 1.0 if c == right else 0.0) for c in choices)
    multi = _base(project, "multi")
    g = _one(replace(multi, choices=(text, "b", "c"), answers=("b",)))
    assert sorted(a["text"] for a in g["answers"]) == sorted([text, "b", "c"])
    assert [a["text"] for a in g["answers"] if a["fraction"] == 1] == ["b"]
    g = _one(replace(_base(project, "short"), answer=text, accept=()))
    assert g["answers"][0]["fraction"] == 1 and accepts_exactly(g["answers"][0]["text"], text)


def test_moodle_reads_a_leading_format_as_a_format():
    (g,) = read("::q::[plain]Which?{=[html]<b>x</b> ~y}")
    assert (g["answers"][0]["text"], g["answers"][0]["format"]) == ("<b>x</b>", "html")


@pytest.mark.parametrize("prefix", ["[html]", "[markdown]", "[plain]", "[moodle]", " [html]", "[x]"])
def test_gift_text_starting_with_a_format_name_keeps_it(project, prefix):
    from dataclasses import replace

    t = prefix + "<b>bold</b>"
    mcq = _base(project, "mcq")
    g = _one(replace(mcq, choices=(t, *mcq.choices[1:]), answer=t, explanation=t))
    (key,) = [a for a in g["answers"] if a["fraction"] == 1]  # wherever the fixed order put it
    assert key["text"] == t.strip() and key["format"] == "plain"
    assert g["generalfeedback"] == t.strip()
    g = _one(replace(_base(project, "short"), answer=t, accept=()))
    assert accepts_exactly(g["answers"][0]["text"], t.strip())
    match = _base(project, "match")
    pairs = (replace(match.pairs[0], left=t, right=t), *match.pairs[1:])
    g = _one(replace(match, pairs=pairs))
    assert g["pairs"][0] == (t.strip(), html.escape(t.strip(), quote=False))


@pytest.mark.parametrize("answer", ["*", "2*3", "a**", "\\*", "a\\"])
def test_gift_star_is_literal_in_short_answers_and_cloze_blanks(project, answer):
    from dataclasses import replace

    g = _one(replace(_base(project, "cloze"), text=f"Type {{{{c1::{answer}}}}} here."))
    assert accepts_exactly(g["answers"][0]["text"], answer)
    g = _one(replace(_base(project, "short"), answer=answer, accept=()))
    assert accepts_exactly(g["answers"][0]["text"], answer)


def test_gift_tags_keep_brackets_and_backslashes(project):
    from dataclasses import replace

    q = replace(_base(project, "tf"), tags=("a]b", "ends\\", "next", "[x]"))
    assert _one(q)["tags"] == ["a]b", "ends\\", "next", "[x]"]
    assert gift.unsupported(q) == []


def test_gift_tag_with_angle_brackets_is_what_moodle_keeps_and_check_says_so(project):
    from dataclasses import replace

    q = replace(_base(project, "tf"), tags=("<b>bold</b>", "a`b"))
    assert _one(q)["tags"] == ["bbold/b", "ab"]
    assert [loss.key for loss in gift.unsupported(q)] == ["tags", "tags"] and "<b>bold</b>" in gift.unsupported(q)[0].what


def test_moodle_drops_a_tag_with_angle_brackets():
    (g,) = read("// [tag:a<b] [tag:ok]\n::q::T?{TRUE}")
    assert g["tags"] == ["ok"]


def test_gift_cloze_at_end_of_text_keeps_its_blank(project):
    from dataclasses import replace

    base = next(q for q in project.questions() if q.type == "cloze")
    q = replace(base, text="The treaty was signed in {{c1::1974}}")
    (g,) = read("\n".join(gift.question_blocks(q)))
    assert g["questiontext"] == "The treaty was signed in _____"
    assert [a["text"] for a in g["answers"]] == ["1974"]


# ---------------------------------------------------------------- Moodle XML


def test_moodle_xml_round_trip_recovers_every_question(project, outputs):
    _moodle_xml_round_trip(project, project.banks[0], outputs["lms/every-type.moodle.xml"])


def _moodle_xml_round_trip(project, bank, data):
    """Read back by the port of Moodle's XML importer, every question is there, whole."""
    from moodle_xml_reader import html_text

    parsed = moodle_xml_reader.read(data)
    assert parsed[0]["qtype"] == "category"
    assert parsed[0]["category"] == ["$course$", "top", project.title.strip(), bank.title.strip()]
    assert html_text(parsed[0]["info"]["text"]) == (bank.description or "")
    by_name = {q["name"]: q for q in parsed[1:]}
    assert list(by_name) == [q.id for q in bank.questions if moodle_xml.HANDLERS.get(q.type)]
    for q in bank.questions:
        m = by_name[q.id]
        assert m["idnumber"] == q.id and m["format"] == "html"
        assert m["tags"] == [moodle.tag(t) for t in q.tags]
        fb = html_text(m["generalfeedback"])
        assert (q.explanation or "") in fb and "Source: " in fb
        if q.type != "cloze":
            assert html_text(m["questiontext"]) == q.prompt
        if q.type in ("mcq", "multi"):
            assert m["qtype"] == "multichoice" and m["single"] is (q.type == "mcq") and m["shuffleanswers"]
            # every choice once, in the bank's fixed order (tests/test_order.py)
            assert sorted(html_text(a["text"]) for a in m["answers"]) == sorted(q.choices)
            assert m["shuffleanswers"] is q.shuffle
            right = [html_text(a["text"]) for a in m["answers"] if a["fraction"] > 0]
            assert sorted(right) == sorted(types.correct(q))
            if q.type == "multi" and len(types.correct(q)) < len(q.choices):
                assert sum(a["fraction"] for a in m["answers"]) <= 1e-6  # ticking every box scores 0
        elif q.type == "tf":
            assert m["qtype"] == "truefalse" and m["correct"] is q.answer
        elif q.type == "short":
            forms = answer_seam.accepted_forms(q)
            assert forms[: 1 + len(q.accept)] == list(dict.fromkeys([q.answer, *q.accept]))
            assert m["qtype"] == "shortanswer" and m["usecase"] == "0"
            assert len(m["answers"]) == len(forms) and all(a["fraction"] == 1 for a in m["answers"])
            for form, a in zip(forms, m["answers"]):
                assert accepts_exactly(a["text"], form), (form, a["text"])
        elif q.type == "match":
            assert m["qtype"] == "match" and m["shuffleanswers"]
            assert [(html_text(left), html.unescape(right)) for left, right in m["pairs"]] == [(p.left, p.right) for p in q.pairs]
        elif q.type == "cloze":
            assert m["qtype"] == "multianswer"
            marks = iter(range(1, 1000))
            shown = CLOZE_RE.sub(lambda d: "{#%d}" % next(marks) + (f" [{d.group(3)}]" if d.group(3) else ""), q.text)
            assert html_text(m["questiontext"]) == shown
            assert [s["qtype"] for s in m["subquestions"]] == ["shortanswer"] * len(q.deletions)
            for d, sub in zip(q.deletions, m["subquestions"]):
                answer = sub["answers"][0]
                assert len(sub["answers"]) == len(answer_seam.blank_forms(q, d))
                assert sub["fractions"] == [1.0] * len(sub["answers"]) and accepts_exactly(answer, d.answer), (d.answer, answer)
        elif q.type == "order":
            assert m["qtype"] == "ordering"
            assert [html_text(item) for item in m["items"]] == list(q.items)
            assert (m["selecttype"], m["selectcount"], m["gradingtype"]) == ("ALL", str(len(q.items)), "ALL_OR_NOTHING")
        else:  # pragma: no cover - a new type must get a handler or an UNSUPPORTED reason
            raise AssertionError(f"no round trip for {q.type}")




TRICKY = ["~ = # { } : -> %50% [html] * \\ ]", "a&", "x}", "%50% off", "a\\", "&amp;", "&#126;", "{1:SA:=x}",
          "<b>bold</b> & \"quotes\" 'single'", "naïve café — ☃ 𝄞", "*", "/lead // and trail/"]


@pytest.mark.parametrize("tricky", TRICKY)
def test_moodle_xml_carries_tricky_text_in_every_field(project, tricky):
    from dataclasses import replace
    from moodle_xml_reader import html_text

    qs = {q.type: q for q in project.questions()}
    mcq = replace(qs["mcq"], prompt=tricky, choices=(tricky, "other"), answer=tricky, explanation=tricky)
    short = replace(qs["short"], answer=tricky, accept=(tricky + " too",))
    cloze = replace(qs["cloze"], text=f"{tricky} {{{{c1::{tricky}::{tricky}}}}} {tricky}")
    match = replace(qs["match"], pairs=tuple(replace(p, left=tricky + str(i), right=tricky + str(i))
                                             for i, p in enumerate(qs["match"].pairs)))
    bank = replace(project.banks[0], title=tricky, description=tricky, questions=(mcq, short, cloze, match))
    # Raw text through Moodle's grammar: Markdown off, as in the lms-tricky bank ("&amp;" and "*"
    # mean "&" and emphasis in Markdown; tests/test_rich.py covers Markdown in Moodle XML).
    config = replace(project.config, tables={**project.config.tables, "content": {"markdown": False}})
    proj = replace(project, title=tricky + " project", banks=(bank,), config=config)
    _moodle_xml_round_trip(proj, bank, moodle_xml.render_bank(proj, bank))
    (m,) = [q for q in moodle_xml_reader.read(moodle_xml.render_bank(proj, bank)) if q.get("name") == mcq.id]
    assert html_text(m["generalfeedback"]).startswith(tricky)


def test_moodle_reader_refuses_what_moodle_refuses():
    """The port can fail: a backslash-escaped `~` stays in a cloze answer, `&amp;` hides the closing
    brace, and a grade outside Moodle's list stops the import."""
    _, (sub,) = moodle_xml_reader.extract_question("{1:SA:=a\\~b}")
    assert sub["answers"] == ["a\\~b"]
    assert moodle_xml_reader.extract_question("{1:SA:=a&amp;}")[1] == []
    bad = (b'<quiz><question type="multichoice"><name><text>q</text></name><questiontext format="html">'
           b'<text>Q</text></questiontext><answer fraction="100"><text>a</text></answer>'
           b'<answer fraction="-37"><text>b</text></answer></question></quiz>')
    with pytest.raises(moodle_xml_reader.MoodleError, match="grade"):
        moodle_xml_reader.read(bad)


def test_moodle_xml_links_the_source_where_the_project_is_published(project):
    from dataclasses import replace

    data = moodle_xml.render_bank(project, project.banks[0], base_url="https://example.org/q/")
    (m,) = [q for q in moodle_xml_reader.read(data) if q.get("name") == "ev-mcq"]
    assert '<a href="https://example.org/q/sources/sample.html#L2">The Sample Treaty (a test text), line 2</a>' in m["generalfeedback"]


# ---------------------------------------------------------------- QTI 2.1


def test_every_qti21_file_is_valid_against_the_ims_schemas(outputs):
    files = _qti_files(outputs["lms/every-type.qti21.zip"])
    assert sorted(files) == sorted(["imsmanifest.xml", "test.xml"] + [f"items/q-{q}.xml" for q in (
        "ev-mcq", "ev-multi", "ev-tf", "ev-short", "ev-cloze", "ev-match", "ev-xss", "ev-special", "ev-order")])
    for name, data in files.items():
        assert xsd.errors(data, "imscp" if name == "imsmanifest.xml" else "qti21") == [], name


def test_qti21_on_the_real_banks_is_valid_against_the_ims_schemas():
    """(Their scoring is read back in test_gift_and_qti_round_trip_on_the_real_banks.)"""
    project, outputs = _real_banks()
    for bank in project.banks:
        for name, data in _qti_files(outputs[f"lms/{bank.name}.qti21.zip"]).items():
            assert xsd.errors(data, "imscp" if name == "imsmanifest.xml" else "qti21") == [], (bank.name, name)


def test_qti21_schema_check_can_fail(outputs):
    item = _qti_files(outputs["lms/every-type.qti21.zip"])["items/q-ev-mcq.xml"]
    assert xsd.errors(item.replace(b'maxChoices="1"', b'maxChoices="one"'), "qti21")
    assert xsd.errors(item.replace(b"<itemBody>", b"<itemBody><choice/>"), "qti21")


def test_qti21_package_resolves(outputs):
    files = _qti_files(outputs["lms/every-type.qti21.zip"])
    ns = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
    resources = ET.fromstring(files["imsmanifest.xml"]).findall(f"{ns}resources/{ns}resource")
    ids = {r.get("identifier"): r for r in resources}
    assert len(ids) == len(resources) == len(files) - 1
    for r in resources:
        assert r.get("href") in files and [f.get("href") for f in r.findall(f"{ns}file")] == [r.get("href")]
        for d in r.findall(f"{ns}dependency"):
            assert ids[d.get("identifierref")].get("type") == "imsqti_item_xmlv2p1"
    test = ET.fromstring(files["test.xml"])
    refs = [(r.get("identifier"), r.get("href")) for r in test.iter(f"{qti21_reader.NS}assessmentItemRef")]
    assert refs == [(r.get("identifier"), r.get("href")) for r in resources if r.get("type") == "imsqti_item_xmlv2p1"]


def test_qti21_round_trip_recovers_and_scores_every_question(project, outputs):
    _qti21_round_trip(project.banks[0], outputs["lms/every-type.qti21.zip"])


def _qti21_round_trip(bank, data):
    """Read back as a delivery engine reads it, every question is there, and the right response
    scores full marks while a wrong one scores 0."""
    files = _qti_files(data)
    for q in bank.questions:
        it = qti21_reader.read_item(files[f"items/q-{q.id}.xml"])
        assert it["identifier"] == f"q-{q.id}" and it["label"] == q.id
        assert it["title"] == qti21.title(q) and it["title"].strip()
        (fb,) = qti21_reader.feedback_shown(it)
        assert (q.explanation or "") in qti21_reader.text_of(fb)
        maximum = float(it["outcomes"]["MAXSCORE"][0])
        if q.type in ("mcq", "multi", "tf"):
            assert it["interaction"] == "choiceInteraction" and it["prompt"] == q.prompt
            labels = dict(it["choices"])
            if q.type == "tf":
                assert list(labels.values()) == ["True", "False"] and it["shuffle"] is False
            else:  # every choice once, in the bank's fixed order (tests/test_order.py)
                assert sorted(labels.values()) == sorted(q.choices) and it["shuffle"] is q.shuffle
            right = [cid for cid, text in it["choices"] if text in types.correct(q)]
            wrong = [cid for cid, text in it["choices"] if text not in types.correct(q)]
            given = right if q.type == "multi" else right[0]
            assert qti21_reader.score(it, {"RESPONSE": given}) == maximum  # exactly: no 0.999999
            if wrong:
                assert qti21_reader.score(it, {"RESPONSE": wrong if q.type == "multi" else wrong[0]}) == 0
            if q.type == "multi" and wrong:
                assert qti21_reader.score(it, {"RESPONSE": right + wrong}) == pytest.approx(0, abs=1e-6)
                assert it["max_choices"] == 0
        elif q.type == "short":
            assert it["interaction"] == "textEntryInteraction"
            assert it["text"] == q.prompt + "\n\n[___]"
            for form in dict.fromkeys([q.answer, *q.accept]):
                assert qti21_reader.score(it, {"RESPONSE": form}) == 1
                assert qti21_reader.score(it, {"RESPONSE": form.upper()}) == 1  # case-insensitive
            assert qti21_reader.score(it, {"RESPONSE": q.answer + "x"}) == 0
        elif q.type == "cloze":
            shown = CLOZE_RE.sub(lambda m: "[___]" + (f" [{m.group(3)}]" if m.group(3) else ""), q.text)
            assert it["text"] == shown and len(it["entries"]) == len(q.deletions)
            answers = {e: d.answer for e, d in zip(it["entries"], q.deletions)}
            assert qti21_reader.score(it, answers) == pytest.approx(maximum) == len(q.deletions)
            assert qti21_reader.score(it, {e: a + "x" for e, a in answers.items()}) == 0
        elif q.type == "order":
            assert it["interaction"] == "orderInteraction" and it["prompt"] == q.prompt and it["shuffle"]
            ids = {text: cid for cid, text in it["choices"]}
            assert sorted(ids) == sorted(q.items)
            right = [ids[item] for item in q.items]
            assert qti21_reader.score(it, {"RESPONSE": right}) == maximum == 1
            assert qti21_reader.score(it, {"RESPONSE": right[1:] + right[:1]}) == 0
        elif q.type == "match":
            assert it["interaction"] == "matchInteraction" and it["prompt"] == q.prompt and it["shuffle"]
            lefts, rights = it["sets"]
            assert [t for _, t in lefts] == [p.left for p in q.pairs]
            assert [t for _, t in rights] == list(dict.fromkeys(p.right for p in q.pairs))
            rid = {t: i for i, t in rights}
            pairs = [f"{lid} {rid[p.right]}" for (lid, _), p in zip(lefts, q.pairs)]
            assert qti21_reader.score(it, {"RESPONSE": pairs}) == maximum == len(q.pairs)
            swapped = [f"{lefts[0][0]} {rid[q.pairs[1].right]}", f"{lefts[1][0]} {rid[q.pairs[0].right]}"]
            assert qti21_reader.score(it, {"RESPONSE": swapped}) == 0
        else:  # pragma: no cover - a new type must get a handler or an UNSUPPORTED reason
            raise AssertionError(f"no round trip for {q.type}")




@pytest.mark.parametrize("tricky", TRICKY)
def test_qti21_carries_tricky_text_in_every_field(project, tricky):
    from dataclasses import replace

    qs = {q.type: q for q in project.questions()}
    mcq = replace(qs["mcq"], prompt=tricky, choices=(tricky, "other"), answer=tricky, explanation=tricky)
    short = replace(qs["short"], prompt=tricky, answer=tricky, accept=(tricky + " too",))
    cloze = replace(qs["cloze"], text=f"{tricky} {{{{c1::{tricky}::{tricky}}}}} {tricky}")
    match = replace(qs["match"], prompt=tricky, pairs=tuple(replace(p, left=tricky + str(i), right=tricky + str(i))
                                                             for i, p in enumerate(qs["match"].pairs)))
    bank = replace(project.banks[0], title=tricky, description=tricky, questions=(mcq, short, cloze, match))
    # Raw text through the QTI grammar: Markdown off, as in the Moodle XML test above.
    config = replace(project.config, tables={**project.config.tables, "content": {"markdown": False}})
    data = qti21.package(replace(project, banks=(bank,), config=config), bank)
    for name, body in _qti_files(data).items():
        assert xsd.errors(body, "imscp" if name == "imsmanifest.xml" else "qti21") == [], name
    _qti21_round_trip(bank, data)


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
            if q.type == "tf":
                assert list(labels.values()) == ["True", "False"]
            else:  # every choice once, in the order drawn from the id (tests/test_order.py)
                assert sorted(labels.values()) == sorted(q.choices)
            assert pres.find(f".//{Q}render_choice").get("shuffle") == ("Yes" if q.type != "tf" and q.shuffle else "No")
            scoring = [c for c in conds if c.find(f"{Q}setvar") is not None]
            (score,) = scoring
            var = score.find(f"{Q}conditionvar")
            picked = [labels[v.text] for v in var.iter(f"{Q}varequal") if v not in var.findall(f".//{Q}not/{Q}varequal")]
            if q.type == "multi":
                negated = [labels[v.text] for v in var.findall(f".//{Q}not/{Q}varequal")]
                assert sorted(picked) == sorted(q.answers)
                assert set(negated) == set(q.choices) - set(q.answers)
            else:
                assert picked == [{True: "True", False: "False"}.get(q.answer, q.answer)]
        elif q.type == "short":
            assert stem == q.prompt
            values = [v.text for v in it.iter(f"{Q}varequal")]
            assert values == answer_seam.accepted_forms(q) and values[: 1 + len(q.accept)] == [q.answer, *q.accept]
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
        elif q.type == "order":  # Canvas has no ordering question: each item matched to its position
            assert stem == q.prompt
            positions = {}
            for lid in pres.findall(f"{Q}response_lid"):
                item = _text(lid.find(f"{Q}material/{Q}mattext"))
                labels = {rl.get("ident"): rl.find(f".//{Q}mattext").text for rl in lid.iter(f"{Q}response_label")}
                assert sorted(labels.values()) == [f"Position {n}" for n in range(1, len(q.items) + 1)]
                (v,) = [c.find(f".//{Q}varequal") for c in conds if c.find(f".//{Q}varequal") is not None
                        and c.find(f".//{Q}varequal").get("respident") == lid.get("ident")]
                positions[item] = int(labels[v.text].split()[1])
            assert list(positions) != list(q.items)  # shown shuffled
            assert sorted(positions, key=positions.get) == list(q.items)
        else:
            raise AssertionError(f"no QTI round trip for {q.type}")


# ---------------------------------------------------------------- CSV / TSV


def test_csv_has_bom_columns_and_one_row_per_question(project, outputs):
    data = outputs["lms/every-type.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == list(tabular.COLUMNS)
    assert [r["id"] for r in rows] == [q.id for q in project.questions()]
    special = next(r for r in rows if r["id"] == "ev-special")
    # the bank's fixed order (tests/test_order.py), not the bank's ("~tilde, #hash" first)
    assert special["choices"].split("\n") == ["'=equals, #hash", "~tilde, #hash", "~tilde, $dollar"]
    assert special["source"].split("\n") == ["sample.txt:4", "sample.txt:6"]
    short = next(r for r in rows if r["id"] == "ev-short")
    assert short["answer"].split("\n") == ["a = b + c {x}", "a = c + b {x}"]


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


def test_qti12_manifest_is_valid_against_the_ims_schemas(outputs):
    """Canvas's dialect names the Common Cartridge 1.1 namespace, whose schema is a profile of IMS CP
    1.1.4: in CP's namespace the manifest must pass CP 1.1.4, and its metadata IMS MD 1.2.4."""
    manifest = _qti_files(outputs["lms/every-type.qti.zip"])["imsmanifest.xml"]
    assert xsd.errors(xsd.in_namespace(manifest, xsd.CANVAS_CP_NS, xsd.CP_NS), "imscp") == []
    lom = xsd.in_namespace(manifest, xsd.CANVAS_CP_NS, xsd.CP_NS).find(f"{{{xsd.CP_NS}}}metadata/{{http://www.imsglobal.org/xsd/imsmd_v1p2}}lom")
    assert lom is not None and xsd.errors(lom, "imsmd") == []
    assert lom.findtext(".//{http://www.imsglobal.org/xsd/imsmd_v1p2}langstring") == "Every type & <special> characters"


def test_the_schema_check_rejects_canvas_own_imsmd_string():
    """The check can fail: the manifest Canvas itself writes (`imsmd:string`) does not pass."""
    bad = (b'<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
           b'xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_v1p2"><metadata><imsmd:lom><imsmd:general>'
           b'<imsmd:title><imsmd:string>T</imsmd:string></imsmd:title></imsmd:general></imsmd:lom></metadata>'
           b'<organizations /><resources /></manifest>')
    assert any("string" in e for e in xsd.errors(bad, "imscp"))


# ---------------------------------------------------------------- every format, tricky text everywhere

TRICKY_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "lms-tricky"


def test_tricky_bank_goes_through_every_lms_format_unchanged():
    """fixtures/lms-tricky holds ~ = # { } : -> %50% [html] * \\ ], <b>, &, quotes and Unicode in
    every field of every type (titles, description, tags, prompts, choices, answers, accepted
    forms, cloze text, answers and hints, pairs, quotes, explanations). Each LMS file, read back by
    the port of its consumer's reader, holds every question with its texts exactly, and scores the
    right answers right. Moodle's own limits are the only exceptions, and check has nothing to
    warn about here: `->` stands nowhere GIFT cannot write it and no tag holds `<` or `>`."""
    from citequiz.check import check_project

    project, findings = load_project(TRICKY_FIXTURE)
    findings += check_project(project)
    assert [str(f) for f in findings] == []
    outputs = render_all(project)
    (bank,) = project.banks
    questions = list(bank.questions)
    assert {q.type for q in questions} == {"mcq", "multi", "tf", "short", "cloze", "match"}

    parsed = read(outputs["lms/tricky.gift.txt"].decode())
    assert split_category_path(parsed[0]["category"]) == ["$course$", "top", project.title, bank.title]
    _gift_round_trip(questions, parsed[1:])
    for g in parsed[1:]:
        assert g["tags"] == list(bank.tags) + (["rule [one]"] if g["name"] == "tr-mcq" else [])  # ] and \ kept

    _moodle_xml_round_trip(project, bank, outputs["lms/tricky.moodle.xml"])

    files = _qti_files(outputs["lms/tricky.qti21.zip"])
    for name, data in files.items():
        assert xsd.errors(data, "imscp" if name == "imsmanifest.xml" else "qti21") == [], name
    _qti21_round_trip(bank, outputs["lms/tricky.qti21.zip"])

    _qti_round_trip(questions, _assessment(outputs, "tricky"))
    manifest = _qti_files(outputs["lms/tricky.qti.zip"])["imsmanifest.xml"]
    assert xsd.errors(xsd.in_namespace(manifest, xsd.CANVAS_CP_NS, xsd.CP_NS), "imscp") == []


def test_accepted_answer_variants_reach_every_format(project, monkeypatch):
    """The seam for the typed-answer matcher (render/answers.py): forms it adds for a cloze blank
    are accepted by GIFT, Moodle XML and QTI 2.1 alike; a form GIFT cannot write is reported."""
    from dataclasses import replace

    from citequiz.render import answers

    def variants(q, d):
        return [d.answer, d.answer + " AD", "~ {x} *"]

    for module in (gift, moodle_xml, qti21):
        monkeypatch.setattr(module, "blank_forms", variants)
    q = replace(_base(project, "cloze"), text="Signed in {{c1::1974}}, amended later.")
    (g,) = read("\n".join(gift.question_blocks(q)))
    assert len(g["answers"]) == 3 and all(accepts_exactly(a["text"], f) for a, f in zip(g["answers"], variants(q, q.deletions[0])))
    _, (sub,) = moodle_xml_reader.extract_question(moodle_xml.cloze_text(q.text, [variants(q, d) for d in q.deletions]))
    assert all(accepts_exactly(a, f) for a, f in zip(sub["answers"], variants(q, q.deletions[0]))) and sub["fractions"] == [1.0] * 3
    bank = replace(project.banks[0], questions=(q,))
    it = qti21_reader.read_item(_qti_files(qti21.package(replace(project, banks=(bank,)), bank))[f"items/q-{q.id}.xml"])
    assert [qti21_reader.score(it, {"RESPONSE_1": f}) for f in variants(q, q.deletions[0])] == [1, 1, 1]
    monkeypatch.setattr(gift, "blank_forms", lambda q, d: [d.answer, "a -> b"])
    assert [loss.key for loss in gift.unsupported(q)] == ["text"]
    assert answers.accepted_forms(_base(project, "short"))[:2] == ["a = b + c {x}", "a = c + b {x}"]


def test_a_type_a_format_cannot_write_is_left_out_saying_so(project):
    """The seam for new types (an `order` question is coming): until a format has a handler, its
    file leaves the question out saying so (and check warns: the registry's format-cannot-express,
    tests/test_registry.py)."""
    from dataclasses import replace

    q = replace(_base(project, "mcq"), type="newtype")
    bank = replace(project.banks[0], questions=(q,))
    proj = replace(project, banks=(bank,))
    assert "NOT EXPORTED [id:ev-mcq]" in gift.render_bank(proj, bank)
    assert b"NOT EXPORTED ev-mcq" in moodle_xml.render_bank(proj, bank)
    assert "items/q-ev-mcq.xml" not in _qti_files(qti21.package(proj, bank))
    assert all(b"cq_ev-mcq" not in data for data in _qti_files(qti.package(proj, bank)).values())


def test_lms_unsupported_warns_for_enabled_formats_only(tmp_path, capsys):
    """Through the real command: the GIFT warning is there while GIFT is built, and goes when
    `[formats] gift = false` switches it off; the exit code stays 0 (a warning), 1 with --strict."""
    import shutil

    from citequiz.cli import main

    root = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "fixtures" / "bad" / "seeds", root / "seeds")
    (root / "questions").mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "bad" / "banks" / "lms-unsupported.yaml", root / "questions")

    def check(*args):
        code = main(["check", *args, str(root)])
        return code, capsys.readouterr().out

    code, out = check()
    assert code == 0 and "Moodle GIFT cannot carry the accepted answer '-> Camelot'" in out
    assert "Moodle XML cannot carry the characters" in out
    assert check("--strict")[0] == 1
    (root / "citequiz.toml").write_text("[formats]\ngift = false\n")
    code, out = check()
    assert code == 0 and "Moodle GIFT" not in out and "Moodle XML cannot carry the characters" in out
