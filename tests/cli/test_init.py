"""`timeline init [DIR] [--xlsx]`: a starter project that builds at once, and never over another."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.project import COLUMN_NOTES
from timeline.style import VOCABULARY


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_init_then_build(tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "project"
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(folder), *(["--xlsx"] if kind == "xlsx" else [])])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    if kind == "xlsx":
        assert names == ["events.xlsx", "timeline.toml"]
    else:
        assert names == ["citations.csv", "eras.csv", "events.csv", "places.csv", "sources.csv", "timeline.toml"]
    result = runner.invoke(main, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "2 events" in result.output
    assert "warning" not in result.output and "note" not in result.output, result.output
    assert (tmp_path / "out" / "index.html").stat().st_size > 0
    assert sorted(p.name for p in folder.iterdir()) == names, "the build wrote into the project"


def test_the_workbook_explains_its_columns_and_lists_the_categories(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["init", str(tmp_path / "a"), "--xlsx"])
    CliRunner().invoke(main, ["init", str(tmp_path / "b"), "--xlsx"])
    data = (tmp_path / "a" / "events.xlsx").read_bytes()
    assert data == (tmp_path / "b" / "events.xlsx").read_bytes(), "two inits, two different workbooks"
    book = openpyxl.load_workbook(tmp_path / "a" / "events.xlsx")
    assert book.sheetnames == ["events", "sources", "citations", "places", "eras"]
    events = book["events"]
    header = [c.value for c in events[1]]
    assert [events.cell(1, i + 1).comment.text for i in range(len(header))] == [
        COLUMN_NOTES["events"][name] for name in header
    ]
    (check,) = events.data_validations.dataValidation
    assert check.type == "list"
    assert check.formula1 == '"' + ",".join(c.id for c in VOCABULARY) + '"'
    column = "ABCDEFGHIJKL"[header.index("category")]
    assert str(check.sqref).startswith(f"{column}2:")
    assert all("Example" in row[header.index("title")].value for row in events.iter_rows(min_row=2))
    # The date columns are text: "2024-03" typed there stays a month, not the 1st of March.
    formats = {name: events.column_dimensions["ABCDEFGHIJKL"[i]].number_format for i, name in enumerate(header)}
    assert formats["date"] == formats["end_date"] == "@"
    assert formats["title"] == "General"


def test_init_never_writes_over_a_project(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text("id,date,title\nmine,2024,Mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--xlsx"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path}: is not empty, and init never writes over a project; give a new or empty folder's path\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]
    assert (tmp_path / "events.csv").read_text(encoding="utf-8") == "id,date,title\nmine,2024,Mine\n"


def test_places_found_online_for_a_workbook_go_to_places_csv_beside_it(
    tmp_path: Path, nominatim: str, monkeypatch
) -> None:
    book = openpyxl.Workbook()
    book.active.title = "events"
    book.active.append(["id", "date", "title", "place"])
    book.active.append(["g", "2021-08", "Gate", "Abbey Gate, Kabul Airport"])
    book.save(tmp_path / "events.xlsx")
    before = (tmp_path / "events.xlsx").read_bytes()
    monkeypatch.setenv("TIMELINE_NOMINATIM_URL", f"http://{nominatim}")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "--online"])
    assert result.exit_code == 0, result.output
    assert (
        f"looked up 1 place online; 1 added to {tmp_path / 'places.csv'} (the workbook itself is never written)"
        in result.output
    )
    cache = (tmp_path / "places.csv").read_text(encoding="utf-8")
    assert cache.splitlines()[1].startswith('"Abbey Gate, Kabul Airport",34.562200,69.206900,venue,nominatim,')
    assert (tmp_path / "events.xlsx").read_bytes() == before
