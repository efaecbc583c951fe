"""Benchmark: the Anki stage for 10,000 questions against genanki alone, in one run.

    .venv/bin/python bench/anki_bench.py [N]

"Ours" is what `citequiz build` does for the deck once the project is loaded and checked:
fingerprint every note for the lock, update the lock, render the .apkg (fields, note types,
per-note times, SQLite in memory, deterministic zip) and write it atomically to disk.
"genanki alone" is genanki writing the very same notes (same note types, fields, tags, GUIDs)
with `Package.write_to_file`, given the fields ready-made. Prints the best of a few rounds of
each and their ratio (the target is at most 1.5x).
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from pathlib import Path

import genanki

from citequiz import lock as lockfile
from citequiz.model import Bank, Citation, Pair, Pos, Project, Question, Seed, SourceInfo
from citequiz.render import anki
from citequiz.templating import environment
from citequiz.write import atomic_write

TYPES = ("mcq", "multi", "tf", "short", "cloze", "match")
ROUNDS = 5


def synthetic_project(n: int) -> Project:
    lines = tuple(f"Line {i}: in {1900 + i % 120} the treaty of Place{i} was signed by A{i} and B{i}."
                  for i in range(1, 201))
    seed = Seed("synthetic.txt", lines, SourceInfo(title="A synthetic source"))
    banks = []
    per_bank = 500
    for b in range(0, n, per_bank):
        bank_name = f"bank-{b // per_bank:03d}"
        questions = []
        for i in range(b, min(n, b + per_bank)):
            kind = TYPES[i % len(TYPES)]
            line = 1 + i % 200
            common = dict(id=f"q{i:05d}", type=kind, bank=bank_name, pos=Pos(f"questions/{bank_name}.yaml", i + 1, 5),
                          sources=(Citation("synthetic.txt", line, line, Pos("x")),),
                          explanation=f"Explanation {i} with <markup> & \"quotes\".",
                          tags=("synthetic", f"t{i % 7}"), difficulty=1 + i % 3)
            year = str(1900 + (line - 1) % 120 + 1)
            if kind == "mcq":
                q = Question(prompt=f"When was treaty {i} signed?", choices=(year, "1801", "1802", "1803"),
                             answer=year, **common)
            elif kind == "multi":
                q = Question(prompt=f"Who signed treaty {i}?", choices=(f"A{line}", f"B{line}", "C", "D"),
                             answers=(f"A{line}", f"B{line}"), **common)
            elif kind == "tf":
                q = Question(prompt=f"Treaty {i} was signed by A{line}.", answer=True,
                             quote=f"signed by A{line}", **common)
            elif kind == "short":
                q = Question(prompt=f"Where was treaty {i} signed?", answer=f"Place{line}",
                             accept=(f"place {line}",), **common)
            elif kind == "cloze":
                q = Question(text=f"In {{{{c1::{year}}}}} the treaty of {{{{c2::Place{line}::a place}}}} was signed.",
                             **common)
            else:
                q = Question(prompt=f"Match treaty {i}.", pairs=(
                    Pair(f"Place{line}", year, Pos("x")), Pair("signed by", f"A{line}", Pos("x")),
                    Pair("and by", f"B{line}", Pos("x"))), **common)
            questions.append(q)
        banks.append(Bank(bank_name, f"Bank {b // per_bank}", f"questions/{bank_name}.yaml", tuple(questions)))
    return Project(root=Path("."), title="Benchmark project", banks=tuple(banks), seeds={seed.name: seed})


def ours(project: Project, env, out: Path) -> None:
    note_types, questions = anki.fingerprints(project, env)
    lock = lockfile.updated(lockfile.EMPTY, namespace=project.name, note_types=note_types,
                            questions=questions, now=1_790_000_000)
    atomic_write(out, anki.apkg_bytes(project, env, lock))


def genanki_alone(specs, models, decks_by_bank, namespace: str, out: Path) -> None:
    decks = {name: genanki.Deck(anki.deck_id(name), name) for name in decks_by_bank.values()}
    for spec in specs:
        decks[decks_by_bank[spec.bank]].add_note(genanki.Note(
            model=models[spec.model], fields=list(spec.fields), tags=list(spec.tags),
            guid=anki.note_guid(namespace, spec.question_id)))
    genanki.Package(list(decks.values())).write_to_file(str(out), timestamp=1_790_000_000)


def race(fns: dict, project: Project) -> dict[str, float]:
    """Best time of each function over ROUNDS rounds, the functions taking turns within a round
    so that a busy machine slows both alike."""
    best = {name: float("inf") for name in fns}
    for _ in range(ROUNDS):
        for name, fn in fns.items():
            fresh = dataclasses.replace(project)  # a new object: nothing memoised from before
            start = time.perf_counter()
            fn(fresh)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    project = synthetic_project(n)
    env = environment(None)
    specs = anki.note_specs(project)  # genanki's input, prepared outside its timing
    types = anki.note_types(env)
    _, decks_by_bank = anki.deck_names(project)
    with tempfile.TemporaryDirectory() as tmp:
        ours_path, theirs_path = Path(tmp) / "ours.apkg", Path(tmp) / "genanki.apkg"
        best = race({
            "ours": lambda p: ours(p, env, ours_path),
            "genanki": lambda p: genanki_alone(
                specs, {k: t.genanki_model() for k, t in types.items()}, decks_by_bank, p.name, theirs_path),
        }, project)
        t_ours, t_theirs = best["ours"], best["genanki"]
        size_ours, size_theirs = ours_path.stat().st_size, theirs_path.stat().st_size
    cards = sum(len(q.deletions) if q.type == "cloze" else len(q.pairs) if q.type == "match" else 1
                for q in project.questions())
    print(f"{n} questions, {cards} cards, best of {ROUNDS} rounds")
    print(f"citequiz Anki stage: {t_ours:.3f} s  ({size_ours / 1e6:.1f} MB)")
    print(f"genanki alone:       {t_theirs:.3f} s  ({size_theirs / 1e6:.1f} MB)")
    print(f"ratio: {t_ours / t_theirs:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
