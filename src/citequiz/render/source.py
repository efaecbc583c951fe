"""Stage 4 renderer: the source reader, one readable page per seed.

`build/sources/<seed-stem>.html` shows every line of a seed, numbered and addressable as `#L<n>`
(or a range, `#L3-L5`); the targeted lines are highlighted on arrival. Every line some question
cites carries a margin mark linking back to those questions in the quiz pages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..model import Project, Seed

if TYPE_CHECKING:
    from ..build import Context

SOURCES_DIR = "sources"


def source_pages(seed_names) -> dict[str, str]:
    """Each seed's reader page, relative to build/: `sources/<stem>.html`, as other outputs link it.

    Only where two seeds in different folders share a stem do their pages take the folders too,
    joined by `--` (`a/notes.txt` -> `sources/a--notes.html`), so no page overwrites another."""
    names = sorted(seed_names)
    stems = Counter(PurePosixPath(name).stem for name in names)
    pages = {}
    for name in names:
        path = PurePosixPath(name)
        if stems[path.stem] > 1:
            page = "--".join([*path.parent.parts, path.stem]) if str(path.parent) != "." else path.stem
        else:
            page = path.stem
        pages[name] = f"{SOURCES_DIR}/{page}.html"
    return pages


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
                        "href": f"../quiz/{bank.name}.html#q-{question.id}",
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
