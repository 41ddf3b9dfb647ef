"""The map's arithmetic (timeline/static/map-cluster.js) on its own: a blank
page holding only common.js and map-cluster.js, the functions called with
small hand-made inputs whose right answer follows from the rule (a grid of
CELL-pixel squares; symbols that would touch are joined; a world 256 pixels
wide at zoom 0), never from the code's own output."""

from __future__ import annotations

import math

import pytest

from ..conftest import blank_page

pytestmark = pytest.mark.browser

# Events as [x, y, radius] in pixels at zoom 0 into what T.cluster.bin reads,
# then binned at `scale` over the box 0..599 (ten squares of 60 each way).
BIN = """([points, scale, flags]) => {
  const n = points.length;
  const p = {count: n, x: new Float64Array(n), y: new Float64Array(n), radius: new Float32Array(n)};
  points.forEach(([x, y, r], k) => { p.x[k] = x; p.y[k] = y; p.radius[k] = r; });
  const on = new Uint8Array(n).fill(1), skip = new Uint8Array(n);
  let except = -1;
  if (flags) { flags.off.forEach(k => { on[k] = 0; }); flags.skip.forEach(k => { skip[k] = 1; }); except = flags.except; }
  const cellOf = new Int32Array(n);
  const g = Timeline.cluster.bin(p, on, skip, except, cellOf, scale, {minX: 0, minY: 0, maxX: 599, maxY: 599});
  const drawn = [];
  for (let c = 0; c < g.cells; c++) {
    if (!g.count[c] || g.root[c] !== c) continue;
    drawn.push({count: g.count[c], x: g.sumX[c] / g.count[c], y: g.sumY[c] / g.count[c],
                members: Timeline.cluster.members(g, cellOf, c)});
  }
  return {drawn, cellOf: Array.from(cellOf)};
}"""


@pytest.fixture(scope="module")
def units(browser):
    """A blank page with only common.js and map-cluster.js; it may fetch nothing."""
    with blank_page(browser, ("common.js", "map-cluster.js")) as loaded:
        page = loaded.page
        assert page.evaluate("typeof L") == "undefined"  # no Leaflet: the functions must not need it
        yield loaded


def bin_(units, points, scale=1, flags=None):
    return units.page.evaluate(BIN, [points, scale, flags])


def test_two_events_in_one_square_are_one_cluster_of_two(units) -> None:
    result = bin_(units, [[10, 10, 4], [50, 50, 4]])
    assert result["drawn"] == [{"count": 2, "x": 30, "y": 30, "members": [0, 1]}]
    assert result["cellOf"][0] == result["cellOf"][1] >= 0


def test_events_in_squares_far_apart_stay_apart(units) -> None:
    result = bin_(units, [[10, 10, 4], [300, 300, 4]])
    assert result["drawn"] == [
        {"count": 1, "x": 10, "y": 10, "members": [0]},
        {"count": 1, "x": 300, "y": 300, "members": [1]},
    ]


def test_events_in_neighbouring_squares_join_only_when_their_symbols_would_touch(units) -> None:
    # 58 and 62 are in squares 0 and 1, but 4 px apart: circles 8 px wide overlap.
    close = bin_(units, [[58, 30, 4], [62, 30, 4]])
    assert close["drawn"] == [{"count": 2, "x": 60, "y": 30, "members": [0, 1]}]
    assert close["cellOf"][0] != close["cellOf"][1]  # two squares, one drawn
    # 40 px apart: two 8-px circles are well clear of each other.
    clear = bin_(units, [[40, 30, 4], [80, 30, 4]])
    assert [d["count"] for d in clear["drawn"]] == [1, 1]


def test_zooming_in_parts_a_cluster(units) -> None:
    points = [[10, 10, 4], [20, 20, 4]]
    assert [d["count"] for d in bin_(units, points, scale=1)["drawn"]] == [2]
    # At 8 times zoom 0 they are at (80, 80) and (160, 160): two squares, 113 px apart.
    parted = bin_(units, points, scale=8)["drawn"]
    assert [(d["count"], d["x"], d["y"]) for d in parted] == [(1, 80, 80), (1, 160, 160)]


