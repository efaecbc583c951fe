"""The authoring commands through the real entry point: each has --help text and a README row."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from citequiz.cli import make_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SUB = next(a for a in make_parser()._actions if a.dest == "command")
COMMANDS = sorted(SUB.choices)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_and_a_row_in_the_readme_table(name):
    helps = {a.dest: a.help for a in SUB._choices_actions}
    assert helps.get(name), f"`citequiz {name}` has no one-line help"
    result = subprocess.run([sys.executable, "-m", "citequiz", name, "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and result.stdout.startswith(f"usage: citequiz {name}")
    assert re.search(rf"^\| `citequiz {name}[ `]", README, re.MULTILINE), f"no README table row for {name}"


def test_docs_show_the_schema_modeline():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "commands.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=" in docs


def test_pre_commit_hook_runs_citequiz_check():
    import yaml

    hooks = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text())
    [hook] = [h for h in hooks if h["id"] == "citequiz-check"]
    assert hook["entry"] == "citequiz check" and hook["pass_filenames"] is False
    assert hook["language"] == "python"


def test_bad_port_is_a_usage_error():
    result = subprocess.run([sys.executable, "-m", "citequiz", "serve", "--port", "70000"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "not a port number" in result.stderr
