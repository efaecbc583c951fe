"""A QTI 2.1 reader for the tests: what a delivery engine takes from our items, and how it scores
a response, following the IMS QTI 2.1 information model (as OpenOLAT's JQTI+ implements it):

- `mapResponse`: the sum of the mapped values of the *distinct* values of the response (a value
  without an entry maps to `defaultValue`; string keys compared as `caseSensitive` says), clipped
  to `lowerBound` / `upperBound`;
- the standard templates `match_correct` (SCORE 1 where the response equals the correct response,
  as a set for multiple cardinality, else 0) and `map_response` (SCORE = mapResponse(RESPONSE));
- written-out rules: `setOutcomeValue` of `sum` and `mapResponse`, all our cloze items use.

Only what citequiz writes is read; anything else is an error, so an unexpected construct fails a
test instead of being skipped. Schema validity is checked separately (tests/xsd.py).
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

NS = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"


def _local(el: ET.Element) -> str:
    return el.tag.removeprefix(NS)


def text_of(el: ET.Element) -> str:
    """What a candidate reads of an XHTML element: its text, `<br/>` as a line break, an inline
    interaction as `[___]`."""
    parts = [el.text or ""]
    for child in el:
        name = _local(child)
        if name == "br":
            parts.append("\n")
        elif name == "textEntryInteraction":
            parts.append("[___]")
        else:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_item(data: bytes) -> dict:
    root = ET.fromstring(data)
    assert _local(root) == "assessmentItem", root.tag
    decls = {}
    for d in root.findall(f"{NS}responseDeclaration"):
        mapping = d.find(f"{NS}mapping")
        decls[d.get("identifier")] = {
            "cardinality": d.get("cardinality"), "baseType": d.get("baseType"),
            "correct": [v.text or "" for v in d.findall(f"{NS}correctResponse/{NS}value")],
            "mapping": None if mapping is None else {
                "default": float(mapping.get("defaultValue", "0")),
                "lower": None if mapping.get("lowerBound") is None else float(mapping.get("lowerBound")),
                "upper": None if mapping.get("upperBound") is None else float(mapping.get("upperBound")),
                "entries": [(e.get("mapKey"), float(e.get("mappedValue")), e.get("caseSensitive", "true") == "true")
                            for e in mapping.findall(f"{NS}mapEntry")],
            },
        }
    outcomes = {o.get("identifier"): [v.text for v in o.findall(f"{NS}defaultValue/{NS}value")]
                for o in root.findall(f"{NS}outcomeDeclaration")}
    body = root.find(f"{NS}itemBody")
    item = {"identifier": root.get("identifier"), "title": root.get("title"), "label": root.get("label"),
            "declarations": decls, "outcomes": outcomes, "body": body,
            "rp": root.find(f"{NS}responseProcessing"),
            "feedback": [(f.get("outcomeIdentifier"), f.get("identifier"), f.get("showHide"), f)
                         for f in root.findall(f"{NS}modalFeedback")]}
    inter = next((el for el in body.iter() if _local(el).endswith("Interaction")), None)
    item["interaction"] = None if inter is None else _local(inter)
    if item["interaction"] in ("choiceInteraction", "orderInteraction"):
        item["prompt"] = text_of(inter.find(f"{NS}prompt"))
        item["choices"] = [(c.get("identifier"), text_of(c)) for c in inter.findall(f"{NS}simpleChoice")]
        item["shuffle"] = inter.get("shuffle") == "true"
        item["max_choices"] = int(inter.get("maxChoices", "0"))
    elif item["interaction"] == "matchInteraction":
        item["prompt"] = text_of(inter.find(f"{NS}prompt"))
        sets = inter.findall(f"{NS}simpleMatchSet")
        item["sets"] = [[(c.get("identifier"), text_of(c)) for c in s] for s in sets]
        item["shuffle"] = inter.get("shuffle") == "true"
    elif item["interaction"] == "textEntryInteraction":
        item["entries"] = [el.get("responseIdentifier") for el in body.iter(f"{NS}textEntryInteraction")]
        item["text"] = "\n\n".join(text_of(p) for p in body.findall(f"{NS}p"))
    return item


def map_response(decl: dict, response: list[str] | str | None) -> float:
    m = decl["mapping"]
    values = response if isinstance(response, list) else ([] if response is None else [response])
    total = 0.0
    for v in dict.fromkeys(values):
        for key, mapped, case_sensitive in m["entries"]:
            if (key == v) if case_sensitive else (key.lower() == v.lower()):
                total += mapped
                break
        else:
            total += m["default"]
    if m["lower"] is not None:
        total = max(total, m["lower"])
    if m["upper"] is not None:
        total = min(total, m["upper"])
    return total


def score(item: dict, responses: dict[str, list[str] | str | None]) -> float:
    """SCORE after response processing, for the responses given (by response identifier)."""
    rp = item["rp"]
    template = rp.get("template")
    if template == TEMPLATES + "match_correct":
        decl = item["declarations"]["RESPONSE"]
        given = responses.get("RESPONSE")
        if decl["cardinality"] == "single":
            return 1.0 if given == decl["correct"][0] else 0.0
        if decl["cardinality"] == "ordered":  # an ordered container matches only in the same order
            return 1.0 if list(given or []) == decl["correct"] else 0.0
        return 1.0 if set(given or []) == set(decl["correct"]) else 0.0
    if template == TEMPLATES + "map_response":
        return map_response(item["declarations"]["RESPONSE"], responses.get("RESPONSE"))
    assert template is None, template
    (rule,) = list(rp)
    assert _local(rule) == "setOutcomeValue" and rule.get("identifier") == "SCORE"
    (total,) = list(rule)
    assert _local(total) == "sum"
    result = 0.0
    for term in total:
        assert _local(term) == "mapResponse", term.tag
        ident = term.get("identifier")
        result += map_response(item["declarations"][ident], responses.get(ident))
    return result


def feedback_shown(item: dict) -> list[ET.Element]:
    """Modal feedback shown after an attempt: where its outcome holds its identifier (the
    outcomes keep their default values; our response processing sets only SCORE)."""
    return [el for outcome, ident, show, el in item["feedback"]
            if show == "show" and ident in (item["outcomes"].get(outcome) or [])]
