"""Stage 1b — one bank file's YAML nodes to a validated `Bank`, collecting every finding.

Shape and consistency rules that need only the bank itself live here (keys, types, ids,
choices, cloze syntax, citation syntax). Rules that need the seeds or the whole project
(grounding, duplicate ids across banks) live in `check`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import fields
from .errors import quoted, Finding, error
from .model import CLOZE_RE, ID_RE, QUESTION_TYPES, Bank, Citation, Pair, Pos, Question
from .normalize import normalize
from .seeds import seed_name
from .yamlsrc import BOOL, NULL, compose, kind, pos_of, scalar_value

CITATION_RE = re.compile(r"(?P<path>.+?):(?P<first>\d+)(?:-(?P<last>\d+))?\Z")


class _Positions(Mapping[str, Pos]):
    """Where each key's value stands in a question: `Question.field_pos`. The positions are made
    on first use only (most are never asked for), which saves a million records on 100k questions."""

    __slots__ = ("_file", "_marks")

    def __init__(self, file: str, marks: dict):
        self._file = file
        self._marks = {key: (mark.line + 1, mark.column + 1) for key, mark in marks.items()}

    def __getitem__(self, key: str) -> Pos:
        line, column = self._marks[key]
        return Pos(self._file, line, column)

    def __iter__(self):
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)


class _Bank:
    """Validation state for one file: the file name and the findings so far."""

    def __init__(self, file: str):
        self.file = file
        self.findings: list[Finding] = []

    def pos(self, node: Node) -> Pos:
        return pos_of(self.file, node)

    def err(self, node: Node, rule: str, message: str, hint: str | None = None) -> None:
        self.findings.append(error(self.pos(node), rule, message, hint))

    # -- values ----------------------------------------------------------------------------

    def text(self, node: Node, key: str) -> str | None:
        """A text value; a bare number or date is taken as written."""
        if isinstance(node, ScalarNode) and node.tag not in (NULL, BOOL):
            if not node.value.strip():
                self.err(node, "wrong-type", f"`{key}` is empty")
                return None
            return node.value
        self.err(node, "wrong-type", f"`{key}` must be text, found {kind(node)}", _quote_hint(node))
        return None

    def text_list(self, node: Node, key: str) -> list[tuple[str, Node]] | None:
        if not isinstance(node, SequenceNode):
            self.err(
                node,
                "wrong-type",
                f"`{key}` must be a list of text, found {kind(node)}",
                f"write `{key}: [a, b]` or one `- item` per line",
            )
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
                self.err(key_node, "key-not-allowed", f"`{key}` is not used by {what}", _did_you_mean(key, allowed))
            else:
                self.err(key_node, "unknown-key", f"unknown key `{key}` in {what}", _did_you_mean(key, allowed))


def _did_you_mean(key: str, allowed) -> str | None:
    close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "allowed here: " + ", ".join(f"`{k}`" for k in allowed)


def _quote_hint(node: Node) -> str | None:
    if isinstance(node, ScalarNode) and node.tag == BOOL:
        return f'YAML reads {node.value} as true/false: write "{node.value}" in quotes'
    if isinstance(node, MappingNode):
        return 'text containing ": " must be quoted'
    if isinstance(node, SequenceNode):
        return "text starting with [ or - must be quoted"
    return None


def load_bank(text: str, *, file: str) -> tuple[Bank | None, list[Finding]]:
    """Validate one bank's YAML text. `file` is the path shown in messages."""
    state = _Bank(file)
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
    state.unknown_keys(entries, fields.BANK_KEYS, "a bank", others=fields.QUESTION_KEYS)
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


def _tags(state: _Bank, entry) -> tuple[str, ...]:
    if entry is None:
        return ()
    items = state.text_list(entry[1], "tags") or []
    return tuple(value for value, _ in items)


