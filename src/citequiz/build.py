"""Stage 4 — render every output and hand each to `write` as it comes.

Each renderer is a pure function `(project, ctx) -> {relative path: bytes}`. The build
loads and checks first and refuses on errors, so a failed check leaves the output folder as it
was. Renderers are listed in `RENDERERS`; the index is rendered last because it links the rest.

The order is load → check → lock update → render → write; a rebuild with nothing changed stops
after the check. The lock update is the one step that needs the clock: it gives every question
whose deck content changed the current time, so the renderers themselves stay pure (see `lock.py`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import lock as lockfile
from .check import check_project
from .errors import CheckFailed, Finding
from .load import load_project
from .model import Project
from .render import anki, gift, index, printable, qti, quiz, source, tabular
from .render import coverage as coverage_page
from .templating import builtin_templates, environment
from .write import WriteReport, digest_of, inputs_snapshot, reuse_outputs, write_outputs


@dataclass(frozen=True)
class Context:
    """What every renderer may use besides the project."""

    env: jinja2.Environment
    lock: lockfile.Lock = lockfile.EMPTY


Renderer = Callable[[Project, Context], dict[str, bytes]]

# Stages that produce outputs, in order. Each later issue adds its renderer here.
RENDERERS: list[Renderer] = [
    quiz.render,  # quiz/<bank>.html: the interactive quiz, one self-contained page per bank
    source.render,  # sources/<seed-stem>.html: the source reader, lines addressable as #L3, #L3-L5
    anki.render,
    printable.render,  # print/<bank>.html: forms A, B, ... and their answer keys
    gift.render,  # lms/<bank>.gift.txt: Moodle GIFT
    qti.render,  # lms/<bank>.qti.zip: QTI 1.2 for Canvas
    tabular.render,  # lms/<bank>.csv and lms/<bank>.tsv (Quizlet / Anki text import)
    coverage_page.render,  # coverage.html: which seed lines the questions cite
]


def render_all(project: Project, lock: lockfile.Lock = lockfile.EMPTY) -> dict[str, bytes]:
    return dict(render_each(project, lock))


def render_each(project: Project, lock: lockfile.Lock = lockfile.EMPTY) -> Iterator[tuple[str, bytes]]:
    """Every output as (path, bytes), renderer by renderer, handing each one over and dropping
    it before the next renderer runs: the build writes them as they come, so it holds one
    renderer's outputs at a time, not all of them (1.3 GB at 100k questions)."""
    ctx = Context(env=environment(project.root), lock=lock)
    names: set[str] = set()
    for renderer in RENDERERS:
        produced = renderer(project, ctx)
        clash = names & produced.keys()
        assert not clash, f"two renderers write {sorted(clash)}"
        names.update(produced)
        for rel in sorted(produced):
            yield rel, produced.pop(rel)
    yield from index.render(project, ctx, sorted(names)).items()


def build(root: Path, out_dir: Path, *, strict: bool = False,
          now: int | None = None) -> tuple[Project, list[Finding], WriteReport]:
    snapshot = project_snapshot(root)  # before loading: see write.inputs_snapshot
    project, findings = load_project(root)
    findings += check_project(project)
    old_lock, more = lockfile.read_lock(root)
    findings += more
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
        lock = update_lock(project, old_lock, now=int(time.time()) if now is None else now)
        # The lock is written before the outputs, so whatever is in build/ can always be rebuilt
        # from what is on disk in questions/; and before the digest, which covers it.
        if lockfile.write_lock(root, lock):
            snapshot[lockfile.LOCK_FILE] = hashlib.sha256(lockfile.dumps(lock)).hexdigest()
            digest = digest_of(snapshot)
        report = write_outputs(out_dir, render_each(project, lock), digest=digest)
        report.lock_changes = lock_changes(old_lock, lock)
    return project, findings, report


def project_digest(root: Path) -> str:
    """A digest of everything the outputs depend on: the project's banks (and lock file), seeds,
    templates and config, and citequiz's own code and built-in templates."""
    return digest_of(project_snapshot(root))


def project_snapshot(root: Path) -> dict[str, str]:
    return inputs_snapshot(Path(root), folders=("questions", "seeds", "templates"),
                           files=("citequiz.toml", "pyproject.toml"),
                           code=(Path(__file__).resolve().parent, builtin_templates()))


def lock_changes(old: lockfile.Lock, new: lockfile.Lock) -> int:
    """How many questions the lock now records as new, changed or gone: the Anki notes that a
    re-import will add, update or (gone) leave alone."""
    ids = old.questions.keys() | new.questions.keys()
    return sum(old.questions.get(i) != new.questions.get(i) for i in ids)


def update_lock(project: Project, lock: lockfile.Lock, *, now: int) -> lockfile.Lock:
    note_types, questions = anki.fingerprints(project, environment(project.root))
    return lockfile.updated(lock, namespace=project.name, note_types=note_types,
                            questions=questions, now=now)
