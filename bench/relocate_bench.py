"""Benchmark: what `citation-moved` detection costs `check`.

A synthetic project (one seed of LINES lines, QUESTIONS questions each citing one line) is checked
clean, then after a line is inserted at the top of the seed, so that every citation has moved.
The clean check must not search the seed; the moved one searches it once per question.

    .venv/bin/python bench/relocate_bench.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from citequiz.check import check_project
from citequiz.load import load_project

LINES, QUESTIONS = 20_000, 400


def make(root: Path) -> None:
    (root / "seeds").mkdir(parents=True)
    (root / "questions").mkdir()
    lines = [f"In year {1000 + n} the council of town {n} approved measure number {n * 7 + 3} after debate."
             for n in range(LINES)]
    (root / "seeds" / "big.txt").write_text("\n".join(lines) + "\n")
    step = LINES // QUESTIONS
    qs = []
    for i in range(QUESTIONS):
        n = i * step
        qs.append(f"  - id: q{i}\n    type: short\n    prompt: Which measure did town {n} approve?\n"
                  f"    answer: \"{n * 7 + 3}\"\n    quote: council of town {n} approved\n    source: big.txt:{n + 1}\n")
    (root / "questions" / "b.yaml").write_text("title: Bench\nquestions:\n" + "".join(qs))


def timed(root: Path) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(3):
        t = time.perf_counter()
        project, findings = load_project(root)
        findings = findings + check_project(project)
        best = min(best, time.perf_counter() - t)
        count = sum(f.rule == "citation-moved" for f in findings)
    return best, count


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        make(root)
        clean, n0 = timed(root)
        seed = root / "seeds" / "big.txt"
        seed.write_text("A new first line.\n" + seed.read_text())
        moved, n1 = timed(root)
    print(f"{QUESTIONS} questions against a {LINES:,}-line seed, best of 3")
    print(f"clean check:           {clean:.3f} s  ({n0} citation-moved)")
    print(f"every citation moved:  {moved:.3f} s  ({n1} citation-moved)")


if __name__ == "__main__":
    main()
