"""Stage 4 renderer — QTI 1.2 for Canvas: `lms/<bank>.qti.zip`, one quiz per bank.

The package follows what Canvas's own exporter (lib/cc/qti/qti_items.rb) and text2qti write,
which is what Canvas's importer reads back: `imsmanifest.xml`, `<quiz>/<quiz>.xml` (the
assessment) and `<quiz>/assessment_meta.xml` (quiz settings), plus the empty
`non_cc_assessments/` folder. Question types: multiple_choice_question, multiple_answers_question,
true_false_question, short_answer_question, matching_question and
fill_in_multiple_blanks_question (a cloze's blanks become `[c1]`, `[c2]`, ... in its text).
Each explanation becomes the question's general feedback.

Text from a bank is HTML-escaped, then XML-escaped (as ElementTree would): `<b>` in a bank shows as
`<b>`. Identifiers are derived from bank and question ids (choice, match and answer idents are
numbers, as Canvas's importer takes the first run of digits in an ident as a match id), and the
zip has fixed timestamps, so the same bank always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import html

from .. import cloze, types
from ..markup import QTI as QTI_FLAVOUR
from ..markup.content import PLAIN, Content, content_of
from ..markup.media import MediaFile
from ..types import order as order_type
from ..model import Bank, Project, Question
from .archive import zip_bytes
from . import choice_order
from .choice_order import ordered_choices, right_order
from .answers import accepted_forms, prepare
from .context import Format, RenderContext
from .limits import Loss, lms_check
from .xmlwriter import Xml
from .xmlwriter import escape_attrib as _escape_attrib
from .xmlwriter import escape_cdata as _escape_cdata

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
def render(ctx: RenderContext):
    for bank in ctx.project.banks:
        yield f"lms/{bank.name}.qti.zip", package(ctx.project, bank)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class Idents:
    """Unique identifiers for one package: readable ones for items, numbers for answers."""

    def __init__(self, bank: Bank):
        self.base = "cq" + _digest("bank", bank.name)[:24]
        self.used: set[str] = set()

    def number(self, *parts: str) -> str:
        n = int(_digest(*parts)[:12], 16) % 90_000_000 + 10_000_000
        while str(n) in self.used:
            n += 1
        self.used.add(str(n))
        return str(n)


def html_text(text: str) -> str:
    """Raw bank text as an HTML fragment (escaped; line breaks kept)."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def _field(x: Xml, label: str, entry: str) -> None:
    x.open("qtimetadatafield")
    x.leaf("fieldlabel", label)
    x.leaf("fieldentry", entry)
    x.close()


def blank_names(q: Question) -> list[str]:
    """Canvas blank names for a cloze's deletions in reading order: c1, c2, ... (c1_2 for a
    second deletion with the same number)."""
    names: list[str] = []
    for d in q.deletions:
        name = f"c{d.number}"
        k = 1
        while name in names:
            k += 1
            name = f"c{d.number}_{k}"
        names.append(name)
    return names


def cloze_html(q: Question) -> str:
    names = iter(blank_names(q))
    out = [html.escape(part) if isinstance(part, str)
           else f"[{next(names)}]" + (f" ({html.escape(part.hint)})" if part.hint else "")
           for part in cloze.segments(q.text or "")]
    return "<p>" + "".join(out).replace("\n", "<br>") + "</p>"


_NL = ["\n" + "  " * depth for depth in range(16)]


def _leaf(depth: int, tag: str, text: str, attrs: str = "") -> str:
    """One element with text (attrs: already escaped, each with its leading space), as Xml.leaf."""
    if text:
        return f"{_NL[depth]}<{tag}{attrs}>{_escape_cdata(text)}</{tag}>"
    return f"{_NL[depth]}<{tag}{attrs} />"


def _mattext_at(depth: int, text: str, texttype: str = "text/html") -> str:
    return (f"{_NL[depth]}<material>" + _leaf(depth + 1, "mattext", text, f' texttype="{texttype}"')
            + f"{_NL[depth]}</material>")


