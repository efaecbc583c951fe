"""Benchmark: a 2,000-question quiz page in headless Chromium (a benchmark, not a test).

Generates a bank of N questions of all six types in memory (deterministic), renders it with the
real renderer, loads it over file:// in Debian's Chromium and prints:

- time to the first question being interactive: the page's own `citequiz:first-question`
  performance mark (ms after navigation start), and, from outside, the wall time from `goto` to
  having answered question 1 with a click and seen its feedback, with the browser's own record
  (Event Timing) of how long that first click waited for the page;
- when every question is built (the page builds the rest in idle-time batches), and then the
  wall time to jump to the last question by its link and check it;
- bytes: the whole page, its content (the embedded JSON) and its code (everything else), and
  content bytes per question.

    .venv/bin/python bench/quiz_bench.py [--questions 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from citequiz.build import Context
from citequiz.model import Bank, Citation, Pair, Pos, Project, Question, Seed, SourceInfo
from citequiz.render import quiz
from citequiz.templating import environment

WORDS = ("trade agreement minerals partnership corridor security assistance summit region policy "
         "export investment amendment congress emigration treaty railway pipeline uranium lithium "
         "diplomacy sanctions envoy delegation ministry framework").split()
CHROMIUM = "/usr/bin/chromium"


def synthetic_project(n: int, *, seed: int = 7) -> Project:
    rnd = random.Random(seed)
    lines = []
    for i in range(1, 501):
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(12, 30))]
        lines.append(f"In {1990 + i % 35} the {' '.join(words)} reached {i} units.")
    seed_file = Seed("synthetic.txt", tuple(lines), SourceInfo(title="A synthetic source text"))
    questions = []
    types = ("mcq", "mcq", "mcq", "tf", "tf", "short", "short", "cloze", "cloze", "multi", "match")
    for k in range(n):
        qtype = types[k % len(types)]
        line = rnd.randint(1, len(lines))
        words = lines[line - 1].split()
        prompt = f"According to the text, what {' '.join(rnd.sample(WORDS, 8))} in question {k}?"
        common = dict(id=f"q{k:05d}", type=qtype, bank="big", pos=Pos("questions/big.yaml", k + 1, 1),
                      sources=(Citation("synthetic.txt", line, line, Pos("questions/big.yaml", k + 1, 1)),),
                      explanation=f"The text says so at line {line}: {' '.join(words[2:14])}.",
                      quote=" ".join(words[3:9]))
        if qtype == "mcq":
            choices = tuple(f"{1990 + (k + j) % 35} {WORDS[j]}" for j in range(4))
            q = Question(prompt=prompt, choices=choices, answer=choices[k % 4], **common)
        elif qtype == "multi":
            choices = tuple(WORDS[(k + j) % len(WORDS)] for j in range(5))
            q = Question(prompt=prompt, choices=choices, answers=choices[:2], **common)
        elif qtype == "tf":
            q = Question(prompt=f"The text says {' '.join(words[:12])}.", answer=bool(k % 2), **common)
        elif qtype == "short":
            q = Question(prompt=prompt, answer=words[3], accept=(words[3] + "s",), **common)
        elif qtype == "cloze":
            text = " ".join(words[:4] + ["{{c1::" + words[4] + "}}"] + words[5:10] + ["{{c2::" + words[10] + "::a word}}"])
            q = Question(text=text, **common)
        else:
            pairs = tuple(Pair(f"{WORDS[(k + j) % len(WORDS)]} {j}", f"{1990 + j}", common["pos"]) for j in range(4))
            q = Question(prompt="Match each item to its year.", pairs=pairs, **common)
        questions.append(q)
    bank = Bank("big", "A synthetic bank", "questions/big.yaml", tuple(questions))
    return Project(Path("."), "Benchmark", (bank,), {"synthetic.txt": seed_file})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    project = synthetic_project(args.questions)
    ctx = Context(env=environment(None))
    t0 = time.perf_counter()
    page_bytes = quiz.render(project, ctx)["quiz/big.html"]
    render_s = time.perf_counter() - t0
    html = page_bytes.decode("utf-8")
    content = len(re.search(r'id="quiz-data">(.*?)</script>', html, re.DOTALL).group(1).encode("utf-8"))
    total = len(page_bytes)
    code = total - content
    n = args.questions

    from playwright.sync_api import sync_playwright

    first_mark, complete, all_mark, answered, delay = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        path = Path(tmp) / "quiz" / "big.html"
        path.parent.mkdir()
        path.write_bytes(page_bytes)
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        for _ in range(args.runs):
            context = browser.new_context()
            page = context.new_page()
            start = time.perf_counter()
            page.goto(path.as_uri(), wait_until="commit")
            page.click("#q-q00000-c0")
            page.click("#q-q00000 button.check")
            page.wait_for_selector("#q-q00000 .verdict")
            answered.append((time.perf_counter() - start) * 1000)
            # The browser's own record of that first click (Event Timing): how long it waited
            # for the main thread; Playwright's round trips are not in it.
            delay.append(page.evaluate("""() => { const e = performance.getEntriesByType('first-input')[0];
                                           return e ? e.processingStart - e.startTime : NaN; }"""))
            marks = page.evaluate("""() => Object.fromEntries(performance.getEntriesByType('mark')
                                     .map(m => [m.name, m.startTime]))""")
            first_mark.append(marks["citequiz:first-question"])
            page.wait_for_selector("html[data-complete=true]")
            complete.append(page.evaluate(
                "performance.getEntriesByName('citequiz:all-questions')[0].startTime"))
            last = f"q{n - 1:05d}"
            start = time.perf_counter()
            page.evaluate(f"location.hash = '#q-{last}'")
            page.locator(f"#q-{last} input, #q-{last} select").first.focus()
            page.keyboard.press("Enter")  # submits the empty answer: "answer first" feedback
            page.wait_for_selector(f"#q-{last}-feedback p")
            all_mark.append((time.perf_counter() - start) * 1000)
            assert page.locator("main fieldset").count() == n
            context.close()
        browser.close()

    med = statistics.median
    print(f"quiz page benchmark: {n} questions (all six types), headless Chromium, "
          f"median of {args.runs} loads over file://")
    print(f"  render (Python)                     {render_s * 1000:8.0f} ms")
    print(f"  first question interactive (mark)   {med(first_mark):8.0f} ms after navigation start")
    print(f"  goto -> question 1 answered (wall)  {med(answered):8.0f} ms (Playwright: click, click, wait)")
    print(f"  input delay of that first click     {med(delay):8.1f} ms (Event Timing)")
    print(f"  every question built (idle batches) {med(complete):8.0f} ms after navigation start")
    print(f"  then: jump to the last one + check  {med(all_mark):8.0f} ms (wall)")
    print(f"  page size                           {total:8d} bytes ({total / 1024:.0f} KiB)")
    print(f"  content (bank JSON)                 {content:8d} bytes = {content / total:.0%}, "
          f"{content / n:.0f} bytes per question")
    print(f"  code (HTML, CSS, JS)                {code:8d} bytes = {code / total:.0%}, "
          f"{code / n:.1f} bytes per question")
    target = "met" if med(first_mark) < 1000 and content > code else "NOT met"
    print(f"  target (< 1 s to first question, size dominated by content): {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
