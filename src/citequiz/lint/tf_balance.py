"""`tf-balance` (bank level): the share of true statements among a bank's tf questions lies
outside 35-65 %, so "always true" (or "always false") beats chance. A bank with few tf questions
cannot always hit the range (1 of 3 is 33 %); it is reported only when a split closer to half was
possible, that is when the true count is more than max(15 % of n, half a question) from n/2."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Finding, warning
from ..model import Project
from .groups import Group

LOW, HIGH = 0.35, 0.65


def unbalanced(n_true: int, n: int) -> bool:
    if not n:
        return False
    return not LOW <= n_true / n <= HIGH and abs(n_true - n / 2) > max(0.15 * n, 0.5)


def lint(group: Group, project: Project) -> Iterator[Finding]:
    tf = [q for q in group.questions if q.type == "tf"]
    n_true = sum(q.answer is True for q in tf)
    if unbalanced(n_true, len(tf)):
        yield warning(group.pos, "tf-balance",
                      f"{n_true} of the {len(tf)} true/false statements of {group.name} are true "
                      f"({n_true / len(tf):.0%}; keep it within {LOW:.0%}-{HIGH:.0%})",
                      f"turn some {'true' if n_true > len(tf) / 2 else 'false'} statements into "
                      f"{'false' if n_true > len(tf) / 2 else 'true'} ones the source decides as clearly")
