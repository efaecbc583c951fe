"""cloze: a sentence with blanks, `{{c1::answer}}` or `{{c1::answer::hint}}`."""

from __future__ import annotations

from .. import cloze
from ..answers import syntax as answer_syntax
from ..errors import quoted
from ..model import Question
from ..reader import Fields
from .base import Grounded, QuestionType


def parse(f: Fields) -> dict:
    text = f.text("text")
    if text:
        node = f.node("text")
        found = cloze.deletions(text)
        if cloze.stray_braces(text):
            f.err(node, "bad-cloze", "cloze text has a `{{` or `}}` that is not a well-formed deletion",
                  "write deletions as {{c1::answer}} or {{c1::answer::hint}}")
        elif not found:
            f.err(node, "no-deletion", "cloze text has no deletion", "mark the answer as {{c1::answer}}")
        else:
            high = next((d for d in found if d.number > cloze.MAX_NUMBER), None)
            bad = next((d for d in found if not d.answer.strip() or d.number < 1), None)
            if high is not None:
                f.err(node, "bad-cloze", f"cloze deletion {quoted(high.raw[:40])} is numbered beyond "
                      f"{cloze.MAX_NUMBER:,}", "number deletions c1, c2, ...: Anki reads no higher number")
            elif bad is not None:
                f.err(node, "bad-cloze", f"cloze deletion {quoted(bad.raw)} is empty or numbered 0")
    forms = {}
    for key in ("accept", "reject"):
        value = answer_syntax.cloze_forms(f.reader, f.node(key), key, text)
        if value is None:
            f.fail()
        forms["blank_" + key] = value or ()
    return {"text": text, **forms}


def grounded(q: Question):
    return [Grounded(f"deletion c{d.number} {quoted(d.answer)}", d.answer, q.at("text"), "deletion-not-in-source", True)
            for d in q.deletions]


TYPE = QuestionType(
    name="cloze",
    summary="fill in the blanks of a sentence",
    # accept/reject: other typed forms of a deletion, and near misses: `accept: {c1: [...]}`
    keys={"text": "cloze text", "accept": "forms by deletion", "reject": "forms by deletion"},
    required=("text",),
    parse=parse,
    grounded=grounded,
    correct=lambda q: tuple(d.answer for d in q.deletions),
    stem=lambda q: cloze.blanked(q.text or ""),
    stem_key="text",
    markdown={"text": "block"},  # its deletions are inline
    revealing=lambda q: tuple(d.answer for d in q.deletions),
    hints={"text": "write the sentence with deletions: `text: Enacted in {{c1::1974}}.`"},
    schema={"text": {"type": "string",
                     "pattern": cloze.CLOZE_RE.pattern.split("(.*?)")[0].replace(r"(\d+)", "[0-9]+")}},
)
