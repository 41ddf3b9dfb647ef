"""The pages' timeline makes its points in the browser (chart-points.js, from
the data block's ``chart`` columns); the pictures and the embed get them from
chart.py. Both read one computation, chart.geometry: the block must carry
each event's place as the model defines it, the browser must make from it the
points chart.py makes, point for point, and draw them; and the WebGL
timeline, which holds only what can be seen, must still show every event that
passes the filters and let any be selected."""

from __future__ import annotations

import pytest

from timeline.chart import EPOCH, OFFLINE_CONFIG, TIMELINE_SCALE, build_figure, midpoint, plotly_text, span
from timeline.datablock import decode
from timeline.style import radius, radius_of

from ..conftest import (
    FIGURE,
    JS_POINTS,
    PER_POINT,
    SELECTION,
    VIEWS,
    assert_clean,
    drawn,
    python_points,
    ready,
    settled,
)

pytestmark = pytest.mark.browser

# Above chart.WEBGL_FROM, so WebGL and culled; small enough to check every point.
EVENTS = 3000


@pytest.fixture(scope="module")
def culled(synthetic_builds):
    return synthetic_builds(EVENTS)


def test_the_pages_figure_has_no_points_and_the_same_traces(culled) -> None:
    out, prepared = culled
    html = (out / "index.html").read_text(encoding="utf-8")
    from timeline.assets import to_json

    page = build_figure(prepared.dataset, points=False)
    assert to_json({**page, "config": OFFLINE_CONFIG}) in html  # the page carries this figure, and its options
    full = build_figure(prepared.dataset)
    assert len(page["data"]) == len(full["data"])
    for lean, whole in zip(page["data"], full["data"], strict=True):
        assert not {"x", "y", "customdata", "hovertext"} & lean.keys()
        assert "size" not in lean.get("marker", {})
        meta = dict(lean["meta"])
        assert isinstance(meta.pop("lane"), int)
        assert meta == whole["meta"]
        rest = {k: v for k, v in whole.items() if k not in PER_POINT}
        rest["marker"] = {k: v for k, v in whole.get("marker", {}).items() if k != "size"} or None
        if rest["marker"] is None:
            del rest["marker"]
        assert {**lean, "meta": whole["meta"]} == rest
    # The same layout, but the range the pages open on (chart.opening_range).
    opens = page["layout"]["xaxis"].pop("range")
    assert opens[0] >= full["layout"]["xaxis"].pop("range")[0]
    assert page["layout"] == full["layout"]
    assert decode(html)["events"]  # the points come from the data block


def test_the_browser_makes_the_points_chart_py_makes(culled, open_page) -> None:
    out, prepared = culled
    loaded = open_page(out / "index.html")
    page = ready(loaded)
    js = page.evaluate(JS_POINTS)
    python = python_points(build_figure(prepared.dataset))
    assert len(js) == len(python)
    roles = {}
    for n, (a, b) in enumerate(zip(js, python, strict=True)):
        assert (a is None) == (b is None), f"trace {n}"
        if a is None:
            continue
        role = prepared and page.evaluate(
            f"() => JSON.parse(document.getElementById('timeline-figure').textContent).data[{n}].meta.role"
        )
        roles[role] = roles.get(role, 0) + len(b["customdata"])
        for key in (*PER_POINT, "size"):
            assert a[key] == b[key], f"trace {n} ({role}): {key} differs"
    # Every kind of trace is there, with many points.
    assert roles["events"] == EVENTS
    assert roles["span"] > 300 and roles["range"] > 30
    assert_clean(loaded)


def test_the_block_carries_each_events_place_on_the_chart(culled) -> None:
    """The block's chart columns, against the model's own definitions: span,
    midpoint, the map's radius at TIMELINE_SCALE to a tenth of a pixel, a
    ring at the highest reported figure when it is larger, the lane named as
    the event's category (or the lane of the categories drawn together)."""
    out, prepared = culled
    dataset = prepared.dataset
    block = decode((out / "index.html").read_text(encoding="utf-8"))
    chart = block["chart"]
    figure = build_figure(dataset, points=False)
    lanes = dict(zip(figure["layout"]["yaxis"]["ticktext"], figure["layout"]["yaxis"]["tickvals"], strict=True))
    labels = {c["id"]: c["label"] for c in block["categories"]}
    grouped = {c["id"] for c in block["categories"] if c["grouped"]}
    rings = 0
    for n, e in enumerate(dataset.events):
        first, last = span(e)
        start = (first - EPOCH).days
        assert chart["first"][n] == start
        assert chart["days"][n] == (last - first).days + 1
        assert chart["middle"][n] == (midpoint(e) - EPOCH).days - start
        assert chart["size"][n] / 10 == round(TIMELINE_SCALE * radius(e.killed), 1)
        spread = dataset.reported_killed(e)
        high = radius_of(spread.high) if spread else 0
        ring = round(TIMELINE_SCALE * high, 1) if high > radius(e.killed) else 0
        assert chart["ring"][n] / 10 == ring
        rings += bool(ring)
        name = block["others"]["label"] if e.category in grouped else labels[e.category]
        assert chart["lane"][n] == lanes[plotly_text(name)]
    assert all(len(column) == EVENTS for column in chart.values())
    # Every kind is there: spans, rings, many sizes, several lanes.
    assert rings > 30 and sum(d > 1 for d in chart["days"]) > 300
    assert len(set(chart["size"])) > 10 and len(set(chart["lane"])) > 3


