"""Stage 4 renderer — the Anki deck `build/anki/<project>.apkg`.

A pure function of the project, its templates and the lock (`lock.py`): the same inputs give
the same bytes. What Anki needs to update a re-imported deck instead of duplicating it
(see README "The Anki deck"):

- our own note types with model ids and field lists fixed forever (fields are never renamed,
  removed or added: spares are there to grow into);
- note GUIDs from the question id in a namespace kept in the lock;
- each note's modification time from the lock: when its content last changed;
- one deck per project, a subdeck per bank, ids derived from the deck names.

genanki writes the collection's schema, decks and note types into an in-memory SQLite
database; we add the notes and cards (each note with its own time) and zip the result ourselves
with fixed dates and sorted entries.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
import sqlite3
import weakref
from dataclasses import dataclass

import genanki
import jinja2

from .. import types
from .. import markup
from ..answers import compile_question
from ..answers.variants import accepted_forms
from ..types import order as order_type
from ..errors import error
from ..lock import Lock
from ..markup.code import css as code_css
from ..markup.content import Content, content_of
from ..markup.media import MediaFile
from ..model import Citation, Project, Question
from .archive import zip_bytes
from .context import Format, RenderContext
from . import choice_order
from .choice_order import ordered_choices
from .links import source_pages, web_url
from .provenance import citation as _cite
from .provenance import evidence as _evidence
from .provenance import link as source_link
from .settings import Option, validate

# Never change these: Anki recognises a note type by its id (and its field and template names).
QUESTION_MODEL_ID = 1_731_402_117
CLOZE_MODEL_ID = 1_731_402_118
MATCH_MODEL_ID = 1_731_402_119
ORDER_MODEL_ID = 1_731_402_120
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
ORDER_FIELDS = ("Prompt", "Items", "Order", *_COMMON)

# Notes without a lock entry (a renderer called without a build, as in some tests) get this
# fixed time, so the output stays deterministic: 2023-11-14T22:13:20Z.
NO_LOCK_TIME = 1_700_000_000


@dataclass(frozen=True)
class NoteSpec:
    """Everything one note carries into Anki, before identity and time are attached."""

    question_id: str
    bank: str
    model: str  # "question" | "cloze" | "match" | "order"
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    cards: tuple[int, ...]  # the card templates (ordinals) this note makes a card from
    # Images the fields show: the package carries them. Not hashed: a field names each image by
    # a digest of its bytes, so an edited image already changes the fields.
    media: tuple[MediaFile, ...] = ()

    def content_hash(self, model_id: int) -> str:
        # Fields and tags cannot hold \x1f or \x1e (Anki's own separators), so this is unambiguous.
        # 64 bits of SHA-256 are plenty to tell an edit from no edit, and keep the lock readable.
        data = "\x1e".join((str(model_id), "\x1f".join(self.fields), " ".join(self.tags)))
        return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


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
        return "sha256:" + hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]

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
    """Our four note types. The card templates are Anki templates (not Jinja), read as text
    from `templates/anki/`, so a project's own `templates/anki/...` overrides them by name."""

    def source(name: str) -> str:
        text, _, _ = env.loader.get_source(env, f"anki/{name}")
        return text

    back = source("back.html")
    # The highlight CSS (light, and dark under Anki's night mode) is part of every note type,
    # as a card cannot carry its own style sheet.
    css = source("cards.css") + "\n/* code blocks (Pygments) */\n" + code_css(dark="anki")

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
            tuple((f"Pair {n}", _slot(match_front, n), _slot(match_back, n))
                  for n in range(1, MATCH_SLOTS + 1)),
            css),
        "order": NoteType(
            "order", ORDER_MODEL_ID, "citequiz order", ORDER_FIELDS,
            (("Order", *card("order.front.html", "order.back.html")),),
            css),
    }


def _slot(template: str, n: int) -> str:
    """The match templates are written once for pair `@`: `{{Left@}}` becomes `{{Left3}}`."""
    return re.sub(r"\b(Left|Right)@", rf"\g<1>{n}", template)


# ---------------------------------------------------------------------------------------------
# Notes


# Control characters are dropped (\x1f separates Anki's fields). str.translate with a mapping
# costs a dictionary look-up per character, so it runs only on text that has one.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_DROP = dict.fromkeys((*range(0, 9), *range(11, 32), 127))


