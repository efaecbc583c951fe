"""Hostile and arbitrary input: the loader and checker end in a clean result or findings with a
file:line:column, never an exception and never a crashed process; outputs are written
atomically; citequiz never writes into questions/ or seeds/.

Each hostile fixture asserts the whole finding line. (More golden bad input lives in
test_bad_input.py: the alias bomb, `source: /etc/passwd` and `../x`, ids with path separators,
NUL, Latin-1, CRLF/BOM/CR seeds, a symlinked seed.)
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citequiz.check import check_project
from citequiz.types import QUESTION_KEYS
from citequiz.load import load_project
from citequiz.load_bank import load_bank
from citequiz.model import Project, Seed, SourceInfo
from citequiz.normalize import normalize

BANK = "questions/x.yaml"
SEED_LINES = ("A Title", "", "The treaty was signed in 1974 by “Avalon” — and Brigadoon.", "Ends here.")


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citequiz", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def project_files(root: Path, bank: str, seed: bytes = "\n".join(SEED_LINES).encode()) -> Path:
    (root / "questions").mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    (root / "seeds" / "s.txt").write_bytes(seed)
    (root / "questions" / "x.yaml").write_text(bank, encoding="utf-8")
    return root


def findings_of(root: Path) -> list[str]:
    project, findings = load_project(root)
    findings += check_project(project)
    return [str(f) for f in sorted(findings)]


# -- arbitrary input (hypothesis) -----------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["s.txt:3", "s.txt:1-4", "s.txt:0", "s.txt:9",
                                                           "../x:1", "/etc/passwd:1", "1974", "{{c1::1974}}"]))
keys = st.one_of(st.sampled_from(sorted(QUESTION_KEYS) + ["title", "questions", "left", "right"]), st.text(max_size=8))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                       st.dictionaries(keys, inner, max_size=6)), max_leaves=25)
questions = st.dictionaries(st.sampled_from(sorted(QUESTION_KEYS)), values, max_size=9)
banks = st.one_of(values, st.fixed_dictionaries({"title": values, "questions": st.lists(questions, max_size=4)}))


@pytest.fixture(scope="module")
def seeded_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("arbitrary")
    (root / "seeds").mkdir()
    (root / "seeds" / "s.txt").write_text("\n".join(SEED_LINES))
    return root


def assert_only_located_findings(text: str, root: Path) -> None:
    bank, findings = load_bank(text, file=BANK)
    seeds = {"s.txt": Seed("s.txt", SEED_LINES, SourceInfo(title="S"))}
    if bank is not None:
        findings += check_project(Project(root=root, title="T", banks=(bank,), seeds=seeds))
    for f in findings:
        assert f.pos.file == BANK and f.pos.line >= 1 and f.pos.column >= 1, str(f)
        assert f.severity in ("error", "warning") and f.rule and f.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(banks)
def test_arbitrary_yaml_structures_give_located_findings_only(seeded_root, data):
    assert_only_located_findings(yaml.safe_dump(data, allow_unicode=True), seeded_root)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_arbitrary_unicode_text_gives_located_findings_only(seeded_root, text):
    assert_only_located_findings(text, seeded_root)


yamlish = st.lists(st.sampled_from(["title: T\n", "questions:\n", "  - id: a\n", "    type: tf\n", "- ", "  ",
                                    "[", "]", "{", "}", ": ", "&a ", "*a ", "!!str ", "? ", "|\n", "'", '"', "#",
                                    "\t", "\r\n", "\ufeff", "\x00", "\x85", "é", "𝔘", "\n"]), max_size=40)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(yamlish)
def test_yaml_shaped_noise_gives_located_findings_only(seeded_root, parts):
    assert_only_located_findings("".join(parts), seeded_root)


def reference_normalize(text: str) -> str:
    """The normaliser as the issue defines it, written the slow obvious way."""
    import re
    import unicodedata

    from citequiz.normalize import _DASHES, _QUOTES

    text = _DASHES.sub("-", unicodedata.normalize("NFKC", text).translate(_QUOTES))
    return re.sub(r"\s+", " ", text).strip().casefold()


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=80), st.text(max_size=80),
                 st.text(alphabet="‘’‚‛′“”„‟″«»‐‑‒–—―−﹘﹣－ \t\u00a0\u2028ﬁÅ\u0301aZ1", max_size=40)))
def test_fast_normaliser_agrees_with_the_reference(text):
    assert normalize(text) == reference_normalize(text)


# -- hostile fixtures, each with its exact message --------------------------------------------

TOO_DEEP = ("error[yaml-too-deep]: YAML nested more than 64 levels deep; a bank needs only a few levels; "
            "check for runaway brackets or indentation")

DEEP_CASES = {
    # 100,000 levels: libyaml's composer would overflow the C stack and kill the process.
    "flow": ("title: T\nquestions: " + "[" * 100_000 + "]" * 100_000 + "\n", "2:75"),
    "compact-block": ("title: T\nquestions:\n" + "- " * 100_000 + "x\n", "3:127"),
    "indented-block": ("title: T\nquestions:\n" + "".join("  " * i + "-\n" for i in range(3000)), "66:127"),
    "shallow-flow": ("title: T\nquestions: " + "[" * 70 + "]" * 70 + "\n", "2:75"),
    # Past libyaml 0.2.6's own limit of 1,000 levels, but short lines and few brackets.
    "multiline-flow": ("title: T\nquestions:\n" + "  [\n" * 1500 + "  ]\n" * 1500, "66:3"),
    "compact-block-1000": ("title: T\nquestions:\n" + "- " * 1000 + "x\n", "3:127"),
}


@pytest.mark.parametrize("case", DEEP_CASES, ids=list(DEEP_CASES))
def test_deep_nesting_is_refused_in_a_subprocess_without_crashing(tmp_path, case):
    """First in a child process, so a crash of the C composer shows as a failure, not a dead suite."""
    text, where = DEEP_CASES[case]
    project_files(tmp_path, text)
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])
    assert result.stdout.splitlines()[0] == f"{tmp_path}/questions/x.yaml:{where}: {TOO_DEEP}"
    assert findings_of(tmp_path) == [f"questions/x.yaml:{where}: {TOO_DEEP}"]


def test_a_50_mb_bank_is_refused_without_reading_it(tmp_path):
    project_files(tmp_path, "")
    with open(tmp_path / "questions" / "x.yaml", "wb") as f:
        head = b"title: Big\nquestions:\n" + b"  - id: q\n    type: tf\n" * (50 * 1024 * 1024 // 24)
        f.write(head + b"#" * (50 * 1024 * 1024 - len(head) - 1) + b"\n")
    assert (tmp_path / "questions" / "x.yaml").stat().st_size == 50 * 1024 * 1024
    assert findings_of(tmp_path) == [
        "questions/x.yaml:1:1: error[file-too-large]: file is 50.0 MB; a bank may be at most 10 MB; "
        "split it into several banks"]


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    # 10 levels of 10: 10^10 values if expanded; refused while composing.
    lines = ["title: Bomb", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    lines.append(f"questions: [{', '.join(['*a9'] * 10)}]")
    project_files(tmp_path, "\n".join(lines) + "\n")
    assert findings_of(tmp_path) == [
        "questions/x.yaml:7:5: error[yaml-too-complex]: YAML aliases expand to more than 1,000,000 values "
        "(an alias bomb?); anchors and aliases may repeat a few values, not multiply them"]


def test_self_referencing_alias_is_refused(tmp_path):
    project_files(tmp_path, "title: T\nquestions: &q [*q]\n")
    assert findings_of(tmp_path) == ["questions/x.yaml:2:12: error[yaml-too-complex]: YAML alias refers to itself"]


GOOD_Q = """\
title: T
questions:
  - id: q1
    type: short
    prompt: {prompt}
    answer: "1974"
    source: {source}
