"""Builds publish whole: every format renders into a staging folder beside build/, and only when
all succeeded are the files moved into place and the lock written. A failure (a template error in
the project's templates/, a format's bug) is one clear message and exit 1, with build/ and the
lock byte-identical to before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from citequiz.build import build
from citequiz.errors import RenderError
from citequiz.render import registry
from citequiz.render.context import Format

LOCK = "questions/.citequiz-lock.json"


def snapshot(root: Path) -> dict[str, bytes]:
    """build/ and the lock, byte for byte."""
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "build").rglob("*")) if p.is_file()}
    files[LOCK] = (root / LOCK).read_bytes()
    return files


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citequiz", *args], capture_output=True, text=True)


@pytest.fixture
def built(every_type: Path) -> Path:
    assert cli("build", str(every_type)).returncode == 0
    # A change, so the next build has something to render and a lock entry to update.
    bank = every_type / "questions" / "every-type.yaml"
    bank.write_text(bank.read_text().replace("The text dates the signing to 1974.", "Signed in 1974."))
    return every_type


@pytest.mark.parametrize("template,line,text", [
    ("quiz.html.j2", 3, "<p>{{ bank.no_such_field }}</p>"),  # an error while rendering
    ("print.html.j2", 2, "{% if %}"),  # a syntax error
])
def test_a_template_error_names_its_file_and_line_and_changes_nothing(built, template, line, text):
    before = snapshot(built)
    (built / "templates").mkdir()
    (built / "templates" / template).write_text("<!doctype html>\n" * (line - 1) + text + "\n")
    result = cli("build", str(built))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    (message,) = [m for m in result.stderr.splitlines() if m.startswith("citequiz: ")]
    assert message.startswith(f"citequiz: templates/{template}:{line}: error[template-error]: "), message
    assert message.endswith("nothing was built, build/ is unchanged")
    assert snapshot(built) == before
    assert not (built / ".build.staging").exists()


def test_a_failing_format_leaves_build_and_lock_as_they_were(built, monkeypatch):
    before = snapshot(built)

    def broken(ctx):
        yield "broken/a.txt", b"a"
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(registry, "BUILTIN", (*registry.BUILTIN, Format("broken", broken)))
    with pytest.raises(RenderError) as exc:
        build(built, built / "build")
    assert str(exc.value) == ("the broken format failed: ZeroDivisionError: division by zero; nothing was built, "
                              "build/ is unchanged (this is a bug in the format)")
    assert snapshot(built) == before


def test_a_format_may_not_write_outside_build(built, monkeypatch):
    before = snapshot(built)
    monkeypatch.setattr(registry, "BUILTIN", (*registry.BUILTIN, Format("escape", lambda ctx: {"../x.txt": b"x"})))
    with pytest.raises(RenderError, match=r"the escape format wrote to '\.\./x\.txt', which is not a path inside build/"):
        build(built, built / "build")
    assert snapshot(built) == before and not (built / "x.txt").exists()


def test_after_a_fixed_error_the_build_publishes_and_updates_the_lock(built):
    before = snapshot(built)
    (built / "templates").mkdir()
    (built / "templates" / "quiz.html.j2").write_text("{{ oops }}\n")
    assert cli("build", str(built)).returncode == 1
    (built / "templates" / "quiz.html.j2").unlink()
    result = cli("build", str(built))
    assert result.returncode == 0, result.stderr
    after = snapshot(built)
    assert after[LOCK] != before[LOCK]  # the edited question's new change time
    assert b"Signed in 1974." in after["build/quiz/every-type.html"]
