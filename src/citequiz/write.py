"""Stage 5 — the only place that touches the output folder.

A build publishes whole: every output is first written into a staging folder beside the output
folder (`.build.staging/`), and only when every format has rendered are the files renamed into
place, so a failed render leaves the output folder exactly as it was, and an interrupted publish
never leaves a half-written file (a killed build's leftovers are removed by the next one). A file
whose bytes are unchanged is not rewritten. Files a previous
build made and this one no longer makes are removed, if they are still as that build left them;
nothing else in the folder is touched, and no symbolic link inside it is ever followed.

The manifest (`build/.citequiz-manifest.json`) records a digest of every input the renderers
read (`inputs_digest`) and each output's size, mtime and SHA-256. When the inputs are unchanged
and every output is still as written, `reuse_outputs` lets the build skip rendering altogether.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import CitequizError
from .files import MB, InputError, read_input

MANIFEST = ".citequiz-manifest.json"
MAX_HASHED = 64 * MB  # no input a build reads is larger (seeds: 10 MB)
_UMASK = os.umask(0)
os.umask(_UMASK)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reused: bool = False  # nothing changed since the last build: rendering was skipped
    digest: str = ""  # the inputs' digest (see inputs_digest)
    lock_changes: int = 0  # questions whose entry in the Anki lock file this build changed

    def summary(self) -> str:
        """The build's closing words, e.g. "3 written, 9 unchanged"."""
        if self.reused:
            n = len(self.unchanged)
            return (f"nothing changed since the last build (inputs {self.digest[:12]}): "
                    f"{n} output{'s' * (n != 1)} up to date, rendering skipped")
        n = self.lock_changes
        return (f"{len(self.written)} written, {len(self.unchanged)} unchanged"
                + (f", {len(self.removed)} stale removed" if self.removed else "")
                + (f"; lock file updated for {n} question{'s' * (n != 1)}" if n else ""))


