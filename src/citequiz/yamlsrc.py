"""Stage 1a — YAML text to a node tree with positions, refusing hostile input.

We compose (not construct) YAML: nodes keep their start marks, so every later finding can name
a line and column. libyaml's C composer is used where available. Hostile inputs are refused
with a finding, never a traceback: oversized files, alias bombs (aliases are fine, an expansion
beyond MAX_NODES is not) and nesting deeper than MAX_DEPTH.
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Finding, error
from .model import Pos

try:
    from yaml import CSafeLoader as FastLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    FastLoader = yaml.SafeLoader  # type: ignore[misc]

MAX_BYTES = 10 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_DEPTH = 64
_BRACKETS_FOR_FAST = 2_000  # above this many flow brackets, use the pure-Python composer

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"


def pos_of(file: str, node: Node) -> Pos:
    return Pos(file, node.start_mark.line + 1, node.start_mark.column + 1)


def compose(text: str, file: str) -> tuple[Node | None, list[Finding]]:
    """Parse one YAML document into nodes. Returns (None, findings) when it cannot be used."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        return None, [
            error(
                Pos(file, 1, 1),
                "file-too-large",
                f"file is {size / 1048576:.1f} MB; a bank may be at most {MAX_BYTES // 1048576} MB",
                "split it into several banks",
            )
        ]
    # The C composer recurses without a depth guard; deep flow nesting goes to the Python one,
    # whose RecursionError we can catch.
    loader = FastLoader if text.count("[") + text.count("{") < _BRACKETS_FOR_FAST else yaml.SafeLoader
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        return None, [
            error(Pos(file, line, col), "yaml-syntax", f"{problem}{context}", _syntax_hint(problem, text, mark))
        ]
    except yaml.YAMLError as exc:
        return None, [error(Pos(file, 1, 1), "yaml-syntax", str(exc).splitlines()[0])]
    except RecursionError:
        return None, [_too_deep(file, None)]
    if node is None:
        return None, []
    problem = _measure(node, file)
    return (None, [problem]) if problem else (node, [])


def _syntax_hint(problem: str, text: str, mark) -> str | None:
    at = text[mark.index] if mark is not None and mark.index < len(text) else ""
    if "tab" in problem or at == "\t":
        return "indent with spaces, not tabs"
    if "did not find expected key" in problem or "could not find expected" in problem:
        return "check the quotes and indentation of this line and the one before it"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted"
    if "found character '`'" in problem or "found character '@'" in problem:
        return "quote a value that starts with ` or @"
    return None


def _too_deep(file: str, node: Node | None) -> Finding:
    pos = pos_of(file, node) if node is not None else Pos(file, 1, 1)
    return error(
        pos,
        "yaml-too-deep",
        f"YAML nested more than {MAX_DEPTH} levels deep",
        "a bank needs only a few levels; check for runaway brackets or indentation",
    )


def _measure(root: Node, file: str) -> Finding | None:
    """Refuse a document whose aliases would expand past MAX_NODES or nest past MAX_DEPTH.

    Sizes are memoised per node, so this is linear in the nodes actually written, however many
    times an alias repeats them; a node that refers to itself counts as infinite."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if isinstance(node, ScalarNode):
            size[key], depth[key] = 1, 1
            continue
        children = _children(node)
        if not children_done:
            if key in size:
                continue
            if key in in_progress:  # a recursive alias
                return error(pos_of(file, node), "yaml-too-complex", "YAML alias refers to itself")
            in_progress.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)
            continue
        in_progress.discard(key)
        total = 1 + sum(size[id(c)] for c in children)
        deep = 1 + max((depth[id(c)] for c in children), default=0)
        if total > MAX_NODES:
            return error(
                pos_of(file, node),
                "yaml-too-complex",
                f"YAML aliases expand to more than {MAX_NODES:,} values (an alias bomb?)",
                "anchors and aliases may repeat a few values, not multiply them",
            )
        if deep > MAX_DEPTH:
            return _too_deep(file, node)
        size[key], depth[key] = total, deep
    return None


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def scalar_value(node: ScalarNode):
    """The Python value of a scalar: str, int, bool or None; any other tag keeps its text."""
    if node.tag == STR:
        return node.value
    if node.tag == BOOL:
        return node.value.lower() in ("true", "yes", "on", "y")
    if node.tag == INT:
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            return node.value
    if node.tag == NULL:
        return None
    return node.value


def kind(node: Node) -> str:
    """A user-facing name of what a node is, for 'expected X, found Y' messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return {STR: "text", INT: "a number", BOOL: "true/false", NULL: "nothing (null)"}.get(
        node.tag, "a value"
    )
