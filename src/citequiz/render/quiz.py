"""Stage 4 renderer: the interactive quiz, one self-contained HTML file per bank.

`build/quiz/<bank>.html` carries its CSS, its script and the bank's questions as JSON inside the
page: no network, no CDN, so it opens by double-clicking and serves from any static host. The
script builds the questions from the JSON with text nodes, except the `*_html` fields that the
markup module rendered from Markdown (escaped text and its own elements only), so a `<script>`
in a prompt shows as text. Math is MathML and images are data URIs: the page stays one file.
Typed answers are judged by the answer matcher (`citequiz.answers`, docs/answers.md): each typed
slot is compiled here, at build time (accepted keys, acronym and date forms, the words a typo may
not produce), and the page's `answers.js` folds what the learner types and compares it with that
data, using the matcher's own tables.

The answers can be read from the file; the page says so. It is for practice, not for grading.
"""

from __future__ import annotations

import hashlib
import json
from markupsafe import Markup

from ..answers import compile_question, settings
from ..answers.tables import rules_json
from ..errors import TemplateContentError
from ..markup import PAGE
from ..markup.code import css as code_css
from ..markup.content import PLAIN, Content, content_of
from ..model import Bank, Project, Question
from ..types import order as order_type
from .context import Format, RenderContext
from .links import source_pages