def atomic_write(path: Path, data: bytes, *, in_place: bool = False) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    `in_place` is for a file the user owns (a bank): a link is written through to its target
    (the link stays a link) and the file keeps its permissions. Otherwise a link at `path` is
    replaced, and the file gets the permissions new files get (0666 less the umask)."""
    mode = 0o666 & ~_UMASK  # mkstemp makes 0600; outputs are meant to be shared
    if in_place:
        path = path.resolve() if path.is_symlink() else path
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_LEFTOVER = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp\Z")  # atomic_write's temporary names


def staging_dir(out_dir: Path) -> Path:
    """Where a build renders before it publishes: a folder beside the output folder (same file
    system, so publishing is a rename per file)."""
    return out_dir.parent / f".{out_dir.name}.staging"


def write_outputs(out_dir: Path, outputs: Mapping[str, bytes] | Iterable[tuple[str, bytes]], *,
                  digest: str = "") -> WriteReport:
    """Publish whole: render `outputs` (a mapping, or (path, bytes) pairs as a build renders them,
    each written to the staging folder and let go) and only when every one has come, move them
    into `out_dir` and remove the previous build's outputs not among them. If producing the
    outputs fails, the staging folder is removed and `out_dir` is exactly as it was."""
    report = WriteReport(digest=digest)
    staging = staging_dir(out_dir)
    if staging.is_symlink():  # never write through a link
        staging.unlink()
    shutil.rmtree(staging, ignore_errors=True)  # a killed build's leftovers
    staged: list[str] = []
    keep: list[str] = []
    try:
        pairs = sorted(outputs.items()) if isinstance(outputs, Mapping) else outputs
        for rel, data in pairs:
            target = _inside(out_dir, rel)
            try:
                if not target.is_symlink() and target.is_file() and target.stat().st_size == len(data) \
                        and target.read_bytes() == data:
                    keep.append(rel)
                    continue
            except OSError:
                pass
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            staged.append(rel)
        _publish(out_dir, staging, staged, keep, digest, report)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _publish(out_dir: Path, staging: Path, staged: list[str], keep: list[str], digest: str,
             report: WriteReport) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out_dir)
    previous = _read_manifest(out_dir)
    # Forget the previous inputs digest first: if this build is killed half way, the next one
    # must not take a half-old, half-new folder as up to date.
    if previous.get("digest"):
        atomic_write(out_dir / MANIFEST, _manifest_bytes("", previous.get("outputs", {})))
    records: dict[str, dict] = {}
    for rel in keep:
        records[rel] = _record(out_dir / rel)
        report.unchanged.append(rel)
    for rel in staged:
        source, target = staging / rel, _inside(out_dir, rel)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(source, "rb+") as f:  # on disk before it is renamed into place
            os.fsync(f.fileno())
        os.chmod(source, 0o666 & ~_UMASK)
        os.replace(source, target)
        records[rel] = _record(target)
        report.written.append(rel)
    for rel, record in sorted(previous.get("outputs", {}).items()):
        if rel not in records and _wrote(out_dir, rel, record):
            (out_dir / rel).unlink()
            report.removed.append(rel)
    atomic_write(out_dir / MANIFEST, _manifest_bytes(digest, records))
    report.written.sort()
    report.unchanged.sort()


def set_digest(out_dir: Path, digest: str) -> None:
    """Record the inputs digest once everything it covers (the lock file too) is written."""
    previous = _read_manifest(out_dir)
    atomic_write(out_dir / MANIFEST, _manifest_bytes(digest, previous.get("outputs", {})))


def reuse_outputs(out_dir: Path, digest: str) -> WriteReport | None:
    """A report of the outputs kept as they are, if the last build had the same inputs digest and
    every output it wrote is still there with the size and mtime it had; otherwise None."""
    previous = _read_manifest(out_dir)
    outputs = previous.get("outputs")
    if not digest or previous.get("digest") != digest or not isinstance(outputs, dict):
        return None
    for rel, record in outputs.items():
        try:
            st = (out_dir / rel).stat()
        except OSError:
            return None
        if not isinstance(record, dict) or [st.st_size, st.st_mtime_ns] != [record.get("size"), record.get("mtime_ns")]:
            return None
    return WriteReport(unchanged=sorted(outputs), reused=True, digest=digest)


def inputs_digest(root: Path, *, folders: Iterable[str], files: Iterable[str], code: Iterable[Path]) -> str:
    """A SHA-256 over everything a build's outputs depend on (see `inputs_snapshot`)."""
    return digest_of(inputs_snapshot(root, folders=folders, files=files, code=code))


def inputs_snapshot(root: Path, *, folders: Iterable[str], files: Iterable[str],
                    code: Iterable[Path], plugins: Iterable[str] = ()) -> dict[str, str]:
    """{label: SHA-256 of its bytes} for everything a build's outputs depend on: the project's
    input `folders` and `files`, citequiz's own code and templates (`code`: files or folders),
    and the versions of Python, the libraries and the installed format `plugins` (entry-point
    group names: a plugin upgraded renders again). Links are hashed by their target's name, never
    followed out of the project. A build takes it *before* loading, so a file saved while the
    build runs differs from what the manifest records, and the next build renders again."""
    snapshot: dict[str, str] = {}

    def add(label: str, data: bytes) -> None:
        snapshot[label] = hashlib.sha256(data).hexdigest()

    for name in files:
        path = root / name
        add("file:" + name, _read(path) if path.is_file() else b"(absent)")
    for name in folders:
        for path in _tree(root / name):
            rel = f"{name}/{path.relative_to(root / name).as_posix()}"
            add("link:" + rel, os.readlink(path).encode("utf-8", "surrogateescape")) if path.is_symlink() \
                else add(rel, _read(path))
    for base in code:
        for path in ([base] if base.is_file() else _tree(base)):
            if path.suffix != ".pyc":
                add("code:" + path.name, _read(path))
    from importlib import metadata  # slow to import; only a build needs it

    versions = [sys.version]
    for dist in ("citequiz", "jinja2", "markupsafe", "pyyaml", "genanki", "markdown-it-py",
                 "mdit-py-plugins", "latex2mathml", "pygments"):
        try:
            versions.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} absent")
    for group in plugins:
        for ep in sorted(metadata.entry_points(group=group), key=lambda e: (e.name, e.value)):
            dist = ep.dist
            versions.append(f"plugin {ep.name}={ep.value} from {dist.name if dist else '?'}=="
                            f"{dist.version if dist else '?'}")
    add("versions", "\n".join(versions).encode())
    return snapshot


