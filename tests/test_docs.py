"""README is a new user's way in; docs/ is the reference, and must document every command and rule."""

from __future__ import annotations

import re
from pathlib import Path

from citequiz.cli import make_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))}
RULES = DOCS["rules.md"]


def commands() -> list[str]:
    sub = next(a for a in make_parser()._actions if a.dest == "command")
    return sorted(sub.choices)


def code_blocks(text: str) -> list[list[str]]:
    return [[line.split("#")[0].strip() for line in block.strip().splitlines()]
            for lang, block in re.findall(r"^```(\w*)\n(.*?)^```", text, re.DOTALL | re.MULTILINE)
            if lang in ("", "bash")]


def test_readme_opens_with_install_then_init_then_the_two_commands():
    blocks = code_blocks(README)
    assert blocks[0][0].startswith("pipx install citequiz")
    assert blocks[1][0].startswith("citequiz init ")
    assert ["make quiz", "make test"] in blocks
    assert len(README.splitlines()) <= 200


def test_readme_links_every_docs_page():
    missing = [name for name in DOCS if f"(docs/{name})" not in README]
    assert not missing, f"README does not link: {missing}"


def test_docs_document_every_command():
    missing = [name for name in commands() if f"## `citequiz {name}`" not in DOCS["commands.md"]
               and f"## Editor support: `citequiz {name}`" not in DOCS["commands.md"]]
    assert not missing, f"docs/commands.md has no section for: {missing}"


def test_docs_list_every_check_rule():
    fixtures = Path(__file__).parent / "fixtures" / "bad" / "banks"
    rules = {line.split("[", 1)[1].split("]", 1)[0]
             for f in fixtures.glob("*.expected") for line in f.read_text().splitlines()}
    missing = sorted(rule for rule in rules if f"`{rule}`" not in RULES)
    assert not missing, f"docs/rules.md lacks: {missing}"


def test_docs_list_every_rule_the_code_can_report():
    """Every rule name passed to error()/warning() in the source has a row in docs/rules.md."""
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
    missing = sorted(rule for rule in rules if f"`{rule}`" not in RULES)
    assert not missing, f"docs/rules.md lacks: {missing}"
