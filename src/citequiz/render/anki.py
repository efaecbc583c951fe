"""Stage 4 renderer — the Anki deck `build/anki/<project>.apkg`.

A pure function of the project, its templates and the lock (`lock.py`): the same inputs give
the same bytes. What Anki needs to update a re-imported deck instead of duplicating it
(see README "The Anki deck"):

- our own note types with model ids and field lists fixed forever (fields are never renamed,
  removed or added: spares are there to grow into);
- note GUIDs from the question id in a namespace kept in the lock;
- each note's modification time from the lock: when its content last changed;
- one deck per project, a subdeck per bank, ids derived from the deck names.

genanki builds the collection (schema, note-type JSON, which cards a note has); we give it an
in-memory SQLite database and zip the result ourselves with fixed dates and sorted entries.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import random
import sqlite3
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

import genanki
import jinja2

from ..lock import Lock
from ..model import Citation, Project, Question

if TYPE_CHECKING:
    from ..build import Context

# Never change these: Anki recognises a note type by its id (and its field and template names).
QUESTION_MODEL_ID = 1_731_402_117
CLOZE_MODEL_ID = 1_731_402_118
MATCH_MODEL_ID = 1_731_402_119
MATCH_SLOTS = 10  # the bank format allows 3-8 pairs; two spare card templates

_COMMON = ("Explanation", "Quote", "Source", "SourceLink", "Kind", "Id", "Extra", "Spare")
QUESTION_FIELDS = ("Prompt", "Choices", "Answer", "Typed", *_COMMON)
CLOZE_FIELDS = ("Text", "Prompt", *_COMMON)
MATCH_FIELDS = (
    "Prompt",
    *(f"{side}{n}" for n in range(1, MATCH_SLOTS + 1) for side in ("Left", "Right")),
    "Table",
    *_COMMON,
)

# Notes without a lock entry (a renderer called without a build, as in some tests) get this
# fixed time, so the output stays deterministic: 2023-11-14T22:13:20Z.
NO_LOCK_TIME = 1_700_000_000


@dataclass(frozen=True)
class NoteSpec:
    """Everything one note carries into Anki, before identity and time are attached."""

    question_id: str
    bank: str
    model: str  # "question" | "cloze" | "match"
    fields: tuple[str, ...]
    tags: tuple[str, ...]

    def content_hash(self, model_id: int) -> str:
        data = json.dumps([model_id, self.fields, self.tags], ensure_ascii=False)
        return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NoteType:
    key: str
    model_id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]  # (name, front, back)
    css: str
    cloze: bool = False

    def content_hash(self) -> str:
        data = json.dumps([self.model_id, self.name, self.fields, self.templates, self.css, self.cloze])
        return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()

    def genanki_model(self) -> genanki.Model:
        return genanki.Model(
            self.model_id,
            self.name,
            fields=[{"name": f} for f in self.fields],
            templates=[{"name": n, "qfmt": q, "afmt": a} for n, q, a in self.templates],
            css=self.css,
            model_type=genanki.Model.CLOZE if self.cloze else genanki.Model.FRONT_BACK,
            sort_field_index=0,
        )


# ---------------------------------------------------------------------------------------------
# Note types


def note_types(env: jinja2.Environment) -> dict[str, NoteType]:
    """Our three note types. The card templates are Anki templates (not Jinja), read as text
    from `templates/anki/`, so a project's own `templates/anki/...` overrides them by name."""

    def source(name: str) -> str:
        text, _, _ = env.loader.get_source(env, f"anki/{name}")
        return text

    back = source("back.html")
    css = source("cards.css")

    def card(front: str, part: str) -> tuple[str, str]:
        return source(front), source(part) + back + "</div>\n"

    match_front, match_back = card("match.front.html", "match.back.html")
    return {
        "question": NoteType(
            "question", QUESTION_MODEL_ID, "citequiz question", QUESTION_FIELDS,
            (("Recall", *card("question.front.html", "question.back.html")),
             ("Typed answer", *card("typed.front.html", "typed.back.html"))),
            css),
        "cloze": NoteType(
            "cloze", CLOZE_MODEL_ID, "citequiz cloze", CLOZE_FIELDS,
            (("Cloze", *card("cloze.front.html", "cloze.back.html")),),
            css, cloze=True),
        "match": NoteType(
            "match", MATCH_MODEL_ID, "citequiz match", MATCH_FIELDS,
            tuple((f"Pair {n}", match_front.replace("@", str(n)), match_back.replace("@", str(n)))
                  for n in range(1, MATCH_SLOTS + 1)),
            css),
    }


