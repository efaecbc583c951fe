"""`citequiz init`: a new project that checks and builds at once, and never overwrites."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from citequiz.load import load_project


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citequiz", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_init_then_check_and_build_pass(tmp_path):
    result = run("init", "my-quiz", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "my-quiz"
    assert result.stdout.splitlines()[:7] == [f"created my-quiz/{name}" for name in (
        ".gitignore", "README.md", "citequiz.schema.json", "citequiz.toml", "questions/sample.yaml",
        "seeds/sample.txt", "seeds/sources.yaml")]
    check = run("check", "--strict", "my-quiz", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    assert check.stdout.splitlines()[-1] == "checked 1 bank, 7 questions against 1 seed: 0 errors, 0 warnings"
    build = run("build", "my-quiz", cwd=tmp_path)
    assert build.returncode == 0, build.stdout + build.stderr
    assert (root / "build" / "index.html").is_file() and (root / "build" / "coverage.html").is_file()
    project, _ = load_project(root)
    assert project.title == "my quiz"
    assert {q.type for q in project.questions()} == {"mcq", "multi", "tf", "short", "cloze", "match", "order"}
    assert (root / "questions" / "sample.yaml").read_text().startswith(
        "# yaml-language-server: $schema=../citequiz.schema.json\n")
    assert run("schema").stdout == (root / "citequiz.schema.json").read_text()


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path):
    root = tmp_path / "existing"
    (root / "questions").mkdir(parents=True)
    (root / "questions" / "sample.yaml").write_text("mine\n")
    (root / "README.md").write_text("my readme\n")
    result = run("init", str(root))
    assert result.returncode == 2
    assert "refusing to overwrite README.md, questions/sample.yaml; nothing was written" in result.stderr
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "README.md", "questions", "questions/sample.yaml"]
    assert (root / "README.md").read_text() == "my readme\n"


def test_init_into_an_existing_empty_folder_and_a_file(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run("init", str(tmp_path / "empty")).returncode == 0
    (tmp_path / "afile").write_text("x")
    result = run("init", str(tmp_path / "afile"))
    assert result.returncode == 2 and "is not a directory" in result.stderr
