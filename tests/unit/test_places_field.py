"""The field test: place texts typical of this work (Afghanistan, Pakistan,
Iran, Iraq, Syria, Russia and the Caucasus, Europe, the US), each with the
country and status a careful analyst expects (tests/data/places_field.csv,
written from knowledge of the places, not from the gazetteer's answers).

Every row must come out as expected; and, as a figure to watch, no text may
be placed in the wrong country without being flagged for review."""

from __future__ import annotations

import csv
from dataclasses import dataclass

import pytest

from timeline.gazetteer import Gazetteer, Match

from ..conftest import DATA

TABLE = DATA / "places_field.csv"


def rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass
class Figures:
    texts: int = 0
    placed: int = 0
    right_country: int = 0  # placed, in the country expected
    flagged: int = 0  # placed with status review
    wrong_unflagged: int = 0  # placed in another country (or placed when it should not be) with status ok

    def line(self) -> str:
        return (
            f"{self.texts} place texts: {self.placed} placed, {self.right_country} in the right country, "
            f"{self.flagged} flagged for review, {self.wrong_unflagged} in the wrong country and not flagged"
        )


def outcome(gazetteer: Gazetteer, text: str) -> tuple[str, str]:
    """(country, status) the gazetteer gives ``text``: ("", "unplaced") when none."""
    found = gazetteer.lookup(text)
    if isinstance(found, Match):
        return found.entry.country, found.status
    return "", "unplaced"


def figures(gazetteer: Gazetteer) -> Figures:
    result = Figures()
    for row in rows():
        country, status = outcome(gazetteer, row["place"])
        result.texts += 1
        if status == "unplaced":
            continue
        result.placed += 1
        result.flagged += status == "review"
        if country == row["country"]:
            result.right_country += 1
        elif status == "ok":
            result.wrong_unflagged += 1
    return result


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def test_the_table_is_big_and_well_formed() -> None:
    table = rows()
    assert len(table) >= 70
    assert len({r["place"] for r in table}) == len(table), "a place text is listed twice"
    for r in table:
        assert r["status"] in ("ok", "review", "unplaced"), r
        assert (r["country"] == "") == (r["status"] == "unplaced"), r


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["place"])
def test_each_place_text(gazetteer: Gazetteer, row: dict[str, str]) -> None:
    found = gazetteer.lookup(row["place"])
    got = outcome(gazetteer, row["place"])
    detail = found.note if isinstance(found, Match) else f"{found.reason}; {found.fix}"
    assert got == (row["country"], row["status"]), f"{row['place']!r} ({row['why']}): {detail}"


def test_no_wrong_country_goes_unflagged(gazetteer: Gazetteer) -> None:
    result = figures(gazetteer)
    print(result.line())
    assert result.wrong_unflagged == 0
    assert result.placed > 0.8 * result.texts
