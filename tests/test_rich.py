"""Rich content end to end: the every-feature fixture (tests/fixtures/rich: Markdown, inline and
display math, an image and a code block in every question type, plus markup that must stay
inert) built and read by the real consumers: Chromium, Anki's own importer, a GIFT reader port
and the QTI package's XML."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import show_all_questions

from citequiz.build import build
from citequiz.check import check_project
from citequiz.load import load_project

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "rich"
TYPES = ("mcq", "multi", "tf", "short", "cloze", "match")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rich") / "rich"
    shutil.copytree(FIXTURE, root)
    build(root, root / "build", now=1_790_000_000)
    return root


def test_the_fixture_has_every_feature_in_every_question_type():
    text = (FIXTURE / "questions" / "rich.yaml").read_text(encoding="utf-8")
    project, findings = load_project(FIXTURE)
    assert not [f for f in findings if f.severity == "error"]
    for qtype in TYPES:
        (q,) = [q for q in project.questions() if q.type == qtype and q.id != "rc-inert"]
        block = text[text.index(f"- id: {q.id}"):]
        block = block[:block.find("\n  - id:", 1)]
        assert "**" in block and "![" in block and "](media/" in block, q.id
        assert re.search(r"(?<!\$)\$[^$\s][^$]*\$(?!\$)", block), f"{q.id}: no inline math"
        assert "$$" in block, f"{q.id}: no display math"
        assert "```" in block, f"{q.id}: no code block"


def test_check_reports_only_what_the_fixture_means_to_show():
    project, findings = load_project(FIXTURE)
    found = sorted((f.severity, f.rule) for f in findings + check_project(project))
    assert ("error", "answer-not-in-source") not in found
    assert found.count(("warning", "link-not-allowed")) == 3  # the three javascript: links of rc-inert
    assert found.count(("warning", "lms-unsupported")) == 12  # GIFT and QTI 2.1: one per question with an image
    assert {rule for severity, rule in found} == {"link-not-allowed", "lms-unsupported"}


def test_grounding_reads_markdown_as_read(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(FIXTURE, root)
    bank = root / "questions" / "rich.yaml"
    text = bank.read_text(encoding="utf-8")
    # `*acceleration*` grounds "acceleration"; `*accelerations*` does not occur in the source.
    bank.write_text(text.replace('answer: "*acceleration*"', 'answer: "*accelerations*"')
                    .replace('"*acceleration*", "velocity"', '"*accelerations*", "velocity"'), encoding="utf-8")
    project, _ = load_project(root)
    messages = [str(f) for f in check_project(project) if f.rule == "answer-not-in-source"]
    assert len(messages) == 1 and 'answer "*accelerations*" does not occur in science.txt:2' in messages[0]


# ---- the quiz page in Chromium ------------------------------------------------------------------

def _open(page, site: Path):
    page.emulate_media(reduced_motion="reduce")
    page.goto((site / "build" / "quiz" / "rich.html").as_uri())
    show_all_questions(page)


@pytest.mark.browser
def test_math_renders_as_mathml_with_size_and_images_load_from_data_uris(page, site):
    _open(page, site)
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('math')).map(m => {
        const r = m.getBoundingClientRect(); return [m.getAttribute('display'), r.width, r.height]; })""")
    assert len(sizes) >= 12
    assert {d for d, _, _ in sizes} == {"inline", "block"}
    assert all(w > 0 and h > 0 for _, w, h in sizes), sizes
    images = page.evaluate("""() => Array.from(document.querySelectorAll('img')).map(i =>
        [i.currentSrc.slice(0, 22), i.complete, i.naturalWidth, i.alt])""")
    assert len(images) == 6  # one per question type
    for src, complete, width, alt in images:
        assert src in ("data:image/png;base64,", "data:image/svg+xml;bas") and complete and width > 0 and alt
    assert page.locator("pre.cq-code .nb").count() >= 2  # Pygments' spans: `len` is a builtin
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_rich_quiz_is_axe_clean_before_and_after_answering(page, site, scheme):
    from test_quiz_browser import axe_violations

    page.emulate_media(color_scheme=scheme)
    _open(page, site)
    assert axe_violations(page) == []
    page.locator("#q-rc-mcq label", has_text="velocity").click()
    page.click("#q-rc-mcq button.check")
    page.fill("#q-rc-cloze-b1", "acceleration")
    page.fill("#q-rc-cloze-b2", "0 degrees")
    page.click("#q-rc-cloze button.check")
    page.select_option("#q-rc-match-m0", "0")
    page.click("#q-rc-match button.check")
    assert "Correct" in page.inner_text("#q-rc-cloze-feedback")
    assert page.locator("#q-rc-mcq-feedback .explanation pre.cq-code").count() == 1
    assert axe_violations(page) == []
    assert page.console_errors == []


