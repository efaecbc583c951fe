r"""Stage 4 renderer — Moodle GIFT: `lms/<bank>.gift.txt`, one file per bank.

Written for Moodle's own reader (question/format/gift/format.php, `readquestion`), whose grammar
is positional, so each place a bank's text lands is guarded for what Moodle does there:
- every GIFT special character `~ = # { } :` and the backslash is escaped wherever text from a
  bank appears, and a newline becomes `\n`;
- each question text starts with `[plain]`, so markup in a bank shows as text, never as HTML; a
  choice, answer, left-hand item or feedback that itself starts with `[` gets `[plain]` too, or
  Moodle would read a leading `[html]`, `[markdown]`, `[plain]` or `[moodle]` as a format and drop it
  (`parse_text_with_format`);
- grades are always explicit where a text could start with `%`: a wrong choice starting with `%`
  is written `~%0%...` and every short answer `=%100%...`, or Moodle would read `%50%` as a grade;
- in short answers and cloze blanks `*` becomes `\*` (written `\\*`), Moodle's literal star, as its
  short answer reads a bare `*` as a wildcard;
- an answer block holding `=` and `->` is read as a matching question, and GIFT has no escape for
  `->`: a short answer or blank with `->` is written without `=` (possible for one accepted form);
  the other forms, which cannot be written, are left out and `check` warns (`unsupported()`);
- a `// [id:...]` comment above each question carries its id and its source, and one `// [tag:...]`
  line per tag (`]` escaped as `\]`; Moodle itself strips `<`, `>` and backticks, so those are left out and
  `check` warns); Moodle 4 reads both (`extract_idnumber_and_tags_from_comment`);
- `$CATEGORY:` is read raw (no GIFT unescaping, but `\\` is a backslash), then split on `/` (`//` is
  a slash) and cleaned of HTML tags; names are shown as HTML, so `& < >` are written as entities.
Limits of the target are respected or reported, never dropped silently: GIFT holds one blank per
question, so a cloze with n blanks becomes n questions (`<id>-c1`, ...); a matching question needs
at least 3 pairs and no `->` on its left side, or it is written as a comment that says why it was
left out (and `check` warns).
"""

from __future__ import annotations

import html

from .. import cloze, types
from ..errors import Finding, warning
from ..markup import GIFT as GIFT_FLAVOUR
from ..markup.content import Content, content_of
from ..model import Bank, Project, Question
from . import moodle
from . import choice_order
from .choice_order import ordered_choices
from .answers import accepted_forms, blank_forms, prepare
from .context import Format, RenderContext
from .limits import Loss, lms_check
from .moodle import MIN_MATCH_PAIRS, PHP_SPACE, weight

_SPECIAL = str.maketrans({
    "\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:",
    "\n": "\\n", "\r": "",
})


def escape(text: str) -> str:
    """Text from a bank, safe anywhere in a GIFT question."""
    return text.translate(_SPECIAL)


def text(raw: str) -> str:
    """Text from a bank where Moodle reads an optional leading `[format]` (choices, answers,
    left-hand items, feedback): escaped, with `[plain]` in front if it starts with `[`."""
    guard = "[plain]" if raw.lstrip(PHP_SPACE).startswith("[") else ""
    return guard + escape(raw)


def pattern(raw: str) -> str:
    """An accepted typed answer: `*` is a literal star, not Moodle's wildcard."""
    return text(moodle.pattern(raw))


def writable_forms(forms: list[str]) -> list[str]:
    """The accepted forms of a typed answer that GIFT can hold together: all of them, unless one
    contains `->`, which Moodle reads as matching once a `=` separates forms. Then the forms without
    `->` (or, if none, the first form alone)."""
    if len(forms) < 2 or not any("->" in f for f in forms):
        return forms
    return [f for f in forms if "->" not in f] or forms[:1]


def short_answers(forms: list[str]) -> list[str]:
    """The answer-block tokens for typed answers, each with an explicit 100 % grade."""
    kept = writable_forms(forms)
    if len(kept) == 1 and "->" in kept[0]:
        return ["%100%" + pattern(kept[0])]  # without `=`: Moodle would read a matching question
    return ["=%100%" + pattern(f) for f in kept]


