"""`timeline watch` without a browser: the port it takes, the files whose
saving rebuilds, a save during a build. (tests/browser/test_watch.py has the
page following the saves.)"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline import watch
from timeline.cli import main
from timeline.pipeline import build as real_build
from timeline.stamp import read_id

TABLE = "id,date,title,category,place,lat,lon,killed\nk,2021-08-26,Kabul airport bombing,attack,Kabul,34.56,69.21,183\n"


@pytest.fixture
def taken():
    """A port on 127.0.0.1 some other program listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def test_a_port_asked_for_and_taken_is_said_in_one_line_before_anything_is_built(tmp_path: Path, taken: int) -> None:
    (tmp_path / "events.csv").write_text(TABLE)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["watch", str(tmp_path / "events.csv"), "--out", str(out), "--port", str(taken)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: port {taken} on 127.0.0.1 is in use; choose another with --port (--port 0: any free port)\n"
    )
    assert not out.exists()


def test_the_default_port_taken_another_is_used_and_said(tmp_path: Path, taken: int, monkeypatch) -> None:
    monkeypatch.setattr(watch, "DEFAULT_PORT", taken)
    said: list[str] = []
    server = watch.Watch(tmp_path / "events.csv", tmp_path / "out", say=said.append).open()
    try:
        assert server.port != taken and server.server_address[0] == "127.0.0.1"
        assert said == [f"port {taken} is in use; serving on {server.port} instead"]
    finally:
        server.stop()


def test_a_missing_folder_is_said_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["watch", str(tmp_path / "nowhere" / "events.csv"), "--port", "0"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path}/nowhere/events.csv: the folder {tmp_path}/nowhere does not")


def test_a_save_of_an_input_rebuilds_and_nothing_else_does(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "my-sources.csv"
    watcher = watch.Watch(tmp_path / "events.csv", tmp_path / "out", options={"sources_path": other})
    names = ["events.csv", "sources.csv", "citations.csv", "places.csv", "eras.csv", "story.csv", "timeline.toml"]
    for name in names:
        assert watcher.changed(None, str(tmp_path / name)), name
    assert watcher.changed(None, str(other))
    for name in [".~lock.events.csv#", "~$events.xlsx", ".events.csv.swp", "events.csv~", "notes.csv", "4913"]:
        assert not watcher.changed(None, str(tmp_path / name)), name
    assert not watcher.changed(None, str(tmp_path / "out" / "index.html"))
    assert watcher.folders() == [tmp_path, tmp_path / "elsewhere"]


def test_a_save_during_a_build_builds_again(tmp_path: Path, monkeypatch) -> None:
    table = tmp_path / "events.csv"
    table.write_text(TABLE)
    built: list[str] = []

    def build(events, out, **options):
        built.append(table.read_text())
        if len(built) == 1:  # the reader saves while the first build is going on
            table.write_text(TABLE.replace("Kabul airport", "Kabul airport gate"))
        return real_build(events, out, **options)

    monkeypatch.setattr(watch.pipeline, "build", build)
    watcher = watch.Watch(table, tmp_path / "out", port=0, say=lambda _: None)
    server = watcher.open()
    try:
        watcher.build()
    finally:
        server.stop()
    assert len(built) == 2 and "Kabul airport gate" in built[1]
    page = (tmp_path / "out" / "index.html").read_bytes()
    assert server.status.ok and server.status.build == read_id("index.html", page)


def test_a_project_folder_rebuilds_on_a_save_of_its_workbook(tmp_path: Path) -> None:
    watcher = watch.Watch(tmp_path, tmp_path.parent / "out")
    for name in ["events.xlsx", "events.ods", "events.csv", "places.csv", "timeline.toml"]:
        assert watcher.changed(None, str(tmp_path / name)), name
    assert not watcher.changed(None, str(tmp_path / "~$events.xlsx"))
    assert watcher.folders() == [tmp_path]


def test_the_pages_may_not_go_into_the_tables_folder(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text(TABLE)
    result = CliRunner().invoke(main, ["watch", str(tmp_path / "events.csv"), "--out", str(tmp_path), "--port", "0"])
    assert result.exit_code == 1 and "is the folder of the tables watched" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]
