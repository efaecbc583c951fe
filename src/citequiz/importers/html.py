"""HTML: a web page's main text, without navigation, header, footer or comments, found by
trafilatura; its headings give each paragraph's heading path."""

from __future__ import annotations

from pathlib import Path

from .document import Document, ImportProblem, Paragraph, reflow, words

FORMAT = "html"
EXTENSIONS = (".html", ".htm", ".xhtml")
LIBRARY = "trafilatura"
MIN_WORDS = 25  # less than this in paragraphs is no article: a menu, a cookie wall, an error page
_BLOCKS = {"p", "item", "quote", "cell", "head", "code"}


def convert(path: Path) -> Document:
    import trafilatura
    from lxml import etree

    data = path.read_bytes()
    try:
        xml = trafilatura.extract(data, output_format="xml", include_comments=False, include_tables=True,
                                  include_links=False, with_metadata=True, deduplicate=False)
    except (ValueError, TypeError) as exc:  # what trafilatura raises on input it cannot parse
        raise ImportProblem("import-unreadable", f"not a readable HTML page ({exc})") from exc
    paragraphs: list[Paragraph] = []
    doc = Document(FORMAT, paragraphs)
    if xml:
        root = etree.fromstring(xml.encode("utf-8"))
        doc.title = (root.get("title") or "").strip() or None
        doc.author = (root.get("author") or "").strip() or None
        main = root.find("main")
        path_: list[tuple[int, str]] = []  # (level, heading) from the outermost
        for element in main.iter() if main is not None else ():
            if element.tag not in _BLOCKS or _inside_block(element):
                continue
            text = reflow("".join(element.itertext()))
            if not text:
                continue
            if element.tag == "head":
                level = int((element.get("rend") or "h2")[1:] or 2)
                path_ = [(lv, h) for lv, h in path_ if lv < level] + [(level, text)]
                paragraphs.append(Paragraph(text, headings=tuple(h for _, h in path_), heading=True))
            else:
                paragraphs.append(Paragraph(text, headings=tuple(h for _, h in path_)))
    if words(paragraphs) < MIN_WORDS:
        raise ImportProblem("import-no-main-text",
                            f"found no main text in the page ({words(paragraphs)} words outside navigation and footer)",
                            "save the article's own page (not a menu, search or login page), or copy its text into a .txt seed")
    return doc


def _inside_block(element) -> bool:
    """A paragraph inside a list item or table cell is read with its container."""
    parent = element.getparent()
    while parent is not None:
        if parent.tag in _BLOCKS:
            return True
        parent = parent.getparent()
    return False
