"""The rich-text module on its own: Markdown, math, images and code in each flavour."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citequiz.markup import ANKI, GIFT, PAGE, QTI, MediaError, MediaStore, plain, to_html
from citequiz.markup.mathml import MathError, tex_to_mathml
from citequiz.markup.media import svg_problem
from citequiz.markup.parse import link_allowed
from citequiz.markup.render import cloze_html, cloze_plain, needs_html

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a0d1a4f90000000049454e44ae426082")


@pytest.fixture
def media(tmp_path: Path) -> MediaStore:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "dot.png").write_bytes(PNG)
    (tmp_path / "media" / "big.png").write_bytes(PNG + b"\0" * 3000)
    (tmp_path / "media" / "notes.txt").write_text("not an image")
    (tmp_path / "secret.png").write_bytes(PNG)
    return MediaStore(tmp_path, limit_kb=2)


def test_plain_text_reads_as_written_and_renders_as_escaped_text():
    text = "In 1974, the U.S. & the USSR's trade <fell>"
    assert plain(text) == "In 1974, the U.S. & the USSR's trade <fell>"
    assert to_html(text, PAGE) == "In 1974, the U.S. &amp; the USSR&#x27;s trade &lt;fell&gt;"
    assert not needs_html(text)


def test_text_as_read_drops_markup_keeps_code_and_leaves_out_math_and_images():
    text = "**1974** and `x<y` $F = ma$ ![a *red* cell](media/x.png)"
    assert plain(text, read=True).split() == ["1974", "and", "x<y"]
    assert plain(text) == "1974 and x<y $F = ma$ [image: a red cell]"


def test_money_is_not_math():
    assert plain("It cost $5 and then $10.") == "It cost $5 and then $10."
    assert to_html("It cost $5 and then $10.", PAGE) == "It cost $5 and then $10."


def test_inline_fields_never_become_lists():
    assert to_html("1974.", PAGE, inline=True) == "1974."
    assert to_html("- 5", PAGE, inline=True) == "- 5"
    assert "<ol" in to_html("1. one\n2. two", PAGE)


def test_raw_html_and_unsafe_links_stay_text():
    out = to_html('<script>alert(1)</script> <img src=x onerror="alert(1)"> [go](javascript:alert(1)) '
                  "[ok](https://example.org/a) [rel](notes/b.html) [d](data:text/html,hi)", PAGE)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=" in out
    assert 'href="javascript' not in out and 'href="data' not in out
    assert '<a href="https://example.org/a" rel="noopener noreferrer">ok</a>' in out
    assert '<a href="notes/b.html" rel="noopener noreferrer">rel</a>' in out


@pytest.mark.parametrize("url, ok", [
    ("https://a.org", True), ("http://a.org/x?y", True), ("../sources/a.html#L3", True), ("#top", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), ("java\tscript:alert(1)", False),
    ("data:text/html,x", False), ("file:///etc/passwd", False), ("vbscript:x", False), ("mailto:a@b", False),
])
def test_link_policy(url, ok):
    assert link_allowed(url) is ok


def test_math_in_each_flavour():
    assert to_html("$x^2$", ANKI) == "\\(x^2\\)"
    assert to_html("$$\\frac{a}{b}$$", ANKI, inline=True) == "\\[\\frac{a}{b}\\]"
    assert to_html("$x < y$", GIFT) == "\\(x &lt; y\\)"
    page = to_html("$x^2$", PAGE)
    assert page == ('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mrow><msup><mi>x</mi>'
                    "<mn>2</mn></msup></mrow></math>")
    block = to_html("Before\n\n$$\nE = mc^2\n$$\n", QTI)
    assert '<div class="cq-math"><math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in block


@pytest.mark.parametrize("tex, why", [
    ("\\text{<img src=x onerror=alert(1)>}", "not well-formed"),
    ("\\text{<b>bold</b>}", "<b> element, which is not MathML"),
    ("\\notacommand x", "unknown TeX command \\notacommand"),
    ("{", "cannot read the TeX"),
])
def test_math_that_is_not_safe_mathml_is_refused(tex, why):
    with pytest.raises(MathError, match=re.escape(why)):
        tex_to_mathml(tex)


def test_mathml_drops_links_and_styles():
    out = tex_to_mathml("\\href{javascript:alert(1)}{x} \\style{background:url(x)}{y}")
    assert "href" not in out and "style" not in out and "<mi>x</mi>" in out


def test_code_is_highlighted_with_classes_for_pages_and_inline_styles_for_lms():
    text = "```python\ndef f():\n    return 1\n```"
    page = to_html(text, PAGE)
    assert page.startswith('<pre class="cq-code" data-lang="python"><code><span class="k">def</span>')
    lms = to_html(text, QTI)
    assert 'class="' not in lms and 'style="color: #008000; font-weight: bold">def</span>' in lms
    assert "<code>&lt;b&gt;</code>" == to_html("`<b>`", PAGE)


def test_images_per_flavour(media: MediaStore):
    used: dict = {}
    page = to_html("![a dot](media/dot.png)", PAGE, media=media, used=used)
    assert page.startswith('<img src="data:image/png;base64,iVBORw0KGgo') and page.endswith('alt="a dot" class="cq-image">')
    assert list(used) == ["media/dot.png"]
    anki = to_html("![a dot](media/dot.png)", ANKI, media=media)
    name = media.get("media/dot.png").flat_name
    assert re.fullmatch(r"dot-[0-9a-f]{10}\.png", name)
    assert anki == f'<img src="{name}" alt="a dot" class="cq-image">'
    qti = to_html("![a dot](media/dot.png)", QTI, media=media, package_prefix="files/")
    assert qti == '<img src="files/media/dot.png" alt="a dot" class="cq-image" />'
    assert to_html("![a dot](media/dot.png)", GIFT, media=media) == "[image: a dot]"


@pytest.mark.parametrize("src, rule", [
    ("https://example.org/x.png", "image-remote"),
    ("//example.org/x.png", "image-remote"),
    ("media/none.png", "image-missing"),
    ("secret.png", "image-missing"),
    ("media/../secret.png", "image-missing"),
    ("media/big.png", "image-too-large"),
    ("media/notes.txt", "image-type"),
])
def test_image_problems(media: MediaStore, src, rule):
    with pytest.raises(MediaError) as exc:
        media.get(src)
    assert exc.value.rule == rule


@pytest.mark.parametrize("svg, problem", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>', None),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script> element"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler attribute `onload`"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     b'<a x:href="javascript:alert(1)"><text>t</text></a></svg>', "links to 'javascript:alert(1)'"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "<foreignObject> element"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://x/y)"/></svg>', "external resource"),
    (b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
])
def test_svg_with_scripts_is_refused(svg, problem):
    found = svg_problem(svg)
    if problem is None:
        assert found is None
    else:
        assert problem in found


def test_cloze_keeps_deletions_through_markdown():
    text = "The **act** of {{c1::`1974`}} and {{c2::$x$::a symbol}}."
    anki = cloze_html(text, ANKI, lambda k, d, a, h: f"{{{{c{d.number}::{a}{'::' + h if h else ''}}}}}")
    assert anki == "The <strong>act</strong> of {{c1::<code>1974</code>}} and {{c2::\\(x\\)::a symbol}}."
    assert cloze_plain(text) == "The act of ____ and ____ [a symbol]."
