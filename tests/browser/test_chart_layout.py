"""The briefing page's timeline at every width, by geometry (the boxes the
browser laid out), on the shipped table: what it opens on, and its labels
after the first draw, a resize and a zoom. Each width leaves a screenshot in
the test's tmp_path to look at."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest

from timeline.chart import EPOCH, LABELLED_CATEGORY, geometry
from timeline.style import categories_for

from ..conftest import FRAMES, assert_clean, drawn, ready, settled

pytestmark = pytest.mark.browser

WIDTHS = [(360, 740), (390, 844), (1280, 720), (1440, 900), (2560, 1440)]
SLACK = 0.5  # pixels: boxes that touch do not overlap

# The chart's labels are laid out (chart-labels.js) for the width and range it
# shows now, once plotly has drawn it at the width of its element.
LAID_OUT = """() => {
  const n = document.getElementById('timeline-chart');
  const full = n._fullLayout;
  if (!full || Math.abs(full.width - n.clientWidth) > 1) return false;
  const xa = full.xaxis;
  return n.dataset.labelsFor === Math.round(xa._length) + ' ' + xa.range.map(v => String(v).slice(0, 10)).join(' ');
}"""

# Boxes in the page's pixels, [left, top, right, bottom].
GEOMETRY = """() => {
  const n = document.getElementById('timeline-chart');
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const svg = n.querySelector('.main-svg');
  const layout = n.layout;
  const full = n._fullLayout;
  const xa = full.xaxis, ya = full.yaxis;
  const origin = svg.getBoundingClientRect();
  const plot = [origin.left + xa._offset, origin.top + ya._offset, origin.left + xa._offset + xa._length, origin.top + ya._offset + ya._length];
  const data = Timeline.data();
  const g = Timeline.chartPoints.geometry(data);
  const labels = [], eras = [];
  n.querySelectorAll('.infolayer g.annotation').forEach(a => {
    const spec = layout.annotations[Number(a.dataset.index)];
    const text = a.querySelector('.annotation-text-g');
    if (!spec || !text || !spec.name) return;
    if (spec.name.startsWith('era:')) { eras.push({name: spec.name, box: box(text)}); return; }
    const i = data.byId[spec.name];
    const path = a.querySelector('.annotation-arrow-g path');
    const ends = [];
    if (path) {
      const m = path.getScreenCTM();
      for (const at of [0, path.getTotalLength()]) {
        const p = path.getPointAtLength(at);
        ends.push([m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f]);
      }
    }
    labels.push({name: spec.name, box: box(text), ends,
      marker: [origin.left + xa._offset + xa.l2p(g.mid[i]), origin.top + ya._offset + ya.l2p(g.lane[i])],
      radius: g.size[i] / 2});
  });
  // The main plot's markers (not the range slider's), clipped to the plot.
  const markers = [...n.querySelectorAll('.cartesianlayer .scatterlayer .point')].map(box)
    .filter(b => b[2] > plot[0] && b[0] < plot[2] && b[3] > plot[1] && b[1] < plot[3])
    .map(b => [Math.max(b[0], plot[0]), Math.max(b[1], plot[1]), Math.min(b[2], plot[2]), Math.min(b[3], plot[3])]);
  return {
    plot, labels, eras, markers,
    lanes: [...n.querySelectorAll('.yaxislayer-above .ytick text, g.ytick text')].map(box),
    buttons: [...n.querySelectorAll('.rangeselector .button')].map(box),
    modebar: [...n.querySelectorAll('.modebar')].map(box),
    range: xa.range.map(v => String(v).slice(0, 10)),
    whole: layout.xaxis.rangeslider.range.map(v => String(v).slice(0, 10)),
    filters: [Timeline.state.filters.from, Timeline.state.filters.to],
    rows: document.querySelectorAll('table.events-table tbody tr').length,
  };
}"""


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - SLACK and b[0] < a[2] - SLACK and a[1] < b[3] - SLACK and b[1] < a[3] - SLACK


def inside(a: list[float], b: list[float]) -> bool:
    return a[0] >= b[0] - 1 and a[1] >= b[1] - 1 and a[2] <= b[2] + 1 and a[3] <= b[3] + 1


def near_box(point: list[float], b: list[float], within: float) -> bool:
    dx = max(b[0] - point[0], 0, point[0] - b[2])
    dy = max(b[1] - point[1], 0, point[1] - b[3])
    return (dx * dx + dy * dy) ** 0.5 <= within


def runs_through(ends: list[list[float]], b: list[float]) -> bool:
    """Does the segment between the two ends pass through the box (sampled every half pixel or so)?"""
    (x0, y0), (x1, y1) = ends
    steps = max(2, int(2 * max(abs(x1 - x0), abs(y1 - y0))))
    points = ((x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps) for k in range(steps + 1))
    return any(b[0] + SLACK < x < b[2] - SLACK and b[1] + SLACK < y < b[3] - SLACK for x, y in points)


def check_layout(page, when: str) -> dict:
    """Every promise of the labels' layout, on what the browser drew."""
    page.wait_for_function(LAID_OUT)
    page.evaluate(FRAMES)
    got = page.evaluate(GEOMETRY)
    labels, eras = got["labels"], got["eras"]
    assert labels, f"{when}: no event label at all"
    boxes = [(lab["name"], lab["box"]) for lab in labels] + [(e["name"], e["box"]) for e in eras]
    for n, (name, b) in enumerate(boxes):
        assert inside(b, got["plot"]), f"{when}: {name} leaves the plot {got['plot']}: {b}"
        for lane in got["lanes"]:
            assert not overlap(b, lane), f"{when}: {name} covers a lane name"
        for other, ob in boxes[n + 1 :]:
            assert not overlap(b, ob), f"{when}: {name} and {other} overlap"
    for lab in labels + eras:
        for m in got["markers"]:
            assert not overlap(lab["box"], m), f"{when}: {lab['name']} covers a marker at {m}"
    for lab in labels:
        # The leader line runs from the label's edge to its marker (plotly
        # stops it 4 pixels short of the marker's centre: its standoff).
        assert len(lab["ends"]) == 2, f"{when}: {lab['name']} has no leader line"
        at_marker = min(lab["ends"], key=lambda p: (p[0] - lab["marker"][0]) ** 2 + (p[1] - lab["marker"][1]) ** 2)
        at_label = lab["ends"][1 - lab["ends"].index(at_marker)]
        gap = ((at_marker[0] - lab["marker"][0]) ** 2 + (at_marker[1] - lab["marker"][1]) ** 2) ** 0.5
        assert gap <= 4 + 1.5, f"{when}: {lab['name']}'s leader ends {gap:.1f} px from its marker"
        assert any(near_box(lab["marker"], m, 1.5) for m in got["markers"]), (
            f"{when}: no marker under {lab['name']}'s leader"
        )
        assert near_box(at_label, lab["box"], 2), f"{when}: {lab['name']}'s leader does not start at its label"
        for other in labels:
            if other is not lab:
                assert not runs_through(lab["ends"], other["box"]), (
                    f"{when}: {lab['name']}'s leader crosses {other['name']}"
                )
    for b in got["buttons"]:
        for bar in got["modebar"]:
            assert not overlap(b, bar), f"{when}: the toolbar covers a range button"
    return got


