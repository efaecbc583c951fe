"""Stage 1b helper — reading checked values out of one bank file's YAML nodes.

`BankReader` holds the file name and the findings so far; `Fields` reads the keys of one
question, so a question type's `parse` (see `types/`) asks for `fields.text("prompt")` and gets
the text or None, with the finding already recorded. Every value keeps its position, and so does
every item of a list.
"""

from __future__ import annotations

from collections.abc import Mapping

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Finding, error
from .model import Pos
from .suggest import did_you_mean
from .yamlsrc import BOOL, NULL, kind, pos_of, scalar_value


class BankReader:
    """Validation state for one file: the file name and the findings so far."""

    def __init__(self, file: str):
        self.file = file
        self.findings: list[Finding] = []

    def pos(self, node: Node) -> Pos:
        return pos_of(self.file, node)

    def err(self, node: Node, rule: str, message: str, hint: str | None = None) -> None:
        self.findings.append(error(self.pos(node), rule, message, hint))

    def text(self, node: Node, key: str) -> str | None:
        """A text value; a bare number or date is taken as written."""
        if isinstance(node, ScalarNode) and node.tag not in (NULL, BOOL):
            if not node.value.strip():
                self.err(node, "wrong-type", f"`{key}` is empty")
                return None
            return node.value
        self.err(node, "wrong-type", f"`{key}` must be text, found {kind(node)}", quote_hint(node))
        return None

    def text_list(self, node: Node, key: str) -> list[tuple[str, Node]] | None:
        """Each item's text with its node (for its position); None if it is not a list."""
        if not isinstance(node, SequenceNode):
            self.err(node, "wrong-type", f"`{key}` must be a list of text, found {kind(node)}",
                     f"write `{key}: [a, b]` or one `- item` per line")
            return None
        items = []
        for item in node.value:
            value = self.text(item, f"{key} item")
            if value is not None:
                items.append((value, item))
        return items

    def mapping(self, node: Node, what: str) -> dict[str, tuple[Node, Node]] | None:
        """A mapping's entries by key text, reporting non-text and duplicate keys."""
        if not isinstance(node, MappingNode):
            self.err(node, "wrong-type", f"{what} must be a mapping of `key: value`, found {kind(node)}")
            return None
        entries: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.err(key_node, "wrong-type", f"a key in {what} must be text, found {kind(key_node)}")
                continue
            key = key_node.value
            if key in entries:
                first = self.pos(entries[key][0])
                self.err(key_node, "duplicate-key", f"`{key}` is given twice in {what}; first at line {first.line}")
                continue
            entries[key] = (key_node, value_node)
        return entries

    def unknown_keys(self, entries: dict, allowed, what: str, *, others=()) -> None:
        for key, (key_node, _) in entries.items():
            if key in allowed:
                continue
            if key in others:
                self.err(key_node, "key-not-allowed", f"`{key}` is not used by {what}", did_you_mean(key, allowed))
            else:
                self.err(key_node, "unknown-key", f"unknown key `{key}` in {what}", did_you_mean(key, allowed))


def quote_hint(node: Node) -> str | None:
    if isinstance(node, ScalarNode) and node.tag == BOOL:
        return f'YAML reads {node.value} as true/false: write "{node.value}" in quotes'
    if isinstance(node, MappingNode):
        return 'text containing ": " must be quoted'
    if isinstance(node, SequenceNode):
        return "text starting with [ or - must be quoted"
    return None


class Positions(Mapping[str, Pos]):
    """Where each key's value stands in a question (`Question.field_pos`), and where each item of
    a list value stands (`Question.at(key, n)`). Positions are made on first use only (most are
    never asked for), which saves a million records on 100k questions."""

    __slots__ = ("_file", "_marks", "_items")

    def __init__(self, file: str, values: dict[str, Node]):
        self._file = file
        self._marks = {key: (node.start_mark.line + 1, node.start_mark.column + 1) for key, node in values.items()}
        self._items = {key: node.value for key, node in values.items() if isinstance(node, SequenceNode)}

    def __getitem__(self, key: str) -> Pos:
        line, column = self._marks[key]
        return Pos(self._file, line, column)

    def item(self, key: str, index: int) -> Pos | None:
        nodes = self._items.get(key)
        if nodes is None or not 0 <= index < len(nodes):
            return None
        return pos_of(self._file, nodes[index])

    def __iter__(self):
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)


class Fields:
    """The keys of one question, read on demand. A type's `parse` reads its keys through it; any
    value that is missing or wrong clears `ok` (the finding is recorded once, where it stands)."""

    def __init__(self, reader: BankReader, entries: dict[str, tuple[Node, Node]], qtype: str):
        self.reader = reader
        self.entries = entries
        self.qtype = qtype
        self.ok = True

    def node(self, key: str) -> Node | None:
        return self.entries[key][1] if key in self.entries else None

    def fail(self) -> None:
        self.ok = False

    def err(self, node: Node, rule: str, message: str, hint: str | None = None) -> None:
        self.reader.err(node, rule, message, hint)
        self.ok = False

    def text(self, key: str) -> str | None:
        """The key's text, or None: absent (a required key was reported missing by the loader)
        or not text (reported here, and the question is not ok)."""
        node = self.node(key)
        if node is None:
            return None
        value = self.reader.text(node, key)
        self.ok = self.ok and value is not None
        return value

    def texts(self, key: str) -> list[tuple[str, Node]] | None:
        """Each item's text with its node, or None: absent, or not a list (not ok)."""
        node = self.node(key)
        if node is None:
            return None
        items = self.reader.text_list(node, key)
        self.ok = self.ok and items is not None
        return items

    def boolean(self, key: str) -> bool | None:
        """true/false, or the text "true"/"false" in any case."""
        node = self.node(key)
        if node is None:
            return None
        value = scalar_value(node) if isinstance(node, ScalarNode) else None
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        if not isinstance(value, bool):
            self.err(node, "wrong-type", f"a {self.qtype} `{key}` must be true or false, found {kind(node)}")
            return None
        return value
