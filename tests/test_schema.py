"""`citequiz schema`: every good bank validates against it, and the shape errors fail it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from citequiz.schema import bank_schema

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
GOOD = sorted([*ROOT.glob("questions/*.yaml"), *FIXTURES.glob("every-type/questions/*.yaml"),
               *FIXTURES.glob("fix/base/questions/*.yaml")])
# Bad fixtures whose every finding is about shape, which the schema can see (grounding, duplicate
# ids and YAML syntax need more than one file's structure).
SHAPE_RULES = {"unknown-key", "key-not-allowed", "missing-key", "wrong-type", "bad-value", "bad-id",
               "unknown-type", "choice-count", "pair-count", "bad-citation", "empty-bank", "not-a-mapping"}


def shape_only(expected: Path) -> bool:
    rules = {line.split("[", 1)[1].split("]", 1)[0] for line in expected.read_text().splitlines()}
    return bool(rules) and rules <= SHAPE_RULES


def load(path: Path):
    """The bank as the loader reads it (libyaml, where PyYAML has it)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


BAD = sorted(p for p in FIXTURES.glob("bad/banks/*.yaml") if shape_only(p.with_suffix(".expected")))


@pytest.fixture(scope="module")
def validator():
    schema = bank_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_cli_prints_the_schema():
    result = subprocess.run([sys.executable, "-m", "citequiz", "schema"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert json.loads(result.stdout) == bank_schema()


def test_there_are_banks_to_validate():
    assert len(GOOD) >= 2 and len(BAD) >= 8


@pytest.mark.parametrize("bank", GOOD, ids=[p.name for p in GOOD])
def test_good_banks_validate(validator, bank):
    errors = [e.message for e in validator.iter_errors(load(bank))]
    assert errors == []


@pytest.mark.parametrize("bank", BAD, ids=[p.stem for p in BAD])
def test_shape_errors_fail_the_schema(validator, bank):
    assert not validator.is_valid(load(bank))


def test_the_init_sample_validates(validator, tmp_path):
    from citequiz.init import init_project

    init_project(tmp_path / "new")
    for bank in (tmp_path / "new" / "questions").glob("*.yaml"):
        assert [e.message for e in validator.iter_errors(load(bank))] == []


def test_schema_knows_every_field():
    from citequiz import fields, types

    question = bank_schema()["$defs"]["question"]
    assert set(question["properties"]) == set(types.QUESTION_KEYS)
    assert set(bank_schema()["properties"]) == set(fields.BANK_KEYS)
