"""Stage 1 — a project directory to a `Project` model plus every finding met on the way.

Reads the config, `seeds/` (with `sources.yaml`) and every `questions/*.yaml`. Nothing here
writes a file. Findings about the bank *shape* come from `load_bank`; grounding comes later
in `check`, which needs the seeds this module loaded.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .config import load_config
from .errors import Finding, UsageError
from .files import InputError, describe_error, read_input
from .load_bank import load_bank
from .model import Bank, Pos, Project, Seed, SourceInfo
from .errors import error, warning
from .yamlsrc import MAX_BYTES, too_large
from .seeds import load_sources, read_seed, resolve, seed_names

QUESTIONS_DIR = "questions"
SEEDS_DIR = "seeds"


def bank_paths(root: Path) -> list[Path]:
    qdir = root / QUESTIONS_DIR
    if not qdir.is_dir():
        return []
    return sorted(p for p in qdir.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))


def name_problem(name: str) -> str | None:
    """Why a bank's or seed's file name cannot name an output, or None. The outputs' names
    derive from it: it must be UTF-8 (it goes into pages) and leave room for the longest."""
    if any("\udc80" <= c <= "\udcff" for c in name):
        return "the file name is not valid UTF-8"
    if max((len(part.encode("utf-8")) for part in name.split("/")), default=0) > MAX_NAME_BYTES:
        return f"the file name is longer than {MAX_NAME_BYTES} bytes"
    return None


def shown_name(name: str) -> str:
    """A file name fit for a message: bytes that are not UTF-8 as \\xff."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


MAX_NAME_BYTES = 200  # a page name adds `.html` and a temporary one `.` and `.XXXXXXXX.tmp`