"""


@pytest.mark.parametrize("seed, line", [
    (b"\xef\xbb\xbfA Title\r\n\r\nThe treaty was signed in 1974.\r\n", 3),  # BOM and CRLF at once
    (b"A Title\r\n\r\n\r\nThe treaty was signed in 1974.\r\n", 4),
    (b"\xef\xbb\xbfThe treaty was signed in 1974.", 1),  # BOM, no final newline
], ids=["bom+crlf", "crlf", "bom"])
def test_crlf_and_bom_seeds_work_with_editor_line_numbers(tmp_path, seed, line):
    project_files(tmp_path, GOOD_Q.format(prompt="When was it signed?", source=f"s.txt:{line}"), seed)
    assert findings_of(tmp_path) == []
    result = run_cli("cite", "signed in 1974", str(tmp_path))
    assert result.stdout.startswith(f"s.txt:{line}\t"), result.stdout


def test_seed_with_a_nul_byte(tmp_path):
    project_files(tmp_path, GOOD_Q.format(prompt="When?", source="s.txt:1"), b"Line one\nLine two\x00\n")
    assert findings_of(tmp_path) == [
        "seeds/s.txt:2:1: error[seed-not-text]: seed contains a NUL byte; it is not a text file; "
        "save it as plain UTF-8 text"]


def test_latin1_seed(tmp_path):
    project_files(tmp_path, GOOD_Q.format(prompt="When?", source="s.txt:1"), "Signé in 1974\n".encode("latin-1"))
    assert findings_of(tmp_path) == [
        "seeds/s.txt:1:5: error[seed-not-utf8]: seed is not UTF-8 (byte 0xe9); "
        "convert it, e.g. `iconv -f latin1 -t utf-8`"]


def test_a_symlinked_folder_in_seeds_pointing_outside_is_not_followed(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("The treaty was signed in 1974.\n")
    root = project_files(tmp_path / "p", GOOD_Q.format(prompt="When?", source="linked/secret.txt:1"))
    (root / "seeds" / "linked").symlink_to(outside, target_is_directory=True)
    assert findings_of(root) == [
        'questions/x.yaml:7:13: error[seed-outside]: "linked/secret.txt" is not inside seeds/; '
        "cite a file by its path relative to seeds/"]


@pytest.mark.parametrize("source, message", [
    ("/etc/passwd:1", '"/etc/passwd" is not inside seeds/'),
    ("../x:1", '"../x" is not inside seeds/'),
    ("sub/../../x:1", '"sub/../../x" is not inside seeds/'),
    ("C:\\\\Windows\\\\win.ini:1", '"C:\\Windows\\win.ini" is not inside seeds/'),  # YAML unescapes \\
])
def test_sources_that_leave_seeds(tmp_path, source, message):
    project_files(tmp_path, GOOD_Q.format(prompt="When?", source=f'"{source}"'))
    assert findings_of(tmp_path) == [
        f"questions/x.yaml:7:13: error[seed-outside]: {message}; cite a file by its path relative to seeds/"]


@pytest.mark.parametrize("qid, hint", [("../../etc/passwd", "; try `etc-passwd`"), ("a/b", "; try `a-b`"),
                                       ("a\\\\b", "; try `a-b`"), ("/", "")])
def test_ids_with_path_separators(tmp_path, qid, hint):
    bank = GOOD_Q.format(prompt="When?", source="s.txt:3").replace("id: q1", f'id: "{qid}"')
    project_files(tmp_path, bank)
    shown = qid.replace("\\\\", "\\")
    assert findings_of(tmp_path) == [f"questions/x.yaml:3:9: error[bad-id]: id `{shown}` is not of the form "
                                     f"[a-z0-9][a-z0-9-]*{hint}"]


SPECIAL = """\
title: "</script><script>alert(1)</script> & ]]> <![CDATA[ x"
questions:
  - id: gift-xml
    type: short
    prompt: "GIFT ~ = # { } : \\\\ and XML < > & ' \\" ]]> </script><!-- -->"
    answer: "1974"
    source: s.txt:3
    explanation: "~tilde =equals #hash {braces} :colon \\\\backslash </script>"
