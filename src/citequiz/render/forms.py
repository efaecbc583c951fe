"""Stage 4 helper for the printable forms: read `[print]`, draw the papers, arrange the forms.

Pure and deterministic: every choice (which questions a blueprint draws, the question order of
each form, the choice order of each question) comes from SHA-256 of stable text (the optional
`[print] seed`, the paper, the form letter, the question id), never from the clock or Python's
`hash`, so a rebuild gives byte-identical forms.

The correct choice of single-answer questions is *placed*, not left to the shuffle: walking a
form in order, each question's correct choice goes to the least-used position so far, so over
a form the answer letters are spread evenly (and, where it can, a question's answer lands on a
different letter in each form, so copying a neighbour's letters does not work).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..errors import CitequizError, Finding, error
from ..model import Pos, Project, Question
from ..suggest import did_you_mean
from ..types import NAMES as QUESTION_TYPES
from .print_items import HANDLERS, LETTERS, Item, sort_key

PAPERS = ("auto", "a4", "letter")
PRINT_KEYS = ("forms", "title", "instructions", "banks", "tags", "paper", "seed", "combine", "blueprint")
RULE_KEYS = ("count", "bank", "tag", "difficulty", "type")
DEFAULT_INSTRUCTIONS = (
    "Answer every question. For multiple choice, circle the letter of the one best answer; "
    "where it says \u201cselect all that apply\u201d, tick every correct box. Write short answers on the lines."
)


class PrintConfigError(CitequizError):
    """`[print]` in the project config is wrong; the message lists every problem."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        lines = [str(f) for f in sorted(findings)]
        n = len(findings)
        lines.append(f"{n} error{'s' * (n != 1)} in the [print] configuration")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Rule:
    """One blueprint line: draw `count` questions matching every filter that is set."""

    count: int
    pos: Pos
    bank: str | None = None
    tag: str | None = None
    difficulty: int | None = None
    type: str | None = None

    def matches(self, q: Question) -> bool:
        return ((self.bank is None or q.bank == self.bank)
                and (self.tag is None or self.tag in q.tags)
                and (self.difficulty is None or q.difficulty == self.difficulty)
                and (self.type is None or q.type == self.type))

    def describe(self) -> str:
        parts = [f"{k} {v!r}" for k, v in (("bank", self.bank), ("tag", self.tag),
                                            ("difficulty", self.difficulty), ("type", self.type))
                 if v is not None]
        return " and ".join(parts) if parts else "any question"


@dataclass(frozen=True)
class PrintOptions:
    forms: int = 2
    title: str | None = None
    instructions: str = DEFAULT_INSTRUCTIONS
    banks: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    paper: str = "auto"
    seed: str = ""
    combine: bool = False
    blueprint: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Paper:
    """One printable document: `print/<name>.html`, holding its forms."""

    name: str
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Form:
    letter: str
    items: tuple[Item, ...]
    positions: dict[str, int] = field(default_factory=dict, compare=False)  # correct letter -> count


# ---------------------------------------------------------------- config


def read_options(project: Project, raw: object = None, locate=None) -> tuple[PrintOptions, list[Finding]]:
    """The `[print]` options (the project's, unless `raw` is given), checked against the project's
    banks and tags: every problem becomes an error finding with its line."""
    if raw is None:
        raw = project.config.get("print", {})
    locate = locate or project.config.locate
    findings: list[Finding] = []

    def bad(key: str | None, message: str, hint: str | None = None, *, table: str = "print", nth: int = 0):
        findings.append(error(locate(table, key, nth), "print-config", message, hint))

    if not isinstance(raw, dict):
        bad(None, "`print` must be a table: [print]")
        return PrintOptions(), findings
    for key in raw:
        if key not in PRINT_KEYS:
            bad(key, f"unknown key `{key}` in [print]", did_you_mean(key, PRINT_KEYS, allowed="allowed"))
    opts: dict = {}
    bank_names = [b.name for b in project.banks]
    all_tags = sorted({t for q in project.questions() for t in q.tags})

    forms = raw.get("forms", 2)
    if isinstance(forms, bool) or not isinstance(forms, int) or not 1 <= forms <= len(LETTERS):
        bad("forms", f"[print] forms must be a whole number from 1 to 26, not {forms!r}")
    else:
        opts["forms"] = forms
    for key in ("title", "instructions", "seed"):
        if key in raw:
            if isinstance(raw[key], str):
                opts[key] = raw[key]
            else:
                bad(key, f"[print] {key} must be text, not {raw[key]!r}")
    if "paper" in raw:
        paper = str(raw["paper"]).lower()
        if paper in PAPERS:
            opts["paper"] = paper
        else:
            bad("paper", f"[print] paper must be one of {', '.join(PAPERS)}, not {raw['paper']!r}",
                "auto leaves the size to the print dialog; the layout fits A4 and US Letter")
    if "combine" in raw:
        if isinstance(raw["combine"], bool):
            opts["combine"] = raw["combine"]
        else:
            bad("combine", f"[print] combine must be true or false, not {raw['combine']!r}")
    for key, known in (("banks", bank_names), ("tags", all_tags)):
        if key not in raw:
            continue
        value = raw[key]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            bad(key, f"[print] {key} must be a non-empty list of names, like {key} = [\"{(known or ['x'])[0]}\"]")
            continue
        for v in value:
            if v not in known:
                bad(key, f"[print] {key} names `{v}`, which no {key[:-1]} in the project has",
                    "known: " + (", ".join(known) or "none"))
        opts[key] = tuple(value)
    rules = raw.get("blueprint", [])
    if not isinstance(rules, list) or not all(isinstance(r, dict) for r in rules):
        bad("blueprint", "[print] blueprint must be a list of tables: [[print.blueprint]] count = 3 ...")
        rules = []
    parsed: list[Rule] = []
    for n, rule in enumerate(rules):
        pos = locate("print.blueprint", None, n)

        def rbad(key, message, hint=None, n=n):
            bad(key, message, hint, table="print.blueprint", nth=n)

        for key in rule:
            if key not in RULE_KEYS:
                rbad(key, f"unknown key `{key}` in blueprint rule {n + 1}", did_you_mean(key, RULE_KEYS, allowed="allowed"))
        count = rule.get("count")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            rbad("count" if "count" in rule else None,
                 f"blueprint rule {n + 1} needs `count`, a whole number of questions of at least 1")
            continue
        fields: dict = {}
        for key, known in (("bank", bank_names), ("tag", all_tags), ("type", list(QUESTION_TYPES))):
            if key in rule:
                if rule[key] in known:
                    fields[key] = rule[key]
                else:
                    rbad(key, f"blueprint rule {n + 1}: unknown {key} {rule[key]!r}",
                         "known: " + (", ".join(known) or "none"))
        if "difficulty" in rule:
            if rule["difficulty"] in (1, 2, 3) and not isinstance(rule["difficulty"], bool):
                fields["difficulty"] = rule["difficulty"]
            else:
                rbad("difficulty", f"blueprint rule {n + 1}: difficulty must be 1, 2 or 3, not {rule['difficulty']!r}")
        parsed.append(Rule(count=count, pos=pos, **fields))
    opts["blueprint"] = tuple(parsed)
    return PrintOptions(**opts), findings