QUIZ_DIR = "quiz"
# What `json.dumps` may emit that a <script> element or an HTML parser would act on. Escaping
# every `<` rules out `</script>` and `<!--` alike; U+2028/9 are line ends to old JS parsers.
# (str.replace, not str.translate: on the megabytes of a large bank it is many times faster, and
# no replacement brings back a character another one removes.)
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(data: object) -> str:
    """JSON that is safe verbatim inside `<script type="application/json">`."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _SCRIPT_SAFE:
        text = text.replace(char, escaped)
    return text


def cloze_parts(text: str, content: Content = PLAIN, slots: list[dict] | None = None) -> list:
    """A cloze text as alternating plain strings and deletions `{"n", "hint", "answer", "slot"}`
    (texts as displayed, markup stripped), `slot` being the deletion's compiled answer slot
    (`slots`, in the order of the deletions)."""
    parts, k = [], 0
    for part in content.cloze_segments(text):
        if isinstance(part, str):
            parts.append(part)
            continue
        item = {"n": part.number, "answer": content.plain(part.answer, inline=True),
                "hint": content.plain(part.hint, inline=True) if part.hint else ""}
        if slots is not None:
            item["slot"] = slots[k]
        k += 1
        parts.append(item)
    return parts


# What each question type gives the page's script (beside id, type, explanation, quote and
# sources): answers as choice indices (mcq, multi), true/false (tf), compiled answer slots (short,
# cloze), the pairs (match) or the items (order) in their right order. The script has the
# matching handler table. Texts are given as displayed (markup stripped); a text with markup
# also gets a `*_html` twin, rendered by the markup module alone (see `_rich`), which the script
# inserts as HTML.
def _choice(q: Question, c: Content, project: Project) -> dict:
    wanted = {q.answer} if q.type == "mcq" else set(q.answers)
    data = {"prompt": c.plain(q.prompt or ""), "choices": [c.plain(x, inline=True) for x in q.choices],
            "correct": [i for i, x in enumerate(q.choices) if x in wanted],
            **_rich(c, prompt=q.prompt), **_rich_list(c, "choices", q.choices)}
    if not q.shuffle:
        data["shuffle"] = False  # the author fixed the order: every learner sees the bank's
    return data


def _tf(q: Question, c: Content, project: Project) -> dict:
    return {"prompt": c.plain(q.prompt or ""), "correct": bool(q.answer), **_rich(c, prompt=q.prompt)}


def _short(q: Question, c: Content, project: Project) -> dict:
    # The answer is typed, so it is plain text, never Markdown.
    return {"prompt": c.plain(q.prompt or ""), "answer": str(q.answer), "slot": compile_question(q, project)[0],
            **_rich(c, prompt=q.prompt)}


def _blank(k: int, deletion, answer_html: str, hint_html: str | None) -> str:
    """Where quiz.js puts the input for blank k of a rendered cloze."""
    return f'<span class="cq-blank" data-blank="{k}"></span>'


def _cloze(q: Question, c: Content, project: Project) -> dict:
    out = {"parts": cloze_parts(q.text or "", c, compile_question(q, project))}
    if c.needs_html(q.text or ""):
        out["html"] = c.cloze_html(q.text or "", PAGE, _blank)
        out["answers_html"] = [c.html(d.answer, PAGE, inline=True) for d in q.deletions]
    return out


def _match(q: Question, c: Content, project: Project) -> dict:
    return {"prompt": c.plain(q.prompt or ""), "left": [c.plain(p.left, inline=True) for p in q.pairs],
            "right": [c.plain(p.right, inline=True) for p in q.pairs], **_rich(c, prompt=q.prompt),
            **_rich_list(c, "left", [p.left for p in q.pairs]), **_rich_list(c, "right", [p.right for p in q.pairs])}


def _rich(c: Content, **texts: str | None) -> dict:
    """`<key>_html` for each block text that has markup."""
    return {f"{key}_html": c.html(text, PAGE) for key, text in texts.items() if text and c.needs_html(text)}


def _rich_list(c: Content, key: str, texts) -> dict:
    """`<key>_html` for a list of inline texts, if any of them has markup."""
    if not any(c.needs_html(t, inline=True) for t in texts):
        return {}
    return {f"{key}_html": [c.html(t, PAGE, inline=True) for t in texts]}


def _order(q: Question, c: Content, project: Project) -> dict:
    # `start`: the shuffled order every output shows (the page reshuffles with a ?seed=).
    # The items are plain text (the order type's Markdown is its prompt).
    return {"prompt": c.plain(q.prompt or ""), "items": list(q.items),
            "start": [q.items.index(item) for item in order_type.shuffled(q)], **_rich(c, prompt=q.prompt)}


HANDLERS = {"mcq": _choice, "multi": _choice, "tf": _tf, "short": _short, "cloze": _cloze, "match": _match,
            "order": _order}
UNSUPPORTED: dict[str, str] = {}
# Rendered twins, left out of the fingerprint `v`: it stays what is asked and answered.
_HTML_KEYS = ("prompt_html", "choices_html", "left_html", "right_html", "html", "answers_html", "explanation_html")


def _page(seed, c) -> list[str]:
    """[the page label] of a citation of a seed imported from a PDF, else []."""
    label = seed.page_label([(c.first, c.last)]) if seed is not None else None
    return [label] if label else []


def question_data(question: Question, *, seed_keys: dict[str, int], project: Project | None = None,
                  seeds: dict | None = None, content: Content = PLAIN) -> dict:
    """One question as the page's script reads it (`project`: needed by typed answers, whose
    slots are compiled from it)."""
    seeds = seeds or {}
    content = content.for_question(question)
    q: dict = {"id": question.id, "type": question.type, **HANDLERS[question.type](question, content, project)}
    if question.explanation:
        q["explanation"] = content.plain(question.explanation)
        q.update(_rich(content, explanation=question.explanation))
    if question.quote:
        q["quote"] = question.quote
    # A fingerprint of what is asked and answered: progress a learner saved for an older version
    # of the question (other choices, another answer) is dropped rather than judged against it,
    # and the question's spaced-review schedule starts afresh (schedule.js).
    q["v"] = version_hash({k: v for k, v in q.items() if k not in _HTML_KEYS})
    # Not part of the fingerprint: where the answer stands and how the question is filed.
    q["cite"] = [[seed_keys[c.seed], c.first, c.last] + _page(seeds.get(c.seed), c) for c in question.sources]
    if question.tags:
        q["tags"] = list(question.tags)
    return q


def version_hash(asked: dict) -> str:
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode("utf-8")).hexdigest()[:8]


def question_versions(project: Project) -> dict[str, str]:
    """Each question's version hash, as the quiz page stores it with a learner's progress."""
    content = content_of(project)
    return {q.id: question_data(q, seed_keys={c.seed: 0 for c in q.sources}, project=project, content=content)["v"]
            for bank in project.banks for q in bank.questions}


def quiz_data(bank: Bank, project: Project) -> dict:
    return {"bank": bank.name, **_page_data(bank.questions, project, base="../")}


def review_data(project: Project) -> dict:
    """Every question of every bank, for the combined review page `review.html` beside index.html."""
    data = _page_data([q for b in project.banks for q in b.questions], project, base="", with_bank=True)
    data["review"] = True
    data["bank"] = REVIEW_PAGE.removesuffix(".html")
    data["banks"] = [{"name": b.name, "title": b.title, "href": f"{QUIZ_DIR}/{b.name}.html"} for b in project.banks]
    return data


def _page_data(questions, project: Project, *, base: str, with_bank: bool = False) -> dict:
    seeds = sorted({c.seed for q in questions for c in q.sources})
    seed_keys = {name: i for i, name in enumerate(seeds)}
    pages = source_pages(project.seeds)
    content = content_of(project)
    items = []
    for q in questions:
        item = question_data(q, seed_keys=seed_keys, project=project, seeds=project.seeds, content=content)
        if with_bank:
            item["bank"] = q.bank
        items.append(item)
    return {
        "project": project.name,
        "sources": [
            {"title": project.seeds[name].title if name in project.seeds else name,
             "href": base + pages.get(name, f"sources/{name}.html")}
            for name in seeds
        ],
        "foldDiacritics": settings(project).diacritics,
        "questions": items,
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


# The page's scripts, inlined in this order, each in its own <script> element: the vendored
# scheduler (templates/vendor/README.md says where it comes from), the learner's stored progress,
# the schedule rules, the answer matcher, the questions, and the page around them.
SCRIPTS = ("vendor/ts-fsrs.umd.js", "progress.js", "schedule.js", "answers.js", "quiz.js", "study.js")


def _render_page(ctx: RenderContext, *, project: Project, data: dict, title: str, description: str | None,
                 count: int, index_href: str, review: bool) -> str:
    css = asset(ctx, "quiz.css")
    if 'class="cq-code"' in script_json([[q.get(k) for k in _HTML_KEYS] for q in data["questions"]]):
        css += Markup(code_css())  # Pygments' light and dark CSS, only where code is shown
    return ctx.env.get_template("quiz.html.j2").render(
        project=project,
        title=title,
        description=description,
        count=count,
        index_href=index_href,
        review=review,
        data_json=Markup(script_json(data)),
        rules_json=Markup(script_json(rules_json())),
        css=css,
        scripts=[asset(ctx, name) for name in SCRIPTS],
    )


def render_bank(bank: Bank, *, project: Project, ctx: RenderContext) -> str:
    return _render_page(ctx, project=project, data=quiz_data(bank, project), title=bank.title,
                        description=bank.description, count=len(bank.questions), index_href="../index.html",
                        review=False)


def render_review(project: Project, ctx: RenderContext) -> str:
    """The combined review page: the questions due today from every bank, as one round."""
    data = review_data(project)
    return _render_page(ctx, project=project, data=data, title="Review due questions",
                        description=f"The questions of every quiz in {project.title} that are due for review today.",
                        count=len(data["questions"]), index_href="index.html", review=True)


REVIEW_PAGE = "review.html"


def render(ctx: RenderContext):
    for bank in ctx.project.banks:
        yield f"{QUIZ_DIR}/{bank.name}.html", render_bank(bank, project=ctx.project, ctx=ctx).encode("utf-8")
    if ctx.project.banks:
        yield REVIEW_PAGE, render_review(ctx.project, ctx).encode("utf-8")


FORMAT = Format("quiz", render, title="quiz/<bank>.html: the interactive quiz, one self-contained page per bank; "
                "review.html: the questions due for review from every bank",
                handlers=HANDLERS, unsupported=UNSUPPORTED)