def _field_at(depth: int, label: str, entry: str) -> str:
    return (f"{_NL[depth]}<qtimetadatafield>" + _leaf(depth + 1, "fieldlabel", label)
            + _leaf(depth + 1, "fieldentry", entry) + f"{_NL[depth]}</qtimetadatafield>")


def _scored(d: int, answer_id: str, respident: str, share: str) -> str:
    """A respcondition adding `share` to the score when `respident` is `answer_id`."""
    return (f'{_NL[d]}<respcondition>{_NL[d + 1]}<conditionvar>'
            f'{_NL[d + 2]}<varequal respident="{respident}">{answer_id}</varequal>{_NL[d + 1]}</conditionvar>'
            f'{_NL[d + 1]}<setvar varname="SCORE" action="Add">{share}</setvar>{_NL[d]}</respcondition>')


def _setvar_100(d: int) -> str:
    return f'{_NL[d + 3]}<setvar action="Set" varname="SCORE">100</setvar>{_NL[d + 2]}</respcondition>'


class Body:
    """What one question type writes into its item: the response elements (inside
    `<presentation>`), the scoring conditions (inside `<resprocessing>`) and the answer ids."""

    def __init__(self) -> None:
        self.pres: list[str] = []
        self.proc: list[str] = []
        self.answer_ids: list[str] = []


def _choices(q: Question, ids: Idents, d: int, choices: list[str], correct: set[str], card: str,
             shuffle: bool = True) -> Body:
    b = Body()
    # Written in the bank's fixed order (`choice_order`) and marked for the LMS to reshuffle, except
    # True/False and a question with `shuffle: false`.
    flag = "Yes" if shuffle and q.shuffle else "No"
    b.pres.append(f'{_NL[d + 2]}<response_lid ident="response1" rcardinality="{card}">'
                  f'{_NL[d + 3]}<render_choice shuffle="{flag}">')
    idents = {}
    for c in choices:
        idents[c] = ids.number(q.id, "choice", c)
        b.answer_ids.append(idents[c])
        b.pres.append(f'{_NL[d + 4]}<response_label ident="{idents[c]}">' + _mattext_at(d + 5, c, "text/plain")
                      + f"{_NL[d + 4]}</response_label>")
    b.pres.append(f"{_NL[d + 3]}</render_choice>{_NL[d + 2]}</response_lid>")
    b.proc.append(f'{_NL[d + 2]}<respcondition continue="No">{_NL[d + 3]}<conditionvar>')
    if card == "Multiple":
        b.proc.append(f"{_NL[d + 4]}<and>")
        for c in choices:
            if c in correct:
                b.proc.append(f'{_NL[d + 5]}<varequal respident="response1">{idents[c]}</varequal>')
            else:
                b.proc.append(f'{_NL[d + 5]}<not>{_NL[d + 6]}<varequal respident="response1">{idents[c]}</varequal>'
                              f"{_NL[d + 5]}</not>")
        b.proc.append(f"{_NL[d + 4]}</and>")
    else:
        (right,) = [c for c in choices if c in correct]
        b.proc.append(f'{_NL[d + 4]}<varequal respident="response1">{idents[right]}</varequal>')
    b.proc.append(f"{_NL[d + 3]}</conditionvar>" + _setvar_100(d))
    return b


def _mcq(q: Question, ids: Idents, d: int) -> Body:
    return _choices(q, ids, d, ordered_choices(q), {str(q.answer)}, "Single")


def _multi(q: Question, ids: Idents, d: int) -> Body:
    return _choices(q, ids, d, ordered_choices(q), set(types.correct(q)), "Multiple")


def _tf(q: Question, ids: Idents, d: int) -> Body:
    return _choices(q, ids, d, ["True", "False"], set(types.correct(q)), "Single", shuffle=False)


def _short(q: Question, ids: Idents, d: int) -> Body:
    b = Body()
    b.pres.append(f'{_NL[d + 2]}<response_str ident="response1" rcardinality="Single">{_NL[d + 3]}<render_fib>'
                  f'{_NL[d + 4]}<response_label ident="answer1" rshuffle="No" />{_NL[d + 3]}</render_fib>'
                  f"{_NL[d + 2]}</response_str>")
    b.proc.append(f'{_NL[d + 2]}<respcondition continue="No">{_NL[d + 3]}<conditionvar>')
    for a in accepted_forms(q):
        b.answer_ids.append(ids.number(q.id, "answer", a))
        b.proc.append(_leaf(d + 4, "varequal", a, ' respident="response1"'))
    b.proc.append(f"{_NL[d + 3]}</conditionvar>" + _setvar_100(d))
    return b