def opening_promises(got: dict, shipped) -> None:
    """The range the chart opens on holds 80% of the events and every attack, whole,
    and sets no date filter: the table lists every event."""
    events = shipped.dataset.events
    at = geometry(shipped.dataset)
    lo, hi = (date.fromisoformat(d) for d in got["range"])
    day = lambda n: EPOCH + timedelta(days=n)  # noqa: E731
    held = [i for i in range(len(events)) if lo <= day(at.middle[i]) <= hi]
    assert len(held) >= 0.8 * len(events)
    for i, e in enumerate(events):
        if e.category == LABELLED_CATEGORY:
            assert lo <= day(at.first[i]) and day(at.last[i]) <= hi, f"{e.id} is cut"
    assert (hi - lo) < 0.5 * (date.fromisoformat(got["whole"][1]) - date.fromisoformat(got["whole"][0]))
    assert got["filters"] == [None, None]
    assert got["rows"] == len(events)


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_the_timeline_at_each_width(shipped_build: Path, shipped, open_page, tmp_path: Path, width, height) -> None:
    loaded = open_page(shipped_build / "index.html", width, height)
    page = ready(loaded)
    got = check_layout(page, f"{width} px")
    opening_promises(got, shipped)
    if width >= 1280:
        assert len(got["labels"]) >= 3, "a wide chart labels most attacks"
    page.locator("#timeline-chart").scroll_into_view_if_needed()
    shot = tmp_path / f"timeline-{width}.png"
    page.locator("#timeline-chart").screenshot(path=str(shot))
    print(f"timeline at {width}x{height}: {shot}")
    # Zoomed in on 2024: the labels are laid out again for the new range.
    page.evaluate("() => Plotly.relayout('timeline-chart', {'xaxis.range': ['2023-10-01', '2024-05-01']})")
    settled(page)
    zoomed = check_layout(page, f"{width} px, zoomed")
    assert zoomed["range"] == ["2023-10-01", "2024-05-01"]
    names = {lab["name"] for lab in zoomed["labels"]}
    assert names <= {"crocus-city-hall-2024", "kerman-2024"}, "a label for an event out of view"
    assert_clean(loaded)


