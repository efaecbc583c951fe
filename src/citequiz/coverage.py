"""Which lines of each seed the questions cite: `citequiz coverage` and build/coverage.html.

A report over the model, no I/O. Only *substantive* lines (article sentences, not headings,
bylines or site furniture; `Seed.substantive_lines`) count towards the percentage, but every
cited line is counted, so the page can show the whole text with its heat margin.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Project, Question, Seed

FIRST_WORDS = 8


@dataclass(frozen=True)
class LineCoverage:
    number: int
    text: str
    substantive: bool
    questions: tuple[Question, ...]  # every question citing this line, in bank order

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def first_words(self) -> str:
        words = self.text.split()
        return " ".join(words[:FIRST_WORDS]) + (" …" if len(words) > FIRST_WORDS else "")


@dataclass(frozen=True)
class SeedCoverage:
    seed: Seed
    lines: tuple[LineCoverage, ...]  # every line of the seed, line n at index n - 1

    @property
    def substantive(self) -> list[LineCoverage]:
        return [line for line in self.lines if line.substantive]

    @property
    def covered(self) -> list[LineCoverage]:
        return [line for line in self.substantive if line.count]

    @property
    def uncovered(self) -> list[LineCoverage]:
        return [line for line in self.substantive if not line.count]

    @property
    def percent(self) -> float:
        total = len(self.substantive)
        return 100.0 * len(self.covered) / total if total else 100.0

    def as_json(self) -> dict:
        return {
            "seed": self.seed.name,
            "title": self.seed.title,
            "substantive_lines": len(self.substantive),
            "covered_lines": len(self.covered),
            "percent": round(self.percent, 1),
            "lines": [
                {"line": line.number, "substantive": line.substantive, "count": line.count,
                 "questions": [q.id for q in line.questions]}
                for line in self.lines if line.substantive or line.count
            ],
            "uncovered": [{"line": line.number, "first_words": line.first_words} for line in self.uncovered],
        }


def coverage(project: Project) -> list[SeedCoverage]:
    """Per seed (sorted by name), each line with the questions that cite it."""
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
    report = []
    for name in sorted(project.seeds):
        seed = project.seeds[name]
        substantive = set(seed.substantive_lines())
        report.append(SeedCoverage(seed, tuple(
            LineCoverage(n, text, n in substantive, tuple(citing[name].get(n, ())))
            for n, text in enumerate(seed.lines, 1)
        )))
    return report


def format_text(report: list[SeedCoverage]) -> str:
    out = []
    total = covered = 0
    for sc in report:
        total += len(sc.substantive)
        covered += len(sc.covered)
        counts = [line.count for line in sc.substantive]
        spread = ", ".join(
            f"{label}: {n}" for label, n in (
                ("cited once", sum(c == 1 for c in counts)),
                ("twice", sum(c == 2 for c in counts)),
                ("3+ times", sum(c >= 3 for c in counts)),
            )
        )
        out.append(f"{sc.seed.name} ({sc.seed.title}): {len(sc.covered)} of {len(sc.substantive)} "
                   f"substantive lines cited ({sc.percent:.0f}%); {spread}")
        for line in sc.uncovered:
            out.append(f"  uncovered {sc.seed.name}:{line.number}\t{line.first_words}")
    percent = 100.0 * covered / total if total else 100.0
    out.append(f"covered {covered} of {total} substantive lines in {len(report)} "
               f"seed{'s' * (len(report) != 1)} ({percent:.0f}%)")
    return "\n".join(out) + "\n"
