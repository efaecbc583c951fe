"""Hypothesis-driven fuzz of what a project holds (issue 20): bank, config, seed and lock content.

Whatever the content, `citequiz check` and `citequiz build` (through the CLI's entry point)
end with exit 0 or 1 and never a traceback; and every output of a build that succeeds is one its
consumer can read: each XML file (Moodle XML, QTI 1.2, QTI 2.1) is well-formed, the GIFT reads back through the port of
Moodle's reader (tests/gift_reader.py) with one question per exported question, and the deck
imports into the official `anki` package with one note per question and no broken card.

Banks are generated so that many of them pass the check (answers are words of the generated
seed), while prompts, explanations, titles, tags and the seed itself are arbitrary Unicode,
including control characters, Anki and GIFT markup, quotes and line breaks.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from citequiz.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from gift_reader import read as read_gift  # noqa: E402  the port of Moodle's GIFT reader

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large, HealthCheck.filter_too_much])

# Text a hostile or unlucky author could write: any Unicode, with the characters that matter to
# some output format made frequent.
MARKUP = ["<script>alert(1)</script>", "[sound:x.mp3]", "[latex]x[/latex]", "[$]y[/$]", "{{c1::z}}", "::",
          "{", "}", "~", "=", "#", "\\", '"', "'", "&amp;", "]]>", "\n", "\r", "\t", "\x00", "\x1b[2J", "\x0b",
          "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\ud800", "=HYPERLINK(1)", "-2+3", "@x", "`"]
SAFE_MARKUP = [m for m in MARKUP if not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe]", m)]
printable = st.text(alphabet=st.characters(exclude_categories=["Cc", "Cs", "Co", "Cn"]), max_size=30)
hostile = st.one_of(st.text(max_size=40), st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=6)),
                                                   max_size=6).map("".join))
marked = st.lists(st.one_of(st.sampled_from(SAFE_MARKUP), printable), max_size=6).map("".join)
benign = st.one_of(printable, marked).map(lambda t: t if t.strip() else t + "x")
anything = st.one_of(benign, hostile).map(lambda t: t if t.strip() else t + "x")
words = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=8)


def toml_lines(texts):
    values = st.one_of(st.booleans(), st.integers(-10, 10), texts.map(json.dumps),
                       st.sampled_from(['"https://example.org/q/"', '"javascript:alert(1)"', "[]", "{}", '""']))
    return st.one_of(
        st.tuples(st.sampled_from(["title", "description", "x", "typed_answers", "source_url", "quiz", "anki"]),
                  values).map(lambda kv: f"{kv[0]} = {kv[1]}"),
        st.sampled_from(["[anki]", "[print]", "[quiz]", "[lms]", "[[print.forms]]", "[tool]", "= 3", "[", "x = = 1"]),
        texts)


@st.composite
def projects(draw):
    """(seed text, bank mapping, config text): questions grounded in the seed's words. Half the
    projects use printable text only (markup and all), so that many build and their outputs are
    read; the other half any text at all, to be refused cleanly or built right."""
    texts = draw(st.sampled_from([benign, anything]))
    configs = st.one_of(st.none(), st.lists(toml_lines(texts), max_size=6).map("\n".join))
    seed_words = draw(st.lists(words, min_size=6, max_size=20, unique_by=str.casefold))
    lines = [" ".join(seed_words[i:i + 3]) for i in range(0, len(seed_words), 3)]
    extra = draw(st.lists(texts, max_size=3))  # arbitrary lines after the grounded ones
    seed = "\n".join(lines + extra) + draw(st.sampled_from(["\n", "\r\n", ""]))
    questions = []
    for n in range(draw(st.integers(1, 5))):
        line = draw(st.integers(1, len(lines)))
        here = lines[line - 1].split(" ")
        answer = draw(st.sampled_from(here))
        kind = draw(st.sampled_from(["short", "mcq", "tf", "cloze", "multi"]))
        q = {"id": f"q{n}", "type": kind, "source": f"s.txt:{line}"}
        if kind == "cloze":
            q["text"] = lines[line - 1].replace(answer, "{{c1::" + answer + "}}", 1)
        else:
            q["prompt"] = draw(texts) or "Which?"
        if kind in ("mcq", "multi"):
            others = [w for w in seed_words if w.casefold() != answer.casefold()][:3]
            q["choices"] = [answer, *others]
            q["answers" if kind == "multi" else "answer"] = [answer] if kind == "multi" else answer
        elif kind == "short":
            q["answer"] = answer
        elif kind == "tf":
            q["answer"] = draw(st.booleans())
            q["quote"] = answer
        if draw(st.booleans()):
            q["explanation"] = draw(texts)
        if draw(st.booleans()):
            q["tags"] = draw(st.lists(texts, max_size=2))
        questions.append(q)
    bank = {"title": draw(texts) or "T", "questions": questions}
    if draw(st.booleans()):
        bank["description"] = draw(texts)
    config = draw(configs)
    return seed, bank, config


def write(root: Path, seed: str | bytes, bank: dict | str, config: str | None) -> None:
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "questions").mkdir(exist_ok=True)
    data = seed if isinstance(seed, bytes) else seed.encode("utf-8", "surrogatepass")
    (root / "seeds" / "s.txt").write_bytes(data)
    text = bank if isinstance(bank, str) else yaml.safe_dump(bank, allow_unicode=True)
    (root / "questions" / "q.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    if config is not None:
        (root / "citequiz.toml").write_bytes(config.encode("utf-8", "surrogatepass"))


def run(capsys, *args) -> tuple[int, str]:
    """The CLI's entry point in-process; any exception escaping it fails the example."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code in (0, 1), (code, out, err)
    assert "Traceback" not in out + err
    return code, out + err


