"""Every guess is put up for review: the build's and validate's review lines,
``timeline places`` (the report, --accept), --strict, and the card."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.review import REPORT_COLUMNS

# A venue the gazetteer cannot know, in a city it knows: placed at the city, a guess.
TABLE = (
    "id,date,title,category,place,lat,lon\n"
    'embassy,2022-09,Embassy bombing,attack,"Russian Embassy, Kabul",,\n'
    'hotel,2022-12,Hotel attack,attack,"Russian Embassy, Kabul",,\n'
    "city,2024,In the city,attack,Kabul,,\n"
    "given,2024,At a point,attack,Harbour,51.5,-0.1\n"
    "nowhere,2024,Nowhere,attack,Zzqxv Qwzzk,,\n"
    "none,2024,No place,attack,,,\n"
)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def table(tmp_path: Path) -> Path:
    events = tmp_path / "events.csv"
    events.write_text(TABLE, encoding="utf-8")
    return events


def report(text: str) -> dict[str, dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and tuple(rows[0]) == REPORT_COLUMNS
    return {row["event_id"]: row for row in rows}


def test_validate_prints_one_review_line_per_place_text(table: Path) -> None:
    result = run("validate", str(table))
    assert result.exit_code == 0, result.output
    reviews = [line for line in result.stderr.splitlines() if line.startswith("review: ")]
    # Two events name the embassy: one line, at the first, saying how many.
    assert len(reviews) == 1, result.stderr
    assert reviews[0].startswith(f"review: {table}:2: column 'place': value 'Russian Embassy, Kabul' — a guess")
    assert "(2 events)" in reviews[0]
    assert "timeline places --accept" in reviews[0]
    assert "(2 to review)" in result.stdout
    assert "1 not placed" in result.stdout


def test_strict_refuses_a_guess_and_writes_nothing(table: Path, tmp_path: Path) -> None:
    table.write_text(TABLE.replace("nowhere,2024,Nowhere,attack,Zzqxv Qwzzk,,\n", ""), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(table), "--out", str(out), "--strict")
    assert result.exit_code == 1
    assert f"{table}:2: column 'place': value 'Russian Embassy, Kabul' — a guess, not reviewed" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_places_report_has_a_row_per_event_with_method_and_status(table: Path) -> None:
    result = run("places", str(table))
    assert result.exit_code == 0, result.output
    rows = report(result.stdout)
    assert list(rows) == ["embassy", "hotel", "city", "given", "nowhere", "none"]
    assert rows["embassy"]["status"] == "review"
    assert rows["embassy"]["precision"] == "city"  # the venue was not found: placed coarser
    assert rows["embassy"]["country"] == "AF"
    assert rows["city"]["status"] == "ok"
    assert rows["given"]["method"] == "explicit" and rows["given"]["status"] == "ok"
    assert (rows["given"]["lat"], rows["given"]["lon"]) == ("51.500000", "-0.100000")
    assert rows["nowhere"]["status"] == "unplaced" and rows["nowhere"]["lat"] == ""
    assert rows["nowhere"]["note"]  # why, and what to do
    assert rows["none"]["status"] == "" and rows["none"]["note"] == "no place given"
    assert "4 placed (2 to review), 1 not placed, 1 with no place given" in result.stderr


def test_places_report_cells_never_run_as_formulas(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text('id,date,title,place\na,2024,A,"=HYPERLINK(""http://x"",""y"")"\nb,2024,B,Kabul\n', "utf-8")
    result = run("places", str(events), "--out", str(tmp_path / "report.csv"))
    assert result.exit_code == 0, result.output
    rows = report((tmp_path / "report.csv").read_text("utf-8"))
    assert rows["a"]["place"] == "'" + '=HYPERLINK("http://x","y")'
    assert rows["b"]["lon"].startswith("69.")  # numbers are left as numbers


def test_accept_records_the_guesses_then_the_table_is_clean(table: Path) -> None:
    places = table.parent / "places.csv"
    mine = "query,lat,lon,precision,provider,resolved_name,note,country\r\nHarbour,51.5,-0.1,venue,manual,,,GB\r\n"
    places.write_bytes(mine.encode("utf-8"))
    result = run("places", str(table), "--accept")
    assert result.exit_code == 0, result.output
    assert "accepted 1 placement as reviewed" in result.stderr
    after = places.read_bytes()
    assert after.startswith(mine.encode("utf-8"))  # the rows a person wrote are never rewritten
    assert after.count(b"Russian Embassy, Kabul") == 1 and after.endswith(b"\r\n")
    again = run("places", str(table))
    assert report(again.stdout)["embassy"]["status"] == "ok"
    assert "(0 to review)" in again.stderr
    # Accepting again adds nothing.
    assert "accepted 0 placements" in run("places", str(table), "--accept").stderr
    assert places.read_bytes() == after


def test_a_cached_online_result_is_a_guess_until_marked_reviewed(table: Path) -> None:
    places = table.parent / "places.csv"
    header = "query,lat,lon,precision,provider,resolved_name,note,country,reviewed\n"
    row = "Zzqxv Qwzzk,10,20,city,nominatim,Somewhere,OpenStreetMap data via Nominatim (ODbL),TD,"
    places.write_text(header + row + "\n", "utf-8")
    result = run("places", str(table))
    rows = report(result.stdout)
    assert (rows["nowhere"]["method"], rows["nowhere"]["status"]) == ("nominatim", "review")
    said = run("validate", str(table)).stderr
    assert "value 'Zzqxv Qwzzk' — a guess, not reviewed" in said
    assert "write 'yes' in its 'reviewed' cell in places.csv" in said  # --accept leaves the build's rows alone
    places.write_text(header + row + "yes\n", "utf-8")
    rows = report(run("places", str(table)).stdout)
    assert (rows["nowhere"]["method"], rows["nowhere"]["status"]) == ("reviewed", "ok")
    places.write_text(header + row + "maybe\n", "utf-8")
    result = run("validate", str(table))
    assert result.exit_code == 1
    assert f"{places}:2: column 'reviewed': value 'maybe' — is neither 'yes' nor blank" in result.stderr


@pytest.mark.browser
def test_the_card_says_a_guess_is_not_reviewed(table: Path, tmp_path: Path, open_page) -> None:
    out = tmp_path / "out"
    assert run("build", str(table), "--out", str(out)).exit_code == 0
    for event, guessed in (("embassy", True), ("city", False), ("given", False)):
        loaded = open_page(out / "index.html", fragment=event)
        card = loaded.page.locator(".leaflet-popup .event-card")
        card.wait_for()
        assert ("not reviewed" in card.inner_text()) is guessed, event
        assert not loaded.errors and not loaded.blocked


def test_a_region_is_drawn_with_its_own_extent(tmp_path: Path) -> None:
    """A province's dashed circle is its own size, not one size for every region."""
    from timeline import prepare
    from timeline.datablock import PLACE_FIELDS, data_block

    events = tmp_path / "events.csv"
    events.write_text("id,date,title,place\nk,2024,K,Kerman Province\nn,2024,N,Nangarhar province\n", "utf-8")
    prepared = prepare(events)
    block = data_block(prepared.dataset, prepared.placements)
    radius = {
        row[PLACE_FIELDS.index("name")].split(" ")[0]: row[PLACE_FIELDS.index("radius_m")] for row in block["places"]
    }
    # Kerman province is about 180,000 km², Nangarhar about 7,700 km²: tens of km against a couple of hundred.
    assert 150_000 <= radius["Kerman"] <= 400_000
    assert 20_000 <= radius["Nangarhar"] <= 80_000
