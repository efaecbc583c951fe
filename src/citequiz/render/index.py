"""Stage 4 renderer: the build's front page, a landing page for learners and teachers.

Quizzes first (linked titles, question counts, and how many are due for review today, which a
small script reads from the learner's stored schedule), then the source texts, then the other
outputs (printouts, Anki decks, LMS files, reports) in a folded section.
"""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from ..model import Project
from .context import Format, RenderContext
from .links import source_pages
from .quiz import REVIEW_PAGE, asset, question_versions, script_json

# Output folder -> heading in the folded "other files" section, in the order shown. The quiz
# pages, the source readers and the review page are linked above it, by title.
SECTIONS = {
    "print": "Printable forms and answer keys",
    "anki": "Anki decks",
    "lms": "LMS exports (Moodle GIFT, Canvas QTI, CSV/TSV)",
}
LINKED_ABOVE = ("quiz/", "sources/", REVIEW_PAGE)


def index_data(project: Project) -> dict:
    """What the index's script needs to count due questions: each bank's ids and versions."""
    versions = question_versions(project)
    return {
        "project": project.name,
        "banks": [{"name": b.name, "questions": [{"id": q.id, "v": versions[q.id]} for q in b.questions]}
                  for b in project.banks],
    }


def render(ctx: RenderContext) -> dict[str, bytes]:
    project, outputs = ctx.project, ctx.outputs
    banks = [
        {
            "bank": bank,
            "count": len(bank.questions),
            "types": Counter(q.type for q in bank.questions),
            "href": f"quiz/{bank.name}.html",
        }
        for bank in project.banks
    ]
    sections = []
    for folder, heading in SECTIONS.items():
        links = [p for p in outputs if p.startswith(folder + "/")]
        if links:
            sections.append({"heading": heading, "links": links})
    others = [p for p in outputs if "/" not in p and not p.startswith(LINKED_ABOVE)]
    if others:
        sections.append({"heading": "Reports", "links": others})
    plugins = [p for p in outputs if "/" in p and p.split("/", 1)[0] not in (*SECTIONS, "quiz", "sources")]
    if plugins:  # formats installed beside citequiz
        sections.append({"heading": "Other outputs", "links": plugins})
    pages = source_pages(project.seeds)
    html = ctx.env.get_template("index.html.j2").render(
        project=project,
        banks=banks,
        total=sum(b["count"] for b in banks),
        sections=sections,
        seeds=[{"seed": project.seeds[name], "href": pages[name]} for name in sorted(project.seeds)],
        review_href=REVIEW_PAGE if REVIEW_PAGE in outputs else None,
        data_json=Markup(script_json(index_data(project))),
        scripts=[asset(ctx, "progress.js"), asset(ctx, "index.js")],
    )
    return {"index.html": html.encode("utf-8")}


# Rendered last, with `ctx.outputs` (every other format's paths), and never switched off.
FORMAT = Format("index", render, title="index.html: the landing page: quizzes with due counts, sources, other outputs")
