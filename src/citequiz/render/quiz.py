"""Stage 4 renderer: the interactive quiz, one self-contained HTML file per bank.

`build/quiz/<bank>.html` carries its CSS, its script and the bank's questions as JSON inside the
page: no network, no CDN, so it opens by double-clicking and serves from any static host. The
script builds the questions from the JSON with text nodes only (never markup from a bank), so a
`<script>` in a prompt shows as text. Typed answers are judged by the answer matcher
(`citequiz.answers`, docs/answers.md): each typed slot is compiled here, at build time (accepted
keys, acronym and date forms, the words a typo may not produce), and the page's `answers.js`
folds what the learner types and compares it with that data, using the matcher's own tables.

The answers can be read from the file; the page says so. It is for practice, not for grading.
"""

from __future__ import annotations

import hashlib
import json
from markupsafe import Markup

from .. import cloze
from ..answers import compile_question, settings
from ..answers.tables import rules_json
from ..errors import TemplateContentError
from ..model import Bank, Project, Question
from ..types import order as order_type
from .context import Format, RenderContext
from .links import source_pages

QUIZ_DIR = "quiz"
# What `json.dumps` may emit that a <script> element or an HTML parser would act on. Escaping
# every `<` rules out `</script>` and `<!--` alike; U+2028/9 are line ends to old JS parsers.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: object) -> str:
    """JSON that is safe verbatim inside `<script type="application/json">`."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def cloze_parts(text: str, slots: list[dict] | None = None) -> list:
    """A cloze text as alternating plain strings and deletions `{"n", "hint", "answer", "slot"}`,
    `slot` being the deletion's compiled answer slot (`slots`, in the order of the deletions)."""
    parts, k = [], 0
    for part in cloze.segments(text):
        if isinstance(part, str):
            parts.append(part)
            continue
        item = {"n": part.number, "answer": part.answer, "hint": part.hint or ""}
        if slots is not None:
            item["slot"] = slots[k]
        k += 1
        parts.append(item)
    return parts


# What each question type gives the page's script (beside id, type, explanation, quote and
# sources): answers as choice indices (mcq, multi), true/false (tf), compiled answer slots (short,
# cloze), the pairs (match) or the items (order) in their right order. The script has the
# matching handler table.
def _choice(q: Question, project: Project) -> dict:
    wanted = {q.answer} if q.type == "mcq" else set(q.answers)
    data = {"prompt": q.prompt or "", "choices": list(q.choices),
            "correct": [i for i, c in enumerate(q.choices) if c in wanted]}
    if not q.shuffle:
        data["shuffle"] = False  # the author fixed the order: every learner sees the bank's
    return data


def _tf(q: Question, project: Project) -> dict:
    return {"prompt": q.prompt or "", "correct": bool(q.answer)}


def _short(q: Question, project: Project) -> dict:
    return {"prompt": q.prompt or "", "answer": str(q.answer), "slot": compile_question(q, project)[0]}


def _cloze(q: Question, project: Project) -> dict:
    return {"parts": cloze_parts(q.text or "", compile_question(q, project))}


def _match(q: Question, project: Project) -> dict:
    return {"prompt": q.prompt or "", "left": [p.left for p in q.pairs], "right": [p.right for p in q.pairs]}


def _order(q: Question, project: Project) -> dict:
    # `start`: the shuffled order every output shows (the page reshuffles with a ?seed=).
    return {"prompt": q.prompt or "", "items": list(q.items),
            "start": [q.items.index(item) for item in order_type.shuffled(q)]}


HANDLERS = {"mcq": _choice, "multi": _choice, "tf": _tf, "short": _short, "cloze": _cloze, "match": _match,
            "order": _order}
UNSUPPORTED: dict[str, str] = {}


def _page(seed, c) -> list[str]:
    """[the page label] of a citation of a seed imported from a PDF, else []."""
    label = seed.page_label([(c.first, c.last)]) if seed is not None else None
    return [label] if label else []


def question_data(question: Question, *, seed_keys: dict[str, int], project: Project | None = None,
                  seeds: dict | None = None) -> dict:
    """One question as the page's script reads it (`project`: needed by typed answers, whose
    slots are compiled from it)."""
    seeds = seeds or {}
    q: dict = {"id": question.id, "type": question.type, **HANDLERS[question.type](question, project)}
    if question.explanation:
        q["explanation"] = question.explanation
    if question.quote:
        q["quote"] = question.quote
    # A fingerprint of what is asked and answered: progress a learner saved for an older version
    # of the question (other choices, another answer) is dropped rather than judged against it.
    q["v"] = hashlib.sha256(json.dumps(q, sort_keys=True).encode("utf-8")).hexdigest()[:8]
    q["cite"] = [[seed_keys[c.seed], c.first, c.last] + _page(seeds.get(c.seed), c) for c in question.sources]
    return q


def quiz_data(bank: Bank, project: Project) -> dict:
    seeds = sorted({c.seed for q in bank.questions for c in q.sources})
    seed_keys = {name: i for i, name in enumerate(seeds)}
    pages = source_pages(project.seeds)
    return {
        "bank": bank.name,
        "project": project.name,
        "sources": [
            {"title": project.seeds[name].title if name in project.seeds else name,
             "href": "../" + pages.get(name, f"sources/{name}.html")}
            for name in seeds
        ],
        "foldDiacritics": settings(project).diacritics,
        "questions": [question_data(q, seed_keys=seed_keys, project=project, seeds=project.seeds)
                      for q in bank.questions],
    }


def asset(ctx: RenderContext, name: str) -> Markup:
    """A built-in (or project-overridden) CSS or JS file, to inline verbatim into the page."""
    text = ctx.env.loader.get_source(ctx.env, name)[0]
    # Our own code, not user text; but a stray "</style" or "</script" would end the element.
    closing = {"js": "</script", "css": "</style"}[name.rsplit(".", 1)[1]]
    if closing in text.lower():
        raise TemplateContentError(f"templates/{name}: contains `{closing}`, which would end the page's "
                                   f"<{closing[2:]}> element early; remove it")
    return Markup(text)


def render_bank(bank: Bank, *, project: Project, ctx: RenderContext) -> str:
    return ctx.env.get_template("quiz.html.j2").render(
        project=project,
        bank=bank,
        count=len(bank.questions),
        data_json=Markup(script_json(quiz_data(bank, project))),
        rules_json=Markup(script_json(rules_json())),
        css=asset(ctx, "quiz.css"),
        matcher=asset(ctx, "answers.js"),
        script=asset(ctx, "quiz.js"),
    )


def render(ctx: RenderContext):
    for bank in ctx.project.banks:
        yield f"{QUIZ_DIR}/{bank.name}.html", render_bank(bank, project=ctx.project, ctx=ctx).encode("utf-8")


FORMAT = Format("quiz", render, title="quiz/<bank>.html: the interactive quiz, one self-contained page per bank",
                handlers=HANDLERS, unsupported=UNSUPPORTED)
