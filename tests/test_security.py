"""Hostile input and faults (issue 20), one section per class of attack, most severe first.

Each test goes through a real entry point: the CLI (`citequiz.cli.main`, or a subprocess where
the process itself matters), `serve` over loopback, Chromium, or the official `anki` importer.
docs/security.md lists the promises these tests hold citequiz to.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from citequiz.cli import main

sys.path.insert(0, str(Path(__file__).parent))  # tests/gift_reader.py, the port of Moodle's GIFT reader

SEED = ("The Sample Treaty\n"
        "The Sample Treaty was signed in 1974 by three states.\n"
        "It was amended in 2006.\n")


def make_project(root: Path, bank: str, *, seeds: dict[str, str] | None = None,
                 config: str | None = None) -> Path:
    """A small project: the bank as questions/q.yaml and the seeds (default: sample.txt)."""
    (root / "questions").mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    for name, text in (seeds if seeds is not None else {"sample.txt": SEED}).items():
        (root / "seeds" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "seeds" / name).write_text(text, encoding="utf-8")
    (root / "questions" / "q.yaml").write_text(textwrap.dedent(bank), encoding="utf-8")
    if config is not None:
        (root / "citequiz.toml").write_text(config, encoding="utf-8")
    return root


def short_bank(answer: str = "1974", source: str = "sample.txt:2", *, prompt: str = "When was it signed?",
               title: str = "T", qid: str = "q1") -> str:
    return (f"title: {title}\nquestions:\n  - id: {qid}\n    type: short\n    prompt: {prompt}\n"
            f"    answer: \"{answer}\"\n    source: \"{source}\"\n")


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """citequiz ARGS through the CLI's entry point: (exit code, stdout, stderr)."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def run_cli(*args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """`python -m citequiz ARGS` in a child process, for what must not hang or crash the process."""
    return subprocess.run([sys.executable, "-m", "citequiz", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, **kw)


# -- 1. every citation resolves to a loaded seed ------------------------------------------------

@pytest.mark.parametrize("source, where, rule", [
    ("sources.yaml:1", "7:13", "seed-not-loaded"),
    (".hidden.txt:1", "7:13", "seed-not-loaded"),
    (".dir/inner.txt:1", "7:13", "seed-not-loaded"),
    ("./sample.txt:2", "6:13", "answer-not-in-source"),  # normalised to sample.txt, then checked
    ("sub/../sample.txt:2", "6:13", "answer-not-in-source"),
])
def test_a_wrong_answer_never_passes_by_citing_a_file_that_is_not_a_loaded_seed(tmp_path, capsys, source,
                                                                                  where, rule):
    root = make_project(tmp_path, short_bank("1999", source), seeds={
        "sample.txt": SEED, ".hidden.txt": "It was signed in 1999.\n", ".dir/inner.txt": "1999\n",
        "sources.yaml": "sample.txt: {title: Sample, short: \"1999\"}\n"})
    code, out, _ = cli(capsys, "check", "--strict", root)
    assert code == 1
    assert f"questions/q.yaml:{where}: error[{rule}]: " in out, out
    code, out, err = cli(capsys, "build", root)
    assert code == 1 and not (root / "build").exists(), out + err


def test_a_citation_written_with_dot_slash_names_the_same_seed(tmp_path, capsys):
    root = make_project(tmp_path, short_bank("1974", "./sample.txt:2"))
    code, out, _ = cli(capsys, "check", "--strict", root)
    assert code == 0, out
    assert cli(capsys, "build", root)[0] == 0
    assert (root / "build" / "sources" / "sample.html").is_file()
    assert (root / "build" / "lms" / "q.csv").read_text().splitlines()[1] == "q1,short,When was it signed?,,1974,,sample.txt:2,"


# -- 2. a build never deletes or writes outside its output folder ------------------------------

def test_a_crafted_manifest_and_a_link_in_build_delete_nothing_outside(tmp_path, capsys):
    root = make_project(tmp_path / "p", short_bank())
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "important.txt").write_text("keep me")
    assert cli(capsys, "build", root)[0] == 0
    build = root / "build"
    (build / "sub").symlink_to(outside / "sub")
    st = (outside / "sub" / "important.txt").stat()
    manifest = json.loads((build / ".citequiz-manifest.json").read_text())
    manifest["digest"] = ""
    manifest["outputs"]["sub/important.txt"] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
    manifest["outputs"]["notes.txt"] = {"size": 4, "mtime_ns": 0}  # a file the user put there
    (build / ".citequiz-manifest.json").write_text(json.dumps(manifest))
    (build / "notes.txt").write_text("mine")
    code, out, err = cli(capsys, "build", root)
    assert code == 0, err
    assert (outside / "sub" / "important.txt").read_text() == "keep me"
    assert (build / "notes.txt").read_text() == "mine"
    assert "stale removed" not in out


