"""Quote selectors on citations (as the W3C TextQuoteSelector): a citation placed by its text
alone, and re-anchored by `check` and `fix` when its seed is edited, exactly or fuzzily."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from citequiz.check import check_project
from citequiz.load import load_project

SEED = ("The Sample Treaty\n"
        "The treaty was signed in 1974 by three states: Avalon, Brigadoon and Camelot.\n"
        "Trade grew by 12% in 2024, and the customs office was pleased.\n"
        "Salt duties fell by 12% in 2024, and the salt merchants were pleased.\n")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citequiz", *args], capture_output=True, text=True, timeout=120)


def make(tmp_path: Path, source: str, seed: str = SEED) -> Path:
    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    (root / "questions").mkdir()
    (root / "seeds" / "t.txt").write_text(seed)
    (root / "questions" / "b.yaml").write_text(
        "title: B\nquestions:\n  - id: salt\n    type: short\n    prompt: By how much did salt duties fall in 2024?\n"
        f"    answer: 12%\n    source: {source}\n")
    return root


def test_a_citation_without_lines_is_placed_by_its_selector_and_the_prefix_picks_the_place(tmp_path):
    root = make(tmp_path, "{at: t.txt, exact: fell by 12% in 2024, prefix: 'Salt duties'}")
    project, findings = load_project(root)
    assert findings == []
    [c] = project.questions()[0].sources
    assert (c.first, c.last, c.lines_given) == (4, 4, False)
    assert list(check_project(project)) == []
    # "by 12% in 2024" stands on lines 3 and 4: the prefix says which, else it is ambiguous.
    root2 = make(tmp_path / "2", "{at: t.txt, exact: by 12% in 2024, suffix: ', and the salt merchants'}")
    project, findings = load_project(root2)
    assert (findings, project.questions()[0].sources[0].first) == ([], 4)
    root3 = make(tmp_path / "3", "{at: t.txt, exact: by 12% in 2024}")
    result = run("check", str(root3))
    assert result.stdout.splitlines()[0] == (
        f"{root3}/questions/b.yaml:7:18: warning[selector-ambiguous]: the quote selector's text occurs at 2 places "
        "in t.txt; took line 3; add a `prefix` or `suffix`, or give the lines")


def test_fix_re_anchors_by_the_selector_when_lines_were_inserted(tmp_path):
    root = make(tmp_path, "{at: 't.txt:4', exact: Salt duties fell by 12%}")
    seed = root / "seeds" / "t.txt"
    seed.write_text(SEED.replace("The Sample Treaty\n", "The Sample Treaty\nA note.\nAnother note.\n"))
    check = run("check", str(root))
    assert check.returncode == 1
    assert check.stdout.splitlines()[0] == (
        f"{root}/questions/b.yaml:7:18: error[citation-moved]: the text cited at t.txt:4 now stands at line 6 "
        "(found by its quote selector); run `citequiz fix` to cite t.txt:6")
    fix = run("fix", str(root))
    assert fix.returncode == 0, fix.stderr
    assert "    source: {at: 't.txt:6', exact: Salt duties fell by 12%}\n" in (root / "questions" / "b.yaml").read_text()
    assert run("check", "--strict", str(root)).returncode == 0


def test_fix_re_anchors_fuzzily_when_the_text_was_edited_and_says_how_similar(tmp_path):
    root = make(tmp_path, "{at: 't.txt:4', exact: 'Salt duties fell by 12% in 2024, and the salt merchants were pleased'}")
    seed = root / "seeds" / "t.txt"
    seed.write_text(SEED.replace("The Sample Treaty\n", "The Sample Treaty\nA note.\n")
                        .replace("salt merchants were pleased", "salt merchants were glad"))
    check = run("check", "--format", "json", str(root))
    [finding] = json.loads(check.stdout)
    assert finding["rule"] == "citation-moved"
    assert finding["message"] == "the text cited at t.txt:4 now stands at line 5 (found by its quote selector, 96% similar)"  # difflib ratio of the two texts: 0.955
    assert run("fix", str(root)).returncode == 0
    assert "source: {at: 't.txt:5'," in (root / "questions" / "b.yaml").read_text()
    after = run("check", str(root))
    assert after.returncode == 0  # grounded again; the selector's wording is a warning to update
    assert after.stdout.splitlines()[0] == (
        f"{root}/questions/b.yaml:7:18: warning[selector-changed]: the quote selector's text was edited in t.txt:5: "
        "the passage there is 96% similar: \"salt duties fell by 12% in 2024, and the salt merchants were glad.\"; "
        "update `exact` to the seed's text")


def test_a_selector_found_nowhere_is_an_error(tmp_path):
    root = make(tmp_path, "{at: t.txt, exact: the wool tariff doubled}")
    result = run("check", str(root))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{root}/questions/b.yaml:7:18: error[selector-not-found]: the quote selector's text \"the wool tariff "
        "doubled\" occurs nowhere in t.txt; copy `exact` from the seed, or give the lines: `at: FILE:LINE`")


@pytest.mark.parametrize("source, message", [
    ("{at: t.txt:4, exact: x, sufix: y}", "error[unknown-key]: unknown key `sufix` in a citation; did you mean `suffix`?"),
    ("{exact: Salt duties}", "error[missing-key]: a citation written as a mapping needs `at` (the seed) and `exact`"),
])
def test_bad_selector_citations(tmp_path, source, message):
    result = run("check", str(make(tmp_path, source)))
    assert result.returncode == 1
    assert message in result.stdout


def test_the_schema_accepts_a_selector_citation(tmp_path):
    import jsonschema
    import yaml

    from citequiz.schema import schema_json

    schema = json.loads(schema_json())
    bank = yaml.safe_load(make(tmp_path, "[t.txt:2, {at: t.txt, exact: fell by 12%, prefix: Salt duties}]")
                          .joinpath("questions", "b.yaml").read_text())
    jsonschema.validate(bank, schema)
    bank["questions"][0]["source"] = {"at": "t.txt", "exakt": "x"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bank, schema)


def test_a_seed_that_shrank_under_a_selector_citation_re_anchors_it(tmp_path):
    root = make(tmp_path, "{at: 't.txt:4', exact: Salt duties fell by 12%}")
    (root / "seeds" / "t.txt").write_text("Salt duties fell by 12% in 2024, and the salt merchants were pleased.\n")
    check = run("check", str(root))
    assert check.stdout.splitlines()[0] == (
        f"{root}/questions/b.yaml:7:18: error[citation-moved]: the text cited at t.txt:4 now stands at line 1 "
        "(found by its quote selector); run `citequiz fix` to cite t.txt:1")
    assert run("fix", str(root)).returncode == 0
    assert run("check", "--strict", str(root)).returncode == 0
