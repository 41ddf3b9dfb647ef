"""Reading an input file: once, into memory, whole, and only if it is a file.

Every table, settings file and stored document is read by ``read_whole``:
regular files only (a folder, a FIFO, ``/dev/zero`` are refused, never
waited on or read without end), at most a given size, and checked to be
whole: its size and modification time the same after the read as before,
and, for a table, its last line ended (a file without a line end at its end
is looked at again a moment later; if it grew, it was being written). A
build also checks, before it puts its files in place, that no input it read
has changed since (``watching`` and ``check_unchanged``): a table being
rewritten meanwhile gives a clear error, never a build of half of it.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from .errors import TimelineError, printable

MAX_TABLE = 1 << 30  # bytes: a table of a million events is a few hundred MB
MAX_DOCUMENT = 64 << 20
MAX_SETTINGS = 1 << 20
SETTLE = 0.1  # seconds to wait before looking again at a table whose last line is not ended
_LINE_ENDS = (b"\n", b"\r", b"\n\x00", b"\r\x00", b"\x00\n", b"\x00\r")  # UTF-8 and UTF-16


class Unreadable(TimelineError):
    """An input that cannot be read safely: ``message`` and ``fix`` for its Problem line."""

    def __init__(self, message: str, fix: str):
        self.message = message
        self.fix = fix
        super().__init__(f"{message}; {fix}")


@dataclass(frozen=True)
class Seen:
    """An input as it was when it was read."""

    path: Path
    device: int
    inode: int
    size: int
    mtime_ns: int


_watched: ContextVar[list[Seen] | None] = ContextVar("timeline_inputs_watched", default=None)


@contextmanager
def watching() -> Iterator[list[Seen]]:
    """Within this block, every input read is listed (for ``check_unchanged``)."""
    seen: list[Seen] = []
    token = _watched.set(seen)
    try:
        yield seen
    finally:
        _watched.reset(token)


def read_whole(path: Path, limit: int, *, table: bool = False) -> bytes:
    """The bytes of the regular file ``path``, read once and checked whole.
    Raises ``FileNotFoundError`` if it is not there, ``Unreadable`` otherwise."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise Unreadable("is a folder, not a file", "give the path of a file") from None
    except OSError as err:
        raise Unreadable(f"cannot be read ({err.strerror})", "check the file's permissions") from None
    try:
        before = os.fstat(fd)
        if stat.S_ISDIR(before.st_mode):
            raise Unreadable("is a folder, not a file", "give the path of a file")
        if not stat.S_ISREG(before.st_mode):
            raise Unreadable(
                "is not a regular file (a pipe, a device or a socket)", "save the data to a file and give its path"
            )
        if before.st_size > limit:
            raise Unreadable(
                f"is {before.st_size / 1e6:,.0f} MB; the most read is {limit / 1e6:,.0f} MB",
                "check it is the right file, or split it",
            )
        chunks, got = [], 0
        while got <= before.st_size:  # one byte more than it should have, to see it grow
            chunk = os.read(fd, min(1 << 24, before.st_size + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        data = b"".join(chunks)
        after = os.fstat(fd)
    except OSError as err:
        raise Unreadable(f"cannot be read ({err.strerror})", "check the file") from None
    finally:
        os.close(fd)
    if len(data) != before.st_size or (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        raise _changed("while it was being read")
    if table and data and not data.endswith(_LINE_ENDS):
        time.sleep(SETTLE)
        try:
            again = os.stat(path)
        except OSError:
            raise _changed("while it was being read") from None
        if (again.st_ino, again.st_size, again.st_mtime_ns) != (before.st_ino, before.st_size, before.st_mtime_ns):
            raise _changed("while it was being read (its last line was not ended)")
    watched = _watched.get()
    if watched is not None:
        watched.append(Seen(path, before.st_dev, before.st_ino, before.st_size, before.st_mtime_ns))
    return data


def _changed(when: str) -> Unreadable:
    return Unreadable(f"changed {when}", "build again once it has been saved")


class InputChangedError(TimelineError):
    """An input changed while the build was going on."""


def check_unchanged(seen: list[Seen], *, except_for: set[Path] | None = None) -> None:
    """Raise ``InputChangedError`` if any input read is not as it was (rewritten,
    replaced, removed) and not in ``except_for`` (a file the build wrote itself)."""
    skip = {p.absolute() for p in except_for or set()}
    for was in seen:
        if was.path.absolute() in skip:
            continue
        try:
            now = os.stat(was.path)
            same = (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
                was.device,
                was.inode,
                was.size,
                was.mtime_ns,
            )
        except OSError:
            same = False
        if not same:
            raise InputChangedError(
                f"{printable(str(was.path))}: changed while the build was going on; nothing was written; "
                "build again once it has been saved"
            )
