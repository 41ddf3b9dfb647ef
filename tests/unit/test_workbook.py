"""Workbooks (.xlsx) read as the tables the CSV files give: cells as a
spreadsheet writes them, problems naming the cell, the workbook never written.

The workbooks are written here with openpyxl. openpyxl computes no formula,
so a formula's value as last calculated (what a spreadsheet stores beside
it) is put into the saved file by ``calculated``, as Excel would have.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from timeline.csvfile import Collector
from timeline.errors import InvalidInputError
from timeline.load import load
from timeline.model import Place
from timeline.placescache import PlacesCache
from timeline.project import find_table
from timeline.workbook import Workbook, cell_text, column_letter

EVENTS = ["id", "date", "title", "category", "lat", "lon", "killed"]


def workbook(path: Path, sheets: dict[str, list[list]], *, hidden: tuple[str, ...] = (), merge: str = "") -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
        if merge and name == "events":
            sheet.merge_cells(merge)
    book.save(path)
    return path


def calculated(path: Path, values: dict[str, str], errors: dict[str, str] = {}) -> None:  # noqa: B006
    """Store in the first sheet of ``path`` the value each formula cell last
    calculated to (``values``: cell -> number) or the error it gave (``errors``)."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = files[name].decode()
    for ref, value in {**values, **errors}.items():
        kind = ' t="e"' if ref in errors else ""
        xml, count = re.subn(
            rf'<c r="{ref}"([^>]*)><f>([^<]*)</f><v\s*/?>(?:</v>)?</c>',
            rf'<c r="{ref}"\1{kind}><f>\2</f><v>{value}</v></c>',
            xml,
        )
        assert count == 1, (ref, xml)
    files[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for item, data in files.items():
            archive.writestr(item, data)


def problems(path: Path) -> list[str]:
    with pytest.raises(InvalidInputError) as err:
        load(path)
    return [str(p) for p in err.value.problems]


def test_cells_are_read_as_a_spreadsheet_wrote_them(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "events.xlsx",
        {
            "events": [
                EVENTS,
                ["a", dt.date(2022, 9, 5), "A day cell", "attack", 34.5167, 69.2, 13.0],
                ["b", "2022-09", "A month as text", "context", None, None, 13],
                ["c", dt.datetime(2022, 9, 5, 0, 0), "Midnight", "context", -0.000123, 1.5e-7, None],
                ["d", 2022, "A year as a number", True, None, None, "at least 133"],
            ]
        },
    )
    dataset = load(path)
    a, b, c, d = dataset.events
    assert (a.date.iso, a.date.precision) == ("2022-09-05", "day")
    assert (b.date.iso, b.date.precision) == ("2022-09", "month")
    assert (c.date.iso, c.date.precision) == ("2022-09-05", "day")
    assert d.date.iso == "2022"
    assert a.coordinates == (34.5167, 69.2)
    assert a.killed.label == "13" and b.killed.label == "13"  # 13.0 is a whole number, not "13.0"
    assert d.killed.label == "at least 133"
    assert d.category == "true"  # a boolean cell reads TRUE, as the CSV export writes it (a category folded)
    assert c.coordinates == (-0.000123, 1.5e-7)
    assert [n.where for n in dataset.notes] == [f"{path}[events]!D5"]  # "TRUE" read as "true"


def test_cell_text_keeps_every_digit_and_drops_no_day() -> None:
    assert cell_text(13.0) == ("13", None)
    assert cell_text(34.56583) == ("34.56583", None)
    assert cell_text(0.1 + 0.2) == ("0.30000000000000004", None)  # what the cell holds, not what it shows
    assert cell_text(False) == ("FALSE", None)
    text, note = cell_text(dt.datetime(2022, 9, 5, 14, 30))
    assert text == "2022-09-05" and "14:30" in note
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_a_time_of_day_is_read_as_the_day_and_said(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "events.xlsx", {"events": [EVENTS[:3], ["a", dt.datetime(2024, 3, 22, 19, 58), "Evening"]]}
    )
    dataset = load(path)
    assert dataset.events[0].date.iso == "2024-03-22"
    assert [str(n) for n in dataset.notes] == [
        f"{path}[events]!B2: column 'date': value '2024-03-22' — holds a time of day (19:58); read as the day "
        "2024-03-22; write the day alone (yyyy-mm-dd) to avoid this note"
    ]


def test_problems_name_the_sheet_and_the_cell(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "events.xlsx",
        {
            "events": [EVENTS, ["a", "soon", "Bad date"], ["a", 2024, ""]],
            "citations": [["event_id", "source_id"], ["nope", "x"]],
        },
    )
    assert problems(path) == [
        f"{path}[events]!B2: column 'date': value 'soon' — is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, "
        "as precise as the source (~YYYY when even the year is approximate)",
        f"{path}[events]!A3: column 'id': value 'a' — is already used on row 2; give each event its own id",
        f"{path}[events]!C3: column 'title': value '' — is empty; give every event a title",
        f"{path}[citations]!A2: column 'event_id': value 'nope' — names no event in the events table; "
        "use an id from the events table's id column",
        f"{path}[citations]!B2: column 'source_id': value 'x' — names no source in the sources sheet; "
        "add the source to the sources sheet or fix the id",
    ]


def test_formulas_are_read_by_their_last_value_and_their_errors_are_problems(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "events.xlsx",
        {
            "events": [
                EVENTS,
                ["a", 2024, "Sum", None, None, None, "=10+3"],
                ["b", 2024, "Error", None, None, None, "=1/0"],
            ]
        },
    )
    calculated(path, {"G2": "13"}, {"G3": "#DIV/0!"})
    assert problems(path) == [
        f"{path}[events]!G3: column 'killed': value '#DIV/0!' — is a formula's error; "
        "correct the formula, or write the value itself"
    ]
    book = Workbook(path)
    records = book.sheet("events").records(tuple(EVENTS), ("id",), Collector(book.sheet("events")))
    assert records.rows[0][EVENTS.index("killed")] == "13"


def test_merged_cells_among_the_data_are_a_problem(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "events.xlsx",
        {"events": [EVENTS[:3], ["a", 2024, "Merged title"], ["b", 2024, None]]},
        merge="C2:C3",
    )
    assert problems(path)[0] == (
        f"{path}[events]!C2:C3 — has merged cells (C2:C3); only the first holds the value; "
        "unmerge them (Format > Merge cells) and fill each cell"
    )


def test_hidden_and_other_sheets_are_said(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "events.xlsx",
        {
            "events": [EVENTS[:3], ["a", 2024, "One"]],
            "sources": [["id", "title"], ["s", "A source"]],
            "Scratch": [["anything"]],
        },
        hidden=("sources", "Scratch"),
    )
    dataset = load(path)
    assert list(dataset.sources) == ["s"]  # a hidden sheet of ours is read
    assert [str(n) for n in dataset.notes] == [
        f"{path} — sheet 'Scratch' (hidden) not read; only the sheets events, sources, citations, places, eras, "
        "story are tables; this note is all the others get",
        f"{path}[sources] — is a hidden sheet; read all the same; unhide it, or delete it",
    ]


def test_empty_trailing_rows_and_columns_are_ignored_and_a_value_beyond_the_header_is_not(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "events.xlsx",
        {"events": [[*EVENTS[:3], None, None], ["a", 2024, "One", None, ""], [None] * 5, [None, "", None]]},
    )
    book = openpyxl.load_workbook(path)
    book["events"]["H40"].number_format = "0.00"  # a formatted, empty cell far down and right
    book.save(path)
    dataset = load(path)
    assert [e.id for e in dataset.events] == ["a"]
    assert dataset.notes == []
    book["events"]["E2"] = "stray"
    book.save(path)
    assert problems(path) == [
        f"{path}[events]!E2: value 'stray' — is in a column with no name in row 1; "
        "name the column in row 1, or move the value"
    ]


def test_only_the_events_sheet_is_required(tmp_path: Path) -> None:
    path = workbook(tmp_path / "events.xlsx", {"Sheet1": [EVENTS]})
    assert problems(path) == [
        f"{path} — has no sheet named 'events' (its sheets: 'Sheet1'); name the events table's sheet 'events'"
    ]
    path = workbook(tmp_path / "events.xlsx", {"events": [["id", "date"]]})
    assert problems(path) == [
        f"{path}[events] row 1: column 'title' — is missing from the header; add a column named 'title'"
    ]


def test_the_places_sheet_is_read_and_new_places_go_to_places_csv(tmp_path: Path) -> None:
    header = ["query", "lat", "lon", "precision"]
    path = workbook(
        tmp_path / "events.xlsx",
        {"events": [EVENTS[:3], ["a", 2024, "One"]], "places": [header, ["Harbour", 51.5, -0.12, "city"]]},
    )
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    sheet = Workbook(path).sheet("places")
    cache = PlacesCache.load(tmp_path / "places.csv", sheet=sheet)
    assert (cache.get("harbour").lat, cache.get("harbour").lon) == (51.5, -0.12)
    cache.add("Leeds", Place(53.8, -1.55, "city", "nominatim", "Leeds", "", "GB", "nominatim", "review"))
    assert (tmp_path / "places.csv").read_text(encoding="utf-8").splitlines()[1].startswith("Leeds,53.800000")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the workbook was written"
    # The same row in both (copied from places.csv into the sheet) is fine; a different one is not.
    with (tmp_path / "places.csv").open("a", encoding="utf-8") as file:
        file.write("Harbour,51.5,-0.12,city,,,,,\n")
    assert PlacesCache.load(tmp_path / "places.csv", sheet=sheet).get("Harbour").lat == 51.5
    with (tmp_path / "places.csv").open("a", encoding="utf-8") as file:
        file.write("harbour ,52,-0.12,city,,,,,\n")
    with pytest.raises(InvalidInputError) as err:
        PlacesCache.load(tmp_path / "places.csv", sheet=sheet)
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'places.csv'}:4: column 'query': value 'harbour' — differs from its row in "
        f"{path}[places] (row 2); keep one row per place: correct or delete one of the two"
    ]