def assert_consumers_read(site: Path, bank: dict, anki_import) -> None:
    xml = [(path.name, path.read_bytes()) for path in (site / "lms").glob("*.xml")]  # Moodle XML
    for package in (site / "lms").glob("*.zip"):  # QTI 1.2 and 2.1
        with zipfile.ZipFile(package) as zf:
            xml += [(f"{package.name}/{n}", zf.read(n)) for n in zf.namelist() if n.endswith(".xml")]
    assert len(xml) >= 3, [name for name, _ in xml]
    for name, data in xml:
        ET.parse(io.BytesIO(data))  # raises on XML that is not well-formed
    gift = (site / "lms" / "q.gift.txt").read_text(encoding="utf-8")
    read = [q for q in read_gift(gift) if q["qtype"] != "category"]
    assert sorted({q["idnumber"] for q in read}) == sorted(q["id"] for q in bank["questions"]), gift
    notes, broken = anki_import(next((site / "anki").glob("*.apkg")))
    assert notes == len(bank["questions"]) and not broken, broken


@pytest.fixture(scope="module")
def anki_import(tmp_path_factory):
    """import(apkg) -> (notes in a fresh collection, cards whose render shows Anki's error text)."""
    collection = pytest.importorskip("anki.collection")
    made = []

    def load(apkg: Path):
        col = collection.Collection(str(tmp_path_factory.mktemp("fuzz-anki") / "c.anki2"))
        made.append(col)
        col.import_anki_package(collection.ImportAnkiPackageRequest(
            package_path=str(apkg), options=collection.ImportAnkiPackageOptions(with_scheduling=False)))
        broken = []
        for cid in col.find_cards(""):
            out = col.get_card(cid).render_output(reload=True)
            if re.search(r"template has a problem|templates/errors", out.question_text + out.answer_text):
                broken.append(out.question_text)
        notes = len(col.find_notes(""))
        col.close()
        made.remove(col)
        return notes, broken

    yield load
    for col in made:
        col.close()


