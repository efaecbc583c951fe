"""Stage 4 renderer — Moodle XML: `lms/<bank>.moodle.xml`, one file per bank.

Moodle XML is the one Moodle format that carries every type we have with its feedback, id and
tags. Written for Moodle's own importer (question/format/xml/format.php, `import_question` and the
`import_<type>` it dispatches to), one handler per question type in `HANDLERS`:
- a category question first: `$course$/top/<project>/<bank>` (names as `split_category_path`
  cleans them: see moodle.category_name), with the bank's description;
- each question: `<name>` and `<idnumber>` are its id, question text and feedback are HTML made
  from escaped text (`<b>` in a bank shows as `<b>`), general feedback holds the explanation, the
  evidence and the source (a link where `[lms] source_url` says where build/ is published), and
  `<tags>` its tags;
- mcq: multichoice, single, shuffled; multi: multichoice, not single, right choices 100/n %, wrong
  ones -100/m % (ticking every box scores 0), grades from Moodle's fixed list; tf: truefalse;
  short: shortanswer, every accepted form at 100 %, case-insensitive, `*` written `\\*` (a star,
  not Moodle's wildcard); match: matching, shuffled; cloze: Moodle's cloze (multianswer), each
  deletion a `{1:SA:=...}` short answer, its text encoded as `qtype_multianswer_extract_question`
  decodes it (numeric character references for `& < > " ' ~ # } { \\ % =`: a backslash escape would
  stay in the answer, and `&amp;` before a closing brace hides it).
Text is XML-escaped (render/xmlwriter.py, which writes what ElementTree would, faster); nothing
from a bank is ever written as markup. What Moodle
cannot hold is reported by `unsupported()` (for `check`); a type with no handler is listed in
`UNSUPPORTED` with the reason and written as an XML comment, never silently dropped.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import cloze
from ..markup import MOODLE
from ..markup.content import PLAIN, Content, content_of
from ..markup.media import MediaFile
from ..model import Bank, Project, Question
from . import moodle
from . import choice_order
from .choice_order import ordered_choices
from .answers import accepted_forms, blank_forms, prepare
from .context import Format, RenderContext
from .limits import Loss, lms_check
from .links import source_pages
from .provenance import citation, evidence, link, source_url_settings
from .xmlwriter import Xml

# Question types Moodle XML cannot express, with the reason (none today).
UNSUPPORTED: dict[str, str] = {}
_CLOZE_CHARS = {c: f"&#{ord(c)};" for c in "&<>\"'~#}{\\%=\n"}


@dataclass(frozen=True)
class _Ctx:
    project: Project
    base_url: str
    pages: dict[str, str]
    content: Content = PLAIN

    def for_question(self, q: Question) -> "_Ctx":
        """This context with the question's own content: plain words take the plain path."""
        content = self.content.for_question(q)
        return self if content is self.content else _Ctx(self.project, self.base_url, self.pages, content)

    def block(self, text: str, files: dict[str, MediaFile]) -> str:
        """A bank text as Moodle HTML: Markdown rendered (math as TeX, each image a file of the
        element it stands in, `@@PLUGINFILE@@/name`), plain text as before."""
        if not self.content.needs_html(text):
            return paragraphs(self.content.plain(text))
        return self.content.html(text, MOODLE, used=files)

    def inline(self, text: str, files: dict[str, MediaFile]) -> str:
        if not self.content.needs_html(text, inline=True):
            return paragraphs(self.content.plain(text, inline=True))
        return self.content.html(text, MOODLE, inline=True, used=files)


def render(ctx: RenderContext):
    base_url = ctx.settings.source_url if ctx.settings is not None else ""
    for bank in ctx.project.banks:
        yield f"lms/{bank.name}.moodle.xml", render_bank(ctx.project, bank, base_url=base_url)


def render_bank(project: Project, bank: Bank, *, base_url: str = "") -> bytes:
    prepare(project)  # the typed answers' forms (render/answers)
    c = _Ctx(project=project, base_url=base_url, pages=source_pages(project.seeds), content=content_of(project))
    x = Xml()
    x.open("quiz")
    x.comment(f"{bank.title} — Moodle XML written by citequiz from {bank.path}; "
              "import: Question bank > Import > Moodle XML format")
    x.open("question", type="category")
    _text(x, "category", moodle.category_path(project.title, bank.title))
    _text(x, "info", paragraphs(bank.description or ""), format="html")
    x.close()
    with choice_order.bank(bank.questions):
        for q in bank.questions:
            handler = HANDLERS.get(q.type)
            if handler is None:
                x.comment(f"NOT EXPORTED {q.id}: {UNSUPPORTED.get(q.type, 'no handler')}")
                continue
            handler(x, q, c.for_question(q))
    x.close()
    return x.document()


