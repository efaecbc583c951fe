"""`citequiz fix` on fixture projects whose seed was edited under the bank.

fixtures/fix/base is a clean project; each case folder holds the edited `sample.txt` and, when
`fix` must change the bank, the golden `edited.yaml` it must produce byte for byte.
Regenerate the goldens after an intended change (then read the diff!):
    .venv/bin/pytest tests/test_fix.py --regen
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from citequiz.fix import Edit, apply_edits
from citequiz.model import Pos

FIX = Path(__file__).parent / "fixtures" / "fix"
BANK = "questions/edited.yaml"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citequiz", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def project(tmp_path: Path, case: str) -> Path:
    root = tmp_path / case
    shutil.copytree(FIX / "base", root)
    shutil.copy(FIX / case / "sample.txt", root / "seeds" / "sample.txt")
    return root


def test_base_fixture_is_clean():
    result = run("check", str(FIX / "base"))
    assert result.returncode == 0, result.stdout


def test_check_reports_citation_moved_naming_the_new_line(tmp_path):
    root = project(tmp_path, "inserted")
    result = run("check", "--format", "json", str(root))
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert {f["rule"] for f in findings} == {"citation-moved"}
    signed = next(f for f in findings if f["line"] == 10)
    assert signed["column"] == 13
    assert signed["message"] == "the text cited at sample.txt:2 now stands at line 4"
    assert signed["hint"] == "run `citequiz fix` to cite sample.txt:4"


@pytest.mark.parametrize("case, changes", [
    ("inserted", ["`signed`: source sample.txt:2 -> sample.txt:4", "`amended`: source sample.txt:3 -> sample.txt:5",
                  "`trade`: source sample.txt:4 -> sample.txt:6", "`brigadoon`: source sample.txt:3 -> sample.txt:5",
                  "`states`: source sample.txt:2 -> sample.txt:4", "`relic`: source sample.txt:4-5 -> sample.txt:6-7"]),
    ("split", ["`amended`: source sample.txt:3 -> sample.txt:4", "`trade`: source sample.txt:4 -> sample.txt:5",
               "`states`: source sample.txt:2 -> sample.txt:2-3", "`relic`: source sample.txt:4-5 -> sample.txt:5-6"]),
])
def test_fix_rewrites_only_the_moved_sources(tmp_path, case, changes, golden):
    root = project(tmp_path, case)
    result = run("fix", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[1].split(" (")[0] for line in lines[:-1]] == changes
    assert all(line.startswith(f"{root / BANK}:") for line in lines[:-1])
    assert lines[-1] == f"fixed {len(changes)} citations in 1 file"
    golden.check({FIX / case / "edited.yaml": (root / BANK).read_bytes()})
    assert run("check", str(root)).returncode == 0
    # Nothing left to fix: the file is not even rewritten.
    before = (root / BANK).stat().st_mtime_ns
    again = run("fix", str(root))
    assert again.returncode == 0 and again.stdout == "no citation to fix\n"
    assert (root / BANK).stat().st_mtime_ns == before


def test_goldens_keep_comments_and_quoting():
    base = (FIX / "base" / BANK).read_text().splitlines()
    for case in ("inserted", "split"):
        edited = (FIX / case / "edited.yaml").read_text().splitlines()
        assert len(edited) == len(base)
        for old, new in zip(base, edited):
            if old != new:  # only the digits of a `source` value differ
                assert "sample.txt:" in old
                assert [ch for ch in old if not ch.isdigit() and ch != "-"] == \
                       [ch for ch in new if not ch.isdigit() and ch != "-"]


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path):
    root = project(tmp_path, "inserted")
    before = (root / BANK).read_bytes()
    result = run("fix", "--dry-run", str(root))
    assert result.returncode == 0
    assert result.stdout.startswith(f"--- a/{BANK}\n+++ b/{BANK}\n@@ ")
    assert "-    source: sample.txt:2   # the signing\n+    source: sample.txt:4   # the signing\n" in result.stdout
    assert "-    source: 'sample.txt:3'\n+    source: 'sample.txt:5'\n" in result.stdout
    assert result.stderr.strip().splitlines()[-1] == "would fix 6 citations in 1 file"
    assert (root / BANK).read_bytes() == before


def test_reworded_text_is_reported_with_its_closest_match_and_nothing_written(tmp_path):
    root = project(tmp_path, "reworded")
    stat = (root / BANK).stat()
    result = run("fix", str(root))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{root / BANK}:38:13: `relic`: answer \"an absurd relic of the past\" occurs nowhere in sample.txt; "
        "closest match: sample.txt:5, 56% similar: \"called it \\\"a relic of a\"; not changed (was the text reworded?)"]
    assert result.stdout == "no citation to fix; 1 text could not be placed\n"
    assert (root / BANK).read_bytes() == (FIX / "base" / BANK).read_bytes()
    assert (root / BANK).stat().st_mtime_ns == stat.st_mtime_ns


def test_several_places_picks_the_nearest_and_says_so(tmp_path):
    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    (root / "questions").mkdir()
    (root / "seeds" / "t.txt").write_text(
        "Title\nAn inserted sentence pushes everything down by one line.\n"
        "The pact was signed in 1974 by Avalon.\nSomething else entirely happened then.\n"
        "The pact was signed in 1974 by Avalon.\n")
    (root / "questions" / "b.yaml").write_text(
        "title: B\nquestions:\n  - id: q\n    type: short\n    prompt: When was the pact signed?\n"
        "    answer: \"1974\"\n    source: t.txt:2\n")
    result = run("fix", str(root))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].endswith(
        "`q`: source t.txt:2 -> t.txt:3 (2 places hold it; chose the one the prompt fits best, nearest the old line 2)")
    assert (root / "questions" / "b.yaml").read_text().endswith("    source: t.txt:3\n")


def test_wrong_answer_on_a_neighbouring_line_is_not_a_move(tmp_path):
    root = project(tmp_path, "inserted")
    shutil.copy(FIX / "base" / "seeds" / "sample.txt", root / "seeds" / "sample.txt")
    bank = root / BANK
    bank.write_text(bank.read_text().replace('answer: "1974"', 'answer: "2006"'))
    result = run("check", str(root))
    assert result.stdout.splitlines()[0].endswith(
        'error[answer-not-in-source]: answer "2006" does not occur in sample.txt:2; it does occur in sample.txt at line 3')
    fixed = run("fix", str(root))
    assert fixed.returncode == 1 and "not changed" in fixed.stderr


def test_apply_edits_keeps_crlf_and_touches_only_the_range():
    text = "title: T\r\nquestions:\r\n  - id: q  # c\r\n    source: [ \"a.txt:2-3\" , b.txt:9 ]  # keep\r\n"
    edits = [Edit(Pos("b.yaml", 4, 15), "q", "a.txt:2-3", "a.txt:4"),
             Edit(Pos("b.yaml", 4, 29), "q", "b.txt:9", "b.txt:10-11")]
    assert apply_edits(text, edits, file="b.yaml") == (
        "title: T\r\nquestions:\r\n  - id: q  # c\r\n    source: [ \"a.txt:4\" , b.txt:10-11 ]  # keep\r\n")


def test_bom_is_kept(tmp_path):
    root = project(tmp_path, "inserted")
    bank = root / BANK
    bank.write_bytes(b"\xef\xbb\xbf" + bank.read_bytes())
    assert run("fix", str(root)).returncode == 0
    assert bank.read_bytes() == b"\xef\xbb\xbf" + (FIX / "inserted" / "edited.yaml").read_bytes()


def test_a_question_citing_several_shifted_places_moves_as_a_whole(tmp_path):
    from citequiz.init import init_project

    root = tmp_path / "q"
    init_project(root)
    seed = root / "seeds" / "sample.txt"
    lines = seed.read_text().splitlines(keepends=True)
    seed.write_text("".join(lines[:1] + ["An inserted sentence, long enough to be a real line of text.\n", "\n"]
                            + lines[1:]))
    result = run("fix", str(root))
    assert result.returncode == 0, result.stderr
    assert "    source: [sample.txt:6, sample.txt:7, sample.txt:9]\n" in (root / "questions" / "sample.yaml").read_text()
    assert run("check", str(root)).returncode == 0


def test_a_quote_split_across_two_lines_widens_the_citation(tmp_path):
    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    (root / "questions").mkdir()
    (root / "seeds" / "t.txt").write_text("Title\nThe pact was signed in\n1974 by Avalon, and later by others.\n")
    bank = root / "questions" / "b.yaml"
    bank.write_text("title: B\nquestions:\n  - id: q\n    type: tf\n    prompt: Avalon signed the pact in 1974.\n"
                    "    answer: true\n    quote: signed in 1974 by Avalon\n    source: 't.txt:2'  # was one line\n")
    check = run("check", str(root))
    assert check.stdout.splitlines()[0].endswith(
        "error[citation-moved]: the text cited at t.txt:2 now stands at lines 2-3; run `citequiz fix` to cite t.txt:2-3")
    assert run("fix", str(root)).returncode == 0
    assert bank.read_text().endswith("    source: 't.txt:2-3'  # was one line\n")


def test_real_banks_survive_a_line_inserted_at_the_top_of_every_seed(tmp_path):
    """The project's own banks: after a line is inserted below each seed's title, `fix` brings
    every question back to a clean check, almost every citation shifted by exactly one line."""
    from citequiz.load import load_project

    root = tmp_path / "real"
    repo = Path(__file__).resolve().parents[1]
    for name in ("questions", "seeds"):
        shutil.copytree(repo / name, root / name)
    for seed in sorted((root / "seeds").glob("*.txt")):
        lines = seed.read_text(encoding="utf-8").splitlines(keepends=True)
        seed.write_text("".join(lines[:1] + ["An editor's note inserted here shifts everything below by one.\n"]
                                + lines[1:]), encoding="utf-8")
    before, _ = load_project(root)
    fixed = run("fix", str(root))
    assert fixed.returncode == 0, fixed.stderr
    assert run("check", str(root)).returncode == 0
    after, _ = load_project(root)
    pairs = [(a, b) for qa, qb in zip(before.questions(), after.questions()) for a, b in zip(qa.sources, qb.sources)]
    shifted = sum((b.first, b.last) == (a.first + (a.first >= 2), a.last + (a.last >= 2)) for a, b in pairs)
    assert shifted >= 0.9 * len(pairs), f"{shifted} of {len(pairs)} citations shifted by one"


def test_fix_shifts_the_boilerplate_lines_of_sources_yaml(tmp_path):
    root = project(tmp_path, "inserted")  # two lines inserted after line 1
    sources = root / "seeds" / "sources.yaml"
    sources.write_text("sample.txt:\n  title: The Sample Treaty (a test text)\n"
                       "  boilerplate: [1, 5]   # the title; the delegate's remark\n")
    result = run("fix", str(root))
    assert result.returncode == 0, result.stderr  # a boilerplate line left as it was is no failure
    assert f"{root}/seeds/sources.yaml:3:20: boilerplate line of sample.txt: 5 -> 7" in result.stdout.splitlines()
    assert result.stderr.splitlines() == [
        f"{root}/seeds/sources.yaml:3:17: boilerplate line 1 of sample.txt: the citations below it moved by "
        "+2 lines, maybe by an edit above it, maybe below; not changed, check it by hand"]
    assert sources.read_text() == ("sample.txt:\n  title: The Sample Treaty (a test text)\n"
                                   "  boilerplate: [1, 7]   # the title; the delegate's remark\n")
    assert "fixed 7 citations in 2 files" in result.stdout