def _match(q: Question, ids: Idents, d: int) -> Body:
    return _pairs(q, ids, d, [(p.left, p.right) for p in q.pairs], rights=[p.right for p in right_order(q)])


def _order(q: Question, ids: Idents, d: int) -> Body:
    """Canvas's classic quizzes have no ordering question: an order question becomes a matching
    one, each item (in the shuffled order) matched to its position, scored item by item."""
    right = {item: n for n, item in enumerate(q.items, 1)}
    return _pairs(q, ids, d, [(item, f"Position {right[item]}") for item in order_type.shuffled(q)],
                  rights=[f"Position {n}" for n in range(1, len(q.items) + 1)])


def _pairs(q: Question, ids: Idents, d: int, pairs: list[tuple[str, str]], rights: list[str] | None = None) -> Body:
    b = Body()
    rights = {right: ids.number(q.id, "match", right) for right in (rights or [r for _, r in pairs])}
    share = f"{100 / len(pairs):.2f}"
    labels = "".join(f'{_NL[d + 4]}<response_label ident="{right_id}">{_NL[d + 5]}<material>'
                     + _leaf(d + 6, "mattext", right) + f"{_NL[d + 5]}</material>{_NL[d + 4]}</response_label>"
                     for right, right_id in rights.items())
    for left, right in pairs:
        left_id = ids.number(q.id, "left", left)
        b.answer_ids.append(left_id)
        b.pres.append(f'{_NL[d + 2]}<response_lid ident="response_{left_id}">' + _mattext_at(d + 3, left, "text/plain")
                      + f'{_NL[d + 3]}<render_choice shuffle="Yes">{labels}{_NL[d + 3]}</render_choice>{_NL[d + 2]}</response_lid>')
        b.proc.append(_scored(d + 2, rights[right], f"response_{left_id}", share))
    return b


def _cloze(q: Question, ids: Idents, d: int) -> Body:
    b = Body()
    names = blank_names(q)
    share = f"{100 / len(names):.2f}"
    for name, dl in zip(names, q.deletions):
        answer_id = ids.number(q.id, "blank", name, dl.answer)
        b.answer_ids.append(answer_id)
        b.pres.append(f'{_NL[d + 2]}<response_lid ident="response_{_escape_attrib(name)}">{_NL[d + 3]}<material>'
                      + _leaf(d + 4, "mattext", name) + f"{_NL[d + 3]}</material>{_NL[d + 3]}<render_choice>"
                      f'{_NL[d + 4]}<response_label ident="{answer_id}">' + _mattext_at(d + 5, dl.answer, "text/plain")
                      + f"{_NL[d + 4]}</response_label>{_NL[d + 3]}</render_choice>{_NL[d + 2]}</response_lid>")
        b.proc.append(_scored(d + 2, answer_id, f"response_{_escape_attrib(name)}", share))
    return b


# One handler per question type: (Canvas's question type, the item body it writes).
HANDLERS = {
    "mcq": ("multiple_choice_question", _mcq),
    "multi": ("multiple_answers_question", _multi),
    "tf": ("true_false_question", _tf),
    "short": ("short_answer_question", _short),
    "match": ("matching_question", _match),
    "cloze": ("fill_in_multiple_blanks_question", _cloze),
    "order": ("matching_question", _order),
}
UNSUPPORTED: dict[str, str] = {}
TYPES = {name: canvas for name, (canvas, _) in HANDLERS.items()}


