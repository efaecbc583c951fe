"""`citequiz cite`: where does a quote occur in the seeds? The authoring helper."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import lines

from .load import load_project
from .normalize import NormText, normalize


@dataclass(frozen=True)
class Hit:
    label: str  # seed:LINE or seed:FIRST-LAST, ready to paste as `source:`
    context: str  # the line's text, trimmed around the match
    ratio: float = 1.0


def cite(root: Path, quote: str) -> tuple[list[Hit], Hit | None]:
    """(every exact hit, or the closest near-miss when there is none)."""
    project, _ = load_project(root)
    needle = normalize(quote)
    hits: list[Hit] = []
    best: Hit | None = None
    for name in sorted(project.seeds):
        seed = project.seeds[name]
        norm = NormText(seed.plain)
        for first, last in norm.find_lines(needle):
            label = lines.label(name, first, last)
            hits.append(Hit(label, _context(seed.plain[first - 1], quote)))
        if not hits and needle and seed.lines:
            ratio, line, text = norm.nearest(needle, 1, len(seed.lines))
            if best is None or ratio > best.ratio:
                best = Hit(f"{name}:{line}", text, ratio)
    return hits, (None if hits else best)


def _context(line: str, quote: str, width: int = 160) -> str:
    line = line.strip()
    if len(line) <= width:
        return line
    at = normalize(line).find(normalize(quote))
    start = max(0, min(at - width // 3, len(line) - width)) if at >= 0 else 0
    text = line[start : start + width]
    return ("…" if start else "") + text + ("…" if start + width < len(line) else "")
