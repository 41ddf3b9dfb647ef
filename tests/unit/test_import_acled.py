"""`timeline.importers.acled`: ACLED exports, with the columns of after March
2023 and of before (in capitals, with dates written out), read into the
project's tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from timeline.errors import InvalidInputError
from timeline.importers import import_acled
from timeline.importers.acled import widen_week
from timeline.load import load
from timeline.placescache import PlacesCache

NEW = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
OLD = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
]
BASE = {
    "event_date": "2023-03-18", "year": "2023", "time_precision": "1", "event_type": "Violence against civilians",
    "sub_event_type": "Attack", "actor1": "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
    "actor2": "Civilians (Nigeria)", "country": "Nigeria", "admin1": "Borno", "location": "Konduga",
    "latitude": "11.6533", "longitude": "13.4179", "geo_precision": "1", "source": "Reuters; Premium Times",
    "notes": "On 18 March 2023, militants attacked Konduga.", "fatalities": "5", "iso": "566",
}  # fmt: skip


def export(tmp_path: Path, *rows: dict, columns=NEW, upper: bool = False) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.upper() for c in columns] if upper else columns)
    for n, row in enumerate(rows, 1):
        cells = {**BASE, "event_id_cnty": f"NIG{n}", **row}
        writer.writerow([cells.get(c, "") for c in columns])
    path = tmp_path / "acled.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def imported(tmp_path: Path, *rows: dict, **kwargs) -> tuple[list[dict], Path]:
    out = tmp_path / "out"
    import_acled(export(tmp_path, *rows, **kwargs), out)
    with open(out / "events.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle)), out


def test_time_precision_gives_the_day_the_month_or_a_widened_week(tmp_path: Path) -> None:
    events, out = imported(
        tmp_path,
        {"time_precision": "1"},
        {"time_precision": "3", "event_date": "2023-03-15"},
        {"time_precision": "2", "event_date": "2023-03-15"},  # every week around it is in March
        {"time_precision": "2", "event_date": "2023-03-29"},  # a week that may reach April
    )
    assert [e["date"] for e in events] == ["2023-03-18", "2023-03", "2023-03", "2023"]
    derived = [c for c in _citations(out) if c["derived"]]
    assert [(c["event_id"], c["value"], c["derived"]) for c in derived] == [
        ("acled-nig3", "2023-03-15", "2023-03"),
        ("acled-nig4", "2023-03-29", "2023"),
    ]
    assert all("time_precision 2" in c["note"] for c in derived)
    dataset = load(out / "events.csv")
    assert dataset.warnings == []  # the widened dates marked derived, the rest ACLED's own


def test_widen_week() -> None:
    assert widen_week("2023-03-15") == ("2023-03", "the month holding the whole week")
    assert widen_week("2023-03-02")[0] == "2023"
    assert widen_week("2023-12-30")[0] == "~2023"


def test_geo_precision_and_fatalities(tmp_path: Path) -> None:
    events, out = imported(
        tmp_path,
        {"geo_precision": "1", "fatalities": "5"},
        {"geo_precision": "2", "location": "Bama", "fatalities": "0"},
        {"geo_precision": "3", "location": "Maiduguri", "fatalities": ""},
    )
    cache = PlacesCache.load(out / "places.csv")
    assert [cache.get(e["place"]).precision for e in events] == ["city", "region", "region"]
    # ACLED's 0 is "none died" and "none reported" alike: left unknown, and said where it is cited.
    assert [e["killed"] for e in events] == ["5", "", ""]
    with open(out / "sources.csv", encoding="utf-8", newline="") as handle:
        acled = next(row for row in csv.DictReader(handle) if row["id"] == "acled")
    assert "fatality figures are estimates" in acled["note"]
    with open(out / "citations.csv", encoding="utf-8", newline="") as handle:
        notes = {row["event_id"]: row["note"] for row in csv.DictReader(handle) if row["source_id"] == "acled"}
    said = [e["id"] for e in events if "ACLED gives 0 fatalities" in notes[e["id"]]]
    assert said == [events[1]["id"]]


def test_perpetrator_only_where_actor1_acts(tmp_path: Path) -> None:
    events, _ = imported(
        tmp_path,
        {"event_type": "Violence against civilians", "actor1": "Militia (Pro-Government)"},
        {
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "actor1": "Military Forces of Nigeria",
            "actor2": "ISWAP",
        },
        {"event_type": "Strategic developments", "sub_event_type": "Disrupted weapons use"},
    )
    vac, battle, disrupted = events
    assert vac["perpetrator"] == "Militia [Pro-Government]" and vac["category"] == "attack"
    assert battle["perpetrator"] == "" and battle["category"] == "battles"
    assert "Military Forces of Nigeria and ISWAP" in battle["summary"]
    assert disrupted["category"] == "foiled plot"


def test_each_named_source_is_cited(tmp_path: Path) -> None:
    _, out = imported(tmp_path, {"source": "Reuters; Premium Times"}, {"source": "Reuters"})
    with open(out / "sources.csv", encoding="utf-8", newline="") as handle:
        titles = {row["id"]: row["title"] for row in csv.DictReader(handle)}
    cited = sorted((c["event_id"], titles[c["source_id"]]) for c in _citations(out))
    assert cited == [
        ("acled-nig1", "Armed Conflict Location & Event Data (ACLED)"),
        ("acled-nig1", "Premium Times"),
        ("acled-nig1", "Reuters"),
        ("acled-nig2", "Armed Conflict Location & Event Data (ACLED)"),
        ("acled-nig2", "Reuters"),
    ]


def test_pre_2023_columns_in_capitals_with_dates_written_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = export(
        tmp_path, {"event_date": "18 March 2023", "data_id": "1", "event_id_no_cnty": "1"}, columns=OLD, upper=True
    )
    report = import_acled(path, out)
    assert [str(n) for n in report.notes] == [
        f"{path}:1 — read as an ACLED export with the pre-2023 columns (data_id, event_id_no_cnty, iso3); "
        "nothing to do; only columns both sets share are read"
    ]
    event = load(out / "events.csv").events[0]
    assert (event.id, event.date.iso, event.place) == ("acled-nig1", "2023-03-18", "Konduga, Borno, Nigeria")


def test_bad_codes_are_reported(tmp_path: Path) -> None:
    path = export(tmp_path, {"time_precision": "4"}, {"geo_precision": "0"}, {"event_date": "2023-02-30"})
    with pytest.raises(InvalidInputError) as raised:
        import_acled(path, tmp_path / "out")
    assert [(p.line, p.column, p.value) for p in raised.value.problems] == [
        (2, "time_precision", "4"),
        (3, "geo_precision", "0"),
        (4, "event_date", "2023-02-30"),
    ]
    assert not (tmp_path / "out").exists()


def test_a_file_that_is_not_an_acled_export(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("id,date,title\na,2023,A\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as raised:
        import_acled(path, tmp_path / "out")
    assert raised.value.problems[0].column == "event_id_cnty"
    assert "is missing from the header" in str(raised.value.problems[0])


def _citations(out: Path) -> list[dict]:
    with open(out / "citations.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
