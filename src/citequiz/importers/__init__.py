"""Converters for `citequiz import`: one module per document format, looked up by extension.

Each converter reads a document (a PDF's text layer, a web page's main text, a Word file, an
EPUB) into a `Document`: its paragraphs in reading order, each with the page it starts on (PDF)
or the headings above it (HTML, DOCX, EPUB). `citequiz.importing` turns that into a seed with
one paragraph per line. The converters' libraries are the optional extra `citequiz[import]`;
they are imported only when a document is converted.

Each converter module has `FORMAT`, `EXTENSIONS`, `LIBRARY` (the module it needs) and
`convert(path) -> Document`, raising `ImportProblem` for a document it cannot read.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from . import docx, epub, html, pdf
from .document import Document, ImportProblem, Paragraph  # noqa: F401  (the converters' interface)

CONVERTERS: dict[str, ModuleType] = {}


def register(module: ModuleType) -> None:
    for ext in module.EXTENSIONS:
        CONVERTERS[ext] = module


for _module in (pdf, html, docx, epub):
    register(_module)


def converter_for(path: Path) -> ModuleType:
    module = CONVERTERS.get(path.suffix.lower())
    if module is None:
        known = ", ".join(sorted(CONVERTERS))
        raise ImportProblem("import-unsupported", f"citequiz cannot import {path.suffix or 'a file without extension'} files",
                            f"it imports {known}; a plain text or Markdown file can be copied into seeds/ as it is")
    if importlib.util.find_spec(module.LIBRARY) is None:
        raise ImportProblem("import-needs-extra", f"importing {module.FORMAT.upper()} needs the import extra",
                            "install it with `pip install 'citequiz[import]'` (with pipx: `pipx install --force 'citequiz[import]'`)")
    return module
