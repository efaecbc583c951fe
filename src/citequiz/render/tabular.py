"""Stage 4 renderer — spreadsheet and flashcard exports of each bank.

`lms/<bank>.csv`: one row per question with the columns id, type, prompt, choices, answer,
explanation, source, tags; UTF-8 with a byte-order mark so Excel opens it as UTF-8. A cell that
holds several values (choices, accepted answers, match pairs) lists one per line: a short
answer's cell lists every accepted form (the author's, then the acronyms and dated forms the
build generates), a cloze's one line per blank, its other forms after " / ". A cell that a
spreadsheet would run as a formula (starting with `=`, `+`, `@`, a tab or CR, their full-width
forms, or `-` unless the cell is just a negative number) gets a leading `'`, as OWASP advises
against CSV injection; so does each side of the TSV, which spreadsheets open as well.

`lms/<bank>.tsv`: front<TAB>back, one card per line, no header and no quoting, which is what
Quizlet's "Import" box and Anki's "Import File" (plain text, tab separator) both accept. Tabs and
line breaks inside a side become spaces / " · " since neither importer can hold them. Anki reads a
side that starts with `"` as a quoted field (dropping the quotes) and a line that starts with `#`
as a comment (dropping the card), so a leading `"` becomes `“` and a leading `#` gets a space
(so does a leading U+FEFF, which Anki drops as a byte-order mark on the first line).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from typing import NamedTuple

from .. import cloze, types
from ..answers import compile_question
from ..answers.variants import accepted_forms
from ..markup.content import content_of
from ..model import Bank, Project, Question
from . import choice_order
from ..types import order as order_type
from .context import Format, RenderContext
from .choice_order import ordered_choices, right_order

COLUMNS = ("id", "type", "prompt", "choices", "answer", "explanation", "source", "tags")
_FORMULA = re.compile(r"[=+@\t\r\uff1d\uff0b\uff20]|[-\uff0d](?!\d+(?:\.\d+)?\Z)")


def render(ctx: RenderContext):
    content = content_of(ctx.project)
    for bank in ctx.project.banks:
        # The typed answers' forms come from the question as written (the matcher compiles it);
        # the cells from the plain view: spreadsheets and flashcard imports take plain text,
        # Markdown stripped, math as TeX between $, an image as [image: alt] (docs/content.md).
        typed = typed_forms(ctx.project, bank)
        bank = dataclasses.replace(bank, questions=tuple(content.question_as(q) for q in bank.questions))
        yield f"lms/{bank.name}.csv", csv_bytes(bank, typed=typed)
        yield f"lms/{bank.name}.tsv", tsv_bytes(bank, typed=typed)


class Cells(NamedTuple):
    """What one question puts into the CSV (`choices`, `answer`) and onto a flashcard."""

    choices: list[str]
    answers: list[str]
    front: str
    back: str


def _choice(q: Question) -> Cells:
    ask = " (select all that apply)" if q.type == "multi" else ""
    correct = list(types.correct(q))
    shown = ordered_choices(q)  # the bank's fixed order, drawn from the ids (`choice_order`)
    return Cells(shown, correct, f"{q.prompt}{ask} — " + " / ".join(shown), "; ".join(correct))


def _tf(q: Question) -> Cells:
    correct = types.correct(q)[0]
    return Cells(["True", "False"], [correct], f"True or false: {q.prompt}", correct)


def _short(q: Question, forms: list[list[str]] | None = None) -> Cells:
    accepted = forms[0] if forms else [str(q.answer), *q.accept]
    others = [f for f in accepted if f != str(q.answer)]
    back = str(q.answer) + (" (also: " + "; ".join(others) + ")" if others else "")
    return Cells([], accepted, q.prompt or "", back)


def _cloze(q: Question, forms: list[list[str]] | None = None) -> Cells:
    answers = [" / ".join(f) for f in forms] if forms else list(types.correct(q))
    return Cells([], answers, types.stem(q), cloze.filled(q.text or ""))


def _match(q: Question) -> Cells:
    # A pair's other accepted forms of its right side follow it: "DFC → ... (also: ...)".
    answers = [f"{p.left} → {p.right}" + (" (also: " + "; ".join(p.accept) + ")" if p.accept else "")
               for p in q.pairs]
    return Cells([p.left for p in q.pairs] + [p.right for p in right_order(q)], answers,
                 f"{q.prompt} — " + " / ".join(p.left for p in q.pairs),
                 "; ".join(f"{p.left} → {p.right}" for p in q.pairs))


def _order(q: Question) -> Cells:
    shown = order_type.shuffled(q)
    return Cells(list(shown), [f"{n}. {item}" for n, item in enumerate(q.items, 1)],
                 f"{q.prompt} (put in order) — " + " / ".join(shown),
                 "; ".join(f"{n}. {item}" for n, item in enumerate(q.items, 1)))


# One handler per question type; the CSV and the TSV can express every type.
HANDLERS = {"mcq": _choice, "multi": _choice, "tf": _tf, "short": _short, "cloze": _cloze,
            "match": _match, "order": _order}
UNSUPPORTED: dict[str, str] = {}


def typed_forms(project: Project, bank: Bank) -> dict[str, list[list[str]]]:
    """Each short or cloze question's accepted forms, slot by slot (`answers.variants`)."""
    return {q.id: [accepted_forms(s) for s in compile_question(q, project)]
            for q in bank.questions if q.type in ("short", "cloze")}