def test_resized_and_back_the_labels_follow(shipped_build: Path, shipped, open_page) -> None:
    loaded = open_page(shipped_build / "index.html", 1440, 900)
    page = ready(loaded)
    wide = check_layout(page, "1440 px")
    for size in ((390, 844), (1440, 900)):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        drawn(page)
        got = check_layout(page, f"resized to {size[0]} px")
        opening_promises(got, shipped)
    assert {lab["name"] for lab in got["labels"]} == {lab["name"] for lab in wide["labels"]}
    assert_clean(loaded)


def test_all_shows_the_whole_and_a_links_dates_win(shipped_build: Path, open_page) -> None:
    loaded = open_page(shipped_build / "index.html", 1280, 720)
    page = ready(loaded)
    page.locator(".rangeselector .button", has_text="all").click()
    drawn(page)
    got = check_layout(page, "all")
    assert got["range"] == got["whole"]
    assert got["filters"] == [None, None]
    assert_clean(loaded)
    loaded = open_page(shipped_build / "index.html", 1280, 720, "from=2003-01-01&to=2010-12-31")
    page = ready(loaded)
    got = page.evaluate(GEOMETRY)
    assert got["range"] == ["2003-01-01", "2010-12-31"]
    assert got["filters"] == ["2003-01-01", "2010-12-31"]
    assert_clean(loaded)


def test_timeline_html_on_a_phone(shipped_build: Path, open_page, tmp_path: Path) -> None:
    """timeline.html, as tall as the window: its plot gives way under the toolbar."""
    loaded = open_page(shipped_build / "timeline.html", 390, 844)
    page = loaded.page
    page.wait_for_selector("#timeline-chart[data-ready]")
    got = check_layout(page, "timeline.html at 390 px")
    assert got["buttons"] and got["modebar"]
    shot = tmp_path / "timeline-page-390.png"
    page.screenshot(path=str(shot))
    print(f"timeline.html at 390x844: {shot}")
    assert_clean(loaded)


# The lanes' names as drawn (each line of each), and the plot's box, in the window's pixels.
LANE_NAMES = """() => {
  const node = document.getElementById('timeline-chart');
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    chart: box(node),
    plot: box(node.querySelector('.nsewdrag')),
    names: [...node.querySelectorAll('.yaxislayer-above .ytick text')].map(t => ({
      text: [...t.querySelectorAll('tspan.line')].map(s => s.textContent).join(' ') || t.textContent,
      lines: Math.max(1, t.querySelectorAll('tspan.line').length),
      box: box(t),
    })),
  };
}"""


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_lane_names_give_a_phone_its_width(shipped_build: Path, shipped, open_page, width, height) -> None:
    """On a phone a long lane name is broken onto two lines and the plot takes
    the width saved; on a laptop each is one line. Either way every name is
    whole, inside the chart, left of the plot, and clear of the others."""
    loaded = open_page(shipped_build / "index.html", width, height)
    page = ready(loaded)
    got = page.evaluate(LANE_NAMES)
    lanes = [c.label for c in categories_for([e.category for e in shipped.dataset.events])]
    assert sorted(n["text"].replace("- ", "-") for n in got["names"]) == sorted(lanes)
    for n in got["names"]:
        assert got["chart"][0] <= n["box"][0] and n["box"][2] <= got["plot"][0], n
    for a, b in itertools.combinations(got["names"], 2):
        assert a["box"][3] <= b["box"][1] or b["box"][3] <= a["box"][1], (a, b)
    plot_width = got["plot"][2] - got["plot"][0]
    if width < 600:
        assert max(n["lines"] for n in got["names"]) == 2
        # The names need no more than their longest line and a little room: the rest is the plot's.
        longest = max(n["box"][2] - n["box"][0] for n in got["names"])
        assert got["plot"][0] - got["chart"][0] <= longest + 24
        assert plot_width >= 0.6 * (got["chart"][2] - got["chart"][0])
    else:
        assert all(n["lines"] == 1 for n in got["names"])
    assert_clean(loaded)
