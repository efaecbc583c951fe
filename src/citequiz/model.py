"""Stage 2 — the model: typed, frozen records that carry where they came from.

Everything downstream (check, render, write) works on these records only. A record never holds
unvalidated YAML: the loader builds them after validation, and every one knows its file, line
and column so any later stage can report a precise location.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import lines

from .cloze import CLOZE_RE, Deletion, deletions
from .cloze import blanked as cloze_blanked  # noqa: F401 - the names other modules know
from .cloze import filled as cloze_filled  # noqa: F401

ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


@dataclass(frozen=True, order=True)
class Pos:
    """A place in a file: path as shown to the user (relative to the project), 1-based line/col."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Selector:
    """A quote selector, as the W3C Web Annotation TextQuoteSelector: the exact text a citation
    points at, with some text before and after it to tell repeated passages apart."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Citation:
    """One cited span: a seed (path relative to seeds/) and an inclusive 1-based line range.
    A citation written with a quote selector and no lines has first = last = 0 until the loader
    finds the selector's text in the seed (`lines_given` False)."""

    seed: str
    first: int
    last: int
    pos: Pos
    selector: Selector | None = None
    lines_given: bool = True

    @property
    def stem(self) -> str:
        return Path(self.seed).stem

    @property
    def label(self) -> str:
        """`file:LINE` or `file:FIRST-LAST`, the form written in a bank."""
        return lines.label(self.seed, self.first, self.last)

    @property
    def anchor(self) -> str:
        """The fragment of the source reader page that shows this span."""
        return lines.anchor(self.first, self.last)


@dataclass(frozen=True)
class Pair:
    left: str
    right: str
    pos: Pos
    accept: tuple[str, ...] = ()  # other typed forms of `right`
    reject: tuple[str, ...] = ()  # near misses of `right` to refuse


@dataclass(frozen=True)
class Question:
    """A validated question. Text fields hold raw text from YAML, never markup. Which fields a
    question uses depends on its type (see `types/`, which also reads it as text)."""

    id: str
    type: str
    bank: str
    pos: Pos
    sources: tuple[Citation, ...]
    prompt: str | None = None
    answer: str | bool | None = None  # mcq, short: str; tf: bool
    answers: tuple[str, ...] = ()  # multi
    choices: tuple[str, ...] = ()  # mcq, multi
    accept: tuple[str, ...] = ()  # short: other typed answers to accept
    reject: tuple[str, ...] = ()  # short: near misses to refuse
    # cloze: (deletion number, forms) for `accept: {c1: [...]}` and `reject: {c1: [...]}`
    blank_accept: tuple[tuple[int, tuple[str, ...]], ...] = ()
    blank_reject: tuple[tuple[int, tuple[str, ...]], ...] = ()
    text: str | None = None  # cloze
    pairs: tuple[Pair, ...] = ()  # match
    items: tuple[str, ...] = ()  # order: in the right order
    quote: str | None = None
    explanation: str | None = None
    tags: tuple[str, ...] = ()  # the bank's tags, then the question's own
    difficulty: int | None = None
    shuffle: bool = True  # mcq, multi: False keeps the bank's choice order in every output
    allow_leak: tuple[str, ...] = ()  # ids whose shown text may contain this question's answer
    # Position of each key's value in the YAML, for findings about one field.
    field_pos: dict[str, Pos] = field(default_factory=dict, compare=False, hash=False)

    def at(self, key: str, index: int | None = None) -> Pos:
        """Where the value of `key` stands (item `index` of a list value, if given), or the
        question itself if the key is absent."""
        if index is not None:
            item = getattr(self.field_pos, "item", None)
            found = item(key, index) if item else None
            if found is not None:
                return found
        return self.field_pos.get(key, self.pos)

    @property
    def deletions(self) -> tuple[Deletion, ...]:
        if self.type != "cloze" or not self.text:
            return ()
        return tuple(deletions(self.text))


def parse_cloze(text: str) -> list[Deletion]:
    return deletions(text)


@dataclass(frozen=True)
class Bank:
    name: str  # the file stem; names the bank's outputs
    title: str
    path: str  # relative to the project, as shown in messages
    questions: tuple[Question, ...]
    description: str | None = None
    tags: tuple[str, ...] = ()
    description_pos: Pos | None = None  # where `description` stands, for findings about it


@dataclass(frozen=True)
class SourceInfo:
    """What seeds/sources.yaml says of one seed; "unknown" where the text does not say."""

    title: str
    short: str | None = None
    publisher: str = "unknown"
    author: str = "unknown"
    date: str = "unknown"
    headline: str = "unknown"
    boilerplate: tuple[int, ...] = ()
    # Where the seed was imported from (`citequiz import`): the original, its checksum, and for
    # a PDF the page each line starts on, as (first line, page) steps in line order.
    original: str | None = None
    sha256: str | None = None
    pages: tuple[tuple[int, int], ...] = ()
    headings: tuple[tuple[int, str], ...] = ()  # (first line, heading path) steps, HTML/DOCX/EPUB

    def page_of(self, n: int) -> int | None:
        page = None
        for first, p in self.pages:
            if first > n:
                break
            page = p
        return page


