"""The flashcard TSV through Anki's own text importer (the `anki` package's Rust CSV importer):
every card arrives with its front and back intact, including sides that start with `"` or `#`,
which Anki would otherwise read as a quoted field or a comment line."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import pytest

from citequiz.load import load_project
from citequiz.render import choice_order, tabular

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "every-type"

pytestmark = pytest.mark.anki


def test_anki_imports_every_card_of_the_tsv(tmp_path):
    pytest.importorskip("anki", reason="the `anki` package (Anki's importer) is not installed")
    from anki.collection import Collection
    from anki.import_export_pb2 import ImportCsvRequest

    project, _ = load_project(FIXTURE)
    (bank,) = project.banks
    tricky = replace(bank.questions[0], id="ev-quote", prompt='"Quoted" at the start?')
    hashed = replace(bank.questions[0], id="ev-hash", prompt="#1 is which year?")
    bank = replace(bank, questions=(*bank.questions, tricky, hashed))
    path = tmp_path / "cards.tsv"
    path.write_bytes(tabular.tsv_bytes(bank))
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        metadata = col.get_csv_metadata(path=str(path), delimiter=None)
        col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))
        got = sorted(tuple(html.unescape(f).strip() for f in col.get_note(nid).fields)
                     for nid in col.find_notes(""))
    finally:
        col.close()
    # What each card must hold: the reviewed golden TSV, and the two tricky fronts written out.
    golden = (FIXTURE.parents[1] / "golden" / "every-type" / "every-type.tsv").read_text(encoding="utf-8")
    want = [tuple(side.strip() for side in line.split("\t")) for line in golden.splitlines()]
    # (their choices in the order drawn from each id, as every output shows them)
    want += [("\u201cQuoted\" at the start? — 1974 / 1978 / 1976 / 1972", "1974"),
             ("#1 is which year? — 1972 / 1978 / 1976 / 1974", "1974")]
    assert got == sorted(want)
    assert any(front.startswith("\u201cQuoted\" at the start?") for front, _ in got)
    assert any(front.startswith("#1 is which year?") for front, _ in got)
