"""Hostile inputs that cannot live in tests/data/bad (a pipe, a device, a full
cache disk, a browser that is not one, a path that holds terminal escapes):
each is one line naming the file and the fix, exit 1 (the cache: a note,
and the build goes on), no traceback, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import main

from ..conftest import ROOT

EVENTS = "id,date,title,category,place\na,2024-03-22,Crocus City Hall,attack,Moscow\n"
NO_PLACE = "id,date,title\na,2024-03-22,Crocus City Hall\n"


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def one_error(result, *, starts: str, has: str) -> None:
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    problems = [line for line in lines if not line.startswith("Error: ")]
    line = problems[0] if problems else lines[0].removeprefix("Error: ")
    assert len(problems) <= 1 and len(lines) <= 2, lines
    assert line.startswith(starts), line
    assert has in line, line


def test_a_fifo_as_the_table_is_refused_at_once(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    os.mkfifo(events)
    started = time.monotonic()
    result = run("build", str(events), "--out", str(tmp_path / "out"), timeout=30)
    assert time.monotonic() - started < 20
    one_error(result, starts=str(events), has="is not a regular file (a pipe, a device or a socket)")
    assert not (tmp_path / "out").exists()


def test_a_fifo_as_a_document_is_refused_at_once(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(NO_PLACE, encoding="utf-8")
    (tmp_path / "sources.csv").write_text("id,title,document\ns1,A report,doc.txt\n", encoding="utf-8")
    os.mkfifo(tmp_path / "doc.txt")
    result = run("build", str(tmp_path / "events.csv"), "--out", str(tmp_path / "out"), timeout=30)
    one_error(result, starts=f"{tmp_path / 'sources.csv'}:2: column 'document'", has="is not a regular file")
    assert not (tmp_path / "out").exists()


def test_a_path_with_terminal_escapes_is_printed_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "\x1b]0;pwned\x07\x1b[2J"
    folder.mkdir()
    (folder / "events.csv").write_text("id,date\na,2024\n", encoding="utf-8")
    result = run("validate", str(folder / "events.csv"))
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\u001b]0;pwned\\u0007\\u001b[2J/events.csv:1: column 'title'" in result.stderr
    built = run("build", str(folder / "events.csv"), "--out", str(folder / "out"))
    assert "\x1b" not in built.stderr + built.stdout


def test_a_cache_folder_that_cannot_be_written_is_said_once_and_the_build_goes_on(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")
    result = run(
        "build", str(tmp_path / "events.csv"), "--out", str(tmp_path / "out"), env={"TIMELINE_CACHE": str(blocker)}
    )
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "cache folder" in line]
    assert notes == [
        f"note: the cache folder {blocker} cannot be used (a file is in the way); building without it, which is "
        "slower. Set TIMELINE_CACHE to a folder that can be written, or free some space"
    ]
    assert (tmp_path / "out" / "index.html").exists()


def test_a_full_cache_disk_is_said_once_and_leaves_no_journal(tmp_path: Path) -> None:
    """On a 300 KB tmpfs (mounted as root; skipped otherwise) the city index
    does not fit: SQLite says the disk is full, the build goes on without it."""
    (tmp_path / "events.csv").write_text(EVENTS, encoding="utf-8")
    disk = tmp_path / "cache"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        result = run(
            "build", str(tmp_path / "events.csv"), "--out", str(tmp_path / "out"), env={"TIMELINE_CACHE": str(disk)}
        )
        assert result.returncode == 0, result.stderr
        notes = [line for line in result.stderr.splitlines() if "cache folder" in line]
        assert len(notes) == 1 and "cannot be used (database or disk is full)" in notes[0], result.stderr
        assert not [p.name for p in disk.iterdir() if p.name.startswith(".") or "journal" in p.name]
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_chromium_that_is_not_one_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(NO_PLACE, encoding="utf-8")
    result = run(
        "build", str(tmp_path / "events.csv"), "--out", str(tmp_path / "out"), "--images", env={"CHROMIUM": "/bin/true"}
    )
    one_error(result, starts="/bin/true did not work as a headless Chromium", has="set CHROMIUM=/path/to/chromium")
    assert not (tmp_path / "out").exists()


def test_a_chromium_that_hangs_meets_a_deadline(tmp_path: Path, monkeypatch) -> None:
    """A "browser" that never answers: one line after the deadline (3 s here),
    nothing written, and its processes ended."""
    from timeline import images

    (tmp_path / "events.csv").write_text(NO_PLACE, encoding="utf-8")
    marker = f"timeline-hang-{os.getpid()}"
    fake = tmp_path / "chromium"
    fake.write_text(f"#!/bin/sh\nexec sleep 600 {marker}\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("CHROMIUM", str(fake))
    monkeypatch.setattr(images, "DEADLINE", 3.0)
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "events.csv"), "--out", str(tmp_path / "out"), "--images"]
    )
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    # Either the deadline is met, or choreographer, waiting for the browser to
    # answer on its pipe, gives up first: one line either way.
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {fake} did not "), line
    assert "set CHROMIUM=/path/to/chromium" in line
    assert not (tmp_path / "out").exists()
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()
    assert left == [], f"the hanging browser's processes were left running: {left}"


def test_an_option_value_with_terminal_escapes_is_printed_escaped(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(NO_PLACE, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "events.csv"), "--encoding", "x\x1b]0;pwned\x07"])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "'x\\u001b]0;pwned\\u0007' is not an encoding" in result.output


def test_a_folder_given_as_the_table_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "events.csv"
    folder.mkdir()
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    # A folder is a project folder now (timeline build DIR): one with no table in it is one line.
    one_error(result, starts=str(folder), has="is a folder with no events table (events.csv, events.xlsx")
    assert not (tmp_path / "out").exists()


def test_many_categories_are_warned_of_once(tmp_path: Path) -> None:
    rows = "".join(f"e{i},2020-01-{1 + i % 28:02d},Event {i},kind {i}\n" for i in range(30))
    (tmp_path / "events.csv").write_text("id,date,title,category\n" + rows, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "events.csv")])
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "categories" in line and "lane" in line]
    assert said == [
        f"warning: {tmp_path / 'events.csv'}: column 'category' — holds 30 categories; the 23 with the most events "
        "get a lane and a colour each, and the other 7 share one grey lane, legend entry and colour; merge them into "
        "a few dozen at most, and put the detail in another column (perpetrator, summary)"
    ]
    fewer = "".join(f"e{i},2020-01-{1 + i % 28:02d},Event {i},kind {i % 24}\n" for i in range(30))
    (tmp_path / "events.csv").write_text("id,date,title,category\n" + fewer, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "events.csv")])
    assert "lane" not in result.stderr


@pytest.mark.parametrize(
    "dates",
    [("0001", ""), ("9999", ""), ("0030", "9999"), ("0001-01-01", "9999-12-31")],
    ids=["year-1", "year-9999", "span-30-9999", "whole-calendar"],
)
def test_years_at_the_ends_of_the_calendar_build_as_they_validate(tmp_path: Path, dates: tuple[str, str]) -> None:
    date, end = dates
    events = tmp_path / "events.csv"
    events.write_text(f"id,date,end_date,title\na,{date},{end},Edge\nb,2024,,Now\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(events)]).exit_code == 0
    result = CliRunner().invoke(main, ["build", str(events), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "index.html").exists()
