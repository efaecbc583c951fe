"""Stage 4 helpers — the typed answers an LMS export accepts, in one place for every format.

The seam for the typed-answer matcher (issue 14, `citequiz.answers`): Moodle's short answer folds
case only and QTI compares exactly, so an export lists the forms the matcher accepts that those
systems would not fold themselves (`answers.variants.lms_forms`: the author's forms, acronyms
and dated forms from the sources, then rewrites). A format calls `prepare(project)` once before
it renders; GIFT, Moodle XML, QTI 1.2 and QTI 2.1 then accept the same forms (each format escapes
them its own way; GIFT reports forms it cannot write, see gift.unsupported). Without `prepare`
(a question rendered on its own), the author's forms."""

from __future__ import annotations

from ..answers import compile_question, settings
from ..answers.variants import lms_forms
from ..markup.content import content_of
from ..model import Deletion, Project, Question

_PREPARED: dict = {"project": None, "forms": {}}


def prepare(project: Project) -> None:
    """Compute every short and cloze question's forms for `project`, once per project."""
    if _PREPARED["project"] is project:
        return
    diacritics = settings(project).diacritics
    forms = {q.id: (q, [lms_forms(s, diacritics=diacritics) for s in compile_question(q, project)])
             for q in project.questions() if q.type in ("short", "cloze")}
    _PREPARED.update(project=project, forms=forms)


def _prepared(q: Question) -> list[list[str]] | None:
    """The prepared forms of `q`, or of the question it is a view of: a format may render the
    plain-text view of a question with Markdown (`markup.content.question_as`), which keeps its
    id, bank and place in the file."""
    found = _PREPARED["forms"].get(q.id)
    if found is None:
        return None
    if found[0] is not q and content_of(_PREPARED["project"]).question_as(found[0]) != q:
        return None  # another project's question of the same id
    return found[1]


def accepted_forms(q: Question) -> list[str]:
    """A short question's accepted answers: the answer first, then `accept`, each once; then,
    once prepared, the matcher's other forms."""
    prepared = _prepared(q)
    return prepared[0] if prepared else list(dict.fromkeys([str(q.answer), *q.accept]))


def blank_forms(q: Question, d: Deletion) -> list[str]:
    """A cloze deletion's accepted answers: its answer, its `accept` forms, and once prepared
    the matcher's other forms."""
    prepared = _prepared(q)
    numbers = [x.number for x in q.deletions]
    if prepared and d.number in numbers:
        return prepared[numbers.index(d.number)]
    return list(dict.fromkeys([d.answer, *dict(q.blank_accept).get(d.number, ())]))
