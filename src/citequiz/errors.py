"""Findings (what `check` reports) and the one exception family the CLI turns into messages."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Pos


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place, printed compiler style:
    `questions/trade.yaml:42:13: error[answer-not-in-source]: message; hint`."""

    pos: Pos
    severity: str  # "error" | "warning"
    rule: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.pos}: {self.severity}[{self.rule}]: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text

    def strict(self) -> "Finding":
        """This finding with a warning promoted to an error (`--strict`)."""
        return Finding(self.pos, "error", self.rule, self.message, self.hint)

    def as_json(self) -> dict:
        return {
            "file": self.pos.file,
            "line": self.pos.line,
            "column": self.pos.column,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "hint": self.hint,
        }


def quoted(text: object) -> str:
    """Text quoted for a message: "like this"."""
    return '"' + str(text).replace('"', '\\"') + '"'


def error(pos: Pos, rule: str, message: str, hint: str | None = None) -> Finding:
    return Finding(pos, "error", rule, message, hint)


def warning(pos: Pos, rule: str, message: str, hint: str | None = None) -> Finding:
    return Finding(pos, "warning", rule, message, hint)


class CitequizError(Exception):
    """A user-facing failure: the CLI prints it (no traceback) and exits with `exit_code`."""

    exit_code = 1


class UsageError(CitequizError):
    exit_code = 2


class CheckFailed(CitequizError):
    """The check found errors, so nothing was built."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        n = sum(f.severity == "error" for f in findings)
        super().__init__(f"build refused: {n} error{'s' if n != 1 else ''} (run `citequiz check`)")


class RenderError(CitequizError):
    """A format could not render (a template error, an unwritable file, a plugin's bug); the
    build published nothing."""


class TemplateContentError(RenderError):
    """A template file holds something that cannot be inlined as it is."""