@pytest.mark.browser
def test_script_onerror_and_javascript_links_stay_inert_in_the_quiz(page, site):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open(page, site)
    q = page.locator("#q-rc-inert")
    # The markup is shown as text ...
    assert "<script>window.PWNED = 1</script>" in q.text_content()
    assert '<img src="x" onerror="window.PWNED = 2">' in q.text_content()
    # ... and no element of it exists: no script, no img, no handler, no javascript: link.
    assert q.locator("script, img, svg, b, [onerror], [onload], [onmouseover]").count() == 0
    assert page.locator("a[href^='javascript' i]").count() == 0
    page.locator("#q-rc-inert label", has_text="wall").hover()
    page.locator("#q-rc-inert label", has_text="nucleus").click()
    page.click("#q-rc-inert button.check")
    assert page.locator("#q-rc-inert-feedback svg, #q-rc-inert-feedback a:not(.cite)").count() == 0
    assert page.evaluate("window.PWNED") is None and dialogs == []
    assert page.console_errors == []


# ---- Anki ----------------------------------------------------------------------------------------

@pytest.mark.anki
def test_anki_imports_the_media_and_the_cards_reference_it(site, tmp_path):
    collection = pytest.importorskip("anki.collection")
    apkg = site / "build" / "anki" / "rich-content-fixture.apkg"
    with zipfile.ZipFile(apkg) as z:
        media = json.loads(z.read("media"))
    names = sorted(media.values())
    assert len(names) == 2 and re.fullmatch(r"box-[0-9a-f]{10}\.png", names[0]) \
        and re.fullmatch(r"cell-[0-9a-f]{10}\.svg", names[1])
    col = collection.Collection(str(tmp_path / "collection.anki2"))
    try:
        log = col.import_anki_package(collection.ImportAnkiPackageRequest(
            package_path=str(apkg),
            options=collection.ImportAnkiPackageOptions(with_scheduling=False))).log
        assert len(log.new) == 7
        on_disk = sorted(p.name for p in Path(col.media.dir()).iterdir())
        assert on_disk == names
        assert (Path(col.media.dir()) / names[0]).read_bytes() == (FIXTURE / "media" / "box.png").read_bytes()
        cards = {}
        for cid in col.find_cards(""):
            card = col.get_card(cid)
            cards.setdefault(card.note()["Id"], []).append(card.render_output(reload=True))
        for qid in ("rc-mcq", "rc-tf", "rc-cloze"):
            assert f'<img src="{names[0]}" alt="A blue box pushed by a force" class="cq-image">' \
                in cards[qid][0].question_text
        for qid in ("rc-multi", "rc-short", "rc-match"):
            assert f'<img src="{names[1]}"' in cards[qid][0].question_text
        mcq = cards["rc-mcq"][0]
        assert "\\(F = ma\\)" in mcq.question_text and "\\[F = m \\cdot a\\]" in mcq.question_text
        assert '<pre class="cq-code" data-lang="python"><code><span class="k">def</span>' in mcq.answer_text
        cloze = {out.question_text for out in cards["rc-cloze"]}
        assert any('data-cloze="&lt;strong&gt;acceleration&lt;&#x2F;strong&gt;"' in t for t in cloze)
        inert = cards["rc-inert"][0]
        html = inert.question_text + inert.answer_text
        assert "&lt;script&gt;window.PWNED = 1&lt;/script&gt;" in html
        assert "<script" not in html.lower() and "<img" not in html.lower() and "<svg" not in html.lower()
        assert "onerror=" not in html.replace("onerror=&quot;", "") and 'href="javascript' not in html.lower()
        model = col.models.by_name("citequiz question")
        assert ".nightMode .cq-code" in model["css"] and ".cq-code .k" in model["css"]
    finally:
        col.close()


