"""Stage 4 helpers — what Moodle's two formats (GIFT and Moodle XML) share, as Moodle reads them
(question/format.php and lib/moodlelib.php): the category path, tags, grades and typed answers."""

from __future__ import annotations

import html

from ..model import Question
from .limits import Loss

PHP_SPACE = " \t\n\r\0\x0b"  # what PHP's trim() strips, and nothing else
TAG_DROPS = str.maketrans("", "", "<>`")  # what clean_param(PARAM_TAG) removes from a tag
MIN_MATCH_PAIRS = 3  # qtype_match refuses fewer ("notenoughqsandas": 2 questions and 3 answers)


def category_name(name: str) -> str:
    """One category name as `split_category_path` reads it back: names are cleaned of HTML tags and
    shown as HTML, so `& < >` are entities; `/` is doubled (assemble_category_path), with a space
    against a leading or trailing slash; runs of whitespace, line breaks among them, are one space
    (a line break would end GIFT's `$CATEGORY:` line)."""
    name = " ".join(html.escape(name, quote=False).split())
    name = name.replace("/", "//")
    return (" " if name.startswith("/") else "") + name + (" " if name.endswith("/") else "")


def category_path(project_title: str, bank_title: str) -> str:
    """A category per project and bank, under the course's top category."""
    return f"$course$/top/{category_name(project_title)}/{category_name(bank_title)}"


def tag(t: str) -> str:
    """A tag as Moodle stores it."""
    return t.translate(TAG_DROPS)


def weight(n: int) -> str:
    """100/n as Moodle writes grade percentages: 5 decimals at most (33.33333, 16.66667), which
    match its fixed list of grades (0.3333333, 0.1666667)."""
    return f"{100 / n:.5f}".rstrip("0").rstrip(".")


def pattern(answer: str) -> str:
    """A typed answer as a Moodle short-answer pattern: `*` is a wildcard there, `\\*` a star."""
    return answer.replace("*", "\\*")


def unsupported(q: Question) -> list[Loss]:
    """What Moodle itself cannot hold of a question, whichever format carries it."""
    lost = []
    if q.type == "match" and len(q.pairs) < MIN_MATCH_PAIRS:
        lost.append(Loss("pairs", f"the whole question (Moodle's matching needs at least {MIN_MATCH_PAIRS} pairs; "
                                  f"this one has {len(q.pairs)})"))
    for t in q.tags:
        if tag(t) != t:
            lost.append(Loss("tags", f"the characters < > ` of tag {t!r} (Moodle removes them from tags)"))
    return lost