class Rich:
    """A bank's Markdown as XHTML for the package: math as MathML, images as files inside the
    package next to the assessment (`media/...`, collected in `used`), code with inline styles.
    Choices, match sides and blanks are Canvas answer texts, so they are plain text (as read,
    math as TeX)."""

    def __init__(self, content: Content = PLAIN, used: dict[str, MediaFile] | None = None):
        self.content = content
        self.used: dict[str, MediaFile] = {} if used is None else used

    def block(self, text: str) -> str:
        if not self.content.needs_html(text):
            return html_text(self.content.plain(text))
        return f"<div>{self.content.html(text, QTI_FLAVOUR, used=self.used)}</div>"

    def stem(self, q: Question, view: Question) -> str:
        if q.type != "cloze":
            return self.block(q.prompt or "")
        if not self.content.needs_html(q.text or ""):
            return cloze_html(view)
        names = blank_names(q)

        def blank(k: int, d, answer_html: str, hint_html: str | None) -> str:
            return f"[{names[k]}]" + (f" ({hint_html})" if hint_html else "")

        return f"<div>{self.content.cloze_html(q.text or '', QTI_FLAVOUR, blank, used=self.used)}</div>"


def item(x: Xml, q: Question, ids: Idents, rich: Rich | None = None) -> None:
    """One question as an `<item>` at x's depth. Its many small elements are written straight as
    indented strings (the same bytes as Xml would give): at 10k questions these are most of the
    package."""
    d = x.depth
    rich = rich or Rich()
    rich = Rich(rich.content.for_question(q), rich.used)  # plain words: the plain path, same bytes
    qtype, write_body = HANDLERS[q.type]
    view = rich.content.question_as(q)  # answer texts as displayed, Markdown stripped
    pres = [f"{_NL[d + 1]}<presentation>", _mattext_at(d + 2, rich.stem(q, view))]
    proc = [f'{_NL[d + 1]}<resprocessing>{_NL[d + 2]}<outcomes>'
            f'{_NL[d + 3]}<decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal" />{_NL[d + 2]}</outcomes>']
    if q.explanation:
        proc.append(f'{_NL[d + 2]}<respcondition continue="Yes">{_NL[d + 3]}<conditionvar>{_NL[d + 4]}<other />'
                    f'{_NL[d + 3]}</conditionvar>{_NL[d + 3]}<displayfeedback feedbacktype="Response" '
                    f'linkrefid="general_fb" />{_NL[d + 2]}</respcondition>')
    body = write_body(view, ids, d)
    pres += body.pres
    proc += body.proc
    answer_ids = body.answer_ids
    pres.append(f"{_NL[d + 1]}</presentation>")
    proc.append(f"{_NL[d + 1]}</resprocessing>")

    parts = [f'{_NL[d]}<item ident="{_escape_attrib(f"cq_{q.id}")}" title="{_escape_attrib(q.id)}">'
             f"{_NL[d + 1]}<itemmetadata>{_NL[d + 2]}<qtimetadata>",
             _field_at(d + 3, "question_type", qtype),
             _field_at(d + 3, "points_possible", "1.0"),
             _field_at(d + 3, "original_answer_ids", ",".join(answer_ids)),
             _field_at(d + 3, "assessment_question_identifierref", f"cq_ref_{q.id}"),
             f"{_NL[d + 2]}</qtimetadata>{_NL[d + 1]}</itemmetadata>", *pres, *proc]
    if q.explanation:
        parts.append(f'{_NL[d + 1]}<itemfeedback ident="general_fb">{_NL[d + 2]}<flow_mat>'
                     + _mattext_at(d + 3, rich.block(q.explanation)) + f"{_NL[d + 2]}</flow_mat>{_NL[d + 1]}</itemfeedback>")
    parts.append(f"{_NL[d]}</item>")
    x.write("".join(parts))


def assessment(bank: Bank, ids: Idents, rich: Rich | None = None) -> bytes:
    x = Xml()
    x.open("questestinterop", **{
        "xmlns": QTI_NS,
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
    })
    x.open("assessment", ident=ids.base, title=bank.title)
    x.open("qtimetadata")
    _field(x, "cc_maxattempts", "1")
    x.close()
    x.open("section", ident="root_section")
    with choice_order.bank(bank.questions):  # choices in the bank's fixed order (`choice_order`)
        for q in bank.questions:
            if q.type in HANDLERS:  # a type declared in UNSUPPORTED is left out (check says so)
                item(x, q, ids, rich)
    x.close()
    x.close()
    x.close()
    return x.document()


