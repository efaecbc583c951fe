"""Question types and output formats are registered units: every output format has a handler for
every question type, or declares the type unsupported with a reason. Nothing falls through to
another type's branch."""

from __future__ import annotations

from pathlib import Path

import pytest

from citequiz import types
from citequiz.check import check_project
from citequiz.load import load_project
from citequiz.render import registry
from citequiz.render.context import Format

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "every-type"

# Each per-type format's table. The quiz page's script has its own (checked in the browser below).
TABLES = {f.name: f for f in registry.BUILTIN if f.handlers is not None}
# Formats that do not depend on the question type (they show ids, prompts or citations only).
GENERIC = {"sources", "coverage"}


def unhandled(fmt, names) -> list[str]:
    """The types a format neither handles nor declares unsupported with a reason, and those it
    does both for."""
    problems = []
    for name in names:
        handled, reason = name in fmt.handlers, fmt.unsupported.get(name)
        if handled == bool(reason):
            problems.append(name)
    return problems


def test_the_per_type_formats():
    assert sorted(TABLES) == ["anki", "csv", "gift", "moodle-xml", "print", "qti", "qti21", "quiz"]
    assert {f.name for f in registry.BUILTIN} - set(TABLES) == GENERIC


@pytest.mark.parametrize("fmt", sorted(TABLES))
def test_every_type_is_handled_or_declared_unsupported(fmt):
    f = TABLES[fmt]
    assert unhandled(f, types.NAMES) == []
    assert set(f.handlers) | set(f.unsupported) <= set(types.NAMES), "a handler for no type"


def test_a_type_without_a_handler_is_caught():
    # The check itself can fail: a type that no table knows is reported for every format.
    for f in TABLES.values():
        assert unhandled(f, [*types.NAMES, "essay"]) == ["essay"]


def test_check_warns_where_an_enabled_format_cannot_express_a_type(monkeypatch):
    fmt = Format("chat", lambda ctx: {}, handlers={}, unsupported={"match": "a chat cannot draw a table"})
    monkeypatch.setattr(registry, "BUILTIN", (*registry.BUILTIN, fmt))
    project, _ = load_project(FIXTURE)
    found = [str(f) for f in check_project(project) if f.rule == "format-cannot-express"]
    assert found == ["questions/every-type.yaml:47:5: warning[format-cannot-express]: the chat format leaves out "
                     "1 match question of this bank: a chat cannot draw a table; switch it off with "
                     "`[formats] chat = false` if you do not need it"]


def test_every_type_has_a_module_with_its_parts():
    for name, t in types.TYPES.items():
        assert t.name == name and t.summary and set(t.required) <= set(t.keys)
        assert callable(t.parse) and callable(t.grounded) and callable(t.correct)


@pytest.mark.browser
def test_the_quiz_script_has_a_handler_for_every_type(tmp_path, page):
    from citequiz.build import render_all
    from citequiz.load import load_project

    project, _ = load_project(FIXTURE)
    (tmp_path / "quiz").mkdir()
    (tmp_path / "quiz" / "every-type.html").write_bytes(render_all(project)["quiz/every-type.html"])
    page.goto((tmp_path / "quiz" / "every-type.html").as_uri())
    assert sorted(page.evaluate("window.citequiz.types")) == sorted(types.NAMES)
