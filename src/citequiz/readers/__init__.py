"""Stage 1c — seed readers: one module per kind of seed file, looked up by file extension.

A reader turns a seed's decoded lines (numbered as an editor shows them) into what the later
stages need: the text of each line without markup (what the grounding check searches) and the
seed's units (the paragraphs or blocks that coverage counts). A reader that renders its own
markup for the source reader also has `blocks(seed)`; the others are shown line by line.

Each reader module has `KIND`, `EXTENSIONS`, `parse(lines) -> Parsed` and optionally `blocks`.
A file whose extension no reader claims is read as plain text, as before readers existed,
unless it is a document format that `citequiz import` converts (`IMPORTED`).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from types import ModuleType

from . import markdown, text
from .base import Parsed, is_sentence  # noqa: F401  (the readers' shared interface)

READERS: dict[str, ModuleType] = {}
DEFAULT = text
# Documents that are not text: `citequiz import` turns them into a text seed.
IMPORTED = {".pdf": "a PDF", ".docx": "a Word document", ".epub": "an EPUB book",
            ".html": "an HTML page", ".htm": "an HTML page", ".xhtml": "an HTML page"}


def register(module: ModuleType) -> None:
    for ext in module.EXTENSIONS:
        READERS[ext] = module


for _module in (text, markdown):
    register(_module)


def reader_for(name: str) -> ModuleType:
    """The reader for a seed file name (by its extension, case-insensitive)."""
    return READERS.get(PurePosixPath(name).suffix.lower(), DEFAULT)


def needs_import(name: str) -> str | None:
    """What kind of document a seed name is, if it must be imported rather than read."""
    return IMPORTED.get(PurePosixPath(name).suffix.lower())

