"""Seeds of every kind: the reader registry, Markdown seeds (grounded on their text without
markup, rendered in the source reader with every line anchor kept) and hard-wrapped text."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from citequiz.build import build
from citequiz.check import check_project
from citequiz.load import load_project
from citequiz.readers import READERS, reader_for
from citequiz.readers import markdown, text

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "sources"


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    dest = tmp_path / "sources"
    shutil.copytree(FIXTURE, dest)
    return dest


def test_readers_are_registered_by_extension():
    assert reader_for("notes.md") is markdown and reader_for("a/B.MARKDOWN") is markdown
    assert reader_for("licence.txt") is text
    assert reader_for("README") is text  # no extension: plain text, as before readers existed
    assert {ext: module.KIND for ext, module in READERS.items()} == {
        ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}


def test_markdown_seed_is_grounded_on_its_text_without_markup():
    project, findings = load_project(FIXTURE)
    assert findings == []
    seed = project.seeds["notes.md"]
    assert seed.kind == "markdown"
    assert seed.lines[3] == "signed in **1974** by three states: *Avalon*, Brigadoon and"
    assert seed.plain[3] == "signed in 1974 by three states: Avalon, Brigadoon and"
    assert seed.plain[0] == "The Sample Treaty: study notes"  # no "#"
    assert seed.plain[8] == "It was amended in 2006 for Avalon and in 2012 for"  # no "- "
    assert seed.plain[23].startswith('A delegate once called')  # no "> "
    assert seed.plain[17] == "" and seed.plain[18] == "article 7: duty = base + surcharge"
    assert seed.plain[21] == '<script>alert("raw HTML stays text")</script>'  # raw HTML is text
    assert list(check_project(project)) == []


def test_an_answer_that_stands_only_in_the_markup_is_not_grounded(project_dir):
    bank = project_dir / "questions" / "sources.yaml"
    bank.write_text(bank.read_text().replace('answer: "1974"', 'answer: "**1974**"'))
    project, _ = load_project(project_dir)
    [finding] = list(check_project(project))
    assert finding.rule == "answer-not-in-source"
    assert finding.message == 'answer "**1974**" does not occur in notes.md:3-4'


def test_markdown_units_are_its_blocks():
    project, _ = load_project(FIXTURE)
    seed = project.seeds["notes.md"]
    assert [(u.first, u.last, u.kind, u.substantive) for u in seed.units] == [
        (1, 1, "heading", False),
        (3, 5, "paragraph", True),
        (7, 7, "heading", False),
        (9, 10, "paragraph", True),
        (11, 12, "paragraph", True),
        (14, 16, "table", False),  # three words of cells and a year: fewer than six
        (18, 20, "code", False),
        (22, 22, "paragraph", False),  # not a sentence
        (24, 25, "paragraph", True),
    ]


def test_hard_wrapped_text_is_one_unit_per_paragraph():
    project, _ = load_project(FIXTURE)
    seed = project.seeds["licence.txt"]
    assert [(u.first, u.last, u.substantive) for u in seed.units] == [
        (1, 1, False), (2, 2, False), (4, 6, True), (8, 8, False), (10, 13, True)]
    # One paragraph per line (the project's own seeds, imported text): each line is a unit,
    # and a short title above a paragraph does not make it a wrapped block.
    assert [(u.first, u.last) for u in text.units(("A Title", "One two three four five six.",
                                                   "Seven eight nine ten eleven twelve."))] == [
        (1, 1), (2, 2), (3, 3)]


@pytest.mark.browser
def test_markdown_seed_is_rendered_with_every_line_anchor(project_dir, page):
    out = project_dir / "build"
    build(project_dir, out)
    page.emulate_media(reduced_motion="reduce")
    page.goto((out / "sources" / "notes.html").as_uri() + "#L10")
    assert page.locator(".md h2").inner_text() == "The Sample Treaty: study notes"
    assert page.locator(".md strong").inner_text() == "1974"
    assert page.locator(".md ul > li").count() == 2
    assert page.locator(".md pre code").inner_text() == "article 7: duty = base + surcharge"
    assert page.locator(".md table td").first.inner_text() == "Avalon"
    body = page.inner_text("main")
    assert "##" not in body and "**" not in body and "```" not in body
    assert '<script>alert("raw HTML stays text")</script>' in body  # shown, not run
    ids = page.eval_on_selector_all("[id^=L]", "els => els.map(e => e.id)")
    assert sorted(ids, key=lambda i: int(i[1:])) == [f"L{n}" for n in range(1, 26)]
    target = page.locator("li.target")
    assert target.count() == 1 and "Camelot remains bound by it" in target.inner_text()
    assert target.locator(".ln").inner_text().split() == ["Lines", "9–12"]
    assert "Question 2 (md-camelot)" in target.locator(".marks").inner_text()
    page.evaluate("location.hash = '#L3-L10'")  # a paragraph, a heading, a list
    page.wait_for_function("document.querySelectorAll('li.target').length === 3")
    from axe_playwright_python.sync_playwright import Axe

    assert [v["id"] for v in Axe().run(page).response["violations"]] == []
    assert page.console_errors == []


@pytest.mark.parametrize("name, data, message", [
    ("notes.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n",
     "seeds/notes.md: error[seed-not-text]: seed is a PDF named like a text file; give it its real extension "
     "(.pdf) and convert it with `citequiz import FILE`"),
    ("notes.md", b"# Notes\n\x00\x01\x02binary\n",
     "seeds/notes.md:2:1: error[seed-not-text]: seed contains a NUL byte; it is not a text file; "
     "save it as plain UTF-8 text"),
    ("report.pdf", b"%PDF-1.7\n",
     "seeds/report.pdf: error[seed-not-text]: seed is a PDF, not a text file; convert it with `citequiz import "
     "seeds/report.pdf`, which writes a text seed beside it (the original then stays, as the seed's source)"),
])
def test_a_binary_seed_is_named_and_nothing_built(project_dir, name, data, message):
    (project_dir / "seeds" / name).write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "citequiz", "build", str(project_dir)], capture_output=True,
                            text=True, timeout=120, cwd=project_dir)
    assert result.returncode == 1
    assert message.replace("seeds/", f"{project_dir}/seeds/", 1) in result.stdout.splitlines()
    assert not (project_dir / "build").exists()


def test_markdown_links_cannot_run_script_and_images_load_nothing():
    from citequiz.model import Seed, SourceInfo

    lines = ("[click](javascript:alert(1)) and [data](data:text/html,<script>x</script>)",
             "![a map of Avalon](https://example.org/map.png)", "<img src=x onerror=alert(1)>")
    parsed = markdown.parse(lines)
    seed = Seed("m.md", lines, SourceInfo("m"), kind="markdown", plain_lines=parsed.plain_lines)
    html = "".join(block.html for block in markdown.blocks(seed))
    assert "[click](javascript:alert(1))" in html and 'href="javascript' not in html  # left as text
    assert 'href="data:' not in html
    assert "<img" not in html and '<span class="img-alt">[image: a map of Avalon]</span>' in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert parsed.plain_lines[1] == "a map of Avalon"