def test_the_svg_timeline_holds_chart_pys_points(synthetic_builds, open_page) -> None:
    """Below the WebGL threshold every point is drawn, as chart.py would draw it."""
    out, prepared = synthetic_builds(300)
    loaded = open_page(out / "index.html")
    page = ready(loaded)
    held = page.evaluate(
        """() => document.getElementById('timeline-chart')._fullData.map(t => !t.meta || !['events', 'span', 'range'].includes(t.meta.role) ? null : {
            x: Array.from(t.x, d => d === null ? null : +d),
            y: Array.from(t.y, v => v === v ? v : null),
            customdata: Array.from(t.customdata, v => v === v ? v : null),
            size: t.marker && typeof t.marker.size === 'object' ? Array.from(t.marker.size) : null,
            type: t.type})"""
    )
    python = python_points(build_figure(prepared.dataset))
    assert [h and h.pop("type") for h in held if h] == ["scatter"] * sum(1 for p in python if p)
    # A marker may be spread off its lane's line (chart-points.js's spread),
    # by at most two steps of 6 px; everything else is chart.py's, exactly.
    lane_px = page.evaluate(
        "() => { const y = document.getElementById('timeline-chart')._fullLayout.yaxis;"
        " return y._length / (y.range[1] - y.range[0]); }"
    )
    spread = 0
    for h, p in zip(held, python, strict=True):
        if h is None:
            continue
        for a, b in zip(h.pop("y"), p.pop("y"), strict=True):
            assert (a is None) == (b is None) and (a is None or abs(a - b) * lane_px <= 12 + 1e-6)
            spread += a is not None and a != b
    assert held == python
    assert spread, "300 events on a 1216 px wide chart: some markers would hide each other"
    assert_clean(loaded)


def test_the_webgl_timeline_shows_every_event_it_should(culled, open_page) -> None:
    """Culled at the whole range, zoomed in and filtered: every event that
    passes the filters is drawn, outside the plot or under a later marker
    (VIEWS throws otherwise), and far fewer points are drawn than there are events."""
    out, prepared = culled
    events = prepared.dataset.events
    loaded = open_page(out / "index.html")
    page = ready(loaded)
    views = page.evaluate(VIEWS)
    assert views["timeline"] == sorted(e.id for e in events)
    held = page.evaluate(
        "() => document.getElementById('timeline-chart')._fullData.filter(t => t.meta.role === 'events').reduce((n, t) => n + t._length, 0)"
    )
    assert held < EVENTS * 0.9  # some are culled, or this test tests nothing
    # Zoomed in: the date filter follows, and the events in range are drawn.
    page.evaluate("() => Plotly.relayout('timeline-chart', {'xaxis.range': ['2001-01-01', '2004-12-31']})")
    settled(page)
    views = page.evaluate(VIEWS)
    assert set(views["table"]) <= set(views["timeline"])
    assert len(views["table"]) > 30
    # A filter on top.
    page.evaluate("() => Timeline.state.setFilters({category: ['attack']}, 'test')")
    settled(page)
    views = page.evaluate(VIEWS)
    attacks = sorted(e.id for e in events if e.category == "attack")
    assert set(views["timeline"]) <= set(attacks)
    assert set(views["table"]) <= set(views["timeline"])
    # Back to everything.
    page.evaluate("() => Timeline.state.clearFilters('test')")
    settled(page)
    views = page.evaluate(VIEWS)
    assert views["timeline"] == sorted(e.id for e in events)
    shown = page.evaluate("() => document.getElementById('timeline-chart').layout.xaxis.range")
    assert shown == page.evaluate(FIGURE)["layout"]["xaxis"]["rangeslider"]["range"]  # the whole figure again
    # Narrower, then wider again: plotly redraws at the new width, and the
    # culling follows it (what was culled in wider pixel columns may show in narrower).
    width = "() => document.getElementById('timeline-chart')._fullLayout.xaxis._length"
    before = page.evaluate(width)
    for size, wait in ((800, f"< {before} - 300"), (1280, f">= {before}")):
        page.set_viewport_size({"width": size, "height": 720})
        page.wait_for_function(f"() => ({width})() {wait}")
        drawn(page)
        views = page.evaluate(VIEWS)
        assert views["timeline"] == sorted(e.id for e in events)
    # The "all" button after zooming in: the whole figure, every event.
    page.evaluate("() => Plotly.relayout('timeline-chart', {'xaxis.range': ['2001-01-01', '2004-12-31']})")
    settled(page)
    page.locator(".rangeselector .button", has_text="all").click()
    drawn(page)
    views = page.evaluate(VIEWS)
    assert views["timeline"] == sorted(e.id for e in events)
    assert views["count"] == f"{EVENTS:,} of {EVENTS:,} events"
    assert_clean(loaded)


