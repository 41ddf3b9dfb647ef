"""The briefing page's linked views in headless Chromium: one selection and one
set of filters for the map, the timeline and the table, kept in the URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline.load import load

from ..conftest import MARKERS_ON_MAP, SELECTION, SHIPPED, VIEWS, assert_clean, drawn, ready, settled

pytestmark = pytest.mark.browser


# Where the selection shows in each view: the table's marked row (and whether
# it is in the table's view), the map's popup, the date of the ring on the
# timeline, the URL's hash.

# How far (px) the ring's centre is from the centre of the SVG marker of the
# event it rings (the shipped table's timeline is SVG).
RING_OFF_MARKER = """() => {
  const chart = document.getElementById('timeline-chart');
  const ring = Timeline.chart.current.ring;
  const index = Timeline.data().byId[ring.dataset.eventId];
  for (const t of chart._fullData) {
    if (!t.meta || t.meta.role !== 'events') continue;
    const k = Array.from(t.customdata).indexOf(index);
    if (k < 0) continue;
    const p = chart.querySelector('.cartesianlayer .trace' + t.uid).querySelectorAll('path.point')[k].getBoundingClientRect();
    const r = ring.getBoundingClientRect();
    return Math.hypot(p.x + p.width / 2 - (r.x + r.width / 2), p.y + p.height / 2 - (r.y + r.height / 2));
  }
  return null;
}"""


def placed_ids(shipped) -> set[str]:
    return set(shipped.placements.places)


def test_clicking_a_table_row_selects_the_event_everywhere(shipped_build: Path, open_page, shipped) -> None:
    loaded = open_page(shipped_build / "index.html")
    page = ready(loaded)
    page.locator("tr[data-event-id='kabul-hotel-2022'] th").click()
    page.wait_for_selector(".leaflet-popup-content .event-card[data-event-id='kabul-hotel-2022']")
    drawn(page)
    selected = page.evaluate(SELECTION)
    hotel = next(e for e in shipped.dataset.events if e.id == "kabul-hotel-2022")
    from timeline.chart import midpoint

    assert selected == {
        "row": "kabul-hotel-2022",
        "rowSelected": "true",
        "rowInView": True,
        "popup": "kabul-hotel-2022",
        "ring": midpoint(hotel).isoformat(),
        "ringEvent": "kabul-hotel-2022",
        "hash": "#kabul-hotel-2022",
    }
    assert page.evaluate(RING_OFF_MARKER) < 1.5
    assert_clean(loaded)


def test_a_link_to_an_event_opens_with_it_selected(shipped_build: Path, open_page) -> None:
    loaded = open_page(Path(str(shipped_build / "index.html")), 1280, 720)
    page = loaded.page
    page.goto((shipped_build / "index.html").resolve().as_uri() + "#crocus-city-hall-2024")
    ready(loaded)
    page.wait_for_selector(".leaflet-popup-content .event-card[data-event-id='crocus-city-hall-2024']")
    selected = page.evaluate(SELECTION)
    assert (selected["row"], selected["popup"], selected["ring"]) == ("crocus-city-hall-2024",) * 2 + ("2024-03-22",)
    assert_clean(loaded)


def test_clicking_a_timeline_point_selects_its_row(shipped_build: Path, open_page) -> None:
    loaded = open_page(shipped_build / "index.html")
    page = ready(loaded)
    page.evaluate("() => Plotly.relayout('timeline-chart', {'xaxis.range': ['2022-08-01', '2023-01-31']})")
    page.locator("#timeline-chart").scroll_into_view_if_needed()
    drawn(page)
    box = page.evaluate(
        """() => {
          const chart = document.getElementById('timeline-chart');
                  const data = Timeline.data();
          for (const t of chart._fullData) {
            if (!t.meta || t.meta.role !== 'events') continue;
            const k = Array.from(t.customdata).indexOf(data.byId['russian-embassy-kabul-2022']);
            if (k < 0) continue;
            const r = chart.querySelector('.cartesianlayer .trace' + t.uid).querySelectorAll('path.point')[k].getBoundingClientRect();
            return {x: r.x + r.width / 2, y: r.y + r.height / 2};
          }
        }"""
    )
    page.mouse.click(box["x"], box["y"])
    page.wait_for_selector("tr.selected[data-event-id='russian-embassy-kabul-2022']")
    assert page.evaluate(SELECTION)["popup"] == "russian-embassy-kabul-2022"
    assert_clean(loaded)


def test_one_filter_thins_all_three_views_alike(shipped_build: Path, open_page, shipped) -> None:
    loaded = open_page(shipped_build / "index.html")
    page = ready(loaded)
    page.locator(".filter-list summary", has_text="Category").click()
    page.locator(".filter-option", has_text="Attack").locator("input").check()
    drawn(page)
    views = page.evaluate(VIEWS)
    attacks = sorted(e.id for e in shipped.dataset.events if e.category == "attack")
    assert len(attacks) == 5
    assert views["timeline"] == attacks
    assert views["table"] == attacks
    assert views["map"] == sorted(set(attacks) & placed_ids(shipped))
    assert views["count"] == f"5 of {len(shipped.dataset.events)} events"
    assert page.evaluate(MARKERS_ON_MAP) == len(views["map"])
    assert page.evaluate("() => window.location.hash") == "#category=attack"
    assert_clean(loaded)


def test_filters_in_the_hash_are_applied_on_opening(shipped_build: Path, open_page, shipped) -> None:
    loaded = open_page(shipped_build / "index.html")
    page = loaded.page
    page.goto((shipped_build / "index.html").resolve().as_uri() + "#country=RU&from=2024-03-01&q=moscow")
    page.reload()
    ready(loaded)
    views = page.evaluate(VIEWS)
    expected = ["crocus-city-hall-2024", "moscow-synagogue-plot-2024", "us-embassy-moscow-warning-2024"]
    # "moscow" in title, summary or place; placed in Russia; not over before 1 March 2024.
    assert views["table"] == expected
    assert views["map"] == expected
    assert views["timeline"] == sorted(
        e.id
        for e in shipped.dataset.events
        if "moscow" in f"{e.title} {e.summary} {e.place}".lower()
        and shipped.placements.get(e.id)
        and "RU" in shipped.placements.get(e.id).country.split()
    )
    assert page.locator(".filter-search").input_value() == "moscow"
    assert_clean(loaded)


def test_the_timeline_range_sets_the_date_filter(shipped_build: Path, open_page) -> None:
    loaded = open_page(shipped_build / "index.html")
    page = ready(loaded)
    page.evaluate("() => Plotly.relayout('timeline-chart', {'xaxis.range': ['2022-01-01', '2022-12-31']})")
    drawn(page)
    views = page.evaluate(VIEWS)
    assert views["table"] == ["kabul-hotel-2022", "russian-embassy-kabul-2022"]
    assert views["map"] == ["kabul-hotel-2022", "russian-embassy-kabul-2022"]
    assert page.evaluate("() => window.location.hash") == "#from=2022-01-01&to=2022-12-31"
    assert page.locator(".filter-date input").nth(0).input_value() == "2022-01-01"
    assert_clean(loaded)


def test_the_map_time_slider_shows_events_up_to_a_date(shipped_build: Path, open_page) -> None:
    loaded = open_page(shipped_build / "map.html")
    page = loaded.page
    page.wait_for_selector(".time-slider")
    page.evaluate(
        """() => {
          const s = document.querySelector('.time-slider');
          s.value = String(Math.round((Date.parse('2003-06-30') - Date.parse('1979-01-01')) / 86400000));
          s.dispatchEvent(new Event('input'));
        }"""
    )
    drawn(page)
    shown = page.evaluate("() => [...Timeline.map.current.shown()].sort()")
    assert shown == ["soviet-war-afghanistan", "us-invasion-iraq-2003"]
    assert page.locator(".time-label").inner_text() == "Up to 30 Jun 2003"
    assert_clean(loaded)


def test_a_category_layer_can_be_switched_off(shipped_build: Path, open_page, shipped) -> None:
    loaded = open_page(shipped_build / "map.html")
    page = loaded.page
    page.wait_for_selector(".event-cluster, path.event-marker")
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays label", has_text="Context").locator("input").uncheck()
    drawn(page)
    expected = sum(1 for e in shipped.dataset.events if e.category != "context" and shipped.placements.get(e.id))
    assert page.evaluate(MARKERS_ON_MAP) == expected
    assert "context" not in page.evaluate("() => window.location.hash")
    assert page.evaluate("() => window.location.hash").startswith("#category=")
    assert_clean(loaded)


def test_the_table_can_be_read_and_worked_by_keyboard(shipped_build: Path, open_page) -> None:
    loaded = open_page(shipped_build / "index.html")
    page = ready(loaded)
    table = page.locator("table.events-table")
    assert table.locator("caption").count() == 1
    assert table.locator("thead th[scope=col]").count() == 8
    assert table.locator("tbody th[scope=row]").count() == len(load(SHIPPED).events)
    # Tab walks the rows in order; Enter selects the focused one.
    page.locator("tbody tr").first.focus()
    ids = []
    for _ in range(3):
        ids.append(page.evaluate("() => document.activeElement.dataset.eventId"))
        page.keyboard.press("Tab")
    assert ids == ["soviet-war-afghanistan", "us-invasion-iraq-2003", "isis-captures-territory-2014"]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector("tr.selected")
    selected = page.evaluate("() => document.querySelector('tr.selected').dataset.eventId")
    assert selected == "isis-k-fights-taliban"
    # Sorting by deaths puts the deadliest first, and says so to screen readers.
    page.locator("button.sort-button", has_text="Killed").click()
    assert page.locator("tbody tr").first.get_attribute("data-event-id") == "kabul-airport-2021"
    assert page.locator("th", has=page.locator("button", has_text="Killed")).get_attribute("aria-sort") == "descending"
    assert_clean(loaded)


def test_the_five_attacks_are_labelled_without_overlap(shipped_build: Path, open_page) -> None:
    assert_labels_apart(open_page(shipped_build / "index.html", 1280, 720), 5)


def test_synthetic_labels_do_not_overlap(synthetic_build, open_page) -> None:
    from timeline.chart import MAX_LABELS

    assert_labels_apart(open_page(synthetic_build[0] / "timeline.html", 1280, 720), MAX_LABELS)


def assert_labels_apart(loaded, expected: int) -> None:
    page = loaded.page
    page.wait_for_selector("#timeline-chart[data-ready]")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('#timeline-chart .annotation')]
            .filter(a => !document.getElementById('timeline-chart').layout.annotations[Number(a.dataset.index)].name.startsWith('era:'))
            .map(a => ({text: a.textContent, r: a.querySelector('.annotation-text-g').getBoundingClientRect()}))
            .map(a => ({text: a.text, x0: a.r.left, x1: a.r.right, y0: a.r.top, y1: a.r.bottom}))"""
    )
    assert len(boxes) == expected, boxes
    plot = page.evaluate("() => document.querySelector('#timeline-chart .main-svg').getBoundingClientRect().right")
    for i, a in enumerate(boxes):
        assert a["x1"] <= plot + 1, f"{a['text']} runs off the chart"
        for b in boxes[i + 1 :]:
            apart = a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["y1"] <= b["y0"] or b["y1"] <= a["y0"]
            assert apart, f"{a['text']!r} overlaps {b['text']!r}"
    assert_clean(loaded)


