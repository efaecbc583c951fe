"""Stage 4 renderer — QTI 1.2 for Canvas: `lms/<bank>.qti.zip`, one quiz per bank.

The package follows what Canvas's own exporter (lib/cc/qti/qti_items.rb) and text2qti write,
which is what Canvas's importer reads back: `imsmanifest.xml`, `<quiz>/<quiz>.xml` (the
assessment) and `<quiz>/assessment_meta.xml` (quiz settings), plus the empty
`non_cc_assessments/` folder. Question types: multiple_choice_question, multiple_answers_question,
true_false_question, short_answer_question, matching_question and
fill_in_multiple_blanks_question (a cloze's blanks become `[c1]`, `[c2]`, ... in its text).
Each explanation becomes the question's general feedback.

Text from a bank is HTML-escaped, then XML-escaped by ElementTree: `<b>` in a bank shows as
`<b>`. Identifiers are derived from bank and question ids (choice, match and answer idents are
numbers, as Canvas's importer takes the first run of digits in an ident as a match id), and the
zip has fixed timestamps, so the same bank always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import io
import zipfile
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from ..model import CLOZE_RE, Bank, Project, Question

if TYPE_CHECKING:
    from ..build import Context

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
TYPES = {
    "mcq": "multiple_choice_question",
    "multi": "multiple_answers_question",
    "tf": "true_false_question",
    "short": "short_answer_question",
    "match": "matching_question",
    "cloze": "fill_in_multiple_blanks_question",
}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def render(project: Project, ctx: "Context") -> dict[str, bytes]:
    return {f"lms/{bank.name}.qti.zip": package(project, bank) for bank in project.banks}


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


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _mattext(parent: ET.Element, text: str, texttype: str = "text/html") -> None:
    material = _sub(parent, "material")
    _sub(material, "mattext", text, texttype=texttype)


def _field(parent: ET.Element, label: str, entry: str) -> None:
    f = _sub(parent, "qtimetadatafield")
    _sub(f, "fieldlabel", label)
    _sub(f, "fieldentry", entry)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, "  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


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
    text = q.text or ""
    out, last = [], 0
    for m in CLOZE_RE.finditer(text):
        out.append(html.escape(text[last:m.start()]))
        out.append(f"[{next(names)}]" + (f" ({html.escape(m.group(3))})" if m.group(3) else ""))
        last = m.end()
    out.append(html.escape(text[last:]))
    return "<p>" + "".join(out).replace("\n", "<br>") + "</p>"


def item(section: ET.Element, q: Question, ids: Idents) -> None:
    qtype = TYPES[q.type]
    it = _sub(section, "item", ident=f"cq_{q.id}", title=q.id)
    meta = _sub(_sub(it, "itemmetadata"), "qtimetadata")
    answer_ids: list[str] = []
    pres = ET.Element("presentation")
    _mattext(pres, cloze_html(q) if q.type == "cloze" else html_text(q.prompt or ""))
    proc = ET.Element("resprocessing")
    outcomes = _sub(proc, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    if q.explanation:
        cond = _sub(proc, "respcondition", continue_="Yes")
        _sub(_sub(cond, "conditionvar"), "other")
        _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")

    if q.type in ("mcq", "multi", "tf"):
        choices = ["True", "False"] if q.type == "tf" else list(q.choices)
        correct = set(q.correct) if q.type != "mcq" else {str(q.answer)}
        lid = _sub(pres, "response_lid", ident="response1", rcardinality="Multiple" if q.type == "multi" else "Single")
        render_choice = _sub(lid, "render_choice")
        idents = {}
        for c in choices:
            idents[c] = ids.number(q.id, "choice", c)
            answer_ids.append(idents[c])
            label = _sub(render_choice, "response_label", ident=idents[c])
            _mattext(label, c, "text/plain")
        cond = _sub(proc, "respcondition", continue_="No")
        var = _sub(cond, "conditionvar")
        if q.type == "multi":
            both = _sub(var, "and")
            for c in choices:
                parent = both if c in correct else _sub(both, "not")
                _sub(parent, "varequal", idents[c], respident="response1")
        else:
            (right,) = [c for c in choices if c in correct]
            _sub(var, "varequal", idents[right], respident="response1")
        _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    elif q.type == "short":
        s = _sub(pres, "response_str", ident="response1", rcardinality="Single")
        _sub(_sub(s, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        cond = _sub(proc, "respcondition", continue_="No")
        var = _sub(cond, "conditionvar")
        for a in dict.fromkeys([str(q.answer), *q.accept]):
            answer_ids.append(ids.number(q.id, "answer", a))
            _sub(var, "varequal", a, respident="response1")
        _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    elif q.type == "match":
        rights = {p.right: ids.number(q.id, "match", p.right) for p in q.pairs}
        share = f"{100 / len(q.pairs):.2f}"
        for p in q.pairs:
            left_id = ids.number(q.id, "left", p.left)
            answer_ids.append(left_id)
            lid = _sub(pres, "response_lid", ident=f"response_{left_id}")
            _mattext(lid, p.left, "text/plain")
            render_choice = _sub(lid, "render_choice")
            for right, right_id in rights.items():
                label = _sub(render_choice, "response_label", ident=right_id)
                _sub(_sub(label, "material"), "mattext", right)
            cond = _sub(proc, "respcondition")
            _sub(_sub(cond, "conditionvar"), "varequal", rights[p.right], respident=f"response_{left_id}")
            _sub(cond, "setvar", share, varname="SCORE", action="Add")
    elif q.type == "cloze":
        names = blank_names(q)
        share = f"{100 / len(names):.2f}"
        for name, d in zip(names, q.deletions):
            answer_id = ids.number(q.id, "blank", name, d.answer)
            answer_ids.append(answer_id)
            lid = _sub(pres, "response_lid", ident=f"response_{name}")
            _sub(_sub(lid, "material"), "mattext", name)
            label = _sub(_sub(lid, "render_choice"), "response_label", ident=answer_id)
            _mattext(label, d.answer, "text/plain")
            cond = _sub(proc, "respcondition")
            _sub(_sub(cond, "conditionvar"), "varequal", answer_id, respident=f"response_{name}")
            _sub(cond, "setvar", share, varname="SCORE", action="Add")

    _field(meta, "question_type", qtype)
    _field(meta, "points_possible", "1.0")
    _field(meta, "original_answer_ids", ",".join(answer_ids))
    _field(meta, "assessment_question_identifierref", f"cq_ref_{q.id}")
    it.append(pres)
    it.append(proc)
    if q.explanation:
        fb = _sub(it, "itemfeedback", ident="general_fb")
        _mattext(_sub(fb, "flow_mat"), html_text(q.explanation))


def assessment(bank: Bank, ids: Idents) -> bytes:
    root = ET.Element("questestinterop", {
        "xmlns": QTI_NS,
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
    })
    a = _sub(root, "assessment", ident=ids.base, title=bank.title)
    _field(_sub(a, "qtimetadata"), "cc_maxattempts", "1")
    section = _sub(a, "section", ident="root_section")
    for q in bank.questions:
        item(section, q, ids)
    return _xml(root)


def assessment_meta(bank: Bank, ids: Idents) -> bytes:
    root = ET.Element("quiz", {
        "identifier": ids.base,
        "xmlns": CANVAS_NS,
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation": f"{CANVAS_NS} https://canvas.instructure.com/xsd/cccv1p0.xsd",
    })
    points = f"{len(bank.questions):.1f}"
    _sub(root, "title", bank.title)
    _sub(root, "description", html_text(bank.description) if bank.description else "")
    for tag, value in (("shuffle_answers", "true"), ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                       ("points_possible", points), ("show_correct_answers", "true"), ("allowed_attempts", "1"),
                       ("one_question_at_a_time", "false"), ("cant_go_back", "false"), ("available", "false")):
        _sub(root, tag, value)
    assignment = _sub(root, "assignment", identifier=f"{ids.base}_assignment")
    for tag, value in (("title", bank.title), ("workflow_state", "unpublished"), ("quiz_identifierref", ids.base),
                       ("points_possible", points), ("grading_type", "points"), ("submission_types", "online_quiz")):
        _sub(assignment, tag, value)
    _sub(root, "assignment_group_identifierref", f"{ids.base}_assignment_group")
    return _xml(root)


def manifest(bank: Bank, ids: Idents) -> bytes:
    ns = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
    root = ET.Element("manifest", {"identifier": f"{ids.base}_manifest", "xmlns": ns,
                                   "xmlns:imsmd": "http://www.imsglobal.org/xsd/imsmd_v1p2"})
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    title = _sub(_sub(_sub(metadata, "imsmd:lom"), "imsmd:general"), "imsmd:title")
    _sub(title, "imsmd:string", bank.title)
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    res = _sub(resources, "resource", identifier=ids.base, type="imsqti_xmlv1p2")
    _sub(res, "file", href=f"{ids.base}/{ids.base}.xml")
    _sub(res, "dependency", identifierref=f"{ids.base}_dependency")
    dep = _sub(resources, "resource", identifier=f"{ids.base}_dependency",
               type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
               href=f"{ids.base}/assessment_meta.xml")
    _sub(dep, "file", href=f"{ids.base}/assessment_meta.xml")
    return _xml(root)


def package(project: Project, bank: Bank) -> bytes:
    ids = Idents(bank)
    files = {
        "imsmanifest.xml": manifest(bank, ids),
        "non_cc_assessments/": b"",
        f"{ids.base}/{ids.base}.xml": assessment(bank, ids),
        f"{ids.base}/assessment_meta.xml": assessment_meta(bank, ids),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3
            info.external_attr = (0o40755 << 16 | 0x10) if name.endswith("/") else (0o100644 << 16)
            info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()