def test_a_link_where_an_output_folder_goes_is_refused_not_written_through(tmp_path, capsys):
    root = make_project(tmp_path / "p", short_bank())
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "build").mkdir()
    (root / "build" / "quiz").symlink_to(outside)
    code, _, err = cli(capsys, "build", root)
    assert code == 1
    assert err == (f"citequiz: {root}/build/quiz is a symbolic link; citequiz never writes through a link "
                   "in the output folder; remove the link and build again\n")
    assert list(outside.iterdir()) == []


def test_a_stale_output_the_last_build_wrote_is_still_removed(tmp_path, capsys):
    root = make_project(tmp_path / "p", short_bank())
    assert cli(capsys, "build", root)[0] == 0
    (root / "questions" / "q.yaml").rename(root / "questions" / "renamed.yaml")
    code, out, _ = cli(capsys, "build", root)
    # every per-bank output of q: quiz, print, GIFT, QTI 1.2, Moodle XML, QTI 2.1, CSV, TSV
    assert code == 0 and "8 stale removed" in out, out
    assert not (root / "build" / "quiz" / "q.html").exists() and (root / "build" / "quiz" / "renamed.html").exists()


# -- 3. a linked seeds/ or questions/ folder is not read ---------------------------------------

@pytest.mark.parametrize("folder", ["seeds", "questions"])
def test_a_linked_project_folder_is_refused_and_publishes_nothing(tmp_path, capsys, folder):
    root = make_project(tmp_path / "p", short_bank())
    outside = tmp_path / "outside"
    (root / folder).rename(outside)
    (outside / "secret.txt").write_text("a private letter\n")
    (root / folder).symlink_to(outside)
    code, out, _ = cli(capsys, "check", root)
    assert code == 1
    assert (f"{root}/{folder}: error[folder-is-link]: {folder}/ is a symbolic link (to {outside}); it is not read; "
            f"make {folder}/ a real folder and copy the files you mean into it") in out.splitlines(), out
    code, _, _ = cli(capsys, "build", root)
    assert code == 1 and not (root / "build").exists()


# -- 4. Anki cards run no script, play no media ------------------------------------------------

@pytest.fixture(scope="module")
def anki_cards(tmp_path_factory):
    """render(root, question_id): the cards of that question's note as the official `anki`
    package renders them, after importing the project's deck into a fresh collection."""
    collection = pytest.importorskip("anki.collection")  # before anything else of anki's
    from citequiz import lock as lockfile
    from citequiz.render.anki import note_guid

    made = []

    def render(root: Path, question_id: str) -> list:
        col = collection.Collection(str(tmp_path_factory.mktemp("anki") / "collection.anki2"))
        made.append(col)
        request = collection.ImportAnkiPackageRequest(
            package_path=str(next((root / "build" / "anki").glob("*.apkg"))),
            options=collection.ImportAnkiPackageOptions(with_scheduling=False))
        col.import_anki_package(request)
        guid = note_guid(lockfile.read_lock(root)[0].namespace, question_id)
        (note,) = [n for n in map(col.get_note, col.find_notes("")) if n.guid == guid]
        return [card.render_output(reload=True) for card in note.cards()]

    yield render
    for col in made:
        col.close()


class _Tags(__import__("html.parser").parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[list[tuple[str, str | None]]] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.links += [attrs] if tag == "a" else []
        self.scripts += tag == "script" or any(name.startswith("on") for name, _ in attrs)


def test_a_quote_in_a_seed_name_adds_no_attribute_to_the_card_link(tmp_path, capsys, anki_cards):
    name = 'a"onmouseover="alert(1).txt'
    root = make_project(tmp_path / "p", short_bank(source=f"{name}:2".replace('"', '\\"')),
                        seeds={name: SEED}, config='[anki]\nsource_url = "https://example.org/quiz/"\n')
    assert cli(capsys, "build", root)[0] == 0
    (card,) = anki_cards(root, "q1")
    tags = _Tags()
    tags.feed(card.answer_text)
    assert tags.links == [[("href", "https://example.org/quiz/sources/a%22onmouseover%3D%22alert%281%29.html#L2")]]
    assert tags.scripts == 0


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
                                 'https://example.org/"onmouseover="alert(1)', "//example.org/x", "https://"])
