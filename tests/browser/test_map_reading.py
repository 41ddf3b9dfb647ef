"""Reading the map at a glance, on a laptop and a phone (issue 16): Kabul's
events apart and dated without a click, Escape closing the card, a time
slider that steps and plays by what the span and the events call for, and
controls that do not lie over one another. Geometry is read from the page's
bounding boxes; each test saves a screenshot per width and prints its path."""

from __future__ import annotations

import calendar
import itertools
from pathlib import Path

import pytest

from ..conftest import assert_clean, drawn

pytestmark = pytest.mark.browser

SIZES = [(1440, 900), (1280, 720), (390, 844)]
KABUL = ["kabul-airport-2021", "russian-embassy-kabul-2022", "kabul-hotel-2022"]
KABUL_CENTRE = [34.53, 69.19]

# The boxes (viewport pixels) of what the map draws now: each event's own
# marker (by id; null when it is counted in a cluster), every marker, every
# cluster's count, every label (with its event id).
BOXES = """(ids) => {
  const box = e => { const r = e.getBoundingClientRect(); return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
  const own = {};
  ids.forEach(id => {
    const layer = Timeline.map.current.layerFor(id);
    const path = layer && layer._path;
    own[id] = path && path.isConnected ? box(path) : null;
  });
  return {
    own,
    markers: [...document.querySelectorAll('path.event-marker')].map(box),
    clusters: [...document.querySelectorAll('.event-cluster')].map(box),
    labels: [...document.querySelectorAll('.event-label')].map(e => Object.assign(box(e), {id: e.dataset.eventId, text: e.textContent})),
  };
}"""


def overlap(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def centre(b: dict) -> tuple[float, float]:
    return (b["x0"] + b["x1"]) / 2, (b["y0"] + b["y1"]) / 2


def shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"screenshot: {path}")


def open_map(open_page, shipped_build: Path, width: int, height: int):
    loaded = open_page(shipped_build / "map.html", width, height)
    loaded.page.wait_for_selector("body[data-ready]")
    drawn(loaded.page)
    return loaded


def set_view(page, latlng: list[float], zoom: int) -> None:
    page.evaluate(f"() => Timeline.map.current.map.setView({latlng}, {zoom}, {{animate: false}})")
    drawn(page)


