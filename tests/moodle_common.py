"""Ports of the parts of Moodle that every import format shares, for the readers in tests/
(gift_reader.py, moodle_xml_reader.py):

- question/format.php: `importprocess` checks each grade with `match_grade_options` against
  `question_bank::fraction_options_full()`; `split_category_path` reads a category path;
- question/type/shortanswer/question.php, `compare_string_with_wildcard`: how a typed response is
  matched against an answer (`*` is a wildcard, `\\*` a literal star).
"""

from __future__ import annotations

import html
import re
import unicodedata

PHP_SPACE = " \t\n\r\0\x0b"
# question_bank::fraction_options_full(): the only grades Moodle's importer accepts.
GRADES = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
          0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)


class MoodleError(ValueError):
    """What Moodle reports as an import error for one question (the question is not imported)."""


def trim(s: str) -> str:
    """PHP's trim(): only these six characters, not Unicode spaces."""
    return s.strip(PHP_SPACE)


def fraction(weight: float) -> float:
    """match_grade_options(..., 'error'): a grade must be one of Moodle's, to 5 decimals."""
    for g in GRADES:
        for v in (g, -g):
            if abs(weight - v) < 0.00001:
                return v
    raise MoodleError(f"grade {weight} is not one Moodle accepts")


def split_category_path(path: str) -> list[str]:
    """qformat_default::split_category_path: `/` separates, `//` is a slash; each name is trimmed
    and cleaned as PARAM_TEXT (tags stripped). Names are shown as HTML, so entities are decoded
    here to give what a teacher sees."""
    names = []
    for raw in re.split(r"(?<!/)/(?!/)", path):
        name = trim(raw.replace("//", "/"))
        names.append(html.unescape(re.sub(r"<[^>]*(>|$)", "", name)))
    return names


def shortanswer_matches(response: str, pattern: str, *, ignorecase: bool = True) -> bool:
    """qtype_shortanswer_question::compare_string_with_wildcard: a run of unescaped `*` matches
    anything; `\\*` is a star; the rest is literal. Both sides NFC-normalised; the response trimmed
    (it is trimmed before it is stored)."""
    pattern = unicodedata.normalize("NFC", pattern)
    response = unicodedata.normalize("NFC", trim(response))
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = "^" + ".*".join(re.escape(b.replace("\\*", "*")) for b in bits) + "$"
    return re.match(regexp, response, re.IGNORECASE if ignorecase else 0) is not None
