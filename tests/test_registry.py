"""Question types and output formats are registered units: every output format has a handler for
every question type, or declares the type unsupported with a reason. Nothing falls through to
another type's branch."""

from __future__ import annotations

from pathlib import Path

import pytest

from citequiz import types
from citequiz.render import anki, gift, print_items, qti, quiz, tabular

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "every-type"

# Each format's per-type table. The quiz page's script has its own (checked in the browser below).
TABLES = {"quiz": quiz, "anki": anki, "print": print_items, "gift": gift, "qti": qti, "csv": tabular}


def unhandled(module, names) -> list[str]:
    """The types a format module neither handles nor declares unsupported with a reason, and
    those it does both for."""
    problems = []
    for name in names:
        handled, reason = name in module.HANDLERS, module.UNSUPPORTED.get(name)
        if handled == bool(reason):
            problems.append(name)
    return problems


@pytest.mark.parametrize("fmt", sorted(TABLES))
def test_every_type_is_handled_or_declared_unsupported(fmt):
    module = TABLES[fmt]
    assert unhandled(module, types.NAMES) == []
    assert set(module.HANDLERS) | set(module.UNSUPPORTED) <= set(types.NAMES), "a handler for no type"


def test_a_type_without_a_handler_is_caught():
    # The check itself can fail: a type that no table knows is reported for every format.
    for module in TABLES.values():
        assert unhandled(module, [*types.NAMES, "essay"]) == ["essay"]


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
