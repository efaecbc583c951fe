"""Stage 5 — the only place that touches the output folder.

Every output is written to a temporary file beside its target and renamed into place, so an
interrupted build never leaves a half-written file. A file whose bytes are unchanged is not
rewritten. Files a previous build made and this one no longer makes are removed; nothing else in
the folder is touched.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".citequiz-manifest.json"
_UMASK = os.umask(0)
os.umask(_UMASK)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_outputs(out_dir: Path, outputs: dict[str, bytes]) -> WriteReport:
    report = WriteReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(out_dir)
    for rel in sorted(outputs):
        target = out_dir / rel
        data = outputs[rel]
        try:
            if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
                report.unchanged.append(rel)
                continue
        except OSError:
            pass
        atomic_write(target, data)
        report.written.append(rel)
    for rel in sorted(set(previous) - set(outputs)):
        stale = out_dir / rel
        if stale.is_file():
            stale.unlink()
            report.removed.append(rel)
    atomic_write(out_dir / MANIFEST, json.dumps(sorted(outputs), indent=1).encode())
    return report


def _read_manifest(out_dir: Path) -> list[str]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    # Only plain relative paths inside out_dir are ever removed.
    return [p for p in data if isinstance(p, str) and not p.startswith("/") and ".." not in p.split("/")]
