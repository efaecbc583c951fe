"""Words as the lints compare them: normalised (as the grounding check does), split on anything
that is not a letter, digit, apostrophe or hyphen inside a word, with a light stemmer so that
"emigrate" / "emigrates" or "country" / "countries" count as one word.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from .. import types
from ..model import Question
from ..normalize import normalize as _normalize

# The lints look at the same prompts and choices several times (each lint, each group): the
# normalised form is kept rather than made again. Bounded, for a 100,000-question project.
normalize = functools.lru_cache(maxsize=1 << 18)(_normalize)

_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")  # the same on casefolded ASCII, twice as fast

# Function words and the framing every question of these banks uses ("According to the article,
# which ..."): sharing one of them says nothing about the content.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my
no nor not now of off on once only or other our ours out over own same she should so some such
than that the their theirs them then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours
according article articles text texts op-ed says say said writes write wrote states stated
following one two three four question true false select apply among named name give gives given
""".split())


def words(text: str) -> list[str]:
    return tokens(normalize(text))


_RUN = re.compile(r"[^\W_]+")
_ASCII_RUN = re.compile(r"[a-z0-9]+")


def runs(norm: str) -> set[str]:
    """The runs of letters and digits of a normalised text: what an index must hold so that every
    text in which a needle occurs (`normalize.occurs`, on word boundaries) holds all the needle's
    runs ("beijing" stands in "beijing's", "us" in "us-ukraine")."""
    return set(_ASCII_RUN.findall(norm) if norm.isascii() else _RUN.findall(norm))


def tokens(norm: str) -> list[str]:
    """The words of a text that is already normalised."""
    return _ASCII_WORD.findall(norm) if norm.isascii() else _WORD.findall(norm)


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: enough to match plural and verb forms, never to merge unrelated words."""
    w = word.removesuffix("'s")
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: len(w) - len(suffix)] + keep
    return w


def content_stems(text: str, *, normalized: bool = False) -> set[str]:
    """The stems of a text's content words: no stopwords, no one-letter words."""
    return stems_of(tokens(text) if normalized else words(text))


_CONTENT: dict[str, str] = {}  # word -> its stem, "" for a function word (a vocabulary: bounded)


def stems_of(found: Iterable[str]) -> set[str]:
    """The stems of the content words among `found` (normalised words)."""
    out = set()
    known = _CONTENT.get
    for w in found:
        s = known(w)
        if s is None:
            s = _CONTENT[w] = "" if w in STOPWORDS or len(w) < 2 else stem(w)
        if s:
            out.add(s)
    return out


def shown_texts(q: Question) -> list[tuple[str, str]]:
    """What a question shows before it is answered: (field, text) pairs. A cloze shows its text
    with blanks (and hints), a match both columns, a choice question its choices."""
    stem = types.stem(q)
    out = [("text" if q.type == "cloze" else "prompt", stem)] if stem else []
    out += [("choices", c) for c in q.choices]
    for p in q.pairs:
        out += [("pairs", p.left), ("pairs", p.right)]
    out += [("items", item) for item in getattr(q, "items", ())]  # an order question's items
    return out


def common_stems(questions: Iterable[Question], share: float = 0.25, *, stems=None) -> set[str]:
    """Stems that stand in more than `share` of the questions' stems (and in at least 3): the
    group's topic words ("amendment" in a Jackson-Vanik bank), which say nothing distinctive.
    `stems`: each question's content stems of its stem text, where already known."""
    per_question = list(stems) if stems is not None else [content_stems(types.stem(q)) for q in questions]
    counts: Counter[str] = Counter()
    for found in per_question:
        counts.update(found)
    limit = max(3, share * len(per_question))
    return {s for s, n in counts.items() if n >= limit}


_GROUPS: dict[int, tuple] = {}


def group_stems(questions) -> tuple[list[set[str]], set[str]]:
    """Each question's stem-text stems and the group's topic stems (`common_stems`), computed
    once per group however many lints ask (`questions`: the group's own tuple)."""
    hit = _GROUPS.get(id(questions))
    if hit is None or hit[0] is not questions:
        if len(_GROUPS) > 64:
            _GROUPS.clear()
        stems = [content_stems(types.stem(q)) for q in questions]
        hit = _GROUPS[id(questions)] = (questions, stems, common_stems(questions, stems=stems))
    return hit[1], hit[2]