@contextmanager
def paused_gc() -> Iterator[None]:
    """Loading builds millions of small acyclic objects (YAML nodes, records) that the cyclic
    collector would scan again and again: pausing it more than halves the time of a large load.
    Whatever cycles arise meanwhile are collected when it resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def place_by_selector(banks: list[Bank], seeds: dict[str, Seed]) -> tuple[list[Bank], list[Finding]]:
    """Give each citation written without line numbers the lines its quote selector finds."""
    from dataclasses import replace

    from .anchor import locate
    from .errors import quoted
    from .normalize import NormText

    if all(c.lines_given for bank in banks for q in bank.questions for c in q.sources):
        return banks, []
    findings: list[Finding] = []
    norms: dict[str, NormText] = {}
    placed = []
    for bank in banks:
        questions = []
        for q in bank.questions:
            sources = []
            for c in q.sources:
                seed = seeds.get(c.seed)
                if c.lines_given or c.selector is None or seed is None:
                    sources.append(c)  # an unknown seed: the check reports it
                    continue
                norm = norms.setdefault(c.seed, NormText(seed.plain))
                place = locate(norm, c.selector)
                if place is None:
                    findings.append(error(c.pos, "selector-not-found",
                                          f"the quote selector's text {quoted(c.selector.exact)} occurs nowhere in {c.seed}",
                                          "copy `exact` from the seed, or give the lines: `at: FILE:LINE`"))
                    sources.append(c)
                    continue
                if not place.exact:
                    findings.append(warning(c.pos, "selector-changed",
                                            f"the quote selector's text does not occur in {c.seed}; the closest passage, "
                                            f"{place.similarity:.0%} similar, is at line {place.first}: {quoted(place.text)}",
                                            "update `exact` to the seed's text"))
                elif place.places > 1:
                    findings.append(warning(c.pos, "selector-ambiguous",
                                            f"the quote selector's text occurs at {place.places} places in {c.seed}; "
                                            f"took line {place.first}", "add a `prefix` or `suffix`, or give the lines"))
                sources.append(replace(c, first=place.first, last=place.last))
            questions.append(replace(q, sources=tuple(sources)) if tuple(sources) != q.sources else q)
        placed.append(replace(bank, questions=tuple(questions)))
    return placed, findings


def load_project(root: Path) -> tuple[Project, list[Finding]]:
    with paused_gc():
        return _load_project(Path(root))


def _load_project(root: Path) -> tuple[Project, list[Finding]]:
    if not root.is_dir():
        raise UsageError(f"{root}: no such project directory")
    if not (root / QUESTIONS_DIR).is_dir():
        raise UsageError(f"{root}: not a citequiz project (no `{QUESTIONS_DIR}/` folder)",)
    config, findings = load_config(root)
    linked = [name for name in (QUESTIONS_DIR, SEEDS_DIR) if (root / name).is_symlink()]
    for name in linked:
        # Everything in seeds/ is published in build/sources/: a linked folder would publish
        # whatever folder it points to. Only the project's own folders are read.
        findings.append(error(Pos(f"{name}/"), "folder-is-link",
                              f"{name}/ is a symbolic link (to {os.readlink(root / name)}); it is not read",
                              f"make {name}/ a real folder and copy the files you mean into it"))
    seeds_dir = root / SEEDS_DIR
    infos, more = load_sources(seeds_dir, SEEDS_DIR) if SEEDS_DIR not in linked else ({}, [])
    findings += more
    seeds: dict[str, Seed] = {}
    unreadable: list[OSError] = []
    # A document that `citequiz import` converted is the original of a seed, not a seed itself.
    originals = {info.original for info in infos.values() if info.original}
    for name in seed_names(seeds_dir, errors=unreadable) if SEEDS_DIR not in linked else []:
        if f"{SEEDS_DIR}/{name}" in originals:
            continue
        bad_name = name_problem(name)
        if bad_name:
            findings.append(error(Pos(f"{SEEDS_DIR}/{shown_name(name)}"), "bad-file-name",
                                  f"{bad_name}; the seed is not read", "rename the file"))
            continue
        path, problem = resolve(seeds_dir, name)
        if problem == "outside":
            findings.append(error(Pos(f"{SEEDS_DIR}/{name}"), "seed-outside",
                                  "seed is a link to a file outside seeds/; it is ignored",
                                  "copy the text into seeds/ instead of linking it"))
            continue
        if path is None:
            continue
        info = infos.get(name) or SourceInfo(title=name)
        seed, more = read_seed(path, name, info, f"{SEEDS_DIR}/{name}")
        findings += more
        if seed is not None:
            seeds[name] = seed
    for exc in unreadable:
        where = Path(exc.filename).relative_to(root).as_posix() if exc.filename else SEEDS_DIR
        findings.append(error(Pos(shown_name(where)), "unreadable", f"cannot read the folder: {describe_error(exc)}"))
    for name in sorted(infos):
        if name not in seeds and not (seeds_dir / name).exists():
            findings.append(error(Pos(f"{SEEDS_DIR}/sources.yaml"), "unknown-seed",
                                  f"sources.yaml describes {name}, which is not in seeds/"))
    banks: list[Bank] = []
    try:
        paths = bank_paths(root) if QUESTIONS_DIR not in linked else []
    except OSError as exc:
        findings.append(error(Pos(f"{QUESTIONS_DIR}/"), "unreadable", f"cannot read the folder: {describe_error(exc)}"))
        paths = []
    if not paths and not linked:
        findings.append(warning(Pos(f"{QUESTIONS_DIR}/"), "no-banks", "no bank files (*.yaml) in questions/",
                                "`citequiz init` shows a sample bank"))
    first: dict[str, Path] = {}
    for path in paths:
        shown = f"{QUESTIONS_DIR}/{shown_name(path.name)}"
        bad_name = name_problem(path.name)
        if bad_name:
            findings.append(error(Pos(shown, 1, 1), "bad-file-name", f"{bad_name}; the bank is not read",
                                  "rename the file"))
            continue
        other = first.setdefault(path.stem.casefold(), path)
        if other is not path:
            # A bank's name (its file's stem) names its quiz, print and LMS files and its deck.
            findings.append(error(Pos(shown, 1, 1), "bank-name-clash",
                                  f"{shown} and {QUESTIONS_DIR}/{other.name} would build the same outputs "
                                  f"(quiz/{other.stem}.html, ...); it is not read",
                                  "rename one of the two files"))
            continue
        try:
            text = read_input(path, limit=MAX_BYTES).decode("utf-8-sig")  # a bigger one is not read
        except UnicodeDecodeError as exc:
            findings.append(error(Pos(shown, 1, 1), "not-utf8", f"bank file is not UTF-8: {exc.reason}"))
            continue
        except InputError as exc:
            findings.append(too_large(shown, exc.size) if exc.size else
                            error(Pos(shown, 1, 1), "not-a-file", f"bank {exc.reason}; it is not read"))
            continue
        except OSError as exc:
            findings.append(error(Pos(shown, 1, 1), "unreadable", f"cannot read: {describe_error(exc)}"))
            continue
        bank, more = load_bank(text, file=shown)
        findings += more
        if bank is not None:
            banks.append(bank)
    banks, more = place_by_selector(banks, seeds)
    findings += more
    title = config.title or root.resolve().name
    return Project(root=root, title=title, banks=tuple(banks), seeds=seeds, config=config), findings
