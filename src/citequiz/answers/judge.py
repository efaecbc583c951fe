"""The answer matcher, part 2: a typed answer against one compiled slot (what the quiz does when
a learner checks an answer). Mirrored line by line in `templates/answers.js` (`judge`).

A slot is plain data, made at build time by `compile` (so the page needs no seeds and no word
lists of the bank): its accepted `forms` (each with its key at every level, the words no typo may
touch, and why it was generated if it was), the `reject` keys, and `near`, the words of the
project's vocabulary (names in the sources, choices, answers) within typo distance of an accepted
word, which a typo may therefore never produce.

The verdict: the first level at which the typed key equals an accepted key gives the reason
(`form`, `name`, `number` or `date`, `spelling-variant`); past level 4 come the relaxations:
a list in another order (`order`), a qualifier left out, added or swapped for one of the same
sense (`qualifier`), and bounded typos in words of five letters or more (`spelling`).
"""

from __future__ import annotations

from . import tables as T
from .fold import LEVELS, compact, compact_item, is_word, keys, split


def distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
    neighbouring letters, each costing one."""
    a_, b_ = list(a), list(b)
    prev2: list[int] = []
    prev = list(range(len(b_) + 1))
    for i in range(1, len(a_) + 1):
        row = [i] + [0] * len(b_)
        for j in range(1, len(b_) + 1):
            cost = 0 if a_[i - 1] == b_[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a_[i - 1] == b_[j - 2] and a_[i - 2] == b_[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[len(b_)]


def budget(word: str) -> int:
    """How many typos a word of this length tolerates: 0 under 5 letters, 1, or 2 from 10."""
    n = len(word)
    return 2 if n >= T.TYPO_TWO else 1 if n >= T.TYPO_ONE else 0


def plural(a: str, b: str) -> bool:
    """Whether one word is the other with a plural ending: "tie" / "ties", "tax" / "taxes"."""
    return len(min(a, b, key=len)) >= 3 and (a in (b + "s", b + "es") or b in (a + "s", a + "es"))


def _typo(typed: str, right: str, protect: list[str], near: list[str]) -> bool:
    """A tolerated slip: a plural ending, or a few letters wrong in a long word. Never in a
    protected word (an acronym); letters wrong never spell a word of the vocabulary (`near`), and
    never touch the first letter, where a slip is rare and a prefix changes meaning
    (sustainable, unsustainable)."""
    if not (is_word(typed) and is_word(right)) or right in protect:
        return False
    if plural(typed, right):  # the same word in the singular or the plural: never another word
        return True
    return typed not in near and typed[:1] == right[:1] and distance(typed, right) <= budget(right)


def _item(t: list[str], a: list[str], form: dict, near: list[str]) -> dict | None:
    """How item `t` (typed) matches item `a` (accepted), or None: {"reasons", "typos"}."""
    if compact_item(t) == compact_item(a):
        return {"reasons": [], "typos": []}
    reasons: list[str] = []
    tq = [x for x in t if x.startswith("~")]
    aq = [x for x in a if x.startswith("~")]
    if tq != aq:
        if tq and aq:
            return None
        reasons.append("qualifier")
    t = [x for x in t if not x.startswith("~")]
    a = [x for x in a if not x.startswith("~")]
    if compact_item(t) == compact_item(a):
        return {"reasons": reasons, "typos": []}
    protect = form["protect"]
    typos: list[list[str]] = []
    if len(t) == len(a):
        for x, y in zip(t, a):
            if x == y:
                continue
            if not _typo(x, y, protect, near):
                return None
            typos.append([x, y])
    elif all(is_word(x) for x in t + a) and not any(y in protect for y in a):
        x, y = "".join(t), "".join(a)
        if not _typo(x, y, [], near):
            return None
        typos.append([" ".join(t), " ".join(a)])
    else:
        return None
    return {"reasons": reasons + ["spelling"], "typos": typos}


def _relaxed(typed: list[list[str]], accepted: list[list[str]], form: dict, near: list[str]) -> dict | None:
    if len(typed) != len(accepted) or not typed:
        return None
    found = [_item(t, a, form, near) for t, a in zip(typed, accepted)]
    order: list[str] = []
    if any(f is None for f in found):
        # A list in another order: each accepted item takes the first typed item that matches it.
        used: list[int] = []
        found = []
        for a in accepted:
            for k, t in enumerate(typed):
                if k in used:
                    continue
                m = _item(t, a, form, near)
                if m is not None:
                    used.append(k)
                    found.append(m)
                    break
            else:
                return None
        order = ["order"]
    reasons, typos = [], []
    for f in found:
        reasons += [r for r in f["reasons"] if r not in reasons]
        typos += f["typos"]
    return {"reasons": order + reasons, "typos": typos}


def _level_reason(level: int, key: str) -> str:
    name = LEVELS[level]
    if name == "number" and "@" in key:
        return "date"
    return {"spelling": "spelling-variant"}.get(name, name)


def judge(typed: str, slot: dict, *, diacritics: bool = True) -> dict:
    """{"ok", "reasons", "form" (the accepted text it matched), "typos", "rejected"}."""
    verdict = {"ok": False, "reasons": [], "form": None, "typos": [], "rejected": False}
    if not str(typed).strip():
        return verdict
    mine = keys(typed, diacritics=diacritics)
    final = compact(mine[-1])
    if not final:
        return verdict
    for key in slot["reject"]:
        if compact(key) == final:
            verdict["rejected"] = True
            return verdict
    forms = slot["forms"]
    for form in forms:
        if str(typed).strip() == form["text"].strip():
            return {**verdict, "ok": True, "form": form["text"], "reasons": _via(form, [])}
    for level in range(len(LEVELS)):
        for form in forms:
            if compact(mine[level]) == compact(form["keys"][level]):
                reasons = [_level_reason(level, form["keys"][level])]
                return {**verdict, "ok": True, "form": form["text"], "reasons": _via(form, reasons)}
    typed_items = split(mine[-1])
    for form in forms:
        m = _relaxed(typed_items, split(form["keys"][-1]), form, slot["near"])
        if m is not None:
            return {**verdict, "ok": True, "form": form["text"], "reasons": _via(form, m["reasons"]),
                    "typos": m["typos"]}
    return verdict


def _via(form: dict, reasons: list[str]) -> list[str]:
    via = form.get("via")
    return ([via] if via and via not in reasons else []) + reasons
