"""The build id every output file carries, so a folder can be checked to hold one build's files.

The id is a hash of the pages and the embeds as they are before it is added:
of the tables and of this code, so the same input gives the same id (and the
same bytes), and another table another id. Each kind of file carries it where
that format keeps a note that changes nothing shown:

    .html   <meta name="timeline-build" content="ID"> (pages), <!-- timeline-build: ID --> (embeds)
    .svg .md  a closing comment <!-- timeline-build: ID -->
    .pdf    a closing comment line %timeline-build: ID
    .png    a tEXt chunk "timeline-build"
    .pptx   the zip archive's comment "timeline-build: ID"

``read_id(name, data)`` reads it back.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Sequence

from .atomic import pieces_of

KEY = "timeline-build"
_CHARSET = b'<meta charset="utf-8">\n'
_DOCTYPE = b"<!DOCTYPE html>"
_FOUND = re.compile(rb'timeline-build(?:" content="|: )([0-9a-f]{16})')


def build_id(files: dict[str, bytes | Sequence[bytes]]) -> str:
    """16 hex digits naming the set of files (name and bytes of each; a file's
    bytes may be given in pieces, as a list of them: the same id)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        for part in (name.encode("utf-8"), files[name]):
            pieces = pieces_of(part)
            digest.update(sum(len(piece) for piece in pieces).to_bytes(8, "little"))
            for piece in pieces:
                digest.update(piece)
    return digest.hexdigest()[:16]


def stamp_pieces(name: str, data: bytes | Sequence[bytes], build: str) -> list:
    """``stamp`` for a file given as bytes or in pieces (``build_id``), in pieces:
    an HTML file's bytes are not copied to add the id, only pointed at."""
    pieces = pieces_of(data)
    first = memoryview(pieces[0]) if pieces else memoryview(b"")
    if name.endswith(".html") and len(first) >= len(_DOCTYPE):
        if bytes(first[: len(_DOCTYPE)]) != _DOCTYPE:
            return [f"<!-- {KEY}: {build} -->\n".encode(), *pieces]
        at = bytes(first[:4096]).find(_CHARSET)  # the first in the file: the one stamp splits at
        if at >= 0:
            at += len(_CHARSET)
            return [first[:at], f'<meta name="{KEY}" content="{build}">\n'.encode(), first[at:], *pieces[1:]]
    return [stamp(name, b"".join(pieces), build)]


# Stands for the id in a file written before the id is known (``stamp_later``): as long.
PLACEHOLDER = "0" * 16


def stamp_later(name: str, data: bytes | Sequence[bytes]) -> tuple[list, int] | None:
    """``stamp_pieces(name, data, PLACEHOLDER)`` and the offset of the
    placeholder in it, where the id is to be written once known: the file can
    be written while the id is being worked out. ``None`` for a file whose id
    is not written as it is in a fixed place (not an HTML file, or one
    ``stamp_pieces`` would join whole)."""
    pieces = stamp_pieces(name, data, PLACEHOLDER) if name.endswith(".html") else []
    if len(pieces) < 2:  # stamped whole: joined, the id wherever it fell
        return None
    stamped = bytes(pieces[0])
    if stamped == f"<!-- {KEY}: {PLACEHOLDER} -->\n".encode():
        return pieces, stamped.index(PLACEHOLDER.encode())
    return pieces, len(stamped) + bytes(pieces[1]).index(PLACEHOLDER.encode())


def stamp(name: str, data: bytes, build: str) -> bytes:
    """``data`` (the file ``name``) carrying the build id."""
    comment = f"<!-- {KEY}: {build} -->\n".encode()
    kind = name.rsplit(".", 1)[-1]
    if kind == "html":
        if data.startswith(b"<!DOCTYPE html>") and _CHARSET in data:
            head, tail = data.split(_CHARSET, 1)
            return head + _CHARSET + f'<meta name="{KEY}" content="{build}">\n'.encode() + tail
        return comment + data
    if kind in ("svg", "md"):
        return data + (b"" if data.endswith(b"\n") else b"\n") + comment
    if kind == "pdf":
        return data + (b"" if data.endswith(b"\n") else b"\n") + f"%{KEY}: {build}\n".encode()
    if kind == "png":
        return _png_text(data, KEY, build)
    if kind == "pptx":
        return _zip_comment(data, f"{KEY}: {build}".encode())
    raise ValueError(f"no way to stamp {name}")


def read_id(name: str, data: bytes) -> str | None:
    """The build id ``name`` carries, or ``None``."""
    kind = name.rsplit(".", 1)[-1]
    if kind == "png":
        for chunk, body in _png_chunks(data):
            if chunk == b"tEXt" and body.startswith(KEY.encode() + b"\0"):
                return body.split(b"\0", 1)[1].decode("latin-1")
        return None
    if kind == "pptx":
        found = _FOUND.search(zipfile.ZipFile(io.BytesIO(data)).comment)
    else:
        found = _FOUND.search(data[:4096] if kind == "html" else data[-200:])
    return found.group(1).decode("ascii") if found else None


def _png_chunks(data: bytes):
    at = 8
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        yield data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        at += 12 + length


def _png_text(data: bytes, key: str, text: str) -> bytes:
    """The PNG with a tEXt chunk right after its header chunk (IHDR, always 25 bytes from byte 8)."""
    body = key.encode("latin-1") + b"\0" + text.encode("latin-1")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return data[:33] + chunk + data[33:]


def _zip_comment(data: bytes, comment: bytes) -> bytes:
    """The zip archive with ``comment`` as its comment (it must have none yet:
    then its end record is its last 22 bytes, ending in a zero comment length)."""
    if data[-22:-18] != b"PK\x05\x06" or data[-2:] != b"\0\0":
        raise ValueError("the archive already has a comment")
    return data[:-2] + struct.pack("<H", len(comment)) + comment