# ---- LMS -----------------------------------------------------------------------------------------

def test_gift_refuses_the_images_and_writes_math_as_tex(site):
    from gift_reader import read

    text = (site / "build" / "lms" / "rich.gift.txt").read_text(encoding="utf-8")
    for qid in ("rc-mcq", "rc-multi", "rc-tf", "rc-short", "rc-cloze", "rc-match"):
        assert f"// NOT EXPORTED [id:{qid}]: GIFT cannot embed image files" in text
    (question,) = [q for q in read(text) if q["qtype"] != "category"]
    assert question["name"] == "rc-inert" and question["format"] == "html" and question["qtype"] == "multichoice"
    assert "&lt;script&gt;window.PWNED = 1&lt;/script&gt;" in question["questiontext"]
    assert "\\(E = mc^2\\)" in question["generalfeedback"]


def test_moodle_xml_carries_each_image_as_a_base64_file_of_the_text_that_shows_it(site):
    import base64

    root = ElementTree.fromstring((site / "build" / "lms" / "rich.moodle.xml").read_bytes())
    shown = 0
    for element in root.iter():
        text = element.find("text")
        if text is None or not text.text or "@@PLUGINFILE@@" not in text.text:
            continue
        files = {f.get("name"): f for f in element.findall("file")}
        for name in re.findall(r'src="@@PLUGINFILE@@/([^"]+)"', text.text):
            shown += 1
            f = files[name]
            assert f.get("path") == "/" and f.get("encoding") == "base64"
            original = "box.png" if name.startswith("box-") else "cell.svg"
            assert base64.b64decode(f.text) == (FIXTURE / "media" / original).read_bytes()
    assert shown == 6  # one image per question type, the cloze's included
    xml = (site / "build" / "lms" / "rich.moodle.xml").read_text(encoding="utf-8")
    assert "\\(F = ma\\)" in xml and "<math" not in xml  # TeX, for Moodle's MathJax or TeX filter
    assert "{1:SA:=acceleration}" in xml  # the cloze blank accepts the answer as read


def test_qti_package_holds_the_images_and_references_them_relatively(site):
    with zipfile.ZipFile(site / "build" / "lms" / "rich.qti.zip") as z:
        names = z.namelist()
        (assessment,) = [n for n in names if re.fullmatch(r"cq[0-9a-f]+/cq[0-9a-f]+\.xml", n)]
        folder = assessment.split("/")[0]
        assert f"{folder}/media/box.png" in names and f"{folder}/media/cell.svg" in names
        assert z.read(f"{folder}/media/box.png") == (FIXTURE / "media" / "box.png").read_bytes()
        manifest = ElementTree.fromstring(z.read("imsmanifest.xml"))
        hrefs = {f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}file")}
        assert {f"{folder}/media/box.png", f"{folder}/media/cell.svg"} <= hrefs
        root = ElementTree.fromstring(z.read(assessment))
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    html = "".join(m.text or "" for m in root.iterfind(".//q:mattext", ns))
    assert html.count('src="media/box.png"') == 3 and html.count('src="media/cell.svg"') == 3
    # Each fragment is XHTML: it parses as XML, MathML in its namespace.
    fragments = [m.text for m in root.iterfind(".//q:mattext[@texttype='text/html']", ns) if m.text]
    maths = 0
    for fragment in fragments:
        tree = ElementTree.fromstring(f"<div>{fragment}</div>")
        maths += len(tree.findall(".//{http://www.w3.org/1998/Math/MathML}math"))
        assert not tree.findall(".//script")
    assert maths >= 12


