"""Printable forms: the same questions in a different order per form, answer letters spread
evenly, reproducible blueprints, clear config errors, and the PDF Chromium prints from the page
(sane page count; no question or key entry split across two pages)."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest

from citequiz.build import render_all
from citequiz.check import check_project
from citequiz.load import load_project
from citequiz.render.forms import LETTERS, PrintConfigError, arrange, papers, read_options
from citequiz.render.printable import answer_text
from citequiz.render import printable
from citequiz.render.context import RenderContext
from citequiz.templating import environment

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "every-type"


def _projects():
    out = [FIXTURE]
    if any((ROOT / "questions").glob("*.yaml")):
        out.append(ROOT)  # the real banks, as they land on main
    return out


def _load(root: Path):
    project, findings = load_project(root)
    assert not [f for f in findings if f.severity == "error"], findings
    return project


def _forms(project):
    opts, findings = read_options(project)
    assert not findings
    found, more = papers(project, opts)
    assert not more
    return [(paper, arrange(paper, opts)) for paper in found]


@pytest.mark.parametrize("root", _projects(), ids=lambda p: p.name)
def test_forms_hold_the_same_questions_in_a_different_order(root):
    for paper, forms in _forms(_load(root)):
        assert [f.letter for f in forms] == ["A", "B"]
        a, b = ([i.question.id for i in f.items] for f in forms)
        assert sorted(a) == sorted(b) == sorted(q.id for q in paper.questions)
        assert a != b, f"{paper.name}: forms A and B have the same question order"
        choices = {f.letter: {i.question.id: i.choices for i in f.items if i.choices} for f in forms}
        assert choices["A"] != choices["B"], f"{paper.name}: no choice order differs between forms"
        for f in forms:
            for i in f.items:
                if i.question.type == "order":  # the items, lettered in another order than the right one
                    assert sorted(i.choices) == sorted(i.question.items) and i.choices != i.question.items
                    assert [i.choices[k] for k in sorted(range(len(i.choices)), key=i.correct_positions.__getitem__)] \
                        == list(i.question.items)
                    continue
                assert sorted(i.choices) == sorted(i.question.choices)
                if i.question.type == "mcq":
                    (p,) = i.correct_positions
                    assert i.choices[p] == i.question.answer


@pytest.mark.parametrize("root", _projects(), ids=lambda p: p.name)
def test_correct_letter_is_spread_evenly_over_each_form(root, capsys):
    """Over a form, the single correct choice lands on A, B, C, ... equally often (within one)
    for every position all its questions have; and a question's letter changes between forms
    where it can. Prints the distribution (pytest -s shows it)."""
    for paper, forms in _forms(_load(root)):
        moved = total = 0
        for f in forms:
            mcqs = [i for i in f.items if i.question.type == "mcq"]
            if not mcqs:
                continue
            counts = Counter(i.correct_positions[0] for i in mcqs)
            common = min(len(i.choices) for i in mcqs)
            spread = [counts[p] for p in range(common)]
            with capsys.disabled():
                print(f"\n{paper.name} form {f.letter}: correct letters "
                      + ", ".join(f"{LETTERS[p]}={counts[p]}" for p in range(max(len(i.choices) for i in mcqs))))
            assert max(spread) - min(spread) <= 1, f"{paper.name} {f.letter}: {dict(counts)}"
            assert f.positions == {LETTERS[p]: n for p, n in sorted(counts.items())}
        a, b = ({i.question.id: i.correct_positions for i in f.items if i.question.type == "mcq"} for f in forms)
        for qid in a:
            total += 1
            moved += a[qid] != b[qid]
        assert moved >= total * 0.75, f"{paper.name}: only {moved} of {total} answers changed letter between forms"


def test_answer_key_lists_answer_explanation_and_source():
    project = _load(FIXTURE)
    (paper, forms), = _forms(project)
    page = render_all(project)["print/every-type.html"].decode()
    for f in forms:
        key = page.split(f'id="key-{f.letter.lower()}"')[1].split("</section>")[0]
        for item in f.items:
            q = item.question
            assert _esc(answer_text(item)) in key
            if q.explanation:
                assert _esc(q.explanation) in key
            assert "sample.txt, line " in key
    mcq = next(i for i in forms[0].items if i.question.id == "ev-mcq")
    assert answer_text(mcq) == f"{LETTERS[mcq.correct_positions[0]]} (1974)"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")


def test_student_forms_never_show_the_answers():
    project = _load(FIXTURE)
    page = render_all(project)["print/every-type.html"].decode()
    forms_part = page.split('id="key-a"')[0]
    assert forms_part.count('class="sheet form"') == 2
    assert "<script" not in page and "<b>" not in page  # markup in a bank is text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in forms_part
    for q in project.questions():
        if q.explanation:
            assert _esc(q.explanation) not in forms_part
        if q.type == "short":
            assert _esc(q.answer) not in forms_part
    clozes = re.findall(r'<p class="stem cloze">(.*?)</p>', forms_part)
    assert len(clozes) == 2
    for text in clozes:
        assert "2006" not in text and "2012" not in text
        assert '<span class="blank">(1)</span>' in text and "[a year]" in text


def _with_config(tmp_path: Path, toml: str) -> Path:
    import shutil

    dest = tmp_path / "proj"
    shutil.copytree(FIXTURE, dest)
    (dest / "citequiz.toml").write_text('title = "T"\n' + toml, encoding="utf-8")
    return dest


def test_config_sets_forms_title_instructions_and_paper(tmp_path):
    root = _with_config(tmp_path, '[print]\nforms = 3\ntitle = "Unit 4 quiz"\ninstructions = "No phones."\npaper = "letter"\n')
    page = render_all(_load(root))["print/every-type.html"].decode()
    assert page.count('class="sheet form"') == 3 and page.count('class="sheet key"') == 3
    assert "<h1>Unit 4 quiz</h1>" in page and "No phones." in page and "size: letter;" in page


def test_blueprint_draws_reproducibly(tmp_path):
    toml = ('[print]\nseed = "spring"\n\n[[print.blueprint]]\ncount = 2\ndifficulty = 2\n\n'
            '[[print.blueprint]]\ncount = 1\ntype = "short"\n')
    project = _load(_with_config(tmp_path, toml))
    (paper, forms), = _forms(project)
    assert len(paper.questions) == 3
    assert sum(q.difficulty == 2 for q in paper.questions) >= 2
    assert any(q.type == "short" for q in paper.questions)
    again, = _forms(project)
    assert again[0] == paper
    other = _load(_with_config(tmp_path / "x", toml.replace("spring", "autumn")))
    # a different seed may draw differently, but always by the same rules
    assert len(_forms(other)[0][0].questions) == 3


def test_combined_paper_across_banks_and_tags(tmp_path):
    root = _with_config(tmp_path, '[print]\ncombine = true\ntags = ["dates"]\nforms = 1\n')
    outputs = render_all(_load(root))
    assert "print/t.html" in outputs and "print/every-type.html" not in outputs
    assert outputs["print/t.html"].decode().count('class="q ') == 1  # only ev-mcq carries "dates"


CONFIG_ERRORS = [
    ('[print]\nforms = "two"\n', 'citequiz.toml:3:1: error[print-config]: [print] forms must be a whole number from 1 to 26, not \'two\''),
    ('[print]\npapr = "a4"\n', "citequiz.toml:3:1: error[print-config]: unknown key `papr` in [print]; did you mean `paper`?"),
    ('[print]\npaper = "A5"\n', "citequiz.toml:3:1: error[print-config]: [print] paper must be one of auto, a4, letter, not 'A5'; "
                              "auto leaves the size to the print dialog; the layout fits A4 and US Letter"),
    ('[print]\nbanks = ["nope"]\n', "citequiz.toml:3:1: error[print-config]: [print] banks names `nope`, which no bank in the project has; known: every-type"),
    ('[print]\n\n[[print.blueprint]]\ncount = 9\ntag = "dates"\n',
     "citequiz.toml:4:1: error[blueprint-short]: blueprint rule 1 asks for 9 questions with tag 'dates' for print/every-type.html, "
     "but only 1 are left; lower `count`, or widen the rule"),
    ('[print]\n\n[[print.blueprint]]\ncount = 1\n\n[[print.blueprint]]\ndifficulty = 4\ncount = 1\n',
     "citequiz.toml:8:1: error[print-config]: blueprint rule 2: difficulty must be 1, 2 or 3, not 4"),
    ('[print]\n\n[[print.blueprint]]\ntag = "dates"\n',
     "citequiz.toml:4:1: error[print-config]: blueprint rule 1 needs `count`, a whole number of questions of at least 1"),
]


@pytest.mark.parametrize("toml,message", CONFIG_ERRORS)
def test_config_errors_are_precise(tmp_path, toml, message):
    project = _load(_with_config(tmp_path, toml))
    assert [str(f) for f in check_project(project) if f.rule in ("print-config", "blueprint-short")] == [message]
    with pytest.raises(PrintConfigError) as exc:
        printable.render(RenderContext(project=project, env=environment(project.root)))
    assert message in str(exc.value)


def test_config_in_pyproject_is_located(tmp_path):
    import shutil

    dest = tmp_path / "proj"
    shutil.copytree(FIXTURE, dest)
    (dest / "citequiz.toml").unlink()
    (dest / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.citequiz.print]\nforms = 0\n', encoding="utf-8")
    (f,) = [f for f in check_project(_load(dest)) if f.rule == "print-config"]
    assert str(f).startswith("pyproject.toml:5:1: error[print-config]: [print] forms must be")


def test_build_cli_refuses_a_bad_print_config(tmp_path, capsys):
    from citequiz.cli import main

    root = _with_config(tmp_path, '[print]\nforms = 30\n')
    assert main(["build", str(root)]) == 1
    err = capsys.readouterr()
    assert "error[print-config]: [print] forms must be a whole number from 1 to 26, not 30" in err.out + err.err
    assert "Traceback" not in err.out + err.err
    assert not (root / "build").exists()


# ---------------------------------------------------------------- the printed PDF

MARK_JS = """() => {
  document.querySelectorAll('.sheet').forEach((sheet, s) => {
    sheet.querySelectorAll('.q .body, .row .body').forEach((body, n) => {
      for (const [where, node] of [['S', body.firstChild], ['E', null]]) {
        const mark = document.createElement('div');
        mark.textContent = `QMARK${where}${s}x${n}Q`;
        mark.style.cssText = 'font: 4pt/1 sans-serif; height: 4pt; overflow: hidden';
        body.insertBefore(mark, node);
      }
    });
  });
}"""


def _paper_title(project, name: str) -> str:
    bank = next((b for b in project.banks if f"print/{b.name}.html" == name), None)
    return bank.title if bank else project.title


def _pdf_pages(page, fmt: str) -> list[str]:
    from pypdf import PdfReader

    data = page.pdf(format=fmt, prefer_css_page_size=True)
    pages = [re.sub(r"\s+", "", p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages]
    for n, text in enumerate(pages, 1):  # the footer, "page N of M", comes first in the text
        assert text.startswith(f"page{n}of{len(pages)}"), text[:40]
    return [text[len(f"page{n}of{len(pages)}"):] for n, text in enumerate(pages, 1)]


@pytest.mark.browser
@pytest.mark.parametrize("root", _projects(), ids=lambda p: p.name)
def test_printed_pdf_pages_are_sane_and_keep_questions_whole(root, page, tmp_path):
    project = _load(root)
    outputs = render_all(project)
    names = sorted(k for k in outputs if k.startswith("print/"))
    assert names
    name = max(names, key=lambda k: len(outputs[k]))  # the largest paper
    path = tmp_path / "paper.html"
    path.write_bytes(outputs[name])
    page.goto(path.as_uri())
    n_questions = page.locator(".sheet.form").first.locator(".q").count()
    stem_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.stem')).fontSize)")
    assert stem_px >= 16, "question text under 12pt"
    small = root == FIXTURE  # the real banks make a long page: keep the suite fast
    if small:
        from axe_playwright_python.sync_playwright import Axe

        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations] == []
    # Tiny start and end marks in every question and key entry (4pt, barely changing the layout):
    # a question split across pages has its two marks on different pages.
    page.evaluate(MARK_JS)
    for fmt in ("A4", "Letter") if small else ("Letter",):  # Letter: the shorter page
        pages = _pdf_pages(page, fmt)
        # Each form and each key starts a page; a page holds at least 2 questions or key rows.
        assert 4 <= len(pages) <= 2 * 2 * (n_questions // 2 + 1), f"{fmt}: {len(pages)} pages for {n_questions} questions"
        assert sum(p.startswith("Answerkey—FormA") for p in pages) == 1
        assert sum(p.startswith("Answerkey—FormB") for p in pages) == 1
        for letter in "AB":
            (first,) = [p for p in pages if f"Form{letter}·" in p]
            assert first.startswith(re.sub(r"\s+", "", _paper_title(project, name)) + f"Form{letter}·")
        where = {}
        for i, text in enumerate(pages):
            for kind, mark in re.findall(r"QMARK([SE])(\d+x\d+)Q", text):
                where[kind, mark] = i
        marks = {m for _, m in where}
        assert len(marks) == 2 * n_questions * 2  # every question and key row of both forms
        split = sorted(m for m in marks if where.get(("S", m)) != where.get(("E", m)))
        assert not split, f"{fmt}: split across pages: {split}"
    assert page.console_errors == []
