"""Stage 1b — one bank file's YAML nodes to a validated `Bank`, collecting every finding.

Shape and consistency rules that need only the bank itself live here and in the question types
(`types/`: keys, choices, cloze syntax, ...); this module reads the bank and the keys every
question shares (id, type, source, tags, ...), and asks the question's type to read the rest.
Rules that need the seeds or the whole project (grounding, duplicate ids across banks) live in
`check`.
"""

from __future__ import annotations

import re
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import fields, types
from .errors import quoted, Finding, error
from .model import ID_RE, Bank, Citation, Pos, Question, Selector
from .reader import BankReader, Fields, Positions
from .seeds import seed_name
from .suggest import did_you_mean
from .yamlsrc import NULL, compose, kind, scalar_value

CITATION_RE = re.compile(r"(?P<path>.+?):(?P<first>\d+)(?:-(?P<last>\d+))?\Z")


def load_bank(text: str, *, file: str) -> tuple[Bank | None, list[Finding]]:
    """Validate one bank's YAML text. `file` is the path shown in messages."""
    state = BankReader(file)
    root, findings = compose(text, file)
    state.findings.extend(findings)
    if root is None:
        if not findings:
            state.findings.append(error(Pos(file, 1, 1), "empty-bank", "the bank file is empty",
                                        "start with `title:` and `questions:`"))
        return None, state.findings
    if not isinstance(root, MappingNode):
        state.err(root, "not-a-mapping", f"a bank must be a mapping with `title` and `questions`, found {kind(root)}")
        return None, state.findings
    entries = state.mapping(root, "the bank")
    state.unknown_keys(entries, fields.BANK_KEYS, "a bank", others=types.QUESTION_KEYS)
    for key in fields.BANK_REQUIRED:
        if key not in entries:
            state.err(root, "missing-key", f"the bank has no `{key}`")
    title = state.text(entries["title"][1], "title") if "title" in entries else None
    description = state.text(entries["description"][1], "description") if "description" in entries else None
    bank_tags = _tags(state, entries.get("tags"))
    name = Path(file).stem
    questions: list[Question] = []
    if "questions" in entries:
        qnode = entries["questions"][1]
        if isinstance(qnode, SequenceNode):
            if not qnode.value:
                state.err(qnode, "empty-bank", "the bank has no questions")
            for item in qnode.value:
                q = _question(state, item, bank=name, bank_tags=bank_tags)
                if q is not None:
                    questions.append(q)
        elif isinstance(qnode, ScalarNode) and qnode.tag == NULL:
            state.err(qnode, "empty-bank", "the bank has no questions")
        else:
            state.err(qnode, "wrong-type", f"`questions` must be a list, found {kind(qnode)}",
                      "write each question as `- id: ...`")
    if title is None:
        return None, state.findings
    bank = Bank(name=name, title=title, path=file, questions=tuple(questions),
                description=description, tags=bank_tags,
                description_pos=state.pos(entries["description"][1]) if "description" in entries else None)
    return bank, state.findings


def _tags(state: BankReader, entry) -> tuple[str, ...]:
    if entry is None:
        return ()
    items = state.text_list(entry[1], "tags") or []
    return tuple(value for value, _ in items)