def unsupported(q: Question) -> list[Loss]:
    """What of this question the Moodle XML file cannot carry, each as a phrase for `check` (a type
    with no handler at all is the registry's `format-cannot-express`)."""
    return moodle.unsupported(q)


def paragraphs(text: str) -> str:
    """Raw bank text as HTML: escaped, one paragraph, line breaks kept."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>" if text else ""


def _text(x: Xml, tag: str, value: str, files: dict[str, MediaFile] | None = None, **attrs: str) -> None:
    """`<tag><text>value</text></tag>`, Moodle's wrapper for every text, with the images it shows
    as base64 `<file>`s (format.php's `import_files_as_draft`)."""
    x.open(tag, **attrs)
    x.leaf("text", value)
    _files(x, files)
    x.close()


def _files(x: Xml, files: dict[str, MediaFile] | None) -> None:
    for f in sorted((files or {}).values(), key=lambda f: f.flat_name):
        x.leaf("file", base64.b64encode(f.data).decode("ascii"), name=f.flat_name, path="/", encoding="base64")


def general_feedback(q: Question, c: _Ctx, files: dict[str, MediaFile]) -> str:
    """The explanation, the evidence and the source, as HTML."""
    parts = []
    if q.explanation:
        parts.append(c.block(q.explanation, files))
    quote = evidence(c.project, q)
    if quote:
        parts.append("<blockquote>" + paragraphs(quote) + "</blockquote>")
    if q.sources:
        cited = html.escape(citation(c.project, q.sources))
        if c.base_url:
            href = html.escape(link(c.base_url, q.sources[0], c.pages))
            cited = f'<a href="{href}">{cited}</a>'
        parts.append(f"<p>Source: {cited}</p>")
    return "".join(parts)


def _question(x: Xml, q: Question, qtype: str, c: _Ctx, *, questiontext: str | None = None,
              penalty: str = "0.3333333", files: dict[str, MediaFile] | None = None) -> None:
    """Opens `<question>` with what every type has; the handler adds its part and closes it."""
    x.open("question", type=qtype)
    _text(x, "name", q.id)
    files = {} if files is None else files
    _text(x, "questiontext", c.block(q.prompt or "", files) if questiontext is None else questiontext,
          files, format="html")
    files = {}
    _text(x, "generalfeedback", general_feedback(q, c, files), files, format="html")
    x.leaf("defaultgrade", "1")
    x.leaf("penalty", penalty)
    x.leaf("hidden", "0")
    x.leaf("idnumber", q.id)


def _end(x: Xml, q: Question) -> None:
    """The tags, then `</question>`."""
    kept = [moodle.tag(t) for t in q.tags if moodle.tag(t).strip(moodle.PHP_SPACE)]
    if kept:
        x.open("tags")
        for t in kept:
            _text(x, "tag", t)
        x.close()
    x.close()


def _combined_feedback(x: Xml) -> None:
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(x, tag, "", format="html")


def _answer(x: Xml, text: str, fraction: str, fmt: str = "html", files: dict[str, MediaFile] | None = None) -> None:
    x.open("answer", fraction=fraction, format=fmt)
    x.leaf("text", text)
    _files(x, files)
    _text(x, "feedback", "", format="html")
    x.close()


def _choices(x: Xml, q: Question, c: _Ctx, *, single: bool, fractions: list[str]) -> None:
    _question(x, q, "multichoice", c)
    x.leaf("single", "true" if single else "false")
    x.leaf("shuffleanswers", "true" if q.shuffle else "false")
    x.leaf("answernumbering", "abc")
    x.leaf("showstandardinstruction", "0")
    _combined_feedback(x)
    by_choice = dict(zip(q.choices, fractions))
    for choice in ordered_choices(q):  # the bank's fixed order (`choice_order`), for a quiz that does not shuffle
        files: dict[str, MediaFile] = {}
        _answer(x, c.inline(choice, files), by_choice[choice], files=files)
    _end(x, q)


def _mcq(x: Xml, q: Question, c: _Ctx) -> None:
    _choices(x, q, c, single=True, fractions=["100" if ch == q.answer else "0" for ch in q.choices])


def _multi(x: Xml, q: Question, c: _Ctx) -> None:
    right = moodle.weight(len(q.answers))
    wrong_n = len(q.choices) - len(q.answers)
    wrong = "-" + moodle.weight(wrong_n) if wrong_n else "0"
    # Wrong choices cost as much as the right ones earn: ticking every box scores 0, not 100%.
    _choices(x, q, c, single=False, fractions=[right if ch in q.answers else wrong for ch in q.choices])


def _tf(x: Xml, q: Question, c: _Ctx) -> None:
    _question(x, q, "truefalse", c, penalty="1")
    _answer(x, "true", "100" if q.answer else "0", "moodle_auto_format")
    _answer(x, "false", "0" if q.answer else "100", "moodle_auto_format")
    _end(x, q)


def _short(x: Xml, q: Question, c: _Ctx) -> None:
    _question(x, q, "shortanswer", c)
    x.leaf("usecase", "0")
    for form in accepted_forms(q):
        _answer(x, moodle.pattern(form), "100", "moodle_auto_format")
    _end(x, q)


def _match(x: Xml, q: Question, c: _Ctx) -> None:
    _question(x, q, "matching", c)
    x.leaf("shuffleanswers", "true")
    _combined_feedback(x)
    for p in q.pairs:
        x.open("subquestion", format="html")
        files: dict[str, MediaFile] = {}
        x.leaf("text", c.inline(p.left, files))
        _files(x, files)
        # The right-hand side is a plain string in Moodle, shown through format_string, which
        # strips tags: `<b>` is written `&lt;b&gt;` (so the learner sees `<b>`).
        _text(x, "answer", html.escape(c.content.plain(p.right, inline=True), quote=False))
        x.close()
    _end(x, q)


def cloze_answer(answer: str) -> str:
    """One accepted answer inside `{1:SA:=...}`."""
    return "".join(_CLOZE_CHARS.get(ch, ch) for ch in moodle.pattern(answer))


def cloze_text(text: str, forms: list[list[str]] | None = None) -> str:
    """A cloze's text as Moodle cloze HTML: each deletion a short-answer blank, its hint after it
    in brackets; the text between escaped, with `{` as a reference so it never starts a blank.
    `forms`: each blank's accepted answers (default: its answer)."""
    out, k = [], 0
    for part in cloze.segments(text):
        if isinstance(part, str):
            out.append(html.escape(part).replace("{", "&#123;"))
            continue
        accepted = forms[k] if forms else [part.answer]
        k += 1
        out.append("{1:SA:" + "~".join("=" + cloze_answer(f) for f in accepted) + "}")
        if part.hint:
            out.append(" [" + html.escape(part.hint).replace("{", "&#123;") + "]")
    return "<p>" + "".join(out).replace("\n", "<br>") + "</p>"


def _cloze(x: Xml, q: Question, c: _Ctx) -> None:
    view = c.content.question_as(q)  # the deletions as read: what a learner types
    forms = [blank_forms(q, d) for d in view.deletions]
    if not c.content.needs_html(q.text or ""):
        _question(x, q, "cloze", c, questiontext=cloze_text(view.text or "", forms))
        _end(x, q)
        return
    # Markdown: rendered with a marker per blank; every `{` of the HTML (TeX's too, which MathJax
    # reads back decoded) becomes a reference, so only the `{1:SA:...}` blanks open one.
    files: dict[str, MediaFile] = {}
    body = c.content.cloze_html(q.text or "", MOODLE, lambda k, d, a, h: f"\ue010{k}\ue011" + (f" [{h}]" if h else ""),
                                used=files).replace("{", "&#123;")
    body = re.sub("\ue010(\\d+)\ue011", lambda m: "{1:SA:" + "~".join("=" + cloze_answer(f) for f in forms[int(m.group(1))]) + "}",
                  body)
    _question(x, q, "cloze", c, questiontext=body, files=files)
    _end(x, q)


def _order(x: Xml, q: Question, c: _Ctx) -> None:
    """Moodle's ordering question (core since 4.4; qtype_ordering's import_from_xml): the items
    as answers in the right order (each answer's fraction is its place, as Moodle's own export
    writes it), every item shown, all or nothing, as the quiz page judges it."""
    _question(x, q, "ordering", c)
    for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", str(len(q.items))),
                       ("gradingtype", "ALL_OR_NOTHING"), ("showgrading", "SHOW")):
        x.leaf(tag, value)
    _combined_feedback(x)
    for n, item in enumerate(q.items, 1):
        _answer(x, paragraphs(item), str(n))
    _end(x, q)


HANDLERS: dict[str, Callable[[Xml, Question, _Ctx], None]] = {
    "mcq": _mcq,
    "multi": _multi,
    "tf": _tf,
    "short": _short,
    "match": _match,
    "cloze": _cloze,
    "order": _order,
}


FORMAT = Format("moodle-xml", render, title="lms/<bank>.moodle.xml: Moodle XML, every type with feedback, ids and tags",
                handlers=HANDLERS, unsupported=UNSUPPORTED, settings=source_url_settings("moodle-xml"),
                check=lms_check("Moodle XML", unsupported))
