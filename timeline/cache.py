"""What builds keep between runs: derived data that does not depend on the table.

Each file is named by a hash of everything it is made from (package versions,
our own source), so a stale one is never read: a change makes a new name.
Files are written whole or not at all; a cache folder that cannot be written
only makes builds slower. Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from .errors import printable


def cache_dir() -> Path:
    """$TIMELINE_CACHE, else the user's cache folder (``~/.cache/timeline``)."""
    if os.environ.get("TIMELINE_CACHE"):
        return Path(os.environ["TIMELINE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "timeline"


@functools.cache
def _version(package: str) -> str:
    """The installed version of ``package``, read once per process (a file read and parsed each time)."""
    return metadata.version(package)


def key(packages: tuple[str, ...], *parts: bytes) -> str:
    """A short hash of the packages' versions and the given bytes."""
    digest = hashlib.sha256()
    for package in packages:
        digest.update(f"{package} {_version(package)}\n".encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()[:32]


_said: set[str] = set()  # cache folders already said to be unusable, to say it once
_reading_only = False


@contextlib.contextmanager
def reading_only():
    """Within it, ``cached_file`` gives only files already there: nothing is
    written and nothing said. For the build's second process, whose notes
    would say again what the first says (its ``_said`` is its own)."""
    global _reading_only
    before, _reading_only = _reading_only, True
    try:
        yield
    finally:
        _reading_only = before


def cached_file(name: str, make: Callable[[Path], None]) -> Path | None:
    """The cache file ``name``, made by ``make(path)`` (which writes ``path``)
    when it is not there yet; ``None`` when the cache folder cannot be written
    (missing, read-only, full): then the build goes on without it, and says
    so once (a warning on the ``timeline`` logger)."""
    path = cache_dir() / name
    if path.is_file():
        return path
    if _reading_only:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".tmp")
        os.close(fd)
    except OSError as err:
        _cannot_use(path.parent, err)
        return None
    try:
        make(Path(tmp))
        os.replace(tmp, path)
    except Exception as err:  # OSError, or sqlite3's "database or disk is full": the cache is optional
        _cannot_use(path.parent, err)
        return None
    finally:
        for leftover in (tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return path


def _cannot_use(folder: Path, err: Exception) -> None:
    if str(folder) in _said:
        return
    _said.add(str(folder))
    reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
    if isinstance(err, FileExistsError):  # mkdir, where a file is in the way
        reason = "a file is in the way"
    logging.getLogger("timeline").warning(
        "note: the cache folder %s cannot be used (%s); building without it, which is slower. "
        "Set TIMELINE_CACHE to a folder that can be written, or free some space",
        printable(str(folder)),
        printable(reason),
    )
