"""The build's front page: every bank with its question count, and a link to every output."""

from __future__ import annotations

from collections import Counter
from .context import Format, RenderContext

# Output folder -> heading on the index page, in the order shown.
SECTIONS = {
    "quiz": "Interactive quizzes",
    "sources": "Source texts",
    "anki": "Anki decks",
    "print": "Printable forms",
    "lms": "LMS exports",
}


def render(ctx: RenderContext) -> dict[str, bytes]:
    project, outputs = ctx.project, ctx.outputs
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
    plugins = [p for p in outputs if "/" in p and p.split("/", 1)[0] not in SECTIONS]
    if plugins:  # formats installed beside citequiz
        sections.append({"heading": "Other outputs", "links": plugins})
    html = ctx.env.get_template("index.html.j2").render(
        project=project,
        banks=banks,
        total=sum(b["count"] for b in banks),
        sections=sections,
        seeds=[project.seeds[name] for name in sorted(project.seeds)],
    )
    return {"index.html": html.encode("utf-8")}


# Rendered last, with `ctx.outputs` (every other format's paths), and never switched off.
FORMAT = Format("index", render, title="index.html: every bank and a link to every output")