@settings(FUZZ, max_examples=40)
@given(projects())
def test_fuzzed_projects_build_or_fail_cleanly_and_their_outputs_parse(capsys, anki_import, project):
    seed, bank, config = project
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        write(root, seed, bank, config)
        code, out = run(capsys, "build", root)
        event("built" if code == 0 else "refused")  # --hypothesis-show-statistics: about half build
        if code == 0:
            assert_consumers_read(root / "build", bank, anki_import)
        else:
            assert re.search(r"error\[[a-z-]+\]", out), out


@FUZZ
@given(st.binary(max_size=300), st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_fuzzed_seed_and_bank_bytes_give_findings_never_a_traceback(capsys, seed, bank):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        (root / "seeds").mkdir(parents=True)
        (root / "questions").mkdir()
        (root / "seeds" / "s.txt").write_bytes(seed)
        (root / "questions" / "q.yaml").write_bytes(bank)
        run(capsys, "check", root)
        run(capsys, "coverage", root)
        run(capsys, "cite", "x", root)


json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
                           lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                   st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                           max_leaves=10)


# Values that fit some place in a lock: a replaced part is sometimes still a valid lock.
VALID_PARTS = ["another-namespace", "sha256:" + "a" * 16, "2030-01-01T00:00:00Z", 1, {},
               {"q1": {"hash": "sha256:" + "b" * 16, "changed": "1999-12-31T23:59:59Z"}}]


@st.composite
def locks(draw):
    """A lock file: a real one with some part replaced, or arbitrary JSON, or arbitrary text."""
    good = {"comment": "c", "format": 1, "namespace": "p",
            "note_types": {"citequiz question": {"hash": "sha256:" + "0" * 16, "changed": "2026-01-01T00:00:00Z"}},
            "questions": {"q1": {"hash": "sha256:" + "1" * 16, "changed": "2026-01-01T00:00:00Z"}}}
    choice = draw(st.sampled_from(["whole", "one part replaced", "any JSON", "any bytes"]))
    if choice == "whole":  # as another build wrote it
        return json.dumps(good).encode()
    if choice == "one part replaced":
        path = draw(st.sampled_from([("namespace",), ("format",), ("questions",), ("questions", "q1"),
                                     ("questions", "q1", "hash"), ("questions", "q1", "changed"), ("note_types",),
                                     ("extra",)]))
        target = good
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = draw(st.one_of(json_values, st.sampled_from(VALID_PARTS)))
        return json.dumps(good).encode()
    if choice == "any JSON":
        return json.dumps(draw(json_values)).encode()
    return draw(st.binary(max_size=100))


stamps = st.fixed_dictionaries({
    "hash": st.from_regex(r"sha256:[0-9a-f]{16}", fullmatch=True),
    "changed": st.integers(0, 4_000_000_000).map(lambda t: __import__("datetime").datetime.fromtimestamp(
        t, __import__("datetime").timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))})
valid_locks = st.fixed_dictionaries({
    "format": st.just(1), "namespace": printable.filter(str.strip),
    "note_types": st.dictionaries(st.sampled_from(["citequiz question", "citequiz cloze", "x"]), stamps, max_size=3),
    "questions": st.dictionaries(st.sampled_from(["q1", "q2", "a-b"]), stamps, max_size=3),
}).map(lambda lock: json.dumps(lock, ensure_ascii=False).encode())


@settings(FUZZ, max_examples=25)
@given(st.one_of(valid_locks, locks()))
def test_fuzzed_lock_files_build_or_refuse_cleanly(capsys, anki_import, lock):
    bank = {"title": "T", "questions": [{"id": "q1", "type": "short", "prompt": "Which?", "answer": "alpha",
                                         "source": "s.txt:1"}]}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        write(root, "alpha beta gamma\n", bank, None)
        (root / "questions" / ".citequiz-lock.json").write_bytes(lock)
        code, out = run(capsys, "build", root)
        event("built" if code == 0 else "refused")
        if code == 1:
            assert "error[lock-invalid]" in out, out
        else:
            assert_consumers_read(root / "build", bank, anki_import)
