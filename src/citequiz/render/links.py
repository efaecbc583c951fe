"""Where each output lives, relative to build/: the one place outputs learn each other's paths."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

from ..model import Question

SOURCES_DIR = "sources"
QUIZ_DIR = "quiz"


def quiz_page(question: Question) -> str:
    """Where a question stands in its bank's quiz."""
    return f"{QUIZ_DIR}/{question.bank}.html#q-{question.id}"


def source_pages(seed_names) -> dict[str, str]:
    """Each seed's reader page, relative to build/: `sources/<stem>.html`, as other outputs link it.

    Only where two seeds in different folders share a stem do their pages take the folders too,
    joined by `--` (`a/notes.txt` -> `sources/a--notes.html`), so no page overwrites another."""
    names = sorted(seed_names)
    stems = Counter(PurePosixPath(name).stem for name in names)
    pages = {}
    for name in names:
        path = PurePosixPath(name)
        if stems[path.stem] > 1:
            page = "--".join([*path.parent.parts, path.stem]) if str(path.parent) != "." else path.stem
        else:
            page = path.stem
        pages[name] = f"{SOURCES_DIR}/{page}.html"
    return pages
