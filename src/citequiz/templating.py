"""The one Jinja environment factory.

Autoescape for HTML, StrictUndefined so a typo in a template fails the build, and a
ChoiceLoader that puts a quiz project's own `templates/` before the built-in ones, so a project
can override any template by name.
"""

from __future__ import annotations

import stat
from pathlib import Path

import jinja2
import jinja2.sandbox

_HERE = Path(__file__).resolve().parent


def builtin_templates() -> Path:
    """Installed wheels carry the templates inside the package; a source checkout has them at
    the repository root."""
    packaged = _HERE / "templates"
    if packaged.is_dir():
        return packaged
    return _HERE.parents[1] / "templates"


class ProjectLoader(jinja2.FileSystemLoader):
    """A project's own `templates/`: only regular files inside the folder are templates. A FIFO
    would block the build, a link out of the folder would publish the file it names."""

    def get_source(self, environment, template):
        folder = Path(self.searchpath[0])
        path = folder.joinpath(*jinja2.loaders.split_template_path(template))
        if path.exists() or path.is_symlink():
            try:
                real = path.resolve(strict=True)
            except (OSError, RuntimeError):
                real = None
            if real is None or not real.is_relative_to(folder.resolve()):
                raise jinja2.TemplateError(f"templates/{template} is a link out of templates/; it is not read")
            if not stat.S_ISREG(real.stat().st_mode):
                raise jinja2.TemplateError(f"templates/{template} is not a regular file; it is not read")
        return super().get_source(environment, template)


def environment(project_root: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if project_root is not None and (Path(project_root) / "templates").is_dir():
        loaders.append(ProjectLoader(str(Path(project_root) / "templates")))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
    # The sandbox: a project's own templates come with the project, which may be someone else's,
    # and plain Jinja lets a template reach Python (`cycler.__init__.__globals__.os`).
    env = jinja2.sandbox.SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "j2"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
