"""`answer-leak`: one question's answer stands in what another question of the same bank or
printed paper shows before it is answered (prompt, cloze text, choices, match items).

A word that happens to recur is not a leak; the *same fact* is. The heuristic, in full:
1. The answers of question A: an mcq key, a short answer and each accepted form, each cloze
   deletion, each multi answer, each side of each match pair.
2. One of them occurs in what question B shows, after normalisation and on word boundaries.
3. And it gives A's fact away, in one of two ways:
   - *stated*: B's prompt or cloze text holds the answer, the answer is *distinctive* (it holds a
     digit — a number, a date, a figure — or two or more content words), and that text shares a
     content word with A's stem besides the answer's own words and the group's topic words (stems
     in over a quarter of its questions);
   - *offered*: A is typed (short, cloze) and B offers its answer as a whole choice or match item,
     and the answer is distinctive or B's prompt shares such a content word with A's stem (the
     learner who could not recall it can now recognise it).
   An mcq or multi key shown as another question's *choice* is no leak: A shows it anyway. A match
   is answered by its pairings, so it leaks where B's prompt or cloze text names both sides of one
   pair.
`allow-leak: [B]` on A (or `allow-leak: [A]` on B) acknowledges an intended overlap; an
`allow-leak` entry that names no question of the group, or no leak, is `unused-allow-leak`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..errors import Finding, quoted, warning
from .. import types
from ..model import Project, Question
from ..normalize import occurs
from .groups import Group
from .words import content_stems, group_stems, normalize, runs

TYPED = ("short", "cloze")


def answers(q: Question) -> list[tuple[str, str]]:
    """(answer, field) pairs: every text that answers `q`."""
    if q.type == "mcq":
        return [(str(q.answer), "answer")]
    if q.type == "short":
        return [(str(q.answer), "answer")] + [(a, "accept") for a in q.accept]
    if q.type == "cloze":
        return [(d.answer, "text") for d in q.deletions]
    if q.type == "multi":
        return [(a, "answers") for a in q.answers]
    if q.type == "match":
        return [(side, "pairs") for p in q.pairs for side in (p.left, p.right)]
    return []


def distinctive(answer: str) -> bool:
    if any(ch.isdigit() for ch in answer):
        return True
    return len(content_stems(answer)) >= 2


class Leak:
    __slots__ = ("asked", "shown", "answer", "field", "text")

    def __init__(self, asked: Question, shown: Question, answer: str, field: str, text: str):
        self.asked, self.shown, self.answer, self.field, self.text = asked, shown, answer, field, text


class ShownIndex:
    """What a group's questions show, prepared once for the search: the stated text (a prompt,
    or a cloze's text with blanks) of each question with an index from each of its words, and
    every choice or match item by its normalised text. An answer is then looked for only where
    all its words stand (a bank of 10,000 questions is not searched 10,000 times per answer)."""

    def __init__(self, questions, stems: list[set[str]]):
        self.questions = questions
        self.stems = stems  # each question's stated-text stems
        self.stated: list[tuple[str, str, str]] = []  # per question: (field, text, normalised)
        by_word: defaultdict[str, set[int]] = defaultdict(set)
        offered: defaultdict[str, list[tuple[int, str, str]]] = defaultdict(list)  # text -> (question, field, raw)
        for i, q in enumerate(questions):
            field, text = ("text" if q.type == "cloze" else "prompt"), types.stem(q)
            norm = normalize(text)
            self.stated.append((field, text, norm))
            for w in runs(norm):
                by_word[w].add(i)
            for item in q.choices:
                offered[normalize(item)].append((i, "choices", item))
            for p in q.pairs:
                offered[normalize(p.left)].append((i, "pairs", p.left))
                offered[normalize(p.right)].append((i, "pairs", p.right))
            for item in getattr(q, "items", ()):  # an order question's items
                offered[normalize(item)].append((i, "items", item))
        self.by_word: dict[str, set[int]] = dict(by_word)
        self.offered: dict[str, list[tuple[int, str, str]]] = dict(offered)

    def stating(self, key: str) -> list[int]:
        """The questions whose stated text holds every word of `key` (normalised)."""
        needed = sorted(runs(key), key=lambda w: len(self.by_word.get(w, ())))
        if not needed:
            return list(range(len(self.questions)))
        found = set(self.by_word.get(needed[0], ()))
        for w in needed[1:]:
            found &= self.by_word.get(w, set())
            if not found:
                break
        return sorted(found)


def find_leaks(questions, *, every: bool = False) -> list[Leak]:
    """The (asked, shown) leaks of a group, allowed ones included: one per pair of questions,
    or with `every`, one per leaked answer and pair (for `audit`)."""
    qs = questions if isinstance(questions, tuple) else tuple(questions)
    stems, topic = group_stems(qs)
    index = ShownIndex(qs, stems)
    leaks: list[Leak] = []
    for i, a in enumerate(qs):
        found: dict[tuple[int, str], Leak] = {}
        if a.type == "match":
            _match_leaks(i, a, index, found)
        else:
            _leaks(i, a, stems[i] - topic, index, found)
        if every:
            leaks += found.values()
        else:
            first: dict[int, Leak] = {}
            for (b, _), leak in sorted(found.items(), key=lambda kv: kv[0][0]):
                first.setdefault(b, leak)
            leaks += first.values()
    return leaks


def _leaks(i: int, a: Question, cue: set[str], index: ShownIndex, found: dict) -> None:
    typed = a.type in TYPED
    for ans, _ in answers(a):
        key = normalize(ans)
        if not key:
            continue
        clue = cue - content_stems(ans)
        special = distinctive(ans)
        if special:  # stated as a fact
            for b in index.stating(key):
                if b != i and (b, key) not in found and not index.stems[b].isdisjoint(clue):
                    field, text, norm = index.stated[b]
                    if occurs(key, norm):
                        found[(b, key)] = Leak(a, index.questions[b], ans, field, text)
        if typed:  # offered to recognise
            for b, field, item in index.offered.get(key, ()):
                if b != i and (b, key) not in found and (special or not index.stems[b].isdisjoint(clue)):
                    found[(b, key)] = Leak(a, index.questions[b], ans, field, item)


def _match_leaks(i: int, a: Question, index: ShownIndex, found: dict) -> None:
    """A match is answered by its pairings (both columns are shown anyway): it leaks where
    another question's prompt states both sides of one pair."""
    for p in a.pairs:
        left, right = normalize(p.left), normalize(p.right)
        pair = f"{p.left} → {p.right}"
        for b in index.stating(f"{left} {right}"):
            field, text, norm = index.stated[b]
            if b != i and (b, pair) not in found and occurs(left, norm) and occurs(right, norm):
                found[(b, pair)] = Leak(a, index.questions[b], pair, field, text)