def digest_of(snapshot: Mapping[str, str]) -> str:
    h = hashlib.sha256()
    for label in sorted(snapshot):
        h.update(len(label).to_bytes(4, "big") + label.encode("utf-8", "surrogateescape"))
        h.update(snapshot[label].encode())
    return h.hexdigest()


def _tree(folder: Path) -> list[Path]:
    """Every file and link under folder, sorted, without following links to folders."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        base = Path(dirpath)
        found += (base / n for n in filenames)
        found += (base / d for d in dirnames if (base / d).is_symlink())
    return sorted(p for p in found if "__pycache__" not in p.parts)


def _read(path: Path) -> bytes:
    """What the digest hashes for a file: its bytes, or what stood in the way of reading them
    (a FIFO or device is never read; a file over the bound counts by its size and time)."""
    try:
        return read_input(path, limit=MAX_HASHED)
    except InputError as exc:
        if exc.size:
            st = path.stat()
            return f"(large: {st.st_size} bytes, mtime {st.st_mtime_ns})".encode()
        return f"(refused: {exc.reason})".encode()
    except OSError as exc:
        return f"(unreadable: {exc.strerror})".encode()


def _inside(out_dir: Path, rel: str) -> Path:
    """out_dir/rel, refusing a symbolic link on the way: a link inside the output folder would
    carry a write (or a removal) to wherever it points. (out_dir itself is the user's choice.)"""
    path = out_dir
    for part in PurePosixPath(rel).parts[:-1]:
        path = path / part
        if path.is_symlink():
            raise CitequizError(f"{path} is a symbolic link; citequiz never writes through a link in the "
                                "output folder; remove the link and build again")
    return out_dir / rel


def _wrote(out_dir: Path, rel: str, record) -> bool:
    """Whether out_dir/rel is still the regular file the last build wrote there (same size and
    mtime as its manifest record, no link on the way): only such a file is removed as stale."""
    path = out_dir
    for part in PurePosixPath(rel).parts:
        path = path / part
        if path.is_symlink():
            return False
    try:
        st = path.lstat()
    except OSError:
        return False
    return (stat.S_ISREG(st.st_mode) and isinstance(record, dict)
            and [st.st_size, st.st_mtime_ns] == [record.get("size"), record.get("mtime_ns")])


def _record(target: Path) -> dict:
    st = target.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _manifest_bytes(digest: str, records: dict) -> bytes:
    return json.dumps({"digest": digest, "outputs": records}, indent=1, sort_keys=True).encode()


def _remove_leftovers(out_dir: Path) -> None:
    """Temporary files a killed build left behind (ours only: `.NAME.XXXXXXXX.tmp`)."""
    for dirpath, _, filenames in os.walk(out_dir):
        for name in filenames:
            if _LEFTOVER.match(name):
                Path(dirpath, name).unlink(missing_ok=True)


def remove_leftovers_beside(files: Iterable[Path]) -> None:
    """The temporary files a killed `fix` or build left beside these files (`.NAME.XXXXXXXX.tmp`,
    atomic_write's names for exactly these files), so none lingers in questions/."""
    for path in files:
        pattern = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}\.tmp\Z")
        try:
            names = os.listdir(path.parent)
        except OSError:
            continue
        for name in names:
            if pattern.match(name) and not (path.parent / name).is_symlink():
                (path.parent / name).unlink(missing_ok=True)


def _read_manifest(out_dir: Path) -> dict:
    """{"digest": ..., "outputs": {path: record}}; an older manifest was a plain list of paths."""
    try:
        data = json.loads(read_input(out_dir / MANIFEST, limit=MAX_HASHED))
    except (OSError, ValueError):
        return {}
    if isinstance(data, list):
        data = {"digest": "", "outputs": {p: {} for p in data if isinstance(p, str)}}
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), dict):
        return {}
    # Only plain relative paths inside out_dir are ever removed or trusted.
    data["outputs"] = {p: r for p, r in data["outputs"].items()
                       if isinstance(p, str) and not p.startswith("/") and ".." not in p.split("/")}
    return data
