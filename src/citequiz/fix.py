"""`citequiz fix`: re-anchor citations whose text moved after a seed was edited.

The plan comes from the check (`relocate` finds each move); the edit is a precise one: only the
`:LINE` / `:FIRST-LAST` at the end of each moved `source` scalar changes, found at the position
the loader recorded, so comments, key order, quoting and all other formatting stay byte for byte.
The `boilerplate:` line numbers of `seeds/sources.yaml` shift with the citations around them
(`shift_boilerplate`), edited the same way. A file is written (atomically) only when its text
changed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import lines, types
from .check import Checker, find_moves
from .errors import CitequizError, quoted
from .load import SEEDS_DIR, load_project
from .model import Citation, Pos, Project, Question
from .relocate import Move
from .seeds import SOURCES_FILE
from .normalize import normalize, occurs
from .seeds import seed_name
from .write import atomic_write, remove_leftovers_beside

# The line range at the very end of a scalar's source text, before any closing quote.
_RANGE_AT_END = re.compile(r":(\d+)(?:-(\d+))?(?P<close>['\"]?)\s*\Z")
_BOM = "\ufeff"


@dataclass(frozen=True)
class Edit:
    pos: Pos  # where the `source` scalar stands
    question: str
    old: str  # old label, e.g. sample.txt:2
    new: str
    note: str | None = None


@dataclass(frozen=True)
class Unfixed:
    pos: Pos
    question: str  # "" for a line of sources.yaml
    message: str


@dataclass(frozen=True)
class Shift:
    """A `boilerplate:` line number of sources.yaml that moved with the text around it."""

    pos: Pos  # where the number stands in sources.yaml
    seed: str
    old: int
    new: int


@dataclass
class FixPlan:
    edits: list[Edit] = field(default_factory=list)
    shifts: list[Shift] = field(default_factory=list)
    unfixed: list[Unfixed] = field(default_factory=list)
    notes: list[Unfixed] = field(default_factory=list)  # boilerplate lines left for the author
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # file -> (before, after)

    @property
    def changed_files(self) -> list[str]:
        return sorted(f for f, (old, new) in self.texts.items() if old != new)

    def diff(self) -> str:
        out = []
        for name in self.changed_files:
            old, new = self.texts[name]
            out.extend(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                            fromfile=f"a/{name}", tofile=f"b/{name}"))
        return "".join(out)


def plan_fix(root: Path) -> FixPlan:
    """Work out every edit (nothing is written)."""
    root = Path(root)
    project, _ = load_project(root)
    moves, checker = find_moves(project)
    plan = FixPlan()
    seen: dict[Pos, str] = {}
    for move in moves:
        c = move.citation
        if seen.get(c.pos, move.label) != move.label:  # one YAML node (an alias) cited two ways
            plan.unfixed.append(Unfixed(c.pos, move.question.id,
                                        f"{c.label} is shared by questions whose texts moved apart; not changed"))
            continue
        seen[c.pos] = move.label
        plan.edits.append(Edit(c.pos, move.question.id, c.label, move.label, move.note))
    for q, citations in checker.ungrounded:
        plan.unfixed.extend(_why_not(checker, q, citations))
    plan.edits = sorted(set(plan.edits), key=lambda e: e.pos)
    for name in sorted({e.pos.file for e in plan.edits}):
        path = root / name
        before = path.read_bytes().decode("utf-8-sig")
        after = apply_edits(before, [e for e in plan.edits if e.pos.file == name], file=name)
        plan.texts[name] = (before, after)
    shift_boilerplate(root, project, moves, checker, plan)
    return plan


def shift_boilerplate(root: Path, project: Project, moves: list[Move], checker: Checker, plan: FixPlan) -> None:
    """Shift each `boilerplate:` line of a seed whose citations moved by the offset of the
    citations around it: the nearest above and the nearest below must agree (or the line lies
    past every citation, where the nearest above decides). Where they disagree, or the line
    stands above every citation and those moved, the text was edited at an unknown place near
    it: the line is named for the author to check, not guessed."""
    shown = f"{SEEDS_DIR}/{SOURCES_FILE}"
    path = root / shown
    moved_seeds = {m.citation.seed for m in moves}
    if not moved_seeds or not path.is_file():
        return
    ungrounded = {id(c) for _, cs in checker.ungrounded for c in cs}
    moved = {id(m.citation): m for m in moves}
    # A question with a moved citation may keep another that no longer supports anything: only
    # its moved citations, and the citations of questions that stayed grounded, say where text is.
    shifted = {id(m.question) for m in moves}
    text = path.read_bytes().decode("utf-8-sig")
    numbers = _boilerplate_nodes(text)
    replacements: list[tuple[ScalarNode, int]] = []
    for seed in sorted(moved_seeds & set(numbers)):
        anchors = sorted({(c.first, (moved[id(c)].first - c.first) if id(c) in moved else 0)
                          for q in project.questions() for c in q.sources
                          if c.seed == seed and (id(c) in moved or (id(q) not in shifted and id(c) not in ungrounded))})
        n_lines = len(project.seeds[seed].lines) if seed in project.seeds else 0
        for node in numbers[seed]:
            old = int(node.value)
            above = [k for first, k in anchors if first <= old]
            below = [k for first, k in anchors if first > old]
            pos = Pos(shown, node.start_mark.line + 1, node.start_mark.column + 1)
            if not above and not below:
                continue
            k = above[-1] if above else 0
            if above and below and above[-1] != below[0]:
                plan.notes.append(Unfixed(pos, "", f"boilerplate line {old} of {seed}: the citations above it "
                                                     f"moved by {above[-1]:+d} lines and those below by {below[0]:+d}; "
                                                     "not changed, check it by hand"))
            elif not above and below[0] != 0:
                plan.notes.append(Unfixed(pos, "", f"boilerplate line {old} of {seed}: the citations below it "
                                                     f"moved by {below[0]:+d} lines, maybe by an edit above it, maybe "
                                                     "below; not changed, check it by hand"))
            elif k and 1 <= old + k <= n_lines:
                plan.shifts.append(Shift(pos, seed, old, old + k))
                replacements.append((node, old + k))
    if replacements:
        after = text
        for node, new in sorted(replacements, key=lambda r: r[0].start_mark.index, reverse=True):
            after = after[: node.start_mark.index] + str(new) + after[node.end_mark.index :]
        plan.texts[shown] = (text, after)


def _boilerplate_nodes(text: str) -> dict[str, list[ScalarNode]]:
    """seed name -> the integer scalars of its `boilerplate:` list, in sources.yaml's text."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}  # the check reports it
    found: dict[str, list[ScalarNode]] = {}
    for key, entry in getattr(root, "value", []) if isinstance(root, MappingNode) else []:
        for k, v in entry.value if isinstance(entry, MappingNode) else []:
            if k.value == "boilerplate" and isinstance(v, SequenceNode):
                found[str(key.value)] = [n for n in v.value if isinstance(n, ScalarNode) and n.value.isdigit()]
    return found


