"""The word tables of the answer matcher, as data.

Python (`fold`) and the quiz page's script (`templates/answers.js`) read these same tables: the
page gets them as JSON (`rules_json`), so the two implementations share every word list and
differ only in code, which the shared vector table (tests/answer_vectors.json) holds together.
"""

from __future__ import annotations

ARTICLES = ("the", "a", "an")

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
# Words that multiply the number before them, by a power of ten: "17 billion", "17bn".
MAGNITUDES = {"hundred": 2, "thousand": 3, "million": 6, "mn": 6, "mln": 6, "billion": 9, "bn": 9,
              "trillion": 12, "tn": 12, "trn": 12}
ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")

# Percent: after a number. Multi-word forms are lists of tokens.
PERCENT = (("%",), ("percent",), ("per", "cent"), ("pct",))
# Currency marker -> forms before the number, forms after it.
CURRENCIES = {
    "$usd": ((("$",), ("us", "$"), ("usd",)),
             (("dollars",), ("dollar",), ("usd",), ("us", "dollars"), ("us", "dollar"))),
    "$eur": ((("€",), ("eur",)), (("euros",), ("euro",), ("eur",), ("€",))),
    "$gbp": ((("£",), ("gbp",)), (("pounds",), ("pound",), ("gbp",), ("pounds", "sterling"))),
}
# Qualifiers of a number, by sense: one may stand for another of the same group.
QUALIFIERS = {
    "~below": (("nearly",), ("almost",), ("just", "under"), ("just", "below"), ("close", "to"),
               ("not", "quite"), ("under",), ("below",), ("less", "than"), ("fewer", "than"),
               ("up", "to")),
    "~approx": (("about",), ("around",), ("approximately",), ("roughly",), ("circa",), ("ca",),
                ("some",), ("approx",), ("an", "estimated"), ("estimated",), ("~",)),
    "~above": (("over",), ("more", "than"), ("above",), ("just", "over"), ("just", "above"),
               ("in", "excess", "of"), ("upwards", "of"), ("at", "least")),
}
MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
          "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
          "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
          "sept": 9, "oct": 10, "nov": 11, "dec": 12}
# A date or a year may follow these at the start of an answer: "in 1974", "on November 6".
DATE_PREPOSITIONS = ("in", "on")
# U.S. / US / USA / United States / United States of America: all "us".
US_FORMS = (("united", "states", "of", "america"), ("united", "states"), ("u", "s", "a"), ("u", "s"),
            ("usa",))

# British -> American spelling, whole words; the endings below cover -ise/-isation/-our.
SPELLING = {
    "centre": "center", "centres": "centers", "metre": "meter", "metres": "meters",
    "litre": "liter", "litres": "liters", "theatre": "theater", "fibre": "fiber",
    "calibre": "caliber", "sombre": "somber", "meagre": "meager", "spectre": "specter",
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "catalogue": "catalog", "dialogue": "dialog", "analogue": "analog", "programme": "program",
    "programmes": "programs", "grey": "gray", "aluminium": "aluminum", "sulphur": "sulfur",
    "judgement": "judgment", "ageing": "aging", "jewellery": "jewelry", "plough": "plow",
    "manoeuvre": "maneuver", "enrol": "enroll", "fulfil": "fulfill", "skilful": "skillful",
    "travelled": "traveled", "travelling": "traveling", "traveller": "traveler",
    "cancelled": "canceled", "cancelling": "canceling", "modelling": "modeling",
    "modelled": "modeled", "labelled": "labeled", "labelling": "labeling", "fuelled": "fueled",
    "signalled": "signaled", "counsellor": "counselor", "practise": "practice",
    "whilst": "while", "amongst": "among", "towards": "toward",
    "oesophagus": "esophagus", "paediatric": "pediatric", "encyclopaedia": "encyclopedia",
}
# Ending rewrites (British -> American) for words of at least MIN_ENDING_WORD letters.
# Longest ending first: the first that fits is the one applied.
ENDINGS = (("isations", "izations"), ("ourable", "orable"), ("ourites", "orites"),
           ("isation", "ization"), ("ouring", "oring"), ("ourite", "orite"), ("ising", "izing"),
           ("isers", "izers"), ("ysing", "yzing"), ("oured", "ored"), ("ised", "ized"),
           ("ises", "izes"), ("iser", "izer"), ("ysed", "yzed"), ("yses", "yzes"), ("ours", "ors"),
           ("ise", "ize"), ("yse", "yze"), ("our", "or"))
MIN_ENDING_WORD = 6

# Letters that do not decompose into a base letter and a mark (lower case only: folded first).
LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
           "ß": "ss", "ς": "σ"}
APOSTROPHES = "'‘’‚‛′`´ʼ"
SYMBOLS = "%$€£~+=*<>#^"

# Typo budget: edits allowed in one word of this many letters or more.
TYPO_ONE, TYPO_TWO = 5, 10

# Why a typed answer was accepted, as the quiz shows it ("accepted: same number").
REASONS = {
    "form": "same answer",
    "name": "same name",
    "number": "same number",
    "date": "same date",
    "spelling-variant": "British/American spelling",
    "spelling": "spelling",
    "order": "any order",
    "qualifier": "qualifier",
    "acronym": "acronym",
}


def rules_json() -> dict:
    """Every table, as the page's script reads it."""
    return {
        "articles": list(ARTICLES), "units": UNITS, "teens": TEENS, "tens": TENS,
        "magnitudes": MAGNITUDES, "ordinals": list(ORDINAL_SUFFIXES),
        "percent": [list(f) for f in PERCENT],
        "currencies": {k: [[list(f) for f in before], [list(f) for f in after]]
                       for k, (before, after) in CURRENCIES.items()},
        "qualifiers": {k: [list(f) for f in v] for k, v in QUALIFIERS.items()},
        "months": MONTHS, "prepositions": list(DATE_PREPOSITIONS),
        "us": [list(f) for f in US_FORMS], "spelling": SPELLING,
        "endings": [list(e) for e in ENDINGS], "minEnding": MIN_ENDING_WORD,
        "letters": LETTERS, "apostrophes": APOSTROPHES, "symbols": SYMBOLS,
        "typoOne": TYPO_ONE, "typoTwo": TYPO_TWO, "reasons": REASONS,
    }
