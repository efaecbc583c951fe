"""The Anki deck, checked by Anki's own importer (the official `anki` package from PyPI).

Each test imports into a fresh collection (cheap: one Anki backend per session, a new
collection file per test) and asserts what a learner would see: the cards, their order, and
that a rebuilt deck updates exactly the notes that changed.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from citequiz import lock as lockfile
from citequiz.build import build, render_all
from citequiz.load import load_project
from citequiz.render import anki as anki_render

pytestmark = pytest.mark.anki

# Imported from anki.collection before anything else of anki's (see shared notes on Anki).
collection_mod = pytest.importorskip("anki.collection")
Collection = collection_mod.Collection
ImportAnkiPackageRequest = collection_mod.ImportAnkiPackageRequest
ImportAnkiPackageOptions = collection_mod.ImportAnkiPackageOptions

T0 = 1_790_000_000  # the build times the tests pretend: 2026-09-21T14:13:20Z and later
DECK = "Every Type <Fixture> & Co"
BANK_DECK = f"{DECK}::Every type & <special> characters"
TEMPLATE_ERROR = re.compile(r"template has a problem|templates/errors|front of this card is blank", re.I)


@pytest.fixture(scope="session")
def new_collection(tmp_path_factory):
    """Make a fresh, empty collection; all are closed at the end of the session."""
    made = []

    def make():
        path = tmp_path_factory.mktemp("anki") / "collection.anki2"
        col = Collection(str(path))
        made.append(col)
        return col

    yield make
    for col in made:
        col.close()


def deck_path(root: Path) -> Path:
    return root / "build" / "anki" / "every-type-fixture-co.apkg"


def build_deck(root: Path, now: int) -> Path:
    build(root, root / "build", now=now)
    return deck_path(root)


def import_deck(col, apkg: Path):
    request = ImportAnkiPackageRequest(
        package_path=str(apkg), options=ImportAnkiPackageOptions(with_scheduling=False))
    return col.import_anki_package(request).log


def expected_cards(root: Path, *, typed: bool = False) -> int:
    project, _ = load_project(root)
    total = 0
    for q in project.questions():
        if q.type == "cloze":
            total += len(q.deletions)
        elif q.type == "match":
            total += len(q.pairs)
        else:
            total += 2 if (typed and q.type == "short") else 1
    return total


def note_by_id(col, project_ns: str, question_id: str):
    guid = anki_render.note_guid(project_ns, question_id)
    found = [n for n in map(col.get_note, col.find_notes("")) if n.guid == guid]
    assert len(found) == 1, f"{len(found)} notes for {question_id}"
    return found[0]


def edit_bank(root: Path, old: str, new: str) -> None:
    bank = root / "questions" / "every-type.yaml"
    text = bank.read_text(encoding="utf-8")
    assert old in text
    bank.write_text(text.replace(old, new, 1), encoding="utf-8")


def strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


# ---------------------------------------------------------------------------------------------


def test_every_card_renders_with_a_front_and_counts_match_the_banks(every_type, new_collection):
    col = new_collection()
    log = import_deck(col, build_deck(every_type, T0))
    assert len(log.new) == 9 and not log.updated and not log.conflicting
    cards = [col.get_card(cid) for cid in col.find_cards("")]
    assert len(cards) == expected_cards(every_type) == 7 + 2 + 3  # seven one-card questions, cloze 2 deletions, match 3 pairs
    for card in cards:
        out = card.render_output(reload=True)
        assert not TEMPLATE_ERROR.search(out.question_text), out.question_text
        assert not TEMPLATE_ERROR.search(out.answer_text), out.answer_text
        assert strip_tags(out.question_text), f"blank front on card {card.ord} of {card.note().fields}"
        # Every back: the explanation, the quote and where it stands.
        assert "cq-explanation" in out.answer_text and "cq-quote" in out.answer_text
        assert "Source: The Sample Treaty (a test text), line" in out.answer_text
    assert {col.decks.name(c.did) for c in cards} == {BANK_DECK}
    assert DECK in col.decks.all_names_and_ids().__repr__()
    names = {col.get_note(c.nid).note_type()["name"] for c in cards}
    assert names == {"citequiz question", "citequiz cloze", "citequiz match", "citequiz order"}
    # Anki's "Check Database" finds nothing to repair (it lists each problem it fixes).
    assert col.fix_integrity()[0] == "Database rebuilt and optimized."
    assert len(col.find_cards("")) == len(cards)


def test_card_content_per_type(every_type, new_collection):
    col = new_collection()
    import_deck(col, build_deck(every_type, T0))
    ns = "every-type-fixture-co"

    mcq = note_by_id(col, ns, "ev-mcq")
    assert set(mcq.tags) == {"bank::every-type", "fixture", "dates", "difficulty::1", "source::sample"}
    (card,) = mcq.cards()
    out = card.render_output(reload=True)
    for choice in ("1972", "1974", "1976", "1978"):
        assert f"<li>{choice}</li>" in out.question_text
    assert '<span class="cq-mark">✓</span> 1974' in out.answer_text
    assert out.answer_text.count("cq-mark") == 1

    multi = note_by_id(col, ns, "ev-multi").cards()[0].render_output(reload=True)
    assert multi.answer_text.count("cq-mark") == 3 and "Select all that apply" in multi.question_text

    tf = note_by_id(col, ns, "ev-tf").cards()[0].render_output(reload=True)
    assert "False" not in tf.question_text
    assert '<p class="cq-verdict">False</p>' in tf.answer_text
    assert '<blockquote class="cq-quote">Camelot remains bound by it</blockquote>' in tf.answer_text

    cloze = sorted(note_by_id(col, ns, "ev-cloze").cards(), key=lambda c: c.ord)
    fronts = [c.render_output(reload=True).question_text for c in cloze]
    assert "2006" not in strip_tags(fronts[0]).split("for Avalon")[0] and "2012" in fronts[0]
    assert "[a year]" in fronts[1] and "2006" in fronts[1]

    match = sorted(note_by_id(col, ns, "ev-match").cards(), key=lambda c: c.ord)
    outs = [c.render_output(reload=True) for c in match]
    assert [re.search(r'cq-left">([^<]+)<', o.question_text).group(1) for o in outs] == \
        ["Avalon", "Brigadoon", "Camelot"]
    assert all("2006" not in o.question_text for o in outs)
    for o in outs:  # the whole table on every back
        assert "<td>Avalon</td><td>2006</td>" in o.answer_text
        assert "<td>Camelot</td><td>remains bound</td>" in o.answer_text

    (card,) = note_by_id(col, ns, "ev-order").cards()
    out = card.render_output(reload=True)
    items = ["signed in 1974", "amended in 2006 for Avalon", "in 2012 for Brigadoon"]
    front = re.findall(r"<li>([^<]+)</li>", out.question_text)
    assert sorted(front) == sorted(items) and front != items  # shuffled on the front
    assert "<ol" not in out.question_text  # and not the order
    right = re.search(r'<ol class="cq-order">(.*?)</ol>', out.answer_text).group(1)
    assert re.findall(r"<li>([^<]+)</li>", right) == items  # the order on the back, numbered by <ol>


def test_new_cards_come_in_bank_order(every_type, new_collection):
    col = new_collection()
    import_deck(col, build_deck(every_type, T0))
    project, _ = load_project(every_type)
    cards = sorted((col.get_card(cid) for cid in col.find_cards("is:new")), key=lambda c: (c.due, c.ord))
    order = list(dict.fromkeys(col.get_note(c.nid)["Id"] for c in cards))
    assert order == [q.id for q in project.questions()]


def test_script_in_a_prompt_is_escaped(every_type, new_collection):
    col = new_collection()
    import_deck(col, build_deck(every_type, T0))
    note = note_by_id(col, "every-type-fixture-co", "ev-xss")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in note["Prompt"]
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in note["Answer"]
    for nid in col.find_notes(""):
        for value in col.get_note(nid).fields:
            assert "<script" not in value.lower() and "<b>" not in value
    out = note.cards()[0].render_output(reload=True)
    assert "<script" not in out.question_text.lower() + out.answer_text.lower()


def test_reimporting_the_same_deck_changes_nothing(every_type, new_collection):
    col = new_collection()
    apkg = build_deck(every_type, T0)
    import_deck(col, apkg)
    before = {nid: col.get_note(nid).mod for nid in col.find_notes("")}
    log = import_deck(col, apkg)
    assert not log.new and not log.updated and not log.conflicting
    assert len(log.duplicate) == 9
    assert {nid: col.get_note(nid).mod for nid in col.find_notes("")} == before


def test_an_edited_question_updates_exactly_its_note_and_keeps_its_history(every_type, new_collection):
    col = new_collection()
    import_deck(col, build_deck(every_type, T0))
    ns = "every-type-fixture-co"
    tf_card = note_by_id(col, ns, "ev-tf").cards()[0]
    tf_card.reps, tf_card.ivl = 3, 7  # the learner's review history
    col.update_card(tf_card)
    notes_before = set(col.find_notes(""))
    lock_before = json.loads((every_type / lockfile.LOCK_FILE).read_text())

    edit_bank(every_type, "explanation: Camelot remains bound by it.",
              "explanation: The text says Camelot remains bound by it.")
    # Rebuilt within the same second as the first build: the edit must still get through.
    log = import_deck(col, build_deck(every_type, T0))
    assert not log.new and not log.conflicting
    assert [note_by_id(col, ns, "ev-tf").id] == [e.id.nid for e in log.updated]
    assert len(log.duplicate) == 8
    assert set(col.find_notes("")) == notes_before
    note = note_by_id(col, ns, "ev-tf")
    assert note["Explanation"] == "The text says Camelot remains bound by it."
    card = col.get_card(tf_card.id)
    assert (card.reps, card.ivl) == (3, 7)

    lock_after = json.loads((every_type / lockfile.LOCK_FILE).read_text())
    changed = {k for k in lock_after["questions"] if lock_after["questions"][k] != lock_before["questions"][k]}
    assert changed == {"ev-tf"}
    assert lock_after["questions"]["ev-tf"]["changed"] == "2026-09-21T14:13:21Z"


def test_deleting_a_question_leaves_the_others_alone(every_type, new_collection):
    col = new_collection()
    import_deck(col, build_deck(every_type, T0))
    before = {nid: (col.get_note(nid).mod, tuple(col.get_note(nid).fields)) for nid in col.find_notes("")}
    bank = every_type / "questions" / "every-type.yaml"
    text = bank.read_text(encoding="utf-8")
    start, end = text.index("  - id: ev-short\n"), text.index("  - id: ev-cloze\n")
    bank.write_text(text[:start] + text[end:], encoding="utf-8")

    log = import_deck(col, build_deck(every_type, T0 + 60))
    assert not log.new and not log.updated and not log.conflicting
    assert len(log.duplicate) == 8
    assert {nid: (col.get_note(nid).mod, tuple(col.get_note(nid).fields)) for nid in col.find_notes("")} == before
    lock = json.loads((every_type / lockfile.LOCK_FILE).read_text())
    assert "ev-short" not in lock["questions"] and len(lock["questions"]) == 8


def test_renaming_the_project_keeps_note_identity(every_type, new_collection):
    col = new_collection()
    import_deck(col, build_deck(every_type, T0))
    (every_type / "citequiz.toml").write_text('title = "A New Name"\n', encoding="utf-8")
    build(every_type, every_type / "build", now=T0 + 60)
    log = import_deck(col, every_type / "build" / "anki" / "a-new-name.apkg")
    assert not log.new and not log.conflicting and len(log.duplicate) == 9


def test_typed_answer_variant(every_type, new_collection):
    (every_type / "citequiz.toml").write_text(
        'title = "Every Type <Fixture> & Co"\n[anki]\ntyped_answers = true\n', encoding="utf-8")
    col = new_collection()
    import_deck(col, build_deck(every_type, T0))
    assert len(col.find_cards("")) == expected_cards(every_type, typed=True) == 14
    typed = [col.get_card(cid) for cid in col.find_cards('"card:Typed answer"')]
    assert {col.get_note(c.nid)["Id"] for c in typed} == {"ev-short", "ev-xss"}
    for card in typed:
        out = card.render_output(reload=True)
        # Anki marks the input box for the client to draw.
        assert "[[type:Typed]]" in out.question_text and not TEMPLATE_ERROR.search(out.question_text)


def test_two_builds_are_byte_equal(every_type, tmp_path):
    first = build_deck(every_type, T0).read_bytes()
    second = build_deck(every_type, T0 + 3600).read_bytes()  # later clock, nothing changed
    assert first == second
    project, _ = load_project(every_type)
    lock, _ = lockfile.read_lock(every_type)
    assert render_all(project, lock)["anki/every-type-fixture-co.apkg"] == first
    with zipfile.ZipFile(every_type / "build" / "anki" / "every-type-fixture-co.apkg") as zf:
        assert zf.namelist() == ["collection.anki2", "media"]
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        (tmp_path / "c.anki2").write_bytes(zf.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    assert {m for (m,) in db.execute("select mod from notes")} == {T0}
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    db.close()


def test_note_types_are_fixed_forever(every_type):
    """Changing a model id or a field or template name makes every learner's notes conflict.
    This test pins them; if it fails, you need a new note type, not an edit."""
    from citequiz.templating import environment

    types = anki_render.note_types(environment(every_type))
    assert {t.name: t.model_id for t in types.values()} == {
        "citequiz question": 1731402117, "citequiz cloze": 1731402118, "citequiz match": 1731402119,
        "citequiz order": 1731402120}
    assert types["question"].fields == ("Prompt", "Choices", "Answer", "Typed", "Explanation", "Quote",
                                        "Source", "SourceLink", "Kind", "Id", "Extra", "Spare")
    assert types["cloze"].fields[:2] == ("Text", "Prompt")
    assert types["order"].fields[:3] == ("Prompt", "Items", "Order")
    assert [name for name, _, _ in types["order"].templates] == ["Order"]
    assert [t[0] for t in types["question"].templates] == ["Recall", "Typed answer"]
    assert [t[0] for t in types["match"].templates] == [f"Pair {n}" for n in range(1, 11)]
    assert "Basic" not in {t.name for t in types.values()}


def test_a_damaged_lock_file_refuses_the_build(every_type):
    from citequiz.errors import CheckFailed

    (every_type / lockfile.LOCK_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(CheckFailed) as exc:
        build(every_type, every_type / "build", now=T0)
    assert [f.rule for f in exc.value.findings if f.severity == "error"] == ["lock-invalid"]
    assert not (every_type / "build").exists()


def test_lock_update_rules():
    h1, h2, h3, h4 = (f"sha256:{c * 16}" for c in "1234")
    old = lockfile.Lock("ns", {}, {"a": lockfile.Stamp(h1, 100), "b": lockfile.Stamp(h2, 100)})
    new = lockfile.updated(old, namespace="other", note_types={}, questions={"a": h1, "b": h3, "c": h4},
                           now=100)
    assert new.namespace == "ns"
    assert new.questions == {"a": lockfile.Stamp(h1, 100), "b": lockfile.Stamp(h3, 101),
                             "c": lockfile.Stamp(h4, 100)}
    again = lockfile.loads(lockfile.dumps(new))
    assert again == (new, [])


def test_a_changed_card_template_updates_the_note_type_in_place(every_type, new_collection):
    col = new_collection()
    import_deck(col, build_deck(every_type, T0))
    from citequiz.templating import builtin_templates

    override = every_type / "templates" / "anki" / "question.front.html"
    override.parent.mkdir(parents=True)
    original = (builtin_templates() / "anki" / "question.front.html").read_text(encoding="utf-8")
    override.write_text(original.replace('class="cq-prompt"', 'class="cq-prompt cq-local"'), encoding="utf-8")
    log = import_deck(col, build_deck(every_type, T0 + 60))
    assert not log.new and not log.conflicting and not log.updated
    assert sorted(m["name"] for m in col.models.all()).count("citequiz question") == 1
    out = note_by_id(col, "every-type-fixture-co", "ev-mcq").cards()[0].render_output(reload=True)
    assert "cq-local" in out.question_text


def test_cli_build_reports_a_damaged_lock_file(every_type):
    import subprocess
    import sys

    (every_type / lockfile.LOCK_FILE).write_text('{"format": 1, "namespace": "x", "questions": {"a": {}}}',
                                                 encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "citequiz", "build", str(every_type)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert ("questions/.citequiz-lock.json:1:1: error[lock-invalid]: cannot read the lock file: `questions` entry "
            '"a" must have exactly `hash` and `changed`; restore it from version control') in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_another_process_builds_the_same_bytes(every_type, tmp_path):
    """No dependence on hash seeds or the clock: a fresh interpreter with another hash seed
    writes the same deck (the lock from the first build is on disk)."""
    import os
    import subprocess
    import sys

    first = build_deck(every_type, T0).read_bytes()
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "citequiz", "build", str(every_type), "-o", str(tmp_path / "out")],
                   check=True, capture_output=True, env=env)
    assert (tmp_path / "out" / "anki" / "every-type-fixture-co.apkg").read_bytes() == first
