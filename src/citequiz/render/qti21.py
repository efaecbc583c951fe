"""Stage 4 renderer — IMS QTI 2.1: `lms/<bank>.qti21.zip`, one content package per bank.

QTI 2.1 is what OpenOLAT (since 15.0), Inspera, Blackboard Learn's QTI import and most item banks
take. The package is an IMS Content Package (`imsmanifest.xml`, IMS CP 1.1.4 with IMS MD 1.2
metadata) holding one `assessmentItem` per question (`items/<ident>.xml`) and one
`assessmentTest` for the bank (`test.xml`), each valid against the IMS QTI 2.1 schema (the tests
check every file against the official XSDs). One handler per question type in `HANDLERS`:
- mcq: choiceInteraction, one choice, shuffled, `match_correct`; tf: the same with True/False in
  that order;
- multi: choiceInteraction, any number of choices, shuffled, `map_response` with a point for a
  right choice and -n/m for a wrong one, bounded to 0..n (ticking every box scores 0);
- short: a textEntryInteraction, every accepted form mapped to 1, case-insensitive, `map_response`;
- cloze: one inline textEntryInteraction per deletion, each mapped as a short answer, the score
  their sum (response processing written out: no template scores several responses);
- match: matchInteraction with the left items and the distinct right items, a point per pair,
  `map_response`.
MAXSCORE says what full marks are (a point per part: whole numbers, which add up exactly).
Items have real titles (the start of what is asked: Brightspace shows "Question" otherwise) and
the question id as label. The explanation, evidence and source are modal feedback, shown after
each attempt (an outcome whose default value names it). Text is XML-escaped (render/xmlwriter.py
writes what ElementTree would, faster) and written as XHTML text, never as markup. Identifiers derive from question ids, the zip has fixed
timestamps: the same bank gives the same bytes. A type with no handler is listed in `UNSUPPORTED`
with the reason and reported by `check`; `order` maps to orderInteraction once that type exists.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import types
from .. import cloze
from ..errors import Finding, warning
from ..markup.content import content_of
from ..model import Bank, Project, Question
from .archive import zip_bytes
from . import choice_order
from .choice_order import ordered_choices
from .answers import accepted_forms, blank_forms, prepare
from .context import Format, RenderContext
from .limits import Loss, lms_check
from .links import source_pages
from .provenance import citation, evidence, link, source_url_settings
from .xmlwriter import Xml, escape_attrib, escape_cdata

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
MD_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
TITLE_LENGTH = 60
UNSUPPORTED: dict[str, str] = {}


@dataclass(frozen=True)
class _Ctx:
    project: Project
    base_url: str
    pages: dict[str, str]


def render(ctx: RenderContext):
    base_url = ctx.settings.source_url if ctx.settings is not None else ""
    for bank in ctx.project.banks:
        yield f"lms/{bank.name}.qti21.zip", package(ctx.project, bank, base_url=base_url)


def unsupported(q: Question) -> list[Loss]:
    """What of a question the package cannot carry (a type with no handler at all is the
    registry's `format-cannot-express`): nothing today."""
    return []


def bank_ident(bank: Bank) -> str:
    return "b-" + re.sub(r"[^A-Za-z0-9_.-]", "_", bank.name)


def ident(q: Question) -> str:
    """An identifier (an NCName: ids may start with a digit, identifiers may not)."""
    return f"q-{q.id}"


def title(q: Question) -> str:
    """The start of what is asked, on one line."""
    text = " ".join(types.stem(q).split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1].rstrip() + "…"


def package(project: Project, bank: Bank, *, base_url: str = "") -> bytes:
    prepare(project)  # the typed answers' forms (render/answers)
    c = _Ctx(project=project, base_url=base_url, pages=source_pages(project.seeds))
    items = [q for q in bank.questions if q.type in HANDLERS]
    files = {"imsmanifest.xml": manifest(bank, items), "test.xml": assessment_test(bank, items)}
    content = content_of(project)
    with choice_order.bank(bank.questions):  # choices in the bank's fixed order (`choice_order`)
        for q in items:
            # Markdown as displayed text (math as TeX, an image as [image: alt]): rendering it into
            # the XHTML subset QTI 2.1 validates is still to do; check warns for the images.
            files[f"items/{ident(q)}.xml"] = assessment_item(content.question_as(q), c)
    return zip_bytes(files)


def _qti_root(x: Xml, tag: str, **attrs: str) -> None:
    x.open(tag, **{"xmlns": QTI_NS, "xmlns:xsi": XSI, "xsi:schemaLocation": f"{QTI_NS} {QTI_XSD}", **attrs})


def inline(text: str) -> str:
    """Bank text as XHTML inline content: escaped, line breaks as `<br />`."""
    return escape_cdata(text).replace("\n", "<br />")


def _element(tag: str, **attrs: str) -> str:
    """An empty inline element, as markup."""
    return f"<{tag}" + "".join(f' {k}="{escape_attrib(v)}"' for k, v in attrs.items()) + " />"


def _value_decl(x: Xml, identifier: str, cardinality: str, base: str, correct: list[str]) -> None:
    """Opens a responseDeclaration with its correct response; the caller adds a mapping and closes it."""
    x.open("responseDeclaration", identifier=identifier, cardinality=cardinality, baseType=base)
    x.open("correctResponse")
    for v in correct:
        x.leaf("value", v)
    x.close()


def _mapping(x: Xml, entries: list[tuple[str, str]], *, case_sensitive: bool | None = None,
             lower: str | None = None, upper: str | None = None) -> None:
    attrs = {"defaultValue": "0"}
    if lower is not None:
        attrs["lowerBound"] = lower
    if upper is not None:
        attrs["upperBound"] = upper
    x.open("mapping", **attrs)
    for key, value in entries:
        entry = {"mapKey": key, "mappedValue": value}
        if case_sensitive is not None:
            entry["caseSensitive"] = "true" if case_sensitive else "false"
        x.leaf("mapEntry", **entry)
    x.close()


def _outcomes(x: Xml, max_score: int) -> None:
    x.write(_outcome_fragment(x.depth, max_score))


@functools.cache
def _outcome_fragment(depth: int, max_score: int) -> str:
    """The same three declarations in every item: written once per depth and maximum."""
    x = Xml(depth)
    _declare_outcomes(x, max_score)
    return x.text()


def _declare_outcomes(x: Xml, max_score: int) -> None:
    x.leaf("outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    x.open("outcomeDeclaration", identifier="MAXSCORE", cardinality="single", baseType="float")
    x.open("defaultValue")
    x.leaf("value", str(max_score))
    x.close()
    x.close()
    # Modal feedback shows when FEEDBACK holds its identifier: by default it always does.
    x.open("outcomeDeclaration", identifier="FEEDBACK", cardinality="single", baseType="identifier")
    x.open("defaultValue")
    x.leaf("value", "general")
    x.close()
    x.close()


def _feedback(x: Xml, q: Question, c: _Ctx) -> None:
    x.open("modalFeedback", outcomeIdentifier="FEEDBACK", showHide="show", identifier="general", title="Explanation")
    if q.explanation:
        x.markup("p", inline(q.explanation))
    quote = evidence(c.project, q)
    if quote:
        x.open("blockquote")
        x.markup("p", inline(quote))
        x.close()
    if q.sources:
        cited = inline(citation(c.project, q.sources))
        if c.base_url:
            href = escape_attrib(link(c.base_url, q.sources[0], c.pages))
            cited = f'<a href="{href}">{cited}</a>'
        x.markup("p", "Source: " + cited)
    x.close()


def assessment_item(q: Question, c: _Ctx) -> bytes:
    x = Xml()
    _qti_root(x, "assessmentItem", identifier=ident(q), title=title(q), label=q.id,
              adaptive="false", timeDependent="false")
    HANDLERS[q.type](x, q, c)
    _feedback(x, q, c)
    x.close()
    return x.document()


def _template(x: Xml, name: str) -> None:
    x.leaf("responseProcessing", template=TEMPLATES + name)


def _choice_body(x: Xml, q: Question, choices: list[tuple[str, str]], *, max_choices: int, shuffle: bool) -> None:
    x.open("itemBody")
    x.open("choiceInteraction", responseIdentifier="RESPONSE", shuffle="true" if shuffle else "false",
           maxChoices=str(max_choices))
    x.markup("prompt", inline(q.prompt or ""))
    for cid, text in choices:
        x.markup("simpleChoice", inline(text), identifier=cid)
    x.close()
    x.close()


def _choice_ids(q: Question) -> list[tuple[str, str]]:
    """Each choice with its identifier, in the bank's fixed order (`choice_order`)."""
    number = {choice: i for i, choice in enumerate(q.choices, 1)}
    return [(f"c{number[choice]}", choice) for choice in ordered_choices(q)]


def _mcq(x: Xml, q: Question, c: _Ctx) -> None:
    choices = _choice_ids(q)
    _value_decl(x, "RESPONSE", "single", "identifier", [cid for cid, t in choices if t == q.answer])
    x.close()
    _outcomes(x, 1)
    _choice_body(x, q, choices, max_choices=1, shuffle=q.shuffle)
    _template(x, "match_correct")


def _tf(x: Xml, q: Question, c: _Ctx) -> None:
    choices = [("true", "True"), ("false", "False")]
    _value_decl(x, "RESPONSE", "single", "identifier", ["true" if q.answer else "false"])
    x.close()
    _outcomes(x, 1)
    _choice_body(x, q, choices, max_choices=1, shuffle=False)
    _template(x, "match_correct")


def _points(total: int, n: int) -> str:
    """total/n points, to as many digits as a double holds."""
    return repr(total / n) if total % n else str(total // n)


def _multi(x: Xml, q: Question, c: _Ctx) -> None:
    choices = _choice_ids(q)
    right = [cid for cid, t in choices if t in q.answers]
    wrong = [cid for cid, t in choices if t not in q.answers]
    _value_decl(x, "RESPONSE", "multiple", "identifier", right)
    # A point per right choice (whole numbers, so all of them sum to exactly the maximum); wrong
    # choices cost as much as the right ones earn: ticking every box scores 0, not full marks.
    _mapping(x, [(cid, "1" if cid in right else "-" + _points(len(right), len(wrong))) for cid, _ in choices],
             lower="0", upper=str(len(right)))
    x.close()
    _outcomes(x, len(right))
    _choice_body(x, q, choices, max_choices=0, shuffle=q.shuffle)
    _template(x, "map_response")


def _text_entry(identifier: str, forms: list[str]) -> str:
    longest = max(len(f) for f in forms)
    return _element("textEntryInteraction", responseIdentifier=identifier, expectedLength=str(max(longest, 5)))


def _short(x: Xml, q: Question, c: _Ctx) -> None:
    forms = accepted_forms(q)
    _value_decl(x, "RESPONSE", "single", "string", forms[:1])
    _mapping(x, [(f, "1") for f in forms], case_sensitive=False, upper="1")
    x.close()
    _outcomes(x, 1)
    x.open("itemBody")
    x.markup("p", inline(q.prompt or ""))
    x.markup("p", _text_entry("RESPONSE", forms))
    x.close()
    _template(x, "map_response")


def _cloze(x: Xml, q: Question, c: _Ctx) -> None:
    parts = cloze.segments(q.text or "")
    blanks = [p for p in parts if not isinstance(p, str)]
    forms = [blank_forms(q, d) for d in q.deletions]
    for k, accepted in enumerate(forms, 1):
        _value_decl(x, f"RESPONSE_{k}", "single", "string", accepted[:1])
        _mapping(x, [(f, "1") for f in accepted], case_sensitive=False, upper="1")
        x.close()
    _outcomes(x, len(blanks))
    x.open("itemBody")
    out, k = [], 0
    for part in parts:
        if isinstance(part, str):
            out.append(inline(part))
            continue
        k += 1
        out.append(_text_entry(f"RESPONSE_{k}", forms[k - 1]))
        if part.hint:
            out.append(inline(f" [{part.hint}]"))
    x.markup("p", "".join(out))
    x.close()
    x.open("responseProcessing")
    x.open("setOutcomeValue", identifier="SCORE")
    x.open("sum")
    for k in range(1, len(blanks) + 1):
        x.leaf("mapResponse", identifier=f"RESPONSE_{k}")
    x.close()
    x.close()
    x.close()


def _match(x: Xml, q: Question, c: _Ctx) -> None:
    lefts = [(f"L{i}", p.left) for i, p in enumerate(q.pairs, 1)]
    rights = {right: f"R{i}" for i, right in enumerate(dict.fromkeys(p.right for p in q.pairs), 1)}
    pairs = [f"{lid} {rights[p.right]}" for (lid, _), p in zip(lefts, q.pairs)]
    _value_decl(x, "RESPONSE", "multiple", "directedPair", pairs)
    _mapping(x, [(pair, "1") for pair in pairs], lower="0", upper=str(len(pairs)))  # a point per pair
    x.close()
    _outcomes(x, len(pairs))
    x.open("itemBody")
    x.open("matchInteraction", responseIdentifier="RESPONSE", shuffle="true", maxAssociations=str(len(lefts)))
    x.markup("prompt", inline(q.prompt or ""))
    x.open("simpleMatchSet")
    for lid, text in lefts:
        x.markup("simpleAssociableChoice", inline(text), identifier=lid, matchMax="1")
    x.close()
    x.open("simpleMatchSet")
    uses = {rid: sum(1 for p in q.pairs if rights[p.right] == rid) for rid in rights.values()}
    for text, rid in rights.items():
        x.markup("simpleAssociableChoice", inline(text), identifier=rid, matchMax=str(uses[rid]))
    x.close()
    x.close()
    x.close()
    _template(x, "map_response")


def _order(x: Xml, q: Question, c: _Ctx) -> None:
    """QTI's own orderInteraction: the items shuffled by the player, the right order the
    correct response (an ordered container), all or nothing, as the quiz page judges it."""
    ids = [(f"I{i}", item) for i, item in enumerate(q.items, 1)]
    _value_decl(x, "RESPONSE", "ordered", "identifier", [iid for iid, _ in ids])
    x.close()
    _outcomes(x, 1)
    x.open("itemBody")
    x.open("orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
    x.markup("prompt", inline(q.prompt or ""))
    for iid, item in ids:
        x.markup("simpleChoice", inline(item), identifier=iid)
    x.close()
    x.close()
    _template(x, "match_correct")


HANDLERS: dict[str, Callable[[Xml, Question, _Ctx], None]] = {
    "mcq": _mcq,
    "multi": _multi,
    "tf": _tf,
    "short": _short,
    "match": _match,
    "cloze": _cloze,
    "order": _order,
}


def assessment_test(bank: Bank, items: list[Question]) -> bytes:
    x = Xml()
    _qti_root(x, "assessmentTest", identifier=f"test-{bank_ident(bank)}", title=bank.title)
    x.leaf("outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    x.open("testPart", identifier="part-1", navigationMode="nonlinear", submissionMode="individual")
    x.open("assessmentSection", identifier="section-1", title=bank.title, visible="true")
    for q in items:
        x.leaf("assessmentItemRef", identifier=ident(q), href=f"items/{ident(q)}.xml")
    x.close()
    x.close()
    x.open("outcomeProcessing")
    x.open("setOutcomeValue", identifier="SCORE")
    x.open("sum")
    x.leaf("testVariables", variableIdentifier="SCORE")
    x.close()
    x.close()
    x.close()
    x.close()
    return x.document()


def manifest(bank: Bank, items: list[Question]) -> bytes:
    x = Xml()
    x.open("manifest", **{
        "xmlns": CP_NS, "xmlns:imsmd": MD_NS, "xmlns:xsi": XSI, "identifier": f"manifest-{bank_ident(bank)}",
        "xsi:schemaLocation": f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd "
                              f"{MD_NS} http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd",
    })
    x.open("metadata")
    x.leaf("schema", "QTIv2.1 Package")
    x.leaf("schemaversion", "1.0.0")
    x.open("imsmd:lom")
    x.open("imsmd:general")
    x.open("imsmd:title")
    x.leaf("imsmd:langstring", bank.title)
    x.close()
    x.close()
    x.close()
    x.close()
    x.leaf("organizations")
    x.open("resources")
    x.open("resource", identifier=f"test-{bank_ident(bank)}", type="imsqti_test_xmlv2p1", href="test.xml")
    x.leaf("file", href="test.xml")
    for q in items:
        x.leaf("dependency", identifierref=ident(q))
    x.close()
    for q in items:
        x.open("resource", identifier=ident(q), type="imsqti_item_xmlv2p1", href=f"items/{ident(q)}.xml")
        x.leaf("file", href=f"items/{ident(q)}.xml")
        x.close()
    x.close()
    x.close()
    return x.document()


_limits = lms_check("QTI 2.1", unsupported)


def check(ctx: RenderContext) -> list[Finding]:
    """The limits above, and a question's images, which this package does not carry yet."""
    content = content_of(ctx.project)
    out = _limits(ctx)
    for bank in ctx.project.banks:
        for q in bank.questions:
            images = content.images_in(q)
            if images:
                out.append(warning(q.pos, "lms-unsupported",
                                   f"QTI 2.1 cannot carry the image {images[0]} of question {q.id} yet: "
                                   f"lms/{bank.name}.qti21.zip shows its alt text", "Moodle XML and QTI 1.2 carry it"))
    return out


FORMAT = Format("qti21", render, title="lms/<bank>.qti21.zip: IMS QTI 2.1 (OpenOLAT, Inspera, Blackboard, Brightspace)",
                handlers=HANDLERS, unsupported=UNSUPPORTED, settings=source_url_settings("qti21"),
                check=check)
