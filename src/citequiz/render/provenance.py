"""Stage 4 helpers — what an output says of a question's source, in one place for every renderer
that shows it (the Anki deck's Quote/Source/SourceLink fields, Moodle XML and QTI 2.1 feedback):
the evidence, a readable citation, and a link into the published source reader."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable

from .. import lines
from ..errors import error
from ..model import Citation, Project, Question
from .links import web_url
from .settings import Option, validate


def evidence(project: Project, q: Question) -> str:
    """The quote, or where a question has none, the cited lines themselves."""
    if q.quote:
        return q.quote
    texts = []
    for c in q.sources:
        seed = project.seeds.get(c.seed)
        if seed is not None:
            texts.append(" ".join(line.strip() for line in seed.plain[c.first - 1:c.last]))
    return " … ".join(t for t in texts if t)


def citation(project: Project, citations: tuple[Citation, ...]) -> str:
    """"Title, line 3", "Title, lines 3–5", "Title, lines 4 and 6; Other title, line 2"; for a
    seed imported from a PDF with the pages: "Title, p. 3, line 12"."""
    by_seed: dict[str, list[str]] = {}
    ranges: dict[str, list[tuple[int, int]]] = {}
    for c in citations:
        span = lines.span(c.first, c.last, dash="–")
        by_seed.setdefault(c.seed, []).append(span)
        ranges.setdefault(c.seed, []).append((c.first, c.last))
    parts = []
    for name, spans in by_seed.items():
        seed = project.seeds.get(name)
        title = seed.title if seed is not None else name
        page = seed.page_label(ranges[name]) if seed is not None else None
        word = "line" if len(spans) == 1 and "–" not in spans[0] else "lines"
        listed = spans[0] if len(spans) == 1 else ", ".join(spans[:-1]) + " and " + spans[-1]
        parts.append(f"{title}, {page + ', ' if page else ''}{word} {listed}")
    return "; ".join(parts)


def link(base_url: str, c: Citation, pages: dict[str, str]) -> str:
    """The cited lines in the HTML build's source reader, under the project's published URL (an
    http(s) URL: config.py refuses others); the page path percent-encoded."""
    page = pages.get(c.seed, f"sources/{c.stem}.html")
    return f"{base_url.rstrip('/')}/{urllib.parse.quote(page)}#{c.anchor}"


# The config table of a format that links sources (Moodle XML, QTI 2.1): where build/ is published.
SOURCE_URL_SCHEMA = {"source_url": Option(str, "", "text (a URL)")}


def source_url_settings(name: str) -> Callable:
    """A format's `settings` function for a table holding `source_url` (an http(s) URL or empty)."""

    def settings(table, *, locate, project=None):
        values, findings = validate(table, SOURCE_URL_SCHEMA, name=name, locate=locate, rule="config-format")
        url = values.source_url
        if url and not findings and not web_url(url):
            findings.append(error(locate(name, "source_url"), "config-format",
                                  f"`source_url` in [{name}] must be an http:// or https:// URL, not {url!r}",
                                  "the address where the HTML build is published, e.g. https://example.org/quiz"))
        return values, findings

    return settings