def test_the_check_fails_when_a_shown_event_is_not_drawn(culled, open_page) -> None:
    """VIEWS must catch a visible marker taken away: here the last one drawn
    in the busiest trace (nothing is drawn after it, so nothing hides it)."""
    out, _ = culled
    loaded = open_page(out / "index.html")
    page = ready(loaded)
    page.evaluate(VIEWS)
    page.evaluate(
        """() => {
          const chart = document.getElementById('timeline-chart');
          const t = chart._fullData.filter(t => t.meta.role === 'events' && !t.meta.hollow).sort((a, b) => b._length - a._length)[0];
          const n = t._length - 1;
          return Plotly.restyle(chart, {
            x: [Array.from(t.x).slice(0, n)], y: [Array.from(t.y).slice(0, n)],
            customdata: [Array.from(t.customdata).slice(0, n)], 'marker.size': [Array.from(t.marker.size).slice(0, n)],
          }, [t.index]);
        }"""
    )
    with pytest.raises(Exception, match="neither drawn, outside the plot, nor under a later marker"):
        page.evaluate(VIEWS)


def test_an_event_hidden_under_another_can_be_selected_and_is_ringed(culled, open_page) -> None:
    out, prepared = culled
    events = prepared.dataset.events
    loaded = open_page(out / "index.html")
    page = ready(loaded)
    hidden = page.evaluate(
        """() => {
          const chart = document.getElementById('timeline-chart');
          const every = Timeline.chart.points(JSON.parse(document.getElementById('timeline-figure').textContent), Timeline.data());
          for (const t of chart._fullData) {
            if (t.meta.role !== 'events' || t.meta.hollow) continue;
            const held = new Set(Array.from(t.customdata));
            const i = every[t.index].customdata.find(i => !held.has(i));
            if (i !== undefined) return Timeline.data().events[i].id;
          }
          return null;
        }"""
    )
    assert hidden is not None
    page.evaluate("(id) => Timeline.state.select(id, 'test')", hidden)
    settled(page)
    event = next(e for e in events if e.id == hidden)
    selected = page.evaluate(SELECTION)
    assert (selected["ring"], selected["ringEvent"], selected["row"]) == (midpoint(event).isoformat(), hidden, hidden)
    # The ring sits where the event's marker would be.
    off = page.evaluate(
        """(id) => {
          const chart = document.getElementById('timeline-chart');
          const i = Timeline.data().byId[id];
          const every = Timeline.chart.points(JSON.parse(document.getElementById('timeline-figure').textContent), Timeline.data());
          const xa = chart._fullLayout.xaxis, ya = chart._fullLayout.yaxis;
          for (const p of every) {
            if (!p || p.size === null) continue;
            const n = p.customdata.indexOf(i);
            if (n < 0) continue;
            const svg = chart.querySelector('.main-svg').getBoundingClientRect();
            const r = Timeline.chart.current.ring.getBoundingClientRect();
            return Math.hypot(svg.left + xa._offset + xa.l2p(p.x[n]) - (r.x + r.width / 2), svg.top + ya._offset + ya.l2p(p.y[n]) - (r.y + r.height / 2));
          }
        }""",
        hidden,
    )
    assert off < 1.5
    assert_clean(loaded)


def test_clicking_a_webgl_marker_selects_its_event(culled, open_page) -> None:
    out, _ = culled
    loaded = open_page(out / "index.html")
    page = ready(loaded)
    page.evaluate("() => Plotly.relayout('timeline-chart', {'xaxis.range': ['2010-01-01', '2010-06-30']})")
    settled(page)
    page.locator("#timeline-chart").scroll_into_view_if_needed()
    drawn(page)
    # A drawn marker with no other drawn within 30 pixels: clicking it can only pick it.
    target = page.evaluate(
        """() => {
          const chart = document.getElementById('timeline-chart');
          const xa = chart._fullLayout.xaxis, ya = chart._fullLayout.yaxis;
          const svg = chart.querySelector('.main-svg').getBoundingClientRect();
          const points = [];
          chart._fullData.forEach(t => {
            if (!t.meta || t.meta.role === 'span') return;
            Array.from(t.customdata).forEach((i, m) => points.push({role: t.meta.role, i, x: xa.l2p(+t.x[m]), y: ya.l2p(t.y[m])}));
          });
          const lone = points.find(p => p.role === 'events' && p.x > 10 && p.x < xa._length - 10 &&
            points.every(q => q === p || Math.hypot(q.x - p.x, q.y - p.y) > 30));
          return lone && {id: Timeline.data().events[lone.i].id, x: svg.left + xa._offset + lone.x, y: svg.top + ya._offset + lone.y};
        }"""
    )
    assert target is not None
    page.mouse.move(target["x"], target["y"])
    page.wait_for_selector(f".chart-card .event-card[data-event-id='{target['id']}']")
    page.mouse.click(target["x"], target["y"])
    page.wait_for_selector(f"tr.selected[data-event-id='{target['id']}']")
    assert page.evaluate(SELECTION)["ringEvent"] == target["id"]
    assert_clean(loaded)
