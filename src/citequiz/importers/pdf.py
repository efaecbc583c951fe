"""PDF: the text layer, read by pdfminer.six's layout analysis, whose text boxes are paragraphs.

No OCR: a scan (pages with no text) is refused with that said. Page headers and footers (a text
that recurs at the same height on most pages, page numbers) are dropped; a paragraph that runs
on over a page break is joined and keeps the page it starts on.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .document import Document, ImportProblem, Paragraph, reflow

FORMAT = "pdf"
EXTENSIONS = (".pdf",)
LIBRARY = "pdfminer"
_SENTENCE_END = tuple(".?!:\"'”’)…")
_PAGE_NUMBER = re.compile(r"(?i)(page\s*)?\d+(\s*(of|/)\s*\d+)?|[ivxlcdm]+")


def convert(path: Path) -> Document:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFTextExtractionNotAllowed
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    boxes: list[tuple[int, float, float, str]] = []  # page, top, height of the page, text
    pages = 0
    try:
        for number, page in enumerate(extract_pages(str(path), laparams=LAParams()), 1):
            pages = number
            for element in page:
                if isinstance(element, LTTextContainer):
                    text = element.get_text()
                    if text.strip():
                        boxes.append((number, element.y1, page.height, text))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ImportProblem("import-encrypted", "the PDF is encrypted with a password",
                            "save an unprotected copy (print to PDF, or `qpdf --decrypt`) and import that") from exc
    except PDFTextExtractionNotAllowed as exc:
        raise ImportProblem("import-encrypted", "the PDF forbids copying its text",
                            "save an unprotected copy and import that") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise ImportProblem("import-unreadable", f"not a readable PDF ({type(exc).__name__}: {exc})",
                            "open it in a PDF viewer; if it opens there, print it to a new PDF") from exc
    if not boxes:
        raise ImportProblem("import-no-text", f"the PDF has no text layer on any of its {pages} page{'s' * (pages != 1)} "
                                              "(a scan or images only); citequiz does no OCR",
                            "run OCR first (e.g. `ocrmypdf in.pdf out.pdf`) and import the result, or copy the text")
    doc = Document(FORMAT, _paragraphs(_without_furniture(boxes, pages)))
    _metadata(path, doc)
    return doc


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def _without_furniture(boxes, pages: int):
    """Drop page numbers, and running headers and footers: the same text (digits aside) near
    the top or bottom of at least half the pages (and of two or more)."""
    def edge(top: float, height: float) -> str | None:
        return "top" if top > height * 0.88 else "bottom" if top < height * 0.15 else None

    on_pages = {(page, _furniture_key(t), edge(top, h)) for page, top, h, t in boxes if edge(top, h)}
    seen = Counter((key, where) for _, key, where in on_pages)  # pages each edge text stands on
    kept = []
    for page, top, height, text in boxes:
        where = edge(top, height)
        if where and _PAGE_NUMBER.fullmatch(" ".join(text.split())):
            continue
        if where and pages >= 2 and seen[(_furniture_key(text), where)] >= max(2, pages / 2):
            continue
        kept.append((page, text))
    return kept


def _paragraphs(boxes) -> list[Paragraph]:
    out: list[Paragraph] = []
    for page, text in boxes:
        para = reflow(text)
        if not para:
            continue
        if out and out[-1].page is not None and out[-1].page < page and _runs_on(out[-1].text, para):
            out[-1] = Paragraph(reflow(out[-1].text + "\n" + text.lstrip()), page=out[-1].page)
            continue
        out.append(Paragraph(para, page=page))
    return out


def _runs_on(before: str, after: str) -> bool:
    """Whether a paragraph ending a page goes on at the top of the next: it stops mid-sentence
    and the next starts in lowercase."""
    return not before.endswith(_SENTENCE_END) and after[:1].islower()


def _metadata(path: Path, doc: Document) -> None:
    """The title and author of the document information dictionary, where it has them."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    with path.open("rb") as f:
        info = PDFDocument(PDFParser(f)).info
        for entry in info:
            for key, attr in (("Title", "title"), ("Author", "author")):
                value = resolve1(entry.get(key))
                if isinstance(value, bytes) and not getattr(doc, attr):
                    setattr(doc, attr, " ".join(decode_text(value).split()) or None)
