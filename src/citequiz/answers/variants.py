"""Stage 4 helper — literal forms of a typed answer, for consumers that compare literally.

Anki compares a type-in answer character by character, Moodle's short answer folds case only,
and QTI `varequal` compares exactly. None of them runs our matcher, so each export lists forms:
- `accepted_forms(slot)`: the author's forms and the ones the build generated (acronyms and their
  expansions, dates with the source's year): what a person should read as "also accepted".
- `lms_forms(slot)`: those, plus rewrites an LMS would not fold itself: without a leading article
  or end punctuation, a hyphen as a space or nothing, U.S./US, British and American spelling,
  numerals and number words, percent, currency and date forms, a qualifier left out or swapped.
  Every form is one the matcher accepts (each is judged before it is kept); forms that differ in
  case only are listed once (every target folds case, or is given the author's case). Capped at
  `LIMIT` forms, the author's first.

`slot` is a compiled slot (`compile.compile_question`). The LMS exporters get `lms_forms` through
their seam, `render/answers.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from . import tables as T
from .fold import spelling
from .judge import judge

LIMIT = 20

_NUMBER_WORDS = {**T.UNITS, **T.TEENS, **T.TENS}
_WORD_OF = {v: k for k, v in _NUMBER_WORDS.items()}
_MONTH_NAMES = [m for m, n in sorted(T.MONTHS.items(), key=lambda kv: kv[1]) if len(m) > 4 or m in ("may", "june", "july")]
_FULL = {T.MONTHS[m]: m for m in T.MONTHS if len(m) > 3 or m == "may"}
_SHORT = {1: "Jan", 2: "Feb", 3: "Mar", 4: "Apr", 5: "May", 6: "Jun", 7: "Jul", 8: "Aug", 9: "Sep",
          10: "Oct", 11: "Nov", 12: "Dec"}
_MONTH = "|".join(sorted((re.escape(m) for m in T.MONTHS), key=len, reverse=True))
_DATE_MD = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(,?\s+(\d{{4}}))?", re.I)
_DATE_DM = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?(,?\s+(\d{{4}}))?", re.I)
_PERCENT = re.compile(r"(\d[\d,.]*)\s*(?:%|percent\b|per cent\b)", re.I)
_MAG = r"(?:\s*(billion|million|trillion|bn|mn|tn)\b)?"
_DOLLARS = re.compile(r"(?:US\s?\$|\$)\s?(\d[\d,.]*)" + _MAG + r"(?:\s+(?:US\s+)?dollars?\b|\s+USD\b)?", re.I)
_DOLLARS_AFTER = re.compile(r"(\d[\d,.]*)" + _MAG + r"\s+(?:(?:US\s+)?dollars?|USD)\b", re.I)
_SCALE_WORD = {"bn": "billion", "mn": "million", "tn": "trillion"}
_SCALE_ABBR = {"billion": "bn", "million": "mn", "trillion": "tn"}
_QUALIFIER_WORDS = {f[0]: group for group, forms in T.QUALIFIERS.items() for f in forms if len(f) == 1 and f[0].isalpha()}
_QUALIFIER = re.compile(r"\b(" + "|".join(sorted(_QUALIFIER_WORDS, key=len, reverse=True)) + r")\s+(?=[$\d])", re.I)


def accepted_forms(slot: dict) -> list[str]:
    """The author's forms, then the generated ones, as texts."""
    return [f["text"] for f in slot["forms"]]


def _article(text: str) -> list[str]:
    m = re.match(r"(the|a|an)\s+(?=\w)", text, re.I)
    return [text[m.end():]] if m else []


def _punctuation(text: str) -> list[str]:
    if re.search(r"\b[A-Z]\.$", text.strip()):  # "the U.S." keeps its last full stop
        return []
    stripped = text.strip().rstrip(".,;:!?").strip()
    return [stripped] if stripped and stripped != text else []


def _hyphens(text: str) -> list[str]:
    if not re.search(r"(?<=\w)[-‐‑–](?=\w)", text):
        return []
    return [re.sub(r"(?<=\w)[-‐‑–](?=\w)", " ", text), re.sub(r"(?<=\w)[-‐‑–](?=\w)", "", text)]


def _us(text: str) -> list[str]:
    out = []
    if re.search(r"\bU\.S\.(?!\w)", text):
        out.append(re.sub(r"\bU\.S\.(?!\w)", "US", text))
    if re.search(r"\bUS\b(?!\$)", text):
        out += [re.sub(r"\bUS\b(?!\$)", "U.S.", text), re.sub(r"\bUS\b(?!\$)", "United States", text)]
    if re.search(r"\bUnited States\b", text):
        out.append(re.sub(r"\bUnited States\b", "US", text))
    return out


