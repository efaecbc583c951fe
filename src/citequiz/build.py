"""Stage 4 — gather every output in memory, then hand them to `write` in one go.

Each renderer is a pure function `(project, ctx) -> {relative path: bytes}`. The build
loads and checks first and refuses on errors, so a failed check leaves the output folder as it
was. Renderers are listed in `RENDERERS`; the index is rendered last because it links the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .check import check_project
from .errors import CheckFailed, Finding
from .load import load_project
from .model import Project
from .render import index
from .templating import builtin_templates, environment
from .write import WriteReport, inputs_digest, reuse_outputs, write_outputs


@dataclass(frozen=True)
class Context:
    """What every renderer may use besides the project."""

    env: jinja2.Environment


Renderer = Callable[[Project, Context], dict[str, bytes]]

# Stages that produce outputs, in order. Each later issue adds its renderer here.
RENDERERS: list[Renderer] = []


def render_all(project: Project) -> dict[str, bytes]:
    ctx = Context(env=environment(project.root))
    outputs: dict[str, bytes] = {}
    for renderer in RENDERERS:
        produced = renderer(project, ctx)
        clash = outputs.keys() & produced.keys()
        assert not clash, f"two renderers write {sorted(clash)}"
        outputs.update(produced)
    outputs.update(index.render(project, ctx, sorted(outputs)))
    return outputs


def build(root: Path, out_dir: Path, *, strict: bool = False) -> tuple[Project, list[Finding], WriteReport]:
    project, findings = load_project(root)
    findings += check_project(project)
    if strict:
        findings = [f.strict() for f in findings]
    if any(f.severity == "error" for f in findings):
        raise CheckFailed(findings)
    # Unchanged inputs and untouched outputs: nothing to render (see write.reuse_outputs).
    digest = project_digest(project.root)
    report = reuse_outputs(out_dir, digest) or write_outputs(out_dir, render_all(project), digest=digest)
    return project, findings, report


def project_digest(root: Path) -> str:
    """A digest of everything the outputs depend on: the project's banks, seeds, templates and
    config, and citequiz's own code and built-in templates."""
    return inputs_digest(Path(root), folders=("questions", "seeds", "templates"),
                         files=("citequiz.toml", "pyproject.toml"),
                         code=(Path(__file__).resolve().parent, builtin_templates()))