def assert_apart_and_labelled(boxes: dict, ids: list[str]) -> None:
    own = boxes["own"]
    assert None not in [own[i] for i in ids], f"not each drawn on its own: {own}"
    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            assert not overlap(own[ids[a]], own[ids[b]]), f"{ids[a]} and {ids[b]} overlap: {own}"
    labels = boxes["labels"]
    labelled = {label["id"] for label in labels}
    assert set(ids) <= labelled, f"not each labelled: {labelled}"
    for a in range(len(labels)):
        for b in range(a + 1, len(labels)):
            assert not overlap(labels[a], labels[b]), f"labels overlap: {labels[a]}, {labels[b]}"
        for other in boxes["markers"] + boxes["clusters"]:
            assert not overlap(labels[a], other), f"label {labels[a]} lies over {other}"


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_kabul_events_are_apart_and_dated_from_the_country_zoom(
    shipped_build: Path, open_page, width: int, height: int, tmp_path: Path
) -> None:
    """Kabul's three events are drawn apart, each with its date, at the first
    view on a laptop (one ring with the events placed in Afghanistan, legs
    not crossing), and on a phone by the zoom at which Afghanistan about fills
    the map (no click); each can then be clicked, and Escape closes its card."""
    loaded = open_map(open_page, shipped_build, width, height)
    page = loaded.page
    start = page.evaluate("() => Timeline.map.current.map.getZoom()")
    first = None
    for zoom in range(start, 12):
        set_view(page, KABUL_CENTRE, zoom)
        boxes = page.evaluate(BOXES, KABUL)
        if None not in boxes["own"].values():
            first = zoom
            break
    print(f"first view zoom {start}; Kabul's events apart from zoom {first}")
    assert first is not None and first <= (start if width >= 1280 else start + 1), (
        f"Kabul's events first apart at zoom {first}"
    )
    boxes = page.evaluate(BOXES, KABUL)
    assert_apart_and_labelled(boxes, KABUL)
    dates = {label["id"]: label["text"] for label in boxes["labels"]}
    assert [dates[i] for i in KABUL] == ["Aug 2021", "Sep 2022", "Dec 2022"]
    shot(page, tmp_path, f"kabul-{width}")
    for event_id in KABUL:
        x, y = centre(page.evaluate(BOXES, [event_id])["own"][event_id])
        page.mouse.click(x, y)
        page.locator(f".leaflet-popup-content .event-card[data-event-id='{event_id}']").wait_for()
        assert page.evaluate("() => Timeline.state.selected") == event_id
        drawn(page)
        page.keyboard.press("Escape")
        page.locator(".leaflet-popup").wait_for(state="detached")
        drawn(page)
        assert page.evaluate("() => Timeline.state.selected") == event_id  # Escape closes, keeps the selection
        assert page.evaluate("() => Timeline.map.current.map.getZoom()") == first
        assert_apart_and_labelled(page.evaluate(BOXES, KABUL), KABUL)
    assert_clean(loaded)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_kabul_fitted_and_selected_from_elsewhere(
    shipped_build: Path, open_page, width: int, height: int, tmp_path: Path
) -> None:
    """Fitted to Kabul's three events, each has its own labelled marker; chosen
    elsewhere (the table, the timeline), each is shown with its card, not under another."""
    loaded = open_map(open_page, shipped_build, width, height)
    page = loaded.page
    page.evaluate(
        """(ids) => {
          const events = Timeline.data().events.filter(e => ids.includes(e.id));
          const map = Timeline.map.current.map;
          map.fitBounds(events.map(e => [e.loc.lat, e.loc.lon]), {padding: [60, 60], animate: false});
        }""",
        KABUL,
    )
    drawn(page)
    assert_apart_and_labelled(page.evaluate(BOXES, KABUL), KABUL)
    shot(page, tmp_path, f"kabul-fitted-{width}")
    page.evaluate("() => Timeline.map.current.map.setView([30, 50], 3, {animate: false})")
    drawn(page)
    for event_id in KABUL:
        page.evaluate(f"() => Timeline.state.select('{event_id}', 'table')")
        drawn(page)
        card = page.locator(".leaflet-popup-content .event-card")
        assert card.get_attribute("data-event-id") == event_id
        page.keyboard.press("Escape")
        card.wait_for(state="detached")
        x, y = centre(page.evaluate(BOXES, [event_id])["own"][event_id])
        hit = page.evaluate(f"() => document.elementFromPoint({x}, {y})")
        on_top = page.evaluate(
            f"(id) => document.elementFromPoint({x}, {y}) === Timeline.map.current.layerFor(id)._path", event_id
        )
        assert on_top, f"{event_id} is under something else: {hit}"
    assert_clean(loaded)