def esc(text: str) -> str:
    """Raw text as HTML-escaped field content: html.escape(quote=True), control characters dropped,
    and `[` as `&#91;`: Anki reads `[sound:...]`, `[anki:tts]`, `[$]`, `[latex]` in a field as
    commands (play, speak, typeset) before any HTML is parsed; the entity shows a plain bracket."""
    if _CONTROL.search(text):
        text = text.translate(_DROP)
    return html.escape(text).replace("[", "&#91;")


# The notes of the last project seen: a build needs them twice (the lock update, then the deck)
# and the project is immutable. A weak reference, so the memo never keeps a project alive.
_memo: tuple[weakref.ref, object, list[NoteSpec]] | None = None


def note_specs(project: Project, settings=None) -> list[NoteSpec]:
    """One note per question, in bank order then question order. `settings`: the [anki] table as
    validated (None: the defaults)."""
    global _memo
    settings = settings if settings is not None else default_settings()
    if _memo is not None and _memo[0]() is project and _memo[1] == settings:
        return _memo[2]
    specs = _note_specs(project, settings)
    _memo = (weakref.ref(project), settings, specs)
    return specs


def forget_note_specs() -> None:
    """Drop the memo: at 100k questions the notes' fields are over 100 MB."""
    global _memo
    _memo = None


def _note_specs(project: Project, settings) -> list[NoteSpec]:
    typed = settings.typed_answers
    base_url = settings.source_url if web_url(settings.source_url) else ""
    cited = {c.seed: c for q in project.questions() for c in q.sources}
    stems = {name: c.stem for name, c in cited.items()}  # once per seed: Path() is slow
    pages = source_pages(project.seeds)
    content = content_of(project)
    notes = []
    for bank in project.banks:
        with choice_order.bank(bank.questions):  # choices in the bank's fixed order (`choice_order`)
            notes += [_note(project, q, typed=typed, base_url=base_url, stems=stems, pages=pages, content=content)
                      for q in bank.questions]
    return notes


# Markdown for Anki: math as \(...\) and \[...\] for Anki's own MathJax, images as media names,
# code with the note types' highlight classes, and every text escaped by `esc`.
FLAVOUR = markup.ANKI.with_escape(lambda text: esc(text))


class Rich:
    """A question's bank texts as field HTML, collecting the images they show."""

    def __init__(self, content: Content):
        self.content = content
        self.used: dict[str, MediaFile] = {}

    def __call__(self, text: str | None, *, inline: bool = False) -> str:
        return self.content.html(text or "", FLAVOUR, inline=inline, used=self.used)

    def cloze(self, text: str) -> str:
        return self.content.cloze_html(text, FLAVOUR, _deletion, used=self.used)


def _deletion(k: int, d, answer_html: str, hint_html: str | None) -> str:
    # A "}}" inside a deletion (TeX's `x^{2}}`) would end it early: Anki's own advice is a space.
    hint = f"::{hint_html.replace('}}', '} }')}" if hint_html else ""
    return f"{{{{c{d.number}::{answer_html.replace('}}', '} }')}{hint}}}}}"


def _note(project: Project, q: Question, *, typed: bool, base_url: str, stems: dict[str, str],
          pages: dict[str, str], content: Content) -> NoteSpec:
    rich = Rich(content.for_question(q))
    common = {
        "Explanation": rich(q.explanation),
        "Quote": esc(_evidence(project, q)),
        "Source": esc(_cite(project, q.sources)),
        "SourceLink": _link(base_url, q.sources[0], pages) if base_url and q.sources else "",
        "Kind": q.type,
        "Id": esc(q.id),
        "Extra": "",
        "Spare": "",
    }
    model, values, cards = HANDLERS[q.type](q, typed=typed, rich=rich, project=project)
    values.update(common)
    fields = tuple(values.get(n, "") for n in FIELDS[model])
    return NoteSpec(q.id, q.bank, model, fields, _tags(q, stems), cards, tuple(rich.used.values()))


# Which cards a note has is decided here, as Anki would: a cloze card per deletion number, a match
# card per filled pair slot, the typed card only where `Typed` is filled. Each handler gives
# (note type, field values, card ordinals).


def _question_note(values: dict[str, str], cards: tuple[int, ...] = (0,)):
    return "question", values, cards


def _mcq(q: Question, *, rich: Rich, **_):
    return _question_note({"Prompt": rich(q.prompt), **_choices(q, rich)})


def _tf(q: Question, *, rich: Rich, **_):
    return _question_note({"Prompt": rich(q.prompt),
                           "Choices": '<p class="cq-hint">True or false?</p>',
                           "Answer": f'<p class="cq-verdict">{types.correct(q)[0]}</p>'})


