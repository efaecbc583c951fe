"""`citequiz import FILE [PROJECT_DIR]`: a document (PDF, HTML, DOCX, EPUB) to a text seed.

Gather, then write: the document is converted, the seed's text and its `sources.yaml` entry are
worked out and compared with what is there, and only then are the two files written (each
atomically). The seed holds one paragraph per line, paragraphs separated by a blank line, so
its line numbers are what an editor shows and each paragraph is one unit for coverage. The
entry records where the seed came from: the original file, its SHA-256, and the page each
line starts on (PDF) or the heading path above it (HTML, DOCX, EPUB), as steps in line order.

An existing seed is never overwritten without `force`; re-importing a changed original says
which cited lines changed, so `citequiz check` and `citequiz fix` can re-anchor them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode

from .errors import CitequizError, Finding, error, warning
from .importers import Document, ImportProblem, converter_for
from .load import SEEDS_DIR, load_project
from .model import Pos
from .normalize import normalize
from .seeds import SOURCES_FILE, split_lines
from .write import atomic_write

HEADING_JOIN = " > "
_HEADER = ("# Describes each seed text. Keys are paths relative to seeds/.\n"
           "# `imported` entries are written by `citequiz import`: edit the other keys freely.\n")


class ImportFailed(CitequizError):
    """The document could not be imported; nothing was written."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("nothing imported, nothing written")


@dataclass
class ImportPlan:
    original: Path
    seed: str  # name relative to seeds/
    seed_text: str
    sources_before: str | None
    sources_after: str
    unchanged: bool = False  # the seed and its entry are already what this import would write
    replaces: bool = False  # an existing seed is replaced
    changed: list[Finding] = field(default_factory=list)  # citations whose lines changed


def plan_import(original: Path, root: Path, *, name: str | None = None, force: bool = False) -> ImportPlan:
    original, root = Path(original), Path(root)
    shown = str(original)
    if not original.is_file():
        what = "not a regular file" if original.exists() else "no such file"
        raise ImportFailed([error(Pos(shown), "import-unreadable", what)])
    if not (root / "questions").is_dir():
        raise CitequizError(f"{root}: not a citequiz project (no `questions/` folder); `citequiz init` starts one")
    seed = name or original.with_suffix(".txt").name
    if seed.startswith("/") or "\\" in seed or ".." in seed.split("/") or seed == SOURCES_FILE:
        raise CitequizError(f"--name {seed}: a seed name is a path inside seeds/ (and not {SOURCES_FILE})")
    try:
        module = converter_for(original)
        document = module.convert(original)
    except ImportProblem as exc:
        raise ImportFailed([error(Pos(shown), exc.rule, exc.message, exc.hint)]) from None
    data = original.read_bytes()
    lines, pages, headings = _seed_lines(document)
    seed_text = "".join(line + "\n" for line in lines)
    seed_path = root / SEEDS_DIR / seed
    sources_path = root / SEEDS_DIR / SOURCES_FILE
    before = sources_path.read_text(encoding="utf-8-sig") if sources_path.is_file() else None
    entry = _entry(document, original=_shown_path(original, root), sha256=hashlib.sha256(data).hexdigest(),
                   pages=pages, headings=headings)
    after = _with_entry(before, seed, entry, file=f"{SEEDS_DIR}/{SOURCES_FILE}")
    plan = ImportPlan(original, seed, seed_text, before, after)
    if seed_path.exists():
        old = seed_path.read_bytes().decode("utf-8", errors="replace")
        plan.unchanged = old == seed_text and before == after
        plan.replaces = not plan.unchanged
        plan.changed = _changed_citations(root, seed, split_lines(old), lines)
        if plan.replaces and not force:
            raise ImportFailed(plan.changed + [error(
                Pos(f"{SEEDS_DIR}/{seed}"), "seed-exists",
                f"seed {seed} exists and this import would change it"
                + (f" ({len(plan.changed)} cited passage{'s' * (len(plan.changed) != 1)} with it)" if plan.changed else ""),
                "re-import with --force to replace it, or choose another seed name with --name")])
    return plan