_BRITISH = {american: british for british, american in T.SPELLING.items() if british not in ("whilst", "amongst", "towards")}
_IZE = re.compile(r"(?<=\w{2})iz(e|ed|es|ing|ation|ations|er|ers)\b")


def _spelling(text: str) -> list[str]:
    def american(m: re.Match[str]) -> str:
        word = m.group(0)
        folded = spelling(word.lower())
        return _recase(folded, word) if folded != word.lower() else word  # an unchanged word keeps its case

    def british(m: re.Match[str]) -> str:
        word = m.group(0)
        lower = word.lower()
        if lower in _BRITISH:
            return _recase(_BRITISH[lower], word)
        changed = _IZE.sub(lambda e: "is" + e.group(1), lower) if len(lower) >= T.MIN_ENDING_WORD else lower
        return _recase(changed, word) if changed != lower else word

    out = [re.sub(r"[^\W\d_]+", american, text), re.sub(r"[^\W\d_]+", british, text)]
    return [o for o in out if o != text]


def _recase(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _numbers(text: str) -> list[str]:
    """A whole answer that is a small number, as a numeral or a word: "five" <-> "5"."""
    bare = text.strip().rstrip(".").lower()
    if bare in _NUMBER_WORDS:
        return [str(_NUMBER_WORDS[bare])]
    if bare.isdigit() and int(bare) in _WORD_OF:
        return [_WORD_OF[int(bare)]]
    return []


def _percent(text: str) -> list[str]:
    if not _PERCENT.search(text):
        return []
    return [_PERCENT.sub(lambda m: m.group(1) + suffix, text) for suffix in ("%", " %", " percent", " per cent")]


def _dollars(text: str) -> list[str]:
    m = _DOLLARS.search(text) or _DOLLARS_AFTER.search(text)
    if not m:
        return []
    amount, scale = m.group(1), (m.group(2) or "").lower()
    word = _SCALE_WORD.get(scale, scale)
    spaced = f"{amount} {word}" if word else amount
    forms = [f"${spaced}", f"US${spaced}", f"{spaced} dollars", f"{spaced} USD"]
    if word in _SCALE_ABBR:
        forms.append(f"${amount}{_SCALE_ABBR[word]}")
    return [text[: m.start()] + f + text[m.end():] for f in forms]


def _dates(text: str) -> list[str]:
    m = _DATE_MD.search(text)
    if m:
        month, day, year = T.MONTHS[m.group(1).lower()], int(m.group(2)), m.group(4)
    else:
        m = _DATE_DM.search(text)
        if not m:
            return []
        month, day, year = T.MONTHS[m.group(2).lower()], int(m.group(1)), m.group(4)
    full = _FULL[month].capitalize()
    short = _SHORT[month]
    th = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    forms = [f"{full} {day}", f"{day} {full}", f"{full} {day}{th}", f"{short}. {day}", f"{short} {day}"]
    if year:
        forms = [f"{full} {day}, {year}", f"{day} {full} {year}", f"{short}. {day}, {year}"] + forms
    return [text[: m.start()] + f + text[m.end():] for f in forms]


def _qualifiers(text: str) -> list[str]:
    m = _QUALIFIER.search(text)
    if not m:
        return []
    group = _QUALIFIER_WORDS[m.group(1).lower()]
    swaps = [w for w, g in _QUALIFIER_WORDS.items() if g == group and w != m.group(1).lower()][:2]
    return [text[: m.start()] + text[m.end():]] + [text[: m.start()] + w + " " + text[m.end():] for w in swaps]


REWRITES: tuple[Callable[[str], list[str]], ...] = (
    _punctuation, _article, _hyphens, _us, _spelling, _numbers, _percent, _dollars, _dates, _qualifiers)


def lms_forms(slot: dict, *, limit: int = LIMIT, diacritics: bool = True) -> list[str]:
    """The author's and the generated forms, then rewrites the matcher accepts, case-insensitively
    distinct, at most `limit`."""
    out: list[str] = []
    seen: set[str] = set()

    def add(texts: Iterable[str], check: bool) -> None:
        for text in texts:
            text = " ".join(text.split())
            if len(out) >= limit or not text or text.casefold() in seen:
                continue
            if check and not judge(text, slot, diacritics=diacritics)["ok"]:
                continue
            seen.add(text.casefold())
            out.append(text)

    add(accepted_forms(slot), check=False)
    frontier = list(out)
    for _ in range(2):  # rewrites of rewrites, once: "the U.S.-Kazakhstan" -> "US Kazakhstan"
        new: list[str] = []
        for text in frontier:
            for rewrite in REWRITES:
                before = len(out)
                add(rewrite(text), check=True)
                new += out[before:]
        frontier = new
    return out