def unit_end(day, unit: str):
    """The last day of the year (or month) holding `day`: what a key step reaches."""
    if unit == "year":
        return day.replace(month=12, day=31)
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_time_slider_steps_by_year_and_plays_event_by_event(
    shipped_build: Path, open_page, shipped, width: int, height: int, tmp_path: Path
) -> None:
    events = shipped.dataset.events
    first = min(e.date.start for e in events)
    last = max((e.end_date or e.date).end for e in events)
    years = (last - first).days / 365.25
    assert 12 < years <= 150  # so the slider steps by a year, a page by ten
    loaded = open_map(open_page, shipped_build, width, height)
    page = loaded.page
    slider = page.locator(".time-slider")
    label = page.locator(".time-label")
    slider.focus()

    def to() -> str | None:
        return page.evaluate("() => Timeline.state.filters.to")

    page.keyboard.press("Home")
    assert (to(), label.inner_text()) == (f"{first.year}-12-31", f"Up to {first.year}")
    page.keyboard.press("ArrowRight")
    assert (to(), label.inner_text()) == (f"{first.year + 1}-12-31", f"Up to {first.year + 1}")
    page.keyboard.press("PageUp")
    assert (to(), label.inner_text()) == (f"{first.year + 11}-12-31", f"Up to {first.year + 11}")
    assert slider.get_attribute("aria-valuetext") == f"Up to {first.year + 11}"
    page.keyboard.press("End")
    assert (to(), label.inner_text()) == (None, "All dates")
    page.keyboard.press("ArrowLeft")
    assert to() == unit_end(last.replace(year=last.year - 1), "year").isoformat()

    # Play: in order of the map's events' dates, a step to the end of each
    # next date not yet shown (said as precisely as it is known), then all dates.
    placed = sorted(
        (e.date for e in events if shipped.placements.get(e.id)), key=lambda d: (d.start, -d.end.toordinal())
    )
    expected = []
    reached = None
    for d in placed:
        if reached and d.start <= reached:
            continue
        reached = d.end
        month = calendar.month_abbr[d.end.month]
        said = {"day": f"{d.end.day} {month} {d.end.year}", "month": f"{month} {d.end.year}", "year": str(d.end.year)}
        expected.append([d.end.isoformat(), f"Up to {said[d.precision]}"])
    expected.append([None, "All dates"])
    page.keyboard.press("End")
    page.evaluate(
        """() => {
          window.played = [];
          Timeline.state.on(s => played.push([s.filters.to, document.querySelector('.time-label').textContent,
                                             Timeline.map.current.shown().length, performance.now()]));
        }"""
    )
    page.locator(".time-play").click()
    page.wait_for_function("() => document.querySelector('.time-play').textContent === '▶'", timeout=30_000)
    played = page.evaluate("() => played")
    assert [p[:2] for p in played] == expected
    shown = [p[2] for p in played[:-1]]  # the last, all dates, may add only unplaced events
    assert shown == sorted(shown) and len(set(shown)) == len(shown), f"a step showed no new event: {shown}"
    assert played[-1][2] == len(placed)
    gaps = [b[3] - a[3] for a, b in itertools.pairwise(played)]
    assert max(gaps) < 3 * min(gaps) and sum(gaps) < 10_000, f"not evenly paced: {gaps}"
    shot(page, tmp_path, f"slider-{width}")
    assert_clean(loaded)


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("name", ["map.html", "index.html"])
def test_controls_lie_clear_of_one_another(
    shipped_build: Path, open_page, width: int, height: int, name: str, tmp_path: Path
) -> None:
    """The opened layer control's switches can each be clicked (nothing lies
    over them); the legend, open, covers neither the time slider nor, on a
    phone, the events it opened over."""
    loaded = open_page(shipped_build / name, width, height)
    page = loaded.page
    page.wait_for_selector("body[data-ready]")
    page.locator(".leaflet-control-layers").scroll_into_view_if_needed()
    drawn(page)
    legend = page.locator(".map-legend")
    if not legend.evaluate("e => e.open"):
        legend.locator("summary").click()
        drawn(page)
    page.locator(".leaflet-control-layers").hover()
    page.wait_for_selector(".leaflet-control-layers-expanded")
    inputs = page.locator(".leaflet-control-layers input")
    assert inputs.count() >= 6
    for i in range(inputs.count()):
        hit = inputs.nth(i).evaluate(
            """e => { const r = e.getBoundingClientRect();
                      return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === e; }"""
        )
        assert hit, f"switch {i} lies under something"
    shot(page, tmp_path, f"layers-{name[:-5]}-{width}")
    page.mouse.move(5, height - 5)
    page.wait_for_selector(".leaflet-control-layers-expanded", state="detached")
    boxes = page.evaluate(
        """() => {
          const box = e => { const r = e.getBoundingClientRect(); return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; };
          return {legend: box(document.querySelector('.map-legend')),
                  time: box(document.querySelector('.time-control')),
                  layers: box(document.querySelector('.leaflet-control-layers')),
                  zoom: box(document.querySelector('.leaflet-control-zoom')),
                  frame: box(document.querySelector('.folium-map')),
                  drawn: [...document.querySelectorAll('path.event-marker, .event-cluster')].map(box)};
        }"""
    )
    for other in ("time", "layers", "zoom"):
        assert not overlap(boxes["legend"], boxes[other]), f"the legend lies over the {other} control: {boxes}"
    assert not overlap(boxes["time"], boxes["zoom"])
    if width < 600:
        in_frame = [b for b in boxes["drawn"] if overlap(b, boxes["frame"])]
        assert in_frame, "no event left in view"
        legend = boxes["legend"]
        under = [
            b
            for b in in_frame
            if legend["x0"] <= centre(b)[0] <= legend["x1"] and legend["y0"] <= centre(b)[1] <= legend["y1"]
        ]
        assert under == [], f"the legend opened over events: {under}, legend {legend}"
    shot(page, tmp_path, f"legend-{name[:-5]}-{width}")
    assert_clean(loaded)