"""


def test_special_characters_survive_loading_and_stay_text_in_the_index(tmp_path):
    root = project_files(tmp_path, SPECIAL)
    project, findings = load_project(root)
    assert findings + check_project(project) == []
    q = project.questions()[0]
    assert q.prompt == "GIFT ~ = # { } : \\ and XML < > & ' \" ]]> </script><!-- -->"
    assert q.explanation == "~tilde =equals #hash {braces} :colon \\backslash </script>"
    result = run_cli("build", str(root))
    assert result.returncode == 0, result.stderr
    html = (root / "build" / "index.html").read_text()
    assert "</script><script>" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;" in html


# -- atomic writes: a killed build leaves whole files ---------------------------------------------

# Runs a build in which os.replace (the rename that publishes each output) pauses before its Nth
# call: the child says so, and the test kills it there with SIGKILL.
PAUSING_BUILD = textwrap.dedent("""\
    import os, sys, time
    from citequiz.render import registry
    from citequiz.render.context import Format
    real_replace = os.replace
    calls = 0
    def replace(src, dst):
        global calls
        calls += 1
        if calls == int(os.environ["PAUSE_AT"]):
            print("PAUSED", dst, flush=True)
            time.sleep(60)
        real_replace(src, dst)
    os.replace = replace
    def extra(ctx):  # several outputs, so some are published before the pause
        return {f"extra/{n}.txt": (ctx.project.title + str(n)).encode() * 20000 for n in range(4)}
    registry.BUILTIN = (*registry.BUILTIN, Format("extra", extra))
    from citequiz.cli import main
    out = ["-o", os.environ["OUT"]] if os.environ.get("OUT") else []
    sys.exit(main(["build", sys.argv[1], *out]))
