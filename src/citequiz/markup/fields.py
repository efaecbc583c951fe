"""Which fields of a question are Markdown: its type's `markdown` table, and the explanation."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Pos, Question

_KINDS: dict[str, tuple[tuple[str, bool], ...]] = {}  # type -> ((key, inline), ...), once per type


def markdown_table(qtype: str) -> dict[str, str]:
    """key -> "block" | "inline" for every Markdown key of a question type, the explanation
    included; a type no module defines yet has a Markdown prompt, as every type does."""
    from .. import types  # the registry imports the model and reader, never this module

    known = types.TYPES.get(qtype)
    return {**(known.markdown if known else {"prompt": "block"}), "explanation": "block"}


def _kinds(qtype: str) -> tuple[tuple[str, bool], ...]:
    found = _KINDS.get(qtype)
    if found is None:
        # `answer`/`answers` of mcq and multi are the same texts as some of the choices.
        found = _KINDS[qtype] = tuple((k, v == "inline") for k, v in markdown_table(qtype).items()
                                      if k not in ("answer", "answers"))
    return found


def rich_texts(q: Question) -> Iterator[tuple[str, bool]]:
    """(text, inline) for every Markdown field of a question, without positions (fast)."""
    for key, inline in _kinds(q.type):
        value = getattr(q, key, None)
        if isinstance(value, str):
            if value:
                yield value, inline
        elif value:
            for item in value:
                if isinstance(item, str):
                    yield item, inline
                else:  # a match pair
                    yield item.left, inline
                    yield item.right, inline


def rich_fields(q: Question) -> Iterator[tuple[str, str, bool, Pos]]:
    """(key, text, inline, where) for every Markdown field of a question: its type's
    `markdown` keys, then the explanation."""
    for key, inline in _kinds(q.type):
        value = getattr(q, key, None)
        if isinstance(value, str) and value:
            yield key, value, inline, q.at(key)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield key, item, inline, q.at(key, i)
                else:  # a match pair
                    yield key, item.left, inline, item.pos
                    yield key, item.right, inline, item.pos
