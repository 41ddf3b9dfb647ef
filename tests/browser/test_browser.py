"""The built pages in headless Chromium, opened from file:// with the network
blocked: they must draw every event, log no error and request nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import MARKERS_ON_MAP, assert_clean, drawn, page_drawn

pytestmark = pytest.mark.browser


# How many event points the timeline has drawn, and their event indices.
POINTS_ON_TIMELINE = """() => {
  const chart = document.getElementById('timeline-chart');
  const indices = [];
  let drawn = 0;
  chart._fullData.filter(t => t.meta && t.meta.role === 'events').forEach(t => {
    indices.push(...Array.from(t.customdata));
    drawn += chart.querySelector('.cartesianlayer .trace' + t.uid).querySelectorAll('.points path.point').length;
  });
  return {indices: indices.sort((a, b) => a - b), drawn};
}"""


@pytest.mark.parametrize("name", ["index.html", "map.html", "timeline.html"])
def test_page_opens_offline_without_errors_or_requests(shipped_build: Path, open_page, name: str) -> None:
    loaded = open_page(shipped_build / name)
    page_drawn(loaded)
    assert_clean(loaded)


@pytest.mark.parametrize("name", ["index.html", "map.html", "timeline.html"])
def test_the_libraries_run_from_the_file(shipped_build: Path, open_page, name: str) -> None:
    """Leaflet and plotly.js, the versions the installed packages ship, are in
    the page and work with the network off: each draws something of its own."""
    import xstatic.pkg.leaflet
    from plotly.offline import get_plotlyjs_version

    loaded = open_page(shipped_build / name)
    page = page_drawn(loaded)
    found = page.evaluate(
        """() => {
          const box = document.createElement('div');
          box.style.cssText = 'width:200px;height:100px';
          document.body.appendChild(box);
          const out = {leaflet: window.L ? L.version : null, plotly: window.Plotly ? Plotly.version : null};
          if (window.L) {  // a map of its own, with one circle drawn as SVG
            const m = L.map(box, {zoomControl: false}).setView([0, 0], 1);
            L.circle([0, 0], {radius: 1e6}).addTo(m);
            out.leafletDrew = box.querySelectorAll('path.leaflet-interactive').length;
            m.remove();
          }
          return out;
        }"""
    )
    uses_map, uses_chart = name != "timeline.html", name != "map.html"
    assert found["leaflet"] == (xstatic.pkg.leaflet.VERSION if uses_map else None)
    assert found.get("leafletDrew") == (1 if uses_map else None)
    assert found["plotly"] == (get_plotlyjs_version() if uses_chart else None)
    if uses_chart:  # plotly.js drew the page's chart: its SVG is there, with the lanes' names
        assert page.locator("#timeline-chart .main-svg .ytick").count() > 0
    assert_clean(loaded)


@pytest.mark.parametrize("name", ["index.html", "map.html"])
def test_map_draws_one_marker_per_placed_event(shipped_build: Path, open_page, shipped, name: str) -> None:
    loaded = open_page(shipped_build / name)
    page = loaded.page
    page.wait_for_selector(".event-cluster, path.event-marker")
    placed = len(shipped.placements.places)
    assert placed == 14  # 23 events: 7 with no place given, 2 spanning several countries
    assert page.evaluate(MARKERS_ON_MAP) == placed
    # The basemap is drawn from the embedded outlines: many country paths, no tiles.
    assert page.locator("path.leaflet-interactive").count() > 150
    assert page.locator("img.leaflet-tile").count() == 0
    assert_clean(loaded)


@pytest.mark.parametrize("name", ["index.html", "timeline.html"])
def test_timeline_draws_every_event(shipped_build: Path, open_page, shipped, name: str) -> None:
    loaded = open_page(shipped_build / name)
    page = loaded.page
    page.wait_for_selector("#timeline-chart .scatterlayer path.point")
    result = page.evaluate(POINTS_ON_TIMELINE)
    count = len(shipped.dataset.events)
    assert result["indices"] == list(range(count))
    assert result["drawn"] == count
    assert_clean(loaded)


def test_clicking_a_marker_opens_its_popup(shipped_build: Path, open_page, shipped) -> None:
    loaded = open_page(shipped_build / "map.html")
    page = loaded.page
    page.wait_for_selector(".event-cluster, path.event-marker")
    marker = page.locator("path.event-marker").first
    marker.click(force=True)
    popup = page.locator(".leaflet-popup-content .event-card")
    popup.wait_for()
    event_id = popup.get_attribute("data-event-id")
    event = next(e for e in shipped.dataset.events if e.id == event_id)
    text = popup.inner_text()
    assert event.title in text
    quotes = [c.quote for c in shipped.dataset.citations_for(event_id) if c.quote]
    assert quotes, "every shipped event cites a quote"
    for quote in quotes:
        assert quote in text
    assert_clean(loaded)


def test_kabul_events_can_be_told_apart(shipped_build: Path, open_page) -> None:
    """The airport, the embassy and the hotel each get a marker of their own
    when the reader zooms to Kabul (drawn spread on a ring, or spread by a
    click on their cluster where there is no room for the ring)."""
    loaded = open_page(shipped_build / "map.html")
    page = loaded.page
    page.wait_for_selector(".event-cluster, path.event-marker")
    page.evaluate("() => Timeline.map.current.map.setView([34.55, 69.19], 11, {animate: false})")
    drawn(page)
    if page.locator(".event-cluster").count():
        page.locator(".event-cluster").first.click()
        drawn(page)
    centres = assert_kabul_apart(page)
    # Each can be clicked: its card opens, and the others stay spread.
    page.mouse.click(*centres[1])
    page.locator(".leaflet-popup-content .event-card[data-event-id='russian-embassy-kabul-2022']").wait_for()
    drawn(page)
    assert_kabul_apart(page)
    assert_clean(loaded)


def assert_kabul_apart(page) -> list[list[int]]:
    centres = page.evaluate(
        """() => {
          return ['kabul-airport-2021', 'russian-embassy-kabul-2022', 'kabul-hotel-2022'].map(id => {
            const layer = Timeline.map.current.layerFor(id);
            const path = layer && layer._path;
            if (!path || !path.isConnected) return null;
            const r = path.getBoundingClientRect();
            return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)];
          });
        }"""
    )
    assert None not in centres, f"not all three drawn: {centres}"
    for a in range(3):
        for b in range(a + 1, 3):
            dx, dy = centres[a][0] - centres[b][0], centres[a][1] - centres[b][1]
            assert dx * dx + dy * dy >= 15 * 15, f"markers {a} and {b} overlap: {centres}"
    return centres


def test_hovering_a_timeline_point_shows_its_card(shipped_build: Path, open_page, shipped) -> None:
    loaded = open_page(shipped_build / "timeline.html")
    page = loaded.page
    page.wait_for_selector("#timeline-chart .scatterlayer path.point")
    index = next(i for i, e in enumerate(shipped.dataset.events) if e.id == "crocus-city-hall-2024")
    # Zoom to early 2024, as a reader would with the range slider, where the
    # January and March attacks no longer overlap.
    page.evaluate("() => Plotly.relayout('timeline-chart', {'xaxis.range': ['2023-12-15', '2024-04-15']})")
    drawn(page)
    box = page.evaluate(
        """(index) => {
          const chart = document.getElementById('timeline-chart');
          for (const t of chart._fullData) {
            if (!t.meta || t.meta.role !== 'events') continue;
            const i = Array.from(t.customdata).indexOf(index);
            if (i < 0) continue;
            const points = chart.querySelector('.cartesianlayer .trace' + t.uid).querySelectorAll('path.point');
            const r = points[i].getBoundingClientRect();
            return {x: r.x + r.width / 2, y: r.y + r.height / 2};
          }
        }""",
        index,
    )
    page.mouse.move(box["x"], box["y"])
    card = page.locator(".chart-card .event-card.brief")
    card.wait_for()
    text = card.inner_text()
    assert "Gun attack on Crocus City Hall" in text
    # The short card: each source's figure for the deaths, with who gave it.
    assert "at least 133 — The Epoch Times; at least 139 — Vox; at least 140 — Vox" in text
    # The click pins the full card: each figure quoted.
    page.mouse.click(box["x"], box["y"])
    card = page.locator(".chart-card.pinned .event-card:not(.brief)")
    card.wait_for()
    text = card.inner_text()
    for figure in ("“at least 133” — The Epoch Times", "“at least 139” — Vox", "“at least 140” — Vox"):
        assert figure in text
    assert_clean(loaded)


def test_briefing_page_lists_events_and_sources(shipped_build: Path, open_page, shipped) -> None:
    loaded = open_page(shipped_build / "index.html")
    page = loaded.page
    page.wait_for_selector("table.events-table tbody tr")
    rows = page.locator("table.events-table tbody tr")
    assert rows.count() == len(shipped.dataset.events)
    ids = [rows.nth(i).get_attribute("data-event-id") for i in range(rows.count())]
    assert sorted(ids) == sorted(e.id for e in shipped.dataset.events)
    sources = page.locator("#sources-list li.source")
    assert sources.count() == len(shipped.dataset.sources)
    # An event with no place given is still in the table, its place shown as unknown.
    row = page.locator("tr[data-event-id='soleimani-killed']")
    assert "unknown" in row.inner_text()
    assert_clean(loaded)


def test_page_data_block_is_the_only_copy_of_the_facts(shipped_build: Path) -> None:
    """Design for growth: the facts are in the page once, inside the compressed
    data block, and nowhere else in the HTML."""
    from timeline.datablock import decode, event_records

    html = (shipped_build / "index.html").read_text(encoding="utf-8")
    summary = event_records(decode(html))[0]["summary"]
    assert len(summary) > 40
    assert html.count(summary[:40]) == 0
    assert html.count('id="timeline-data"') == 1


def test_a_browser_too_old_to_inflate_the_data_says_so(shipped_build: Path, open_page) -> None:
    """Without DecompressionStream (browsers before 2023) the page says what it needs, in words."""
    loaded = open_page(shipped_build / "index.html", before="delete window.DecompressionStream;")
    note = loaded.page.locator(".browser-too-old")
    note.wait_for()
    assert "needs a newer browser" in note.inner_text()
    assert loaded.blocked == []


# Counts the workers the page makes and the messages they send back.
COUNT_WORKERS = """
window.__workers = {made: 0, answered: 0};
const RealWorker = window.Worker;
window.Worker = function (url, options) {
  const worker = new RealWorker(url, options);
  window.__workers.made += 1;
  worker.addEventListener('message', () => { window.__workers.answered += 1; });
  return worker;
};
"""
# Workers that fail as they start: the script they are given is replaced by one that throws.
FAILING_WORKERS = """
const RealWorker = window.Worker;
window.Worker = function () {
  return new RealWorker(URL.createObjectURL(new Blob(['throw new Error("no worker here");'])));
};
"""


@pytest.mark.parametrize(
    "before, workers",
    [
        (COUNT_WORKERS, {"made": 1, "answered": 1}),
        ("delete window.Worker;", None),  # no workers: inflated on the page itself
        (FAILING_WORKERS, None),  # the worker fails: the same
    ],
    ids=["in-a-worker", "no-workers", "worker-fails"],
)
def test_the_data_is_inflated_in_a_worker_or_else_on_the_page(
    shipped_build: Path, open_page, shipped, before: str, workers
) -> None:
    loaded = open_page(shipped_build / "index.html", before=before)
    page = loaded.page
    page.wait_for_selector("body[data-ready]", state="attached")
    page.wait_for_selector("#timeline-chart[data-ready]", state="attached")
    assert page.evaluate(MARKERS_ON_MAP) == len(shipped.placements.places)
    assert page.locator("table.events-table tbody tr").count() == len(shipped.dataset.events)
    if workers is not None:
        assert page.evaluate("window.__workers") == workers
    assert_clean(loaded)


@pytest.fixture(scope="module")
def crowded_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 events scattered over Europe and Africa, and 70 more at one spot
    (more than the map spreads apart), with coordinates given: built."""
    import csv
    import random

    from timeline import build

    folder = tmp_path_factory.mktemp("crowded")
    rng = random.Random(1)
    categories = ["attack", "warning", "statement"]
    rows = []
    for i in range(3000):
        lat, lon = round(rng.uniform(-30, 60), 5), round(rng.uniform(-15, 45), 5)
        rows.append([f"e{i}", f"2020-01-{1 + i % 28:02d}", f"Event {i}", categories[i % 3], lat, lon, i % 5])
    for i in range(70):
        rows.append([f"spot{i}", f"2021-02-{1 + i % 28:02d}", f"At the spot {i}", "attack", 10.5, 20.5, 1])
    with (folder / "events.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "date", "title", "category", "lat", "lon", "killed"])
        writer.writerows(rows)
    build(folder / "events.csv", folder / "out")
    return folder / "out"


# True once the element has not moved over two animation frames.
STILL = """(selector) => new Promise(done => {
  const top = () => document.querySelector(selector).getBoundingClientRect().top;
  const before = top();
  requestAnimationFrame(() => requestAnimationFrame(() => done(top() === before)));
})"""

LAYERS = "() => document.querySelectorAll('path.event-marker, .event-cluster').length"


def test_many_events_make_few_layers_and_all_are_counted(crowded_build: Path, open_page) -> None:
    loaded = open_page(crowded_build / "map.html")
    page = loaded.page
    page.wait_for_selector("body[data-ready]")
    assert len(page.evaluate("() => Timeline.map.current.shown()")) == 3070
    # Framed on every event: each is drawn or counted in a cluster, in a few hundred layers.
    assert page.evaluate(MARKERS_ON_MAP) == 3070
    assert page.evaluate(LAYERS) < 400
    # A filter thins the counts.
    page.evaluate("() => Timeline.state.setFilters({category: ['warning']}, 'test')")
    assert page.evaluate(MARKERS_ON_MAP) == 1000
    assert len(page.evaluate("() => Timeline.map.current.shown()")) == 1000
    page.evaluate("() => Timeline.state.clearFilters('test')")
    # Clicking a cluster zooms in to its events; what is in view is still all counted.
    zoom = page.evaluate("() => Timeline.map.current.map.getZoom()")
    page.locator(".event-cluster").first.click()
    page.wait_for_function(f"() => Timeline.map.current.map.getZoom() > {zoom}")
    drawn(page)
    on_screen = page.evaluate("() => Timeline.map.current.onScreen().length")
    assert 0 < on_screen < 3070
    assert page.evaluate(MARKERS_ON_MAP) == on_screen
    assert page.evaluate(LAYERS) < 400
    assert_clean(loaded)


def test_events_at_one_spot_are_listed_and_each_can_be_picked(crowded_build: Path, open_page) -> None:
    loaded = open_page(crowded_build / "map.html")
    page = loaded.page
    page.wait_for_selector("body[data-ready]")
    page.evaluate("() => Timeline.map.current.map.setView([10.5, 20.5], 12, {animate: false})")
    spot = page.locator(".event-cluster", has_text="70")
    spot.click()
    items = page.locator(".event-list-item")
    assert items.count() == 70
    # Leaflet pans a popup into view with an animation: click once it has come to rest.
    page.wait_for_function(STILL, arg=".event-list")
    items.nth(4).click()
    card = page.locator(".leaflet-popup-content .event-card")
    card.wait_for()
    assert card.get_attribute("data-event-id") == "spot4"
    assert page.evaluate("() => window.location.hash") == "#spot4"
    # The picked event is drawn on its own, highlighted, above the count of the other 69.
    assert page.locator(".event-cluster span").all_inner_texts() == ["69"]
    stroke = page.evaluate("() => Timeline.map.current.layerFor('spot4')._path.getAttribute('stroke')")
    assert stroke == "#111111"
    assert_clean(loaded)


def test_selecting_a_clustered_event_elsewhere_reveals_it(crowded_build: Path, open_page) -> None:
    loaded = open_page(crowded_build / "map.html")
    page = loaded.page
    page.wait_for_selector("body[data-ready]")
    assert page.evaluate("() => Timeline.map.current.layerFor('e1234')") is None  # in a cluster
    page.evaluate("() => Timeline.state.select('e1234', 'test')")
    assert page.locator(".leaflet-popup-content .event-card").get_attribute("data-event-id") == "e1234"
    box = page.evaluate(
        """() => {
          const r = Timeline.map.current.layerFor('e1234')._path.getBoundingClientRect();
          return {x: r.x + r.width / 2, y: r.y + r.height / 2};
        }"""
    )
    # Its nearest neighbours are no longer on top of it: it can be clicked.
    hit = page.evaluate(
        f"() => document.elementsFromPoint({box['x']}, {box['y']}).map(e => e.tagName + '.' + e.getAttribute('class'))"
    )
    assert "event-cluster" not in hit[0], hit
    page.mouse.click(box["x"], box["y"])
    page.wait_for_function("() => window.location.hash === '#e1234'")
    drawn(page)
    assert page.evaluate(MARKERS_ON_MAP) == page.evaluate("() => Timeline.map.current.onScreen().length")
    assert_clean(loaded)


def test_online_tiles_without_a_network_say_so(shipped_build: Path, open_page) -> None:
    """Choosing the OpenStreetMap layer offline gives a word, not a blank map;
    going back to the outlines takes it away. Only the tile host was asked."""
    loaded = open_page(shipped_build / "index.html")
    page = page_drawn(loaded)
    assert page.locator(".tile-notice").count() == 0
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-base label", has_text="OpenStreetMap").locator("input").check()
    page.locator(".tile-notice").wait_for()
    assert "need a network connection" in page.locator(".tile-notice").inner_text()
    assert loaded.blocked and all(url.startswith("https://tile.openstreetmap.org/") for url in loaded.blocked)
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-base label", has_text="Country outlines").locator("input").check()
    page.locator(".tile-notice").wait_for(state="detached")
