"""The timeline's markers and its card (issue 16), on the briefing page at a
laptop's, a small laptop's and a phone's width: every event's marker can be
clicked at some point of it that is seen (overlapping markers included), the
hover card is short and beside its marker, the pinned card is the full card
and follows the selection wherever it is made, or closes."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from timeline.load import load

from ..conftest import SHIPPED, assert_clean, drawn, ready, settled

pytestmark = pytest.mark.browser

WIDTHS = [(1440, 900), (1280, 720), (390, 844)]

# The events' markers as drawn: each SVG point of a trace of events, in the
# order they are painted, with its event, centre and radius in the window's
# pixels (from the path's box), and the plot's box.
MARKERS = """() => {
  const node = document.getElementById('timeline-chart');
  const events = Timeline.data().events;
  const out = [];
  node.querySelectorAll('.cartesianlayer .scatterlayer .trace').forEach(g => {
    const trace = g.__data__ && g.__data__[0] && g.__data__[0].trace;
    if (!trace || !trace.meta || trace.meta.role !== 'events') return;
    g.querySelectorAll('path.point').forEach(p => {
      const r = p.getBoundingClientRect();
      const d = p.__data__;
      const index = d.data !== undefined ? d.data : trace.customdata[d.i];
      out.push({id: events[index].id, x: r.x + r.width / 2, y: r.y + r.height / 2, r: r.width / 2,
                hollow: !!trace.meta.hollow});
    });
  });
  const plot = node.querySelector('.nsewdrag').getBoundingClientRect();
  return {markers: out, plot: [plot.left, plot.top, plot.right, plot.bottom]};
}"""

# Which of the points [x, y] a click would reach the chart at (the plot's
# drag layer is the element there, nothing of the page over it).
REACHES_CHART = """points => points.map(([x, y]) => {
  const e = document.elementFromPoint(x, y);
  return !!e && e.classList.contains('nsewdrag');
})"""

# The same, for a WebGL chart (no SVG paths): the points plotly holds in each
# trace of events (those it hands to WebGL), placed by plotly's own axes.
GL_MARKERS = """() => {
  const node = document.getElementById('timeline-chart');
  const events = Timeline.data().events;
  const xa = node._fullLayout.xaxis, ya = node._fullLayout.yaxis;
  const svg = node.querySelector('.main-svg').getBoundingClientRect();
  const out = [];
  node._fullData.forEach(t => {
    if (!t.meta || t.meta.role !== 'events') return;
    Array.from(t.customdata).forEach((index, k) => {
      out.push({id: events[index].id, x: svg.left + xa._offset + xa.l2p(+t.x[k]),
                y: svg.top + ya._offset + ya.l2p(t.y[k]), r: t.marker.size[k] / 2, hollow: !!t.meta.hollow});
    });
  });
  const plot = node.querySelector('.nsewdrag').getBoundingClientRect();
  return {markers: out, plot: [plot.left, plot.top, plot.right, plot.bottom]};
}"""

CARD = """() => {
  const t = document.querySelector('.chart-card');
  const r = t.getBoundingClientRect();
  return {hidden: t.hidden, id: t.dataset.eventId || null, pinned: t.classList.contains('pinned'),
          brief: !!t.querySelector('.event-card.brief'), citations: !!t.querySelector('.citations'),
          box: [r.left, r.top, r.right, r.bottom]};
}"""


def open_chart(open_page, out: Path, width: int, height: int, fragment: str = ""):
    loaded = open_page(out / "index.html", width, height, fragment)
    page = ready(loaded)
    page.clock.install()  # so that click() can tell plotly a second has gone by: no double click
    page.set_default_timeout(15_000)
    page.locator("#timeline-chart").scroll_into_view_if_needed()
    settled(page)
    return loaded, page


def seen_points(marker: dict, later: list[dict]) -> list[tuple[float, float]]:
    """Points of `marker` that are seen: inside it (on its ring, if it is
    hollow), 2 px clear of every marker painted after it; centre first.
    Checked again, whole, against the marker itself."""
    x, y, r = marker["x"], marker["y"], marker["r"]
    rings = [0.85] if marker["hollow"] else [0.0, 0.45, 0.8]
    points = []
    for f in rings:
        for k in range(1 if f == 0 else 24):
            a = 2 * math.pi * k / 24
            # Whole pixels: a mouse event's clientX and clientY are whole.
            points.append((round(x + f * r * math.cos(a)), round(y + f * r * math.sin(a))))
    ring = (0.7 * r, r) if marker["hollow"] else (0, r)
    return [
        p
        for p in points
        if ring[0] <= math.dist(p, (x, y)) <= ring[1]
        and all(math.dist(p, (m["x"], m["y"])) > m["r"] + 2 for m in later)
    ]


def click_points(page, markers_js: str = MARKERS) -> dict[str, tuple[tuple[float, float], dict]]:
    """For each event drawn: a point where its marker is seen and a click
    would reach the chart, and the marker."""
    drawn = page.evaluate(markers_js)
    markers = drawn["markers"]
    left, top, right, bottom = drawn["plot"]
    out = {}
    for n, marker in enumerate(markers):
        inside = [
            p
            for p in seen_points(marker, markers[n + 1 :])
            if left < p[0] < right and top < p[1] < bottom and 0 < p[1] < page.viewport_size["height"]
        ]
        reach = page.evaluate(REACHES_CHART, inside) if inside else []
        points = [p for p, ok in zip(inside, reach, strict=True) if ok]
        if points:
            out[marker["id"]] = (points[0], marker)
    return out


def click(page, x: float, y: float) -> None:
    """A click at (x, y), a second after any other (plotly takes two clicks
    within 300 ms, wherever they are, for a double click: zoom out)."""
    page.clock.fast_forward(1000)
    page.mouse.click(x, y)
    settled(page)


def apart(box: list[float], marker: dict) -> bool:
    """Does the box [left, top, right, bottom] stay off the marker's disc?"""
    nearest_x = min(max(marker["x"], box[0]), box[2])
    nearest_y = min(max(marker["y"], box[1]), box[3])
    return math.dist((nearest_x, nearest_y), (marker["x"], marker["y"])) >= marker["r"]


