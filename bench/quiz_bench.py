"""Benchmark: a 2,000-question quiz page in headless Chromium (a benchmark, not a test).

Generates a bank of N questions of all six types in memory (deterministic), renders it with the
real renderer, loads it over file:// in Debian's Chromium and prints:

- the study view (the default, one question at a time): time to the first question being
  interactive, the page's own `citequiz:first-question` mark (ms after navigation start), and,
  from outside, the wall time from `goto` to having answered question 1 (a click, Check) and
  seen its feedback, with the browser's own record (Event Timing) of how long that first click
  waited for the page; then Continue to question 2;
- the same mark with a full spaced-review schedule stored (every question scheduled), which the
  page reads at load to count what is due;
- the scheduler's cost, in the page: rating every question once with FSRS (ts-fsrs), one
  learner's answer as the page records it (read the schedule, rate, write it back), and counting
  the due questions; and the stored schedule's size;
- the all-on-one-page view: when every question is built (the page builds the rest in idle-time
  batches), and then the wall time to jump to the last question by its link and check it;
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

from citequiz.model import Bank, Citation, Pair, Pos, Project, Question, Seed, SourceInfo
from citequiz.render import quiz
from citequiz.render.context import RenderContext
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
    ctx = RenderContext(project=project, env=environment(None))
    t0 = time.perf_counter()
    page_bytes = dict(quiz.render(ctx))["quiz/big.html"]
    render_s = time.perf_counter() - t0
    html = page_bytes.decode("utf-8")
    content = len(re.search(r'id="quiz-data">(.*?)</script>', html, re.DOTALL).group(1).encode("utf-8"))
    total = len(page_bytes)
    code = total - content
    n = args.questions

    from playwright.sync_api import sync_playwright

    first_mark, loaded_mark, complete, all_mark, answered, delay, continued = [], [], [], [], [], [], []
    costs = []
    list_view = "localStorage.setItem('citequiz:benchmark:prefs', JSON.stringify({view: 'list'}))"
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        path = Path(tmp) / "quiz" / "big.html"
        path.parent.mkdir()
        path.write_bytes(page_bytes)
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        for _ in range(args.runs):
            # The study view, as a learner first opens the page.
            context = browser.new_context()
            page = context.new_page()
            start = time.perf_counter()
            page.goto(path.as_uri(), wait_until="commit")
            page.click("#q-q00000-c0")
            page.click("#primary")  # Check
            page.wait_for_selector("#q-q00000 .verdict")
            answered.append((time.perf_counter() - start) * 1000)
            # The browser's own record of that first click (Event Timing): how long it waited
            # for the main thread; Playwright's round trips are not in it.
            delay.append(page.evaluate("""() => { const e = performance.getEntriesByType('first-input')[0];
                                           return e ? e.processingStart - e.startTime : NaN; }"""))
            first_mark.append(page.evaluate("performance.getEntriesByName('citequiz:first-question')[0].startTime"))
            start = time.perf_counter()
            page.click("#primary")  # Continue
            page.wait_for_selector("#q-q00001 input, #q-q00001 select")
            continued.append((time.perf_counter() - start) * 1000)
            # The scheduler, in the page: every question rated, one answer recorded, due counted.
            costs.append(page.evaluate("""() => {
                const st = CQ.store("benchmark"), QS = CQ.questions.QS, S = CQ.schedule, day = 86400000;
                const now = Date.now(), cards = {};
                let t = performance.now();
                QS.forEach(q => S.rate(cards, q.id, q.v, S.RATING.good, now));
                const rateAll = performance.now() - t;
                st.write("schedule", { cards: cards });
                t = performance.now();
                const held = st.cards();  // parsed once per page load, as the page holds it
                const parse = performance.now() - t;
                t = performance.now();
                for (let i = 0; i < 50; i++) {  // a later day: each is rated again
                  const q = QS[i];
                  S.rate(held, q.id, q.v, S.RATING.again, now + 5 * day);
                  st.write("schedule", { cards: held });
                }
                const answer = (performance.now() - t) / 50;
                t = performance.now();
                const due = st.due(QS, now + 4 * day);
                const dueMs = performance.now() - t;
                return { rateAll, perRate: rateAll / QS.length, parse, answer, dueMs, due: due.count,
                         bytes: localStorage.getItem("citequiz:benchmark:schedule").length };
            }"""))
            page.reload()
            page.wait_for_selector("html[data-ready=true]")
            loaded_mark.append(page.evaluate("performance.getEntriesByName('citequiz:first-question')[0].startTime"))
            context.close()

            # The all-on-one-page view.
            context = browser.new_context()
            context.add_init_script(list_view)
            page = context.new_page()
            page.goto(path.as_uri())
            page.wait_for_selector("html[data-complete=true]")
            complete.append(page.evaluate(
                "performance.getEntriesByName('citequiz:all-questions')[0].startTime"))
            # Timed in the page: Playwright's own waits on a page of 2,000 questions cost seconds.
            all_mark.append(page.evaluate("""async (id) => {
                const t = performance.now();
                const moved = new Promise(done => addEventListener("hashchange", done, { once: true }));
                location.hash = "#q-" + id;
                await moved;  // the page's own listener ran first
                document.querySelector("#q-" + id + " button.check").click();  // the empty answer
                document.querySelector("#q-" + id + "-feedback p").getBoundingClientRect();  // laid out
                return performance.now() - t;
            }""", f"q{n - 1:05d}"))
            assert page.locator("#questions fieldset").count() == n
            context.close()
        browser.close()

    med = statistics.median
    print(f"quiz page benchmark: {n} questions (all six types), headless Chromium, "
          f"median of {args.runs} loads over file://")
    cost = {k: med([c[k] for c in costs]) for k in costs[0]}
    print(f"  render (Python)                     {render_s * 1000:8.0f} ms")
    print("  study view (the default)")
    print(f"    first question interactive (mark) {med(first_mark):8.0f} ms after navigation start")
    print(f"    goto -> question 1 answered (wall){med(answered):8.0f} ms (Playwright: click, Check, wait)")
    print(f"    input delay of that first click   {med(delay):8.1f} ms (Event Timing)")
    print(f"    Continue -> question 2 shown      {med(continued):8.0f} ms (wall)")
    print(f"    first question, {n} scheduled   {med(loaded_mark):8.0f} ms after navigation start")
    print("  scheduler (FSRS, ts-fsrs 5.4.2, in the page)")
    print(f"    rate every question once          {cost['rateAll']:8.1f} ms = {cost['perRate'] * 1000:.0f} us per question")
    print(f"    read the stored schedule          {cost['parse']:8.2f} ms (once per page load)")
    print(f"    one answer recorded               {cost['answer']:8.2f} ms (rate it, write the schedule back)")
    print(f"    count the due questions           {cost['dueMs']:8.2f} ms ({cost['due']:.0f} due)")
    print(f"    stored schedule                   {cost['bytes']:8.0f} characters ({cost['bytes'] / n:.0f} per question)")
    print("  all-on-one-page view")
    print(f"    every question built (idle)       {med(complete):8.0f} ms after navigation start")
    print(f"    then: jump to the last + check    {med(all_mark):8.0f} ms (in the page)")
    print(f"  page size                           {total:8d} bytes ({total / 1024:.0f} KiB)")
    print(f"  content (bank JSON)                 {content:8d} bytes = {content / total:.0%}, "
          f"{content / n:.0f} bytes per question")
    print(f"  code (HTML, CSS, JS)                {code:8d} bytes = {code / total:.0%}, "
          f"{code / n:.1f} bytes per question")
    interactive = max(med(first_mark), med(loaded_mark))
    target = "met" if interactive < 1000 and content > code else "NOT met"
    print(f"  target (< 1 s to an interactive first question, size dominated by content): {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
