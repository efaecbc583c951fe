"""Stage 4 renderer — spreadsheet and flashcard exports of each bank.

`lms/<bank>.csv`: one row per question with the columns id, type, prompt, choices, answer,
explanation, source, tags; UTF-8 with a byte-order mark so Excel opens it as UTF-8. A cell that
holds several values (choices, accepted answers, match pairs) lists one per line. A cell that a
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
import io
import re
from typing import TYPE_CHECKING

from ..model import Bank, Project, Question, cloze_filled

if TYPE_CHECKING:
    from ..build import Context

COLUMNS = ("id", "type", "prompt", "choices", "answer", "explanation", "source", "tags")
_FORMULA = re.compile(r"[=+@\t\r\uff1d\uff0b\uff20]|[-\uff0d](?!\d+(?:\.\d+)?\Z)")


def render(project: Project, ctx: "Context") -> dict[str, bytes]:
    out = {}
    for bank in project.banks:
        out[f"lms/{bank.name}.csv"] = csv_bytes(bank)
        out[f"lms/{bank.name}.tsv"] = tsv_bytes(bank)
    return out


def row(q: Question) -> dict[str, str]:
    if q.type in ("mcq", "multi"):
        choices = list(q.choices)
    elif q.type == "tf":
        choices = ["True", "False"]
    elif q.type == "match":
        choices = [p.left for p in q.pairs] + [p.right for p in q.pairs]
    else:
        choices = []
    if q.type == "short":
        answers = [str(q.answer), *q.accept]
    else:
        answers = list(q.correct)
    return {
        "id": q.id,
        "type": q.type,
        "prompt": q.stem_text,
        "choices": "\n".join(choices),
        "answer": "\n".join(answers),
        "explanation": q.explanation or "",
        "source": "\n".join(c.label for c in q.sources),
        "tags": ", ".join(q.tags),
    }


def _safe(cell: str) -> str:
    return "'" + cell if _FORMULA.match(cell) else cell


def csv_bytes(bank: Bank) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    for q in bank.questions:
        r = row(q)
        writer.writerow([_safe(r[c]) for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def card(q: Question) -> tuple[str, str]:
    """(front, back) of a flashcard for one question."""
    if q.type in ("mcq", "multi"):
        ask = " (select all that apply)" if q.type == "multi" else ""
        front = f"{q.prompt}{ask} — " + " / ".join(q.choices)
        back = "; ".join(q.correct)
    elif q.type == "tf":
        front, back = f"True or false: {q.prompt}", q.correct[0]
    elif q.type == "short":
        front, back = q.prompt or "", str(q.answer)
    elif q.type == "cloze":
        front, back = q.stem_text, cloze_filled(q.text or "")
    else:  # match
        front = f"{q.prompt} — " + " / ".join(p.left for p in q.pairs)
        back = "; ".join(f"{p.left} → {p.right}" for p in q.pairs)
    return _flat(front), _flat(back)


def _flat(text: str) -> str:
    return re.sub(r"[ \t]*[\r\n]+[ \t]*", " · ", text.strip()).replace("\t", " ")


def _side(text: str) -> str:
    text = _safe(text)
    if text.startswith('"'):
        text = "\u201c" + text[1:]
    return " " + text if text.startswith(("#", "\ufeff")) else text


def tsv_bytes(bank: Bank) -> bytes:
    lines = (f"{_side(front)}\t{_side(back)}\n" for front, back in map(card, bank.questions))
    return "".join(lines).encode("utf-8")