# ---------------------------------------------------------------- drawing


def papers(project: Project, opts: PrintOptions) -> tuple[list[Paper], list[Finding]]:
    """The documents to print and the questions each holds (the blueprint drawn), or findings
    where a blueprint asks for more than a paper has."""
    banks = [b for b in project.banks if opts.banks is None or b.name in opts.banks]

    def pool(questions) -> list[Question]:
        return [q for q in questions if opts.tags is None or set(q.tags) & set(opts.tags)]

    if opts.combine:
        title = opts.title or project.title
        groups = [(project.name, title, pool(q for b in banks for q in b.questions))]
    else:
        groups = [(b.name, opts.title or b.title, pool(b.questions)) for b in banks]
    out: list[Paper] = []
    findings: list[Finding] = []
    for name, title, questions in groups:
        if opts.blueprint:
            questions, more = _draw(questions, opts, name)
            findings += more
        if questions:
            out.append(Paper(name, title, tuple(questions)))
    return out, findings


def _draw(questions: list[Question], opts: PrintOptions, paper: str) -> tuple[list[Question], list[Finding]]:
    """Each rule in turn takes `count` of the questions it matches that no earlier rule took,
    chosen by a seeded hash order, so the same config always draws the same questions."""
    taken: list[Question] = []
    findings: list[Finding] = []
    for n, rule in enumerate(opts.blueprint):
        if rule.bank is not None and not opts.combine and not any(q.bank == rule.bank for q in questions):
            continue  # a rule for another bank's paper
        free = [q for q in questions if rule.matches(q) and q not in taken]
        if len(free) < rule.count:
            findings.append(error(rule.pos, "blueprint-short",
                                  f"blueprint rule {n + 1} asks for {rule.count} questions with "
                                  f"{rule.describe()} for print/{paper}.html, but only {len(free)} are left",
                                  "lower `count`, or widen the rule"))
        free.sort(key=lambda q: sort_key(opts.seed, paper, "draw", n, q.id))
        taken += free[: rule.count]
    return taken, findings


def arrange(paper: Paper, opts: PrintOptions) -> list[Form]:
    """The forms of one paper: each a permutation of the same questions, choices arranged."""
    forms: list[Form] = []
    orders: list[tuple[str, ...]] = []
    earlier: dict[str, list[int]] = {}  # question id -> correct positions on earlier forms
    for i in range(opts.forms):
        letter = LETTERS[i]
        order = _order(paper, opts, letter, orders)
        orders.append(tuple(q.id for q in order))
        counts: Counter[int] = Counter()
        items = []
        for number, q in enumerate(order, 1):
            salt = (opts.seed, paper.name, letter, q.id)
            items.append(HANDLERS[q.type].arrange(number, q, salt=salt, counts=counts, earlier=earlier))
        forms.append(Form(letter, tuple(items), {LETTERS[p]: c for p, c in sorted(counts.items())}))
    return forms


def _order(paper: Paper, opts: PrintOptions, letter: str, orders: list[tuple[str, ...]]) -> list[Question]:
    """A seeded shuffle; a form whose order repeats an earlier form's is reshuffled (salted)
    while a different order is still possible."""
    qs = list(paper.questions)
    possible = 1
    for k in range(2, len(qs) + 1):
        possible *= k
        if possible > len(orders):
            break
    for salt in range(50):
        order = sorted(qs, key=lambda q: sort_key(opts.seed, paper.name, letter, "order", salt, q.id))
        if tuple(q.id for q in order) not in orders or possible <= len(orders):
            return order
    return order
