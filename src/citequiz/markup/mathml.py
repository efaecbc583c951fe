"""Stage helper — TeX to MathML at build time (latex2mathml), checked against an allowlist.

Chromium, Firefox and Safari render MathML Core natively, so a page needs no JavaScript math
engine. latex2mathml passes some input through unescaped (`\\text{<b>}`) and turns `\\href` and
`\\style` into attributes, so its output is never trusted: it is parsed as XML, every element
must be MathML, attributes not on the list are dropped, and the tree is written out again with
every text and attribute escaped. Anything else is a `bad-math` error at check time.
"""

from __future__ import annotations

from functools import lru_cache
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from latex2mathml.converter import convert

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
ELEMENTS = frozenset("""
    math mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover mfrac msqrt
    mroot mstyle mtable mtr mtd mlabeledtr mpadded mphantom menclose merror semantics annotation
    mmultiscripts mprescripts none maligngroup malignmark mfenced
""".split())
ATTRIBUTES = frozenset("""
    display displaystyle scriptlevel mathvariant mathcolor mathbackground mathsize stretchy
    symmetric largeop movablelimits accent accentunder fence separator separators form lspace
    rspace minsize maxsize width height depth voffset linethickness notation columnalign
    rowalign columnspacing rowspacing columnlines rowlines frame framespacing equalrows
    equalcolumns columnspan rowspan align denomalign numalign open close encoding
""".split())


class MathError(ValueError):
    """TeX that cannot be turned into safe MathML; the message says why."""


@lru_cache(maxsize=2048)
def tex_to_mathml(tex: str, *, display: bool = False) -> str:
    """`<math>` markup for `tex`, safe to insert into HTML or XHTML. Raises MathError."""
    try:
        raw = convert(tex, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many kinds for malformed TeX
        detail = str(exc) or type(exc).__name__
        raise MathError(f"cannot read the TeX: {detail}") from None
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError:
        raise MathError("the TeX produced markup that is not well-formed",
                        ) from None
    return _write(root)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _write(node: ElementTree.Element) -> str:
    tag = _local(node.tag)
    if tag not in ELEMENTS:
        raise MathError(f"the TeX produced a <{tag}> element, which is not MathML")
    if tag == "mi" and (node.text or "").startswith("\\"):
        raise MathError(f"unknown TeX command {node.text}")
    attrs = "".join(f" {name}={quoteattr(value)}" for name, value in sorted(node.attrib.items())
                    if name in ATTRIBUTES)
    if tag == "math":
        attrs = f' xmlns="{MATHML_NS}"' + attrs
    inner = escape(node.text or "") + "".join(_write(child) + escape(child.tail or "") for child in node)
    return f"<{tag}{attrs}>{inner}</{tag}>"
