"""`citequiz import`: PDF (printed by Chromium in the test), HTML with navigation and footer,
DOCX and EPUB (written by python-docx and ebooklib in the test) to text seeds, each cited by a
question that `check` passes; bad documents refused with a clear message and nothing written."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from citequiz.importers.document import reflow

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
HEADER = '<div style="font-size:8px;width:100%;text-align:center">Avalon customs office</div>'
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center">Page <span class="pageNumber"></span> of '
          '<span class="totalPages"></span></div>')


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citequiz", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "quiz"
    (root / "questions").mkdir(parents=True)
    (root / "seeds").mkdir()
    return root


def bank(root: Path, questions: str) -> None:
    (root / "questions" / "imported.yaml").write_text("title: Imported sources\nquestions:\n" + questions)


@pytest.fixture(scope="module")
def pdfs(browser, tmp_path_factory) -> dict[str, Path]:
    """PDFs as a teacher gets them: printed by Chromium, with a running header and page numbers;
    one of images only (a scan); one encrypted with a password (by pypdf)."""
    out = tmp_path_factory.mktemp("pdf")
    context = browser.new_context()
    page = context.new_page()
    made = {}
    runon = ('<style>body { font: 11pt/1.4 serif; }</style><p>The first paragraph stands alone on the first page '
             'and ends here.</p><div style="height: 8cm"></div><p>The long paragraph begins near the bottom of the '
             'first page and carries on for a good while, telling of the customs union, the duties on wool and salt, '
             'the treaty signed in 1974 by Avalon, Brigadoon and Camelot, and of the many delegates who argued about '
             'it for years before anyone thought to count the trade it made.</p>')
    for name, html in (("report", (FIXTURES / "report.html").read_text()), ("runon", runon),
                       ("scan", '<body><svg width="300" height="400"><rect width="300" height="400" fill="#555"/>'
                                '</svg><div style="break-before: page"><svg width="200" height="200">'
                                '<circle cx="100" cy="100" r="90"/></svg></div></body>')):
        page.set_content(html)
        made[name] = out / f"{name}.pdf"
        made[name].write_bytes(page.pdf(format="A6", display_header_footer=name != "scan",
                                        header_template=HEADER, footer_template=FOOTER,
                                        margin={"top": "1.5cm", "bottom": "1.5cm", "left": "1cm", "right": "1cm"}))
    context.close()
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=made["report"])
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    made["locked"] = out / "locked.pdf"
    with made["locked"].open("wb") as f:
        writer.write(f)
    return made


@pytest.mark.browser
def test_pdf_import_has_one_paragraph_per_line_and_the_page_of_each(project, pdfs):
    result = run("import", str(pdfs["report"]), str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == (f"wrote {project}/seeds/report.txt, {project}/seeds/sources.yaml: "
                             f"6 paragraphs from {pdfs['report']}\n")
    assert (project / "seeds" / "report.txt").read_text() == (
        "Customs report on the Sample Treaty\n\n"
        "The Sample Treaty was signed in 1974 by three states: Avalon, Brigadoon and Camelot. Its customs "
        "union sets one duty on wool and one on salt for all three.\n\n"
        "The treaty was amended in 2006 for Avalon and in 2012 for Brigadoon, while Camelot remains bound "
        "by the original text of 1974.\n\n"
        "Trade between the three states reached $5.5 billion in 2024, a 12% increase on the year before, "
        "according to the customs office of Avalon.\n\n"
        "Wool made up two fifths of that trade and salt one tenth; the rest was timber, cloth and the "
        "wares of the mountain mines, which the treaty does not tax at all.\n\n"
        "A delegate of Camelot once called the treaty “an absurd relic of the past”, but a motion to "
        "leave it failed in the assembly in 2019 by eleven votes.\n")  # no header, no "Page 1 of 3"
    entry = yaml.safe_load((project / "seeds" / "sources.yaml").read_text())["report.txt"]
    assert entry == {"title": "Customs report on the Sample Treaty", "imported": {
        "from": str(pdfs["report"]), "sha256": hashlib.sha256(pdfs["report"].read_bytes()).hexdigest(),
        "format": "pdf", "pages": {1: 1, 7: 2, 11: 3}}}
    bank(project, "  - id: trade\n    type: short\n    prompt: What did trade between the states reach in 2024?\n"
                  "    answer: $5.5 billion\n    source: report.txt:7\n")
    check = run("check", str(project))
    assert check.returncode == 0, check.stdout
    [seed] = json.loads(run("coverage", "--format", "json", str(project)).stdout)
    assert (seed["substantive_paragraphs"], seed["covered_paragraphs"]) == (5, 1)


@pytest.mark.browser
def test_a_paragraph_running_over_a_page_break_is_one_line_on_the_page_it_starts(project, pdfs):
    assert run("import", str(pdfs["runon"]), str(project)).returncode == 0
    assert (project / "seeds" / "runon.txt").read_text() == (
        "The first paragraph stands alone on the first page and ends here.\n\n"
        "The long paragraph begins near the bottom of the first page and carries on for a good while, telling of "
        "the customs union, the duties on wool and salt, the treaty signed in 1974 by Avalon, Brigadoon and Camelot, "
        "and of the many delegates who argued about it for years before anyone thought to count the trade it made.\n")
    entry = yaml.safe_load((project / "seeds" / "sources.yaml").read_text())["runon.txt"]
    assert entry["imported"]["pages"] == {1: 1}  # both start on page 1; the second ends on page 2


@pytest.mark.browser
def test_an_encrypted_or_image_only_pdf_is_refused_and_nothing_written(project, pdfs):
    before = snapshot(project)
    locked = run("import", str(pdfs["locked"]), str(project))
    assert (locked.returncode, locked.stdout) == (1, (
        f"{pdfs['locked']}: error[import-encrypted]: the PDF is encrypted with a password; save an unprotected "
        "copy (print to PDF, or `qpdf --decrypt`) and import that\n"))
    assert locked.stderr == "citequiz: nothing imported, nothing written\n"
    scan = run("import", str(pdfs["scan"]), str(project))
    assert (scan.returncode, scan.stdout) == (1, (
        f"{pdfs['scan']}: error[import-no-text]: the PDF has no text layer on any of its 2 pages (a scan or "
        "images only); citequiz does no OCR; run OCR first (e.g. `ocrmypdf in.pdf out.pdf`) and import the "
        "result, or copy the text\n"))
    assert snapshot(project) == before


def test_html_import_keeps_the_article_and_drops_navigation_and_footer(project):
    page = FIXTURES / "article.html"
    result = run("import", str(page), str(project))
    assert result.returncode == 0, result.stderr
    text = (project / "seeds" / "article.txt").read_text()
    assert text.splitlines()[::2] == [
        "The Sample Treaty at fifty",
        "The Sample Treaty was signed in 1974 by three states: Avalon, Brigadoon and Camelot. Fifty years on, "
        "its customs union still sets the price of wool in all three capitals, and few of its critics expected "
        "it to last this long.",
        "A union of three",
        "The treaty was amended in 2006 for Avalon and in 2012 for Brigadoon, while Camelot remains bound by "
        "the original text. Each amendment lowered the duty on salt, which had been the treaty's most disputed "
        "clause since the first negotiations.",
        "Trade between the three states reached $5.5 billion in 2024, a 12% increase on the year before, "
        "according to the customs office of Avalon, which publishes the figures every spring.",
        "Critics",
        "A delegate of Camelot once called the treaty “an absurd relic of the past”, and a motion to leave it "
        "was put to Camelot's assembly in 2019. The motion failed by eleven votes.",
    ]
    for furniture in ("Subscribe", "Sport", "All rights reserved", "Contact", "Avalon Daily"):
        assert furniture not in text
    entry = yaml.safe_load((project / "seeds" / "sources.yaml").read_text())["article.txt"]
    assert entry["title"] == "The Sample Treaty at fifty" and entry["author"] == "Mara Quill"
    assert entry["imported"]["headings"] == {
        1: "The Sample Treaty at fifty", 5: "The Sample Treaty at fifty > A union of three",
        11: "The Sample Treaty at fifty > Critics"}
    assert entry["imported"]["from"] == str(page)
    bank(project, "  - id: relic\n    type: short\n    prompt: What did a delegate of Camelot call the treaty?\n"
                  "    answer: an absurd relic of the past\n    source: article.txt:13\n")
    assert run("check", "--strict", str(project)).returncode == 0


def test_html_with_no_main_text_is_refused(project, tmp_path):
    page = tmp_path / "menu.html"
    page.write_text("<html><head><title>Avalon Daily</title></head><body><nav><a href='/'>Home</a> "
                    "<a href='/news'>News</a></nav><footer>© 2026 Avalon Daily</footer></body></html>")
    before = snapshot(project)
    result = run("import", str(page), str(project))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{page}: error[import-no-main-text]: found no main text in the page (")
    assert snapshot(project) == before


def test_docx_import_gives_paragraphs_with_their_heading_path(project, tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = "Notes on the Sample Treaty"
    document.core_properties.author = "A. Teacher"
    document.add_heading("The Sample Treaty", level=1)
    document.add_paragraph("The treaty was signed in 1974 by three states: Avalon, Brigadoon and Camelot.")
    document.add_heading("Amendments", level=2)
    document.add_paragraph("It was amended in 2006 for Avalon and in 2012 for Brigadoon, while Camelot "
                           "remains bound by it.")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("State", "Bound since"), ("Camelot", "1974"))):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    path = tmp_path / "notes.docx"
    document.save(path)
    result = run("import", str(path), str(project))
    assert result.returncode == 0, result.stderr
    assert (project / "seeds" / "notes.txt").read_text().splitlines()[::2] == [
        "The Sample Treaty",
        "The treaty was signed in 1974 by three states: Avalon, Brigadoon and Camelot.",
        "Amendments",
        "It was amended in 2006 for Avalon and in 2012 for Brigadoon, while Camelot remains bound by it.",
        "State | Bound since", "Camelot | 1974"]
    entry = yaml.safe_load((project / "seeds" / "sources.yaml").read_text())["notes.txt"]
    assert (entry["title"], entry["author"]) == ("Notes on the Sample Treaty", "A. Teacher")
    assert entry["imported"]["headings"] == {1: "The Sample Treaty", 5: "The Sample Treaty > Amendments"}
    bank(project, "  - id: amended\n    type: short\n    prompt: In which year was the treaty amended for Brigadoon?\n"
                  "    answer: \"2012\"\n    source: notes.txt:7\n")
    assert run("check", "--strict", str(project)).returncode == 0


def test_epub_import_reads_the_chapters_in_spine_order(project, tmp_path):
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("sample-treaty")
    book.set_title("A History of the Sample Treaty")
    book.set_language("en")
    book.add_author("B. Historian")
    chapters = []
    for i, (title, body) in enumerate((
            ("Signing", "<p>The treaty was signed in 1974 by Avalon, Brigadoon and Camelot.</p>"),
            ("Dissent", "<p>A delegate called it <em>an absurd relic</em> of the past.</p>"
                        "<ul><li>The motion to leave failed in 2019.</li></ul>")), 1):
        chapter = epub.EpubHtml(title=title, file_name=f"ch{i}.xhtml", lang="en")
        chapter.content = f"<html><body><h1>{title}</h1>{body}</body></html>"
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = chapters  # reading order: the navigation document is not part of the text
    path = tmp_path / "history.epub"
    epub.write_epub(str(path), book)
    result = run("import", str(path), str(project))
    assert result.returncode == 0, result.stderr
    assert (project / "seeds" / "history.txt").read_text().splitlines()[::2] == [
        "Signing", "The treaty was signed in 1974 by Avalon, Brigadoon and Camelot.",
        "Dissent", "A delegate called it an absurd relic of the past.", "The motion to leave failed in 2019."]
    entry = yaml.safe_load((project / "seeds" / "sources.yaml").read_text())["history.txt"]
    assert entry["title"] == "A History of the Sample Treaty"
    assert entry["imported"]["headings"] == {1: "Signing", 5: "Dissent"}


def test_reimport_never_overwrites_without_force_and_names_the_cited_lines_that_change(project, tmp_path):
    page = tmp_path / "article.html"
    page.write_text((FIXTURES / "article.html").read_text())
    assert run("import", str(page), str(project)).returncode == 0
    bank(project, "  - id: relic\n    type: short\n    prompt: What did a delegate of Camelot call the treaty?\n"
                  "    answer: an absurd relic of the past\n    source: article.txt:13\n"
                  "  - id: signed\n    type: short\n    prompt: When was the treaty signed?\n"
                  "    answer: \"1974\"\n    source: article.txt:3\n")
    again = run("import", str(page), str(project))
    assert (again.returncode, again.stdout) == (0, f"{project}/seeds/article.txt is up to date with {page}; "
                                                   "nothing written\n")
    page.write_text(page.read_text().replace("<h2>Critics</h2>", "<h2>Critics</h2>\n<p>Not everyone in Camelot "
                                             "was pleased with the treaty, and some said so loudly in 2019.</p>"))
    before = snapshot(project)
    refused = run("import", str(page), str(project))
    assert refused.returncode == 1
    assert refused.stdout.splitlines() == [
        f"{project}/questions/imported.yaml:7:13: warning[cited-text-changed]: `relic` cites article.txt:13, whose "
        "text the new import changes; after importing, `citequiz check` says whether it still holds the answers; "
        "`citequiz fix` re-anchors moved ones",
        f"{project}/seeds/article.txt: error[seed-exists]: seed article.txt exists and this import would change it "
        "(1 cited passage with it); re-import with --force to replace it, or choose another seed name with --name"]
    assert snapshot(project) == before
    forced = run("import", "--force", str(page), str(project))
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.splitlines()[-1].endswith("; 1 cited passage changed: run `citequiz check`")
    check = run("check", str(project))
    assert "error[citation-moved]: the text cited at article.txt:13 now stands at line 15" in check.stdout
    assert run("fix", str(project)).returncode == 0
    assert run("check", str(project)).returncode == 0


def test_reflow_joins_broken_words_and_keeps_real_hyphens():
    assert reflow("an inter-\nnational  treaty,\r\nthe Jackson-\nVanik amend\u00adment of 1974 (COVID-\n19)") == (
        "an international treaty, the Jackson-Vanik amendment of 1974 (COVID-19)")
    # PDF fonts' ligatures are letters again: "ﬃ" (U+FB03) in "oﬃce" reads "ffi".
    assert reflow("the customs o\ufb03ce, \ufb01rst and \ufb02at") == "the customs office, first and flat"


def test_unsupported_or_missing_files_are_named(project, tmp_path):
    odt = tmp_path / "notes.odt"
    odt.write_bytes(b"PK\x03\x04 not really")
    result = run("import", str(odt), str(project))
    assert (result.returncode, result.stdout) == (1, (
        f"{odt}: error[import-unsupported]: citequiz cannot import .odt files; it imports .docx, .epub, .htm, "
        ".html, .pdf, .xhtml; a plain text or Markdown file can be copied into seeds/ as it is\n"))
    missing = run("import", str(tmp_path / "gone.pdf"), str(project))
    assert (missing.returncode, missing.stdout) == (1, f"{tmp_path / 'gone.pdf'}: error[import-unreadable]: no such file\n")


def test_import_defaults_to_the_current_project(project):
    result = run("import", str(FIXTURES / "article.html"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "seeds" / "article.txt").is_file()
    assert result.stdout.startswith("wrote seeds/article.txt, seeds/sources.yaml: 7 paragraphs")


@pytest.mark.browser
def test_a_pdf_seed_shows_its_pages_in_the_reader_and_in_every_citation_label(project, pdfs, page):
    import re

    from citequiz.load import load_project
    from citequiz.render.provenance import citation as _cite  # the Anki, Moodle XML and QTI label

    assert run("import", str(pdfs["report"]), str(project)).returncode == 0
    bank(project, "  - id: trade\n    type: short\n    prompt: What did trade between the states reach in 2024?\n"
                  "    answer: $5.5 billion\n    explanation: The customs office of Avalon says so.\n"
                  "    source: report.txt:7\n"
                  "  - id: relic\n    type: short\n    prompt: What did a delegate of Camelot call the treaty?\n"
                  "    answer: an absurd relic of the past\n    source: [report.txt:9-11, report.txt:3]\n")
    build = run("build", str(project))
    assert build.returncode == 0, build.stdout + build.stderr
    out = project / "build"
    project_model, _ = load_project(project)
    trade, relic = project_model.banks[0].questions
    assert _cite(project_model, trade.sources) == "Customs report on the Sample Treaty, p. 2, line 7"
    assert _cite(project_model, relic.sources) == "Customs report on the Sample Treaty, pp. 1–3, lines 9–11 and 3"
    key = "".join(p.read_text() for p in sorted((out / "print").glob("*.html")))  # the answer keys
    assert "Customs report on the Sample Treaty — report.txt, p. 2, line 7" in key
    data = re.search(r'<script type="application/json" id="quiz-data">(.*?)</script>',
                     (out / "quiz" / "imported.html").read_text(), re.S)
    assert data is not None
    assert json.loads(data.group(1))["questions"][0]["cite"] == [[0, 7, 7, "p. 2"]]

    page.emulate_media(reduced_motion="reduce")
    page.goto((out / "sources" / "report.html").as_uri() + "#L7")
    assert page.locator("#L1 .pg").inner_text() == "p.\xa01"
    assert page.locator("#L7 .pg").inner_text() == "p.\xa02"
    assert page.locator("#L11 .pg").inner_text() == "p.\xa03"
    assert page.locator("li.target").get_attribute("id") == "L7"
    assert page.locator("li.target .pg").inner_text() == "p.\xa02"
    page.goto((out / "quiz" / "imported.html").as_uri())
    page.wait_for_selector("html[data-ready=true]")
    page.fill("#q-trade-in", "$5.5 billion")
    page.click("#primary")  # the study view's Check
    assert page.locator("#q-trade-feedback a.cite").inner_text() == "Customs report on the Sample Treaty, p. 2, line 7"
    assert page.console_errors == []


def test_without_the_import_extra_the_message_says_how_to_install_it(monkeypatch, tmp_path):
    import importlib.util

    from citequiz.importers import ImportProblem, converter_for

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pdfminer" else real(name, *a))
    with pytest.raises(ImportProblem) as caught:
        converter_for(tmp_path / "report.pdf")
    assert (caught.value.rule, caught.value.message, caught.value.hint) == (
        "import-needs-extra", "importing PDF needs the import extra",
        "install it with `pip install 'citequiz[import]'` (with pipx: `pipx install --force 'citequiz[import]'`)")


def test_an_original_imported_from_inside_seeds_is_no_seed_itself(project):
    """A teacher drops the page into seeds/ and imports it there: the page is then the seed's
    source, recorded in sources.yaml, and the check reads only the text seed."""
    page = project / "seeds" / "article.html"
    page.write_bytes((FIXTURES / "article.html").read_bytes())
    before = run("check", str(project))
    assert f"{page}: error[seed-not-text]: seed is an HTML page, not a text file" in before.stdout
    result = run("import", "seeds/article.html", cwd=project)
    assert result.returncode == 0, result.stderr
    entry = yaml.safe_load((project / "seeds" / "sources.yaml").read_text())["article.txt"]
    assert entry["imported"]["from"] == "seeds/article.html"
    bank(project, "  - id: relic\n    type: short\n    prompt: What did a delegate of Camelot call the treaty?\n"
                  "    answer: an absurd relic of the past\n    source: article.txt:13\n")
    check = run("check", "--strict", str(project))
    assert check.returncode == 0, check.stdout
    assert check.stdout.endswith("against 1 seed: 0 errors, 0 warnings\n")


def test_the_record_joins_sources_yaml_keeping_every_comment_and_the_authors_keys(project):
    sources = project / "seeds" / "sources.yaml"
    before = ("# Our sources.\narticle.txt:\n  title: The anniversary piece   # our own title\n  boilerplate: [1]\n"
              "other.txt:\n  title: Other\n")
    sources.write_text(before)
    (project / "seeds" / "other.txt").write_text("Another text.\n")
    assert run("import", str(FIXTURES / "article.html"), str(project)).returncode == 0
    after = sources.read_text()
    head, rest = after.split("  imported:\n", 1)
    assert head == before.split("other.txt:")[0]  # the entry's own keys and comments, byte for byte
    assert rest.endswith("other.txt:\n  title: Other\n")
    entry = yaml.safe_load(after)["article.txt"]
    assert (entry["title"], entry["boilerplate"], entry["imported"]["format"]) == ("The anniversary piece", [1], "html")
