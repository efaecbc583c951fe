"""Stage 4 renderer — printable paper quizzes: `print/<bank>.html`, N forms and their keys.

Each document holds the forms (A, B, ...) one after another, each starting on a new page with a
name/date/class line, then one answer key per form, each on its own page. The page is plain
HTML + print CSS (no script), sized by `@page` for A4 and US Letter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Project, Question
from .forms import LETTERS, Form, Item, PrintConfigError, arrange, cloze_segments, papers, read_options

if TYPE_CHECKING:
    from ..build import Context

KIND = {
    "mcq": "Circle one.",
    "multi": "Select all that apply.",
    "tf": "True or false?",
    "short": "",
    "cloze": "Fill in each blank.",
    "match": "Write the letter of the matching item on each line.",
}


def check_config(project: Project) -> list:
    """Every problem in `[print]`, as findings (used by `citequiz check` and the build)."""
    opts, findings = read_options(project)
    if not findings:
        findings += papers(project, opts)[1]
    return findings


def render(project: Project, ctx: "Context") -> dict[str, bytes]:
    opts, findings = read_options(project)
    found, more = papers(project, opts)
    if findings or more:
        raise PrintConfigError(findings + more)
    template = ctx.env.get_template("print.html.j2")
    out = {}
    for paper in found:
        forms = arrange(paper, opts)
        html = template.render(
            project=project,
            paper=paper,
            options=opts,
            forms=[_form_view(f) for f in forms],
            keys=[_key_view(project, f) for f in forms],
            kind=KIND,
        )
        out[f"print/{paper.name}.html"] = html.encode("utf-8")
    return out


class View:
    """What the template reads, as attributes (`it.type`) or keys (`form['items']`). Not a dict:
    for `it.type` on a dict Jinja tries the attribute first and catches the AttributeError,
    which cost a noticeable part of a 10k-question print (460,000 look-ups)."""

    def __init__(self, **fields: object):
        self.__dict__.update(fields)

    def __getitem__(self, name: str) -> object:
        return self.__dict__[name]


def _form_view(form: Form) -> View:
    return View(letter=form.letter, items=[_item_view(i) for i in form.items])


def _item_view(item: Item) -> View:
    q = item.question
    view = View(number=item.number, q=q, type=q.type,
                choices=[(LETTERS[i], c) for i, c in enumerate(item.choices)])
    if q.type == "cloze":
        view.segments = cloze_segments(q.text or "")
    if q.type == "match":
        view.lefts = list(enumerate(item.lefts, 1))
        view.rights = [(LETTERS[i], r) for i, r in enumerate(item.rights)]
    return view


def answer_text(item: Item) -> str:
    """The key's answer line for one item, in the form's own letters and numbers."""
    q = item.question
    if q.type in ("mcq", "multi"):
        return "; ".join(f"{LETTERS[p]} ({item.choices[p]})" for p in item.correct_positions)
    if q.type == "tf":
        return q.correct[0]
    if q.type == "short":
        also = f" (also accept: {'; '.join(q.accept)})" if q.accept else ""
        return f"{q.answer}{also}"
    if q.type == "cloze":
        return "  ".join(f"({n}) {d.answer}" for n, d in enumerate(q.deletions, 1))
    if q.type == "match":
        return "  ".join(f"{n}–{LETTERS[r]}" for n, r in enumerate(item.match_key, 1))
    return ", ".join(q.correct)


def _key_view(project: Project, form: Form) -> View:
    rows = []
    for item in form.items:
        rows.append(View(
            number=item.number,
            q=item.question,
            answer=answer_text(item),
            sources=[_source(project, item.question, c) for c in item.question.sources],
        ))
    return View(letter=form.letter, rows=rows, positions=form.positions)


def _source(project: Project, q: Question, citation) -> str:
    seed = project.seeds.get(citation.seed)
    title = seed.title if seed else citation.seed
    lines = f"line {citation.first}" if citation.first == citation.last else f"lines {citation.first}–{citation.last}"
    return f"{title} — {citation.seed}, {lines}"