def _question(state: _Bank, node: Node, *, bank: str, bank_tags: tuple[str, ...]) -> Question | None:
    entries = state.mapping(node, "a question")
    if entries is None:
        return None
    where = state.pos(node)
    qtype = None
    if "type" not in entries:
        state.err(node, "missing-key", "the question has no `type`",
                  "one of: " + ", ".join(QUESTION_TYPES))
    else:
        tnode = entries["type"][1]
        value = state.text(tnode, "type")
        if value is not None and value not in QUESTION_TYPES:
            state.err(tnode, "unknown-type", f"unknown question type `{value}`",
                      _did_you_mean(value, QUESTION_TYPES))
        elif value is not None:
            qtype = value
    allowed = fields.allowed_keys(qtype) if qtype else tuple(fields.QUESTION_KEYS)
    state.unknown_keys(entries, allowed, f"{qtype} questions" if qtype else "a question",
                       others=fields.QUESTION_KEYS)
    if qtype:
        for key in fields.required_keys(qtype):
            if key not in entries:
                state.err(node, "missing-key", f"the {qtype} question has no `{key}`", _missing_hint(qtype, key))
    elif "id" not in entries:
        state.err(node, "missing-key", "the question has no `id`")

    values: dict = {}
    field_pos = _Positions(state.file, {key: value_node.start_mark for key, (_, value_node) in entries.items()})
    ok = qtype is not None
    qid = None
    if "id" in entries:
        idnode = entries["id"][1]
        qid = state.text(idnode, "id")
        if qid is not None and not ID_RE.match(qid):
            state.err(idnode, "bad-id", f"id `{qid}` is not of the form [a-z0-9][a-z0-9-]*",
                      f"try `{_slug(qid)}`" if _slug(qid) else None)
            qid = None
    ok = ok and qid is not None

    def get(key):
        return entries[key][1] if key in entries else None

    for key in ("prompt", "text", "quote", "explanation"):
        if key in entries and key in allowed:
            values[key] = state.text(get(key), key)
            ok = ok and values[key] is not None
    for key in ("choices", "answers", "accept"):
        if key in entries and key in allowed:
            items = state.text_list(get(key), key)
            values[key] = items
            ok = ok and items is not None
    if "difficulty" in entries:
        dnode = get("difficulty")
        value = scalar_value(dnode) if isinstance(dnode, ScalarNode) else None
        if not isinstance(value, int) or isinstance(value, bool) or value not in fields.DIFFICULTIES:
            state.err(dnode, "bad-value", "`difficulty` must be 1, 2 or 3")
            ok = False
        else:
            values["difficulty"] = value
    tags = bank_tags + tuple(t for t in _tags(state, entries.get("tags")) if t not in bank_tags)
    sources = _sources(state, get("source")) if "source" in entries else None
    ok = ok and bool(sources)

    if qtype and "answer" in entries and "answer" in allowed:
        anode = get("answer")
        if qtype == "tf":
            value = scalar_value(anode) if isinstance(anode, ScalarNode) else None
            if isinstance(value, str) and value.strip().lower() in ("true", "false"):
                value = value.strip().lower() == "true"
            if not isinstance(value, bool):
                state.err(anode, "wrong-type", f"a tf `answer` must be true or false, found {kind(anode)}")
                ok = False
            values["answer"] = value
        else:
            values["answer"] = state.text(anode, "answer")
            values["answer_node"] = anode
            ok = ok and values["answer"] is not None

    if qtype in ("mcq", "multi") and values.get("choices") is not None:
        ok = _check_choices(state, get("choices"), values, qtype) and ok
    if qtype == "cloze" and values.get("text"):
        ok = _check_cloze(state, get("text"), values["text"]) and ok
    pairs: tuple[Pair, ...] = ()
    if qtype == "match" and "pairs" in entries:
        pairs = _pairs(state, get("pairs"))
        ok = ok and bool(pairs)
    if not ok:
        return None
    return Question(
        id=qid,
        type=qtype,
        bank=bank,
        pos=where,
        sources=sources,
        prompt=values.get("prompt"),
        answer=values.get("answer"),
        answers=tuple(v for v, _ in values.get("answers") or ()),
        choices=tuple(v for v, _ in values.get("choices") or ()),
        accept=tuple(v for v, _ in values.get("accept") or ()),
        text=values.get("text"),
        pairs=pairs,
        quote=values.get("quote"),
        explanation=values.get("explanation"),
        tags=tags,
        difficulty=values.get("difficulty"),
        field_pos=field_pos,
    )


def _missing_hint(qtype: str, key: str) -> str | None:
    return {
        ("tf", "quote"): "a tf question needs the passage that decides it",
        ("cloze", "text"): "write the sentence with deletions: `text: Enacted in {{c1::1974}}.`",
        ("mcq", "choices"): "list 3-6 choices, one of them the answer",
        ("multi", "answers"): "list the correct choices under `answers`",
        ("match", "pairs"): "list 3-8 `{left: ..., right: ...}` pairs",
    }.get((qtype, key))