def unsupported(q: Question) -> list[Loss]:
    """What of this question the GIFT file cannot carry, each as a phrase for `check` (a type
    with no handler at all is the registry's `format-cannot-express`)."""
    lost = []
    typed = [("accept", accepted_forms(q))] if q.type == "short" else [("text", blank_forms(q, d)) for d in q.deletions]
    for key, forms in typed:
        for f in forms:
            if f not in writable_forms(forms):
                lost.append(Loss(key, f"the accepted answer {f!r} (it contains `->`, which GIFT cannot "
                                      "escape once a question has several accepted answers)"))
    if q.type == "match" and len(q.pairs) >= MIN_MATCH_PAIRS and any("->" in p.left for p in q.pairs):
        lost.append(Loss("pairs", "the whole question (a left-hand item contains `->`, which GIFT cannot escape)"))
    return lost + moodle.unsupported(q)


def render(ctx: RenderContext):
    for bank in ctx.project.banks:
        yield f"lms/{bank.name}.gift.txt", render_bank(ctx.project, bank).encode("utf-8")


def render_bank(project: Project, bank: Bank) -> str:
    prepare(project)  # the typed answers' forms (render/answers)
    out = [
        f"// {one_line(bank.title)} ({len(bank.questions)} questions) — Moodle GIFT written by citequiz",
        f"// from {one_line(bank.path)}; import: Question bank > Import > GIFT format",
        "",
        # Read raw but for escapedchar_pre, which turns `\\\\` into a backslash.
        "$CATEGORY: " + moodle.category_path(project.title, bank.title).replace("\\", "\\\\"),
        "",
    ]
    content = content_of(project)
    with choice_order.bank(bank.questions):  # choices in the bank's fixed order (`choice_order`)
        for q in bank.questions:
            out += rich_blocks(q, content)
    return "\n".join(out)


def rich_blocks(q: Question, content: Content) -> list[str]:
    """A question's blocks with its Markdown: plain words as `[plain]`, as before; markup as
    `[html]` (math as \\(...\\) for Moodle's MathJax or TeX filter); a question with an image
    left out, as GIFT cannot embed files (`check` warns, see `image_findings`)."""
    images = content.images_in(q)
    if images:
        return [f"// NOT EXPORTED [id:{q.id}]: GIFT cannot embed image files ({one_line(', '.join(images))}). "
                "Use the Moodle XML file, or add it in Moodle by hand.", ""]
    if not content.has_markup(q):
        return question_blocks(content.question_as(q))
    # The rendered HTML is escaped like any text; only the format tag after the name changes.
    return [line.replace("::[plain]", "::[html]", 1) if line.startswith("::") else line
            for line in question_blocks(content.question_as(q, GIFT_FLAVOUR))]


def image_findings(ctx: RenderContext) -> list[Finding]:
    """A question with an image, which GIFT cannot carry: `lms-unsupported`, as for its other limits."""
    content = content_of(ctx.project)
    out = []
    for bank in ctx.project.banks:
        for q in bank.questions:
            images = content.images_in(q)
            if images:
                out.append(warning(q.pos, "lms-unsupported",
                                   f"Moodle GIFT cannot carry the image {images[0]} of question {q.id}: "
                                   f"the question is left out of lms/{bank.name}.gift.txt",
                                   "Moodle XML and QTI 1.2 carry it"))
    return out


def one_line(text: str) -> str:
    """Text for a `//` comment line: every line break (CR, LF, VT, FF, NEL, U+2028...) becomes a
    space, so no text can end the comment and start a live question on the next line."""
    return " ".join(text.split())


def _comment(q: Question, name: str | None = None) -> str:
    """The comment lines above a question. Each tag has a line of its own: Moodle's tag pattern
    reads `\\]` as an escaped bracket, so a tag ending in a backslash would run into the next one."""
    sources = one_line(", ".join(c.label for c in q.sources))
    tags = [f"\n// [tag:{moodle.tag(one_line(t)).replace(']', chr(92) + ']')}]" for t in q.tags
            if moodle.tag(one_line(t)).strip(PHP_SPACE)]
    return f"// [id:{name or q.id}] source: {sources}" + "".join(tags)


def _feedback(q: Question) -> str:
    """General feedback (shown after answering), from the explanation."""
    return f"####{text(q.explanation)}" if q.explanation else ""


def _close(q: Question) -> str:
    return f"\t{_feedback(q)}}}" if q.explanation else "}"


def _head(q: Question) -> str:
    return f"::{escape(q.id)}::[plain]{escape(types.stem(q))}"


def _mcq(q: Question) -> list[str]:
    # A wrong choice starting with `%` gets an explicit 0 %: `~%50% off` would be graded 50 %.
    lines = [f"\t={text(c)}" if c == q.answer else f"\t~{'%0%' if text(c).startswith('%') else ''}{text(c)}"
             for c in ordered_choices(q)]
    return [_comment(q), _head(q) + "{", *lines, _close(q), ""]