def test_only_events_on_and_in_the_box_are_binned(units) -> None:
    # Five events in one square and one outside the box; 1 is filtered out,
    # 2 is spread apart (skipped), 3 is the selection (drawn on its own).
    points = [[10, 10, 4], [12, 12, 4], [14, 14, 4], [16, 16, 4], [18, 18, 4], [700, 10, 4]]
    result = bin_(units, points, flags={"off": [1], "skip": [2], "except": 3})
    assert result["cellOf"][1:4] == [-1, -1, -1]
    assert result["cellOf"][5] == -1
    assert result["drawn"] == [{"count": 2, "x": 14, "y": 14, "members": [0, 4]}]


def test_clusters_of_more_events_are_drawn_no_smaller(units) -> None:
    counts = [2, 5, 9, 10, 50, 99, 100, 1000, 9999, 10000, 200000]
    sizes = units.page.evaluate("counts => counts.map(Timeline.cluster.size)", counts)
    assert sizes == sorted(sizes)
    assert sizes[0] < sizes[-1]


def offsets(units, n, radius):
    got = units.page.evaluate(
        "([n, r]) => { const o = Timeline.cluster.spread(n, r); return [Array.from(o.dx), Array.from(o.dy)]; }",
        [n, radius],
    )
    return list(zip(*got, strict=True))


@pytest.mark.parametrize(("n", "radius"), [(1, 4), (2, 4), (4, 5), (8, 12), (9, 4), (60, 4), (60, 20)])
def test_spread_markers_neither_overlap_each_other_nor_the_spot(units, n, radius) -> None:
    points = offsets(units, n, radius)
    assert len(points) == n
    for i, a in enumerate(points):
        assert math.hypot(*a) >= 2 * radius  # clear of the spot they share
        for b in points[i + 1 :]:
            assert math.dist(a, b) >= 2 * radius  # and of each other


@pytest.mark.parametrize("n", [2, 3, 8])
def test_a_few_are_spread_on_one_ring_evenly(units, n) -> None:
    points = offsets(units, n, 5)
    ring = math.hypot(*points[0])
    assert all(math.isclose(math.hypot(*p), ring) for p in points)
    steps = [math.dist(points[i], points[(i + 1) % n]) for i in range(n)]
    assert all(math.isclose(s, steps[0]) for s in steps)


def test_many_are_spread_on_a_spiral_outwards(units) -> None:
    distances = [math.hypot(*p) for p in offsets(units, 30, 4)]
    assert distances == sorted(distances)
    assert distances[-1] > distances[0]


# k = 0 at the origin; its neighbours at the given zoom-0 pixel offsets.
ZOOM_TO_PART = """([neighbours, off, zoom, maxZoom]) => {
  const xs = [0, ...neighbours.map(n => n[0])], ys = [0, ...neighbours.map(n => n[1])];
  const p = {count: xs.length, x: Float64Array.from(xs), y: Float64Array.from(ys)};
  const on = new Uint8Array(xs.length).fill(1);
  off.forEach(k => { on[k] = 0; });
  return Timeline.cluster.zoomToPart(p, on, 0, zoom, maxZoom);
}"""


def zoom_to_part(units, neighbours, zoom, max_zoom=12, off=()):
    return units.page.evaluate(ZOOM_TO_PART, [neighbours, list(off), zoom, max_zoom])


def test_a_selected_event_is_zoomed_to_the_first_level_that_parts_it(units) -> None:
    separate = units.page.evaluate("Timeline.cluster.SEPARATE")
    for distance in (0.05, 0.3, 1, 3.7):
        zoom = zoom_to_part(units, [[distance, 0], [0, 2 * distance]], 0)
        assert distance * 2**zoom >= separate  # the nearest is far enough at that zoom,
        assert distance * 2 ** (zoom - 1) < separate  # and was not one level out


def test_zooming_to_part_never_zooms_out_nor_past_the_deepest(units) -> None:
    assert zoom_to_part(units, [[1, 0]], 9) == 9  # 1 px at zoom 0 is 512 px at zoom 9
    assert zoom_to_part(units, [[0.001, 0]], 2, max_zoom=6) == 6


def test_only_neighbours_on_and_elsewhere_count_when_zooming_to_part(units) -> None:
    assert zoom_to_part(units, [[0, 0]], 3) == 3  # the very same spot cannot be parted
    assert zoom_to_part(units, [[0.01, 0]], 3, off=[1]) == 3  # a filtered-out one is not in the way
    assert zoom_to_part(units, [], 3) == 3


