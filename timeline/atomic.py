"""Write files, and whole builds, whole or not at all.

``write_bytes`` replaces one file: it is written to a temporary file in the
same folder, flushed to disk, then renamed over the target, so a reader (or a
crash) sees the old file or the new one, never a mixture.

``Transaction`` replaces a build's whole output set. Builds into one folder
take turns (a lock on the folder's parent, held from start to end). Every file
is written into a staging folder beside the target; once all of them are
there and read back, the staging folder and the target are swapped in one
step (Linux's ``renameat2(RENAME_EXCHANGE)``), so a reader of the target sees
the previous build's files or this build's, and a build that fails or is
killed at any moment leaves the target as it was. Where the swap cannot be
made (not Linux, the target a mount point, a folder holding folders of its
own, or some program's working folder), the files are moved into place one
by one under the lock.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError, printable


def fill(fd: int, tmp: str, data: bytes) -> None:
    """Write ``data`` into the new temporary file ``tmp`` (open as ``fd``, from
    ``tempfile.mkstemp``), through to the disk, readable by all as a file made
    by ``open`` would be; the caller then puts it in place or removes it."""
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, 0o644)


def write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(
            f"{printable(str(path))}: cannot write here ({err.strerror}); choose another folder with --out"
        ) from err
    try:
        fill(fd, tmp, data)
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise OutputError(
                f"{printable(str(path))}: could not be written ({err.strerror}); the previous file is unchanged"
            ) from err
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold ``folder`` (which must exist) for writing: whoever else asks waits."""
    try:
        import fcntl  # not on Windows
    except ImportError:  # Windows: each file is still replaced whole
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as err:
        raise OutputError(
            f"{printable(str(folder))}: cannot write here ({err.strerror}); choose another folder with --out"
        ) from err
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# A file's bytes: one bytes-like object, or a list of them to be written one after another.
Pieces = bytes | list


def pieces_of(data: Pieces) -> list:
    return [data] if isinstance(data, (bytes, bytearray, memoryview)) else list(data)


@dataclass(frozen=True)
class Written:
    """What ``Transaction.write`` wrote: its size and its SHA-256, for the
    read-back check; and the bytes ``Transaction.patch`` wrote over since, as
    (offset, bytes written first, bytes now there)."""

    size: int
    sha256: bytes
    patches: tuple[tuple[int, bytes, bytes], ...] = ()


def _write_file(path: Path, data: Pieces) -> None:
    """Write a new file and flush it to disk (a seam: the tests make it fail as a full disk would)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        for piece in pieces_of(data):
            view = memoryview(piece).cast("B")
            while view:
                view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


# How much of a file is read at a time to check it.
CHUNK = 1 << 20


def _sha256(pieces: list) -> bytes:
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece)
    return digest.digest()


def _sha256_of(path: Path, patches: tuple[tuple[int, bytes, bytes], ...] = ()) -> tuple[int, bytes]:
    """A file's size and SHA-256, read a piece at a time; with ``patches``
    (``Written.patches``), the SHA-256 of the file as first written, each
    patched span checked to hold its new bytes (else no hash: ``b""``)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb", buffering=0) as handle:
        buffer = bytearray(CHUNK)
        while n := handle.readinto(buffer):
            for at, was, now in patches:
                start, end = max(at, size), min(at + len(now), size + n)
                if start < end:
                    if buffer[start - size : end - size] != now[start - at : end - at]:
                        return size + n, b""
                    buffer[start - size : end - size] = was[start - at : end - at]
            digest.update(memoryview(buffer)[:n])
            size += n
    return size, digest.digest()


def exchange(a: Path, b: Path) -> bool:
    """Swap the paths ``a`` and ``b`` in one step; ``False`` where this system cannot."""
    if not sys.platform.startswith("linux"):
        return False

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EBUSY, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


