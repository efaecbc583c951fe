"""Stage 4 renderer — Moodle GIFT: `lms/<bank>.gift.txt`, one file per bank.

Written for Moodle's own reader (question/format/gift/format.php):
- every GIFT special character `~ = # { } :` and the backslash is escaped wherever text from a
  bank appears (question text, choices, answers, feedback), and a newline becomes `\\n`;
- each question text starts with `[plain]`, so markup in a bank shows as text, never as HTML;
- a `// [id:...] [tag:...]` comment above each question carries its id (Moodle 4 reads `[id:]`
  and `[tag:]` from it) and its source;
- `$CATEGORY:` is read raw by Moodle (no unescaping), so it is the one place not escaped; a `/`
  inside a title is doubled, which Moodle reads as a literal slash.
Limits of the target are respected or reported in the file, never dropped silently: GIFT holds
one blank per question, so a cloze with n blanks becomes n questions (`<id>-c1`, ...); a matching
question needs at least 3 pairs and no `->` on its left side, or it is written as a comment that
says why it was left out.
"""

from __future__ import annotations

from .. import cloze, types
from ..model import Bank, Project, Question
from .context import Format, RenderContext

_SPECIAL = str.maketrans({
    "\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:",
    "\n": "\\n", "\r": "",
})
MIN_MATCH_PAIRS = 3


def escape(text: str) -> str:
    """Text from a bank, safe anywhere in a GIFT question."""
    return text.translate(_SPECIAL)


def weight(n: int) -> str:
    """100/n as Moodle writes grade percentages: 5 decimals at most (33.33333, 16.66667), which
    match its fixed list of grades (0.3333333, 0.1666667)."""
    return f"{100 / n:.5f}".rstrip("0").rstrip(".")


def render(ctx: RenderContext):
    for bank in ctx.project.banks:
        yield f"lms/{bank.name}.gift.txt", render_bank(ctx.project, bank).encode("utf-8")


def render_bank(project: Project, bank: Bank) -> str:
    def category(name: str) -> str:
        return " ".join(name.replace("/", "//").split())

    out = [
        f"// {one_line(bank.title)} ({len(bank.questions)} questions) — Moodle GIFT written by citequiz",
        f"// from {one_line(bank.path)}; import: Question bank > Import > GIFT format",
        "",
        f"$CATEGORY: $course$/top/{category(project.title)}/{category(bank.title)}",
        "",
    ]
    for q in bank.questions:
        out += question_blocks(q)
    return "\n".join(out)


def one_line(text: str) -> str:
    """Text for a `//` comment line: every line break (CR, LF, VT, FF, NEL, U+2028...) becomes a
    space, so no text can end the comment and start a live question on the next line."""
    return " ".join(text.split())


def _comment(q: Question, name: str | None = None) -> str:
    tags = "".join(f" [tag:{one_line(t).replace(']', ')')}]" for t in q.tags)
    sources = one_line(", ".join(c.label for c in q.sources))
    return f"// [id:{name or q.id}]{tags} source: {sources}"


def _feedback(q: Question) -> str:
    """General feedback (shown after answering), from the explanation."""
    return f"####{escape(q.explanation)}" if q.explanation else ""


def _close(q: Question) -> str:
    return f"\t{_feedback(q)}}}" if q.explanation else "}"


def _head(q: Question) -> str:
    return f"::{escape(q.id)}::[plain]{escape(types.stem(q))}"


def _mcq(q: Question) -> list[str]:
    lines = [f"\t{'=' if c == q.answer else '~'}{escape(c)}" for c in q.choices]
    return [_comment(q), _head(q) + "{", *lines, _close(q), ""]


def _multi(q: Question) -> list[str]:
    right = weight(len(q.answers))
    wrong_n = len(q.choices) - len(q.answers)
    wrong = weight(wrong_n) if wrong_n else "0"
    # Wrong choices cost as much as the right ones earn: ticking every box scores 0, not 100%.
    lines = [f"\t~%{right if c in q.answers else '-' + wrong}%{escape(c)}" for c in q.choices]
    return [_comment(q), _head(q) + "{", *lines, _close(q), ""]


def _tf(q: Question) -> list[str]:
    return [_comment(q), _head(q) + "{" + ("TRUE" if q.answer else "FALSE") + _feedback(q) + "}", ""]


def _short(q: Question) -> list[str]:
    answers = [str(q.answer), *[a for a in q.accept if a != q.answer]]
    # Moodle's short answer reads `*` as a wildcard; `\*` (written `\\*` in GIFT) is a literal star.
    lines = [f"\t={escape(a.replace('*', chr(92) + '*'))}" for a in answers]
    return [_comment(q), _head(q) + "{", *lines, _close(q), ""]


def _match(q: Question) -> list[str]:
    problem = None
    if len(q.pairs) < MIN_MATCH_PAIRS:
        problem = f"GIFT matching needs at least {MIN_MATCH_PAIRS} pairs; this question has {len(q.pairs)}"
    elif any("->" in p.left for p in q.pairs):
        problem = "a left-hand item contains `->`, which GIFT cannot escape"
    if problem:
        return [f"// NOT EXPORTED [id:{q.id}]: {problem}. Add it in Moodle by hand.", ""]
    lines = [f"\t={escape(p.left)} -> {escape(p.right)}" for p in q.pairs]
    return [_comment(q), _head(q) + "{", *lines, _close(q), ""]


def _cloze(q: Question) -> list[str]:
    """One missing-word question per blank: the asked blank is the embedded `{=answer}`; the
    other deletions are shown filled in, as an Anki cloze card shows them."""
    parts = cloze.segments(q.text or "")
    blanks = [k for k, part in enumerate(parts) if not isinstance(part, str)]
    out: list[str] = []
    if len(blanks) > 1:
        out.append(f"// cloze {q.id}: {len(blanks)} blanks, one GIFT question each (GIFT holds one blank per question)")
    numbers = [parts[k].number for k in blanks]

    def filled(part: list) -> str:
        return escape("".join(p if isinstance(p, str) else p.answer for p in part))

    for n, k in enumerate(blanks):
        target = parts[k]
        number = target.number
        name = f"{q.id}-c{number}" if numbers.count(number) == 1 else f"{q.id}-c{number}-{numbers[:n + 1].count(number)}"
        if len(blanks) == 1:
            name = q.id
        before = filled(parts[:k])
        after = (f" [{escape(target.hint)}]" if target.hint else "") + filled(parts[k + 1:])
        block = "{=" + escape(target.answer) + _feedback(q) + "}"
        if not after.strip():
            # A text that ends with the answer block is read as "question, then answers", with no
            # blank shown: write the blank ourselves.
            block = "_____ " + block
        body = before + block + after
        out += [_comment(q, name), f"::{escape(name)}::[plain]{body}", ""]
    return out


# One handler per question type, each giving the lines of its GIFT block(s).
HANDLERS = {"mcq": _mcq, "multi": _multi, "tf": _tf, "short": _short, "cloze": _cloze, "match": _match}
UNSUPPORTED: dict[str, str] = {}


def question_blocks(q: Question) -> list[str]:
    """The lines for one question (several for a split cloze), each block ending with a blank line."""
    return HANDLERS[q.type](q)


FORMAT = Format("gift", render, title="lms/<bank>.gift.txt: Moodle GIFT", handlers=HANDLERS, unsupported=UNSUPPORTED)
