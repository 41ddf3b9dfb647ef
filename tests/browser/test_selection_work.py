"""What a selection redraws on the briefing page: no more than it must, and
still in the right place (issue 20: a selection at a million events)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import drawn, map_view, page_drawn
from .test_linked import RING_OFF_MARKER

pytestmark = pytest.mark.browser

# Select `id` and count how many times the map's place names are cleared
# and drawn again (a drawing empties their box first) until the views follow;
# also whether the map moved.
SELECT_COUNTING_NAMES = """async (id) => {
  const box = document.querySelector('.place-names');
  const map = Timeline.map.current.map;
  const before = map.getZoom() + ' ' + map.getCenter().toString();
  let drawings = 0;
  const watch = new MutationObserver(records => {
    drawings += records.filter(r => r.removedNodes.length > 0).length;
  });
  watch.observe(box, {childList: true});
  Timeline.state.select(id, 'test');
  await Timeline.state.settled();
  watch.takeRecords().forEach(r => { if (r.removedNodes.length > 0) drawings++; });
  watch.disconnect();
  return {drawings, moved: before !== map.getZoom() + ' ' + map.getCenter().toString()};
}"""


# The place names not drawn again for half a second.
NAMES_AT_REST = """() => {
  const box = document.querySelector('.place-names');
  const now = performance.now();
  if (box.dataset.drawn !== window.namesSeen) { window.namesSeen = box.dataset.drawn; window.namesSince = now; }
  return now - window.namesSince > 500;
}"""


def test_a_selection_that_moves_the_map_draws_its_names_once(shipped_build: Path, open_page) -> None:
    page = page_drawn(open_page(shipped_build / "index.html", 1440, 900))
    map_view(page, 0.0, -60.0, 5)  # over the Atlantic: selecting an event in Kabul moves the map there
    # On a busy machine a drawing the page's start set off (a resize as the
    # chart comes in) can land late: count only the selection's.
    page.wait_for_function(NAMES_AT_REST, polling=100)
    result = page.evaluate(SELECT_COUNTING_NAMES, "kabul-hotel-2022")
    assert result == {"drawings": 1, "moved": True}
    drawn(page)
    assert page.locator(".place-names .place-name").count() > 0


def test_the_ring_follows_a_resize_between_two_selections(shipped_build: Path, open_page) -> None:
    page = page_drawn(open_page(shipped_build / "index.html", 1440, 900))
    page.evaluate("async () => { Timeline.state.select('kabul-hotel-2022', 'test'); await Timeline.state.settled(); }")
    drawn(page)
    assert page.evaluate(RING_OFF_MARKER) < 1.5
    # Narrower: plotly draws the chart again at its new width, the ring's place is measured again.
    page.set_viewport_size({"width": 900, "height": 900})
    page.wait_for_function("() => document.getElementById('timeline-chart')._fullLayout.width < 900")
    drawn(page)
    page.evaluate(
        "async () => { Timeline.state.select('crocus-city-hall-2024', 'test'); await Timeline.state.settled(); }"
    )
    drawn(page)
    assert page.evaluate("() => Timeline.chart.current.ring.dataset.eventId") == "crocus-city-hall-2024"
    assert page.evaluate(RING_OFF_MARKER) < 1.5