def test_a_source_url_that_is_not_http_is_refused(tmp_path, capsys, url):
    root = make_project(tmp_path, short_bank(), config=f"[anki]\nsource_url = '{url}'\n")
    code, out, _ = cli(capsys, "check", root)
    assert code == 1
    assert (f"{root}/citequiz.toml:2:1: error[config-anki]: `source_url` in [anki] must be an http:// or "
            f"https:// URL, not {url!r}; the address where the HTML build is published, "
            "e.g. https://example.org/quiz") in out.splitlines(), out


def test_anki_bracket_markup_in_bank_text_plays_speaks_and_typesets_nothing(tmp_path, capsys, anki_cards):
    root = make_project(tmp_path / "p", """\
        title: T
        questions:
          - id: q1
            type: short
            prompt: "When [sound:boom.mp3] [anki:tts lang=en_US]hello[/anki:tts] was it signed?"
            answer: "1974"
            source: sample.txt:2
            explanation: "[$]x^2[/$] and [$$]y[/$$] and [latex]z[/latex] [anki:play:q:0]"
        """)
    assert cli(capsys, "build", root)[0] == 0
    (card,) = anki_cards(root, "q1")
    assert card.question_av_tags == [] and card.answer_av_tags == []
    assert "<img" not in card.answer_text and "latex" in card.answer_text
    assert "[sound:boom.mp3]" in html_text(card.question_text)
    assert "[latex]z[/latex]" in html_text(card.answer_text)


