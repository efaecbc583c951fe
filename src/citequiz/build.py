"""Stage 4 — check, then render every enabled format and hand each output to `write`.

The formats and their interface live in `render/` (`render.registry`, `render.context`). The
build loads and checks first and refuses on errors, so a failed check leaves the output folder as
it was. The order is load → check → lock update → render into a staging folder → publish into build/ →
write the lock; a rebuild with nothing changed stops after the check. The lock update is the one step that needs the clock: it gives
every question whose deck content changed the current time, so the renderers themselves stay
pure (see `lock.py`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

from . import lock as lockfile
from .check import check_project
from .errors import CheckFailed, CitequizError, Finding, UsageError
from .load import load_project
from .model import Project
from .render import anki
from .render.registry import ENTRY_POINTS, Configured, configure, render_each as _render_each
from .templating import builtin_templates, environment
from .write import WriteReport, digest_of, inputs_snapshot, reuse_outputs, set_digest, write_outputs


def render_all(project: Project, lock: lockfile.Lock = lockfile.EMPTY) -> dict[str, bytes]:
    """Every output of every enabled format, in memory (for tests and tools; a build streams)."""
    return dict(render_each(project, lock))


def render_each(project: Project, lock: lockfile.Lock = lockfile.EMPTY,
                formats: list[Configured] | None = None) -> Iterator[tuple[str, bytes]]:
    """Every output as (path, bytes), format by format, handing each one over and dropping it
    before the next: the build writes them as they come (1.3 GB held at 100k questions otherwise)."""
    if formats is None:
        formats = configure(project)[0]
    return _render_each(project, formats, lock)


def build(root: Path, out_dir: Path, *, strict: bool = False,
          now: int | None = None) -> tuple[Project, list[Finding], WriteReport]:
    # Where the outputs go is a usage question, answered before the project is even read.
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: the output folder is a file; name a folder with -o")
    refuse_output_over_inputs(Path(root), Path(out_dir))
    snapshot = project_snapshot(root)  # before loading: see write.inputs_snapshot
    project, findings = load_project(root)
    checked = check_project(project)
    findings += checked.findings
    if strict:
        findings = [f.strict() for f in findings]
    if any(f.severity == "error" for f in findings):
        raise CheckFailed(findings)
    # Unchanged inputs (the lock file among them) and untouched outputs: nothing to render (see
    # write.reuse_outputs), and no lock update either, as it would give the lock on disk again:
    # the last build wrote it, and a lock is updated only for changed hashes.
    digest = digest_of(snapshot)
    report = reuse_outputs(out_dir, digest)
    if report is None:
        old_lock, lock = checked.lock, checked.lock
        deck = next((c for c in checked.formats if c.format is anki.FORMAT), None)
        if deck is not None:
            lock = update_lock(project, old_lock, settings=deck.settings,
                               now=int(time.time()) if now is None else now)
        # Publish whole, then the lock, then the digest that covers it: a render that fails
        # leaves build/ and the lock as they were; a build killed before the digest is written
        # is redone by the next one.
        try:
            report = write_outputs(out_dir, render_each(project, lock, checked.formats))
        except OSError as exc:  # a full disk, a read-only folder, a folder that cannot be made
            where = f" ({exc.filename})" if exc.filename else ""
            raise CitequizError(f"cannot write the outputs into {out_dir}: "
                                f"{(exc.strerror or str(exc)).lower()}{where}") from None

        if lockfile.write_lock(root, lock):
            snapshot[lockfile.LOCK_FILE] = hashlib.sha256(lockfile.dumps(lock)).hexdigest()
        report.digest = digest_of(snapshot)
        set_digest(out_dir, report.digest)
        report.lock_changes = lock_changes(old_lock, lock)
    return project, findings, report


INPUT_FOLDERS = ("questions", "seeds", "templates")


def refuse_output_over_inputs(root: Path, out_dir: Path) -> None:
    """The output folder may neither lie inside an input folder (outputs would be read back as
    seeds or banks, and a seed named index.html overwritten) nor contain one (`-o .`, `-o ..`)."""
    out = out_dir.resolve()
    for name in INPUT_FOLDERS:
        folder = (root / name).resolve()
        if out.is_relative_to(folder) or folder.is_relative_to(out):
            where = "inside" if out.is_relative_to(folder) else "around"
            raise UsageError(f"{out_dir}: the output folder lies {where} the project's {name}/ folder; "
                             "build into a folder of its own (the default is PROJECT_DIR/build)")


def project_digest(root: Path) -> str:
    """A digest of everything the outputs depend on: the project's banks (and lock file), seeds,
    templates and config, and citequiz's own code and built-in templates."""
    return digest_of(project_snapshot(root))


def project_snapshot(root: Path) -> dict[str, str]:
    return inputs_snapshot(Path(root), folders=("questions", "seeds", "templates", "media"),
                           files=("citequiz.toml", "pyproject.toml"),
                           code=(Path(__file__).resolve().parent, builtin_templates()), plugins=(ENTRY_POINTS,))


def lock_changes(old: lockfile.Lock, new: lockfile.Lock) -> int:
    """How many questions the lock now records as new, changed or gone: the Anki notes that a
    re-import will add, update or (gone) leave alone."""
    ids = old.questions.keys() | new.questions.keys()
    return sum(old.questions.get(i) != new.questions.get(i) for i in ids)


def update_lock(project: Project, lock: lockfile.Lock, *, now: int, settings=None) -> lockfile.Lock:
    note_types, questions = anki.fingerprints(project, environment(project.root), settings)
    return lockfile.updated(lock, namespace=project.name, note_types=note_types,
                            questions=questions, now=now)
