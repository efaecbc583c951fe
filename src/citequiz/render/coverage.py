"""build/coverage.html: each seed with a heat margin (lines coloured by how many questions cite
them), each line linking to the questions that cite it and to the source reader."""

from __future__ import annotations

from .. import types
from ..coverage import coverage
from .context import Format, RenderContext
from .links import quiz_page, source_pages

HEAT_LEVELS = 4  # 0, 1, 2, 3, and "4 or more" questions


def render(ctx: RenderContext) -> dict[str, bytes]:
    project = ctx.project
    report = coverage(project)
    html = ctx.env.get_template("coverage.html.j2").render(
        project=project,
        report=report,
        heat=lambda count: min(count, HEAT_LEVELS),
        questions=project.questions(),
        pages=source_pages(project.seeds),
        quiz_page=quiz_page,
        stem=types.stem,
        covered=sum(len(sc.covered) for sc in report),
        total=sum(len(sc.substantive) for sc in report),
    )
    return {"coverage.html": html.encode("utf-8")}


FORMAT = Format("coverage", render, title="coverage.html: which seed lines the questions cite")
