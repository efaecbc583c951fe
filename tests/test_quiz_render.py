"""The quiz and source-reader renderers as pure functions: no disk, no browser.

Golden files: the source page and the quiz page's embedded data for the every-type fixture.
Regenerate them after an intended change with:
    .venv/bin/pytest tests/test_quiz_render.py --regen
then review `git diff tests/golden/`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from html.parser import HTMLParser

from citequiz.build import render_all
from citequiz.render.context import RenderContext
from citequiz.load import load_project
from citequiz.render import links, quiz, source
from citequiz.templating import builtin_templates, environment


GOLDEN = Path(__file__).resolve().parent / "golden" / "html"


def _project(root):
    project, findings = load_project(root)
    assert not [f for f in findings if f.severity == "error"]
    return project, RenderContext(project=project, env=environment(project.root))


def _embedded_json(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="quiz-data">(.*?)</script>', html, re.DOTALL)
    return json.loads(m.group(1))


class _Tags(HTMLParser):
    """Every start tag with its attributes, as an HTML parser (a browser's tokenizer) sees them."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_script_json_cannot_break_out_of_its_element():
    hostile = {"p": "</script><script>alert(1)</script><!-- x --> & \u2028"}
    text = quiz.script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == hostile


def test_one_self_contained_page_per_bank(every_type):
    project, ctx = _project(every_type)
    outputs = dict(quiz.render(ctx))
    assert sorted(outputs) == ["quiz/every-type.html", "review.html"]  # and the combined review page
    html = outputs["quiz/every-type.html"].decode("utf-8")
    tags = _tags(html)
    # Inline CSS and JS only: nothing fetched from anywhere (the icon is an empty data: URL).
    assert [t for t, a in tags if t == "script" and "src" in a] == []
    assert [a for t, a in tags if t == "link" and a.get("href") != "data:,"] == []
    # No address anywhere but in the vendored scheduler's doc comments (kept byte for byte, so
    # it can be compared with the npm package; it makes no requests).
    vendored = (builtin_templates() / "vendor" / "ts-fsrs.umd.js").read_text(encoding="utf-8")
    assert vendored in html
    assert not re.search(r"https?://", html.replace(vendored, ""))
    assert not re.search(r"\bfetch\(|XMLHttpRequest|import\(", html)
    # The bank's data, the matcher's tables, then the code.
    assert [t for t, _ in tags].count("script") == 2 + len(quiz.SCRIPTS)
    # The XSS payload of the fixture bank never appears as markup, only inside the escaped JSON.
    assert "<script>alert" not in html and "<b>bold" not in html
    # The page carries exactly the reviewed data (tests/golden/html/quiz/every-type.data.json).
    assert _embedded_json(html) == json.loads((GOLDEN / "quiz" / "every-type.data.json").read_text(encoding="utf-8"))
    # The title with <, > and & is escaped by the template.
    assert "<title>Every type &amp; &lt;special&gt; characters — quiz</title>" in html
    assert "not meant for graded tests" in html


def test_quiz_data_carries_what_the_page_needs(every_type):
    project, _ = _project(every_type)
    data = quiz.quiz_data(project.banks[0], project)
    by_id = {q["id"]: q for q in data["questions"]}
    assert [q["id"] for q in data["questions"]] == [q.id for q in project.banks[0].questions]
    assert by_id["ev-mcq"]["correct"] == [1]
    assert by_id["ev-multi"]["correct"] == [0, 1, 2]
    assert by_id["ev-tf"]["correct"] is False
    # Typed answers carry their compiled answer slot: each accepted form's key at each level.
    short = by_id["ev-short"]["slot"]
    assert [f["text"] for f in short["forms"]] == ["a = b + c {x}", "a = c + b {x}"]
    assert short["forms"][0]["keys"] == ["a = b + c x"] * 4
    assert by_id["ev-xss"]["slot"]["forms"][0]["keys"][0] == "< script > alert xss < script >"
    assert "keys" not in by_id["ev-short"]  # the old normalised keys are gone
    cloze = by_id["ev-cloze"]["parts"]
    assert cloze[0] == "The treaty was amended in "
    assert {k: cloze[1][k] for k in ("n", "answer", "hint")} == {"n": 1, "answer": "2006", "hint": ""}
    assert cloze[1]["slot"]["forms"][0]["keys"] == ["2006"] * 4
    assert cloze[3]["hint"] == "a year" and cloze[3]["slot"]["answer"] == "2012"
    assert data["foldDiacritics"] is True
    assert by_id["ev-match"]["left"] == ["Avalon", "Brigadoon", "Camelot"]
    assert by_id["ev-match"]["right"] == ["2006", "2012", "remains bound"]
    assert data["sources"] == [{"title": "The Sample Treaty (a test text)", "href": "../sources/sample.html"}]
    assert by_id["ev-special"]["cite"] == [[0, 4, 4], [0, 6, 6]]
    assert by_id["ev-tf"]["quote"] == "Camelot remains bound by it"
    # The items in their order, and the shuffled start every output shows (never the right order).
    assert by_id["ev-order"]["items"] == ["signed in 1974", "amended in 2006 for Avalon", "in 2012 for Brigadoon"]
    assert by_id["ev-order"]["start"] == [1, 2, 0]


def test_cloze_parts_keep_text_between_deletions():
    parts = quiz.cloze_parts("{{c1::A}} and {{c2::“B”::hint}}.")
    assert parts == ["", {"n": 1, "answer": "A", "hint": ""}, " and ",
                     {"n": 2, "answer": "“B”", "hint": "hint"}, "."]


def test_source_page_lines_are_addressable_and_marked(every_type):
    project, ctx = _project(every_type)
    outputs = dict(source.render(ctx))
    assert sorted(outputs) == ["sources/sample.html"]
    html = outputs["sources/sample.html"].decode("utf-8")
    tags = _tags(html)
    ids = [a["id"] for t, a in tags if t == "li" and "id" in a]
    assert ids == [f"L{n}" for n in range(1, 7)]
    # Line 5 holds a <script> in the text: it is escaped, so the page keeps its one script.
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in html
    assert [t for t, _ in tags].count("script") == 2  # the page's data (JSON) and its script
    links = [a["href"] for t, a in tags if t == "a"]
    # Line 2 is cited by ev-mcq and ev-multi; line 6 by ev-special only; line 1 by none.
    line2 = html.split('id="L2"')[1].split("</li>")[0]
    assert "../quiz/every-type.html#q-ev-mcq" in line2 and "../quiz/every-type.html#q-ev-multi" in line2
    line1 = html.split('id="L1"')[1].split("</li>")[0]
    assert "../quiz/" not in line1
    assert links.count("../quiz/every-type.html#q-ev-special") == 2  # lines 4 and 6
    assert "<title>The Sample Treaty (a test text)</title>" in html


def test_source_page_names_never_collide():
    pages = links.source_pages(["000_abc.txt", "a/b/notes.txt", "notes.txt", "x/only.txt"])
    assert pages == {
        "000_abc.txt": "sources/000_abc.html",
        "a/b/notes.txt": "sources/a--b--notes.html",  # shares its stem with notes.txt
        "notes.txt": "sources/notes.html",
        "x/only.txt": "sources/only.html",  # a unique stem is enough, as other outputs link it
    }


def test_build_registers_both_and_the_index_links_them(every_type):
    project, _ = _project(every_type)
    outputs = render_all(project)
    assert {"quiz/every-type.html", "sources/sample.html", "index.html"} <= outputs.keys()
    index = outputs["index.html"].decode("utf-8")
    assert 'href="quiz/every-type.html"' in index and 'href="sources/sample.html"' in index


def test_rendering_is_deterministic(every_type):
    project, _ = _project(every_type)
    assert render_all(project) == render_all(project)


def test_a_project_template_overrides_the_built_in_script(every_type):
    (every_type / "templates").mkdir()
    (every_type / "templates" / "quiz.js").write_text("/* project's own quiz script */", encoding="utf-8")
    project, ctx = _project(every_type)
    html = dict(quiz.render(ctx))["quiz/every-type.html"].decode("utf-8")
    assert "<script>/* project's own quiz script */</script>" in html
    assert html.count("<script>") == len(quiz.SCRIPTS)  # the others stay built-in


def test_golden_source_page_and_quiz_data(every_type, golden):
    project, ctx = _project(every_type)
    data = quiz.quiz_data(project.banks[0], project)
    golden.check({GOLDEN / "sources" / "sample.html": dict(source.render(ctx))["sources/sample.html"],
                  GOLDEN / "quiz" / "every-type.data.json":
                      (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")})


def test_the_index_is_a_landing_page_quizzes_first_then_sources_then_the_other_files(every_type):
    project, _ = _project(every_type)
    html = render_all(project)["index.html"].decode("utf-8")
    headings = re.findall(r"<h([23])[^>]*>(.*?)</h\1>", html)
    assert [text for level, text in headings if level == "2"] == ["Quizzes", "Sources"]  # each once
    assert '<h3><a href="quiz/every-type.html">Every type &amp; &lt;special&gt; characters</a></h3>' in html
    assert '<a class="button" id="review-all" href="review.html">' in html
    assert '<a href="sources/sample.html">The Sample Treaty (a test text)</a>' in html
    assert html.index("Quizzes") < html.index("Sources") < html.index("<details>")
    folded = html[html.index("<details>"):html.index("</details>")]
    assert "lms/every-type.gift.txt" in folded and "print/every-type.html" in folded
    assert "quiz/every-type.html" not in folded and "sources/sample.html" not in folded
    data = json.loads(re.search(r'id="index-data">(.*?)</script>', html, re.DOTALL).group(1))
    page_data = quiz.quiz_data(project.banks[0], project)
    assert data["banks"][0]["questions"] == [{"id": q["id"], "v": q["v"]} for q in page_data["questions"]]
