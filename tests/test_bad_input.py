"""Golden bad-input fixtures: each bank in fixtures/bad/banks/ is checked against the seed in
fixtures/bad/seeds/, and must produce exactly the findings in its `.expected` file.

Regenerate the expectations after an intended change of wording (then read the diff!):
    .venv/bin/pytest tests/test_bad_input.py --regen
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citequiz.check import check_project
from citequiz.load import load_project

BAD = Path(__file__).parent / "fixtures" / "bad"
BANKS = sorted(BAD.glob("banks/*.yaml"))


def findings_for(tmp_path: Path, *banks: Path) -> list[str]:
    root = tmp_path / "project"
    shutil.copytree(BAD / "seeds", root / "seeds")
    shutil.copytree(BAD / "media", root / "media")  # images for the rich-content mistakes
    (root / "questions").mkdir()
    for bank in banks:
        shutil.copy(bank, root / "questions" / bank.name)
    project, findings = load_project(root)
    findings += check_project(project)
    return [str(f) for f in sorted(findings)]


@pytest.mark.parametrize("bank", BANKS, ids=[b.stem for b in BANKS])
def test_bad_bank(tmp_path, bank, golden):
    got = findings_for(tmp_path, bank)
    assert got, "every bad fixture must produce at least one finding"
    golden.check({bank.with_suffix(".expected"): "".join(line + "\n" for line in got).encode("utf-8")})


def test_every_rule_has_a_fixture():
    """Each rule the issue names is demonstrated by at least one golden fixture."""
    rules = set()
    for expected in BAD.glob("banks/*.expected"):
        for line in expected.read_text(encoding="utf-8").splitlines():
            rules.add(line.split("[", 1)[1].split("]", 1)[0])
    required = {
        "yaml-syntax", "not-a-mapping", "unknown-key", "key-not-allowed", "missing-key", "wrong-type",
        "bad-value", "bad-id", "duplicate-id", "unknown-type", "answer-not-a-choice", "duplicate-choice",
        "choice-count", "bad-cloze", "no-deletion", "pair-count", "duplicate-pair", "bad-citation",
        "unknown-seed", "seed-outside", "line-out-of-range", "bad-range", "empty-line",
        "answer-not-in-source", "quote-not-in-source", "deletion-not-in-source", "empty-bank",
        "answer-in-prompt", "duplicate-prompt", "yaml-too-complex", "duplicate-key",
        # the validity lints (issue 13)
        "answer-leak", "unused-allow-leak", "longest-choice", "stem-echo", "absolute-word",
        "all-of-the-above", "none-of-the-above", "tf-balance", "distractor-in-source",
        # rich content (issue 17)
        "image-alt", "image-remote", "image-missing", "image-type", "svg-unsafe", "bad-math", "not-grounded",
        "link-not-allowed", "lms-unsupported",
    }
    assert required <= rules, f"no fixture for {sorted(required - rules)}"


def test_duplicate_id_across_banks_names_both_places(tmp_path):
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    text = 'title: {t}\nquestions:\n  - id: signed\n    type: short\n    prompt: {p}\n    answer: "1974"\n    source: sample.txt:2\n'
    a.write_text(text.format(t="A", p="When was it signed?"))
    b.write_text(text.format(t="B", p="In what year was it signed?"))
    assert findings_for(tmp_path, a, b) == [
        "questions/b.yaml:3:9: error[duplicate-id]: id `signed` is already used at questions/a.yaml:3:9; "
        "ids must be unique across all banks"
    ]


def _project_with_seed(tmp_path: Path, data: bytes, source: str = "odd.txt:1") -> list[str]:
    root = tmp_path / f"project-{len(list(tmp_path.iterdir()))}"
    (root / "seeds").mkdir(parents=True)
    (root / "questions").mkdir()
    (root / "seeds" / "odd.txt").write_bytes(data)
    (root / "questions" / "q.yaml").write_text(
        "title: Q\nquestions:\n  - id: q1\n    type: short\n    prompt: Which word?\n"
        f"    answer: treaty\n    source: {source}\n", encoding="utf-8")
    project, findings = load_project(root)
    findings += check_project(project)
    return [str(f) for f in sorted(findings)]


def test_seed_not_utf8(tmp_path):
    got = _project_with_seed(tmp_path, "The treaty\nwas signed in Montréal.\n".encode("latin-1"))
    assert got == [
        "seeds/odd.txt:2:20: error[seed-not-utf8]: seed is not UTF-8 (byte 0xe9); "
        "convert it, e.g. `iconv -f latin1 -t utf-8`"
    ]


def test_seed_with_nul_byte(tmp_path):
    got = _project_with_seed(tmp_path, b"The treaty\n\x00binary\n")
    assert got == ["seeds/odd.txt:2:1: error[seed-not-text]: seed contains a NUL byte; it is not a text file; "
                   "save it as plain UTF-8 text"]


@pytest.mark.parametrize("data", [b"Title\r\nThe treaty was signed.\r\n", b"\xef\xbb\xbfTitle\nThe treaty was signed.\n",
                                  b"Title\rThe treaty was signed.\r"], ids=["crlf", "bom", "cr"])
def test_crlf_bom_and_cr_seeds_count_lines_as_an_editor(tmp_path, data):
    assert _project_with_seed(tmp_path, data, "odd.txt:2") == []
    # Citing line 1 instead: the text is found again at line 2, as an editor numbers it.
    assert _project_with_seed(tmp_path, data, "odd.txt:1")[0].startswith(
        "questions/q.yaml:7:13: error[citation-moved]: the text cited at odd.txt:1 now stands at line 2;")


def test_symlink_out_of_seeds_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("The treaty is secret.\n")
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "questions").mkdir()
    (root / "seeds" / "link.txt").symlink_to(outside)
    (root / "questions" / "q.yaml").write_text(
        "title: Q\nquestions:\n  - id: q1\n    type: short\n    prompt: Which word?\n"
        "    answer: treaty\n    source: link.txt:1\n")
    project, findings = load_project(root)
    findings += check_project(project)
    assert [str(f) for f in sorted(findings)] == [
        "questions/q.yaml:7:13: error[seed-outside]: \"link.txt\" is not inside seeds/; "
        "cite a file by its path relative to seeds/",
        "seeds/link.txt: error[seed-outside]: seed is a link to a file outside seeds/; it is ignored; "
        "copy the text into seeds/ instead of linking it",
    ]
