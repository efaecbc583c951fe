"""The command line through its real entry points: exit codes, output, JSON, usage errors."""

from __future__ import annotations

import re

import json
import subprocess
import sys
from pathlib import Path

import pytest

from citequiz.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m citequiz ARGS` in a subprocess: the same path a user's shell takes."""
    return subprocess.run([sys.executable, "-m", "citequiz", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_check_clean_project_exits_0_with_summary(every_type):
    result = run("check", str(every_type))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "checked 1 bank, 9 questions against 1 seed: 0 errors, 0 warnings")
    assert result.stderr == ""


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("citequiz")
    assert exe.exists()
    result = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("citequiz ")


def _break_answer(project: Path) -> None:
    bank = project / "questions" / "every-type.yaml"
    bank.write_text(bank.read_text().replace('"1974"', '"1975"'))


def test_check_reports_errors_exit_1_relative_to_cwd(every_type, tmp_path):
    _break_answer(every_type)
    result = run("check", "every-type", cwd=every_type.parent)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        'every-type/questions/every-type.yaml:9:13: error[answer-not-in-source]: answer "1975" does not '
        'occur in sample.txt:2; nearest text there: "1974" (line 2, 75% similar)')
    assert lines[-1] == "checked 1 bank, 9 questions against 1 seed: 1 error, 0 warnings"


def test_check_json(every_type):
    _break_answer(every_type)
    result = run("check", "--format", "json", str(every_type))
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert findings == [{
        "file": str(every_type / "questions/every-type.yaml"),
        "line": 9, "column": 13, "severity": "error", "rule": "answer-not-in-source",
        "message": 'answer "1975" does not occur in sample.txt:2',
        "hint": 'nearest text there: "1974" (line 2, 75% similar)',
    }]
    assert "1 error" in result.stderr


def test_strict_turns_warnings_into_errors(every_type):
    bank = every_type / "questions" / "every-type.yaml"
    bank.write_text(bank.read_text().replace(
        "prompt: In which year was the Sample Treaty signed?", "prompt: Was the treaty signed in 1974?"))
    assert run("check", str(every_type)).returncode == 0
    strict = run("check", "--strict", str(every_type))
    assert strict.returncode == 1
    assert "error[answer-in-prompt]" in strict.stdout


@pytest.mark.parametrize("argv", [["check", "--format", "xml"], ["frobnicate"], []])
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "citequiz:" in capsys.readouterr().err


def test_not_a_project_is_a_usage_error(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 2
    assert "not a citequiz project (no `questions/` folder)" in capsys.readouterr().err


def test_bad_input_never_shows_a_traceback(tmp_path):
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "x.yaml").write_bytes(b"\xff\xfe{{{[[[: - :\x00")
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "questions/x.yaml:1:1: error[not-utf8]" in result.stdout


def test_cite_prints_paste_ready_sources(every_type):
    result = run("cite", "an absurd relic of the past", str(every_type))
    assert result.returncode == 0
    label, context = result.stdout.splitlines()[0].split("\t")
    assert label == "sample.txt:5"
    assert "absurd relic" in context


def test_cite_nowhere_exits_1_with_near_miss(every_type):
    result = run("cite", "an absurd relik of the passed", str(every_type))
    assert result.returncode == 1
    assert result.stdout == ""
    assert 'closest: sample.txt:5' in result.stderr


def test_build_refuses_on_errors_and_leaves_build_alone(every_type):
    assert run("build", str(every_type)).returncode == 0
    index = every_type / "build" / "index.html"
    before = index.read_bytes()
    _break_answer(every_type)
    result = run("build", str(every_type))
    assert result.returncode == 1
    assert "error[answer-not-in-source]" in result.stdout
    assert "build refused: 1 error" in result.stderr
    assert index.read_bytes() == before


def test_build_writes_index_and_skips_unchanged(every_type, tmp_path):
    out = tmp_path / "out"
    first = run("build", str(every_type), "-o", str(out))
    assert first.returncode == 0, first.stderr
    html = (out / "index.html").read_text()
    assert "Every type &amp; &lt;special&gt; characters" in html
    assert "<span>9 questions</span>" in html
    second = run("build", str(every_type), "-o", str(out))
    assert "nothing changed since the last build" in second.stdout
    assert re.search(r"\d+ outputs? up to date, rendering skipped", second.stdout)


def test_every_command_has_help():
    from citequiz.cli import make_parser

    sub = next(a for a in make_parser()._actions if a.dest == "command")
    for name, parser in sub.choices.items():
        assert parser.description or parser.format_help(), name
        result = run(name, "--help")
        assert result.returncode == 0 and "usage: citequiz " + name in result.stdout


def test_build_says_how_many_lock_entries_changed(every_type):
    first = run("build", str(every_type))
    assert first.stdout.rstrip().endswith("; lock file updated for 9 questions"), first.stdout
    bank = every_type / "questions" / "every-type.yaml"
    bank.write_text(bank.read_text().replace("Three states signed;", "Exactly three states signed;"))
    second = run("build", str(every_type))
    assert second.stdout.rstrip().endswith("; lock file updated for 1 question"), second.stdout


def test_check_refuses_a_damaged_lock_as_build_does(every_type):
    # One check for every caller: the pre-commit hook (`citequiz check`) fails where build would.
    (every_type / "questions" / ".citequiz-lock.json").write_text("{not json")
    for command in ("check", "build"):
        result = subprocess.run([sys.executable, "-m", "citequiz", command, str(every_type)],
                                capture_output=True, text=True)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert (f"{every_type}/questions/.citequiz-lock.json:1:1: error[lock-invalid]: cannot read the lock file"
                in result.stdout), command