class Transaction:
    """One build's output set, written into a staging folder beside ``out`` and
    put in place whole by ``commit``, under a lock held from start to end.

    ``owned`` names every file a build may write (``embed/...`` included): those
    not in this build's set are removed by the commit, so the folder holds one
    build's files; anything else already in ``out`` is kept."""

    def __init__(self, out: Path | str, owned: Iterable[str]):
        out = Path(os.path.abspath(out))  # "." and ".." have no name to stage beside
        self.out = out.resolve() if out.is_symlink() else out  # the folder a link points to is the one replaced
        self.owned = set(owned)
        self.staging: Path | None = None
        self.written: dict[str, Written] = {}
        self.removed: list[str] = []
        self._lock = None

    def __enter__(self) -> Transaction:
        out = self.out
        parent = out.absolute().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError as err:  # a file on the way
            raise self._cannot(OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))) from err
        except OSError as err:
            raise self._cannot(err) from err
        self._lock = locked(parent)
        self._lock.__enter__()
        try:
            self._check_target()
            for stale in parent.glob(f".{out.name}.build-*"):  # left by a build that was killed
                shutil.rmtree(stale, ignore_errors=True)
            try:
                self.staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}.build-"))
            except OSError as err:
                raise self._cannot(err) from err
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind, *exc) -> None:
        try:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._lock.__exit__(None, None, None)

    def _cannot(self, err: OSError) -> OutputError:
        return OutputError(
            f"{printable(str(self.out))}: cannot write here ({err.strerror}); choose another folder with --out"
        )

    def _check_target(self) -> None:
        """The target, and each file and folder a build writes in it, of the kind
        the build makes (``out/embed`` a folder, ``out/index.html`` a file)."""
        out = self.out
        if out.exists() and not out.is_dir():
            raise OutputError(f"{printable(str(out))}: is a file, not a folder; choose a folder with --out")
        folders = {str(Path(name).parent) for name in self.owned} - {"."}
        for name in sorted(self.owned | folders):
            path = out / name
            want_folder = name in folders
            if path.is_symlink() or (path.exists() and path.is_dir() != want_folder):
                kind = "a link" if path.is_symlink() else ("a folder" if path.is_dir() else "a file")
                wanted = "a folder" if want_folder else "a file"
                raise OutputError(
                    f"{printable(str(path))}: is {kind} where the build writes {wanted}; "
                    f"move it away or choose another folder with --out. Nothing was changed"
                )

    def path(self, name: str) -> Path:
        """Where ``name`` is in the staging folder (to read it back, e.g. to draw the map from)."""
        assert self.staging is not None
        return self.staging / name

    def write(self, name: str, data: Pieces) -> None:
        """Write ``name`` into the staging folder: ``data``, bytes or a list of
        pieces written one after another (``Pieces``). What was written is
        kept as its size and hash, not its bytes, for ``commit`` to check."""
        assert name in self.owned, name
        path = self.path(name)
        pieces = pieces_of(data)
        # Hashed on a thread while it is written (both let go of the interpreter).
        with ThreadPoolExecutor(1) as pool:
            digest = pool.submit(_sha256, pieces)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                _write_file(path, data)
            except OSError as err:
                raise OutputError(
                    f"{printable(str(self.out / name))}: could not be written ({err.strerror}); "
                    f"nothing in {printable(str(self.out))} was changed"
                ) from err
            self.written[name] = Written(sum(memoryview(piece).nbytes for piece in pieces), digest.result())

    def patch(self, name: str, at: int, data: bytes) -> None:
        """Write ``data`` over the bytes at offset ``at`` of ``name``, a file
        ``write`` has written (e.g. the build id over a placeholder of its
        length, once known); the read-back checks both the patch and the rest."""
        written = self.written[name]
        assert at >= 0 and at + len(data) <= written.size, (name, at, len(data))
        path = self.path(name)
        try:
            fd = os.open(path, os.O_RDWR)
            try:
                was = os.pread(fd, len(data), at)
                if len(was) != len(data) or os.pwrite(fd, data, at) != len(data):
                    raise OSError(errno.EIO, os.strerror(errno.EIO))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as err:
            raise OutputError(
                f"{printable(str(self.out / name))}: could not be written ({err.strerror}); "
                f"nothing in {printable(str(self.out))} was changed"
            ) from err
        self.written[name] = Written(written.size, written.sha256, (*written.patches, (at, was, bytes(data))))

    def commit(self) -> None:
        """Check the staging folder holds exactly what was written, then put it in place."""
        assert self.staging is not None
        staging, out = self.staging, self.out
        found = {str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file()}
        if found != set(self.written) or not self._read_back():
            raise OutputError(
                f"{printable(str(out))}: the files written did not read back as written; nothing was changed"
            )
        self.removed = sorted(
            name for name in self.owned - set(self.written) if (out / name).is_file() or (out / name).is_symlink()
        )
        try:
            swapped = self._carry_over() and self._swap()
        except OSError as err:
            raise OutputError(
                f"{printable(str(out))}: could not be replaced ({err.strerror}); nothing was changed"
            ) from err
        if not swapped:
            self._move_one_by_one()

    def _read_back(self) -> bool:
        """Does each file read back as written (its size and hash)? The files
        are read two at a time (hashing lets go of the interpreter)."""
        names = sorted(self.written, key=lambda n: -self.written[n].size)
        with ThreadPoolExecutor(2) as pool:
            found = pool.map(lambda n: _sha256_of(self.path(n), self.written[n].patches), names)
            return all(
                got == (self.written[n].size, self.written[n].sha256) for n, got in zip(names, found, strict=True)
            )

    def _carry_over(self) -> bool:
        """Link the target's other files into the staging folder, so the swap
        keeps them; ``False`` (swap not to be made) if it holds folders of its own."""
        out, staging = self.out, self.staging
        if not out.exists():
            return True
        folders = {str(Path(name).parent) for name in self.owned} - {"."}
        for entry in out.rglob("*"):
            name = str(entry.relative_to(out))
            if name in self.owned or name in folders:
                continue
            if entry.is_dir() and not entry.is_symlink():
                return False
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(entry, target, follow_symlinks=False)
            except OSError:
                shutil.copy2(entry, target, follow_symlinks=False)
        return True

    def _swap(self) -> bool:
        out, staging = self.out, self.staging
        if out.exists() and _someone_works_in(out):
            return False  # its working folder would vanish from under it (a web server started there)
        mode = out.stat().st_mode & 0o7777 if out.exists() else 0o777 & ~_umask()
        for folder in (staging, *(p for p in staging.rglob("*") if p.is_dir())):
            os.chmod(folder, mode if folder == staging else 0o755)
            _fsync_dir(folder)
        if not out.exists():
            os.rename(staging, out)
        elif not exchange(staging, out):
            return False
        _fsync_dir(out.absolute().parent)
        return True  # the previous build's files are now in the staging folder, removed on leaving

    def _move_one_by_one(self) -> None:
        out = self.out
        try:
            out.mkdir(parents=True, exist_ok=True)
            for name in self.written:
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.path(name), out / name)
            for name in self.removed:
                (out / name).unlink(missing_ok=True)
        except OSError as err:
            raise OutputError(f"{printable(str(out))}: could not be replaced ({err.strerror}); build again") from err
        _fsync_dir(out)


def _someone_works_in(folder: Path) -> bool:
    """Does a process (this one included) have ``folder`` as its working folder?
    Swapped, it would go on seeing the old folder, deleted. Linux only (/proc)."""
    try:
        wanted = folder.stat()
        entries = os.listdir("/proc")
    except OSError:
        return False
    for entry in entries:
        if entry.isdigit():
            try:
                found = os.stat(f"/proc/{entry}/cwd")
            except OSError:
                continue
            if (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino):
                return True
    return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
