"""The answer matcher, part 3: what is decided at build time, in Python only.

For every typed slot (a short answer, a cloze deletion, the right side of a match pair) this
makes the plain data `judge` compares a typed answer with, in Python or in the page:
- each accepted form's key at every level (`fold.keys`), and the words no typo may touch
  (acronyms as the author wrote them: USAID, PNTR);
- generated forms: an acronym defined in a cited source ("Development Finance Corporation (DFC)")
  stands for its expansion and back, and a date without a year takes the year the cited source
  gives it (and a date with a year may drop it);
- the reject keys, and `near`: words of the project's vocabulary (names in the seeds, every choice,
  answer and accepted form) within typo distance of an accepted word. A typo that spells one of
  them is another answer, not a slip.
The page therefore needs neither the seeds nor the vocabulary, and the two `judge`s agree
because they compare the same precomputed data with the same code (tests/answer_vectors.json).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from ..markup.content import content_of
from ..model import Pos, Project, Question
from . import tables as T
from .fold import canon, is_number, is_word, keys, split, stream
from .judge import budget, distance


class Slot(NamedTuple):
    """One typed answer of a question, as the author wrote it."""

    label: str  # "answer", "c1", or a match pair's left side
    answer: str
    accept: tuple[str, ...]
    reject: tuple[str, ...]
    pos: Pos


def slots(q: Question) -> list[Slot]:
    """The typed slots of a question: none for mcq, multi and tf."""
    if q.type == "short":
        return [Slot("answer", str(q.answer), q.accept, q.reject, q.at("answer"))]
    if q.type == "cloze":
        accept, reject = dict(q.blank_accept), dict(q.blank_reject)
        return [Slot(f"c{d.number}", d.answer, accept.get(d.number, ()), reject.get(d.number, ()), q.at("text"))
                for d in q.deletions]
    if q.type == "match":
        return [Slot(p.left, p.right, p.accept, p.reject, p.pos) for p in q.pairs]
    return []


@dataclass(frozen=True)
class Answers:
    """The `[answers]` table of the project's config (docs/answers.md); `check` reports its
    mistakes (`lint.configure`), and a wrong value counts as the default here."""

    diacritics: bool = True  # fold diacritics (é = e); false where they carry meaning


def settings(project: Project) -> Answers:
    table = project.config.get("answers") if project.config is not None else None
    return Answers(diacritics=not (isinstance(table, dict) and table.get("fold_diacritics") is False))


# ---- acronyms ------------------------------------------------------------------------------

_DEFINED = re.compile(r"\(([A-Z][A-Za-z]*[A-Z])s?\)")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_LINKS = {"of", "for", "and", "the", "on", "in", "to", "de", "&"}


def _initials(word: str) -> str:
    """What a word gives an acronym: its first letter, or all of a word in capitals (US)."""
    letters = "".join(c for c in word if c.isalpha())
    return letters if len(letters) > 1 and letters.isupper() else letters[:1]


def acronyms(text: str) -> list[tuple[str, str]]:
    """(expansion, acronym) for each "Words of the Expansion (WE)" in `text`: the shortest run of
    words before the brackets whose initials spell the acronym ("of", "for", "the" ... may be
    skipped; a word in capitals gives all its letters: "US Agency for ... (USAID)")."""
    found = []
    for m in _DEFINED.finditer(text):
        acronym = m.group(1)
        letters = acronym.upper()
        words = _WORD.findall(text[max(0, m.start() - 200) : m.start()])
        for k in range(1, min(len(words), 2 * len(letters) + 2) + 1):
            run = words[-k:]
            if run[0].lower() in _LINKS:
                continue
            initials = "".join(_initials(w) for w in run if w.lower() not in _LINKS)
            if initials.upper() == letters or "".join(_initials(w) for w in run).upper() == letters:
                expansion = " ".join(run)
                if (expansion, acronym) not in found:
                    found.append((expansion, acronym))
                break
    return found


def _swap(text: str, old: str, new: str) -> str | None:
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, re.findall(r"\w+", old))) + r"(?!\w)", re.I)
    out, n = pattern.subn(new, text)
    return out if n else None


# ---- the vocabulary ------------------------------------------------------------------------

_VOCAB: dict[int, tuple[Project, bool, frozenset[str]]] = {}
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][^\W\d_]+)")


def _words(text: str, diacritics: bool) -> list[str]:
    return [t for item in split(canon(text, 4, diacritics=diacritics)) for t in item if is_word(t)]


def vocabulary(project: Project, *, diacritics: bool = True) -> frozenset[str]:
    """Words a typo must never turn an answer into: names in the seeds (capitalised words past the
    start of a sentence), and every word of every choice, answer and accepted form."""
    cached = _VOCAB.get(id(project))
    if cached and cached[0] is project and cached[1] == diacritics:
        return cached[2]
    texts: set[str] = set()  # each text folded once, however often it recurs
    for seed in project.seeds.values():
        for line in seed.lines:
            texts.update(_NAME.findall(line.strip()))
    for q in project.questions():
        texts.update((*q.choices, *q.answers, *q.accept, *q.reject, *(p.left for p in q.pairs)))
        for s in slots(q):
            texts.update((s.answer, *s.accept))
        if q.type == "mcq":
            texts.add(str(q.answer))
    words = {w for text in texts for w in _words(text, diacritics)}
    vocab = frozenset(words)
    _VOCAB.clear()
    _VOCAB[id(project)] = (project, diacritics, vocab)
    return vocab


_NEIGHBOURS: dict[str, frozenset[str]] = {}
_NEIGHBOURS_OF: list = [None]


def _neighbours(y: str, vocab: frozenset[str]) -> frozenset[str]:
    """Vocabulary words within the typo budget of `y`, cached per vocabulary."""
    if _NEIGHBOURS_OF[0] is not vocab:
        _NEIGHBOURS.clear()
        _NEIGHBOURS_OF[0] = vocab
    if y not in _NEIGHBOURS:
        b = budget(y)
        letters = set(y)
        _NEIGHBOURS[y] = frozenset(
            v for v in vocab
            # Cheap bounds first: a length or letter-set difference above the budget rules v out.
            if abs(len(v) - len(y)) <= b and len(set(v) - letters) <= b and distance(v, y) <= b)
    return _NEIGHBOURS[y]


def _near(accepted: set[str], protect: set[str], vocab: frozenset[str]) -> list[str]:
    near: set[str] = set()
    for y in accepted:
        if y in protect or not is_word(y):
            continue
        if budget(y):
            near |= _neighbours(y, vocab)
    return sorted(near - accepted)


_FACTS: dict[tuple[int, str, bool], tuple[Project, list, list]] = {}
_MONTHISH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
_DIGIT = re.compile(r"\d")


def _seed_facts(project: Project, name: str, diacritics: bool) -> tuple[list, list]:
    """(acronyms defined in the seed, its dates as keys), computed once per seed."""
    key = (id(project), name, diacritics)
    cached = _FACTS.get(key)
    if cached is None or cached[0] is not project:
        if cached is None and len(_FACTS) > 256:
            _FACTS.clear()
        lines = project.seeds[name].lines
        # Dates are read from the lines that name a month beside a number only: folding a whole
        # seed is costly, and a date is written on one line.
        dates = [t for line in lines if _MONTHISH.search(line) and _DIGIT.search(line)
                 for item in split(canon(line, 3, diacritics=diacritics)) for t in item if t.startswith("@")]
        cached = _FACTS[key] = (project, acronyms(" ".join(lines)), dates)
    return cached[1], cached[2]


# ---- forms ---------------------------------------------------------------------------------

_ACRONYM_WORD = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z](?:s\b)?")


def _form(text: str, diacritics: bool, via: str | None = None) -> dict:
    protect = sorted({t for word in _ACRONYM_WORD.findall(text) for t in _words(word, diacritics)})
    form = {"text": text, "keys": keys(text, diacritics=diacritics), "protect": protect}
    if via:
        form["via"] = via
    return form


_QUALIFIER_WORD = re.compile(r"(?i)(?<!\w)(?:" + "|".join(sorted(
    {re.escape(f[-1]) for forms in T.QUALIFIERS.values() for f in forms}, key=len, reverse=True))
    + r")\s*(?:US\s?)?[$€£]?\s*\d")  # a qualifier's last word, then a number


@functools.lru_cache(maxsize=1024)
def _cited_stream(text: str, diacritics: bool) -> tuple[str, ...]:
    return tuple(stream(text, 3, diacritics=diacritics))


def _qualified(form: dict, cited, diacritics: bool) -> dict:
    """A number the author gave bare takes the qualifier the cited text gives it: the source says
    "approximately US$235 million", so "about $235 million" is right and "over" is not."""
    item = split(form["keys"][2])
    if len(item) != 1 or any(t.startswith("~") for t in item[0]) or not any(is_number(t) for t in item[0]):
        return form
    want = item[0]
    numerals = [t for t in split(form["keys"][0])[0] if is_number(t)] if form["keys"][0] else []
    for text in cited:
        # The common cases, told without folding the text: no qualifier before a number, or
        # not the form's numerals at all.
        if not _QUALIFIER_WORD.search(text):
            continue
        bare = re.sub(r"(?<=\d),(?=\d)", "", text)
        if not all(n in bare for n in numerals):
            continue
        toks = _cited_stream(text, diacritics)
        for i in range(1, len(toks) - len(want) + 1):
            if list(toks[i : i + len(want)]) == want and toks[i - 1].startswith("~"):
                marker = toks[i - 1]
                return {**form, "keys": form["keys"][:2] + [f"{marker} {k}" for k in form["keys"][2:]]}
    return form


def _dated(text: str, context_keys: list[str], diacritics: bool) -> list[tuple[str, str]]:
    """Forms of a date with the year the cited source gives it, or without its year."""
    out = []
    for token in (t for item in split(canon(text, 3, diacritics=diacritics)) for t in item):
        if re.fullmatch(r"@\d\d-\d\d", token):
            years = sorted({k[1:5] for k in context_keys if k.endswith(token[1:]) and len(k) == 11})
            if len(years) == 1:
                out.append((f"{text}, {years[0]}", "date"))
        elif re.fullmatch(r"@\d{4}-\d\d-\d\d", token):
            bare = re.sub(r",?\s*\b" + token[1:5] + r"\b", "", text).strip()
            if bare and bare != text:
                out.append((bare, "date"))
    return out


def compile_slot(slot: Slot, *, project: Project, q: Question, diacritics: bool = True) -> dict:
    """The data `judge` needs for one slot of question `q` (see the module docstring)."""
    cited = [c.seed for c in q.sources if c.seed in project.seeds]
    facts = [_seed_facts(project, name, diacritics) for name in cited]
    spans = [" ".join(project.seeds[c.seed].lines[c.first - 1 : c.last]) for c in q.sources if c.seed in project.seeds]
    return compile_forms(slot.answer, slot.accept, slot.reject, label=slot.label, cited=spans,
                         defined=[pair for f in facts for pair in f[0]],
                         dates=[t for f in facts for t in f[1]],
                         vocab=vocabulary(project, diacritics=diacritics), diacritics=diacritics)


def compile_forms(answer: str, accept=(), reject=(), *, label: str = "answer", defined=(), dates=(),
                  cited=(), vocab: frozenset[str] = frozenset(), diacritics: bool = True) -> dict:
    """A slot's data from its forms: `defined` are (expansion, acronym) pairs of the cited
    sources, `dates` the date keys they hold (`@2025-11-06`), `cited` the cited lines' text
    (where a number's qualifier is read), `vocab` the project's words. A generated form says
    which authored form it came `of`."""
    authored = list(dict.fromkeys([answer, *accept]))
    forms = [_qualified(_form(text, diacritics), cited, diacritics) for text in authored]
    seen = {f["keys"][-1] for f in forms}

    def add(text: str, via: str, of: str) -> None:
        form = {**_qualified(_form(text, diacritics, via), cited, diacritics), "of": of}
        if form["keys"][-1] not in seen:
            seen.add(form["keys"][-1])
            forms.append(form)

    # An acronym the matcher folds already (US = United States) needs no swapped forms.
    defined = [(e, a) for e, a in defined if canon(e, 2, diacritics=diacritics) != canon(a, 2, diacritics=diacritics)]
    for text in authored:
        for expansion, acronym in defined:
            for old, new in ((acronym, expansion), (expansion, acronym)):
                swapped = _swap(text, old, new)
                if swapped:
                    add(swapped, "acronym", text)
    for text in authored:
        for dated, via in _dated(text, list(dates), diacritics):
            add(dated, via, text)
    accepted = {t for f in forms for item in split(f["keys"][-1]) for t in item}
    protect = {t for f in forms for t in f["protect"]}
    return {
        "label": label,
        "answer": answer,
        "forms": forms,
        "reject": [canon(r, 4, diacritics=diacritics) for r in reject],
        "near": _near(accepted, protect, frozenset(vocab)),
    }


_COMPILED: dict = {"project": None, "slots": {}}


def compile_question(q: Question, project: Project) -> list[dict]:
    """The question's compiled slots (none for mcq, multi, tf). Several formats of one build ask
    for the same question's, so they are kept for the project's lifetime: treat them as frozen."""
    if _COMPILED["project"] is not project:
        _COMPILED["project"], _COMPILED["slots"] = project, {}
    found = _COMPILED["slots"].get(id(q))
    if found is not None and found[0] is q:
        return found[1]
    diacritics = settings(project).diacritics
    # A learner types what the page shows: a typed answer with Markdown (`**1974**`, a code span)
    # is compiled from its display text, markup stripped (markup.content; plain words as written).
    shown = content_of(project).question_as(q)
    compiled = [compile_slot(s, project=project, q=shown, diacritics=diacritics) for s in slots(shown)]
    _COMPILED["slots"][id(q)] = (q, compiled)
    return compiled