# ---------------------------------------------------------------------------------------------
# Notes


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def note_specs(project: Project) -> list[NoteSpec]:
    """One note per question, in bank order then question order."""
    settings = project.config.get("anki") or {}
    typed = bool(settings.get("typed_answers", False))
    base_url = settings.get("source_url") or ""
    return [_note(project, q, typed=typed, base_url=base_url) for q in project.questions()]


def _note(project: Project, q: Question, *, typed: bool, base_url: str) -> NoteSpec:
    common = {
        "Explanation": esc(q.explanation or ""),
        "Quote": esc(_evidence(project, q)),
        "Source": esc("; ".join(_cite(project, c) for c in q.sources)),
        "SourceLink": esc(_link(base_url, q.sources[0])) if base_url and q.sources else "",
        "Kind": q.type,
        "Id": esc(q.id),
        "Extra": "",
        "Spare": "",
    }
    if q.type == "cloze":
        model, names = "cloze", CLOZE_FIELDS
        values = {"Text": esc(q.text or ""), "Prompt": esc(q.prompt or "")}
    elif q.type == "match":
        model, names = "match", MATCH_FIELDS
        values = {"Prompt": esc(q.prompt or ""), "Table": _table(q)}
        for n, pair in enumerate(q.pairs, start=1):
            values[f"Left{n}"] = esc(pair.left)
            values[f"Right{n}"] = esc(pair.right)
    else:
        model, names = "question", QUESTION_FIELDS
        values = {"Prompt": esc(q.prompt or ""), **_choices_and_answer(q)}
        if typed and q.type == "short":
            values["Typed"] = esc(str(q.answer))
    values.update(common)
    return NoteSpec(q.id, q.bank, model, tuple(values.get(n, "") for n in names), _tags(q))


def shuffled_choices(q: Question) -> list[str]:
    """The choices in an order fixed by the question id: stable across builds and machines
    (a str seed is hashed with SHA-512, independent of PYTHONHASHSEED)."""
    choices = list(q.choices)
    random.Random(f"citequiz-choices:{q.id}").shuffle(choices)
    return choices


def _choices_and_answer(q: Question) -> dict[str, str]:
    if q.type == "tf":
        return {"Choices": '<p class="cq-hint">True or false?</p>',
                "Answer": f'<p class="cq-verdict">{q.correct[0]}</p>'}
    if q.type == "short":
        answer = f'<p class="cq-verdict">{esc(str(q.answer))}</p>'
        if q.accept:
            answer += f'<p class="cq-accept">Also accepted: {esc("; ".join(q.accept))}</p>'
        return {"Choices": "", "Answer": answer}
    # mcq, multi: choices on the front; on the back the same list with the correct ones marked
    # in text (not only by colour).
    order = shuffled_choices(q)
    correct = set(q.correct)
    hint = '<p class="cq-hint">Select all that apply.</p>' if q.type == "multi" else ""
    front = "".join(f"<li>{esc(c)}</li>" for c in order)
    back = "".join(
        f'<li class="cq-correct"><span class="cq-mark">✓</span> {esc(c)}</li>' if c in correct
        else f'<li class="cq-wrong">{esc(c)}</li>'
        for c in order
    )
    return {"Choices": f'{hint}<ol class="cq-choices" type="A">{front}</ol>',
            "Answer": f'<ol class="cq-choices" type="A">{back}</ol>'}


def _table(q: Question) -> str:
    rows = "".join(f"<tr><td>{esc(p.left)}</td><td>{esc(p.right)}</td></tr>" for p in q.pairs)
    return f'<table class="cq-pairs">{rows}</table>'


def _evidence(project: Project, q: Question) -> str:
    """The quote, or where a question has none, the cited lines themselves."""
    if q.quote:
        return q.quote
    texts = []
    for c in q.sources:
        seed = project.seeds.get(c.seed)
        if seed is not None:
            texts.append(" ".join(line.strip() for line in seed.lines[c.first - 1:c.last]))
    return " … ".join(t for t in texts if t)