def test_a_folder_is_built_from_its_one_table(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text("id,date,title\na,2024,One\n", encoding="utf-8")
    assert find_table(tmp_path) == tmp_path / "events.csv"
    workbook(tmp_path / "events.xlsx", {"events": [EVENTS[:3]]})
    with pytest.raises(InvalidInputError) as err:
        find_table(tmp_path)
    assert str(err.value) == (
        f"{tmp_path} — holds events.csv and events.xlsx: which is the events table is not clear; "
        f"give the one to build, e.g. {tmp_path / 'events.xlsx'}, or move the other out of the folder"
    )
    (tmp_path / "events.csv").unlink()
    assert find_table(tmp_path) == tmp_path / "events.xlsx"


def test_a_workbook_given_where_a_csv_file_is_expected_is_still_refused(tmp_path: Path) -> None:
    workbook(tmp_path / "sources.xlsx", {"sources": [["id", "title"]]})
    (tmp_path / "events.csv").write_text("id,date,title\na,2024,One\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as err:
        load(tmp_path / "events.csv", sources_path=tmp_path / "sources.xlsx")
    assert "is an Excel workbook (.xlsx), not CSV text" in str(err.value)


def test_text_named_as_a_workbook_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "events.xlsx"
    path.write_text("id,date,title\na,2024,One\n", encoding="utf-8")
    assert problems(path) == [f"{path} — is not a workbook; if it is CSV text, give it a name ending in .csv"]
    assert io.BytesIO(path.read_bytes()).read().startswith(b"id,date")  # left as it was


def ods(path: Path, rows: list[list]) -> Path:
    """A minimal OpenDocument spreadsheet with one sheet, ``events``, as
    LibreOffice types its cells: dates, floats, text, and ``ERROR`` for a
    formula's error (openpyxl writes no .ods, and no LibreOffice runs here)."""

    def cell(value) -> str:
        if value == "ERROR":
            return (
                '<table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" '
                'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
            )
        if isinstance(value, dt.date):
            return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
        if isinstance(value, float | int):
            return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in rows)
    namespaces = " ".join(
        f'xmlns:{name}="{uri}"'
        for name, uri in {
            "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
            "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
            "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
            "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
        }.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="events">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


def test_an_ods_workbook_is_read_alike_and_its_errors_refused(tmp_path: Path) -> None:
    rows = [["id", "date", "title", "killed"], ["a", dt.date(2022, 9, 5), "Day", 13.0], ["b", "2022-09", "Month", ""]]
    dataset = load(ods(tmp_path / "events.ods", rows))
    assert [(e.date.iso, e.date.precision) for e in dataset.events] == [("2022-09-05", "day"), ("2022-09", "month")]
    assert dataset.events[0].killed.label == "13"
    rows[2][3] = "ERROR"
    path = ods(tmp_path / "events.ods", rows)
    assert problems(path) == [
        f"{path} — holds a formula's error (#N/A, #DIV/0!...), which is read from an .ods file as a blank cell; "
        "correct the formula (LibreOffice: Edit > Find, search for #), or save the workbook as .xlsx, "
        "where the error's cell is named"
    ]
