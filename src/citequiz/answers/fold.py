"""The answer matcher, part 1: a typed or accepted answer folded to a key.

`canon(text, level)` is a pure function of the text, mirrored line by line in the quiz page's
script (`templates/answers.js`, `canon`); both read the word lists in `tables`. The levels are
cumulative, and the first level at which two answers agree names why they are the same:

1. `form`     case, Unicode compatibility forms (NFKC), diacritics (unless turned off), quotes
              and apostrophes, dashes and hyphens, spacing, punctuation, a leading article, `&`
2. `name`     U.S. / US / USA / United States (of America)
3. `number`   number words (five = 5), thousands separators, 17 billion, ordinals (6th = 6),
              percent forms, currency forms, qualifiers of a number (nearly, about, over ...),
              dates (Nov. 6 = 6 November = November 6th), "in 1974" = "1974"
4. `spelling` British and American spelling

A key lists the answer's items (a list answer "Russia, China and Europe" has three) separated by
`|`, each a space-separated run of tokens: words, numbers, and markers that start with a symbol
(`%`, `$usd`, `~below`, `@2025-11-06`). Keys are compared `compact`ly: adjacent words join
without a space, so "counter-terrorism", "counter terrorism" and "counterterrorism" agree.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from . import tables as T

LEVELS = ("form", "name", "number", "spelling")
_CASE = {"ß": "ss", "ς": "σ"}
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?\Z")
_DOT_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3}){2,}\Z")


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def is_word(token: str) -> bool:
    # isalpha() first: the same answer for nearly every token, without a look at each letter.
    return token.isalpha() or (bool(token) and all(_is_letter(c) for c in token))


def is_number(token: str) -> bool:
    return bool(token) and _is_digit(token[0])


_CASE_TABLE = str.maketrans(_CASE)
_LETTERS_TABLE = str.maketrans(T.LETTERS)
_APOSTROPHES_TABLE = str.maketrans({c: None for c in T.APOSTROPHES})


def chars(text: str, *, diacritics: bool = True) -> str:
    """Character-level folding: NFKC, lower case, diacritics, apostrophes, `&`."""
    if text.isascii():  # NFKC, the case table and diacritics change no ASCII character
        return text.lower().translate(_APOSTROPHES_TABLE).replace("&", " and ")
    text = unicodedata.normalize("NFKC", text).lower().translate(_CASE_TABLE)
    if diacritics:
        text = unicodedata.normalize("NFD", text)
        text = unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))
        text = text.translate(_LETTERS_TABLE)
    return text.translate(_APOSTROPHES_TABLE).replace("&", " and ")


def number(text: str) -> str:
    """A numeral without leading or trailing zeros: "007" -> "7", "2.50" -> "2.5"."""
    whole, _, frac = text.partition(".")
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    return whole + ("." + frac if frac else "")


def scale(text: str, exponent: int) -> str:
    """A numeral times 10**exponent, exactly: scale("17.5", 9) -> "17500000000"."""
    whole, _, frac = text.partition(".")
    frac += "0" * exponent
    return number(whole + frac[:exponent] + "." + frac[exponent:])


def _numeral_tokens(text: str) -> list[str]:
    if _THOUSANDS.match(text):
        return [number(text.replace(",", ""))]
    if _DOT_THOUSANDS.match(text):
        return [number(text.replace(".", ""))]
    out: list[str] = []
    for k, part in enumerate(text.split(",")):
        if k:
            out.append(",")
        out.extend(number(p) for p in (part.split(".") if part.count(".") > 1 else [part]))
    return out


# For ASCII text, the loop below as one regex (the same tokens, found in C).
_ASCII_TOKEN = re.compile(r"(\d(?:\d|[.,](?=\d))*)|([a-z]+)|([" + re.escape("".join(c for c in T.SYMBOLS if c.isascii()))
                          + r"])|([,;])", re.I)


def tokens(text: str) -> list[str]:
    """Words (runs of letters), numerals, the symbols % $ € £ ~ + = * < > # ^, and "," for , and ;."""
    if text.isascii():
        out = []
        for numeral, word, symbol, comma in _ASCII_TOKEN.findall(text):
            if numeral:
                out.extend(_numeral_tokens(numeral))
            else:
                out.append(word or symbol or ",")
        return out
    return _tokens_loop(text)


