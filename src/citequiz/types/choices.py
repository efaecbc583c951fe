"""Shared by the choice types (mcq, multi): the choices list and the answers drawn from it."""

from __future__ import annotations

from yaml.nodes import Node

from ..errors import quoted
from ..normalize import normalize
from ..reader import Fields
from ..suggest import closest

MIN_CHOICES, MAX_CHOICES = 3, 6
SCHEMA = {"choices": {"minItems": MIN_CHOICES, "maxItems": MAX_CHOICES}}


def check_choices(f: Fields, choices: list[tuple[str, Node]], wanted: list[tuple[str, Node]]) -> None:
    """3-6 distinct choices, each wanted answer one of them (else not ok, with findings)."""
    a = "an" if f.qtype == "mcq" else "a"
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        f.err(f.node("choices"), "choice-count",
              f"{a} {f.qtype} question needs {MIN_CHOICES}-{MAX_CHOICES} choices, found {len(choices)}")
    seen: dict[str, tuple[int, str]] = {}
    for number, (value, node) in enumerate(choices, 1):
        key = normalize(value)
        if key in seen:
            other_number, other_value = seen[key]
            if other_value == value:
                f.err(node, "duplicate-choice", f"choice {quoted(value)} repeats choice {other_number}")
            else:
                f.err(node, "duplicate-choice",
                      f"choice {quoted(value)} is the same as choice {other_number} {quoted(other_value)} once normalised",
                      "choices must differ by more than case, spacing or quote style")
        else:
            seen[key] = (number, value)
    listed = [c for c, _ in choices]
    for value, node in wanted:
        if value not in listed:
            near = closest(value, listed)
            f.err(node, "answer-not-a-choice", f"answer {quoted(value)} is not one of the choices",
                  f"did you mean {quoted(near)}?" if near else "copy the answer into `choices` exactly")