def _a(word: str) -> str:
    """The indefinite article for a question type: "an mcq", "a tf"."""
    return "an" if word in ("mcq",) or word[:1] in "aeiou" else "a"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _check_choices(state: _Bank, cnode: SequenceNode, values: dict, qtype: str) -> bool:
    choices = values["choices"]
    ok = True
    if not fields.MIN_CHOICES <= len(choices) <= fields.MAX_CHOICES:
        state.err(cnode, "choice-count",
                  f"{_a(qtype)} {qtype} question needs {fields.MIN_CHOICES}-{fields.MAX_CHOICES} choices, found {len(choices)}")
        ok = False
    seen: dict[str, tuple[int, str]] = {}
    for number, (value, node) in enumerate(choices, 1):
        key = normalize(value)
        if key in seen:
            other_number, other_value = seen[key]
            if other_value == value:
                state.err(node, "duplicate-choice", f"choice {quoted(value)} repeats choice {other_number}")
            else:
                state.err(node, "duplicate-choice",
                          f"choice {quoted(value)} is the same as choice {other_number} {quoted(other_value)} once normalised",
                          "choices must differ by more than case, spacing or quote style")
            ok = False
        else:
            seen[key] = (number, value)
    wanted = []
    if qtype == "mcq" and values.get("answer") is not None:
        wanted = [(values["answer"], values["answer_node"])]
    if qtype == "multi" and values.get("answers") is not None:
        if not values["answers"]:
            state.err(cnode, "wrong-type", "`answers` must list at least one correct choice")
            ok = False
        wanted = values["answers"]
    listed = [c for c, _ in choices]
    for value, node in wanted:
        if value not in listed:
            near = difflib.get_close_matches(value, listed, n=1)
            state.findings.append(error(
                state.pos(node),
                "answer-not-a-choice",
                f"answer {quoted(value)} is not one of the choices",
                f"did you mean {quoted(near[0])}?" if near else "copy the answer into `choices` exactly",
            ))
            ok = False
    return ok


def _check_cloze(state: _Bank, node: Node, text: str) -> bool:
    stripped = CLOZE_RE.sub("", text)
    if "{{" in stripped or "}}" in stripped:
        state.err(node, "bad-cloze", "cloze text has a `{{` or `}}` that is not a well-formed deletion",
                  "write deletions as {{c1::answer}} or {{c1::answer::hint}}")
        return False
    deletions = list(CLOZE_RE.finditer(text))
    if not deletions:
        state.err(node, "no-deletion", "cloze text has no deletion",
                  "mark the answer as {{c1::answer}}")
        return False
    for m in deletions:
        if not m.group(2).strip() or int(m.group(1)) < 1:
            state.err(node, "bad-cloze", f"cloze deletion {quoted(m.group(0))} is empty or numbered 0")
            return False
    return True


def _pairs(state: _Bank, node: Node) -> tuple[Pair, ...]:
    if not isinstance(node, SequenceNode):
        state.err(node, "wrong-type", f"`pairs` must be a list of {{left, right}}, found {kind(node)}")
        return ()
    pairs, ok = [], True
    for item in node.value:
        entries = state.mapping(item, "a pair")
        if entries is None:
            ok = False
            continue
        state.unknown_keys(entries, fields.PAIR_KEYS, "a pair")
        sides = []
        for key in fields.PAIR_KEYS:
            if key not in entries:
                state.err(item, "missing-key", f"the pair has no `{key}`")
                sides.append(None)
            else:
                sides.append(state.text(entries[key][1], key))
        if None in sides:
            ok = False
            continue
        pairs.append(Pair(sides[0], sides[1], state.pos(item)))
    if not ok:
        return ()
    if not fields.MIN_PAIRS <= len(pairs) <= fields.MAX_PAIRS:
        state.err(node, "pair-count", f"a match question needs {fields.MIN_PAIRS}-{fields.MAX_PAIRS} pairs, found {len(pairs)}")
        return ()
    for side in ("left", "right"):
        seen: dict[str, Pair] = {}
        for pair in pairs:
            key = normalize(getattr(pair, side))
            if key in seen:
                state.findings.append(error(pair.pos, "duplicate-pair",
                                            f"{side} side {quoted(getattr(pair, side))} repeats the pair at line {seen[key].pos.line}",
                                            "each side of a match must be distinct"))
                ok = False
            seen[key] = pair
    return tuple(pairs) if ok else ()


def _sources(state: _Bank, node: Node) -> tuple[Citation, ...] | None:
    items = node.value if isinstance(node, SequenceNode) else [node]
    if isinstance(node, SequenceNode) and not items:
        state.err(node, "wrong-type", "`source` is an empty list")
        return None
    citations = []
    for item in items:
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
