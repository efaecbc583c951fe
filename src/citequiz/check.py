"""Stage 3 — the grounding and consistency check over a loaded project.

The core promise of citequiz: every answer (each of `answers`, each cloze deletion, both sides
of each match pair) and the `quote` occurs, after normalisation and on word boundaries, inside
the cited line range of at least one cited seed. Checking a question costs its cited lines only;
the whole seed is searched just to say where a missing answer *does* occur, and whether the
cited text has merely moved (`relocate`), which `citequiz fix` can then repair.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import lines, types
from .errors import quoted, Finding, error, warning
from .load import SEEDS_DIR, paused_gc
from .lock import Lock, read_lock
from .markup.content import content_of
from .markup.lint import lint_question
from .model import Bank, Citation, Pos, Project, Question
from .normalize import NormText, normalize, occurs
from .anchor import holds, locate as locate_selector
from .relocate import Move, locate, settle
from .render.registry import Configured, configure
from .suggest import closest
from .seeds import resolve, seed_names


class Checker:
    def __init__(self, project: Project):
        self.project = project
        self.seeds_dir = Path(project.root) / SEEDS_DIR
        self._norm: dict[str, NormText] = {}
        self._files: set[str] | None = None  # every file load_project reads as a seed
        self.findings: list[Finding] = []
        self.moves: list[Move] = []  # citations whose text moved, for `citequiz fix`
        # Questions whose texts are missing and did not simply move: (question, citations).
        self.ungrounded: list[tuple[Question, list[Citation]]] = []
        self.content = content_of(project)

    def as_read(self, item: types.Grounded) -> types.Grounded:
        """A Markdown text (a choice, a deletion, a match side) as read: `**1974**` grounds
        "1974" (see markup.plain). Typed answers and quotes are plain text already."""
        if not item.markdown:
            return item
        return item._replace(text=self.content.plain(item.text, inline=True, read=True))

    def grounded(self, q: Question, *, report: bool = False) -> list[types.Grounded]:
        """The texts to ground, as read. An answer that is only math or an image cannot be
        compared with a source: it is left out, and with `report` a `not-grounded` warning says so."""
        found = types.grounded(q)
        if not self.content.is_rich(q):  # plain words only: as read is as written
            return list(found)
        items = []
        for item in map(self.as_read, found):
            if item.text.strip():
                items.append(item)
            elif report:
                self.findings.append(warning(item.pos, "not-grounded",
                                             f"{item.what} is only math or an image; citequiz cannot check it against the source",
                                             "add words the source states, or check it by hand"))
        return items

    def norm(self, seed: str) -> NormText:
        if seed not in self._norm:
            self._norm[seed] = NormText(self.project.seeds[seed].plain)
        return self._norm[seed]

    def run(self) -> list[Finding]:
        self._ids()
        prompts: dict[str, Question] = {}
        for q in self.project.questions():
            before = len(self.findings)
            citations = [self._anchored(q, c) for c in q.sources if self._citation_ok(c)]
            if citations and len(citations) == len(q.sources):
                self._ground(q, citations)
            elif self._all_stale(q, self.findings[before:]):
                self._stale(q, before)
            self._gives_away(q)
            self.findings.extend(lint_question(q, self.content))
            key = normalize(types.stem(q))
            if key in prompts:
                other = prompts[key]
                self.findings.append(warning(q.at(types.get(q.type).stem_key), "duplicate-prompt",
                                             f"same prompt as question `{other.id}` ({other.pos})"))
            else:
                prompts[key] = q
        self._report_moves()
        for bank in self.project.banks:
            self._description_gives_away(bank)
        return self.findings

    def _description_gives_away(self, bank: Bank) -> None:
        """The quiz page shows a bank's description above its questions: it must not answer them."""
        if not bank.description:
            return
        description = normalize(bank.description)
        for q in bank.questions:
            for answer in types.get(q.type).revealing(q):
                if occurs(normalize(answer), description):
                    self.findings.append(warning(
                        bank.description_pos or q.pos, "answer-in-description",
                        f"the bank's description contains {quoted(answer)}, the answer to `{q.id}`",
                        "the description is shown above the questions; keep it to topics"))

    def _ids(self) -> None:
        seen: dict[str, Question] = {}
        for q in self.project.questions():
            if q.id in seen:
                first = seen[q.id]
                self.findings.append(error(q.at("id"), "duplicate-id",
                                           f"id `{q.id}` is already used at {first.at('id')}",
                                           "ids must be unique across all banks"))
            else:
                seen[q.id] = q

    def _seed_files(self) -> set[str]:
        if self._files is None:
            self._files = set(seed_names(self.seeds_dir))
        return self._files

    def _citation_ok(self, c: Citation) -> bool:
        seed = self.project.seeds.get(c.seed)
        if seed is None:
            path, problem = resolve(self.seeds_dir, c.seed)
            if problem == "outside":
                self.findings.append(error(c.pos, "seed-outside", f"{quoted(c.seed)} is not inside seeds/",
                                           "cite a file by its path relative to seeds/"))
            elif path is None:
                near = closest(c.seed, self.project.seeds)
                self.findings.append(error(c.pos, "unknown-seed", f"no seed file {quoted(c.seed)} in seeds/",
                                           f"did you mean {near}?" if near else None))
            elif c.seed not in self._seed_files():
                # The file is there but is no seed (sources.yaml, a dot file or folder): an answer
                # can only be grounded in a seed the check has read.
                self.findings.append(error(c.pos, "seed-not-loaded", f"{quoted(c.seed)} is not a seed",
                                           _NOT_LOADED_HINT))
            return False  # a seed file that failed to load was reported where it was read
        if not c.lines_given:
            return c.first > 0  # placed by its selector, or reported where it was loaded
        if c.first < 1 or c.first > c.last:
            rule, msg = "bad-range", f"line range {c.first}-{c.last} is empty or reversed"
            self.findings.append(error(c.pos, rule, msg, "write FIRST-LAST with FIRST <= LAST, lines from 1"))
            return False
        if c.selector is not None and (c.last > len(seed.lines) or not all(
                seed.plain[n - 1].strip() for n in (c.first, c.last))):
            return True  # the seed was edited under it: its quote selector re-anchors it (`_anchored`)
        if c.last > len(seed.lines):
            self.findings.append(error(c.pos, "line-out-of-range",
                                       f"{c.seed} has {len(seed.lines)} lines; line {c.last} does not exist"))
            return False
        for n in (c.first, c.last):
            if not seed.plain[n - 1].strip():
                self.findings.append(error(c.pos, "empty-line", f"cited line {c.seed}:{n} is empty",
                                           "cite the lines that hold the text"))
                return False
        return True

    def _anchored(self, q: Question, c: Citation) -> Citation:
        """A citation whose lines no longer hold its quote selector's text, re-anchored by the
        selector (exactly, else fuzzily): the move is recorded for `fix`, and the question is
        grounded at the new place. Without a selector, or where the text stands, `c` itself."""
        if c.selector is None or not c.lines_given:
            return c
        norm = self.norm(c.seed)
        if holds(norm, c.selector, c.first, c.last):
            return c
        place = locate_selector(norm, c.selector, near=c.first)
        if place is None:
            self.findings.append(error(c.pos, "selector-not-found",
                                       f"the quote selector's text {quoted(c.selector.exact)} occurs nowhere in {c.seed}",
                                       "copy `exact` from the seed's text"))
            return c
        similar = "" if place.exact else f", {place.similarity:.0%} similar"
        if (place.first, place.last) == (c.first, c.last):
            self.findings.append(warning(c.pos, "selector-changed",
                                         f"the quote selector's text was edited in {c.label}: the passage there is "
                                         f"{place.similarity:.0%} similar: {quoted(place.text)}",
                                         "update `exact` to the seed's text"))
            return c
        how = f"found by its quote selector{similar}"
        if place.places > 1:
            how += f"; {place.places} places hold it, chose the nearest"
        self.moves.append(Move(q, c, place.first, place.last, place.places, how=how))
        return replace(c, first=place.first, last=place.last)

    def _ground(self, q: Question, citations: list[Citation]) -> None:
        spans = [self.norm(c.seed).span(c.first, c.last) for c in citations]
        items = [(item, normalize(item.text)) for item in self.grounded(q, report=True)]
        missing = [(item, needle) for item, needle in items if not any(occurs(needle, t) for t in spans)]
        if not missing:
            return
        needles = [needle for _, needle in items if needle]
        moves = locate(q, citations, {c.seed: self.norm(c.seed) for c in citations}, needles)
        if moves:
            self.moves.extend(moves)
            return
        self.ungrounded.append((q, citations))
        for item, needle in missing:
            self.findings.append(error(item.pos, item.rule,
                                       f"{item.what} does not occur in {_labels(citations)}",
                                       self._where_else(needle, citations)))

    def _all_stale(self, q: Question, new: list[Finding]) -> bool:
        return bool(new) and all(f.rule in _STALE for f in new) and all(c.seed in self.project.seeds for c in q.sources)

    def _stale(self, q: Question, before: int) -> None:
        """A cited line that is now blank: maybe lines were inserted above it."""
        stale = {f.pos for f in self.findings[before:]}
        needles = [n for n in (normalize(item.text) for item in self.grounded(q)) if n]
        norms = {c.seed: self.norm(c.seed) for c in q.sources}
        moves = locate(q, list(q.sources), norms, needles, only=stale)
        if moves:
            del self.findings[before:]
            self.moves.extend(moves)

    def _report_moves(self) -> None:
        self.moves = settle(self.moves)
        for move in self.moves:
            places = f" ({move.note})" if move.note else ""
            self.findings.append(error(move.citation.pos, "citation-moved",
                                       f"the text cited at {move.citation.label} now stands at {move.lines}{places}",
                                       f"run `citequiz fix` to cite {move.label}"))

    def _where_else(self, needle: str, citations: list[Citation]) -> str | None:
        for c in citations:
            found = self.norm(c.seed).find_lines(needle)
            if found:
                places = ", ".join(_range(f, l) for f, l in found[:5])
                more = f" and {len(found) - 5} more" if len(found) > 5 else ""
                return f"it does occur in {c.seed} at {places}{more}"
        for name in sorted(self.project.seeds):
            if name in {c.seed for c in citations}:
                continue
            found = self.norm(name).find_lines(needle)
            if found:
                return f"it does occur in {name} at {_range(*found[0])}"
        c = citations[0]
        ratio, line, text = self.norm(c.seed).nearest(needle, c.first, c.last)
        if ratio >= 0.5:
            return f'nearest text there: "{text}" (line {line}, {ratio:.0%} similar)'
        return "it occurs nowhere in the seeds"

    def _gives_away(self, q: Question) -> None:
        """An answer that stands in what is asked (outside a cloze's blanks) gives itself away."""
        asked = types.stem(q)
        if not asked:
            return
        key = types.get(q.type).stem_key
        for answer in types.get(q.type).revealing(q):
            if not occurs(normalize(answer), normalize(asked)):
                continue
            if key == "text":
                self.findings.append(warning(q.at(key), "answer-in-prompt",
                                             f"the cloze text shows deletion {quoted(answer)} outside its blank",
                                             "reword the rest of the sentence"))
            else:
                self.findings.append(warning(q.at(key), "answer-in-prompt",
                                             f"the prompt contains the answer {quoted(answer)}",
                                             "reword the prompt so it does not give the answer away"))


