"""The offline gazetteer's rules, one at a time: names compared loosely,
qualifiers, admin-1 regions, airports, names with several candidates, and
why a text is not placed. (tests/unit/test_places_field.py runs a whole table of
place texts from this field.)"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from timeline.gazetteer import Gazetteer, Match, Unfound, loose_key
from timeline.geocode import place_events
from timeline.model import Event
from timeline.placescache import PlacesCache
from timeline.values import PartialDate

from ..conftest import ROOT


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def match(gazetteer: Gazetteer, text: str) -> Match:
    found = gazetteer.lookup(text)
    assert isinstance(found, Match), f"{text!r}: {found}"
    return found


def unfound(gazetteer: Gazetteer, text: str) -> Unfound:
    found = gazetteer.lookup(text)
    assert isinstance(found, Unfound), f"{text!r} was placed: {found}"
    return found


def km(lat0: float, lon0: float, lat1: float, lon1: float) -> float:
    p0, p1 = math.radians(lat0), math.radians(lat1)
    h = math.sin((p1 - p0) / 2) ** 2 + math.cos(p0) * math.cos(p1) * math.sin(math.radians(lon1 - lon0) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Mazar-i-Sharif", "Mazār-e Sharīf"),
        ("Mazar-e-Sharif", "Mazar e Sharif"),
        ("Deir ez-Zor", "Deir ez Zor"),
        ("Sar-e Pol", "Sar-e-Pol"),
        ("Ma'arrat al-Nu'man", "Maarrat al Numan"),
    ],
)
def test_names_compare_without_hyphens_apostrophes_and_joints(one: str, other: str) -> None:
    assert loose_key(one) == loose_key(other)


def test_names_keep_their_words() -> None:
    assert loose_key("Kerman") != loose_key("Kermanshah")
    assert loose_key("Sar-e Pol") != loose_key("Pol")


@pytest.mark.parametrize(
    ("text", "country", "admin1"),
    [
        ("Moscow, Idaho", "US", "ID"),
        ("Moscow, ID", "US", "ID"),  # ID is also Indonesia: the place decides
        ("Alexandria, Virginia", "US", "VA"),
        ("Kerman, Iran", "IR", "29"),
        ("Atlanta, Georgia", "US", "GA"),  # a country and a state: the place decides
    ],
)
def test_a_qualifier_narrows_the_place(gazetteer: Gazetteer, text: str, country: str, admin1: str) -> None:
    found = match(gazetteer, text)
    assert (found.entry.country, found.entry.admin1, found.status) == (country, admin1, "ok")


def test_a_city_qualifier_is_its_largest_namesake_when_that_dominates(gazetteer: Gazetteer) -> None:
    # "Kabul" is also Cabool, Missouri (an alternate name) and Kābūl in Israel: not what is meant.
    airport = match(gazetteer, "International Airport, Kabul")
    assert (airport.entry.country, airport.method) == ("AF", "airport")
    assert km(airport.entry.lat, airport.entry.lon, *KABUL_AIRPORT) < 1
    assert match(gazetteer, "Bagrami, Kabul").entry.country == "AF"  # a town in Kabul province
    # Manchester, England and Manchester, New Hampshire: neither dominates, so a guess for review.
    venue = match(gazetteer, "Manchester Arena, Manchester")
    assert (venue.entry.country, venue.status) == ("GB", "review")
    assert venue.candidates[0].startswith("Manchester, New Hampshire, United States")


def test_a_qualifier_is_never_overruled(gazetteer: Gazetteer) -> None:
    found = unfound(gazetteer, "Kerman, Iraq")
    assert found.reason == "'Kerman' is known in Iran and United States, not in Iraq"
    assert "places.csv" in found.fix


def test_qualifiers_that_contradict_each_other(gazetteer: Gazetteer) -> None:
    found = unfound(gazetteer, "Moscow, Idaho, Russia")
    assert found.reason == "'Idaho' is not in Russia"


def test_an_unknown_country_or_region_is_not_ignored(gazetteer: Gazetteer) -> None:
    found = unfound(gazetteer, "Qalat-e-Nowhere, Atlantis")
    # Atlantis is a town in South Africa (and Florida): not a qualifier for a place.
    assert found.reason == (
        "'Atlantis' is not a country or region the gazetteer knows (only a town of that name, which narrows "
        "a venue, not a place), and 'Qalat-e-Nowhere' is not found"
    )
    assert found.fix == "correct it, or add it to places.csv, give lat and lon, or build with --online"
    assert unfound(gazetteer, "Kabul, Atlantis").reason.endswith("and 'Kabul' was not checked against it")


def test_a_middle_part_not_known_is_passed_over_for_review(gazetteer: Gazetteer) -> None:
    found = match(gazetteer, "Khar, Bajaur, Pakistan")
    assert (found.entry.name, found.entry.precision, found.status) == ("Khar, Pakistan", "city", "review")
    assert found.note.startswith("'Bajaur' is not a place the gazetteer knows, so it was not checked")
    # Khar is in Bajaur, in Khyber Pakhtunkhwa: about 35 km north of Peshawar's latitude, near the border.
    assert km(found.entry.lat, found.entry.lon, 34.73, 71.52) < 10


def test_a_venue_not_known_is_placed_at_its_city_for_review(gazetteer: Gazetteer) -> None:
    found = match(gazetteer, "Russian Embassy, Kabul")  # Kabul is a city and a province: the city
    assert (found.entry.name, found.entry.precision, found.status) == ("Kabul, Afghanistan", "city", "review")
    assert found.note == "'Russian Embassy' was not found; placed at Kabul, Afghanistan (city level)"


def test_a_place_not_known_in_a_known_country_is_placed_at_the_country_for_review(gazetteer: Gazetteer) -> None:
    found = match(gazetteer, "Qalat-e-Nowhere, Afghanistan")
    assert (found.entry.precision, found.entry.country, found.status) == ("country", "AF", "review")


@pytest.mark.parametrize(
    ("text", "country", "near"),
    [
        ("Moscow Oblast", "RU", (55.75, 37.62)),
        ("Kerman Province", "IR", (30.28, 57.08)),
        ("Kerman Province, Iran", "IR", (30.28, 57.08)),
        ("Nangarhar province", "AF", (34.43, 70.45)),
        ("Idaho", "US", (44.1, -114.7)),
        ("Virginia", "US", (37.5, -78.7)),
        ("Idlib Governorate", "SY", (35.93, 36.63)),
    ],
)
def test_regions(gazetteer: Gazetteer, text: str, country: str, near: tuple[float, float]) -> None:
    found = match(gazetteer, text)
    e = found.entry
    assert (e.precision, e.provider, found.method, e.country, found.status) == (
        "region",
        "admin1",
        "admin1",
        country,
        "ok",
    )
    # The point is somewhere in the region; the radius reaches what it stands for.
    assert km(e.lat, e.lon, *near) <= e.radius_km
    assert 10 <= e.radius_km < 700


def test_a_city_named_like_its_province_is_the_city(gazetteer: Gazetteer) -> None:
    # Minsk and Buenos Aires are regions of their own, inside (or beside) a province of their name.
    for text in ("Kerman", "Herat", "Kabul", "Minsk", "Buenos Aires", "Luxembourg, Luxembourg"):
        found = match(gazetteer, text)
        assert (found.entry.precision, found.status) == ("city", "ok"), text


KABUL_AIRPORT = (34.5659, 69.2123)
BAGRAM_AIR_BASE = (34.9461, 69.265)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("Kabul airport", KABUL_AIRPORT),
        ("Kabul International Airport", KABUL_AIRPORT),
        ("Hamid Karzai International Airport", KABUL_AIRPORT),
        ("Bagram Airfield", BAGRAM_AIR_BASE),
        ("Bagram Air Base", BAGRAM_AIR_BASE),
        ("Bagram Airbase", BAGRAM_AIR_BASE),
    ],
)
def test_airports(gazetteer: Gazetteer, text: str, where: tuple[float, float]) -> None:
    found = match(gazetteer, text)
    assert (found.entry.precision, found.method, found.entry.country, found.status) == ("venue", "airport", "AF", "ok")
    assert km(found.entry.lat, found.entry.lon, *where) < 1


def test_bagram_alone_is_the_air_base_in_afghanistan_for_review(gazetteer: Gazetteer) -> None:
    found = match(gazetteer, "Bagram")
    assert (found.entry.country, found.method, found.status) == ("AF", "airport", "review")
    assert any(c.startswith("Bahrām, Iran") for c in found.candidates)  # the village in Iran, listed, not taken


def test_an_airport_not_known(gazetteer: Gazetteer) -> None:
    found = unfound(gazetteer, "Qwxyzzy International Airport")
    assert found.reason == "is not an airport the offline gazetteer knows"


def test_several_candidates_and_none_dominates_is_review(gazetteer: Gazetteer) -> None:
    found = match(gazetteer, "Tripoli")
    assert (found.entry.name, found.status) == ("Tripoli, Libya", "review")
    assert found.candidates[0] == "Tripoli, Lebanon (pop. 229,398)"
    assert found.note == (
        "took Tripoli, Libya (pop. 1,302,947), the most populous of 4 places called 'Tripoli', "
        "but not ten times the next, Tripoli, Lebanon (pop. 229,398)"
    )


def test_namesakes_in_one_country_are_told_apart_by_region(gazetteer: Gazetteer) -> None:
    found = match(gazetteer, "Springfield")  # Missouri, Massachusetts, Illinois: none ten times another
    assert (found.entry.country, found.status) == ("US", "review")
    assert found.candidates[0].startswith("Springfield, Massachusetts, United States (pop. ")
    fixed = match(gazetteer, "Springfield, Massachusetts")  # writing the region, as listed, settles it
    assert (fixed.entry.admin1, fixed.status) == ("MA", "ok")


def test_a_dominant_candidate_is_taken(gazetteer: Gazetteer) -> None:
    found = match(gazetteer, "Moscow")
    assert (found.entry.name, found.status) == ("Moscow, Russia", "ok")
    assert found.candidates[0] == "Moscow, Idaho, United States (pop. 25,060)"  # namesakes told apart by region


def test_a_capital_is_not_doubted_for_an_old_name_of_another_city(gazetteer: Gazetteer) -> None:
    # Chattogram (Bangladesh) was once called Islamabad: GeoNames lists it as an alternate name.
    found = match(gazetteer, "Islamabad")
    assert (found.entry.name, found.status) == ("Islamabad, Pakistan", "ok")


def test_a_small_town_found_by_another_name_is_put_up_for_review(gazetteer: Gazetteer) -> None:
    # GeoNames knows Musa Qala (Helmand) as "Mūsá Qal‘ah", with no population, and "Musa Qala"
    # only as an alternate name: placed in Afghanistan, but for a person to check.
    found = match(gazetteer, "Musa Qala")
    assert (found.entry.country, found.status) == ("AF", "review")
    assert found.note.endswith("a small town that has 'Musa Qala' only as another name")
    assert match(gazetteer, "Kiev").status == "ok"  # Kyiv, another name too, but no small town


def test_matches_become_places_with_their_method(gazetteer: Gazetteer) -> None:
    events = [
        Event(str(i), PartialDate(2024), str(i), line=i + 2, place=text)
        for i, text in enumerate(("Kabul airport", "Moscow Oblast", "Tripoli", "Kerman, Iraq"))
    ]
    result = place_events(events, PlacesCache(None), gazetteer=gazetteer)
    got = {i: (p.method, p.status, p.precision) for i, p in result.places.items()}
    assert got == {
        "0": ("airport", "ok", "venue"),
        "1": ("admin1", "ok", "region"),
        "2": ("gazetteer", "review", "city"),
    }
    assert result.places["2"].candidates[0] == "Tripoli, Lebanon (pop. 229,398)"
    assert [(u.event.id, u.reason) for u in result.unplaced] == [
        ("3", "'Kerman' is known in Iran and United States, not in Iraq")
    ]


def test_prefetch_changes_no_answer() -> None:
    texts = ["Moscow, Idaho", "Khar, Bajaur, Pakistan", "Bagram", "Kerman Province, Iran", "Tripoli", "Kabul airport"]
    cold = Gazetteer()
    warm = Gazetteer()
    warm.prefetch(texts)
    assert [warm.lookup(t) for t in texts] == [cold.lookup(t) for t in texts]


def test_the_region_table_is_well_formed() -> None:
    lines = (ROOT / "timeline" / "data" / "admin1.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["country", "code", "name", "lat", "lon", "radius_km", "population", "alternates"]
    keys = [tuple(line.split("\t")[:2]) for line in lines[1:]]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert len(keys) > 3000


def test_the_region_table_is_made_again_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "admin1.tsv"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_admin1.py"), "--out", str(out)], check=True)
    assert out.read_bytes() == (ROOT / "timeline" / "data" / "admin1.tsv").read_bytes()


def test_places_that_would_read_alike_are_told_apart_by_their_point(gazetteer: Gazetteer) -> None:
    # GeoNames has two Sahiwals in Punjab, Pakistan, 150 km apart, each given
    # 538,344 people: name, region and population cannot tell them apart.
    match = gazetteer.lookup("Sahiwal, Pakistan")
    assert match.status == "review"
    chosen, other = match.note.split(", but not ten times the next, ")
    assert chosen.removeprefix("took ").split(", the most populous")[0] != other
    assert "° N" in other and "° E" in other
    assert match.candidates == (other,)
