"""build/coverage.html: each seed with a heat margin (lines coloured by how many questions cite
them), each line linking to the questions that cite it and to the source reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import types
from ..coverage import coverage
from ..model import Project
from .links import quiz_page, source_pages

if TYPE_CHECKING:
    from ..build import Context

HEAT_LEVELS = 4  # 0, 1, 2, 3, and "4 or more" questions


def render(project: Project, ctx: "Context") -> dict[str, bytes]:
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
