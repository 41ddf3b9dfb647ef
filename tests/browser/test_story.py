"""Story mode on the briefing page (issue 18): the shipped story walked step by
step in Chromium at 1440 and 390 px, with the buttons, the arrow keys and a
swipe; each step's events framed on the map, in the timeline's range, ringed
in both and marked in the table; the step in the URL, the browser's back and
forward moving between steps; a filter that hides a step's events said, and
the reader's filters given back on leaving. What each step should show is
worked out from seeds/story.csv and the events' dates, not from the page."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from ..conftest import SHIPPED, assert_clean, drawn, ready

pytestmark = pytest.mark.browser

STORY_CSV = SHIPPED.parent / "story.csv"

# What the page shows of the step now: the panel, the URL, the map's view,
# the timeline's range, the rings and the table's marked rows.
NOW = """() => {
  const panel = document.querySelector('.story-panel');
  const map = Timeline.map.current.map;
  const b = map.getBounds();
  const chart = document.getElementById('timeline-chart');
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    hidden: panel.hidden,
    count: panel.querySelector('.story-count').textContent,
    title: panel.querySelector('.story-title').textContent,
    text: panel.querySelector('.story-text').textContent,
    note: panel.querySelector('.story-hidden').hidden ? '' : panel.querySelector('.story-hidden').textContent,
    hash: decodeURIComponent(location.hash),
    bounds: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()],
    range: chart.layout.xaxis.range.map(d => String(d).slice(0, 10)),
    chartRings: [...chart.querySelectorAll('.chart-ring.story-ring')].filter(r => !r.hidden).map(r => r.dataset.eventId),
    mapRings: document.querySelectorAll('.leaflet-container path.story-ring, .event-cluster.in-step').length,
    rows: [...document.querySelectorAll('tr.in-step')].map(r => r.dataset.eventId),
    panelBox: box(panel),
    mapBox: box(document.querySelector('.map-frame')),
    filters: JSON.parse(JSON.stringify(Timeline.state.filters)),
  };
}"""


def story_steps() -> list[dict]:
    """The shipped story's steps, in step order, from story.csv."""
    with STORY_CSV.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["story"] == "isis-k"]
    rows.sort(key=lambda r: int(r["step"]))
    return [{"title": r["title"], "text": r["text"], "events": r["event_id"].split(), "view": r["view"]} for r in rows]


def event_facts(shipped) -> dict[str, dict]:
    """Each event's first and last day and, if placed, its point."""
    out = {}
    for e in shipped.dataset.events:
        place = shipped.placements.places.get(e.id)
        out[e.id] = {
            "first": e.date.start,
            "last": (e.end_date or e.date).end,
            "point": (place.lat, place.lon) if place else None,
            "category": e.category,
        }
    return out


def check_step(got: dict, step: dict, n: int, total: int, facts: dict) -> None:
    assert not got["hidden"]
    assert got["count"] == f"{n} of {total}"
    assert (got["title"], got["text"]) == (step["title"], step["text"])
    assert got["hash"] == f"#story=isis-k&step={n}"
    south, west, north, east = got["bounds"]
    if step["view"] and "," in step["view"]:  # a box: the map shows it
        s, w, nn, e = (float(v) for v in step["view"].split(","))
        assert south <= s + 0.5 and west <= w + 0.5 and north >= nn - 0.5 and east >= e - 0.5, (got["bounds"], step)
    for event_id in step["events"]:
        point = facts[event_id]["point"]
        if point and not step["view"]:  # framed on its events: each placed one is in view
            assert south <= point[0] <= north and west <= point[1] <= east, (event_id, got["bounds"])
    # The timeline shows every one of the step's events' dates.
    lo, hi = (date.fromisoformat(d) for d in got["range"])
    for event_id in step["events"]:
        assert lo <= facts[event_id]["first"] and facts[event_id]["last"] <= hi, (event_id, got["range"])
    # Ringed on the timeline, marked in the table: exactly the step's events;
    # on the map, each placed one's marker or the cluster that counts it.
    assert sorted(got["chartRings"]) == sorted(step["events"])
    assert sorted(got["rows"]) == sorted(step["events"])
    placed = [i for i in step["events"] if facts[i]["point"]]
    assert (got["mapRings"] > 0) == bool(placed)