def html_text(markup: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", markup))


# -- 5. no line break reaches a line-oriented format raw ---------------------------------------

def test_a_line_break_in_a_title_or_tag_cannot_start_a_gift_question(tmp_path, capsys):
    from gift_reader import read

    injected = "x\\n::Injected::[html]<script>alert(1)</script>{=a}\\r::Two::[html]b{=c}"
    bank = short_bank(title=f'"{injected}"') + f'    tags: ["{injected}"]\n'
    root = make_project(tmp_path, bank)
    assert cli(capsys, "build", root)[0] == 0
    gift = (root / "build" / "lms" / "q.gift.txt").read_text()
    questions = [q for q in read(gift) if q["qtype"] != "category"]
    assert [(q["name"], q["qtype"], q["tags"]) for q in questions] == [("q1", "shortanswer", [
        # one line; `]` kept (escaped), `<` `>` dropped as Moodle's PARAM_TAG drops them
        "x ::Injected::[html]scriptalert(1)/script{=a} ::Two::[html]b{=c}"])], questions
    assert all(line.startswith(("//", "$CATEGORY", "::q1::", "\t=", "}")) or not line
               for line in gift.split("\n")), gift


# -- 6. a file saved during a build is not recorded as built -----------------------------------

def test_a_bank_saved_while_a_build_runs_is_built_by_the_next_build(tmp_path, capsys, monkeypatch):
    import citequiz.build

    root = make_project(tmp_path, short_bank(prompt="When was it signed?"))
    real_load = citequiz.build.load_project

    def load_then_save(path):
        loaded = real_load(path)  # the build has read the bank; the teacher saves an edit now
        (root / "questions" / "q.yaml").write_text(short_bank(prompt="In which year was it signed?"))
        return loaded

    monkeypatch.setattr(citequiz.build, "load_project", load_then_save)
    assert cli(capsys, "build", root)[0] == 0
    monkeypatch.setattr(citequiz.build, "load_project", real_load)
    code, out, _ = cli(capsys, "build", root)
    assert code == 0 and "nothing changed" not in out, out
    assert "In which year was it signed?" in (root / "build" / "lms" / "q.csv").read_text()
    code, out, _ = cli(capsys, "build", root)
    assert "nothing changed since the last build" in out  # and then it is up to date


# -- 7. no output silently overwrites another --------------------------------------------------

def test_two_banks_with_one_name_are_refused_with_a_message(tmp_path, capsys):
    root = make_project(tmp_path, short_bank())
    (root / "questions" / "q.yml").write_text(short_bank(qid="q2", prompt="Which year?"))
    code, out, _ = cli(capsys, "check", root)
    assert code == 1
    assert (f"{root}/questions/q.yml:1:1: error[bank-name-clash]: questions/q.yml and questions/q.yaml would "
            "build the same outputs (quiz/q.html, ...); it is not read; rename one of the two files") in out


def test_seeds_that_share_a_stem_each_get_their_own_reader_page(tmp_path, capsys):
    bank = short_bank(source="sample.txt:2") + ("  - id: q2\n    type: short\n    prompt: When was it amended?\n"
                                                '    answer: "2006"\n    source: sample.md:3\n')
    root = make_project(tmp_path, bank, seeds={"sample.txt": SEED, "sample.md": SEED.replace("2006", "2006 (md)")})
    assert cli(capsys, "build", root)[0] == 0
    pages = sorted(p.name for p in (root / "build" / "sources").iterdir())
    assert pages == ["sample.md.html", "sample.txt.html"]
    assert "2006 (md)" in (root / "build" / "sources" / "sample.md.html").read_text()
    assert "2006 (md)" not in (root / "build" / "sources" / "sample.txt.html").read_text()


# -- 8. no control character reaches an output --------------------------------------------------

@pytest.mark.parametrize("escape, char", [("\\x01", "U+0001"), ("\\v", "U+000B"), ("\\x7f", "U+007F"),
                                          ("\\uFFFE", "U+FFFE"), ("\\e", "U+001B"), ("\\x9b", "U+009B")])
def test_a_control_character_in_a_bank_is_refused_where_it_stands(tmp_path, capsys, escape, char):
    root = make_project(tmp_path, short_bank(prompt=f'"When{escape} was it signed?"'))
    code, out, _ = cli(capsys, "check", root)
    assert code == 1
    assert out.splitlines()[0] == (f"{root}/questions/q.yaml:5:13: error[control-character]: text contains the "
                                   f"control character {char}; remove it: quiz text holds printable characters, "
                                   "tabs and line breaks only")
    assert cli(capsys, "build", root)[0] == 1 and not (root / "build").exists()


def test_a_control_character_in_a_seed_or_the_config_is_refused(tmp_path, capsys):
    root = make_project(tmp_path, short_bank(), seeds={"sample.txt": SEED + "A form\x0cfeed.\n"},
                        config='title = "Quiz\\u0007"\n')
    code, out, _ = cli(capsys, "check", root)
    assert code == 1
    hint = "remove it: quiz text holds printable characters, tabs and line breaks only"
    assert out.splitlines()[:2] == [
        f"{root}/citequiz.toml:1:1: error[control-character]: `title` contains the control character U+0007; {hint}",
        f"{root}/seeds/sample.txt:4:7: error[control-character]: seed contains the control character U+000C; {hint}",
    ], out


# -- 9. no cell of a spreadsheet-bound output runs as a formula --------------------------------

def test_tsv_and_csv_cells_never_start_a_formula_and_anki_keeps_every_card(tmp_path, capsys):
    import html

    pytest.importorskip("anki.collection")
    from anki.collection import Collection
    from anki.import_export_pb2 import ImportCsvRequest

    bank = (short_bank(prompt='"\\uFEFF#1: when was it signed?"')
            + '  - id: q2\n    type: short\n    prompt: \'=HYPERLINK("http://evil.example","When?")\'\n'
              '    answer: "1974"\n    source: sample.txt:2\n    explanation: "-2+3+cmd|\' /C calc\'!A0"\n'
            + '  - id: q3\n    type: short\n    prompt: "\\uFF1DSUM(A1) when?"\n'
              '    answer: "1974"\n    source: sample.txt:2\n')
    root = make_project(tmp_path / "p", bank)
    code, out, err = cli(capsys, "build", root)
    assert code == 0, out + err
    tsv = root / "build" / "lms" / "q.tsv"
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        metadata = col.get_csv_metadata(path=str(tsv), delimiter=None)
        col.import_csv(ImportCsvRequest(path=str(tsv), metadata=metadata))
        fronts = sorted(html.unescape(col.get_note(nid).fields[0]).strip() for nid in col.find_notes(""))
    finally:
        col.close()
    assert len(fronts) == 3, fronts  # the first card, starting with # after U+FEFF, is not a comment
    assert fronts == ["'=HYPERLINK(\"http://evil.example\",\"When?\")", "'\uff1dSUM(A1) when?",
                      "\ufeff#1: when was it signed?"]
    for line in tsv.read_text(encoding="utf-8").splitlines():
        for cell in line.split("\t"):
            assert not cell.lstrip(" \ufeff").startswith(("=", "+", "@", "-", "\uff1d")), cell
    import csv

    rows = list(csv.reader((root / "build" / "lms" / "q.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[2][2:6] == ["'=HYPERLINK(\"http://evil.example\",\"When?\")", "", "1974", "'-2+3+cmd|' /C calc'!A0"]


# -- 10. no input can hang a command or fill memory ---------------------------------------------

def _fifo_or_device(path: Path, kind: str) -> None:
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


@pytest.mark.parametrize("kind, reason", [("fifo", "a FIFO"), ("device", "a character device")])
def test_a_bank_or_seed_that_is_a_fifo_or_a_device_is_refused_without_waiting(tmp_path, kind, reason):
    root = make_project(tmp_path, short_bank(), seeds={"sample.txt": SEED, "other.txt": SEED})
    _fifo_or_device(root / "questions" / "z.yaml", kind)
    _fifo_or_device(root / "seeds" / "other.txt", kind)
    result = run_cli("check", root, timeout=30)  # a hang fails the test on the timeout
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[:2] == [
        f"{root}/questions/z.yaml:1:1: error[not-a-file]: bank is {reason}, not a regular file; it is not read",
        f"{root}/seeds/other.txt: error[not-a-file]: seed is {reason}, not a regular file; it is not read"
        if kind == "fifo" else  # a link to /dev/zero leaves seeds/, which was refused already
        f"{root}/seeds/other.txt: error[seed-outside]: seed is a link to a file outside seeds/; it is ignored; "
        "copy the text into seeds/ instead of linking it",
    ], result.stdout


@pytest.mark.parametrize("kind, reason", [("fifo", "a FIFO"), ("device", "a character device")])
def test_a_lock_file_that_is_a_fifo_or_a_device_refuses_the_build_without_waiting(tmp_path, kind, reason):
    root = make_project(tmp_path, short_bank())
    _fifo_or_device(root / "questions" / ".citequiz-lock.json", kind)
    result = run_cli("build", root, timeout=30)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"{root}/questions/.citequiz-lock.json:1:1: error[lock-invalid]: cannot read the lock file: it is "
        f"{reason}, not a regular file")


def test_a_seed_over_the_size_bound_is_refused_before_it_is_read(tmp_path, capsys):
    root = make_project(tmp_path, short_bank())
    with open(root / "seeds" / "huge.txt", "wb") as f:
        f.truncate(10 * 1024 * 1024 + 1)  # sparse: the size is what matters
    code, out, _ = cli(capsys, "check", root)
    assert code == 1
    assert out.splitlines()[0] == (f"{root}/seeds/huge.txt: error[seed-too-large]: seed is 10.0 MB; a seed may be "
                                   "at most 10 MB; split the text into several seed files")


# -- 11. a damaged lock never becomes a new identity -------------------------------------------

LOCK_HINT = ("restore it from version control (`git log -p questions/.citequiz-lock.json`): it makes the Anki "
             "notes' identity, and a new one would duplicate every note on re-import")


@pytest.mark.parametrize("edit, message", [
    (lambda lock: lock.update(namespace=""), f"the lock file's `namespace` is empty; {LOCK_HINT}"),
    (lambda lock: lock.pop("namespace"), f"the lock file's `namespace` is missing; {LOCK_HINT}"),
    (lambda lock: lock["questions"]["q1"].update(hash=5),
     "cannot read the lock file: `questions` entry \"q1\" has a `hash` that is not sha256:<16 hex digits>: 5; "
     "restore it from version control, or delete it to start afresh (every note then counts as changed)"),
    (lambda lock: lock["questions"]["q1"].update(extra=1),
     "cannot read the lock file: `questions` entry \"q1\" must have exactly `hash` and `changed`; "
     "restore it from version control, or delete it to start afresh (every note then counts as changed)"),
])
def test_a_damaged_lock_refuses_the_build_and_keeps_the_identity(tmp_path, capsys, edit, message):
    root = make_project(tmp_path / "renamed", short_bank())
    assert cli(capsys, "build", root)[0] == 0
    path = root / "questions" / ".citequiz-lock.json"
    lock = json.loads(path.read_text())
    edit(lock)
    path.write_text(json.dumps(lock))
    damaged = path.read_bytes()
    code, out, _ = cli(capsys, "build", root)
    assert code == 1
    assert out.splitlines()[0] == f"{root}/questions/.citequiz-lock.json:1:1: error[lock-invalid]: {message}"
    assert path.read_bytes() == damaged


# -- 12. cloze numbers are read as Anki reads them -----------------------------------------------

def cloze_bank(text: str) -> str:
    return f"title: T\nquestions:\n  - id: q1\n    type: cloze\n    text: \"{text}\"\n    source: sample.txt:2\n"


@pytest.mark.parametrize("deletion, message", [
    ("{{c\uff11::1974}}", "cloze text has a `{{` or `}}` that is not a well-formed deletion; "
                          "write deletions as {{c1::answer}} or {{c1::answer::hint}}"),
    ("{{c70000::1974}}", 'cloze deletion "{{c70000::1974}}" is numbered beyond 69,999; '
                         "number deletions c1, c2, ...: Anki reads no higher number"),
    ("{{c99999999999999999999::1974}}", 'cloze deletion "{{c99999999999999999999::1974}}" is numbered beyond '
                                        "69,999; number deletions c1, c2, ...: Anki reads no higher number"),
])
def test_a_cloze_number_anki_reads_differently_is_refused_before_anything_is_written(tmp_path, capsys, deletion,
                                                                                      message):
    root = make_project(tmp_path, cloze_bank("The Sample Treaty was signed in {{c1::1974}}."))
    assert cli(capsys, "build", root)[0] == 0
    quiz = (root / "build" / "quiz" / "q.html").read_bytes()
    (root / "questions" / "q.yaml").write_text(cloze_bank(f"The Sample Treaty was signed in {deletion}."))
    code, out, err = cli(capsys, "build", root)
    assert code == 1, err
    assert out.splitlines()[0] == f"{root}/questions/q.yaml:5:11: error[bad-cloze]: {message}"
    assert (root / "build" / "quiz" / "q.html").read_bytes() == quiz


# -- 13. nothing a project holds can drive the terminal ----------------------------------------

def test_control_characters_reach_the_terminal_only_as_visible_escapes(tmp_path):
    odd = "odd\x1b]0;owned\x07\r.txt"  # a seed *name* with ESC, BEL and CR: names are not refused
    root = make_project(tmp_path, short_bank("19\\r74 \\u2028x") + '  - id: q2\n    type: short\n'
                        f'    prompt: Which?\n    answer: "1974"\n    source: "{odd.encode("unicode_escape").decode()}:2"\n',
                        seeds={"sample.txt": SEED, odd: SEED})
    runs = [run_cli("check", root), run_cli("cite", "treaty", root), run_cli("cite", "\x1b[2Jzz\r", root),
            run_cli("coverage", root), run_cli("coverage", "--format", "json", root)]
    for result in runs:
        shown = result.stdout + result.stderr
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", shown), repr(shown)
    check = runs[0].stdout
    assert 'answer "19\\r74 \\u2028x" does not occur in sample.txt:2' in check, check
    assert "odd\\x1b]0;owned\\x07\\r.txt:2\tThe Sample Treaty was signed in 1974 by three states." in runs[1].stdout
    assert 'citequiz: "\\x1b[2Jzz\\r" occurs in no seed' in runs[2].stderr
    assert any(seed["seed"] == odd for seed in json.loads(runs[4].stdout)), runs[4].stdout


# -- 14. serve answers loopback names only, follows no link, lists no folder ---------------------

class Serving:
    """`citequiz serve --port 0` in a child process; its output is collected until it stops."""

    def __init__(self, root: Path):
        import queue
        import threading

        self.proc = subprocess.Popen([sys.executable, "-m", "citequiz", "serve", str(root), "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.proc.stdout], daemon=True).start()
        self.output = ""
        while "serving http://127.0.0.1:" not in self.output:
            self.output += self.lines.get(timeout=60)
        self.port = int(re.search(r"127\.0\.0\.1:(\d+)/", self.output).group(1))

    def raw(self, request: bytes, *, reset: bool = False) -> bytes:
        import socket
        import struct

        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(request)
            if reset:  # close at once with a RST: the server's write then fails
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return b""
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
            return data

    def get(self, path: str, *, method: str = "GET", host: str | None = None) -> tuple[int, bytes]:
        host = host or f"127.0.0.1:{self.port}"
        response = self.raw(f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        head, _, body = response.partition(b"\r\n\r\n")
        return int(head.split()[1]), body

    def stop(self) -> str:
        import queue
        import signal

        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=30)
        while True:
            try:
                self.output += self.lines.get(timeout=2)
            except queue.Empty:
                return self.output


def test_serve_follows_no_link_lists_no_folder_and_answers_only_loopback_names(tmp_path):
    root = make_project(tmp_path / "p", short_bank())
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("private")
    (root / "build").mkdir()
    (root / "build" / "leak").symlink_to(outside)
    (root / "build" / "leak.txt").symlink_to(outside / "secret.txt")
    server = Serving(root)
    try:
        assert server.get("/index.html")[0] == 200
        assert server.get("/index.html", host="localhost")[0] == 200
        assert server.get("/leak/secret.txt") == (404, b"not found\n")
        assert server.get("/leak.txt") == (404, b"not found\n")
        assert server.get("/leak/") == (404, b"not found\n")
        assert server.get("/sources/") == (404, b"not found\n")  # a folder without index.html: no listing
        assert server.get("/%2e%2e/outside/secret.txt")[0] == 404
        status, body = server.get("/index.html", host="rebind.evil.example")
        assert (status, body) == (403, b"citequiz serve answers only requests for 127.0.0.1 or localhost\n")
        assert server.get("/%00.html") == (404, b"not found\n")
        status, body = server.get("/anki/p.apkg", method="HEAD")
        assert (status, body) == (200, b"")
        for _ in range(20):
            server.raw(f"GET /anki/p.apkg HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode(), reset=True)
        assert server.get("/index.html")[0] == 200  # still serving
    finally:
        output = server.stop()
    assert "Traceback" not in output and "Error" not in output, output


# -- 15. a message, never a traceback ------------------------------------------------------------

@pytest.mark.parametrize("setup, command, code, expected", [
    (lambda r: (r / "pyproject.toml").write_text("[tool]\ncitequiz = 5\n"), "check", 1,
     "{root}/pyproject.toml:1:1: error[wrong-type]: `tool.citequiz` must be a table"),
    (lambda r: (r / "citequiz.toml").write_text('title = "x"\n\nfoo = = 3\n'), "check", 1,
     "{root}/citequiz.toml:3:7: error[config-syntax]: Invalid value"),
    (lambda r: (r / "citequiz.toml").mkdir(), "check", 1,
     "{root}/citequiz.toml:1:1: error[config-unreadable]: cannot read citequiz.toml: is a folder, not a regular file"),
    (lambda r: (r / "seeds" / "sample.txt").rename(r / "seeds" / os.fsdecode(b"\xff.txt")), "check", 1,
     "{root}/seeds/\\xff.txt: error[bad-file-name]: the file name is not valid UTF-8; the seed is not read; "
     "rename the file"),
    (lambda r: (r / "seeds" / ("a" * 250 + ".txt")).write_text(SEED), "build", 1,
     "{root}/seeds/" + "a" * 250 + ".txt: error[bad-file-name]: the file name is longer than 200 bytes; the seed "
     "is not read; rename the file"),
    (lambda r: (r / "questions" / os.fsdecode(b"\xfe.yaml")).write_text(short_bank(qid="q2")), "check", 1,
     "{root}/questions/\\xfe.yaml:1:1: error[bad-file-name]: the file name is not valid UTF-8; the bank is not read; "
     "rename the file"),
    (lambda r: ((r / "templates").mkdir(), (r / "templates" / "quiz.html.j2").write_text("ok\n{% if %}\n")),
     "build", 1, "citequiz: templates/quiz.html.j2:2: error[template-error]: Expected an expression, got 'end of "
                 "statement block'; nothing was built, build/ is unchanged"),
    (lambda r: ((r / "templates").mkdir(), (r / "templates" / "quiz.html.j2").write_text("{{ nosuch.x }}\n")),
     "build", 1, "citequiz: templates/quiz.html.j2:1: error[template-error]: 'nosuch' is undefined; nothing was "
                 "built, build/ is unchanged"),
    (lambda r: (r / "afile").write_text("x"), "build -o {root}/afile", 2,
     "citequiz: {root}/afile: the output folder is a file; name a folder with -o"),
    (lambda r: None, "build -o /proc/citequiz-cannot-be-made", 1,
     "citequiz: cannot write the outputs into /proc/citequiz-cannot-be-made: no such file or directory "
     "(/proc/.citequiz-cannot-be-made.staging)"),
], ids=["tool-not-a-table", "toml-error-line", "config-a-folder", "seed-name-not-utf8", "seed-name-too-long",
        "bank-name-not-utf8", "template-syntax", "template-undefined", "out-is-a-file", "out-cannot-be-made"])
def test_bad_projects_and_places_get_a_message_never_a_traceback(tmp_path, setup, command, code, expected):
    root = make_project(tmp_path / "p", short_bank())
    setup(root)
    words = command.format(root=root).split()
    result = run_cli(*words[:1], root, *words[1:])
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, result.stdout + result.stderr
    assert expected.format(root=root) in (result.stdout + result.stderr).splitlines(), result.stdout + result.stderr


# -- 16. outputs never land on inputs ------------------------------------------------------------

@pytest.mark.parametrize("out, where, folder", [("seeds", "inside", "seeds"), ("questions/out", "inside", "questions"),
                                                ("..", "around", "questions"), (".", "around", "questions")])
def test_an_output_folder_over_the_inputs_is_refused(tmp_path, capsys, out, where, folder):
    root = make_project(tmp_path / "p", short_bank(), seeds={"sample.txt": SEED, "index.html": "my own page\n"})
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    code, _, err = cli(capsys, "build", root, "-o", root / out)
    assert code == 2
    assert err == (f"citequiz: {root / out}: the output folder lies {where} the project's {folder}/ folder; build "
                   "into a folder of its own (the default is PROJECT_DIR/build)\n")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
    assert (root / "seeds" / "index.html").read_text() == "my own page\n"


# -- 17. fix edits a linked bank in place, keeps its mode, leaves no temporary file -------------

def test_fix_writes_through_a_linked_bank_keeps_its_mode_and_cleans_up_a_killed_fix(tmp_path, capsys):
    root = make_project(tmp_path / "p", short_bank(source="./sample.txt:2"))
    shared = tmp_path / "shared"
    shared.mkdir()
    (root / "questions" / "q.yaml").rename(shared / "q.yaml")
    (root / "questions" / "q.yaml").symlink_to(shared / "q.yaml")
    (shared / "q.yaml").chmod(0o640)
    leftover = root / "questions" / ".q.yaml.ab12cd34.tmp"  # what a fix killed mid-write leaves
    leftover.write_text("half")
    mine = root / "questions" / ".notes.tmp"  # not a name citequiz makes: never touched
    mine.write_text("mine")
    (root / "seeds" / "sample.txt").write_text("A new first line.\n" + SEED)  # the cited text moves down
    code, out, _ = cli(capsys, "fix", root)
    assert code == 0, out
    assert f"{root}/questions/q.yaml:7:13: `q1`: source sample.txt:2 -> sample.txt:3" in out
    assert (root / "questions" / "q.yaml").is_symlink()
    assert 'source: "./sample.txt:3"' in (shared / "q.yaml").read_text()
    assert oct((shared / "q.yaml").stat().st_mode & 0o777) == oct(0o640)
    assert not leftover.exists() and mine.read_text() == "mine"
    assert sorted(p.name for p in shared.iterdir()) == ["q.yaml"]
    assert cli(capsys, "check", "--strict", root)[0] == 0


# -- 18. a URL fragment can neither break a quiz nor freeze a source page ----------------------

def test_a_hostile_fragment_breaks_no_quiz_and_freezes_no_source_page(tmp_path, capsys, page):
    questions = "".join(f"  - id: q{n}\n    type: short\n    prompt: When was it signed, take {n}?\n"
                        f"    answer: \"1974\"\n    source: sample.txt:2\n" for n in range(1, 41))
    root = make_project(tmp_path, "title: T\nquestions:\n" + questions)
    assert cli(capsys, "build", root)[0] == 0
    site = root / "build"
    quiz = (site / "quiz" / "q.html").as_uri()
    for fragment in ("#q-constructor", "#q-__proto__", "#q-tostring"):
        page.goto(quiz + fragment)
        page.wait_for_selector("html[data-ready='true']", timeout=20_000)
        # The study view (the default): the fragment names no question, so the round starts at q1.
        assert page.evaluate("citequiz.round().current") == "q1"
        assert page.locator("main section.q").count() == 1
    page.click("#view-toggle")  # the all-on-one-page view still builds every question
    page.wait_for_selector("html[data-complete='true']", timeout=20_000)
    assert page.locator("main section.q").count() == 40
    for fragment in ("#q-constructor", "#q-__proto__"):
        page.goto(quiz + fragment)  # the list view is remembered
        page.wait_for_selector("html[data-complete='true']", timeout=20_000)
        assert page.locator("main section.q").count() == 40
    page.goto((site / "sources" / "sample.html").as_uri() + "#L1-L999999999", timeout=10_000)
    assert page.locator("li.target").count() == 3
    page.evaluate("location.hash = '#L2-L99999999999999999999'")
    page.wait_for_function("document.querySelectorAll('li.target').length === 2", timeout=10_000)
    assert page.console_errors == []


# -- beyond the 18: a project's template cannot reach Python -------------------------------------

def test_a_project_template_runs_in_the_sandbox(tmp_path, capsys):
    root = make_project(tmp_path / "p", short_bank())
    (root / "templates").mkdir()
    marker = tmp_path / "PWNED"
    (root / "templates" / "index.html.j2").write_text(
        f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}\n")
    code, _, err = cli(capsys, "build", root)
    assert code == 1 and not marker.exists()
    assert err.startswith("citequiz: templates/index.html.j2:1: error[template-error]: access to attribute "
                          "'__init__' of 'type' object is unsafe."), err


@pytest.mark.parametrize("kind, reason", [("fifo", "is not a regular file"), ("link", "is a link out of templates/")])
def test_a_project_template_that_is_a_fifo_or_a_link_out_is_not_read(tmp_path, kind, reason):
    root = make_project(tmp_path / "p", short_bank())
    (root / "templates").mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    path = root / "templates" / "quiz.html.j2"
    os.mkfifo(path) if kind == "fifo" else path.symlink_to(secret)
    result = run_cli("build", root, timeout=60)  # a FIFO read would hang until the timeout
    assert result.returncode == 1
    assert result.stderr == (f"citequiz: templates: error[template-error]: templates/quiz.html.j2 {reason}; "
                             "it is not read; nothing was built, build/ is unchanged\n")
    assert not (root / "build").exists()