_NOT_LOADED_HINT = "sources.yaml and files or folders whose names start with `.` are not seeds"

# A citation problem a seed edit causes (lines inserted above it), which a move may explain. A
# line past the end is more often a typo than a removal, so it keeps its own finding.
_STALE = ("empty-line",)


def _range(first: int, last: int) -> str:
    return lines.words(first, last)


def _labels(citations: list[Citation]) -> str:
    return " or ".join(c.label for c in citations)


@dataclass
class Checked:
    """What the check found (iterate it for the findings), the lock it read, and the enabled
    formats with their settings: what a build needs to render."""

    findings: list[Finding]
    lock: Lock
    formats: list[Configured]

    def __iter__(self):
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __radd__(self, other: list[Finding]) -> list[Finding]:
        return list(other) + self.findings

    @property
    def errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def check_project(project: Project, lock: Lock | None = None) -> Checked:
    """The one check, as `citequiz check`, `build`, `serve` and the pre-commit hook run it: the
    grounding and consistency of every question, the lock file (read from the project unless
    given), and the config of every enabled format."""
    findings: list[Finding] = []
    if lock is None:
        lock, findings = read_lock(project.root)
    from .answers.lint import lint_answers  # typed answers' accept and reject forms
    from .lint import lint_project  # the validity lints (cues), after grounding

    with paused_gc():
        findings = Checker(project).run() + lint_answers(project) + findings + lint_project(project)
    formats, more = configure(project)
    return Checked(findings + more, lock, formats)


def find_moves(project: Project) -> tuple[list[Move], Checker]:
    """Every citation whose text moved, and the checker (for what it could not place)."""
    checker = Checker(project)
    checker.run()
    return checker.moves, checker