def write_import(root: Path, plan: ImportPlan) -> list[str]:
    """Write the seed, then its sources.yaml entry (each atomically). Returns what was written."""
    if plan.unchanged:
        return []
    seeds = Path(root) / SEEDS_DIR
    (seeds / plan.seed).parent.mkdir(parents=True, exist_ok=True)
    atomic_write(seeds / plan.seed, plan.seed_text.encode("utf-8"))
    written = [f"{SEEDS_DIR}/{plan.seed}"]
    if plan.sources_after != plan.sources_before:
        atomic_write(seeds / SOURCES_FILE, plan.sources_after.encode("utf-8"))
        written.append(f"{SEEDS_DIR}/{SOURCES_FILE}")
    return written


def _seed_lines(document: Document) -> tuple[list[str], dict[int, int], dict[int, str]]:
    """One paragraph per line, a blank line between; the page and heading path steps."""
    lines: list[str] = []
    pages: dict[int, int] = {}
    headings: dict[int, str] = {}
    last_page, last_heading = None, None
    for para in document.paragraphs:
        if lines:
            lines.append("")
        lines.append(para.text)
        n = len(lines)
        if para.page is not None and para.page != last_page:
            pages[n] = last_page = para.page
        heading = HEADING_JOIN.join(para.headings)
        if para.headings and heading != last_heading:
            headings[n] = last_heading = heading
    return lines, pages, headings


def _shown_path(original: Path, root: Path) -> str:
    """The original as the project sees it: relative to the project where it lies inside,
    else its absolute path."""
    try:
        return original.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return original.resolve().as_posix()


def _entry(document: Document, *, original: str, sha256: str, pages: dict, headings: dict) -> dict:
    imported: dict = {"from": original, "sha256": sha256, "format": document.format}
    if pages:
        imported["pages"] = pages
    if headings:
        imported["headings"] = headings
    entry: dict = {"title": document.title or Path(original).stem}
    if document.author:
        entry["author"] = document.author
    entry["imported"] = imported
    return entry


def _dump(data: dict, indent: int) -> str:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    pad = " " * indent
    return "".join(pad + line + "\n" for line in text.splitlines())


def _with_entry(before: str | None, seed: str, entry: dict, *, file: str) -> str:
    """sources.yaml with the seed's entry added, or its `imported` record replaced; every other
    byte (comments, the entry's other keys as the author edited them) kept."""
    if not before or not before.strip():
        return _HEADER + _dump({seed: entry}, 0)
    try:
        root = yaml.compose(before, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise CitequizError(f"{file}: cannot add the import to it: {str(exc).splitlines()[0]}") from None
    if not isinstance(root, MappingNode):
        raise CitequizError(f"{file}: must map seed file names to descriptions; fix it, then import again")
    for key, value in root.value:
        if key.value != seed:
            continue
        if not isinstance(value, MappingNode) or value.flow_style:
            raise CitequizError(f"{file}:{key.start_mark.line + 1}: the entry for {seed} is not a block mapping; "
                                "write it as `key: value` lines, then import again")
        for k, v in value.value:
            if k.value == "imported":
                start = before.rfind("\n", 0, k.start_mark.index) + 1
                end = _line_end(before, v.end_mark.index)
                return before[:start] + _dump({"imported": entry["imported"]}, k.start_mark.column) + before[end:]
        last = value.value[-1][1]
        at = _line_end(before, last.end_mark.index)
        column = value.value[0][0].start_mark.column
        return before[:at] + _dump({"imported": entry["imported"]}, column) + before[at:]
    return before + ("" if before.endswith("\n") else "\n") + _dump({seed: entry}, 0)


def _line_end(text: str, index: int) -> int:
    """The index just past the line break of the line `index` stands on (a block node's end
    mark may stand at the start of the next line already)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end == -1 else end + 1


def _changed_citations(root: Path, seed: str, old: tuple[str, ...], new: list[str]) -> list[Finding]:
    """A warning for each citation of `seed` whose cited lines now hold other text."""
    project, _ = load_project(root)
    findings = []
    for q in project.questions():
        for c in q.sources:
            if c.seed != seed:
                continue
            before = normalize(" ".join(old[c.first - 1 : c.last]))
            after = normalize(" ".join(new[c.first - 1 : c.last]))
            if before != after:
                findings.append(warning(c.pos, "cited-text-changed",
                                        f"`{q.id}` cites {c.label}, whose text the new import changes",
                                        "after importing, `citequiz check` says whether it still holds the answers; "
                                        "`citequiz fix` re-anchors moved ones"))
    return findings
