"""Stage 4 renderer: the source reader, one readable page per seed.

`build/sources/<seed-stem>.html` shows every line of a seed, numbered and addressable as `#L<n>`
(or a range, `#L3-L5`); the targeted lines are highlighted on arrival. Every line some question
cites carries a margin mark linking back to those questions in the quiz pages. A seed whose
reader renders its markup (Markdown) is shown block by block instead, each block numbered by
its lines and every line still holding its `#L<n>` anchor; a seed imported from a PDF shows the
page of each line. Arriving from a question's feedback (`?q=<id>#L3`), the reader marks the
question's quote inside a plain-text line with `<mark>` and offers a link back to the question.
"""

from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup

from ..coverage import citing
from ..errors import TemplateContentError
from ..model import Project, Seed
from ..readers import reader_for
from .context import Format, RenderContext
from .links import quiz_page, source_pages
from .quiz import script_json



def citing_questions(project: Project) -> dict[str, dict[int, list[dict]]]:
    """seed name -> line -> the questions citing that line (bank order, each once), as link records."""
    where = {q.id: (bank, number) for bank in project.banks for number, q in enumerate(bank.questions, 1)}

    def record(q) -> dict:
        bank, number = where[q.id]
        return {"id": q.id, "bank": bank, "number": number, "href": "../" + quiz_page(q)}

    return {seed: {line: [record(q) for q in qs] for line, qs in lines.items()}
            for seed, lines in citing(project).items()}


def arrivals(project: Project) -> dict[str, dict[str, dict]]:
    """seed name -> question id -> what the reader shows on arrival from that question's feedback
    (`?q=<id>#L3`): a link back to it, and its quote to mark within the cited lines."""
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for bank in project.banks:
        for number, question in enumerate(bank.questions, 1):
            for citation in question.sources:
                entry = found[citation.seed].setdefault(question.id, {
                    "n": number, "bank": bank.title, "href": "../" + quiz_page(question), "lines": []})
                entry["lines"].append([citation.first, citation.last])
                if question.quote:
                    entry["quote"] = question.quote
    return found


def render_seed(seed: Seed, *, marks: dict[int, list[dict]], arriving: dict[str, dict], ctx: RenderContext) -> str:
    lines = [
        {"n": n, "text": text, "marks": marks.get(n, ()), "page": seed.page_of(n)}
        for n, text in enumerate(seed.lines, 1)
    ]
    script = ctx.env.loader.get_source(ctx.env, "source.js")[0]
    if "</script" in script.lower():
        raise TemplateContentError("templates/source.js: contains `</script`, which would end the page's "
                                   "<script> element early; remove it")
    return ctx.env.get_template("source.html.j2").render(
        seed=seed,
        lines=lines,
        blocks=_blocks(seed, marks),
        pages=any(line["page"] is not None for line in lines),
        cited=sum(1 for line in lines if line["marks"]),
        data_json=Markup(script_json({"lines": len(seed.lines), "questions": arriving})),
        script=Markup(script),
    )


def _blocks(seed: Seed, marks: dict[int, list[dict]]) -> list[dict] | None:
    """The rendered blocks of a seed whose reader renders markup, each with the marks of the
    questions citing any of its lines (once each); None for a seed shown line by line."""
    blocks = getattr(reader_for(seed.name), "blocks", None)
    if blocks is None:
        return None
    out = []
    for block in blocks(seed):
        seen, block_marks = set(), []
        for n in range(block.first, block.last + 1):
            for m in marks.get(n, ()):
                if m["id"] not in seen:
                    seen.add(m["id"])
                    block_marks.append(m)
        shown = block.last
        while shown > block.first and not seed.lines[shown - 1].strip():
            shown -= 1  # a block owns the blank lines after it, but is numbered by its text
        out.append({"first": block.first, "last": shown, "html": block.html, "marks": block_marks})
    return out


def render(ctx: RenderContext):
    project = ctx.project
    marks = citing_questions(project)
    arriving = arrivals(project)
    pages = source_pages(project.seeds)
    for name, seed in sorted(project.seeds.items()):
        yield pages[name], render_seed(seed, marks=marks.get(name, {}), arriving=arriving.get(name, {}),
                                       ctx=ctx).encode("utf-8")


FORMAT = Format("sources", render, title="sources/<seed>.html: the source reader, lines addressable as #L3")
