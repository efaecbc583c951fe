"""`citequiz audit`: how a learner who ignores the content would fare (a report, like coverage).

Each strategy is simulated on each bank and each printed paper, as each output shows the
questions, and its *expected* score (ties and random orders give fractions) is set beside chance.
Like R/exams' `stresstest_exercise` for random exercises, but for cues:

- first option / last option (mcq), per output: the quiz page (a random order per learner, or the
  bank's order for `shuffle: false`), the fixed-order files (GIFT, Moodle XML, QTI, CSV, TSV, Anki: one order
  drawn from the question id), and each printed form;
- longest option, most words shared with the prompt (mcq; ties split evenly);
- always "true" (tf);
- answer found in another question: for an mcq, pick among the choices that stand in what the
  other questions of the group show (at random if none does); a typed question (short, cloze)
  counts as answered where `answer-leak` finds its answer elsewhere, allowed or not.
Chance is 1/n for an mcq of n choices, 1/2 for tf and 0 for a typed answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import types
from .lint.answer_leak import find_leaks
from .lint.groups import Group, groups
from .lint.longest_choice import longest_score
from .lint.words import content_stems, normalize, runs, shown_texts
from .model import Project, Question
from .normalize import occurs
from .render.forms import arrange, papers, read_options
from .render.choice_order import ordered_choices

DEFAULT_MARGIN = 10.0  # percentage points


@dataclass(frozen=True)
class Row:
    strategy: str
    shown_in: str
    items: int
    score: float  # expected share right, 0..1
    chance: float

    @property
    def gain(self) -> float:
        """Points above chance."""
        return 100 * (self.score - self.chance)

    def as_json(self) -> dict:
        return {"strategy": self.strategy, "shown_in": self.shown_in, "items": self.items,
                "score": round(100 * self.score, 2), "chance": round(100 * self.chance, 2),
                "gain": round(self.gain, 2)}


@dataclass(frozen=True)
class Report:
    group: str
    file: str
    rows: tuple[Row, ...]

    def beaten(self, margin: float) -> list[Row]:
        return [r for r in self.rows if r.gain > margin + 1e-9]


def _row(strategy: str, shown_in: str, scores: list[float], chances: list[float]) -> Row:
    n = len(scores)
    return Row(strategy, shown_in, n, sum(scores) / n, sum(chances) / n)


def _mcq(questions) -> list[Question]:
    return [q for q in questions if q.type == "mcq" and q.answer in q.choices]


def _position_rows(mcq: list[Question], orders: dict[str, list[list[str]]]) -> list[Row]:
    """First/last option for each output; `orders[output][k]` is question k's choices as shown
    there, or an empty list for a random order per learner (expected score 1/n)."""
    chances = [1 / len(q.choices) for q in mcq]
    rows = []
    for strategy, pick in (("first option", 0), ("last option", -1)):
        for shown_in, shown in orders.items():
            scores = [1 / len(q.choices) if not order else float(order[pick] == q.answer)
                      for q, order in zip(mcq, shown)]
            rows.append(_row(strategy, shown_in, scores, chances))
    return rows


def most_shared_score(q: Question) -> float:
    stem = content_stems(types.stem(q))
    shared = [len(content_stems(c) & stem) for c in q.choices]
    tied = [c for c, n in zip(q.choices, shared) if n == max(shared)]
    return 1 / len(tied) if q.answer in tied else 0.0


class _Elsewhere:
    """Every text a group shows (prompts, cloze texts, choices, match items), indexed by word, to
    find where a choice stands outside its own question."""

    def __init__(self, questions):
        self.texts: list[tuple[int, str]] = []  # (question index, normalised text)
        self.by_word: dict[str, set[int]] = {}
        for i, q in enumerate(questions):
            for _, text in shown_texts(q):
                norm = normalize(text)
                for w in runs(norm):
                    self.by_word.setdefault(w, set()).add(len(self.texts))
                self.texts.append((i, norm))

    def found(self, choice: str, outside: int) -> bool:
        key = normalize(choice)
        needed = sorted(runs(key), key=lambda w: len(self.by_word.get(w, ())))
        where = set.intersection(*(self.by_word.get(w, set()) for w in needed)) if needed else range(len(self.texts))
        return any(self.texts[t][0] != outside and occurs(key, self.texts[t][1]) for t in where)


def found_elsewhere_score(q: Question, index: "_Elsewhere", position: int) -> float:
    found = [c for c in q.choices if index.found(c, position)]
    if not found:
        return 1 / len(q.choices)
    return 1 / len(found) if q.answer in found else 0.0


def _forms(project: Project, group: Group) -> dict[str, list]:
    """The printed forms showing exactly this group's questions: {"print form A": form, ...}."""
    opts, findings = read_options(project)
    if findings:
        return {}
    ids = [q.id for q in group.questions]
    for paper in papers(project, opts)[0]:
        if [q.id for q in paper.questions] == ids or (group.paper and paper.name == group.paper):
            return {f"print/{paper.name}.html form {f.letter}": f for f in arrange(paper, opts)}
    return {}