def test_printing_hides_the_controls_and_shows_every_row(shipped_build: Path, open_page, tmp_path: Path) -> None:
    loaded = open_page(shipped_build / "index.html")
    page = ready(loaded)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.filters', '.leaflet-control-zoom', '.leaflet-control-layers', '.time-control', '.modebar-container']
            .map(s => document.querySelector(s)).filter(Boolean)
            .map(e => getComputedStyle(e).display)"""
    )
    assert hidden == ["none"] * len(hidden) and len(hidden) >= 4
    box = page.evaluate(
        "() => { const t = document.getElementById('events-table'); return t.scrollHeight - t.clientHeight; }"
    )
    assert box == 0, "the table must not scroll in print"
    pdf = tmp_path / "briefing.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = max(int(n) for n in re.findall(rb"/Count (\d+)", data))
    assert 2 <= pages <= 6, f"{pages} pages"
    assert_clean(loaded)


@pytest.fixture(scope="module")
def synthetic_build(synthetic_builds):
    """A table of 300 synthetic events, built."""
    return synthetic_builds(300)


# A page of 100,000 events takes a while to open in headless Chromium on a
# small machine: give its waits room.
LARGE = 100_000
LARGE_TIMEOUT_MS = 240_000


def ready_large(loaded) -> object:
    page = loaded.page
    page.set_default_timeout(LARGE_TIMEOUT_MS)
    page.wait_for_selector("#timeline-chart[data-ready]", state="attached")
    page.wait_for_selector("body[data-ready]", state="attached")
    page.wait_for_selector("table.events-table tbody tr[data-event-id]", state="attached")
    return page


@pytest.mark.parametrize("category", ["attack", "statement"])
def test_synthetic_table_filters_and_selects_alike(synthetic_build, open_page, category: str) -> None:
    out, prepared = synthetic_build
    loaded = open_page(out / "index.html")
    page = ready(loaded)
    page.locator(".filter-list summary", has_text="Category").click()
    page.locator(".filter-option", has_text=category.capitalize()).locator("input").check()
    page.locator(".filter-list summary", has_text="Category").click()
    settled(page)
    views = page.evaluate(VIEWS)
    expected = sorted(e.id for e in prepared.dataset.events if e.category == category)
    assert len(expected) > 10
    assert views["table"] == expected
    assert views["timeline"] == expected
    assert views["map"] == sorted(set(expected) & set(prepared.placements.places))
    assert page.evaluate(MARKERS_ON_MAP) == len(views["map"])
    # Select a placed event from the table: its card opens on the map.
    chosen = next(i for i in expected if i in prepared.placements.places)
    page.locator(f"tr[data-event-id='{chosen}'] th").click()
    page.wait_for_selector(f".leaflet-popup-content .event-card[data-event-id='{chosen}']")
    assert page.evaluate(SELECTION)["row"] == chosen
    assert_clean(loaded)


@pytest.mark.parametrize("idle", [True, False], ids=["after-idle", "at-once"])
def test_a_search_finds_the_events_whose_words_match(synthetic_build, open_page, idle: bool) -> None:
    """The search looks in each event's title, summary and place, whether its
    texts were made while the page was idle or are made by the search itself."""
    out, prepared = synthetic_build
    before = None if idle else "window.requestIdleCallback = () => 0;"  # idle never comes
    loaded = open_page(out / "index.html", before=before)
    page = ready(loaded)
    if idle:
        page.wait_for_function("() => Timeline.state.searchReady()")  # made while idle, before any search
    page.locator(".filter-search").fill("Gunmen  JU")
    page.wait_for_function("() => Timeline.state.filters.q === 'Gunmen  JU'")  # typing settles after 150 ms
    settled(page)
    views = page.evaluate(VIEWS)
    places = prepared.placements.places

    def text(e) -> str:
        place = places.get(e.id)
        return " ".join([e.title, e.summary or "", e.place or "", place.name if place else ""]).lower()

    expected = sorted(e.id for e in prepared.dataset.events if "gunmen" in text(e) and "ju" in text(e))
    assert 1 < len(expected) < 100
    assert views["table"] == expected
    assert views["timeline"] == expected
    assert_clean(loaded)


@pytest.mark.large
def test_large_table_filters_selects_and_round_trips_alike(synthetic_builds, open_page) -> None:
    """100,000 events: one filter thins the timeline, the map and the table
    alike; a selection is followed by all three (the table scrolls to its
    row); the URL carries both to a newly opened page."""
    out, prepared = synthetic_builds(LARGE)
    events = prepared.dataset.events
    placed = set(prepared.placements.places)
    loaded = open_page(out / "index.html")
    page = ready_large(loaded)
    assert page.evaluate(VIEWS)["count"] == f"{LARGE:,} of {LARGE:,} events"

    page.locator(".filter-list summary", has_text="Category").click()
    page.locator(".filter-option", has_text="Attack").locator("input").check()
    page.locator(".filter-list summary", has_text="Category").click()
    settled(page)
    views = page.evaluate(VIEWS)
    expected = sorted(e.id for e in events if e.category == "attack")
    assert 1000 < len(expected) < LARGE
    assert views["timeline"] == expected
    assert views["table"] == expected
    assert views["map"] == sorted(set(expected) & placed)
    assert views["count"] == f"{len(expected):,} of {LARGE:,} events"
    assert page.evaluate("() => window.location.hash") == "#category=attack"

    # Selected elsewhere (here through the shared state), an event far down the
    # table: its row is drawn, marked and scrolled into view, the map opens
    # its card, the timeline rings it.
    in_table = page.evaluate("() => Timeline.table.shown()")
    chosen = next(i for i in reversed(in_table[: len(in_table) * 3 // 4]) if i in placed)
    page.evaluate("(id) => Timeline.state.select(id, 'test')", chosen)
    settled(page)
    page.wait_for_selector(f".leaflet-popup-content .event-card[data-event-id='{chosen}']")
    from timeline.chart import midpoint

    event = next(e for e in events if e.id == chosen)
    selected = page.evaluate(SELECTION)
    assert selected == {
        "row": chosen,
        "rowSelected": "true",
        "rowInView": True,
        "popup": chosen,
        "ring": midpoint(event).isoformat(),
        "ringEvent": chosen,
        "hash": f"#category=attack&event={chosen}",
    }
    # Clicking a drawn row selects that event everywhere.
    # A row inside the box as it is scrolled now: one of the rows drawn above or
    # below the view would be scrolled to first, and drawn anew, under the click.
    clicked = page.evaluate(
        """() => { const box = document.querySelector('.table-scroll').getBoundingClientRect();
          const rows = [...document.querySelectorAll('table.events-table tbody tr[data-event-id]')].filter(tr => {
            const r = tr.getBoundingClientRect(); return r.top >= box.top + 40 && r.bottom <= box.bottom; });
          return rows[Math.min(3, rows.length - 1)].dataset.eventId; }"""
    )
    page.locator(f"tr[data-event-id='{clicked}'] th").click()
    settled(page)
    selected = page.evaluate(SELECTION)
    assert (selected["row"], selected["ringEvent"]) == (clicked, clicked)
    assert selected["hash"] == f"#category=attack&event={clicked}"
    assert_clean(loaded)

    # The URL, opened anew, gives the same views and the same selection.
    fragment = page.evaluate("() => window.location.hash").lstrip("#")
    page.close()
    again = open_page(out / "index.html", fragment=fragment)
    page = ready_large(again)
    settled(page)
    assert page.evaluate(VIEWS) == views
    selected = page.evaluate(SELECTION)
    assert (selected["row"], selected["rowSelected"], selected["rowInView"], selected["ringEvent"]) == (
        clicked,
        "true",
        True,
        clicked,
    )
    if clicked in placed:
        page.wait_for_selector(f".leaflet-popup-content .event-card[data-event-id='{clicked}']")
    assert_clean(again)


@pytest.mark.parametrize("button, years", [("1y", 1), ("3y", 3)])
def test_the_year_buttons_count_back_from_the_last_event(
    shipped_build: Path, open_page, shipped, button: str, years: int
) -> None:
    """ "1y" shows the year up to the last event, not a year after it with nothing in it."""

    loaded = open_page(shipped_build / "index.html")
    page = ready(loaded)
    page.locator(".rangeselector .button", has_text=button).click()
    drawn(page)
    last = max(e.date.start for e in shipped.dataset.events)  # the day the last event began
    start = last.replace(year=last.year - years)
    expected = sorted(e.id for e in shipped.dataset.events if (e.end_date or e.date).end >= start)
    assert len(expected) >= 5
    shown = page.evaluate(VIEWS)
    assert sorted(shown["table"]) == expected
    assert_clean(loaded)