def _question(state: BankReader, node: Node, *, bank: str, bank_tags: tuple[str, ...]) -> Question | None:
    entries = state.mapping(node, "a question")
    if entries is None:
        return None
    qtype = None
    if "type" not in entries:
        state.err(node, "missing-key", "the question has no `type`", "one of: " + ", ".join(types.NAMES))
    else:
        tnode = entries["type"][1]
        value = state.text(tnode, "type")
        if value is not None and value not in types.TYPES:
            state.err(tnode, "unknown-type", f"unknown question type `{value}`", did_you_mean(value, types.NAMES))
        elif value is not None:
            qtype = value
    allowed = types.allowed_keys(qtype) if qtype else tuple(types.QUESTION_KEYS)
    state.unknown_keys(entries, allowed, f"{qtype} questions" if qtype else "a question",
                       others=types.QUESTION_KEYS)
    if qtype:
        hints = types.get(qtype).hints
        for key in types.required_keys(qtype):
            if key not in entries:
                state.err(node, "missing-key", f"the {qtype} question has no `{key}`", hints.get(key))
    elif "id" not in entries:
        state.err(node, "missing-key", "the question has no `id`")

    qid = None
    if "id" in entries:
        idnode = entries["id"][1]
        qid = state.text(idnode, "id")
        if qid is not None and not ID_RE.match(qid):
            state.err(idnode, "bad-id", f"id `{qid}` is not of the form [a-z0-9][a-z0-9-]*",
                      f"try `{_slug(qid)}`" if _slug(qid) else None)
            qid = None

    # The keys every question shares, read whatever the type (so each mistake is reported).
    common = Fields(state, {k: v for k, v in entries.items() if k in allowed}, qtype or "")
    quote, explanation = common.text("quote"), common.text("explanation")
    allow_leak = tuple(v for v, _ in common.texts("allow-leak") or ())
    difficulty = None
    if "difficulty" in entries:
        dnode = entries["difficulty"][1]
        value = scalar_value(dnode) if isinstance(dnode, ScalarNode) else None
        if not isinstance(value, int) or isinstance(value, bool) or value not in fields.DIFFICULTIES:
            state.err(dnode, "bad-value", "`difficulty` must be 1, 2 or 3")
            common.fail()
        else:
            difficulty = value
    tags = bank_tags + tuple(t for t in _tags(state, entries.get("tags")) if t not in bank_tags)
    sources = _sources(state, entries["source"][1]) if "source" in entries else None
    if qtype is None:
        return None
    own = Fields(state, {k: v for k, v in entries.items() if k in types.get(qtype).keys}, qtype)
    values = types.get(qtype).parse(own)
    if not (own.ok and common.ok and qid is not None and sources):
        return None
    return Question(
        id=qid,
        type=qtype,
        bank=bank,
        pos=state.pos(node),
        sources=sources,
        quote=quote,
        explanation=explanation,
        tags=tags,
        difficulty=difficulty,
        allow_leak=allow_leak,
        field_pos=Positions(state.file, {key: value_node for key, (_, value_node) in entries.items()}),
        **values,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _sources(state: BankReader, node: Node) -> tuple[Citation, ...] | None:
    items = node.value if isinstance(node, SequenceNode) else [node]
    if isinstance(node, SequenceNode) and not items:
        state.err(node, "wrong-type", "`source` is an empty list")
        return None
    citations = []
    for item in items:
        if isinstance(item, MappingNode):
            citation = _selector_citation(state, item)
            if citation is None:
                return None
            citations.append(citation)
            continue
        text = state.text(item, "source")
        if text is None:
            return None
        m = CITATION_RE.match(text.strip())
        if not m:
            state.err(item, "bad-citation", f"citation {quoted(text)} is not of the form FILE:LINE or FILE:FIRST-LAST",
                      "for example `000_829ff624a65370a9.txt:3` or `000_829ff624a65370a9.txt:3-5`")
            return None
        first = int(m.group("first"))
        last = int(m.group("last") or first)
        citations.append(Citation(seed_name(m.group("path")), first, last, state.pos(item)))
    return tuple(citations)


def _selector_citation(state: BankReader, node: MappingNode) -> Citation | None:
    """`{at: FILE[:LINES], exact: ..., prefix: ..., suffix: ...}`: a citation with a quote selector.
    Without line numbers the loader places it by the selector (`lines_given` False)."""
    entries = state.mapping(node, "a citation")
    if entries is None:
        return None
    state.unknown_keys(entries, fields.SELECTOR_KEYS, "a citation")
    if "at" not in entries or "exact" not in entries:
        state.err(node, "missing-key", "a citation written as a mapping needs `at` (the seed) and `exact`",
                  "for example `{at: notes.md:3, exact: signed in 1974}`; line numbers may be left out")
        return None
    at_node = entries["at"][1]
    at = state.text(at_node, "at")
    texts = {key: state.text(entries[key][1], key) for key in ("exact", "prefix", "suffix") if key in entries}
    if at is None or any(v is None for v in texts.values()):
        return None
    selector = Selector(texts["exact"], texts.get("prefix") or "", texts.get("suffix") or "")
    m = CITATION_RE.match(at.strip())
    if m:
        first = int(m.group("first"))
        return Citation(seed_name(m.group("path")), first, int(m.group("last") or first), state.pos(at_node), selector)
    if re.search(r":\d", at):
        state.err(at_node, "bad-citation", f"`at` {quoted(at)} is not of the form FILE, FILE:LINE or FILE:FIRST-LAST")
        return None
    return Citation(seed_name(at.strip()), 0, 0, state.pos(at_node), selector, lines_given=False)
