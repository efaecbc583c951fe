"""Stage 3 — `check` rules on typed answers' accepted and rejected forms, and the `[answers]`
config table.

- `redundant-accept` (warning): an accepted form the matcher already accepts from the answer or
  an earlier form (case, punctuation, number forms, ...): it adds nothing but noise.
- `accept-is-distractor` (error): an accepted form that is, once folded, a wrong choice of an
  mcq or multi question: a distractor is never a right answer.
- `accept-is-other-answer` (error): an accepted form that is another question's answer and not
  this one's: no answer is ever accepted for another.
- `reject-is-accepted` (error): a reject form that equals an accepted form once folded.
"""

from __future__ import annotations

from ..errors import Finding, error, quoted, warning
from ..model import Project, Question
from ..render.settings import Option, Settings, validate
from .compile import compile_question, settings, slots
from .fold import compact, keys
from .judge import judge

# Reasons that say "the same answer in another form"; a typo tolerance is not such a reason.
_FOLDS = {"form", "name", "number", "date", "spelling-variant", "qualifier", "order", "acronym"}


def _key(text: str, diacritics: bool) -> str:
    return compact(keys(text, diacritics=diacritics)[-1])


def _answers(q: Question) -> list[str]:
    if q.type in ("short", "mcq"):
        return [str(q.answer)]
    if q.type == "multi":
        return list(q.answers)
    if q.type == "cloze":
        return [d.answer for d in q.deletions]
    if q.type == "match":
        return [p.right for p in q.pairs]
    return []


# The `[answers]` table (docs/answers.md): its one key.
OPTIONS = {"fold_diacritics": Option(bool, True)}


def configure(project: Project) -> tuple[Settings, list[Finding]]:
    """The `[answers]` settings, and the findings about the table (at their lines)."""
    config = project.config
    return validate(config.get("answers"), OPTIONS, name="answers", locate=config.locate, rule="config-answers")


def _only(slot: dict, authored: set[str]) -> dict:
    """The slot as if the author had written only `authored` (and what the build generates from
    those): compiling once and filtering is what compiling each subset would give."""
    return {**slot, "reject": [], "forms": [f for f in slot["forms"] if f.get("of", f["text"]) in authored]}


def lint_answers(project: Project) -> list[Finding]:
    """The rules above, and the findings about the `[answers]` config table."""
    diacritics = settings(project).diacritics
    distractors: dict[str, tuple[str, Question]] = {}
    answers: dict[str, list[tuple[str, Question]]] = {}
    for q in project.questions():
        if q.type in ("mcq", "multi"):
            right = {str(q.answer)} if q.type == "mcq" else set(q.answers)
            for c in q.choices:
                if c not in right:
                    distractors.setdefault(_key(c, diacritics), (c, q))
        for a in _answers(q):
            answers.setdefault(_key(a, diacritics), []).append((a, q))
    findings: list[Finding] = []
    for q in project.questions():
        own = {_key(a, diacritics) for a in _answers(q)}
        typed = slots(q)
        if not any(slot.accept or slot.reject for slot in typed):
            continue
        for slot, full in zip(typed, compile_question(q, project)):
            if not slot.accept and not slot.reject:
                continue
            alone = _only(full, {slot.answer})
            pos = q.at("accept") if q.type != "match" else slot.pos  # a cloze's mapping, a pair
            where = "" if slot.label == "answer" or q.type == "match" else f" of {slot.label}"
            for k, form in enumerate(slot.accept):
                if q.type == "short":
                    pos = q.at("accept", k)  # the item itself
                key = _key(form, diacritics)
                verdict = judge(form, _only(full, {slot.answer, *slot.accept[:k]}), diacritics=diacritics)
                if verdict["ok"] and verdict["reasons"] and _FOLDS >= set(verdict["reasons"]):
                    why = ", ".join(verdict["reasons"])
                    findings.append(warning(pos, "redundant-accept",
                                            f"accepted form {quoted(form)}{where} is already accepted as {quoted(verdict['form'])} ({why})",
                                            "remove it: the matcher folds it (docs/answers.md)"))
                if judge(form, alone, diacritics=diacritics)["ok"]:
                    continue  # a form of the answer itself, which another question may ask about
                if key in distractors:
                    text, other = distractors[key]
                    findings.append(error(pos, "accept-is-distractor",
                                          f"accepted form {quoted(form)}{where} is the distractor {quoted(text)} of `{other.id}` ({other.pos})",
                                          "a wrong choice elsewhere is never a right answer here"))
                elif key in answers and key not in own:
                    text, other = next((t, o) for t, o in answers[key] if o is not q)
                    findings.append(error(pos, "accept-is-other-answer",
                                          f"accepted form {quoted(form)}{where} is the answer {quoted(text)} of `{other.id}` ({other.pos})",
                                          "accept only forms of this question's own answer"))
            accepted: dict[str, str] = {}
            for a in (slot.answer, *slot.accept):
                accepted.setdefault(_key(a, diacritics), a)
            rpos = q.at("reject") if q.type != "match" else slot.pos
            for k, form in enumerate(slot.reject):
                if q.type == "short":
                    rpos = q.at("reject", k)
                key = _key(form, diacritics)
                if key in accepted:
                    findings.append(error(rpos, "reject-is-accepted",
                                          f"reject form {quoted(form)}{where} is the accepted form {quoted(accepted[key])} once folded",
                                          "a reject form names a near miss, never the answer"))
    return configure(project)[1] + findings
