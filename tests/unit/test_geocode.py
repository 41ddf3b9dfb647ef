"""Placing events: explicit coordinates, the places cache and the offline
gazetteer. (Going online, against fake servers on 127.0.0.1: test_online.py.)"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from timeline.gazetteer import Gazetteer, Unfound
from timeline.geocode import place_events
from timeline.model import Event
from timeline.pipeline import prepare
from timeline.placescache import PlacesCache
from timeline.values import PartialDate

from ..conftest import SHIPPED


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def event(event_id: str, place: str = "", coordinates: tuple[float, float] | None = None) -> Event:
    return Event(event_id, PartialDate(2024), event_id, line=2, place=place, coordinates=coordinates)


@pytest.mark.parametrize(
    ("query", "name", "precision", "country"),
    [
        ("Moscow", "Moscow, Russia", "city", "RU"),  # not Moscow, Idaho
        ("Kerman, Iran", "Kerman, Iran", "city", "IR"),  # not Kerman, California
        ("Kābol", "Kabul, Afghanistan", "city", "AF"),
        ("Afghanistan", "Afghanistan", "country", "AF"),
        ("United States", "United States", "country", "US"),
        ("Europe", "Europe", "region", ""),
    ],
)
def test_gazetteer_finds_places_offline(
    gazetteer: Gazetteer, query: str, name: str, precision: str, country: str
) -> None:
    found = gazetteer.lookup(query)
    assert found.entry.name == name
    assert (found.entry.precision, found.entry.country) == (precision, country)


def test_gazetteer_says_when_it_fell_back_to_the_city(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Russian Embassy, Kabul")
    assert found.entry.precision == "city"
    assert found.note == "'Russian Embassy' was not found; placed at Kabul, Afghanistan (city level)"


def test_gazetteer_names_other_places_of_the_same_name(gazetteer: Gazetteer) -> None:
    found = gazetteer.lookup("Moscow")
    assert found.note.startswith("took Moscow, Russia (pop. 10,381,222), by far the largest of ")
    assert "Moscow, Idaho, United States (pop. 25,060)" in found.candidates
    assert found.status == "ok"


def test_gazetteer_says_an_unknown_place_is_unfound(gazetteer: Gazetteer) -> None:
    assert isinstance(gazetteer.lookup("Qwxyzzy Flats"), Unfound)


def test_order_explicit_then_cache_then_gazetteer(tmp_path: Path, gazetteer: Gazetteer) -> None:
    path = tmp_path / "places.csv"
    path.write_text(
        "query,lat,lon,precision,provider,resolved_name,note\nKabul,1.5,2.5,city,manual,Pinned Kabul,\n",
        encoding="utf-8",
    )
    cache = PlacesCache.load(path)
    events = [
        event("given", "Kabul", (10.0, 20.0)),
        event("cached", "kabul"),
        event("gazetteer", "Moscow"),
        event("none"),
    ]
    result = place_events(events, cache, gazetteer=gazetteer)
    assert (result.get("given").lat, result.get("given").provider) == (10.0, "explicit")
    assert (result.get("cached").lat, result.get("cached").name) == (1.5, "Pinned Kabul")
    assert result.get("gazetteer").provider == "geonames"
    assert result.get("none") is None and result.unplaced == []


def test_shipped_table_is_placed_offline_with_honest_precision() -> None:
    prepared = prepare(SHIPPED, strict=True)
    places = prepared.placements.places
    assert prepared.placements.unplaced == []
    precision = {event_id: p.precision for event_id, p in places.items()}
    # Venues pinned from a named reference; the rest no finer than the source allows.
    assert precision["kabul-airport-2021"] == "venue"
    assert precision["crocus-city-hall-2024"] == "venue"
    assert precision["russian-embassy-kabul-2022"] == "city"
    assert precision["kabul-hotel-2022"] == "city"
    assert precision["kerman-2024"] == "city"
    assert precision["us-invasion-iraq-2003"] == "country"
    # Places no one point stands for are not drawn, but kept with their countries.
    areas = prepared.placements.areas
    assert {i: a.country for i, a in areas.items()} == {
        "european-cells-dismantled": "AT DE NL GB",
        "italy-france-security-2024": "IT FR",
    }
    assert {places[i].provider for i in ("kabul-airport-2021", "crocus-city-hall-2024")} == {"manual"}
    assert all("Wikipedia" in places[i].note for i in ("kabul-airport-2021", "crocus-city-hall-2024"))


def test_default_build_makes_no_network_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline import build

    attempts: list[object] = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    build(SHIPPED, tmp_path)
    assert attempts == []
    assert (tmp_path / "index.html").exists()


@pytest.mark.parametrize(
    ("query", "name", "precision", "country"),
    [
        ("Malta", "Malta", "country", "MT"),  # too small for the outlines: shown at Valletta
        ("Rabat, Malta", "Rabat, Malta", "city", "MT"),  # not Rabat, Morocco (a town of 11,000)
        ("Valletta, Malta", "Valletta, Malta", "city", "MT"),
        ("Йошкар-Ола, Russia", "Yoshkar-Ola, Russia", "city", "RU"),  # й kept as written
    ],
)
def test_small_countries_and_marked_letters(
    gazetteer: Gazetteer, query: str, name: str, precision: str, country: str
) -> None:
    found = gazetteer.lookup(query)
    assert (found.entry.name, found.entry.precision, found.entry.country) == (name, precision, country)
    if query == "Malta":
        assert found.note == "shown at its capital, Valletta (country level)"


def test_country_at_agrees_with_testing_every_outline_whole() -> None:
    """The grid and the edges kept per row are shortcuts: the answers must be
    those of the even-odd rule over every outline, in order, edges and all
    (also for points on the grid's lines, where a shortcut would slip)."""
    import random

    from timeline.countries import countries, country_at

    def inside(x: float, y: float, ring) -> bool:
        result = False
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
                result = not result
        return result

    def every_outline(lat: float, lon: float) -> str:
        for c in countries().values():
            for (x0, y0, x1, y1), ring in c.rings:
                if x0 <= lon <= x1 and y0 <= lat <= y1 and inside(lon, lat, ring):
                    return c.code
        return ""

    draw = random.Random(6)
    points = [(draw.uniform(-56, 72), draw.uniform(-170, 180)) for _ in range(3000)]
    points += [(float(lat), float(lon)) for lat in range(-56, 72, 2) for lon in range(-170, 180, 5)]
    found = [country_at(lat, lon) for lat, lon in points]
    assert found == [every_outline(lat, lon) for lat, lon in points]
    assert len(set(found)) > 100  # most of the world's countries were hit, and the sea ("")
