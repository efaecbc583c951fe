"""Stage 4 renderer: the source reader, one readable page per seed.

`build/sources/<seed-stem>.html` shows every line of a seed, numbered and addressable as `#L<n>`
(or a range, `#L3-L5`); the targeted lines are highlighted on arrival. Every line some question
cites carries a margin mark linking back to those questions in the quiz pages.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from markupsafe import Markup

from .links import quiz_page, source_pages
from ..model import Project, Seed

if TYPE_CHECKING:
    from ..build import Context



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


def render_seed(seed: Seed, *, marks: dict[int, list[dict]], ctx: "Context") -> str:
    lines = [
        {"n": n, "text": text, "marks": marks.get(n, ())}
        for n, text in enumerate(seed.lines, 1)
    ]
    script = ctx.env.loader.get_source(ctx.env, "source.js")[0]
    assert "</script" not in script.lower()
    return ctx.env.get_template("source.html.j2").render(
        seed=seed,
        lines=lines,
        cited=sum(1 for line in lines if line["marks"]),
        script=Markup(script),
    )


def render(project: Project, ctx: "Context") -> dict[str, bytes]:
    marks = citing_questions(project)
    pages = source_pages(project.seeds)
    return {
        pages[name]: render_seed(seed, marks=marks.get(name, {}), ctx=ctx).encode("utf-8")
        for name, seed in sorted(project.seeds.items())
    }