def assessment_meta(bank: Bank, ids: Idents) -> bytes:
    x = Xml()
    x.open("quiz", **{
        "identifier": ids.base,
        "xmlns": CANVAS_NS,
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation": f"{CANVAS_NS} https://canvas.instructure.com/xsd/cccv1p0.xsd",
    })
    points = f"{len(bank.questions):.1f}"
    x.leaf("title", bank.title)
    x.leaf("description", html_text(bank.description) if bank.description else "")
    for tag, value in (("shuffle_answers", "true"), ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                       ("points_possible", points), ("show_correct_answers", "true"), ("allowed_attempts", "1"),
                       ("one_question_at_a_time", "false"), ("cant_go_back", "false"), ("available", "false")):
        x.leaf(tag, value)
    x.open("assignment", identifier=f"{ids.base}_assignment")
    for tag, value in (("title", bank.title), ("workflow_state", "unpublished"), ("quiz_identifierref", ids.base),
                       ("points_possible", points), ("grading_type", "points"), ("submission_types", "online_quiz")):
        x.leaf(tag, value)
    x.close()
    x.leaf("assignment_group_identifierref", f"{ids.base}_assignment_group")
    x.close()
    return x.document()


def manifest(bank: Bank, ids: Idents, media: tuple[str, ...] = ()) -> bytes:
    ns = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
    x = Xml()
    x.open("manifest", **{"identifier": f"{ids.base}_manifest", "xmlns": ns,
                          "xmlns:imsmd": "http://www.imsglobal.org/xsd/imsmd_v1p2"})
    x.open("metadata")
    x.leaf("schema", "IMS Content")
    x.leaf("schemaversion", "1.1.3")
    x.open("imsmd:lom")
    x.open("imsmd:general")
    x.open("imsmd:title")
    x.leaf("imsmd:langstring", bank.title)  # IMS MD 1.2's element; Canvas's own `imsmd:string` fails its schema
    x.close()
    x.close()
    x.close()
    x.close()
    x.leaf("organizations")
    x.open("resources")
    x.open("resource", identifier=ids.base, type="imsqti_xmlv1p2")
    x.leaf("file", href=f"{ids.base}/{ids.base}.xml")
    for path in media:  # the images the questions show, beside the assessment
        x.leaf("file", href=path)
    x.leaf("dependency", identifierref=f"{ids.base}_dependency")
    x.close()
    x.open("resource", identifier=f"{ids.base}_dependency",
           type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
           href=f"{ids.base}/assessment_meta.xml")
    x.leaf("file", href=f"{ids.base}/assessment_meta.xml")
    x.close()
    x.close()
    x.close()
    return x.document()


def package(project: Project, bank: Bank) -> bytes:
    prepare(project)  # the typed answers' forms (render/answers)
    ids = Idents(bank)
    rich = Rich(content_of(project))
    test = assessment(bank, ids, rich)
    # An image `media/x.png` is referenced relatively from the assessment, so it is stored as
    # `<quiz>/media/x.png`; the manifest lists it with the assessment's files.
    images = {f"{ids.base}/{f.path}": f.data for f in sorted(rich.used.values(), key=lambda f: f.path)}
    files = {
        "imsmanifest.xml": manifest(bank, ids, tuple(images)),
        "non_cc_assessments/": b"",
        f"{ids.base}/{ids.base}.xml": test,
        f"{ids.base}/assessment_meta.xml": assessment_meta(bank, ids),
        **images,
    }
    return zip_bytes(files)


def unsupported(q: Question) -> list[Loss]:
    """What of a question the Canvas package cannot carry (a type with no handler at all is the
    registry's `format-cannot-express`): nothing today."""
    return []


FORMAT = Format("qti", render, title="lms/<bank>.qti.zip: QTI 1.2 for Canvas",
                handlers={name: body for name, (_, body) in HANDLERS.items()}, unsupported=UNSUPPORTED,
                check=lms_check("QTI 1.2 (Canvas)", unsupported))