def allowed(a: Question, b: Question) -> bool:
    return b.id in a.allow_leak or a.id in b.allow_leak


def lint(group: Group, project: Project) -> Iterator[Finding]:
    leaks = find_leaks(group.questions)
    used: set[tuple[str, str]] = set()
    where = "" if group.is_bank else f" on {group.name.removeprefix('paper ')}"
    for leak in leaks:
        a, b = leak.asked, leak.shown
        if allowed(a, b):
            used.add((a.id, b.id))
            used.add((b.id, a.id))
            continue
        shown_as = {"prompt": "prompt", "text": "cloze text", "choices": "choices", "pairs": "match items",
                    "items": "items"}[leak.field]
        yield warning(b.at(leak.field), "answer-leak",
                      f"the {shown_as} of `{b.id}` give{'s' * (leak.field in ('prompt', 'text'))} away "
                      f"{quoted(leak.answer)}, the answer to `{a.id}` ({a.pos}){where}",
                      f"reword one of the two, or ask `{a.id}` about another fact; "
                      f"`allow-leak: [{b.id}]` on `{a.id}` if the overlap is intended")
    if not group.is_bank:
        return
    if not any(q.allow_leak for q in group.questions):
        return
    ids = {q.id for q in group.questions}
    known = {q.id for q in project.questions()}
    for q in group.questions:
        for other in q.allow_leak:
            if (q.id, other) in used or (other in known and other not in ids):
                continue  # used, or about another bank's question (a combined paper's leak)
            why = "no question has that id" if other not in known else "no leak between the two is found"
            yield warning(q.at("allow-leak"), "unused-allow-leak",
                          f"`allow-leak` names `{other}`, but {why}", "remove the entry")