def beside(box: list[float], marker: dict) -> bool:
    """Is the box off the marker's disc and right beside it (within 12 px)?"""
    nearest_x = min(max(marker["x"], box[0]), box[2])
    nearest_y = min(max(marker["y"], box[1]), box[3])
    return marker["r"] <= math.dist((nearest_x, nearest_y), (marker["x"], marker["y"])) <= marker["r"] + 12


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_every_marker_can_be_clicked_and_hovered(shipped_build, open_page, tmp_path, width, height) -> None:
    loaded, page = open_chart(open_page, shipped_build, width, height)
    events = [e.id for e in load(SHIPPED).events]
    # The chart opens where most events are (chart.opening_range); "all" shows every one.
    page.locator(".rangeselector .button", has_text="all").click()
    drawn(page)
    points = click_points(page)
    assert sorted(points) == sorted(events), "some event has no point of its marker to click"
    for n, (event_id, ((x, y), marker)) in enumerate(points.items()):
        if n % 2:  # every other one from off the chart (the card of the last one goes), else straight from the last
            page.mouse.move(1, 1)
            page.wait_for_function("() => document.querySelector('.chart-card').hidden")
        page.mouse.move(x, y)
        page.wait_for_function("id => document.querySelector('.chart-card').dataset.eventId === id", arg=event_id)
        card = page.evaluate(CARD)
        assert card["brief"] and not card["pinned"] and not card["citations"], event_id
        w, h = card["box"][2] - card["box"][0], card["box"][3] - card["box"][1]
        assert w <= 280 and h <= 200, f"{event_id}: the hover card is {w:.0f}x{h:.0f} px"
        assert card["box"][0] >= 0 and card["box"][2] <= width and card["box"][1] >= 0 and card["box"][3] <= height
        assert apart(card["box"], marker), f"{event_id}: the hover card covers its marker"
        if event_id == "crocus-city-hall-2024":
            shot = tmp_path / f"chart-card-{width}.png"
            page.screenshot(path=shot)
            print(f"hover card at {width}x{height}: {shot}")
        click(page, x, y)
        assert page.evaluate("() => Timeline.state.selected") == event_id
        card = page.evaluate(CARD)
        assert card["id"] == event_id and card["pinned"] and card["citations"] and not card["brief"]
        page.keyboard.press("Escape")
        assert page.evaluate(CARD)["hidden"]
    assert_clean(loaded)


def pin(page, event_id: str) -> dict:
    (x, y), marker = click_points(page)[event_id]
    click(page, x, y)
    card = page.evaluate(CARD)
    assert card["id"] == event_id and card["pinned"] and not card["hidden"]
    return marker


