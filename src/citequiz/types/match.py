"""match: pair each left-hand item with its right-hand item (3-8 pairs)."""

from __future__ import annotations

from yaml.nodes import SequenceNode

from ..answers import syntax as answer_syntax
from ..errors import error, quoted
from ..model import Pair, Question
from ..normalize import normalize
from ..reader import Fields
from ..yamlsrc import kind
from .base import TEXT_SCHEMA, Grounded, QuestionType

MIN_PAIRS, MAX_PAIRS = 3, 8
PAIR_KEYS = ("left", "right")
PAIR_OPTIONAL = ("accept", "reject")  # other typed forms of `right`, and near misses to refuse


def parse(f: Fields) -> dict:
    pairs = _pairs(f) if f.node("pairs") is not None else ()
    if f.node("pairs") is not None and not pairs:
        f.fail()
    return {"prompt": f.text("prompt"), "pairs": pairs}


def _pairs(f: Fields) -> tuple[Pair, ...]:
    node, r = f.node("pairs"), f.reader
    if not isinstance(node, SequenceNode):
        r.err(node, "wrong-type", f"`pairs` must be a list of {{left, right}}, found {kind(node)}")
        return ()
    pairs, ok = [], True
    for item in node.value:
        entries = r.mapping(item, "a pair")
        if entries is None:
            ok = False
            continue
        r.unknown_keys(entries, PAIR_KEYS + PAIR_OPTIONAL, "a pair")
        forms = [answer_syntax.list_forms(r, entries[key][1] if key in entries else None, key)
                 for key in PAIR_OPTIONAL]
        sides = []
        for key in PAIR_KEYS:
            if key not in entries:
                r.err(item, "missing-key", f"the pair has no `{key}`")
                sides.append(None)
            else:
                sides.append(r.text(entries[key][1], key))
        if None in sides or None in forms:
            ok = False
            continue
        pairs.append(Pair(sides[0], sides[1], r.pos(item), accept=forms[0], reject=forms[1]))
    if not ok:
        return ()
    if not MIN_PAIRS <= len(pairs) <= MAX_PAIRS:
        r.err(node, "pair-count", f"a match question needs {MIN_PAIRS}-{MAX_PAIRS} pairs, found {len(pairs)}")
        return ()
    for side in PAIR_KEYS:
        seen: dict[str, Pair] = {}
        for pair in pairs:
            key = normalize(getattr(pair, side))
            if key in seen:
                r.findings.append(_duplicate(pair, side, seen[key]))
                ok = False
            seen[key] = pair
    return tuple(pairs) if ok else ()


def _duplicate(pair: Pair, side: str, first: Pair):
    return error(pair.pos, "duplicate-pair",
                 f"{side} side {quoted(getattr(pair, side))} repeats the pair at line {first.pos.line}",
                 "each side of a match must be distinct")


def grounded(q: Question):
    for p in q.pairs:
        yield Grounded(f"match side {quoted(p.left)}", p.left, p.pos, "answer-not-in-source", True)
        yield Grounded(f"match side {quoted(p.right)}", p.right, p.pos, "answer-not-in-source", True)


TYPE = QuestionType(
    name="match",
    summary="pair each left-hand item with its right-hand item",
    keys={"prompt": "text", "pairs": "list of pairs"},
    required=("prompt", "pairs"),
    parse=parse,
    grounded=grounded,
    correct=lambda q: tuple(f"{p.left} → {p.right}" for p in q.pairs),
    hints={"pairs": "list 3-8 `{left: ..., right: ...}` pairs"},
    markdown={"prompt": "block", "pairs": "inline"},
    schema={"pairs": {"type": "array", "minItems": MIN_PAIRS, "maxItems": MAX_PAIRS,
                      "items": {"type": "object", "required": list(PAIR_KEYS), "additionalProperties": False,
                                "properties": {**{key: TEXT_SCHEMA for key in PAIR_KEYS},
                                               **{key: {"type": "array", "items": TEXT_SCHEMA}
                                                  for key in PAIR_OPTIONAL}}}}},
)