@pytest.mark.parametrize(
    ("x", "y", "r", "crosses"),
    [
        (50, 50, 10, True),  # inside the view: all of its edge is seen
        (50, 50, 500, False),  # around the whole view: no edge in it
        (150, 50, 60, True),  # beside it, reaching in
        (150, 50, 40, False),  # beside it, short of it
        (1000, 1000, 10, False),  # far away
    ],
)
def test_a_dashed_circle_is_drawn_when_its_edge_crosses_the_view(units, x, y, r, crosses) -> None:
    box = {"minX": 0, "minY": 0, "maxX": 100, "maxY": 100}
    edge = units.page.evaluate("([x, y, r, box]) => Timeline.cluster.edgeCrosses(x, y, r, box)", [x, y, r, box])
    assert edge is crosses


PLACED = """([events, flat]) => {
  const project = flat ? (lat, lon) => ({x: lon, y: -lat}) : undefined;
  const p = Timeline.cluster.placed(events, project);
  const arrays = ["index", "lat", "lon", "x", "y", "radius", "place", "byEvent"];
  const out = {count: p.count, used: p.used, places: p.places};
  arrays.forEach(name => { out[name] = Array.from(p[name]); });
  return out;
}"""


def event(lat=None, lon=None, radius_m=0, category=0, radius=5):
    loc = None if lat is None else {"lat": lat, "lon": lon, "radius_m": radius_m}
    return {"loc": loc, "category": category, "radius": radius}


def test_placed_events_are_on_a_world_256_pixels_wide_at_zoom_0(units) -> None:
    events = [event(0, 0), event(), event(0, 180, category=2), event(0, -180), event(85.0511287798, 0)]
    p = units.page.evaluate(PLACED, [events, False])
    assert p["count"] == 4  # the unplaced one is left out
    assert p["index"] == [0, 2, 3, 4]
    assert p["byEvent"] == [0, -1, 1, 2, 3]
    assert p["used"] == {"0": True, "2": True}
    assert p["x"][:3] == [128, 256, 0]  # the prime meridian at the middle, the antimeridian at the edges
    assert p["y"][:3] == [128, 128, 128]  # the equator across the middle
    assert p["y"][3] == pytest.approx(0, abs=1e-6)  # Web Mercator's northern limit at the top


def test_events_sharing_an_approximate_placement_share_one_dashed_circle(units) -> None:
    events = [
        event(34.5, 69.2, radius_m=15000),  # Kabul, placed at its centre
        event(34.5, 69.2, radius_m=15000),  # another there
        event(34.5, 69.2, radius_m=300000),  # the same point, a region: another circle
        event(34.5, 69.2),  # the exact site: no circle
        event(36.7, 67.1, radius_m=15000),  # another city
    ]
    p = units.page.evaluate(PLACED, [events, False])
    assert p["place"] == [0, 0, 1, -1, 2]
    places = p["places"]
    assert places["count"] == 3
    assert places["radius"] == [15000, 300000, 15000]
    assert places["lat"] == [34.5, 34.5, 36.7]
    assert places["x"] == [p["x"][0], p["x"][2], p["x"][4]]


def test_placed_events_take_the_projection_given(units) -> None:
    p = units.page.evaluate(PLACED, [[event(10, 20), event(-5, 7)], True])
    assert (p["x"], p["y"]) == ([20, 7], [-10, 5])


