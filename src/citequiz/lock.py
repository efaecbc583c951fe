"""The lock file `questions/.citequiz-lock.json`: when each question's content last changed.

A deck that a learner re-imports must update the notes that changed and leave the others alone.
Anki updates a note only when the incoming note's modification time is strictly newer, so each
note's time has to be stable while its content is unchanged and move forward when it changes.
The lock file records, per question id, a hash of what the question puts into the deck and the
time that hash last changed. It is committed with the banks; `citequiz build` keeps it current
(the one place the build writes into `questions/`). Everything here but `write_lock` is pure.

It also records the GUID namespace, chosen once from the project name at the first build, so
renaming the project later does not turn every note into a new one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .controls import find_control
from .errors import CitequizError, Finding, error
from .files import MB, InputError, describe_error, read_input
from .model import ID_RE, Pos
from .write import atomic_write, remove_leftovers_beside

LOCK_FILE = "questions/.citequiz-lock.json"
FORMAT = 1
MAX_LOCK_BYTES = 64 * MB  # some 500,000 questions
_COMMENT = ("Written by `citequiz build`: when each question last changed, so that a rebuilt "
            "Anki deck updates only the notes that changed. Commit it with the banks.")


@dataclass(frozen=True)
class Stamp:
    """A content hash and the time (Unix seconds, UTC) it last changed."""

    hash: str
    changed: int


@dataclass(frozen=True)
class Lock:
    namespace: str | None = None
    note_types: Mapping[str, Stamp] = field(default_factory=dict)
    questions: Mapping[str, Stamp] = field(default_factory=dict)

    def changed(self, question_id: str, default: int) -> int:
        stamp = self.questions.get(question_id)
        return stamp.changed if stamp else default


EMPTY = Lock()


def updated(lock: Lock, *, namespace: str, note_types: Mapping[str, str],
            questions: Mapping[str, str], now: int) -> Lock:
    """The lock for this build: entries whose hash is unchanged keep their time, new or changed
    ones get `now` (never earlier than one second after their previous time, so an edit made
    within the same second as the last build still reaches the learner). Entries for questions
    that no longer exist are dropped."""

    def merge(old: Mapping[str, Stamp], hashes: Mapping[str, str]) -> dict[str, Stamp]:
        out: dict[str, Stamp] = {}
        for key in sorted(hashes):
            prev = old.get(key)
            if prev is not None and prev.hash == hashes[key]:
                out[key] = prev
            else:
                out[key] = Stamp(hashes[key], max(now, prev.changed + 1) if prev else now)
        return out

    return Lock(
        namespace=lock.namespace or namespace,
        note_types=merge(lock.note_types, note_types),
        questions=merge(lock.questions, questions),
    )


def dumps(lock: Lock) -> bytes:
    """Sorted, one line per entry, so an edited question shows as a one-line diff."""

    def section(stamps: Mapping[str, Stamp]) -> str:
        lines = [
            f"  {json.dumps(k, ensure_ascii=False)}: "
            + json.dumps({"hash": s.hash, "changed": _iso(s.changed)}, ensure_ascii=False)
            for k, s in sorted(stamps.items())
        ]
        return "{\n" + ",\n".join(lines) + "\n }" if lines else "{}"

    text = (
        "{\n"
        f' "comment": {json.dumps(_COMMENT)},\n'
        f' "format": {FORMAT},\n'
        f' "namespace": {json.dumps(lock.namespace, ensure_ascii=False)},\n'
        f' "note_types": {section(lock.note_types)},\n'
        f' "questions": {section(lock.questions)}\n'
        "}\n"
    )
    return text.encode("utf-8")


def loads(data: bytes, *, file: str = LOCK_FILE) -> tuple[Lock, list[Finding]]:
    """Parse a lock file, validating all of it; a damaged one is an error (building on would
    silently reset every note's time, or re-key every note), with the way out in the hint."""
    hint = ("restore it from version control, or delete it to start afresh "
            "(every note then counts as changed)")
    try:
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ValueError(f"not a format-{FORMAT} lock file")
        unknown = sorted(set(raw) - {"comment", "format", "namespace", "note_types", "questions"})
        if unknown:
            raise ValueError(f"unknown key `{unknown[0]}`")
        namespace = raw.get("namespace")
        if not isinstance(namespace, str) or not namespace.strip() or find_control(namespace):
            # The namespace makes every note's GUID: a new one would make every note new, so a
            # re-import would give the learner each card twice.
            what = "missing" if namespace is None else "empty" if namespace == "" else f"not valid ({namespace!r})"
            return EMPTY, [error(Pos(file, 1, 1), "lock-invalid", f"the lock file's `namespace` is {what}",
                                 "restore it from version control (`git log -p " + LOCK_FILE + "`): it makes the "
                                 "Anki notes' identity, and a new one would duplicate every note on re-import")]
        sections = {}
        for name in ("note_types", "questions"):
            entries = raw.get(name, {})
            if not isinstance(entries, dict):
                raise ValueError(f"`{name}` must be a mapping")
            sections[name] = {k: _stamp(name, k, v) for k, v in entries.items()}
    except (UnicodeDecodeError, ValueError) as exc:
        return EMPTY, [error(Pos(file, 1, 1), "lock-invalid", f"cannot read the lock file: {exc}", hint)]
    return Lock(namespace, sections["note_types"], sections["questions"]), []


_HASH = re.compile(r"sha256:[0-9a-f]{16}\Z")


def _stamp(section: str, key: str, entry: object) -> Stamp:
    where = f"`{section}` entry {json.dumps(key, ensure_ascii=True)}"
    if section == "questions" and not ID_RE.match(key):
        raise ValueError(f"{where} is not a question id")
    if not isinstance(entry, dict) or set(entry) != {"hash", "changed"}:
        raise ValueError(f"{where} must have exactly `hash` and `changed`")
    if not isinstance(entry["hash"], str) or not _HASH.match(entry["hash"]):
        raise ValueError(f"{where} has a `hash` that is not sha256:<16 hex digits>: {entry['hash']!r}")
    return Stamp(entry["hash"], _parse_iso(entry["changed"]))


def read_lock(root: Path) -> tuple[Lock, list[Finding]]:
    path = Path(root) / LOCK_FILE
    try:
        data = read_input(path, limit=MAX_LOCK_BYTES)
    except FileNotFoundError:
        return EMPTY, []
    except OSError as exc:
        return EMPTY, [error(Pos(LOCK_FILE, 1, 1), "lock-invalid",
                             f"cannot read the lock file: it {describe_error(exc)}" if isinstance(exc, InputError)
                             else f"cannot read the lock file: {describe_error(exc)}")]
    return loads(data)


def write_lock(root: Path, lock: Lock) -> bool:
    """Write the lock atomically if its bytes differ from the file's; True if written."""
    path = Path(root) / LOCK_FILE
    data = dumps(lock)
    try:
        remove_leftovers_beside([path])  # a build killed while writing it
        if not path.is_symlink() and path.is_file() and path.read_bytes() == data:
            return False
        atomic_write(path, data)
    except OSError as exc:
        raise CitequizError(f"{LOCK_FILE}: cannot write the lock file: {exc.strerror}") from exc
    return True


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_iso(text: object) -> int:
    if not isinstance(text, str):
        raise ValueError(f"`changed` must be a time like 2026-01-31T12:00:00Z, not {text!r}")
    stamp = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return int(stamp.timestamp())