@dataclass(frozen=True)
class Unit:
    """One passage of a seed that coverage counts as a whole: a paragraph (blank-line separated,
    or a line of a one-paragraph-per-line text), a Markdown block, a heading, a code block."""

    first: int  # 1-based, inclusive
    last: int
    kind: str  # "paragraph", "heading", "code", "table", ...
    substantive: bool  # article text worth a question (before `boilerplate` is applied)

    def __contains__(self, n: int) -> bool:
        return self.first <= n <= self.last


@dataclass(frozen=True)
class Seed:
    name: str  # path relative to seeds/, with "/" separators
    lines: tuple[str, ...]  # as an editor shows them, without line endings; line n is lines[n - 1]
    info: SourceInfo
    kind: str = "text"  # the reader that read it (`readers.reader_for`)
    # The text of each line without markup, which the grounding check searches; () = `lines`.
    plain_lines: tuple[str, ...] = ()
    # How the reader finds the seed's units from its lines: run on first use of `units`, as
    # only coverage needs them and a check of a large seed should not pay for them.
    find_units: Callable[[tuple[str, ...]], tuple[Unit, ...]] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def units(self) -> tuple[Unit, ...]:
        """In line order, never overlapping; lines outside every unit are blank or markup."""
        return tuple(self.find_units(self.lines)) if self.find_units is not None else ()

    @property
    def plain(self) -> tuple[str, ...]:
        return self.plain_lines or self.lines

    @property
    def stem(self) -> str:
        return Path(self.name).stem

    @property
    def title(self) -> str:
        return self.info.title

    def page_of(self, n: int) -> int | None:
        """The page of the original document line n came from (seeds imported from a PDF)."""
        return self.info.page_of(n)

    def page_label(self, spans) -> str | None:
        """"p. 3", "pp. 3–4" or "pp. 2, 5" for the (first, last) line spans of a seed imported
        from a PDF (a span's lines lie on the pages from its first line's to its last's); None
        for a seed without pages."""
        if not self.info.pages:
            return None
        pages: set[int] = set()
        for first, last in spans:
            a, b = self.page_of(first), self.page_of(last)
            if a is not None and b is not None:
                pages.update(range(a, b + 1))
        if not pages:
            return None
        ordered = sorted(pages)
        if len(ordered) == 1:
            return f"p. {ordered[0]}"
        if ordered == list(range(ordered[0], ordered[-1] + 1)):
            return f"pp. {ordered[0]}–{ordered[-1]}"
        return "pp. " + ", ".join(map(str, ordered))

    def unit_is_substantive(self, unit: Unit) -> bool:
        """Article text worth a question: not a heading, byline, code or site furniture."""
        return unit.substantive and not any(n in unit for n in self.info.boilerplate)

    def substantive_units(self) -> list[Unit]:
        return [u for u in self.units if self.unit_is_substantive(u)]

    def is_substantive(self, n: int) -> bool:
        return any(n in u for u in self.substantive_units())

    def substantive_lines(self) -> list[int]:
        return [n for u in self.substantive_units() for n in range(u.first, u.last + 1)]


@dataclass(frozen=True)
class Config:
    """The project's config file, parsed: `title` and `description` typed, every other table
    kept as written for the format it belongs to (which validates it, see `render/registry`),
    with the means to say on which line a table or key stands."""

    file: str | None = None  # as shown in messages: "citequiz.toml" or "pyproject.toml"
    title: str | None = None
    description: str | None = None
    tables: dict = field(default_factory=dict)  # every other top-level key -> its value
    prefix: str = ""  # "tool.citequiz." in a pyproject.toml
    lines: tuple[str, ...] = ()

    def get(self, key: str, default=None):
        if key in ("title", "description"):
            return getattr(self, key) if getattr(self, key) is not None else default
        return self.tables.get(key, default)

    def locate(self, table: str, key: str | None = None, nth: int = 0) -> Pos:
        """Where `[table]` (its `nth` occurrence, for `[[table]]`) or its `key` stands. TOML
        loaders drop positions; a line scan is enough for a config file."""
        found = Pos(self.file or "citequiz.toml", 1, 1)
        full = (self.prefix + table).rstrip(".")
        if not full:  # a top-level key, before any table
            for i, line in enumerate(self.lines, 1):
                if line.lstrip().startswith("["):
                    break
                if key and re.match(r"\s*" + re.escape(key) + r"\s*=", line):
                    return Pos(found.file, i, line.index(key) + 1)
            return found
        header = re.compile(r"\s*\[\[?\s*" + re.escape(full) + r"\s*\]\]?\s*(#.*)?$")
        seen, inside = -1, False
        for i, line in enumerate(self.lines, 1):
            if header.match(line):
                seen += 1
                inside = seen == nth
                if inside:
                    found = Pos(found.file, i, 1)
                    if key is None:
                        return found
                continue
            if line.lstrip().startswith("["):
                inside = False
            elif inside and key and re.match(r"\s*" + re.escape(key) + r"\s*=", line):
                return Pos(found.file, i, line.index(key) + 1)
        return found


@dataclass(frozen=True)
class Project:
    root: Path
    title: str
    banks: tuple[Bank, ...]
    seeds: dict[str, Seed]
    config: Config = field(default_factory=Config, compare=False, hash=False)

    @property
    def name(self) -> str:
        """A file-name-safe slug of the project, naming whole-project outputs (the deck)."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")
        return slug or "quiz"

    def questions(self) -> list[Question]:
        return [q for bank in self.banks for q in bank.questions]