def audit_group(project: Project, group: Group) -> Report:
    qs = list(group.questions)
    mcq = _mcq(qs)
    rows: list[Row] = []
    if mcq:
        orders: dict[str, list[list[str]]] = {}
        if group.is_bank:
            orders["quiz page"] = [[] if q.shuffle else list(q.choices) for q in mcq]
            orders["LMS files, CSV, TSV, Anki"] = [ordered_choices(q, group.questions) for q in mcq]
        for name, form in _forms(project, group).items():
            by_id = {item.question.id: list(item.choices) for item in form.items}
            orders[name] = [by_id[q.id] for q in mcq]
        rows += _position_rows(mcq, orders)
        chances = [1 / len(q.choices) for q in mcq]
        rows.append(_row("longest option", "any", [longest_score(q) for q in mcq], chances))
        rows.append(_row("most words shared with the prompt", "any", [most_shared_score(q) for q in mcq], chances))
    tf = [q for q in qs if q.type == "tf"]
    if tf:
        rows.append(_row('always "true"', "any", [float(q.answer is True) for q in tf], [0.5] * len(tf)))
    leaked = {}
    for leak in find_leaks(qs):
        leaked.setdefault(leak.asked.id, set()).add(normalize(leak.answer))
    scores, chances = [], []
    elsewhere = _Elsewhere(qs)
    for position, q in enumerate(qs):
        if q.type == "mcq" and q in mcq:
            scores.append(found_elsewhere_score(q, elsewhere, position))
            chances.append(1 / len(q.choices))
        elif q.type in ("short", "cloze"):
            wanted = [normalize(str(q.answer))] if q.type == "short" else [normalize(d.answer) for d in q.deletions]
            hit = leaked.get(q.id, set())
            if q.type == "short":  # any accepted form found gives the answer
                scores.append(float(bool(hit)))
            else:
                scores.append(sum(w in hit for w in wanted) / len(wanted) if wanted else 0.0)
            chances.append(0.0)
    if scores:
        rows.append(_row("answer found in another question", "any", scores, chances))
    if group.bank:
        file = group.bank.path
    else:  # a paper: the bank files it draws from
        paths = {b.name: b.path for b in project.banks}
        file = ", ".join(paths[name] for name in dict.fromkeys(q.bank for q in qs))
    return Report(group.name, file, tuple(rows))


def audit(project: Project) -> list[Report]:
    return [audit_group(project, g) for g in groups(project)]


def format_text(reports: list[Report], margin: float) -> str:
    out = []
    width = 40
    for report in reports:
        out.append(f"{report.group} ({report.file})")
        out.append(f"  {'strategy':<34} {'shown in':<{width}} {'items':>5} {'score':>7} {'chance':>7} {'gain':>7}")
        for r in report.rows:
            flag = f"  <- beats chance by more than {margin:g} points" if r.gain > margin + 1e-9 else ""
            out.append(f"  {r.strategy:<34} {r.shown_in:<{width}} {r.items:>5} {100 * r.score:>6.1f}% "
                       f"{100 * r.chance:>6.1f}% {r.gain:>+7.1f}{flag}")
        out.append("")
    out.append(summary(reports, margin))
    return "\n".join(out) + "\n"


def summary(reports: list[Report], margin: float) -> str:
    beaten = sum(len(r.beaten(margin)) for r in reports)
    banks = sum(r.group.startswith("bank ") for r in reports)
    others = len(reports) - banks
    where = f"{banks} bank{'s' * (banks != 1)}" + (f" and {others} paper{'s' * (others != 1)}" if others else "")
    if not beaten:
        return f"audited {where}: no strategy beats chance by more than {margin:g} points"
    return (f"audited {where}: {beaten} strateg{'ies' if beaten != 1 else 'y'} beat{'s' * (beaten == 1)} "
            f"chance by more than {margin:g} points")


def as_json(reports: list[Report], margin: float) -> dict:
    return {
        "margin": margin,
        "groups": [{"group": r.group, "file": r.file, "rows": [row.as_json() for row in r.rows],
                    "beats_chance": [row.as_json() for row in r.beaten(margin)]} for r in reports],
        "ok": not any(r.beaten(margin) for r in reports),
    }
