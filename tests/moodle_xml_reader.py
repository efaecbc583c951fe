"""A Moodle XML reader for the tests: a port of the import half of Moodle's own
question/format/xml/format.php (`readquestions`, `import_question` and the `import_<type>` methods
it dispatches to, `import_headers`, `import_answer`, `import_text_with_files`, `getpath`,
`import_question_tags`, `import_category`), plus what decides whether an imported question is
saved: `importprocess`'s grade check (moodle_common.fraction), the question types'
`save_question_options` checks, and for cloze question/type/multianswer/questiontype.php
(`qtype_multianswer_extract_question` with its ANSWER_REGEX, `qtype_multianswer_validate_question`).

Moodle parses with `xmlize` (PHP's expat), keeping whitespace; `getpath(..., istext=true)` trims
with PHP's trim(). Only the types citequiz writes are ported; any other type is an error here, as
it is in a Moodle without that plugin.
"""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree as ET

from moodle_common import MoodleError, fraction, split_category_path, trim

FORMATS = {"moodle_auto_format": "moodle", "html": "html", "plain_text": "plain", "wiki_like": "wiki",
           "markdown": "markdown"}

# question/type/multianswer/questiontype.php, as Moodle 4 defines them.
_FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
_ANSWER = r".+?(?<!\\|&)(?<!&amp;)(?=[~#}]|$)"  # PHP's one lookbehind, split: Python needs fixed widths
_FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
_ALTERNATIVE = f"({_FRACTION})?({_ANSWER})(#({_FEEDBACK}))?"
_TYPES = ("(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|"
          "(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|"
          "(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|"
          "(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)")
ANSWER_RE = re.compile(r"\{([0-9]*):(" + _TYPES + "):(" + _ALTERNATIVE + "(~" + _ALTERNATIVE + ")*)\\}", re.S)
ALTERNATIVE_RE = re.compile("~?" + _ALTERNATIVE, re.S)


class XmlImportError(MoodleError):
    pass


def _text_of(el: ET.Element | None, *path: str, default: str = "", istext: bool = True) -> str:
    """getpath(): the text at `path` below `el` (each step the first child of that name), trimmed
    when `istext`; `default` where a step is missing."""
    for step in path:
        if el is None:
            return default
        el = el.find(step)
    if el is None:
        return default
    value = el.text or ""
    return trim(value) if istext else value


def _field(el: ET.Element | None, default_format: str = "html") -> dict:
    """import_text_with_files(): {'text', 'format'} of an element holding `<text>`."""
    if el is None:
        return {"text": "", "format": FORMATS[default_format]}
    fmt = el.get("format", default_format)
    return {"text": _text_of(el, "text"), "format": FORMATS.get(trim(fmt), "html")}


def read(data: bytes) -> list[dict]:
    root = ET.fromstring(data)
    if root.tag != "quiz":
        raise XmlImportError("the root element is not <quiz>")
    return [import_question(q) for q in root.findall("question")]


def import_question(el: ET.Element) -> dict:
    qtype = el.get("type")
    if qtype == "category":
        return {"qtype": "category", "category": split_category_path(_text_of(el, "category", "text")),
                "info": _field(el.find("info"))}
    handler = {"multichoice": _multichoice, "truefalse": _truefalse, "shortanswer": _shortanswer,
               "matching": _match, "match": _match, "cloze": _multianswer, "multianswer": _multianswer,
               "ordering": _ordering}.get(qtype)
    if handler is None:
        raise XmlImportError(f"question type {qtype!r} is not supported (xmltypeunsupported)")
    q = handler(el)
    for f in q.get("fractions", []):
        fraction(f)  # importprocess: every grade must be one of Moodle's
    return q


def _headers(el: ET.Element) -> dict:
    name = _text_of(el, "name", "text", default=None)
    if name is None:
        raise XmlImportError("question has no name (xmlimportnoname)")
    text = _field(el.find("questiontext"))
    idnumber = el.find("idnumber")
    return {
        "name": name,
        "questiontext": text["text"], "format": text["format"],
        "generalfeedback": _field(el.find("generalfeedback"))["text"],
        "idnumber": None if idnumber is None else (idnumber.text or ""),
        "tags": [_text_of(t, "text") for t in el.findall("tags/tag")],
    }


def _single(value: str) -> bool:
    """trans_single(): "false" or an empty value is false, anything else true."""
    value = trim(value)
    return not (value == "false" or value in ("", "0"))


def _answers(el: ET.Element, *, with_format: bool) -> list[dict]:
    out = []
    for a in el.findall("answer"):
        if with_format:
            field = _field(a)
        else:
            field = {"text": _text_of(a, "text"), "format": "plain"}
        out.append({"text": field["text"], "format": field["format"],
                    "fraction": float(a.get("fraction", "0")) / 100,
                    "feedback": _field(a.find("feedback"))["text"]})
    return out


def _multichoice(el: ET.Element) -> dict:
    q = _headers(el) | {"qtype": "multichoice",
                        "single": _single(_text_of(el, "single", default="true")),
                        "shuffleanswers": _single(_text_of(el, "shuffleanswers", default="false")),
                        "answers": _answers(el, with_format=True)}
    q["fractions"] = grades = [a["fraction"] for a in q["answers"]]
    if len([a for a in q["answers"] if a["text"]]) < 2:
        raise XmlImportError("multichoice needs 2 answers (notenoughanswers)")
    if q["single"] and max(grades) != 1:
        raise XmlImportError(f"no answer has 100 % (fractionsnomax, best {max(grades):.0%})")
    if not q["single"] and round(sum(g for g in grades if g > 0), 2) != 1:
        raise XmlImportError("the positive grades do not add up to 100 % (fractionsaddwrong)")
    return q


