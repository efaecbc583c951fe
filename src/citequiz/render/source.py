"""Stage 4 renderer: the source reader, one readable page per seed.

`build/sources/<seed-stem>.html` shows every line of a seed, numbered and addressable as `#L<n>`
(or a range, `#L3-L5`); the targeted lines are highlighted on arrival. Every line some question
cites carries a margin mark linking back to those questions in the quiz pages.
"""

from __future__ import annotations

from collections import defaultdict
from markupsafe import Markup

from ..errors import TemplateContentError
from ..model import Project, Seed
from .context import Format, RenderContext
from .links import quiz_page, source_pages



def citing_questions(project: Project) -> dict[str, dict[int, list[dict]]]:
    """seed name -> line -> the questions citing that line (bank order), as link records."""
    marks: dict[str, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for bank in project.banks:
        for number, question in enumerate(bank.questions, 1):
            for citation in question.sources:
                for line in range(citation.first, citation.last + 1):
                    marks[citation.seed][line].append({
                        "id": question.id,
                        "bank": bank,
                        "number": number,
                        "href": "../" + quiz_page(question),
                    })
    return marks


def render_seed(seed: Seed, *, marks: dict[int, list[dict]], ctx: RenderContext) -> str:
    lines = [
        {"n": n, "text": text, "marks": marks.get(n, ())}
        for n, text in enumerate(seed.lines, 1)
    ]
    script = ctx.env.loader.get_source(ctx.env, "source.js")[0]
    if "</script" in script.lower():
        raise TemplateContentError("templates/source.js: contains `</script`, which would end the page's "
                                   "<script> element early; remove it")
    return ctx.env.get_template("source.html.j2").render(
        seed=seed,
        lines=lines,
        cited=sum(1 for line in lines if line["marks"]),
        script=Markup(script),
    )


def render(ctx: RenderContext):
    project = ctx.project
    marks = citing_questions(project)
    pages = source_pages(project.seeds)
    for name, seed in sorted(project.seeds.items()):
        yield pages[name], render_seed(seed, marks=marks.get(name, {}), ctx=ctx).encode("utf-8")


FORMAT = Format("sources", render, title="sources/<seed>.html: the source reader, lines addressable as #L3")