def test_csv_and_tsv_are_plain_text(site):
    csv_text = (site / "build" / "lms" / "rich.csv").read_text(encoding="utf-8-sig")
    assert "[image: A blue box pushed by a force]" in csv_text and "$F = ma$" in csv_text
    assert "**" not in csv_text and "<strong>" not in csv_text and "<math" not in csv_text
    tsv = (site / "build" / "lms" / "rich.tsv").read_text(encoding="utf-8")
    assert "Force equals mass times ____" in tsv and "acceleration" in tsv and "**" not in tsv


# ---- Markdown off, and the [content] table ---------------------------------------------------------

def _with_config(tmp_path: Path, extra: str) -> Path:
    root = tmp_path / "p"
    shutil.copytree(FIXTURE, root)
    with (root / "citequiz.toml").open("a", encoding="utf-8") as f:
        f.write(extra)
    return root


def test_markdown_off_keeps_every_text_as_typed(tmp_path):
    from citequiz.render import anki, quiz

    root = _with_config(tmp_path, "\n[content]\nmarkdown = false\n")
    project, findings = load_project(root)
    (bank,) = project.banks
    data = quiz.quiz_data(bank, project)
    assert not [k for q in data["questions"] for k in q if k.endswith("html")]
    mcq = data["questions"][0]
    assert mcq["prompt"].startswith("The diagram shows **a force** pushing a box:\n\n![A blue box")
    assert mcq["choices"][0] == "*acceleration*"
    specs = anki.note_specs(project, anki.default_settings())
    fields = "".join(f for s in specs for f in s.fields)
    assert "**a force**" in fields and "<strong>" not in fields and "<img" not in fields
    assert "&lt;script&gt;window.PWNED = 1&lt;/script&gt;" in fields
    assert all(not s.media for s in specs)
    # Grounded as typed: the asterisks are part of the answer now.
    messages = [str(f) for f in check_project(project) if f.rule == "answer-not-in-source"]
    assert any('answer "*acceleration*" does not occur' in m for m in messages)


def test_a_mistake_in_the_content_table_is_reported_at_its_line(tmp_path):
    root = _with_config(tmp_path, "\n[content]\nmarkdwn = false\nmax_image_kb = \"big\"\n")
    project, _ = load_project(root)
    found = sorted(str(f) for f in check_project(project) if f.rule == "config-content")
    assert found == [
        "citequiz.toml:4:1: error[config-content]: unknown key `markdwn` in [content]; did you mean `markdown`?",
        "citequiz.toml:5:1: error[config-content]: `max_image_kb` in [content] must be a whole number of kilobytes",
    ]


def test_an_image_over_the_limit_is_refused_with_its_size(tmp_path):
    root = _with_config(tmp_path, "\n[content]\nmax_image_kb = 1\n")
    (root / "media" / "box.png").write_bytes((root / "media" / "box.png").read_bytes() + b"\0" * 2048)
    project, _ = load_project(root)
    found = {str(f) for f in check_project(project) if f.rule == "image-too-large"}
    assert len(found) == 3  # the three questions that show box.png
    assert all('image "media/box.png" is 2 KB; the limit is 1 KB' in m for m in found)


def test_both_qti_packages_validate_with_rich_content(site):
    import xsd

    def files(name):
        with zipfile.ZipFile(site / "build" / "lms" / name) as z:
            return {n: z.read(n) for n in z.namelist() if n.endswith(".xml")}

    for name, body in files("rich.qti21.zip").items():
        assert xsd.errors(body, "imscp" if name == "imsmanifest.xml" else "qti21") == [], name
    items = b"".join(body for name, body in files("rich.qti21.zip").items() if name.startswith("items/"))
    assert b"[image: A blue box pushed by a force]" in items and b"**" not in items
    manifest = files("rich.qti.zip")["imsmanifest.xml"]  # with the images' <file> entries
    assert xsd.errors(xsd.in_namespace(manifest, xsd.CANVAS_CP_NS, xsd.CP_NS), "imscp") == []
