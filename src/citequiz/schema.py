"""`citequiz schema`: the bank format as a JSON Schema, for editors (the YAML language server
gives completion and inline errors with it).

Generated from `fields` and the question types (the loader's own tables), so the schema and the
checker cannot drift apart. The schema covers the *shape* of a bank; grounding, duplicate ids and the like need the
seeds and the whole project, and stay with `citequiz check`.
"""

from __future__ import annotations

import json

from . import fields, types
from .model import ID_RE
from .types.base import TEXT_SCHEMA as TEXT

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://citequiz.invalid/schema/bank.json"

CITATION = {"type": "string", "pattern": r"^\s*.+?:[0-9]+(-[0-9]+)?\s*$",
            "description": "seed path relative to seeds/, then :LINE or :FIRST-LAST"}
SELECTOR_CITATION = {
    "type": "object", "required": ["at", "exact"], "additionalProperties": False,
    "description": "a citation with a quote selector (W3C TextQuoteSelector); `at` may leave out the lines",
    "properties": {"at": {"type": "string", "pattern": r"\S"}, "exact": TEXT, "prefix": TEXT, "suffix": TEXT},
}
TF_ANSWER = {"anyOf": [{"type": "boolean"},
                       {"type": "string", "pattern": r"^\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\s*$"}]}


def _kind(kind: str) -> dict:
    if kind in ("text", "cloze text"):
        return dict(TEXT)
    if kind == "list of text":
        return {"type": "array", "items": TEXT}
    if kind == "true or false":
        return TF_ANSWER
    if kind == "number":
        return {"type": "integer"}
    if kind == "citation or list of citations":
        one = {"anyOf": [CITATION, SELECTOR_CITATION]}
        return {"anyOf": [CITATION, SELECTOR_CITATION, {"type": "array", "items": one, "minItems": 1}]}
    if kind == "forms by deletion":  # a cloze's accept/reject: a list, or `{c1: [...], c2: [...]}`
        by_deletion = {"type": "object", "additionalProperties": False,
                       "patternProperties": {"^c[0-9]+$": {"type": "array", "items": TEXT}}}
        return {"anyOf": [{"type": "array", "items": TEXT}, by_deletion]}
    if kind == "list of pairs":
        return {"type": "array"}  # the match type gives the shape of a pair
    if kind == "list of questions":
        return {"type": "array", "items": {"$ref": "#/$defs/question"}, "minItems": 1}
    raise ValueError(f"no schema for the kind {kind!r}")  # a new kind of value needs one here


def _question() -> dict:
    props = {}
    for key, kinds in types.QUESTION_KEYS.items():
        props[key] = _kind(kinds[0]) if len(kinds) == 1 else {"anyOf": [_kind(k) for k in kinds]}
    props["id"] = {**props["id"], "pattern": "^" + ID_RE.pattern.removesuffix(r"\Z") + "$"}
    props["type"] = {"enum": list(types.NAMES)}
    props["difficulty"] = {"enum": list(fields.DIFFICULTIES)}
    per_type = []
    for name, t in types.TYPES.items():
        then: dict = {"required": list(types.required_keys(name)),
                      "propertyNames": {"enum": list(dict.fromkeys(types.allowed_keys(name)))},
                      "properties": {key: {**_kind(kind), **t.schema.get(key, {})} for key, kind in t.keys.items()}}
        per_type.append({"if": {"properties": {"type": {"const": name}}, "required": ["type"]}, "then": then})
    return {
        "type": "object",
        "required": list(fields.COMMON_REQUIRED),
        "propertyNames": {"enum": list(types.QUESTION_KEYS)},
        "properties": props,
        "allOf": per_type,
    }


def bank_schema() -> dict:
    props = {key: _kind(kind) for key, kind in fields.BANK_KEYS.items()}
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": "citequiz bank",
        "description": "One bank of questions (questions/<bank>.yaml); every answer must stand at its cited "
                       "lines, which `citequiz check` proves.",
        "type": "object",
        "required": list(fields.BANK_REQUIRED),
        "propertyNames": {"enum": list(fields.BANK_KEYS)},
        "properties": props,
        "$defs": {"question": _question()},
    }


def schema_json() -> str:
    return json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"