""")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build_with(tmp_path: Path, root: Path, pause_at: int) -> subprocess.Popen:
    script = tmp_path / "pausing_build.py"
    script.write_text(PAUSING_BUILD)
    return subprocess.Popen([sys.executable, str(script), str(root)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PAUSE_AT": str(pause_at)})


@pytest.mark.parametrize("pause_at", [1, 2, 4, 6])
def test_a_build_killed_mid_write_leaves_every_output_whole(every_type, tmp_path, pause_at):
    # A first complete build (title A), then a build of a changed project (title B) killed while
    # publishing its outputs: every file must be wholly A's or wholly B's, no partial file, and
    # the next build must repair the rest rather than trust the half-new folder.
    (every_type / "citequiz.toml").write_text('title = "Version A"\n')
    proc = _build_with(tmp_path, every_type, pause_at=10**6)
    assert proc.wait(timeout=60) == 0
    before = _snapshot(every_type / "build")
    (every_type / "citequiz.toml").write_text('title = "Version B"\n')
    proc = _build_with(tmp_path, every_type, pause_at=pause_at)
    line = proc.stdout.readline()
    assert line.startswith("PAUSED"), line
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    after = {k: v for k, v in _snapshot(every_type / "build").items() if not k.endswith(".tmp")}
    assert set(before) <= set(after)  # stale files go only once every new one is in place
    for rel, data in after.items():
        if rel.startswith("extra/"):
            assert data in (before[rel], (b"Version B" + rel[6].encode()) * 20000), rel
    staging = every_type / ".build.staging"  # where the build rendered before publishing
    leftovers = [k for k in _snapshot(every_type / "build") if k.endswith(".tmp")]
    assert leftovers or _snapshot(staging), "the kill should have left the paused file behind"
    result = run_cli("build", str(every_type))
    assert result.returncode == 0 and "rendering skipped" not in result.stdout, result.stdout
    final = _snapshot(every_type / "build")
    assert not [k for k in final if k.endswith(".tmp")] and not staging.exists()
    assert b"Version B" in final["index.html"]
    for rel, data in after.items():  # every output the kill left was wholly the old or the new one
        if not rel.startswith(".") and not rel.startswith("extra/"):
            assert data in (before.get(rel), final.get(rel)), rel


def test_a_build_killed_at_random_moments_never_leaves_a_partial_file(every_type, tmp_path):
    rng = random.Random(8)
    script = tmp_path / "build.py"
    script.write_text(PAUSING_BUILD)
    env = {**os.environ, "PAUSE_AT": str(10**6)}
    subprocess.run([sys.executable, str(script), str(every_type)], check=True, env=env, capture_output=True)
    previous = _snapshot(every_type / "build")
    for attempt in range(3):
        (every_type / "citequiz.toml").write_text(f'title = "Version {attempt}"\n')
        # What this version's build writes, built whole elsewhere first.
        expected_dir = tmp_path / f"expected-{attempt}"
        subprocess.run([sys.executable, str(script), str(every_type)], check=True, capture_output=True,
                       env={**env, "OUT": str(expected_dir)})
        proc = subprocess.Popen([sys.executable, str(script), str(every_type)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=rng.uniform(0.1, 1.5))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        expected = _snapshot(expected_dir)
        now = _snapshot(every_type / "build")
        for rel, data in now.items():
            if rel.endswith(".tmp") or rel.startswith("."):
                continue
            assert data in (previous.get(rel), expected.get(rel)), (attempt, rel)
        previous = now


# -- the no-change rebuild ------------------------------------------------------------------------

def test_rebuild_skips_rendering_until_an_input_or_an_output_changes(every_type):
    assert run_cli("build", str(every_type)).returncode == 0
    again = run_cli("build", str(every_type))
    assert "nothing changed since the last build" in again.stdout
    assert re.search(r"\d+ outputs? up to date, rendering skipped", again.stdout)
    for change in (lambda: (every_type / "seeds" / "extra.txt").write_text("More text.\n"),
                   lambda: (every_type / "build" / "index.html").write_text("tampered"),
                   lambda: (every_type / "templates").mkdir() or (every_type / "templates" / "x.j2").write_text("x")):
        change()
        result = run_cli("build", str(every_type))
        assert result.returncode == 0 and "rendering skipped" not in result.stdout, result.stdout
        assert "rendering skipped" in run_cli("build", str(every_type)).stdout
    assert "<html" in (every_type / "build" / "index.html").read_text()


# -- citequiz never writes into questions/ or seeds/ ------------------------------------------

LOCK = "questions/.citequiz-lock.json"  # the Anki deck's lock file, written by build on purpose


def _tree_state(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for folder in ("questions", "seeds") for p in sorted((root / folder).rglob("*")) if p.is_file()}


def test_citequiz_never_writes_into_questions_or_seeds(every_type):
    (every_type / "seeds" / "sources.yaml").write_text("sample.txt:\n  title: Sample\n")
    before = _tree_state(every_type)
    dirs_before = sorted(p for f in ("questions", "seeds") for p in (every_type / f).rglob("*"))
    for args in (["check", str(every_type)], ["check", "--format", "json", str(every_type)],
                 ["cite", "signed in 1974", str(every_type)], ["build", str(every_type)],
                 ["build", str(every_type)], ["build", str(every_type), "-o", str(every_type / "elsewhere")]):
        result = run_cli(*args, cwd=every_type)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    after = _tree_state(every_type)
    after.pop(LOCK, None)
    before.pop(LOCK, None)
    assert after == before
    dirs_after = sorted(p for f in ("questions", "seeds") for p in (every_type / f).rglob("*")
                        if p.as_posix() != (every_type / LOCK).as_posix())
    assert dirs_after == [p for p in dirs_before if p.as_posix() != (every_type / LOCK).as_posix()]