def _short(q: Question, *, typed: bool, rich: Rich, project: Project, **_):
    answer = f'<p class="cq-verdict">{esc(str(q.answer))}</p>'
    # Anki compares a typed answer letter by letter: the back lists every form the quiz's
    # matcher accepts from the author and the sources (acronyms, dates with their year).
    others = [f for f in accepted_forms(compile_question(q, project)[0]) if f != str(q.answer)]
    if others:
        answer += f'<p class="cq-accept">Also accepted: {esc("; ".join(others))}</p>'
    values = {"Prompt": rich(q.prompt), "Choices": "", "Answer": answer}  # the typed answer is plain
    if typed:
        values["Typed"] = esc(str(q.answer))
        return _question_note(values, (0, 1))
    return _question_note(values)


def _cloze(q: Question, *, rich: Rich, **_):
    return ("cloze", {"Text": rich.cloze(q.text or ""), "Prompt": rich(q.prompt)},
            tuple(sorted({d.number - 1 for d in q.deletions if d.number >= 1})))


def _match(q: Question, *, rich: Rich, **_):
    values = {"Prompt": rich(q.prompt), "Table": _table(q, rich)}
    for n, pair in enumerate(q.pairs[:MATCH_SLOTS], start=1):
        values[f"Left{n}"] = rich(pair.left, inline=True)
        values[f"Right{n}"] = rich(pair.right, inline=True)
    return "match", values, tuple(range(min(len(q.pairs), MATCH_SLOTS)))


def _choices(q: Question, rich: Rich) -> dict[str, str]:
    """mcq, multi: choices on the front; on the back the same list with the correct ones marked
    in text (not only by colour)."""
    shown = ordered_choices(q)
    correct = set(types.correct(q))
    hint = '<p class="cq-hint">Select all that apply.</p>' if q.type == "multi" else ""
    front = "".join(f"<li>{rich(c, inline=True)}</li>" for c in shown)
    back = "".join(
        f'<li class="cq-correct"><span class="cq-mark">✓</span> {rich(c, inline=True)}</li>' if c in correct
        else f'<li class="cq-wrong">{rich(c, inline=True)}</li>'
        for c in shown
    )
    return {"Choices": f'{hint}<ol class="cq-choices" type="A">{front}</ol>',
            "Answer": f'<ol class="cq-choices" type="A">{back}</ol>'}


def _order(q: Question, *, rich: Rich, **_):
    """The items shuffled (as every output shows them) on the front; on the back the right
    order, numbered."""
    shown = "".join(f"<li>{esc(item)}</li>" for item in order_type.shuffled(q))
    right = "".join(f"<li>{esc(item)}</li>" for item in q.items)
    return ("order", {"Prompt": rich(q.prompt), "Items": f'<ul class="cq-items">{shown}</ul>',
                      "Order": f'<ol class="cq-order">{right}</ol>'}, (0,))


# One handler per question type.
HANDLERS = {"mcq": _mcq, "multi": _mcq, "tf": _tf, "short": _short, "cloze": _cloze, "match": _match,
            "order": _order}
UNSUPPORTED: dict[str, str] = {}
FIELDS = {"question": QUESTION_FIELDS, "cloze": CLOZE_FIELDS, "match": MATCH_FIELDS, "order": ORDER_FIELDS}


def _table(q: Question, rich: Rich) -> str:
    rows = "".join(f"<tr><td>{rich(p.left, inline=True)}</td><td>{rich(p.right, inline=True)}</td></tr>"
                   for p in q.pairs)
    return f'<table class="cq-pairs">{rows}</table>'






def _link(base_url: str, c: Citation, pages: dict[str, str]) -> str:
    """A link to the cited lines in the HTML build's source reader, under the project's published
    URL (an http(s) URL: config.py refuses others), as markup made here: a template's
    `{{text:Field}}` would decode `&quot;` back into the attribute."""
    return f'<a href="{esc(source_link(base_url, c, pages))}">read it in context</a>'


def _tags(q: Question, stems: dict[str, str]) -> tuple[str, ...]:
    tags = [f"bank::{q.bank}", *q.tags]
    if q.difficulty is not None:
        tags.append(f"difficulty::{q.difficulty}")
    tags += [f"source::{stems[c.seed]}" for c in q.sources]
    # Anki splits tags on whitespace.
    return tuple(dict.fromkeys("_".join(t.split()) for t in tags if t.strip()))


# ---------------------------------------------------------------------------------------------
# Identity: what goes into the lock, and the ids derived from names