def _cells(q: Question, forms: list[list[str]] | None) -> Cells:
    return HANDLERS[q.type](q, forms) if forms else HANDLERS[q.type](q)


def row(q: Question, forms: list[list[str]] | None = None) -> dict[str, str]:
    """One CSV row; `forms`: each typed slot's accepted forms (short, cloze)."""
    cells = _cells(q, forms)
    return {
        "id": q.id,
        "type": q.type,
        "prompt": types.stem(q),
        "choices": "\n".join(cells.choices),
        "answer": "\n".join(cells.answers),
        "explanation": q.explanation or "",
        "source": "\n".join(c.label for c in q.sources),
        "tags": ", ".join(q.tags),
    }


def _safe(cell: str) -> str:
    return "'" + cell if _FORMULA.match(cell) else cell


def csv_bytes(bank: Bank, *, typed: dict[str, list[list[str]]] | None = None) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    with choice_order.bank(bank.questions):
        for q in bank.questions:
            r = row(q, (typed or {}).get(q.id))
            writer.writerow([_safe(r[c]) for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def card(q: Question, forms: list[list[str]] | None = None) -> tuple[str, str]:
    """(front, back) of a flashcard for one question; a short answer's back names its other
    accepted forms ("USAID (also: ...)"), given `forms` (as for `row`)."""
    cells = _cells(q, forms)
    return _flat(cells.front), _flat(cells.back)


def _flat(text: str) -> str:
    return re.sub(r"[ \t]*[\r\n]+[ \t]*", " · ", text.strip()).replace("\t", " ")


def _side(text: str) -> str:
    text = _safe(text)
    if text.startswith('"'):
        text = "\u201c" + text[1:]
    return " " + text if text.startswith(("#", "\ufeff")) else text


def tsv_bytes(bank: Bank, *, typed: dict[str, list[list[str]]] | None = None) -> bytes:
    with choice_order.bank(bank.questions):
        lines = [f"{_side(front)}\t{_side(back)}\n" for front, back in
                 (card(q, (typed or {}).get(q.id)) for q in bank.questions)]
    return "".join(lines).encode("utf-8")


FORMAT = Format("csv", render, title="lms/<bank>.csv and lms/<bank>.tsv: spreadsheet and flashcard (Quizlet, Anki) text",
                handlers=HANDLERS, unsupported=UNSUPPORTED)
