"""Stage 4 helper — XML written straight to strings, for the LMS packages (QTI 1.2, QTI 2.1,
Moodle XML), whose banks reach tens of thousands of elements: byte for byte what ElementTree's
`indent` then `tostring(encoding="unicode")` give, at a fraction of the cost."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape


class Xml:
    """An indented XML document written straight to strings, byte for byte what
    `ElementTree.indent(root, "  ")` then `ElementTree.tostring(root, encoding="unicode")` give
    (attributes in the order passed, `<tag />` for an element without text or children), at a
    fraction of the cost: the 10k-question bench wrote and indented 470,000 elements."""

    def __init__(self, depth: int = 0):
        self.parts: list[str] = []
        self.depth = depth
        self.open_at: list[tuple[int, str]] = []  # each open element: its start tag's index, its tag

    def _start(self, tag: str, attrs: dict[str, str]) -> str:
        if not attrs:
            return f"<{tag}"
        return f"<{tag}" + "".join(f' {k.rstrip("_")}="{escape_attrib(v)}"' for k, v in attrs.items())

    def _indent(self) -> str:
        return "\n" + "  " * self.depth if (self.depth or self.parts) else ""

    def open(self, tag: str, **attrs: str) -> "Xml":
        self.open_at.append((len(self.parts), tag))
        self.parts.append(self._indent() + self._start(tag, attrs) + ">")
        self.depth += 1
        return self

    def close(self) -> None:
        self.depth -= 1
        at, tag = self.open_at.pop()
        if at == len(self.parts) - 1:  # no children: ElementTree writes an empty element
            self.parts[at] = self.parts[at][:-1] + " />"
        else:
            self.parts.append("\n" + "  " * self.depth + f"</{tag}>")

    def leaf(self, tag: str, text: str | None = None, **attrs: str) -> None:
        start = self._indent() + self._start(tag, attrs)
        if text:
            self.parts.append(f"{start}>{escape_cdata(text)}</{tag}>")
        else:
            self.parts.append(start + " />")

    def markup(self, tag: str, fragment: str, **attrs: str) -> None:
        """An element whose content is `fragment`, inline markup already escaped (text with `<br />`
        and inline elements): on one line, as ElementTree leaves mixed content."""
        start = self._indent() + self._start(tag, attrs)
        self.parts.append(f"{start}>{fragment}</{tag}>" if fragment else start + " />")

    def comment(self, text: str) -> None:
        """`<!-- text -->`; a `--`, which may not stand in a comment, becomes `- -`."""
        while "--" in text:
            text = text.replace("--", "- -")
        self.parts.append(self._indent() + f"<!-- {text} -->")

    def write(self, fragment: str) -> None:
        """Append a fragment already indented for this depth (one or more whole elements)."""
        self.parts.append(fragment)

    def text(self) -> str:
        return "".join(self.parts)

    def document(self) -> bytes:
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(self.parts) + "\n").encode("utf-8")


# What ElementTree escapes in an attribute beyond & < >, so values survive a parse unchanged.
_ATTRIB_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


_CDATA_SPECIAL = re.compile(r"[&<>]")
_ATTRIB_SPECIAL = re.compile(r'[&<>"\r\n\t]')


def escape_cdata(text: str) -> str:
    return escape(text) if _CDATA_SPECIAL.search(text) else text  # most text needs nothing


def escape_attrib(text: str) -> str:
    return escape(text, _ATTRIB_ENTITIES) if _ATTRIB_SPECIAL.search(text) else text
