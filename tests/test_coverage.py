"""`citequiz coverage` (text and JSON) and build/coverage.html."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from citequiz.build import render_all
from citequiz.coverage import coverage
from citequiz.load import load_project


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citequiz", *args], capture_output=True, text=True, timeout=120)


def test_json_counts_questions_per_line(every_type):
    result = run("coverage", "--format", "json", str(every_type))
    assert result.returncode == 0, result.stderr
    [seed] = json.loads(result.stdout)
    assert seed["seed"] == "sample.txt"
    assert (seed["substantive_paragraphs"], seed["covered_paragraphs"], seed["percent"]) == (5, 5, 100.0)
    assert seed["paragraphs"][0] == {"first": 1, "last": 1, "kind": "paragraph", "substantive": False,
                                     "count": 0, "questions": []}
    lines = {entry["line"]: entry for entry in seed["lines"]}
    assert lines[2]["questions"] == ["ev-mcq", "ev-multi", "ev-order"]
    assert lines[3] == {"line": 3, "substantive": True, "count": 4,
                        "questions": ["ev-tf", "ev-cloze", "ev-match", "ev-order"]}
    assert lines[4]["questions"] == ["ev-short", "ev-special"]
    assert lines[6]["count"] == 1
    assert 1 not in lines  # the title: neither substantive nor cited
    assert seed["uncovered"] == []


def test_uncovered_lines_are_listed_with_their_first_words(every_type):
    bank = every_type / "questions" / "every-type.yaml"
    bank.write_text(bank.read_text().replace("source: [sample.txt:4, sample.txt:6]", "source: sample.txt:4"))
    text = run("coverage", str(every_type)).stdout.splitlines()
    assert text == [
        "sample.txt (The Sample Treaty (a test text)): 4 of 5 substantive paragraphs cited (80%); "
        "cited once: 1, twice: 1, 3+ times: 2",
        "  uncovered sample.txt:6\tTrade between the states reached $5.5 billion in …",
        "covered 4 of 5 substantive paragraphs in 1 seed (80%)",
    ]
    [seed] = json.loads(run("coverage", "--format", "json", str(every_type)).stdout)
    assert seed["uncovered"] == [{"line": 6, "last": 6,
                                  "first_words": "Trade between the states reached $5.5 billion in …"}]
    assert seed["percent"] == 80.0


def test_a_range_counts_every_line_once_per_question(tmp_path):
    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    (root / "questions").mkdir()
    (root / "seeds" / "s.txt").write_text("One two three four five six.\nSeven eight nine ten eleven twelve.\n"
                                          "Short line\n")
    (root / "questions" / "b.yaml").write_text(
        "title: B\nquestions:\n  - id: q\n    type: short\n    prompt: Which number?\n    answer: six\n"
        "    source: [s.txt:1-2, s.txt:1]\n")
    project, _ = load_project(root)
    [sc] = coverage(project)
    assert [line.count for line in sc.lines] == [1, 1, 0]
    assert [line.substantive for line in sc.lines] == [True, True, False]
    assert sc.percent == 100.0


def test_coverage_page_links_lines_to_questions_and_the_source_reader(every_type):
    project, _ = load_project(every_type)
    html = render_all(project)["coverage.html"].decode()
    assert '<a class="num" href="sources/sample.html#L3"' in html
    assert '<a href="#q-ev-tf">ev-tf</a>' in html
    assert '<dt id="q-ev-tf">' in html
    assert 'class="heat h3"' in html  # line 3: three questions
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in html  # seed text is escaped
    assert "<script>alert" not in html
    assert "coverage.html" in render_all(project)["index.html"].decode()


@pytest.mark.browser
def test_coverage_page_in_a_browser(every_type, page):
    project, _ = load_project(every_type)
    out = every_type / "build"
    out.mkdir()
    (out / "coverage.html").write_bytes(render_all(project)["coverage.html"])
    page.goto((out / "coverage.html").as_uri())
    assert page.locator("#sample-L3 .heat").inner_text() == "4"
    page.locator("#sample-L3 a[href='#q-ev-tf']").click()
    assert page.evaluate("location.hash") == "#q-ev-tf"
    from axe_playwright_python.sync_playwright import Axe

    assert [v["id"] for v in Axe().run(page).response["violations"]] == []
    assert page.console_errors == []


def test_a_wrapped_sentence_cited_through_one_line_covers_its_paragraph(tmp_path):
    """The GPL case: sentences span lines, so coverage counts paragraphs, not lines."""
    from pathlib import Path
    import shutil

    root = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "fixtures" / "sources", root)
    text = run("coverage", str(root)).stdout.splitlines()
    assert text == [
        "licence.txt (The Sample Licence): 2 of 2 substantive paragraphs cited (100%); "
        "cited once: 2, twice: 0, 3+ times: 0",
        "notes.md (Study notes on the Sample Treaty): 3 of 4 substantive paragraphs cited (75%); "
        "cited once: 3, twice: 0, 3+ times: 0",
        "  uncovered notes.md:11-12\tThe amendments changed the article 7 formula for …",
        "covered 5 of 6 substantive paragraphs in 2 seeds (83%)",
    ]
    [licence, notes] = json.loads(run("coverage", "--format", "json", str(root)).stdout)
    assert [(p["first"], p["last"], p["kind"], p["substantive"], p["questions"]) for p in notes["paragraphs"]] == [
        (1, 1, "heading", False, []),
        (3, 5, "paragraph", True, ["md-signed"]),
        (7, 7, "heading", False, []),
        (9, 10, "paragraph", True, ["md-camelot"]),
        (11, 12, "paragraph", True, []),
        (14, 16, "table", False, []),
        (18, 20, "code", False, []),
        (22, 22, "paragraph", False, []),
        (24, 25, "paragraph", True, ["md-relic"]),
    ]
    # Line 2 ("Version 1, 2026") is boilerplate in sources.yaml; lines 5 and 11 are cited by no
    # question, but their paragraphs are.
    assert [(p["first"], p["last"], p["count"]) for p in licence["paragraphs"] if p["substantive"]] == [
        (4, 6, 1), (10, 13, 1)]
    project, _ = load_project(root)
    html = render_all(project)["coverage.html"].decode()
    assert '<li id="licence-L5" class="">' in html  # a wrapped line of a cited paragraph: not red
    assert '<li id="notes-L11" class="uncovered">' in html
