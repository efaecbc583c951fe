"""`citequiz init DIR`: a new quiz project that checks and builds at once.

Copies the skeleton shipped inside the package (a sample seed, a bank with every question type,
the config, a README snippet) and writes the bank schema beside it for editors. It never
overwrites: if any file it would create exists, it writes nothing at all.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import UsageError
from .schema import schema_json
from .write import atomic_write

SKELETON = Path(__file__).resolve().parent / "skeleton"
SCHEMA_FILE = "citequiz.schema.json"
# skeleton name -> name in the new project (a dot file would be easy to lose in packaging)
RENAMED = {"gitignore": ".gitignore"}
FILLED = ("citequiz.toml", "README.md")  # carry a {title}


def planned_files(root: Path) -> dict[str, bytes]:
    """Every file of the new project: relative path -> bytes."""
    title = root.resolve().name.replace("-", " ").replace("_", " ").strip() or "My quiz"
    files: dict[str, bytes] = {}
    for path in sorted(SKELETON.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(SKELETON).as_posix()
        data = path.read_bytes()
        if rel in FILLED:
            value = json.dumps(title, ensure_ascii=False)[1:-1] if rel.endswith(".toml") else title
            data = data.decode("utf-8").replace("{title}", value).encode("utf-8")
        files[RENAMED.get(rel, rel)] = data
    files[SCHEMA_FILE] = schema_json().encode("utf-8")
    return files


def init_project(root: Path) -> list[str]:
    """Create the project in `root` (made if missing); returns the files written."""
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} exists and is not a directory")
    files = planned_files(root)
    existing = sorted(rel for rel in files if (root / rel).exists() or (root / rel).is_symlink())
    if existing:
        raise UsageError(f"{root}: refusing to overwrite {', '.join(existing)}; nothing was written "
                         "(choose a new directory)")
    for rel, data in files.items():
        atomic_write(root / rel, data)
    return sorted(files)