def _multi(q: Question) -> list[str]:
    right = weight(len(q.answers))
    wrong_n = len(q.choices) - len(q.answers)
    wrong = weight(wrong_n) if wrong_n else "0"
    # Wrong choices cost as much as the right ones earn: ticking every box scores 0, not 100%.
    lines = [f"\t~%{right if c in q.answers else '-' + wrong}%{text(c)}" for c in ordered_choices(q)]
    return [_comment(q), _head(q) + "{", *lines, _close(q), ""]


def _tf(q: Question) -> list[str]:
    return [_comment(q), _head(q) + "{" + ("TRUE" if q.answer else "FALSE") + _feedback(q) + "}", ""]


def _short(q: Question) -> list[str]:
    lines = [f"\t{a}" for a in short_answers(accepted_forms(q))]
    return [_comment(q), _head(q) + "{", *lines, _close(q), ""]


def _match(q: Question) -> list[str]:
    problem = None
    if len(q.pairs) < MIN_MATCH_PAIRS:
        problem = f"GIFT matching needs at least {MIN_MATCH_PAIRS} pairs; this question has {len(q.pairs)}"
    elif any("->" in p.left for p in q.pairs):
        problem = "a left-hand item contains `->`, which GIFT cannot escape"
    if problem:
        return [f"// NOT EXPORTED [id:{q.id}]: {problem}. Add it in Moodle by hand.", ""]
    # The right-hand side is read without a format prefix (escapedchar_post only) and shown by
    # qtype_match through format_string, which strips tags: `<b>` is written `&lt;b&gt;`.
    lines = [f"\t={text(p.left)} -> {escape(html.escape(p.right, quote=False))}" for p in q.pairs]
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
        block = "{" + " ".join(short_answers(blank_forms(q, target))) + _feedback(q) + "}"
        if not after.strip():
            # A text that ends with the answer block is read as "question, then answers", with no
            # blank shown: write the blank ourselves.
            block = "_____ " + block
        body = before + block + after
        out += [_comment(q, name), f"::{escape(name)}::[plain]{body}", ""]
    return out


def _order(q: Question) -> list[str]:
    """Moodle's ordering question type (core since 4.4) reads `{>N ALL VERTICAL ALL_OR_NOTHING SHOW`
    and one item per line, in the right order, from the raw lines (question/type/ordering,
    import_from_gift): items are not unescaped there, the question text may not hold a `{`, and a
    `####` feedback would become an item, so the explanation stays in the comment."""
    problem = None
    if "{" in types.stem(q):
        problem = "the prompt contains `{`, which Moodle's ordering import cannot read"
    elif any(item.lstrip().startswith("//") or "\n" in item or "}" in item for item in q.items):
        problem = "an item starts with `//` or contains `}` or a line break, which Moodle's ordering import cannot read"
    if problem:
        return [f"// NOT EXPORTED [id:{q.id}]: {problem}. Add it in Moodle by hand.", ""]
    note = [f"// explanation (not importable into an ordering question): {' '.join(q.explanation.split())}"] \
        if q.explanation else []
    return [_comment(q), *note, _head(q) + "{>" + f"{len(q.items)} ALL VERTICAL ALL_OR_NOTHING SHOW",
            *q.items, "}", ""]


# One handler per question type, each giving the lines of its GIFT block(s).
HANDLERS = {"mcq": _mcq, "multi": _multi, "tf": _tf, "short": _short, "cloze": _cloze, "match": _match,
            "order": _order}
UNSUPPORTED: dict[str, str] = {}


def question_blocks(q: Question) -> list[str]:
    """The lines for one question (several for a split cloze), each block ending with a blank line."""
    handler = HANDLERS.get(q.type)
    if handler is None:  # declared in UNSUPPORTED: check says so (format-cannot-express)
        return [f"// NOT EXPORTED [id:{q.id}]: {UNSUPPORTED.get(q.type, 'GIFT has no such type')}. "
                "Use the Moodle XML file.", ""]
    return handler(q)


_limits = lms_check("Moodle GIFT", unsupported)


def check(ctx: RenderContext) -> list[Finding]:
    return _limits(ctx) + image_findings(ctx)


FORMAT = Format("gift", render, title="lms/<bank>.gift.txt: Moodle GIFT", handlers=HANDLERS, unsupported=UNSUPPORTED,
                check=check)
