"""Which passages of each seed the questions cite: `citequiz coverage` and build/coverage.html.

A report over the model, no I/O. Coverage counts *units*, not physical lines: a paragraph (of a
hard-wrapped text, or a line of a one-paragraph-per-line text) or a Markdown block
(`Seed.units`), so a wrapped sentence cited through one of its lines covers its paragraph. Only
substantive units (article text, not headings, code, bylines or site furniture) count towards
the percentage; every line keeps its own count of citing questions, for the heat margin.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Project, Question, Seed, Unit

FIRST_WORDS = 8


def _first_words(text: str) -> str:
    words = text.split()
    return " ".join(words[:FIRST_WORDS]) + (" …" if len(words) > FIRST_WORDS else "")


@dataclass(frozen=True)
class LineCoverage:
    number: int
    text: str
    substantive: bool  # part of a substantive unit
    questions: tuple[Question, ...]  # every question citing this line, in bank order
    unit_covered: bool = False  # some line of its unit is cited

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def first_words(self) -> str:
        return _first_words(self.text)


@dataclass(frozen=True)
class UnitCoverage:
    unit: Unit
    text: str  # the unit's text without markup, its lines joined
    substantive: bool  # with the seed's `boilerplate` applied
    questions: tuple[Question, ...]  # every question citing any of its lines, once each

    @property
    def number(self) -> int:
        return self.unit.first

    @property
    def where(self) -> str:
        u = self.unit
        return str(u.first) if u.first == u.last else f"{u.first}-{u.last}"

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def first_words(self) -> str:
        return _first_words(self.text)


@dataclass(frozen=True)
class SeedCoverage:
    seed: Seed
    lines: tuple[LineCoverage, ...]  # every line of the seed, line n at index n - 1
    units: tuple[UnitCoverage, ...] = ()

    @property
    def substantive(self) -> list[UnitCoverage]:
        return [u for u in self.units if u.substantive]

    @property
    def covered(self) -> list[UnitCoverage]:
        return [u for u in self.substantive if u.count]

    @property
    def uncovered(self) -> list[UnitCoverage]:
        return [u for u in self.substantive if not u.count]

    @property
    def percent(self) -> float:
        total = len(self.substantive)
        return 100.0 * len(self.covered) / total if total else 100.0

    def as_json(self) -> dict:
        return {
            "seed": self.seed.name,
            "title": self.seed.title,
            "substantive_paragraphs": len(self.substantive),
            "covered_paragraphs": len(self.covered),
            "percent": round(self.percent, 1),
            "paragraphs": [
                {"first": u.unit.first, "last": u.unit.last, "kind": u.unit.kind, "substantive": u.substantive,
                 "count": u.count, "questions": [q.id for q in u.questions]}
                for u in self.units
            ],
            "lines": [
                {"line": line.number, "substantive": line.substantive, "count": line.count,
                 "questions": [q.id for q in line.questions]}
                for line in self.lines if line.substantive or line.count
            ],
            "uncovered": [{"line": u.unit.first, "last": u.unit.last, "first_words": u.first_words}
                          for u in self.uncovered],
        }


def citing(project: Project) -> dict[str, dict[int, list[Question]]]:
    """seed name -> line -> every question citing that line, in bank order, each once (a question
    citing one line twice is listed once). The one answer to "which questions cite this line",
    for `citequiz coverage`, coverage.html and the source reader's margin marks."""
    citing: dict[str, dict[int, list[Question]]] = {name: {} for name in project.seeds}
    for q in project.questions():
        for c in q.sources:
            lines = citing.get(c.seed)
            if lines is None:
                continue  # an unknown seed: the check reports it
            n_lines = len(project.seeds[c.seed].lines)
            for n in range(max(1, c.first), min(c.last, n_lines) + 1):
                bucket = lines.setdefault(n, [])
                if not bucket or bucket[-1] is not q:  # two citations of one line
                    bucket.append(q)
    return citing


def coverage(project: Project) -> list[SeedCoverage]:
    """Per seed (sorted by name), each unit and each line with the questions that cite it."""
    every = citing(project)
    report = []
    for name in sorted(project.seeds):
        seed, cited = project.seeds[name], every[name]
        units = []
        for unit in seed.units:
            questions: dict[str, Question] = {}
            for n in range(unit.first, unit.last + 1):
                for q in cited.get(n, ()):
                    questions.setdefault(q.id, q)
            text = " ".join(t.strip() for t in seed.plain[unit.first - 1 : unit.last] if t.strip())
            units.append(UnitCoverage(unit, text, seed.unit_is_substantive(unit), tuple(questions.values())))
        unit_of = {n: u for u in units for n in range(u.unit.first, u.unit.last + 1)}
        report.append(SeedCoverage(seed, tuple(
            LineCoverage(n, text, n in unit_of and unit_of[n].substantive, tuple(cited.get(n, ())),
                         n in unit_of and bool(unit_of[n].count))
            for n, text in enumerate(seed.lines, 1)
        ), tuple(units)))
    return report


def format_text(report: list[SeedCoverage]) -> str:
    out = []
    total = covered = 0
    for sc in report:
        total += len(sc.substantive)
        covered += len(sc.covered)
        counts = [u.count for u in sc.substantive]
        spread = ", ".join(
            f"{label}: {n}" for label, n in (
                ("cited once", sum(c == 1 for c in counts)),
                ("twice", sum(c == 2 for c in counts)),
                ("3+ times", sum(c >= 3 for c in counts)),
            )
        )
        out.append(f"{sc.seed.name} ({sc.seed.title}): {len(sc.covered)} of {len(sc.substantive)} "
                   f"substantive paragraphs cited ({sc.percent:.0f}%); {spread}")
        for u in sc.uncovered:
            out.append(f"  uncovered {sc.seed.name}:{u.where}\t{u.first_words}")
    percent = 100.0 * covered / total if total else 100.0
    out.append(f"covered {covered} of {total} substantive paragraphs in {len(report)} "
               f"seed{'s' * (len(report) != 1)} ({percent:.0f}%)")
    return "\n".join(out) + "\n"
