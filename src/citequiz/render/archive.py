"""Zip archives whose bytes depend only on their entries: fixed dates and attributes, entries in
the order given. Shared by the Anki package and the QTI package, which must be reproducible."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold


def zip_bytes(entries: dict[str, bytes], *, compresslevel: int | None = None) -> bytes:
    """A zip of `entries` in their order; a name ending in "/" is a folder entry."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.create_system = 3  # Unix, so the mode bits below are read
            if name.endswith("/"):
                info.external_attr = 0o40755 << 16 | 0x10
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=compresslevel)
    return buf.getvalue()
