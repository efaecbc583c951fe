"""EPUB: the chapters in reading order (the spine), read by ebooklib; each chapter's headings,
paragraphs, list items and quotes, with the heading path above each."""

from __future__ import annotations

from pathlib import Path

from .document import Document, ImportProblem, Paragraph, reflow

FORMAT = "epub"
EXTENSIONS = (".epub",)
LIBRARY = "ebooklib"
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "dt", "dd", "td", "th", "figcaption")


def convert(path: Path) -> Document:
    import ebooklib
    from ebooklib import epub
    from lxml import html as lxml_html

    try:
        book = epub.read_epub(str(path), options={"ignore_ncx": True})
    except Exception as exc:  # noqa: BLE001 — ebooklib raises bare zip, XML and key errors
        raise ImportProblem("import-unreadable", f"not a readable EPUB ({type(exc).__name__}: {exc})",
                            "open it in an e-book reader; if it opens there, export it again") from exc
    if any(item.get_name() == "META-INF/encryption.xml" for item in book.get_items()):
        raise ImportProblem("import-encrypted", "the EPUB is encrypted (DRM)", "import a DRM-free copy")
    paragraphs: list[Paragraph] = []
    headings: list[tuple[int, str]] = []
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
            continue
        tree = lxml_html.fromstring(item.get_content())
        for element in tree.iter(*_BLOCKS):
            if any(a.tag in _BLOCKS for a in element.iterancestors()):
                continue  # read with its container
            text = reflow(element.text_content())
            if not text:
                continue
            if element.tag[0] == "h" and element.tag[1:].isdigit():
                level = int(element.tag[1:])
                headings = [(lv, h) for lv, h in headings if lv < level] + [(level, text)]
                paragraphs.append(Paragraph(text, headings=tuple(h for _, h in headings), heading=True))
            else:
                paragraphs.append(Paragraph(text, headings=tuple(h for _, h in headings)))
    if not paragraphs:
        raise ImportProblem("import-no-text", "the EPUB has no text in its chapters")
    title = book.get_metadata("DC", "title")
    author = book.get_metadata("DC", "creator")
    return Document(FORMAT, paragraphs, title=title[0][0].strip() if title else None,
                    author=author[0][0].strip() if author else None)
