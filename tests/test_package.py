"""A wheel carries the built-in templates, and an installed citequiz runs from anywhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True, timeout=300)
    return next(out.glob("citequiz-*.whl"))


def test_wheel_ships_every_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates").rglob("*"):
        if template.is_file():
            assert f"citequiz/templates/{template.relative_to(ROOT / 'templates').as_posix()}" in names


def test_installed_wheel_runs_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    target = Path(sysconfig.get_paths(vars={"base": str(env_dir), "platbase": str(env_dir)})["purelib"])
    with zipfile.ZipFile(wheel) as zf:  # what `pip install --no-deps` puts in site-packages
        zf.extractall(target)
    # The dependencies come from the test environment, but citequiz itself only from the wheel:
    # PYTHONPATH does not process .pth files, so the editable install stays invisible.
    deps = sysconfig.get_paths()["purelib"]
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "every-type", project)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": deps, "PATH": "/usr/bin:/bin"}
    where = subprocess.run([str(python), "-c", "import citequiz, sys; print(citequiz.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60)
    assert str(target) in where.stdout, where.stderr
    result = subprocess.run([str(python), "-m", "citequiz", "build", str(project)], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (project / "build" / "index.html").is_file()


def test_wheel_ships_the_init_skeleton(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    skeleton = ROOT / "src" / "citequiz" / "skeleton"
    for path in skeleton.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert f"citequiz/skeleton/{path.relative_to(skeleton).as_posix()}" in names