def test_the_shipped_story_has_steps_to_walk() -> None:
    steps = story_steps()
    assert 6 <= len(steps) <= 10
    assert any(len(s["events"]) > 1 for s in steps)


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_walking_the_story(shipped_build: Path, shipped, open_page, tmp_path: Path, width, height) -> None:
    steps = story_steps()
    facts = event_facts(shipped)
    loaded = open_page(shipped_build / "index.html", width, height)
    page = ready(loaded)
    assert page.locator(".story-panel").is_hidden()
    page.locator(".story-open").click()
    drawn(page)
    for n, step in enumerate(steps, start=1):
        got = page.evaluate(NOW)
        check_step(got, step, n, len(steps), facts)
        if width < 600:  # the panel at the foot of the screen, the map above it, in sight
            assert got["panelBox"][3] == pytest.approx(height, abs=1)
            assert 0 <= got["mapBox"][1] < got["panelBox"][1]
        shot = tmp_path / f"story-{width}-{n}.png"
        page.screenshot(path=str(shot))
        print(f"step {n} at {width}: {shot}")
        if n < len(steps):
            # By turns: the button, the arrow key, and (on the phone) a swipe.
            if n % 3 == 1:
                page.locator(".story-next").click()
            elif n % 3 == 2 or width >= 600:
                page.locator("body").focus()
                page.keyboard.press("ArrowRight")
            else:
                box = page.locator(".story-panel").bounding_box()
                y = box["y"] + 20
                page.evaluate(
                    """([x0, x1, y]) => {
                      const panel = document.querySelector('.story-panel');
                      const touch = x => new Touch({identifier: 1, target: panel, clientX: x, clientY: y});
                      panel.dispatchEvent(new TouchEvent('touchstart', {touches: [touch(x0)], changedTouches: [touch(x0)], bubbles: true}));
                      panel.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: [touch(x1)], bubbles: true}));
                    }""",
                    [300, 120, y],
                )
            drawn(page)
    assert page.locator(".story-next").is_disabled()
    # Back and forward move between steps.
    page.go_back()
    drawn(page)
    check_step(page.evaluate(NOW), steps[-2], len(steps) - 1, len(steps), facts)
    page.go_forward()
    drawn(page)
    check_step(page.evaluate(NOW), steps[-1], len(steps), len(steps), facts)
    # And back to the start with Previous and the left arrow, each step as it was.
    for n in range(len(steps) - 1, 0, -1):
        if n % 2:
            page.locator(".story-prev").click()
        else:
            page.locator("body").focus()
            page.keyboard.press("ArrowLeft")
        drawn(page)
        check_step(page.evaluate(NOW), steps[n - 1], n, len(steps), facts)
    assert page.locator(".story-prev").is_disabled()
    page.locator(".story-close").click()
    drawn(page)
    got = page.evaluate(NOW)
    assert got["hidden"] and got["hash"] == "" and got["rows"] == [] and got["chartRings"] == []
    assert_clean(loaded)


def test_a_link_opens_a_step(shipped_build: Path, shipped, open_page) -> None:
    steps = story_steps()
    loaded = open_page(shipped_build / "index.html", 1280, 720, "story=isis-k&step=3")
    page = ready(loaded)
    drawn(page)
    check_step(page.evaluate(NOW), steps[2], 3, len(steps), event_facts(shipped))
    assert_clean(loaded)


def test_a_filter_that_hides_a_step_is_said_and_the_readers_filters_come_back(
    shipped_build: Path, shipped, open_page
) -> None:
    steps = story_steps()
    facts = event_facts(shipped)
    # A step with an event that is not an attack: hidden by the reader's filter.
    n = next(i for i, s in enumerate(steps, start=1) if any(facts[e]["category"] != "attack" for e in s["events"]))
    loaded = open_page(shipped_build / "index.html", 1280, 720, f"category=attack&story=isis-k&step={n}")
    page = ready(loaded)
    drawn(page)
    got = page.evaluate(NOW)
    assert got["filters"]["category"] == ["attack"]
    assert "hidden by a filter" in got["note"]
    page.locator(".story-clear").click()
    drawn(page)
    got = page.evaluate(NOW)
    assert got["note"] == "" and got["filters"]["category"] is None
    check_step(got, steps[n - 1], n, len(steps), facts)
    page.keyboard.press("Escape")  # leave the story: the filters the reader had come back
    drawn(page)
    got = page.evaluate(NOW)
    assert got["hidden"] and got["filters"]["category"] == ["attack"]
    assert got["hash"] == "#category=attack"
    assert_clean(loaded)
