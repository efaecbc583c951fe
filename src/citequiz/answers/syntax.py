"""Stage 1b helper — the `accept` and `reject` keys of a bank, for the question types' `parse`
(`types/cloze`, `types/match`; `state` is the file's `reader.BankReader`).

    short:  accept: [in 1974]              reject: [1975]
    cloze:  accept: {c1: [in 1974], c2: [Trade Act of 1974]}    reject: {c2: [Trade Act 1975]}
            (a cloze whose deletions are all c1 may give a plain list)
    match:  pairs: [{left: DFC, right: Development Finance Corporation, accept: [...], reject: [...]}]
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, SequenceNode

from .. import cloze


def _numbers(text: str | None) -> list[int]:
    return sorted({d.number for d in cloze.deletions(text or "")})


def cloze_forms(state, node: Node | None, key: str, text: str | None):
    """`accept`/`reject` of a cloze as ((number, forms), ...), or None after an error."""
    if node is None:
        return ()
    numbers = _numbers(text)
    if isinstance(node, SequenceNode):
        items = state.text_list(node, key)
        if items is None:
            return None
        if len(numbers) > 1:
            state.err(node, "wrong-type",
                      f"`{key}` of a cloze with {len(numbers)} deletions must say which deletion each form is for",
                      f"write `{key}: {{c{numbers[0]}: [...], c{numbers[1]}: [...]}}`")
            return None
        return ((numbers[0], tuple(v for v, _ in items)),) if numbers and items else ()
    if not isinstance(node, MappingNode):
        state.err(node, "wrong-type", f"`{key}` of a cloze must be a list or a mapping `c1: [...]`")
        return None
    entries = state.mapping(node, f"`{key}`")
    if entries is None:
        return None
    out, ok = [], True
    for name, (key_node, value_node) in entries.items():
        number = int(name[1:]) if name[:1] == "c" and name[1:].isdigit() else None
        if number is None or number not in numbers:
            listed = ", ".join(f"c{n}" for n in numbers) or "none"
            state.err(key_node, "unknown-deletion", f"`{key}` names `{name}`, which is not a deletion of this cloze",
                      f"its deletions: {listed}")
            ok = False
            continue
        items = state.text_list(value_node, f"{key} {name}")
        if items is None:
            ok = False
            continue
        out.append((number, tuple(v for v, _ in items)))
    return tuple(sorted(out)) if ok else None


def list_forms(state, node: Node | None, key: str):
    """`accept`/`reject` of a short question or a match pair: a tuple of text, or None."""
    if node is None:
        return ()
    items = state.text_list(node, key)
    return None if items is None else tuple(v for v, _ in items)