@pytest.mark.parametrize("n", [2, 3, 4, 5, 8])
def test_a_labelled_ring_has_no_two_markers_or_labels_touching(units, n) -> None:
    """Markers of mixed sizes with labels of a date's width: on the ring no
    marker touches another, no label another label or any other marker, each
    label lies beside its own marker, and the spot itself is left in sight."""
    radii = [24.5 if i == 0 else 7 for i in range(n)]
    labels = [[64, 15]] * n
    lay = units.page.evaluate("([radii, labels]) => Timeline.cluster.ring(radii, labels)", [radii, labels])
    for i in range(n):
        assert math.hypot(lay["x"][i], lay["y"][i]) >= radii[i] + 4  # the spot is not under a marker
        label = lay["label"][i]
        gap_x = max(label["x0"] - lay["x"][i], lay["x"][i] - label["x1"], 0)
        gap_y = max(label["y0"] - lay["y"][i], lay["y"][i] - label["y1"], 0)
        assert radii[i] < math.hypot(gap_x, gap_y) <= radii[i] + 4  # beside it, clear of it
        for j in range(i + 1, n):
            assert math.hypot(lay["x"][i] - lay["x"][j], lay["y"][i] - lay["y"][j]) >= radii[i] + radii[j]
            other = lay["label"][j]
            apart = label["x1"] <= other["x0"] or other["x1"] <= label["x0"]
            assert apart or label["y1"] <= other["y0"] or other["y1"] <= label["y0"], (i, j, lay)
        for j in range(n):
            if j == i:
                continue
            m = lay["marker"][j]
            apart = label["x1"] <= m["x0"] or m["x1"] <= label["x0"] or label["y1"] <= m["y0"] or m["y1"] <= label["y0"]
            assert apart, (i, j, lay)


def segments_cross(p: list[float], q: list[float]) -> bool:
    """Do segments p and q ([x0, y0, x1, y1]) cross at a point inside both?"""

    def side(s: list[float], x: float, y: float) -> float:
        return (s[2] - s[0]) * (y - s[1]) - (s[3] - s[1]) * (x - s[0])

    return side(p, q[0], q[1]) * side(p, q[2], q[3]) < 0 and side(q, p[0], p[1]) * side(q, p[2], p[3]) < 0


def ring_legs(xs: list[float], ys: list[float], r: float, order: list[int]) -> list[list[float]]:
    """The leg of each slot s of a ring of radius r around (0, 0), clockwise
    from the top, from the spot of the event that takes it."""
    n = len(order)
    return [
        [
            xs[e],
            ys[e],
            r * math.cos(-math.pi / 2 + 2 * math.pi * s / n),
            r * math.sin(-math.pi / 2 + 2 * math.pi * s / n),
        ]
        for s, e in enumerate(order)
    ]


@pytest.mark.parametrize(
    ("xs", "ys", "given_crosses"),
    [
        ([20, 20, 20, -15, -15, -15, -15], [-12, -12, -12, 10, 10, 10, 10], False),  # two spots: Kabul and Afghanistan
        ([-20, 20, -20, 20, 0], [0, 0, 0, 0, 25], True),  # three spots, the events of each not listed together
        ([30, -30, 30, -30, 0, 0], [0, 0, 0, 0, 30, -30], True),  # four spots, on a cross
    ],
)
def test_a_ring_of_events_at_several_spots_has_no_legs_crossing(units, xs, ys, given_crosses) -> None:
    """Whatever order the events come in, each takes a slot of the ring so
    that no two legs (from its spot to its slot) cross; every event once."""
    r = 40
    order = units.page.evaluate("([xs, ys, r]) => Timeline.cluster.ringOrder(xs, ys, 0, 0, r)", [xs, ys, r])
    assert sorted(order) == list(range(len(xs)))
    legs = ring_legs(xs, ys, r, order)
    crossing = [(a, b) for a in range(len(legs)) for b in range(a + 1, len(legs)) if segments_cross(legs[a], legs[b])]
    assert crossing == [], (order, crossing)
    # In the order given (the events' dates), some legs would cross in the last two.
    given = ring_legs(xs, ys, r, list(range(len(xs))))
    assert any(segments_cross(p, q) for p in given for q in given) == given_crosses


def test_events_at_one_spot_keep_their_order_on_the_ring(units) -> None:
    """At one spot (the ring's centre, or off it) the given order, the events'
    dates, goes clockwise from the top."""
    for x, y in ((0, 0), (0.2, -0.1)):
        order = units.page.evaluate(
            "([x, y]) => Timeline.cluster.ringOrder([x, x, x, x], [y, y, y, y], 0, 0, 30)", [x, y]
        )
        assert order == [0, 1, 2, 3]


def test_crossings_are_counted_as_segments_cross(units) -> None:
    segments = [[0, 0, 10, 10], [0, 10, 10, 0], [20, 0, 30, 0], [0, 0, 10, 0]]  # an X, one apart, one sharing an end
    expected = sum(segments_cross(segments[a], segments[b]) for a in range(4) for b in range(a + 1, 4))
    assert expected == 1
    assert units.page.evaluate("(s) => Timeline.cluster.crossings(s)", segments) == expected