def _tokens_loop(text: str) -> list[str]:
    """`tokens`, one character at a time (as answers.js does it, for any text)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if _is_digit(c):
            j = i + 1
            while j < n and (_is_digit(text[j]) or (text[j] in ".," and j + 1 < n and _is_digit(text[j + 1]))):
                j += 1
            out.extend(_numeral_tokens(text[i:j]))
            i = j
        elif _is_letter(c):
            j = i + 1
            while j < n and _is_letter(text[j]):
                j += 1
            out.append(text[i:j])
            i = j
        else:
            if c in T.SYMBOLS:
                out.append(c)
            elif c in ",;":
                out.append(",")
            i += 1
    return out


def _at(toks: list[str], i: int, form) -> bool:
    return list(toks[i : i + len(form)]) == list(form)


def _by_first(pairs) -> dict[str, list]:
    """(form, marker) pairs by the form's first token, longest form first: the first that fits
    wins, as trying every form in that order would decide (only faster)."""
    index: dict[str, list] = {}
    for form, marker in sorted(pairs, key=lambda p: -len(p[0])):
        index.setdefault(form[0], []).append((form, marker))
    return index


_US = _by_first((f, "us") for f in T.US_FORMS)
_PERCENT = _by_first((f, "%") for f in T.PERCENT)
_BEFORE = _by_first((f, m) for m, (b, _) in T.CURRENCIES.items() for f in b)
_AFTER = _by_first((f, m) for m, (_, a) in T.CURRENCIES.items() for f in a)
_QUALIFIER = _by_first((f, m) for m, fs in T.QUALIFIERS.items() for f in fs)


def _us(toks: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(toks):
        for form, _ in _US.get(toks[i], ()):
            if _at(toks, i, form):
                out.append("us")
                i += len(form)
                break
        else:
            out.append(toks[i])
            i += 1
    return out


def _number_words(toks: list[str], i: int) -> tuple[int, int]:
    """(value, index after) of the number words starting at toks[i]."""
    total, current, last, top, j = 0, 0, None, 99, i
    while j < len(toks):
        t = toks[j]
        if t in T.UNITS and last in (None, "ten", "hundred", "mag"):
            current += T.UNITS[t]
            last = "unit"
        elif t in T.TEENS and last in (None, "hundred", "mag"):
            current += T.TEENS[t]
            last = "teen"
        elif t in T.TENS and last in (None, "hundred", "mag"):
            current += T.TENS[t]
            last = "ten"
        elif t == "hundred" and last in ("unit", "teen", "ten") and current < 100:
            current *= 100
            last = "hundred"
        elif t in T.MAGNITUDES and t != "hundred" and last in ("unit", "teen", "ten", "hundred") \
                and T.MAGNITUDES[t] < top:
            total += current * 10 ** T.MAGNITUDES[t]
            current, top, last = 0, T.MAGNITUDES[t], "mag"
        elif t == "and" and last in ("hundred", "mag") and j + 1 < len(toks) and (
                toks[j + 1] in T.UNITS or toks[j + 1] in T.TEENS or toks[j + 1] in T.TENS):
            pass
        else:
            break
        j += 1
    return total + current, j


def _numbers(toks: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(toks):
        t = toks[i]
        if is_number(t):
            i += 1
            if i < len(toks) and toks[i] in T.MAGNITUDES:
                t = scale(t, T.MAGNITUDES[toks[i]])
                i += 1
            out.append(t)
        elif t in T.UNITS or t in T.TEENS or t in T.TENS:
            value, i = _number_words(toks, i)
            out.append(str(value))
        else:
            out.append(t)
            i += 1
    return out


def _ordinals(toks: list[str]) -> list[str]:
    return [t for k, t in enumerate(toks)
            if not (t in T.ORDINAL_SUFFIXES and k and toks[k - 1].isdigit())]


def _percent(toks: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(toks):
        out.append(toks[i])
        i += 1
        if is_number(out[-1]) and i < len(toks):
            for form, _ in _PERCENT.get(toks[i], ()):
                if _at(toks, i, form):
                    out.append("%")
                    i += len(form)
                    break
    return out


def _currency(toks: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(toks):
        marker = None
        for form, m in _BEFORE.get(toks[i], ()):
            if _at(toks, i, form) and i + len(form) < len(toks) and is_number(toks[i + len(form)]):
                marker = m
                i += len(form)
                break
        out.append(toks[i])
        i += 1
        if is_number(out[-1]) and i < len(toks):
            for form, m in _AFTER.get(toks[i], ()):
                if _at(toks, i, form):
                    if marker and marker != m:
                        out.append(marker)
                    marker = m
                    i += len(form)
                    break
        if marker:
            out.append(marker)
    return out


def _qualifiers(toks: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(toks):
        for form, m in _QUALIFIER.get(toks[i], ()):
            if _at(toks, i, form) and i + len(form) < len(toks) and is_number(toks[i + len(form)]):
                out.append(m)
                i += len(form)
                break
        else:
            out.append(toks[i])
            i += 1
    return out


def _day(t: str | None) -> int | None:
    if t is not None and t.isdigit() and len(t) <= 2 and 1 <= int(t) <= 31:
        return int(t)
    return None


def _year(t: str | None) -> int | None:
    if t is not None and t.isdigit() and len(t) == 4 and 1000 <= int(t) <= 2999:
        return int(t)
    return None


def _dates(toks: list[str]) -> list[str]:
    def get(k):
        return toks[k] if k < len(toks) else None

    def year_after(k):  # (year, index after) for an optional "," then a year at toks[k]
        if _year(get(k)):
            return _year(get(k)), k + 1
        if get(k) == "," and _year(get(k + 1)):
            return _year(get(k + 1)), k + 2
        return None, k

    out, i = [], 0
    while i < len(toks):
        month, day, j = T.MONTHS.get(toks[i]), None, i
        if month and _day(get(i + 1)):
            day, j = _day(get(i + 1)), i + 2
        elif _day(toks[i]) and T.MONTHS.get(get(i + 1) or ""):
            month, day, j = T.MONTHS[toks[i + 1]], _day(toks[i]), i + 2
        elif _day(toks[i]) and get(i + 1) == "of" and T.MONTHS.get(get(i + 2) or ""):
            month, day, j = T.MONTHS[toks[i + 2]], _day(toks[i]), i + 3
        if month and day:
            year, j = year_after(j)
            out.append(f"@{year}-{month:02d}-{day:02d}" if year else f"@{month:02d}-{day:02d}")
            i = j
            continue
        if month:
            year, j = year_after(i + 1)
            if year:
                out.append(f"@{year}-{month:02d}")
                i = j
                continue
        out.append(toks[i])
        i += 1
    return out


def spelling(word: str) -> str:
    """A word in American spelling (British forms folded)."""
    if not is_word(word):
        return word
    if word in T.SPELLING:
        return T.SPELLING[word]
    if len(word) >= T.MIN_ENDING_WORD:
        for british, american in T.ENDINGS:
            if word.endswith(british):
                return word[: -len(british)] + american
    return word


def items(toks: list[str], level: int) -> list[list[str]]:
    """Tokens split into list items at "," and "and"; each item without a leading article (but
    "a = b" keeps its "a"), and from level 3 without "in"/"on" before a date or year."""
    out: list[list[str]] = [[]]
    for t in toks:
        if t in (",", "and"):
            out.append([])
        else:
            out[-1].append(t)
    result = []
    for item in out:
        if len(item) > 1 and item[0] in T.ARTICLES and item[1] not in T.SYMBOLS:
            item = item[1:]
        if level >= 3 and len(item) == 2 and item[0] in T.DATE_PREPOSITIONS and (
                item[1].startswith("@") or _year(item[1])):
            item = item[1:]
        if item:
            result.append(item)
    return result


def stream(text: str, level: int = 4, *, diacritics: bool = True) -> list[str]:
    """The tokens of `text` at `level`, before they are split into items."""
    toks = tokens(chars(str(text), diacritics=diacritics))
    if level >= 2:
        toks = _us(toks)
    if level >= 3:
        toks = _qualifiers(_dates(_currency(_percent(_ordinals(_numbers(toks))))))
    if level >= 4:
        toks = [spelling(t) for t in toks]
    return toks


def canon(text: str, level: int = 4, *, diacritics: bool = True) -> str:
    """The key of `text` at `level` (1-4, see the module docstring)."""
    toks = tokens(chars(str(text), diacritics=diacritics))
    if level >= 2:
        toks = _us(toks)
    if level >= 3:
        toks = _numbers(toks)
        toks = _ordinals(toks)
        toks = _percent(toks)
        toks = _currency(toks)
        toks = _dates(toks)
        toks = _qualifiers(toks)
    if level >= 4:
        toks = [spelling(t) for t in toks]
    return "|".join(" ".join(item) for item in items(toks, level))


def keys(text: str, *, diacritics: bool = True) -> list[str]:
    """The key at every level, 1 to 4."""
    return list(_keys(str(text), diacritics))


@functools.lru_cache(maxsize=4096)
def _keys(text: str, diacritics: bool) -> tuple[str, ...]:
    # One typed or accepted text is often judged against many slots (check, the exports); and
    # the levels are cumulative, so one pass gives all four (= canon(text, level) for each).
    toks = tokens(chars(text, diacritics=diacritics))
    out = [_key_of(toks, 1)]
    toks = _us(toks)
    out.append(_key_of(toks, 2))
    toks = _qualifiers(_dates(_currency(_percent(_ordinals(_numbers(toks))))))
    out.append(_key_of(toks, 3))
    out.append(_key_of([spelling(t) for t in toks], 4))
    return tuple(out)


def _key_of(toks: list[str], level: int) -> str:
    return "|".join(" ".join(item) for item in items(toks, level))


def compact_item(tokens_: list[str]) -> str:
    out = ""
    for k, t in enumerate(tokens_):
        if k and not (is_word(t) and is_word(tokens_[k - 1])):
            out += " "
        out += t
    return out


def split(key: str) -> list[list[str]]:
    return [item.split(" ") for item in key.split("|")] if key else []


@functools.lru_cache(maxsize=8192)
def compact(key: str) -> str:
    """The form in which keys are compared: words of an item joined without spaces."""
    return "|".join(compact_item(item) for item in split(key))
