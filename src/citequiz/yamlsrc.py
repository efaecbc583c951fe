"""Stage 1a — YAML text to a node tree with positions, refusing hostile input.

We compose (not construct) YAML: nodes keep their start marks, so every later finding can name
a line and column. libyaml's C composer is used where available. Hostile inputs are refused
with a finding, never a traceback: oversized files, alias bombs (aliases are fine, an expansion
beyond MAX_NODES is not) and nesting deeper than MAX_DEPTH.
"""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .controls import CONTROL_HINT, describe, find_control
from .errors import Finding, error
from .model import Pos

try:
    from yaml import CSafeLoader as FastLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    FastLoader = yaml.SafeLoader  # type: ignore[misc]

class _Loader(FastLoader):  # type: ignore[misc,valid-type]
    """The safe loader with a leaner tag resolver (called from C once per node, it was a third of
    the composing time). Same tags as SafeLoader's: safe YAML has no path resolvers, so only the
    implicit resolvers for plain scalars matter."""

    _BY_FIRST = {
        first: tuple(rules) + tuple(FastLoader.yaml_implicit_resolvers.get(None, ()))
        for first, rules in FastLoader.yaml_implicit_resolvers.items()
        if first is not None
    }
    assert not FastLoader.yaml_path_resolvers

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self._BY_FIRST.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        if kind is SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return self.DEFAULT_MAPPING_TAG


MAX_BYTES = 10 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_DEPTH = 64
# libyaml's composer (Cython) recurses once per nesting level with no guard: about 30,000 levels
# overflow the C stack and kill the process, and libyaml 0.2.6 (PyYAML 6.0.4's wheels) refuses
# 1,000 levels with an error of its own. Any document that *might* nest deeper than this is first
# measured on the event stream (a loop, no recursion) and refused past MAX_DEPTH, so neither
# limit is ever reached.
_SAFE_FOR_C = 512

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
        return None, [too_large(file, size)]
    try:
        if _depth_bound(text) > _SAFE_FOR_C:
            deep = _too_deep_event(text)
            if deep is not None:
                return None, [_too_deep(file, deep)]
        node = yaml.compose(text, Loader=_Loader)
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
    except RecursionError:  # pragma: no cover - only the pure-Python composer recurses in Python
        return None, [_too_deep(file, None)]
    if node is None:
        return None, []
    # Without an anchor there is no alias, so no node is shared and the tree is no larger than
    # the text: only its depth needs a look.
    problem = (_measure(node, file) if "&" in text else None) or _depth_only(node, file)
    if problem:
        return None, [problem]
    # The reader refuses raw control characters; an escape (`"\x01"`) or a NEL can still make one.
    return node, _controls(node, file) if "\\" in text or "\x85" in text else []


def _controls(root: Node, file: str) -> list[Finding]:
    """A finding for every scalar whose value holds a control character (see controls.py)."""
    findings, seen, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if type(node) is ScalarNode:
            m = find_control(node.value)
            if m:
                findings.append(error(pos_of(file, node), "control-character",
                                      f"text contains the control character {describe(m.group())}", CONTROL_HINT))
        else:
            stack.extend(reversed(_children(node)))
    return findings


def too_large(file: str, size: int) -> Finding:
    return error(Pos(file, 1, 1), "file-too-large",
                 f"file is {size / 1048576:.1f} MB; a bank may be at most {MAX_BYTES // 1048576} MB",
                 "split it into several banks")


def _depth_bound(text: str) -> int:
    """An upper bound on how deep `text` can nest, from two cheap counts: every flow level opens
    with `[` or `{`; every block level starts further right than its parent, except a block
    sequence directly under a mapping key, so block levels are at most twice the longest line."""
    flow = text.count("[") + text.count("{")
    longest = max(map(len, text.splitlines()), default=0)
    return flow + 2 * (longest + 1)


def _too_deep_event(text: str):
    """The start mark of the first node nested deeper than MAX_DEPTH, read off libyaml's event
    stream (iterative, so safe at any depth), or None.

    libyaml's scanner reads ahead (up to 1,024 characters for a possible simple key) and may stop
    with an error of its own before it delivers the event past MAX_DEPTH: 100,000 `[` make
    libyaml 0.2.6 refuse the 1,000th. Then the text up to that error is measured again with
    PyYAML's pure-Python parser, which has no such limit, wherever the stretch libyaml did not
    deliver could hold the missing levels; so where the limit is reached never depends on
    libyaml's own limits."""
    state = {"level": 0, "index": 0}
    try:
        return _first_too_deep(yaml.parse(text, Loader=FastLoader), state)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is None:
            raise
        unseen = text[state["index"]:mark.index + 1]
        if state["level"] + _depth_bound(unseen) <= MAX_DEPTH:
            raise
        try:
            found = _first_too_deep(yaml.parse(text[:mark.index + 1], Loader=yaml.SafeLoader), {"level": 0, "index": 0})
        except yaml.YAMLError:
            found = None  # the prefix ends mid-document: no deep node before libyaml's error
        if found is None:
            raise
        return found


def _first_too_deep(events, state: dict):
    """Walk `events`, keeping the current level and the index of the last event in `state`."""
    for event in events:
        state["index"] = event.start_mark.index
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            state["level"] += 1
            if state["level"] > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            state["level"] -= 1
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)) and state["level"] >= MAX_DEPTH:
            return event.start_mark
    return None


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


def _too_deep(file: str, where) -> Finding:
    """`where` is a node, a mark, or None for the start of the file."""
    mark = getattr(where, "start_mark", where)
    pos = Pos(file, mark.line + 1, mark.column + 1) if mark is not None else Pos(file, 1, 1)
    return error(
        pos,
        "yaml-too-deep",
        f"YAML nested more than {MAX_DEPTH} levels deep",
        "a bank needs only a few levels; check for runaway brackets or indentation",
    )


def _measure(root: Node, file: str) -> Finding | None:
    """Refuse a document whose aliases would expand past MAX_NODES (depth is `_depth_only`'s).

    Sizes are memoised per node, so this is linear in the nodes actually written, however many
    times an alias repeats them; a node that refers to itself counts as infinite."""
    size: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if isinstance(node, ScalarNode):
            size[key] = 1
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
        if total > MAX_NODES:
            return error(
                pos_of(file, node),
                "yaml-too-complex",
                f"YAML aliases expand to more than {MAX_NODES:,} values (an alias bomb?)",
                "anchors and aliases may repeat a few values, not multiply them",
            )
        size[key] = total
    return None


def _depth_only(root: Node, file: str) -> Finding | None:
    """The first node, in document order, nested deeper than MAX_DEPTH (root = level 1): the same
    node the event-stream check names. Only collections are pushed, so scalars cost little."""
    stack: list[tuple[Node, int]] = [(root, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, level = pop()
        if level > MAX_DEPTH:
            return _too_deep(file, node)
        children = node.value if type(node) is SequenceNode else (
            [n for pair in node.value for n in pair] if type(node) is MappingNode else ())
        if level == MAX_DEPTH and children:
            return _too_deep(file, children[0])
        for child in reversed(children):
            if type(child) is not ScalarNode:
                push((child, level + 1))
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
