"""Where each output lives, relative to build/: the one place outputs learn each other's paths."""

from __future__ import annotations

from collections import Counter
import re
import urllib.parse
from pathlib import PurePosixPath

from ..model import Question

SOURCES_DIR = "sources"
QUIZ_DIR = "quiz"


def quiz_page(question: Question) -> str:
    """Where a question stands in its bank's quiz."""
    return f"{QUIZ_DIR}/{question.bank}.html#q-{question.id}"


def source_pages(seed_names) -> dict[str, str]:
    """Each seed's reader page, relative to build/: `sources/<stem>.html`, as other outputs link it.

    Where two seeds share a stem, their pages take the folders too, joined by `--`
    (`a/notes.txt` -> `sources/a--notes.html`); where that still clashes (`notes.txt` and
    `notes.md`), the extension too (`notes.txt.html`); and any page name still taken gets `-2`,
    `-3`, ... in name order. Names are compared case-folded (a page must not overwrite another
    on a case-insensitive disk either), so no page is ever silently lost."""
    names = sorted(seed_names)

    def stem(path: PurePosixPath) -> str:
        return path.stem

    def folders(path: PurePosixPath) -> str:
        return "--".join([*path.parent.parts, path.stem]) if str(path.parent) != "." else path.stem

    def extension(path: PurePosixPath) -> str:
        return "--".join([*path.parent.parts, path.name]) if str(path.parent) != "." else path.name

    pages = {name: stem(PurePosixPath(name)) for name in names}
    for longer in (folders, extension):
        taken = Counter(page.casefold() for page in pages.values())
        pages = {name: longer(PurePosixPath(name)) if taken[page.casefold()] > 1 else page
                 for name, page in pages.items()}
    seen: set[str] = set()
    for name in names:
        page, n = pages[name], 1
        while (page if n == 1 else f"{page}-{n}").casefold() in seen:
            n += 1
        pages[name] = page if n == 1 else f"{page}-{n}"
        seen.add(pages[name].casefold())
    return {name: f"{SOURCES_DIR}/{page}.html" for name, page in pages.items()}


def web_url(text: object) -> bool:
    """An absolute http(s) URL with a host and no space, quote or control character: the only
    kind of link citequiz puts into a card (never `javascript:` or `data:`)."""
    if not isinstance(text, str) or re.search(r"[\s\"'<>\\`\x00-\x1f\x7f]", text):
        return False
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
