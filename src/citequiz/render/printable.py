"""Stage 4 renderer — printable paper quizzes: `print/<bank>.html`, N forms and their keys.

Each document holds the forms (A, B, ...) one after another, each starting on a new page with a
name/date/class line, then one answer key per form, each on its own page. The page is plain
HTML + print CSS (no script), sized by `@page` for A4 and US Letter.
"""

from __future__ import annotations

import dataclasses

from markupsafe import Markup

from .. import cloze
from .. import lines
from ..markup import PAGE
from ..markup.code import css as code_css
from ..markup.content import Content, content_of
from ..markup.fields import rich_fields
from ..model import Project, Question
from .context import Format, RenderContext
from .forms import Form, PrintConfigError, PrintOptions, arrange, papers, read_options
from .print_items import HANDLERS, LETTERS, UNSUPPORTED, Item  # noqa: F401 - the format's type table

KIND = {name: handler.kind for name, handler in HANDLERS.items()}


def settings(table, *, locate, project: Project) -> tuple[PrintOptions, list]:
    """The [print] table as options, checked against the project's banks and tags."""
    return read_options(project, {} if table is None else table, locate)


def check(ctx: RenderContext) -> list:
    """What a valid [print] table still cannot do for this project: a blueprint asking for more
    questions than a paper has."""
    return papers(ctx.project, ctx.settings)[1]


def render(ctx: RenderContext) -> dict[str, bytes]:
    project, opts = ctx.project, ctx.settings
    if opts is None:  # called without the registry: the project's own [print] table
        opts, findings = read_options(project)
        if findings:
            raise PrintConfigError(findings)
    found, more = papers(project, opts)
    if more:
        raise PrintConfigError(more)
    template = ctx.env.get_template("print.html.j2")
    content = content_of(project)
    out = {}
    for paper in found:
        forms = arrange(paper, opts)
        html = template.render(
            project=project,
            paper=paper,
            options=opts,
            forms=[_form_view(f, content) for f in forms],
            keys=[_key_view(project, f, content) for f in forms],
            rich_css=_rich_css(paper, content),
            kind=KIND,
        )
        out[f"print/{paper.name}.html"] = html.encode("utf-8")
    return out


FORMAT = Format("print", render, title="print/<bank>.html: printable forms A, B, ... and their answer keys",
                handlers=HANDLERS, unsupported=UNSUPPORTED, settings=settings, check=check)


class View:
    """What the template reads, as attributes (`it.type`) or keys (`form['items']`). Not a dict:
    for `it.type` on a dict Jinja tries the attribute first and catches the AttributeError,
    which cost a noticeable part of a 10k-question print (460,000 look-ups)."""

    def __init__(self, **fields: object):
        self.__dict__.update(fields)

    def __getitem__(self, name: str) -> object:
        return self.__dict__[name]


def _form_view(form: Form, content: Content) -> View:
    return View(letter=form.letter, items=[_item_view(i, content) for i in form.items])


_RICH_CSS = "  .stem p, .why p { margin: 0 0 1.5mm; }\n  .cq-image { max-width: 100%; height: auto; }\n"


def _rich_css(paper, content: Content) -> Markup | str:
    """The CSS a paper with Markdown needs (Pygments' too, where it shows code); none without."""
    rich = [q for q in paper.questions if content.has_markup(q)]
    if not rich:
        return ""
    code = any('class="cq-code"' in content.html(text, PAGE, inline=inline)
               for q in rich for _, text, inline, _ in rich_fields(q))
    return Markup(_RICH_CSS + (code_css(dark="none") if code else ""))


def _item_view(item: Item, content: Content) -> View:
    """A question as the template draws it. A question with Markdown gets its stem, choices and
    sides as HTML from the markup module (MathML, data-URI images), marked safe for Jinja; every
    other text stays text, escaped by the template."""
    q = item.question
    rich = content.has_markup(q)

    def show(text: str):
        return Markup(content.html(text, PAGE, inline=True)) if rich else text

    view = View(number=item.number, q=q, type=q.type, stem_html=None,
                choices=[(LETTERS[i], show(c)) for i, c in enumerate(item.choices)])
    if rich:
        view.stem_html = Markup(content.cloze_html(q.text or "", PAGE, _print_blank) if q.type == "cloze"
                                else content.html(q.prompt or "", PAGE))
    if q.type == "cloze":
        view.segments = _cloze_segments(q.text or "")
    if q.type == "match":
        view.lefts = [(n, show(left)) for n, left in enumerate(item.lefts, 1)]
        view.rights = [(LETTERS[i], show(r)) for i, r in enumerate(item.rights)]
    return view


def _print_blank(k: int, d, answer_html: str, hint_html: str | None) -> str:
    return f'<span class="blank">({k + 1})</span>' + (f' <span class="hint">[{hint_html}]</span>' if hint_html else "")


def answer_text(item: Item) -> str:
    """The key's answer line for one item, in the form's own letters and numbers."""
    return HANDLERS[item.question.type].answer(item)


def _cloze_segments(text: str) -> list[dict]:
    """A cloze text as {"text": ...} and {"blank": n, "hint": ...} pieces, blanks numbered in
    reading order (the template draws each as a numbered answer line)."""
    out: list[dict] = []
    blanks = 0
    for part in cloze.segments(text):
        if isinstance(part, str):
            if part:
                out.append({"text": part})
        else:
            blanks += 1
            out.append({"blank": blanks, "hint": part.hint, "answer": part.answer})
    return out


def _key_view(project: Project, form: Form, content: Content) -> View:
    rows = []
    for item in form.items:
        q = item.question
        plain = item
        if content.has_markup(q):  # the key's answer line is text: Markdown stripped, math as TeX
            def flat(texts):
                return tuple(content.plain(t, inline=True) for t in texts)
            plain = dataclasses.replace(item, question=content.question_as(q), choices=flat(item.choices),
                                        lefts=flat(item.lefts), rights=flat(item.rights))
        rows.append(View(
            number=item.number,
            q=q,
            explanation_html=Markup(content.html(q.explanation, PAGE))
            if q.explanation and content.needs_html(q.explanation) else None,
            answer=answer_text(plain),
            sources=[_source(project, item.question, c) for c in item.question.sources],
        ))
    return View(letter=form.letter, rows=rows, positions=form.positions)


def _source(project: Project, q: Question, citation) -> str:
    seed = project.seeds.get(citation.seed)
    title = seed.title if seed else citation.seed
    page = seed.page_label([(citation.first, citation.last)]) if seed else None
    return f"{title} — {citation.seed}, {page + ', ' if page else ''}{lines.words(citation.first, citation.last, dash='–')}"