def write_fix(root: Path, plan: FixPlan) -> list[str]:
    """Write every changed bank atomically, keeping a UTF-8 BOM where there was one."""
    folder = Path(root) / "questions"
    banks = [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")] if folder.is_dir() else []
    # What a `fix` killed while writing left behind, beside a bank or the file a linked bank names.
    remove_leftovers_beside(banks + [p.resolve() for p in banks if p.is_symlink()])
    written = []
    for name in plan.changed_files:
        path = Path(root) / name
        bom = path.read_bytes().startswith(_BOM.encode())
        # Through a link to the file it names, keeping the bank's permissions.
        atomic_write(path, ((_BOM if bom else "") + plan.texts[name][1]).encode("utf-8"), in_place=True)
        written.append(name)
    return written


def apply_edits(text: str, edits: list[Edit], *, file: str) -> str:
    """`text` with each edit's line range replaced in place; everything else untouched."""
    nodes = _scalars_by_pos(text)
    expected = {pos: node.value for pos, node in nodes.items()}
    for edit in sorted(edits, key=lambda e: e.pos, reverse=True):
        node = nodes.get((edit.pos.line, edit.pos.column))
        raw = text[node.start_mark.index : node.end_mark.index] if node is not None else ""
        m = _RANGE_AT_END.search(raw)
        if node is None or m is None or _label(node.value.strip()) != edit.old:
            raise CitequizError(f"{edit.pos}: the bank changed since it was checked; run `citequiz fix` again")
        new_range = edit.new.rsplit(":", 1)[1]
        start = node.start_mark.index + m.start()
        end = node.start_mark.index + m.start("close")
        text = text[:start] + ":" + new_range + text[end:]
        written = node.value.strip()
        expected[(edit.pos.line, edit.pos.column)] = node.value.replace(
            written, written.rsplit(":", 1)[0] + ":" + new_range)
    # Read back: every value is as before, except the edited ones, which are the new citations.
    after = [node.value for _, node in sorted(_scalars_by_pos(text).items())]
    if after != [value for _, value in sorted(expected.items())]:
        raise CitequizError(f"{file}: could not rewrite the sources safely; edit them by hand")
    return text


def _label(citation: str) -> str:
    """A citation as written (`./a.txt:3`) in the form the model holds it (`a.txt:3`)."""
    path, _, lines = citation.rpartition(":")
    return f"{seed_name(path)}:{lines}"


def _scalars_by_pos(text: str) -> dict[tuple[int, int], ScalarNode]:
    # The pure-Python composer: its marks are character indexes into exactly this text.
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise CitequizError(f"cannot re-read the bank to fix it: {exc}") from None
    found: dict[tuple[int, int], ScalarNode] = {}
    stack: list[Node] = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            found[(node.start_mark.line + 1, node.start_mark.column + 1)] = node
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(n for pair in node.value for n in pair)
    return found


def _why_not(checker: Checker, q: Question, citations: list[Citation]) -> list[Unfixed]:
    """For a question `fix` cannot re-anchor: each missing text, where it does or nearly occurs.
    A text that occurs nowhere (reworded) explains the rest, so then only those are named."""
    norms = {c.seed: checker.norm(c.seed) for c in citations}
    spans = [norms[c.seed].span(c.first, c.last) for c in citations]
    elsewhere, nowhere = [], []
    for item in checker.grounded(q):
        needle = normalize(item.text)
        if any(occurs(needle, t) for t in spans):
            continue
        found = next(((c, norms[c.seed].find_lines(needle)) for c in citations if norms[c.seed].find_lines(needle)),
                     None)
        if found is not None:
            c, [(f, l), *_] = found
            elsewhere.append(Unfixed(item.pos, q.id, f"{item.what} stands at {lines.label(c.seed, f, l)}"
                                     + ", but not together with the question's other texts; not changed"))
            continue
        ratio, line, window, seed = max(
            (norms[c.seed].nearest(needle, 1, len(norms[c.seed].lines)) + (c.seed,) for c in citations),
            key=lambda t: t[0])
        nowhere.append(Unfixed(item.pos, q.id, f"{item.what} occurs nowhere in {seed}; closest match: {seed}:{line}, "
                                               f"{ratio:.0%} similar: {quoted(window)}; not changed (was the text reworded?)"))
    return nowhere or elsewhere
