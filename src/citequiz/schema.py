"""`citequiz schema`: the bank format as a JSON Schema, for editors (the YAML language server
gives completion and inline errors with it).

Generated from `fields` (the loader's own table), so the schema and the checker cannot drift
apart. The schema covers the *shape* of a bank; grounding, duplicate ids and the like need the
seeds and the whole project, and stay with `citequiz check`.
"""

from __future__ import annotations

import json

from . import fields
from .model import CLOZE_RE, ID_RE, QUESTION_TYPES

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://citequiz.invalid/schema/bank.json"

# Non-blank text; a bare number is read as written (answer: 1974 means "1974").
TEXT = {"type": ["string", "number"], "pattern": r"\S"}
CITATION = {"type": "string", "pattern": r"^\s*.+?:[0-9]+(-[0-9]+)?\s*$",
            "description": "seed path relative to seeds/, then :LINE or :FIRST-LAST"}
TF_ANSWER = {"anyOf": [{"type": "boolean"},
                       {"type": "string", "pattern": r"^\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\s*$"}]}


def _kind(kind: str) -> dict:
    if kind == "text":
        return dict(TEXT)
    if kind == "list of text":
        return {"type": "array", "items": TEXT}
    if kind == "number":
        return {"type": "integer"}
    if kind == "citation or list of citations":
        return {"anyOf": [CITATION, {"type": "array", "items": CITATION, "minItems": 1}]}
    if kind == "list of pairs":
        pair = {"type": "object", "required": list(fields.PAIR_KEYS), "additionalProperties": False,
                "properties": {key: TEXT for key in fields.PAIR_KEYS}}
        return {"type": "array", "items": pair, "minItems": fields.MIN_PAIRS, "maxItems": fields.MAX_PAIRS}
    if kind == "list of questions":
        return {"type": "array", "items": {"$ref": "#/$defs/question"}, "minItems": 1}
    raise ValueError(f"no schema for the kind {kind!r}")  # a new kind in fields needs one here


def _question() -> dict:
    props = {key: _kind(kind) for key, kind in fields.QUESTION_KEYS.items()}
    props["id"] = {**props["id"], "pattern": "^" + ID_RE.pattern.removesuffix(r"\Z") + "$"}
    props["type"] = {"enum": list(QUESTION_TYPES)}
    props["difficulty"] = {"enum": list(fields.DIFFICULTIES)}
    props["choices"] = {**props["choices"], "minItems": fields.MIN_CHOICES, "maxItems": fields.MAX_CHOICES}
    props["answers"] = {**props["answers"], "minItems": 1}
    props["text"] = {**props["text"], "type": "string",
                     "pattern": CLOZE_RE.pattern.split("(.*?)")[0].replace(r"(\d+)", "[0-9]+")}
    per_type = []
    for qtype in QUESTION_TYPES:
        then: dict = {"required": list(fields.required_keys(qtype)),
                      "propertyNames": {"enum": list(fields.allowed_keys(qtype))}}
        if qtype == "tf":
            then["properties"] = {"answer": TF_ANSWER}
        elif "answer" in fields.allowed_keys(qtype):
            then["properties"] = {"answer": TEXT}
        per_type.append({"if": {"properties": {"type": {"const": qtype}}, "required": ["type"]}, "then": then})
    props["answer"] = {"anyOf": [TEXT, TF_ANSWER]}
    return {
        "type": "object",
        "required": list(fields.COMMON_REQUIRED),
        "propertyNames": {"enum": list(fields.QUESTION_KEYS)},
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
