"""The repository's environments are locked: pyproject.toml, uv.lock and requirements/*.txt agree.

`make quiz` and `make test` install requirements/*.txt with `pip --require-hashes`; those files are
exported from uv.lock, which records the dependencies of pyproject.toml it was resolved for. A
dependency added to or changed in pyproject.toml without `make relock` fails here.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)(?: ; (.*?))?(?: \\)?$")


def canonical(requirement: Requirement) -> tuple[str, str, str]:
    return (canonicalize_name(requirement.name), str(requirement.specifier), str(requirement.marker or ""))


def declared() -> set[tuple[str, str, str]]:
    project = PYPROJECT["project"]
    out = {canonical(Requirement(text)) for text in project["dependencies"]}
    for extra, texts in project.get("optional-dependencies", {}).items():
        for text in texts:
            requirement = Requirement(text)
            marker = f'extra == "{extra}"' if requirement.marker is None else f'({requirement.marker}) and extra == "{extra}"'
            out.add(canonical(Requirement(f"{requirement.name}{requirement.specifier}; {marker}")))
    return out


def ours() -> dict:
    return next(p for p in LOCK["package"] if p["name"] == "citequiz")


def locked() -> set[tuple[str, str, str]]:
    out = set()
    for entry in ours()["metadata"]["requires-dist"]:
        text = entry["name"] + entry.get("specifier", "")
        if "marker" in entry:
            text += "; " + entry["marker"]
        out.add(canonical(Requirement(text)))
    return out


def test_pyproject_and_uv_lock_agree():
    assert declared() == locked(), (
        "pyproject.toml's dependencies differ from those uv.lock was resolved for; run `make relock`\n"
        f"only in pyproject.toml: {sorted(declared() - locked())}\nonly in uv.lock: {sorted(locked() - declared())}")


def test_dependency_groups_and_uv_lock_agree():
    groups = PYPROJECT.get("dependency-groups", {})
    lock_groups = ours()["metadata"].get("requires-dev", {})
    for name, texts in groups.items():
        assert {canonical(Requirement(t)) for t in texts} == {
            canonical(Requirement(e["name"] + e.get("specifier", ""))) for e in lock_groups.get(name, [])
        }, f"dependency group {name!r} differs from uv.lock; run `make relock`"


def pins(name: str) -> dict[str, tuple[str, str]]:
    """requirements/<name>.txt as {package: (version, marker)}; every pin carries hashes."""
    text = (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8")
    out = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        first = block.splitlines()[0]
        if first.startswith("#"):
            continue
        match = PIN.match(first)
        assert match, f"requirements/{name}.txt: not an exact pin: {first!r}"
        assert "--hash=sha256:" in block, f"requirements/{name}.txt: {match[1]} has no hash"
        out[canonicalize_name(match[1])] = (match[2], match[3] or "")
    return out


@pytest.mark.parametrize("name", ["runtime", "test"])
def test_requirements_are_exported_from_uv_lock(name):
    versions = {canonicalize_name(p["name"]): p["version"] for p in LOCK["package"]}
    exported = pins(name)
    assert exported, f"requirements/{name}.txt pins nothing"
    wrong = {pkg: (version, versions.get(pkg)) for pkg, (version, _) in exported.items() if versions.get(pkg) != version}
    assert not wrong, f"requirements/{name}.txt disagrees with uv.lock (exported, locked): {wrong}; run `make relock`"
    assert "pyyaml" in exported and "jinja2" in exported and "genanki" in exported and "hatchling" in exported
    if name == "test":
        assert {"pytest", "anki", "playwright"} <= exported.keys()
    else:
        assert "pytest" not in exported and "anki" not in exported


@pytest.mark.skipif(not (ROOT / ".venv" / ".test").exists() or Path(sys.prefix) != ROOT / ".venv",
                    reason="runs inside the .venv that `make test` installs from the lock")
def test_the_venv_holds_exactly_the_locked_versions():
    env = default_environment()
    wanted = {pkg: version for pkg, (version, marker) in pins("test").items()
              if not marker or Requirement(f"x; {marker}").marker.evaluate(env)}
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("citequiz", None)
    for tool in ("pip", "setuptools", "wheel"):  # the venv's own installer, not a dependency
        installed.pop(tool, None)
    assert installed == wanted