def fingerprints(project: Project, env: jinja2.Environment, settings=None) -> tuple[dict[str, str], dict[str, str]]:
    """(note type name -> hash, question id -> hash) of what each puts into the deck."""
    models = note_types(env)
    return (
        {t.name: t.content_hash() for t in models.values()},
        {s.question_id: s.content_hash(models[s.model].model_id) for s in note_specs(project, settings)},
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


_NOTE_ROW = "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)"
_CARD_ROW = "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"


def apkg_bytes(project: Project, env: jinja2.Environment, lock: Lock, settings=None) -> bytes:
    types = note_types(env)
    namespace = lock.namespace or project.name
    top, bank_decks = deck_names(project)
    descriptions = {top: project.config.description or ""}
    descriptions.update({bank_decks[b.name]: b.description or "" for b in project.banks})
    decks = {name: genanki.Deck(deck_id(name), name, description=esc(str(descriptions.get(name, ""))))
             for name in [top, *bank_decks.values()]}
    for t in types.values():  # every note type ships, even one no question uses yet
        decks[top].add_model(t.genanki_model())
    times = [s.changed for s in lock.questions.values()] or [NO_LOCK_TIME]
    types_time = max((s.changed for s in lock.note_types.values()), default=NO_LOCK_TIME)
    # Note and card ids count up from the first build's time (Anki shows a note's id as its
    # creation date); the importer matches notes by GUID, never by these ids. A note's id is
    # followed by its cards' ids. The rows are generated as sqlite takes them, never held.
    specs = note_specs(project, settings)
    nids, n = [], min(times) * 1000
    for spec in specs:
        nids.append(n)
        n += 1 + len(spec.cards)
    ids = itertools.count(n)

    def notes():
        for spec, nid in zip(specs, nids):
            yield (nid, note_guid(namespace, spec.question_id), types[spec.model].model_id,
                   lock.changed(spec.question_id, NO_LOCK_TIME), -1, f" {' '.join(spec.tags)} ",
                   "\x1f".join(spec.fields), spec.fields[0], 0, 0, "")

    def cards():
        for due, (spec, nid) in enumerate(zip(specs, nids)):
            mod = lock.changed(spec.question_id, NO_LOCK_TIME)
            did = decks[bank_decks[spec.bank]].deck_id
            # A new card: type 0, queue 0, `due` its position, so new cards come in bank order.
            for k, ord_ in enumerate(spec.cards, 1):
                yield (nid + k, nid, did, ord_, mod, -1, 0, 0, due, 0, 0, 0, 0, 0, 0, 0, 0, "")

    conn = sqlite3.connect(":memory:")
    try:
        # genanki writes the schema, the collection row, the decks and the note types; the
        # notes and cards are ours, each with its own modification time.
        cursor = conn.cursor()
        genanki.Package(list(decks.values())).write_to_db(cursor, types_time, ids)
        cursor.executemany(_NOTE_ROW, notes())
        cursor.executemany(_CARD_ROW, cards())
        conn.commit()
        database = conn.serialize()
    finally:
        conn.close()
    # The images the notes show, by their flat names: Anki's media folder has no subfolders.
    images = {f.flat_name: f.data for spec in specs for f in spec.media}
    forget_note_specs()  # the deck was their last use in a build
    names = sorted(images)
    entries = {"collection.anki2": database,
               "media": json.dumps({str(i): name for i, name in enumerate(names)}).encode("utf-8")}
    entries.update({str(i): images[name] for i, name in enumerate(names)})
    # Fast deflate: a fifth of the stored size, at a third of the default level's time.
    return zip_bytes(entries, compresslevel=1)


def render(ctx: RenderContext) -> dict[str, bytes]:
    return {f"anki/{ctx.project.name}.apkg": apkg_bytes(ctx.project, ctx.env, ctx.lock, ctx.settings)}


SCHEMA = {"typed_answers": Option(bool, False), "source_url": Option(str, "", "text (a URL)")}


def settings(table, *, locate, project=None):
    values, findings = validate(table, SCHEMA, name="anki", locate=locate, rule="config-anki")
    url = values.source_url
    if url and not findings and not web_url(url):
        findings.append(error(locate("anki", "source_url"), "config-anki",
                              f"`source_url` in [anki] must be an http:// or https:// URL, not {url!r}",
                              "the address where the HTML build is published, e.g. https://example.org/quiz"))
    return values, findings


def default_settings():
    return validate(None, SCHEMA, name="anki", locate=None, rule="config-anki")[0]


FORMAT = Format("anki", render, title="anki/<project>.apkg: the Anki deck, which updates in place",
                handlers=HANDLERS, unsupported=UNSUPPORTED, settings=settings)
