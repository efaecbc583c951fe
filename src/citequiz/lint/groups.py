"""What a learner sees together: each bank (its quiz page, its LMS files) and each printed paper
whose questions are not exactly one bank's (a combined paper, a blueprint draw, a tag filter)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Bank, Pos, Project, Question


@dataclass(frozen=True)
class Group:
    name: str  # for messages: "bank jackson-vanik", "paper print/quiz.html"
    questions: tuple[Question, ...]
    pos: Pos  # where a finding about the whole group points
    bank: Bank | None = None  # set for a bank; None for a printed paper
    paper: str | None = None  # the paper's name (print/<paper>.html)

    @property
    def is_bank(self) -> bool:
        return self.bank is not None


def bank_group(bank: Bank) -> Group:
    return Group(f"bank {bank.name}", bank.questions, Pos(bank.path, 1, 1), bank=bank)


def paper_groups(project: Project) -> list[Group]:
    """The printed papers as `[print]` draws them, minus those that are exactly one bank.
    A broken `[print]` table is reported by the config check; here it just gives no papers."""
    from ..render.forms import papers, read_options  # the print stage owns what a paper is

    opts, findings = read_options(project)
    if findings:
        return []
    found, _ = papers(project, opts)
    by_ids = {tuple(q.id for q in b.questions) for b in project.banks}
    out = []
    for paper in found:
        if tuple(q.id for q in paper.questions) in by_ids:
            continue
        first = paper.questions[0]
        out.append(Group(f"paper print/{paper.name}.html", paper.questions, first.pos, paper=paper.name))
    return out


def groups(project: Project) -> list[Group]:
    return [bank_group(b) for b in project.banks] + paper_groups(project)
