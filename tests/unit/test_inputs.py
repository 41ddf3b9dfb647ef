"""Each input is read once, whole, and only if it is a regular file: a table
being rewritten during a build is said to have changed, never half built; a
pipe, a device or a folder is refused at once, never waited on or read without end."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline import build
from timeline.cli import main
from timeline.inputs import InputChangedError, Unreadable, read_whole

from ..conftest import ROOT

ROWS = 21
HEADER = "id,date,title,category,lat,lon,killed\n"


def rows(n: int = ROWS) -> list[str]:
    return [f"e{i},2020-{1 + i % 12:02d},Event number {i},attack,{10 + i},{20 + i},{i}\n" for i in range(n)]


def test_a_table_rewritten_in_place_during_builds_is_built_whole_or_said_to_have_changed(tmp_path: Path) -> None:
    """A writer truncates the table and writes it again, row by row, over and
    over (as an editor saving in place does), while builds run: each build
    builds all 21 events or says the table changed; none builds part of it."""
    events = tmp_path / "events.csv"
    events.write_text(HEADER + "".join(rows()), encoding="utf-8")
    stop = threading.Event()

    def rewrite() -> None:
        while not stop.is_set():
            with events.open("w", encoding="utf-8") as handle:
                for line in [HEADER, *rows()]:
                    handle.write(line)
                    handle.flush()
                    time.sleep(0.002)
            time.sleep(0.01)

    writer = threading.Thread(target=rewrite)
    writer.start()
    outcomes = {"whole": 0, "changed": 0}
    try:
        for _ in range(12):
            result = subprocess.run(
                [sys.executable, "-m", "timeline", "build", str(events), "--out", str(tmp_path / "out")],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            if result.returncode == 0:
                assert f"{ROWS} events:" in result.stdout, result.stdout
                outcomes["whole"] += 1
            else:
                assert "Traceback" not in result.stderr
                said = [line for line in result.stderr.splitlines() if "changed while" in line]
                assert said and said[0].removeprefix("Error: ").startswith(str(events)), result.stderr
                assert said[0].endswith("build again once it has been saved"), result.stderr
                outcomes["changed"] += 1
    finally:
        stop.set()
        writer.join()
    print(f"\n12 builds during rewrites: {outcomes['whole']} whole, {outcomes['changed']} said it changed, 0 partial")
    assert outcomes["changed"] > 0  # the writer was caught at least once


def test_a_table_changed_after_it_was_read_fails_the_build_and_writes_nothing(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(HEADER + "".join(rows()), encoding="utf-8")
    out = tmp_path / "out"

    def meanwhile(label: str, done: int, total: int) -> None:
        if label == "drawing the pages" and done == 1:
            with events.open("a", encoding="utf-8") as handle:
                handle.write("late,2021,Added meanwhile,,1,1,\n")

    with pytest.raises(
        InputChangedError, match=r"events\.csv: changed while the build was going on; nothing was written"
    ):
        build(events, out, progress=meanwhile)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_only_regular_files_are_read(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "events.csv"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    started = time.monotonic()
    with pytest.raises(Unreadable) as caught:
        read_whole(path, 1 << 20, table=True)
    assert time.monotonic() - started < 2  # no waiting on a pipe no one writes to
    expected = "is a folder, not a file" if kind == "folder" else "is not a regular file (a pipe, a device or a socket)"
    assert caught.value.message == expected


def test_a_file_larger_than_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 3_000_000)
    with pytest.raises(Unreadable, match="is 3 MB; the most read is 2 MB"):
        read_whole(path, 2_000_000)


def test_a_last_line_not_ended_is_fine_when_the_file_stays_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(HEADER + "a,2020,A,,1,1,", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
