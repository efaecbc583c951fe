"""Which fields of a question are Markdown: its type's `markdown` table, and the explanation."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Pos, Question


def rich_fields(q: Question) -> Iterator[tuple[str, str, bool, Pos]]:
    """(key, text, inline, where) for every Markdown field of a question: its type's
    `markdown` keys, then the explanation."""
    from .. import types  # the registry imports the model and reader, never this module

    kinds = {**types.get(q.type).markdown, "explanation": "block"}
    for key, kind in kinds.items():
        if key in ("answer", "answers"):
            continue  # the same texts as some of the choices, checked there
        value = getattr(q, key, None)
        inline = kind == "inline"
        if isinstance(value, str) and value:
            yield key, value, inline, q.at(key)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield key, item, inline, q.at(key, i)
                else:  # a match pair
                    yield key, item.left, inline, item.pos
                    yield key, item.right, inline, item.pos
