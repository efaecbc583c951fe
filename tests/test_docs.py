"""README is the user's only guide: it must open with the two commands and document every command."""

from __future__ import annotations

import re
from pathlib import Path

from citequiz.cli import make_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    sub = next(a for a in make_parser()._actions if a.dest == "command")
    return sorted(sub.choices)


def test_readme_opens_with_the_two_commands():
    first_block = re.search(r"```(?:bash)?\n(.*?)```", README, re.DOTALL).group(1)
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()] == ["make quiz", "make test"]


def test_readme_documents_every_command():
    missing = [name for name in commands() if f"citequiz {name}" not in README]
    assert not missing, f"README does not document: {missing}"


def test_readme_lists_every_check_rule():
    fixtures = Path(__file__).parent / "fixtures" / "bad" / "banks"
    rules = {line.split("[", 1)[1].split("]", 1)[0]
             for f in fixtures.glob("*.expected") for line in f.read_text().splitlines()}
    missing = sorted(rule for rule in rules if f"`{rule}`" not in README)
    assert not missing, f"README's rule table lacks: {missing}"


def test_readme_lists_every_rule_the_code_can_report():
    """Every rule name passed to error()/warning() in the source has a row in README's table."""
    import ast

    src = Path(__file__).resolve().parents[1] / "src" / "citequiz"
    rules = set()
    for path in src.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None)
            name = getattr(name, "id", getattr(name, "attr", None))
            if isinstance(node, ast.Call) and name in ("error", "warning", "err") and len(node.args) >= 2:
                arg = node.args[1]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    rules.add(arg.value)
    assert len(rules) > 30
    missing = sorted(rule for rule in rules if f"`{rule}`" not in README)
    assert not missing, f"README's rule table lacks: {missing}"