def _truefalse(el: ET.Element) -> dict:
    q = _headers(el) | {"qtype": "truefalse"}
    for a in el.findall("answer"):
        text = _text_of(a, "text")
        if text not in ("true", "false"):
            raise XmlImportError(f"true/false answer {text!r} (truefalseimporterror)")
        right = a.get("fraction") == "100"
        if text == "true":
            q["correct"] = right
    return q


def _shortanswer(el: ET.Element) -> dict:
    q = _headers(el) | {"qtype": "shortanswer", "usecase": _text_of(el, "usecase", default="0"),
                        "answers": _answers(el, with_format=False)}
    q["fractions"] = [a["fraction"] for a in q["answers"]]
    if not q["answers"] or max(q["fractions"]) != 1:
        raise XmlImportError("no answer has 100 % (fractionsnomax)")
    return q


def _match(el: ET.Element) -> dict:
    q = _headers(el) | {"qtype": "match",
                        "shuffleanswers": _single(_text_of(el, "shuffleanswers", default="1"))}
    q["pairs"] = [(_field(s)["text"], _text_of(s, "answer", "text")) for s in el.findall("subquestion")]
    questions = [left for left, right in q["pairs"] if left and right]
    answers = [right for left, right in q["pairs"] if right]
    if len(questions) < 2 or len(answers) < 3:
        raise XmlImportError("matching needs 2 questions and 3 answers (notenoughqsandas)")
    return q


def _ordering(el: ET.Element) -> dict:
    """qtype_ordering::import_from_xml: the options (with its defaults), then the answers in file
    order, which is the right order (their fractions are ignored and reset on save)."""
    if el.find("selecttype") is not None:
        selecttype, selectcount = "selecttype", "selectcount"
    else:
        selecttype, selectcount = "logical", "studentsee"
    return _headers(el) | {
        "qtype": "ordering",
        "layouttype": _text_of(el, "layouttype", default="VERTICAL"),
        "selecttype": _text_of(el, selecttype, default="RANDOM"),
        "selectcount": _text_of(el, selectcount, default="6"),
        "gradingtype": _text_of(el, "gradingtype", default="RELATIVE"),
        "showgrading": _text_of(el, "showgrading", default="1"),
        "items": [_field(a)["text"] for a in el.findall("answer")],
    }


def _multianswer(el: ET.Element) -> dict:
    """import_multianswer: the name and feedback as for the other types; the blanks from the text."""
    field = _field(el.find("questiontext"))
    text, subquestions = extract_question(field["text"])
    q = _headers(el) | {"qtype": "multianswer", "questiontext": text, "subquestions": subquestions}
    validate(subquestions)
    return q


def extract_question(text: str) -> tuple[str, list[dict]]:
    """qtype_multianswer_extract_question: each `{N:TYPE:alternatives}` becomes a subquestion and
    `{#k}` in the text. Answers and feedback have entities decoded and `\\}` `\\#` unescaped."""
    subs = []
    k = 0
    while (m := ANSWER_RE.search(text)) is not None:
        k += 1
        # Group numbers as in Moodle's ANSWER_REGEX_* constants.
        if m.group(7) or m.group(8):  # SHORTANSWER, SHORTANSWER_C
            sub = {"qtype": "shortanswer", "usecase": bool(m.group(8))}
        elif m.group(3):
            sub = {"qtype": "numerical"}
        else:
            sub = {"qtype": "multichoice"}
        sub["answers"], sub["fractions"] = [], []
        remaining = m.group(16)
        while (alt := ALTERNATIVE_RE.match(remaining)) is not None and alt.group(0):
            if alt.group(1) == "=":
                sub["fractions"].append(1.0)
            elif alt.group(2):
                sub["fractions"].append(0.01 * float(alt.group(2).replace(",", ".")))
            else:
                sub["fractions"].append(0.0)
            answer = html.unescape(alt.group(3)).replace("\\}", "}").replace("\\#", "#")
            sub["answers"].append(answer)
            remaining = remaining.split(alt.group(0), 1)[1]
        subs.append(sub)
        text = text.replace(m.group(0), "{#%d}" % k, 1)
    return text, subs


def validate(subquestions: list[dict]) -> None:
    """qtype_multianswer_validate_question, for the parts citequiz writes."""
    if not subquestions:
        raise XmlImportError("no blanks in the cloze text (questionsmissing)")
    for i, sub in enumerate(subquestions, 1):
        given = [(a, f) for a, f in zip(sub["answers"], sub["fractions"]) if trim(a) != ""]
        if not given:
            raise XmlImportError(f"blank {i} has no answer (notenoughanswers)")
        if sub["qtype"] == "shortanswer" and not any(f == 1 for _, f in given):
            raise XmlImportError(f"blank {i} has no answer at 100 % (fractionsnomax)")


def html_text(fragment: str) -> str:
    """What a reader sees of an HTML field citequiz wrote: paragraphs and breaks as text,
    entities decoded (a test helper, not Moodle code)."""
    fragment = fragment.replace("<br>", "\n").replace("</p><p>", "\n\n")
    return html.unescape(re.sub(r"</?(p|blockquote)>", "", fragment))
