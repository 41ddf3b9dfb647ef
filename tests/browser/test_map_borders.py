"""The borders between first-level regions on the offline base map
(``map-borders.js``): hidden when zoomed out, drawn closer in, under the
events and never in the way of a click; nothing fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import assert_clean, map_view, page_drawn

# The border lines drawn now: how many paths, and how many of them cross the view.
BORDERS = """() => {
  const pane = document.querySelector('.leaflet-regionBorders-pane');
  const paths = pane ? [...pane.querySelectorAll('path')] : [];
  const w = innerWidth, h = innerHeight;
  const inView = paths.filter(p => {
    const r = p.getBoundingClientRect();
    return r.right > 0 && r.bottom > 0 && r.left < w && r.top < h && (r.width > 0 || r.height > 0);
  });
  return {paths: paths.length, inView: inView.length};
}"""

# What a click reaches at the centre of each event marker in view, and at
# points along the border lines in view: [{marker: true/false, hit: ...}].
CLICKS = """() => {
  const w = innerWidth, h = innerHeight;
  const within = (x, y) => x > 0 && y > 0 && x < w && y < h;
  const where = e => e ? (e.closest('.leaflet-pane') || e).className.baseVal || (e.closest('.leaflet-pane') || e).className : null;
  const markers = [...document.querySelectorAll('.event-marker')].map(e => {
    const r = e.getBoundingClientRect();
    const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
    if (!within(x, y) || !r.width) return null;
    const hit = document.elementFromPoint(x, y);
    return {hit: hit === e || e.contains(hit), pane: where(hit)};
  }).filter(Boolean);
  const lines = [];
  for (const p of document.querySelectorAll('.leaflet-regionBorders-pane path')) {
    if (lines.length >= 200) break;  // enough points to tell; measuring every long path takes seconds
    const m = p.getScreenCTM(), n = p.getTotalLength();
    for (let i = 1; i < 8; i++) {
      const q = p.getPointAtLength(n * i / 8);
      const x = m.a * q.x + m.c * q.y + m.e, y = m.b * q.x + m.d * q.y + m.f;
      if (within(x, y)) lines.push(document.elementFromPoint(x, y) === p);
    }
  }
  return {markers, lines};
}"""


@pytest.mark.browser
def test_the_borders_come_in_at_zoom_5_under_the_events(shipped_build: Path, open_page) -> None:
    loaded = open_page(shipped_build / "map.html", 1440, 900)
    page = page_drawn(loaded)
    for zoom in (2, 4):
        map_view(page, 34.53, 69.17, zoom)
        assert page.evaluate(BORDERS)["paths"] == 0, f"borders drawn at zoom {zoom}"
    map_view(page, 34.53, 69.17, 6)
    drawn = page.evaluate(BORDERS)
    assert drawn["paths"] > 0 and drawn["inView"] > 0, drawn
    clicks = page.evaluate(CLICKS)
    assert clicks["markers"], "the events around Kabul are drawn"
    for marker in clicks["markers"]:
        assert marker["hit"], f"a click at a marker's centre reaches {marker['pane']}, not the marker"
    assert len(clicks["lines"]) > 20, clicks
    assert not any(clicks["lines"]), "a border line can be clicked"
    # The borders lie above the outlines, under the place names and the events.
    z = page.evaluate(
        """() => ['basemap', 'regionBorders', 'placeNames', 'overlay', 'marker']
             .map(p => Number(getComputedStyle(document.querySelector('.leaflet-' + p + '-pane')).zIndex))"""
    )
    assert z == sorted(z) and len(set(z)) == 5, z
    # Back out: gone again.
    map_view(page, 34.53, 69.17, 4)
    assert page.evaluate(BORDERS)["paths"] == 0
    assert_clean(loaded)


@pytest.mark.browser
def test_moscow_at_zoom_5_shows_russias_regions(shipped_build: Path, open_page) -> None:
    loaded = open_page(shipped_build / "map.html", 390, 844)
    page = page_drawn(loaded)
    map_view(page, 55.75, 37.62, 5)
    drawn = page.evaluate(BORDERS)
    assert drawn["inView"] > 0, drawn
    assert_clean(loaded)


@pytest.mark.browser
def test_online_tiles_bring_their_own_borders(shipped_build: Path, open_page) -> None:
    """Picking the online tiles takes our borders away; going back to the
    offline outlines brings them back (tile requests are blocked here)."""
    loaded = open_page(shipped_build / "map.html", 1440, 900)
    page = page_drawn(loaded)
    map_view(page, 34.53, 69.17, 7)
    assert page.evaluate(BORDERS)["paths"] > 0
    pick_base = """(name) => [...document.querySelectorAll('.leaflet-control-layers-base label')]
        .find(l => l.textContent.includes(name)).querySelector('input').click()"""
    page.evaluate(pick_base, "OpenStreetMap")
    page.wait_for_function("() => document.querySelector('.leaflet-regionBorders-pane').dataset.shown === 'false'")
    assert page.evaluate(BORDERS)["paths"] == 0
    page.evaluate(pick_base, "Country outlines")
    page.wait_for_function("() => document.querySelector('.leaflet-regionBorders-pane').dataset.shown === 'true'")
    assert page.evaluate(BORDERS)["paths"] > 0
