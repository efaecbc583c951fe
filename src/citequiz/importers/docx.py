"""DOCX: a Word document's paragraphs in order, by python-docx; the Heading and Title styles
give each paragraph's heading path. Table cells are read row by row, a row to a paragraph."""

from __future__ import annotations

import re
from pathlib import Path

from .document import Document, ImportProblem, Paragraph, reflow, words

FORMAT = "docx"
EXTENSIONS = (".docx",)
LIBRARY = "docx"
_HEADING = re.compile(r"(?i)heading\s*(\d)")


def convert(path: Path) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ImportProblem("import-unreadable", f"not a readable Word document ({exc})",
                            "open it in Word or LibreOffice and save it again as .docx") from exc
    except Exception as exc:  # noqa: BLE001 — a zip or XML error deep in python-docx
        raise ImportProblem("import-unreadable", f"not a readable Word document ({type(exc).__name__})",
                            "open it in Word or LibreOffice and save it again as .docx") from exc
    paragraphs: list[Paragraph] = []
    headings: list[tuple[int, str]] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    text = reflow(cell.text)
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                if cells:
                    paragraphs.append(Paragraph(" | ".join(cells), headings=tuple(h for _, h in headings)))
            continue
        assert isinstance(block, DocxParagraph)
        text = reflow(block.text)
        if not text:
            continue
        style = block.style.name if block.style is not None else ""
        level = 0 if style == "Title" else int(m.group(1)) if (m := _HEADING.fullmatch(style)) else None
        if level is not None:
            headings = [(lv, h) for lv, h in headings if lv < level] + [(level, text)]
            paragraphs.append(Paragraph(text, headings=tuple(h for _, h in headings), heading=True))
        else:
            paragraphs.append(Paragraph(text, headings=tuple(h for _, h in headings)))
    if not words(paragraphs) and not paragraphs:
        raise ImportProblem("import-no-text", "the Word document has no text")
    props = document.core_properties
    return Document(FORMAT, paragraphs, title=(props.title or "").strip() or None,
                    author=(props.author or "").strip() or None)
