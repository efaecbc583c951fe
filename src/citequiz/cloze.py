"""Text helper: the cloze syntax, parsed in one place.

A cloze text holds deletions `{{c1::answer}}` or `{{c1::answer::hint}}`. Every consumer (the
loader, the check, the quiz page, Anki, print, GIFT, QTI, CSV) reads a cloze through `segments`
or `deletions`, so they all agree on what a blank is and how blanks are numbered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# {{c1::answer}} or {{c1::answer::hint}}; the answer may not contain "}}" or "::". ASCII digits
# only, as Anki reads them (`\d` would take a fullwidth `１`, which Anki does not).
CLOZE_RE = re.compile(r"\{\{c([0-9]+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
MAX_NUMBER = 69_999  # Anki refuses to import a note with a higher cloze number


@dataclass(frozen=True)
class Deletion:
    """One cloze deletion `{{cN::answer::hint}}`."""

    number: int
    answer: str
    hint: str | None
    raw: str = ""  # the deletion as written, `{{c1::...}}`


def _deletion(m: re.Match[str]) -> Deletion:
    digits = m.group(1).lstrip("0") or "0"
    # No int() of a huge digit string (slow, and refused past 4,300 digits): any number past the
    # limit is as bad as another.
    number = int(digits) if len(digits) <= 6 else MAX_NUMBER + 1
    return Deletion(number, m.group(2), m.group(3) if m.group(3) else None, m.group(0))


def deletions(text: str) -> list[Deletion]:
    return [_deletion(m) for m in CLOZE_RE.finditer(text)]


def segments(text: str) -> list[str | Deletion]:
    """The text as alternating plain strings and deletions, starting and ending with a string
    (either may be empty): `["Signed in ", Deletion(1, "1974", None), "."]`."""
    out: list[str | Deletion] = []
    last = 0
    for m in CLOZE_RE.finditer(text):
        out.append(text[last:m.start()])
        out.append(_deletion(m))
        last = m.end()
    out.append(text[last:])
    return out


def blanked(text: str, blank: str = "____") -> str:
    """The text with every deletion shown as a blank (its hint in brackets, if any)."""
    return "".join(s if isinstance(s, str) else (f"{blank} [{s.hint}]" if s.hint else blank)
                   for s in segments(text))


def filled(text: str) -> str:
    """The text with every deletion filled in with its answer."""
    return "".join(s if isinstance(s, str) else s.answer for s in segments(text))


def stray_braces(text: str) -> bool:
    """Whether the text has a `{{` or `}}` that is not part of a well-formed deletion."""
    rest = CLOZE_RE.sub("", text)
    return "{{" in rest or "}}" in rest