def _cite(project: Project, c: Citation) -> str:
    seed = project.seeds.get(c.seed)
    title = seed.title if seed is not None else c.seed
    lines = f"line {c.first}" if c.first == c.last else f"lines {c.first}–{c.last}"
    return f"{title}, {lines}"


def _link(base_url: str, c: Citation) -> str:
    # The source reader pages of the HTML build: sources/<seed-stem>.html#L3.
    return f"{base_url.rstrip('/')}/sources/{c.stem}.html#{c.anchor}"


def _tags(q: Question) -> tuple[str, ...]:
    tags = [f"bank::{q.bank}", *q.tags]
    if q.difficulty is not None:
        tags.append(f"difficulty::{q.difficulty}")
    tags += [f"source::{c.stem}" for c in q.sources]
    # Anki splits tags on whitespace.
    return tuple(dict.fromkeys("_".join(t.split()) for t in tags if t.strip()))


# ---------------------------------------------------------------------------------------------
# Identity: what goes into the lock, and the ids derived from names


def fingerprints(project: Project, env: jinja2.Environment) -> tuple[dict[str, str], dict[str, str]]:
    """(note type name -> hash, question id -> hash) of what each puts into the deck."""
    types = note_types(env)
    return (
        {t.name: t.content_hash() for t in types.values()},
        {s.question_id: s.content_hash(types[s.model].model_id) for s in note_specs(project)},
    )


def deck_names(project: Project) -> tuple[str, dict[str, str]]:
    """The project's deck and each bank's subdeck, "Project title::Bank title"."""

    def part(title: str, fallback: str) -> str:
        # "::" would nest one level deeper; Anki names cannot hold newlines.
        clean = " ".join(title.replace("::", ":").split())
        return clean or fallback

    top = part(project.title, project.name)
    return top, {b.name: f"{top}::{part(b.title, b.name)}" for b in project.banks}


def deck_id(name: str) -> int:
    digest = hashlib.sha256(f"citequiz-deck:{name}".encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def note_guid(namespace: str, question_id: str) -> str:
    return genanki.guid_for(namespace, question_id)


# ---------------------------------------------------------------------------------------------
# The package


class _TimedNote(genanki.Note):
    """A genanki note whose modification time is its own, not the package's."""

    def __init__(self, *, mod: int, **kwargs):
        super().__init__(**kwargs)
        self.mod = mod

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


def apkg_bytes(project: Project, env: jinja2.Environment, lock: Lock) -> bytes:
    types = note_types(env)
    models = {key: t.genanki_model() for key, t in types.items()}
    namespace = lock.namespace or project.name
    top, bank_decks = deck_names(project)
    decks = {name: genanki.Deck(deck_id(name), name) for name in [top, *bank_decks.values()]}
    for t in types.values():  # every note type ships, even one no question uses yet
        decks[top].add_model(models[t.key])
    for due, spec in enumerate(note_specs(project)):
        decks[bank_decks[spec.bank]].add_note(_TimedNote(
            model=models[spec.model],
            fields=list(spec.fields),
            tags=list(spec.tags),
            guid=note_guid(namespace, spec.question_id),
            due=due,  # new cards come in bank order
            mod=lock.changed(spec.question_id, NO_LOCK_TIME),
        ))
    times = [s.changed for s in lock.questions.values()] or [NO_LOCK_TIME]
    types_time = max((s.changed for s in lock.note_types.values()), default=NO_LOCK_TIME)

    conn = sqlite3.connect(":memory:")
    try:
        # Note and card ids count up from the first build's time (Anki shows a note's id as its
        # creation date); the importer matches notes by GUID, never by these ids.
        genanki.Package(list(decks.values())).write_to_db(
            conn.cursor(), types_time, itertools.count(min(times) * 1000))
        conn.commit()
        database = conn.serialize()
    finally:
        conn.close()
    return _zip({"collection.anki2": database, "media": b"{}"})


def _zip(entries: dict[str, bytes]) -> bytes:
    """A zip whose bytes depend only on `entries`: sorted names, fixed dates and attributes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, entries[name], compresslevel=6)
    return buf.getvalue()


def render(project: Project, ctx: "Context") -> dict[str, bytes]:
    return {f"anki/{project.name}.apkg": apkg_bytes(project, ctx.env, ctx.lock)}
