"""The build's front page: every bank with its question count, and a link to every output."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..model import Project

if TYPE_CHECKING:
    from ..build import Context

# Output folder -> heading on the index page, in the order shown.
SECTIONS = {
    "quiz": "Interactive quizzes",
    "sources": "Source texts",
    "anki": "Anki decks",
    "print": "Printable forms",
    "lms": "LMS exports",
}


def render(project: Project, ctx: "Context", outputs: list[str]) -> dict[str, bytes]:
    banks = [
        {
            "bank": bank,
            "count": len(bank.questions),
            "types": Counter(q.type for q in bank.questions),
        }
        for bank in project.banks
    ]
    sections = []
    for folder, heading in SECTIONS.items():
        links = [p for p in outputs if p.startswith(folder + "/")]
        if links:
            sections.append({"heading": heading, "links": links})
    others = [p for p in outputs if "/" not in p]
    if others:
        sections.append({"heading": "Reports", "links": others})
    html = ctx.env.get_template("index.html.j2").render(
        project=project,
        banks=banks,
        total=sum(b["count"] for b in banks),
        sections=sections,
        seeds=[project.seeds[name] for name in sorted(project.seeds)],
    )
    return {"index.html": html.encode("utf-8")}
