"""Reading a project's input files: regular files only, and never more than a bound.

A FIFO would block a read forever, a link to /dev/zero or another device would fill memory:
`read_input` opens without blocking, refuses anything but a regular file (after following a
link, so a linked bank still works), and stops reading past `limit` bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MB = 1024 * 1024


class InputError(OSError):
    """Why an input file was refused: `reason` reads as a message ("is a FIFO, not a file")."""

    def __init__(self, reason: str, *, size: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.size = size


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def read_input(path: Path, *, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises InputError (not a regular file, or larger than `limit`: `size` is then set) or the
    OSError of opening or reading it (missing, unreadable)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
            raise InputError(f"is {kind}, not a regular file")
        if st.st_size > limit:
            raise InputError(f"is {st.st_size / MB:.1f} MB", size=st.st_size)
        chunks, total = [], 0
        while True:  # the file may grow while it is read: the bound holds for what is read
            chunk = os.read(fd, min(limit + 1 - total, 1 << 20) or 1)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputError(f"is over {limit / MB:.0f} MB", size=total)
        return b"".join(chunks)
    finally:
        os.close(fd)


def describe_error(exc: OSError) -> str:
    """An OSError as the end of a message: 'is a FIFO, not a regular file', 'permission denied'."""
    if isinstance(exc, InputError):
        return exc.reason
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)