def marker_of(page, event_id: str) -> dict:
    return next(m for m in page.evaluate(MARKERS)["markers"] if m["id"] == event_id)


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_the_pinned_card_follows_the_selection(shipped_build, open_page, width, height) -> None:
    loaded, page = open_chart(open_page, shipped_build, width, height)
    pin(page, "kerman-2024")
    # Selected on the map: the card shows it, beside its marker.
    page.evaluate("() => Timeline.state.select('crocus-city-hall-2024', 'map')")
    settled(page)
    card = page.evaluate(CARD)
    assert card["id"] == "crocus-city-hall-2024" and card["pinned"] and not card["hidden"]
    assert beside(card["box"], marker_of(page, "crocus-city-hall-2024"))
    # Selected by the URL.
    page.evaluate("() => { location.hash = 'kabul-airport-2021'; }")
    page.wait_for_function("() => Timeline.state.selected === 'kabul-airport-2021'")
    settled(page)
    card = page.evaluate(CARD)
    assert card["id"] == "kabul-airport-2021" and not card["hidden"]
    assert beside(card["box"], marker_of(page, "kabul-airport-2021"))
    # Selected in the table by keyboard: the card follows the marker if it is
    # still in the window, and closes if the page scrolled it away.
    row = page.locator("tbody tr[data-event-id='isis-k-emerges']")
    row.focus()
    page.keyboard.press("Enter")
    settled(page)
    card = page.evaluate(CARD)
    marker = marker_of(page, "isis-k-emerges")
    if 0 <= marker["y"] <= height:
        assert card["id"] == "isis-k-emerges" and not card["hidden"] and beside(card["box"], marker)
    else:
        assert card["hidden"], "the card stayed on screen, its marker out of the window"
    # Filtered out of the chart: it closes.
    page.locator("#timeline-chart").scroll_into_view_if_needed()
    pin(page, "kerman-2024")
    lanes = "() => document.getElementById('timeline-chart')._fullLayout.yaxis.range"
    before = page.evaluate(lanes)
    page.evaluate("() => Timeline.state.setFilters({q: 'crocus'}, 'filters')")
    settled(page)
    assert page.evaluate(CARD)["hidden"]
    assert page.evaluate(lanes) == before  # the lanes stay where they were
    page.evaluate("() => Timeline.state.setFilters({q: ''}, 'filters')")
    settled(page)
    # The selection cleared, or Escape: it closes.
    pin(page, "kerman-2024")
    page.evaluate("() => Timeline.state.select(null, 'map')")
    settled(page)
    assert page.evaluate(CARD)["hidden"]
    pin(page, "kerman-2024")
    page.keyboard.press("Escape")
    assert page.evaluate(CARD)["hidden"]
    assert_clean(loaded)


def test_a_rows_sources_are_reached_by_keyboard(shipped_build, open_page) -> None:
    loaded, page = open_chart(open_page, shipped_build, 1280, 720)
    row = page.locator("tbody tr[data-event-id='crocus-city-hall-2024']")
    links = row.locator("a.source-link")
    assert links.count() >= 2
    row.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.dataset.source") == links.nth(0).get_attribute("data-source")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.dataset.source") == links.nth(1).get_attribute("data-source")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("() => document.activeElement.dataset.eventId") == "crocus-city-hall-2024"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # follows the link: its source in the list, the selection as it was
    source = links.nth(0).get_attribute("data-source")
    page.wait_for_function("id => document.activeElement.id === 'source-' + id", arg=source)
    assert page.evaluate("() => Timeline.state.selected") is None
    assert_clean(loaded)


def test_webgl_markers_are_clicked_where_they_are_seen(synthetic_builds, open_page) -> None:
    """Above 500 events (WebGL, no spread): a click at a seen point of a
    marker drawn over or under others selects that marker's event, not the
    nearest centre (plotly's own pick there)."""
    out, _ = synthetic_builds(600)
    loaded, page = open_chart(open_page, out, 1280, 720)
    assert page.evaluate("() => document.getElementById('timeline-chart')._fullData.some(t => t.type === 'scattergl')")
    markers = page.evaluate(GL_MARKERS)["markers"]
    points = click_points(page, GL_MARKERS)

    def overlapped(m: dict) -> bool:
        return any(o is not m and math.dist((o["x"], o["y"]), (m["x"], m["y"])) < o["r"] + m["r"] for o in markers)

    tried = [event_id for event_id, (_, m) in sorted(points.items()) if overlapped(m)][:20]
    assert len(tried) >= 10
    for event_id in tried:
        (x, y), _ = points[event_id]
        click(page, x, y)
        assert page.evaluate("() => Timeline.state.selected") == event_id
        page.keyboard.press("Escape")
    assert_clean(loaded)


def test_a_tap_beside_a_small_marker_on_a_phone_selects_it(shipped_build, open_page) -> None:
    """On a 390 px phone a finger is wider than most markers: a tap 11 px from
    a small marker's centre, outside its disc but nearer it than any other
    marker, selects it (a target at least 22 px across, as touch needs)."""
    loaded, page = open_chart(open_page, shipped_build, 390, 844)
    page.locator(".rangeselector .button", has_text="all").click()
    drawn(page)
    drawn_ = page.evaluate(MARKERS)
    markers, (left, top, right, bottom) = drawn_["markers"], drawn_["plot"]
    tried = 0
    for marker in sorted(markers, key=lambda m: m["r"]):
        if marker["r"] >= 8:
            break
        for angle in range(0, 360, 45):
            x = marker["x"] + 11 * math.cos(math.radians(angle))
            y = marker["y"] + 11 * math.sin(math.radians(angle))
            nearest = min(markers, key=lambda m: math.dist((x, y), (m["x"], m["y"])) - m["r"])
            if nearest is not marker or not (left < x < right and top < y < bottom):
                continue
            if any(math.dist((x, y), (m["x"], m["y"])) < m["r"] + 6 for m in markers if m is not marker):
                continue  # beside another marker too: which one is meant is not clear
            if not page.evaluate(REACHES_CHART, [[x, y]])[0]:
                continue
            click(page, x, y)
            assert page.evaluate("() => Timeline.state.selected") == marker["id"], (marker, x, y)
            page.keyboard.press("Escape")
            tried += 1
            break
        if tried >= 4:
            break
    assert tried >= 4, "fewer than four small markers with room around them to try"
    assert_clean(loaded)
