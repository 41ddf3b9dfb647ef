"""atomic.Transaction: a file written in pieces, kept as its size and hash,
and a staged file changed after it was written found by the read-back check."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from timeline import atomic
from timeline.errors import OutputError


def test_pieces_are_written_one_after_another_and_kept_as_a_hash(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pieces = [b"<!-- a -->\n", memoryview(b"0123456789")[2:5], bytearray(b"\xc3\xa9" * 3_000_000)]
    whole = b"".join(bytes(p) for p in pieces)
    with atomic.Transaction(out, ["index.html", "embed/timeline.html"]) as transaction:
        transaction.write("embed/timeline.html", pieces)
        transaction.write("index.html", b"page")
        kept = transaction.written["embed/timeline.html"]
        assert (kept.size, kept.sha256) == (len(whole), hashlib.sha256(whole).digest())
        transaction.commit()
    assert (out / "embed" / "timeline.html").read_bytes() == whole
    assert (out / "index.html").read_bytes() == b"page"


@pytest.mark.parametrize("change", ["one byte", "cut short", "added to"])
def test_a_staged_file_that_does_not_read_back_as_written_changes_nothing(tmp_path: Path, change: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_bytes(b"before")
    data = b"x" * (atomic.CHUNK * 2 + 7)
    with atomic.Transaction(out, ["index.html"]) as transaction:
        transaction.write("index.html", [data[:100], data[100:]])
        staged = transaction.path("index.html")
        changed = {
            "one byte": data[:-5] + b"y" + data[-4:],
            "cut short": data[:-1],
            "added to": data + b"x",
        }[change]
        staged.chmod(0o644)
        staged.write_bytes(changed)
        with pytest.raises(OutputError, match="did not read back as written; nothing was changed"):
            transaction.commit()
    assert (out / "index.html").read_bytes() == b"before"


def test_a_patch_is_written_over_the_file_and_checked_with_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    data = b"a" * 10 + b"0000" + b"b" * (atomic.CHUNK * 2)
    with atomic.Transaction(out, ["index.html"]) as transaction:
        transaction.write("index.html", [data[:5], data[5:]])
        transaction.patch("index.html", 10, b"1234")
        transaction.commit()
    assert (out / "index.html").read_bytes() == data.replace(b"0000", b"1234", 1)


@pytest.mark.parametrize("change", ["patch lost", "patch half lost", "byte after it"])
def test_a_patched_file_that_does_not_read_back_as_patched_changes_nothing(tmp_path: Path, change: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_bytes(b"before")
    at = atomic.CHUNK - 2  # the patch across two of the pieces the read-back reads
    data = b"x" * at + b"0000" + b"y" * 100
    with atomic.Transaction(out, ["index.html"]) as transaction:
        transaction.write("index.html", data)
        transaction.patch("index.html", at, b"1234")
        patched = data[:at] + b"1234" + data[at + 4 :]
        staged = transaction.path("index.html")
        staged.write_bytes(
            {
                "patch lost": data,
                "patch half lost": data[:at] + b"1200" + data[at + 4 :],
                "byte after it": patched[: at + 4] + b"z" + patched[at + 5 :],
            }[change]
        )
        with pytest.raises(OutputError, match="did not read back as written; nothing was changed"):
            transaction.commit()
    assert (out / "index.html").read_bytes() == b"before"
