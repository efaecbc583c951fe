"""The official IMS schemas (vendored in tests/schemas/, see its README), compiled once per test
session, and a `validate` that reports every violation with its line."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
FILES = {
    "qti21": "qtiv2p1/imsqti_v2p1.xsd",
    "imscp": "imscp_v1p1.xsd",
    "imsmd": "imsmd_v1p2p4.xsd",
}
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CANVAS_CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"


@cache
def schema(name: str) -> etree.XMLSchema:
    # no_network: every import resolves to a file here; a schema that reached for the web would fail.
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / FILES[name]), parser))


def errors(doc: bytes | etree._Element, name: str) -> list[str]:
    root = doc if isinstance(doc, etree._Element) else etree.fromstring(doc, etree.XMLParser(no_network=True))
    s = schema(name)
    if s.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in s.error_log]


def in_namespace(data: bytes, old: str, new: str) -> etree._Element:
    """The document with every element of namespace `old` moved to `new` (the rest as it is)."""
    root = etree.fromstring(data)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{" + old + "}"):
            el.tag = "{" + new + "}" + el.tag[len(old) + 2:]
    etree.cleanup_namespaces(root)
    return root
