"""The command line, end to end: exit codes, exact messages, files written."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from timeline.cli import ProgressBars, main

from ..conftest import ROOT, SHIPPED

OWN_TABLE = "id,date,title,category,place,lat,lon,killed\nq1,2023-05-01,Quay fire,fire,Harbour,51.5,-0.1,0\nq2,2023,Strike,strike,,,,\n"


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_build_writes_three_pages_and_reports(tmp_path: Path) -> None:
    result = run("build", str(SHIPPED), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["embed", "index.html", "map.html", "timeline.html"]
    assert sorted(p.name for p in (tmp_path / "embed").iterdir()) == [
        "index-iframe.html",
        "map-iframe.html",
        "timeline-iframe.html",
        "timeline-standalone.html",
        "timeline.html",
    ]
    assert f"Built {tmp_path}/ from {SHIPPED} in " in result.stdout
    assert (
        "23 events: 14 on the map, 7 with no place given, 2 spanning several countries (not drawn), 0 not placed"
        in result.stdout
    )


def test_bad_input_exits_1_lists_problems_and_writes_nothing(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("id,date,title\na,2024-13,Bad month\nb,2024,Fine\nc,,No date\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("previous build", encoding="utf-8")
    result = run("build", str(events), "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{events}:2: column 'date': value '2024-13' — has month 13, which does not exist; write YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source (~YYYY when even the year is approximate)",
        f"{events}:4: column 'date': value '' — is empty; give every event a date: YYYY, YYYY-MM or YYYY-MM-DD",
        "Error: 2 problems in the input; nothing was written",
    ]
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "previous build"


def test_validate_strict_passes_on_the_shipped_table() -> None:
    result = run("validate", "--strict", str(SHIPPED))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{SHIPPED}: OK — 23 events, 68 citations, 14 placed (strict)\n"


def test_validate_writes_nothing(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(OWN_TABLE, encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    result = run("validate", str(events))
    assert result.exit_code == 0, result.output
    assert sorted(tmp_path.iterdir()) == before


def test_strict_demands_citations_and_places(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("id,date,title,place\na,2024,Somewhere odd,Qwxyzzy Flats\nb,2024,Nowhere,\n", encoding="utf-8")
    loose = run("build", str(events), "--out", str(tmp_path / "out"))
    assert loose.exit_code == 0, loose.output
    assert loose.stderr == (
        f"warning: {events}:2: column 'place': value 'Qwxyzzy Flats' — is not a place the offline gazetteer knows; "
        "add it to places.csv, give lat and lon, or build with --online\n"
    )
    strict = run("validate", "--strict", str(events))
    assert strict.exit_code == 1
    assert strict.stderr.splitlines() == [
        f"{events}:2: column 'id': value 'a' — has no citation; add a row for it to citations.csv with the source and the sentence that supports it",
        f"{events}:2: column 'place': value 'Qwxyzzy Flats' — is not a place the offline gazetteer knows; add it to places.csv, give lat and lon, or build with --online",
        f"{events}:3: column 'id': value 'b' — has no citation; add a row for it to citations.csv with the source and the sentence that supports it",
        "Error: 3 problems in the input; nothing was written",
    ]


def test_build_shows_the_first_warnings_and_validate_lists_them_all(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    rows = "".join(f"e{n},2024,Event {n},Qwxyzzy Flats {n}\n" for n in range(1, 61))
    events.write_text("id,date,title,place\n" + rows, encoding="utf-8")
    built = run("build", str(events), "--out", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    lines = built.stderr.splitlines()
    assert [line for line in lines if line.startswith("warning: ")] == [
        f"warning: {events}:{n + 1}: column 'place': value 'Qwxyzzy Flats {n}' — is not a place the offline "
        "gazetteer knows; add it to places.csv, give lat and lon, or build with --online"
        for n in range(1, 51)
    ]
    assert lines[-1] == f"... and 10 more warnings like these; `timeline validate {events}` lists them all"
    checked = run("validate", str(events))
    assert checked.exit_code == 0, checked.output
    assert len([line for line in checked.stderr.splitlines() if line.startswith("warning: ")]) == 60


def test_an_output_folder_that_cannot_be_written_is_a_clean_error(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(OWN_TABLE, encoding="utf-8")
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    result = run("build", str(events), "--out", str(blocker / "pages"))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {blocker}/pages: cannot write here (Not a directory); choose another folder with --out\n"
    )
    assert "Traceback" not in result.output


def test_online_build_uses_nominatim_and_fills_the_cache(tmp_path: Path, nominatim: str, monkeypatch) -> None:
    events = tmp_path / "events.csv"
    events.write_text('id,date,title,place\ng,2021-08,Gate,"Abbey Gate, Kabul Airport"\n', encoding="utf-8")
    monkeypatch.setenv("TIMELINE_NOMINATIM_URL", f"http://{nominatim}")
    result = run("build", str(events), "--out", str(tmp_path / "out"), "--online")
    assert result.exit_code == 0, result.output
    assert "looked up 1 place online; 1 added to the places cache" in result.stdout
    cache = (tmp_path / "places.csv").read_text(encoding="utf-8")
    assert cache.splitlines()[1].startswith('"Abbey Gate, Kabul Airport",34.562200,69.206900,venue,nominatim,')


def test_python_dash_m_and_help() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "build", "--help"], capture_output=True, text=True, env=env, check=True
    )
    for option in ("--out", "--online", "--strict", "--places", "--sources", "--citations"):
        assert option in result.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bars_appear_only_on_a_terminal_after_the_delay(tmp_path: Path) -> None:
    """A real build's progress calls, drawn as click bars on a (pretend) terminal."""
    from timeline import build, load
    from timeline.placescache import query_key

    places = {query_key(e.place) for e in load(SHIPPED).events if e.place and e.coordinates is None}
    terminal = _Terminal()
    with ProgressBars(delay=0, file=terminal) as bars:
        build(SHIPPED, tmp_path / "a", progress=bars)
    shown = terminal.getvalue()
    for label in ("reading the table", f"placing {len(places)} distinct places", "drawing the pages", "writing"):
        assert re.search(re.escape(label) + r"  \[#+\]  100%", shown), label

    quiet = io.StringIO()  # not a terminal: a log or a pipe
    with ProgressBars(delay=0, file=quiet) as bars:
        build(SHIPPED, tmp_path / "b", progress=bars)
    assert quiet.getvalue() == ""

    patient = _Terminal()  # a build quicker than the delay shows nothing
    with ProgressBars(delay=3600, file=patient) as bars:
        build(SHIPPED, tmp_path / "c", progress=bars)
    assert patient.getvalue() == ""
