"""Synthetic citequiz projects for the benchmarks: N seeds of realistic paragraphs and M questions
of every type citing them, deterministic from a random seed, and grounded by construction, so
`citequiz check --strict` is clean on them.

    .venv/bin/python bench/generate.py OUT_DIR --questions 10000 [--seed 1]

Each seed is an article: a title line, a byline, then paragraphs separated by blank lines (as
editors and the real seeds have them). Every paragraph holds two "facts" (an entity, a measure,
a figure, a unit, a year, a person and an organisation) among ordinary sentences with curly quotes
and dashes. Each question is drawn from one fact, or for multi / match from one or two paragraphs,
so checking it costs its cited lines only. Mix of types, roughly as a real bank: mcq 35%, tf 20%,
short 15%, cloze 15%, multi 10%, match 5%.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

QUESTIONS_PER_BANK = 500
PARAGRAPHS_PER_SEED = 60
FACTS_PER_PARAGRAPH = 2
# One full cycle of types; its order spreads them through every bank.
TYPE_CYCLE = ("mcq", "tf", "short", "mcq", "cloze", "multi", "mcq", "tf", "short", "mcq",
              "cloze", "mcq", "tf", "match", "short", "mcq", "cloze", "tf", "multi", "mcq")

ENTITIES = ("Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Azerbaijan",
            "Mongolia", "Georgia", "Armenia", "the Ferghana Valley authority", "the Caspian consortium",
            "the Almaty regional office", "the Samarkand trade board", "the Aral basin commission",
            "the Bishkek municipality", "the Dushanbe grid operator", "the Ashgabat port authority",
            "the Tashkent metro company", "the Astana housing fund", "the Osh customs post",
            "the Termez rail terminal", "the Aktau shipping line", "the Navoi mining combine",
            "the Karaganda steelworks", "the Khorgos dry port", "the Nukus water utility",
            "the Baku pipeline company", "the Tbilisi logistics hub", "the Yerevan energy agency",
            "the Ulaanbaatar copper works")
MEASURES = (("trade turnover", "million dollars"), ("grain exports", "tonnes"),
            ("rare earth output", "tonnes"), ("freight volume", "containers"),
            ("electricity generation", "gigawatt-hours"), ("foreign investment", "million dollars"),
            ("water withdrawals", "cubic kilometres"), ("passenger traffic", "travellers"),
            ("uranium production", "tonnes"), ("cotton harvest", "tonnes"),
            ("gas deliveries", "billion cubic metres"), ("new rail track", "kilometres"),
            ("student exchanges", "students"), ("tourist arrivals", "visitors"),
            ("copper concentrate sales", "tonnes"), ("remittance inflows", "million dollars"))
FIRST = ("Aigerim", "Bakhyt", "Dilnoza", "Erlan", "Farrukh", "Gulnara", "Iskander", "Jamila",
         "Kanat", "Laylo", "Madina", "Nurlan", "Olzhas", "Parviz", "Rustam", "Saule", "Timur",
         "Umida", "Vladimir", "Zarina", "Anna", "Brian", "Claire", "David", "Elena", "Frank")
LAST = ("Abdulloev", "Baimukhanov", "Chen", "Dzhaksybekov", "Ermekov", "Fischer", "Gafurov",
        "Hasanova", "Ibragimov", "Jensen", "Karimova", "Lee", "Mirzaev", "Nazarbayeva", "Orlova",
        "Petrova", "Qodirov", "Rahimov", "Saidov", "Tursunov", "Usmonov", "Valikhanov", "Weber",
        "Yusupova", "Zhakupov", "O'Neill")
ORGS = ("Ministry of Economy", "National Statistics Committee", "Central Bank",
        "Chamber of Commerce", "Asian Development Bank", "World Bank office", "Ministry of Energy",
        "Geological Survey", "Transport Ministry", "Customs Service", "Investment Agency",
        "Railway Administration", "Water Resources Committee", "Mining Association",
        "Export Council", "Tourism Board", "Academy of Sciences", "Planning Institute")
FILLER = (
    "Officials called the result “a turning point” — a claim that independent analysts disputed.",
    "The figures were published after a delay of several months, which critics found telling.",
    "Observers noted that the region’s economies remain closely tied to their larger neighbours.",
    "Several projects were postponed because financing fell through at the last minute.",
    "The report’s authors warned that the data for remote districts were incomplete.",
    "Local business groups welcomed the news but asked for clearer rules on licensing.",
    "Negotiators met again in the spring – this time without the foreign delegations.",
    "A parliamentary committee asked for an audit of the programme’s spending.",
    "Neighbouring governments watched the talks closely, wary of being left out.",
    "The ministry promised further details in its annual review.",
)
TOPICS = ("Trade", "Transit", "Energy", "Minerals", "Water", "Investment", "Agriculture",
          "Infrastructure", "Diplomacy", "Finance", "Mining", "Logistics")
WORDS = ("Corridor", "Ambitions", "Ledger", "Crossroads", "Outlook", "Balance", "Frontier",
         "Gambit", "Horizon", "Pivot", "Reckoning", "Stakes")
DISTRACTOR_ORGS = ("Federal Reserve", "European Commission", "Arctic Council", "Andean Pact",
                   "Nordic Council", "Pacific Forum", "Alpine Convention", "Baltic Assembly")


@dataclass(frozen=True)
class Fact:
    seed: str
    title: str
    paragraph: int  # 1-based paragraph number, as a reader counts them
    line: int  # 1-based line in the file, as an editor shows
    entity: str
    measure: str
    unit: str
    figure: str  # "12,345"
    year: str
    person: str
    org: str

    @property
    def clause(self) -> str:
        return f"{self.measure} of {self.figure} {self.unit} in {self.year}"

    @property
    def sentence(self) -> str:
        lead = self.entity[0].upper() + self.entity[1:]
        return f"{lead} recorded {self.clause}, according to {self.person} of the {self.org}."


def _figure(rng: random.Random) -> str:
    return f"{rng.randrange(1_000, 999_999):,}"


def make_seed(rng: random.Random, index: int) -> tuple[str, str, list[Fact]]:
    """One article: (file name, text, facts in paragraph order)."""
    name = f"{index:05d}_{rng.getrandbits(32):08x}.txt"
    title = f"{rng.choice(TOPICS)} {rng.choice(WORDS)} {index}"
    lines = [title, f"By {rng.choice(FIRST)} {rng.choice(LAST)} · {2000 + index % 26}", ""]
    facts: list[Fact] = []
    for p in range(1, PARAGRAPHS_PER_SEED + 1):
        # Consecutive paragraphs (1-2, 3-4, ...) share no entity, person or organisation, so a
        # match question over two paragraphs has distinct sides.
        if p % 2 == 1:
            entities = rng.sample(ENTITIES, 2 * FACTS_PER_PARAGRAPH)
            people = rng.sample([f"{f} {l}" for f in FIRST for l in LAST], 2 * FACTS_PER_PARAGRAPH)
            orgs = rng.sample(ORGS, 2 * FACTS_PER_PARAGRAPH)
        line_no = len(lines) + 1
        sentences, years = [], rng.sample(range(1992, 2026), FACTS_PER_PARAGRAPH)
        for k in range(FACTS_PER_PARAGRAPH):
            j = (p + 1) % 2 * FACTS_PER_PARAGRAPH + k
            measure, unit = rng.choice(MEASURES)
            fact = Fact(name, title, p, line_no, entities[j], measure, unit, _figure(rng), str(years[k]),
                        people[j], orgs[j])
            facts.append(fact)
            sentences.append(fact.sentence)
        sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(FILLER))
        lines += [" ".join(sentences), ""]
    return name, "\n".join(lines), facts


def _s(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _distractor_figures(rng: random.Random, right: str, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        f = _figure(rng)
        if f != right and f not in out:
            out.append(f)
    return out


def question(rng: random.Random, qtype: str, qid: str, fact: Fact, facts_by_line: dict) -> list[str]:
    """The YAML lines of one question (indented for a bank's `questions:` list)."""
    where = f"paragraph {fact.paragraph} of “{fact.title}”"
    src = f"{fact.seed}:{fact.line}"
    extra: list[str] = []
    if qtype == "mcq":
        choices = _distractor_figures(rng, fact.figure, 3)
        choices.insert(rng.randrange(4), fact.figure)
        body = [f"prompt: {_s(f'Which figure for {fact.measure} does {where} give for {fact.entity} in {fact.year}?')}",
                f"choices: [{', '.join(_s(c) for c in choices)}]", f"answer: {_s(fact.figure)}",
                f"quote: {_s(fact.clause)}"]
    elif qtype == "short":
        body = [f"prompt: {_s(f'What {fact.measure} does {where} report for {fact.entity} in {fact.year}?')}",
                # An accepted form the matcher does not fold (it folds "399219" = "399,219").
                f"answer: {_s(fact.figure)}", f"accept: [{_s(fact.figure + ' ' + fact.unit)}]"]
    elif qtype == "tf":
        true = rng.random() < 0.5
        figure = fact.figure if true else _distractor_figures(rng, fact.figure, 1)[0]
        statement = f"According to {where}, {fact.entity} recorded {fact.measure} of {figure} {fact.unit} in {fact.year}."
        body = [f"prompt: {_s(statement)}", f"answer: {'true' if true else 'false'}", f"quote: {_s(fact.clause)}"]
    elif qtype == "cloze":
        text = (f"According to {where}, {fact.entity} recorded {fact.measure} of "
                f"{{{{c1::{fact.figure}}}}} {fact.unit} in {{{{c2::{fact.year}::year}}}}.")
        body = [f"text: {_s(text)}"]
    elif qtype == "multi":
        named = [f.org for f in facts_by_line[(fact.seed, fact.line)]]
        choices = named + [o for o in rng.sample(DISTRACTOR_ORGS, 2)]
        rng.shuffle(choices)
        body = [f"prompt: {_s(f'Which organisations are cited in {where}?')}",
                f"choices: [{', '.join(_s(c) for c in choices)}]",
                f"answers: [{', '.join(_s(c) for c in named)}]"]
    elif qtype == "match":
        first = fact.line if fact.paragraph % 2 == 1 else fact.line - 2
        group = facts_by_line[(fact.seed, first)] + facts_by_line[(fact.seed, first + 2)]
        para = fact.paragraph if fact.paragraph % 2 == 1 else fact.paragraph - 1
        prompt = f"Match each speaker to the body they speak for in paragraphs {para}-{para + 1} of “{fact.title}”."
        body = [f"prompt: {_s(prompt)}", "pairs:"]
        body += [f"  - {{left: {_s(f.person)}, right: {_s(f.org)}}}" for f in group]
        src = f"{fact.seed}:{first}-{first + 2}"
    else:  # pragma: no cover
        raise ValueError(qtype)
    explanation = f"{where[0].upper() + where[1:]} attributes this to {fact.person} of the {fact.org}."
    extra = [f"explanation: {_s(explanation)}", f"difficulty: {rng.choice((1, 2, 3))}"]
    if rng.random() < 0.3:
        extra.append(f"tags: [{fact.measure.split()[0]}]")
    lines = [f"id: {qid}", f"type: {qtype}", f"source: {src}"] + body + extra
    return ["  - " + lines[0]] + ["    " + line for line in lines[1:]]


def generate(out: Path, *, questions: int, seed: int = 1) -> dict:
    """Write a project with `questions` questions into `out` (replacing it). Returns a summary."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "seeds").mkdir(parents=True)
    (out / "questions").mkdir()
    n_seeds = max(1, -(-questions // (PARAGRAPHS_PER_SEED * FACTS_PER_PARAGRAPH)))
    facts: list[Fact] = []
    sources = []
    for i in range(n_seeds):
        name, text, seed_facts = make_seed(rng, i)
        (out / "seeds" / name).write_text(text + "\n", encoding="utf-8")
        facts += seed_facts
        sources.append(f"{name}:\n  title: {_s(seed_facts[0].title)}\n  publisher: Synthetic Press\n"
                       f"  author: unknown\n  date: unknown\n  boilerplate: [2]\n")
    (out / "seeds" / "sources.yaml").write_text("".join(sources), encoding="utf-8")
    by_line: dict[tuple[str, int], list[Fact]] = {}
    for f in facts:
        by_line.setdefault((f.seed, f.line), []).append(f)
    counts: dict[str, int] = {}
    bank_lines: list[str] = []
    used_multi: set[tuple[str, int]] = set()
    used_match: set[tuple[str, int]] = set()
    for i in range(questions):
        fact = facts[i]
        qtype = TYPE_CYCLE[i % len(TYPE_CYCLE)]
        # One multi per paragraph and one match per pair of paragraphs: their prompts name the
        # paragraph, so a second one would repeat a prompt.
        group = (fact.seed, fact.paragraph)
        pair = (fact.seed, (fact.paragraph + 1) // 2)
        if (qtype == "multi" and group in used_multi) or (qtype == "match" and pair in used_match):
            qtype = "mcq"
        used_multi.add(group) if qtype == "multi" else None
        used_match.add(pair) if qtype == "match" else None
        counts[qtype] = counts.get(qtype, 0) + 1
        bank_no = i // QUESTIONS_PER_BANK
        if i % QUESTIONS_PER_BANK == 0:
            if bank_lines:
                _write_bank(out, bank_no - 1, bank_lines)
            bank_lines = [f"title: {_s(f'Synthetic bank {bank_no + 1}')}",
                          "description: Generated for the citequiz benchmarks.", "tags: [bench]", "questions:"]
        bank_lines += question(rng, qtype, f"q{i:06d}-{qtype}", fact, by_line)
    if bank_lines:
        _write_bank(out, (questions - 1) // QUESTIONS_PER_BANK, bank_lines)
    (out / "citequiz.toml").write_text(f'title = "Synthetic benchmark, {questions:,} questions"\n', encoding="utf-8")
    return {"questions": questions, "seeds": n_seeds, "banks": -(-questions // QUESTIONS_PER_BANK), "types": counts}


def _write_bank(out: Path, number: int, lines: list[str]) -> None:
    (out / "questions" / f"bank-{number + 1:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--questions", "-m", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(json.dumps(generate(args.out, questions=args.questions, seed=args.seed)))


if __name__ == "__main__":
    main()
