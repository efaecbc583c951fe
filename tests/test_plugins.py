"""A third-party format, installed from its own package, writes its files into build/ on
`citequiz build`: the example package in examples/citequiz-wordlist/ is installed by pip (into a
folder of its own, so the test environment stays as locked) and found through its entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "citequiz-wordlist"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "--target", str(target), str(EXAMPLE)], check=True, capture_output=True)
    assert (target / "citequiz_wordlist.py").is_file()
    return target


def run(site: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, "-m", "citequiz", *args], capture_output=True, text=True, env=env)


def test_an_installed_plugin_format_writes_into_build(site, every_type):
    (every_type / "citequiz.toml").write_text(
        (every_type / "citequiz.toml").read_text() + '\n[wordlist]\nheading = "Revision list"\n')
    result = run(site, "build", str(every_type))
    assert result.returncode == 0, result.stderr
    text = (every_type / "build" / "wordlist" / "every-type.txt").read_text(encoding="utf-8")
    assert text.splitlines()[:3] == [
        "Revision list: Every type & <special> characters",
        "ev-mcq (mcq): In which year was the Sample Treaty signed?",
        "ev-multi (multi): Which states signed the treaty?",
    ]
    assert "wordlist/every-type.txt" in (every_type / "build" / "index.html").read_text(encoding="utf-8")


def test_the_plugin_table_is_validated_by_its_schema(site, every_type):
    (every_type / "citequiz.toml").write_text(
        (every_type / "citequiz.toml").read_text() + "\n[wordlist]\nheadline = 3\n")
    result = run(site, "check", str(every_type))
    assert result.returncode == 1
    assert (f"{every_type}/citequiz.toml:4:1: error[config-format]: unknown key `headline` in [wordlist]; "
            "did you mean `heading`?") in result.stdout.splitlines()


def test_a_plugin_format_can_be_switched_off(site, every_type):
    (every_type / "citequiz.toml").write_text(
        (every_type / "citequiz.toml").read_text() + "\n[formats]\nwordlist = false\nqti = false\n")
    result = run(site, "build", str(every_type))
    assert result.returncode == 0, result.stderr
    assert not (every_type / "build" / "wordlist").exists()
    assert not list((every_type / "build" / "lms").glob("*.qti.zip"))
    assert (every_type / "build" / "lms" / "every-type.gift.txt").is_file()


def test_without_the_plugin_its_table_is_an_unknown_key(every_type):
    (every_type / "citequiz.toml").write_text(
        (every_type / "citequiz.toml").read_text() + '\n[wordlist]\nheading = "x"\n')
    result = subprocess.run([sys.executable, "-m", "citequiz", "check", str(every_type)], capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{every_type}/citequiz.toml:3:1: error[unknown-key]: unknown config key `wordlist`" in result.stdout


def test_installing_a_plugin_is_a_change_the_next_build_renders(site, every_type):
    # The build skips rendering when nothing changed; a format installed since then is a change.
    assert subprocess.run([sys.executable, "-m", "citequiz", "build", str(every_type)],
                          capture_output=True, text=True).returncode == 0
    result = run(site, "build", str(every_type))
    assert result.returncode == 0 and "rendering skipped" not in result.stdout, result.stdout
    assert (every_type / "build" / "wordlist" / "every-type.txt").is_file()
