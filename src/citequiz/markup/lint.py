"""Stage 3 helper — what `citequiz check` says about the rich text of each question.

Which fields are Markdown (and which of them inline only) each question type says (its
`markdown` table): prompts, explanations and cloze texts are blocks; choices and match sides are
inline, so "1974." stays a choice and never becomes a numbered list. Answers typed by a learner (`short` answers,
`accept`), quotes from the source and bank descriptions stay plain text.
"""

from __future__ import annotations

from ..errors import Finding, error, quoted, warning
from ..model import Pos, Question
from .content import Content
from .fields import rich_fields
from .mathml import MathError, tex_to_mathml
from .media import MediaError
from .parse import refused_links, tokens_of
from .render import display_of, placeholders_in_math


def lint_question(q: Question, content: Content) -> list[Finding]:
    if not content.is_rich(q):  # plain words only: no image, math or link to check
        return []
    findings: list[Finding] = []
    for key, text, inline, pos in rich_fields(q):
        findings += lint_text(text, inline=inline, pos=pos, content=content, what=f"`{key}` of `{q.id}`")
    if q.type == "cloze" and q.text and placeholders_in_math(q.text):
        findings.append(error(q.at("text"), "bad-cloze", "a cloze deletion stands inside `$...$` math",
                              "put the whole formula in the deletion: {{c1::$x^2$}}"))
    return findings


def lint_text(text: str, *, inline: bool, pos: Pos, content: Content, what: str) -> list[Finding]:
    findings: list[Finding] = []
    for token in tokens_of(text, inline=inline):
        if token.type == "image":
            src = token.attrGet("src") or ""
            if not display_of(token.children or []).strip():
                findings.append(error(pos, "image-alt", f"image {quoted(src)} in {what} has no alt text",
                                      "say what the image shows: ![a cell dividing](media/mitosis.png)"))
            try:
                content.media.get(src)
            except MediaError as exc:
                findings.append(error(pos, exc.rule, f"{exc.message} (in {what})", exc.hint))
        elif token.type.startswith("math_"):
            try:
                tex_to_mathml(token.content.strip(), display=token.type != "math_inline")
            except MathError as exc:
                findings.append(error(pos, "bad-math", f"math {quoted(token.content.strip())} in {what}: {exc}",
                                      "write \\& for an ampersand and keep < and > out of \\text{}"
                                      if "well-formed" in str(exc) else None))
    for url in refused_links(text):
        findings.append(warning(pos, "link-not-allowed", f"link to {quoted(url)} in {what} is shown as text",
                                "links may go to http(s) addresses and relative paths only"))
    return findings
