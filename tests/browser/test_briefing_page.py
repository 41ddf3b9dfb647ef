"""The briefing page at first sight, on two laptops and a phone (issue 16):
the table's date order, its source links, the filter drop-downs, the sources'
counts, the columns' alignment, the phone's cards, and timeline.html filling
its window. Each width leaves a screenshot in the test's tmp_path to look at."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from ..conftest import SEEDS, SHIPPED, assert_clean, drawn, page_drawn, settled

pytestmark = pytest.mark.browser

WIDTHS = [(1440, 900), (1280, 720), (390, 844)]
LAPTOPS = WIDTHS[:2]
PHONE = WIDTHS[2]


def first_and_last(text: str) -> tuple[date, date]:
    """The first and last day a date of the shipped table covers: YYYY, YYYY-MM
    or YYYY-MM-DD, with ~ for an approximate year (read here, not by timeline)."""
    parts = [int(p) for p in text.lstrip("~").split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        following = date(year + month // 12, month % 12 + 1, 1)
        return date(year, month, 1), following - timedelta(days=1)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def middles() -> list[tuple[str, date]]:
    """Each event of the shipped CSV, in its order, with the middle day of the
    period its date (to its end date, if any) covers: the first day plus half
    the whole days to the last."""
    out = []
    with SHIPPED.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            first, last = first_and_last(row["date"])
            if row["end_date"]:
                last = first_and_last(row["end_date"])[1]
            out.append((row["id"], first + timedelta(days=(last - first).days // 2)))
    return out


ROW_ORDER = (
    "() => [...document.querySelectorAll('table.events-table tbody tr[data-event-id]')].map(r => r.dataset.eventId)"
)


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_the_table_sorts_dates_by_the_middle_of_their_period(shipped_build: Path, open_page, width, height) -> None:
    events = middles()
    position = {event_id: n for n, (event_id, _) in enumerate(events)}
    ascending = [e for e, _ in sorted(events, key=lambda e: (e[1], position[e[0]]))]
    # Descending by date; events of the same middle day still in the table's order.
    descending = [e for e, _ in sorted(events, key=lambda e: (-e[1].toordinal(), position[e[0]]))]
    assert ascending.index("ukraine-denies-2024") > ascending.index("centcom-warning-2024")  # the case

    loaded = open_page(shipped_build / "index.html", width, height)
    page = page_drawn(loaded)
    assert page.evaluate("() => Timeline.table.shown()") == ascending
    assert page.evaluate(ROW_ORDER) == ascending
    page.locator("th button.sort-button", has_text="Date").click()
    drawn(page)
    assert page.evaluate("() => Timeline.table.shown()") == descending
    assert page.evaluate(ROW_ORDER) == descending
    assert_clean(loaded)


STATE = "() => ({hash: location.hash, selected: Timeline.state.selected, filters: Timeline.state.filters, count: Timeline.state.count})"


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_a_source_link_goes_to_the_source_and_keeps_filters_and_selection(
    shipped_build: Path, open_page, width, height
) -> None:
    fragment = "category=attack,statement&q=moscow&event=crocus-city-hall-2024"
    loaded = open_page(shipped_build / "index.html", width, height, fragment)
    page = page_drawn(loaded)
    before = page.evaluate(STATE)
    assert before["selected"] == "crocus-city-hall-2024" and before["filters"]["category"] == ["attack", "statement"]
    assert before["hash"] == "#" + fragment

    link = page.locator('tr[data-event-id="crocus-city-hall-2024"] a', has_text="Vox")
    link.click()
    drawn(page)
    assert page.evaluate(STATE) == before
    assert page.evaluate("() => document.querySelector('tr.selected').dataset.eventId") == "crocus-city-hall-2024"
    target = page.evaluate(
        """() => {
      const item = document.querySelector('.sources-list li.current');
      const r = item.getBoundingClientRect();
      return {id: item.id, focused: document.activeElement === item,
              inView: r.top >= 0 && r.bottom <= innerHeight, current: document.querySelectorAll('.sources-list li.current').length};
    }"""
    )
    assert target == {"id": "source-vox-2024", "focused": True, "inView": True, "current": 1}
    assert_clean(loaded)


OPEN_LISTS = (
    "() => [...document.querySelectorAll('details.filter-list[open]')].map(d => d.querySelector('summary').textContent)"
)
FOCUSED = "() => document.activeElement.textContent"


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_filter_dropdowns_close_on_escape_and_outside_click(shipped_build: Path, open_page, width, height) -> None:
    loaded = open_page(shipped_build / "index.html", width, height)
    page = page_drawn(loaded)
    category = page.locator("details.filter-list summary", has_text="Category")
    country = page.locator("details.filter-list summary", has_text="Country")

    category.click()
    assert page.evaluate(OPEN_LISTS) == ["Category"]
    page.keyboard.press("Tab")  # into the list: its first checkbox
    assert page.evaluate("() => document.activeElement.type") == "checkbox"
    page.keyboard.press("Escape")
    assert page.evaluate(OPEN_LISTS) == []
    assert page.evaluate(FOCUSED) == "Category"  # back on what opened it

    category.click()
    page.locator("#events-heading").click()  # outside
    assert page.evaluate(OPEN_LISTS) == []

    category.click()
    country.click()  # opening another closes the first
    assert page.evaluate(OPEN_LISTS) == ["Country"]
    page.keyboard.press("Escape")
    assert page.evaluate(OPEN_LISTS) == []
    assert page.evaluate(FOCUSED) == "Country"

    # Ticking a box inside keeps it open, and filters.
    country.click()
    page.locator("details.filter-list[open] input").first.check()
    settled(page)
    assert page.evaluate(OPEN_LISTS) == ["Country (1)"]
    assert page.evaluate("() => Timeline.state.filters.country.length") == 1
    assert_clean(loaded)


def test_the_sources_say_how_often_each_is_cited(shipped_build: Path, open_page) -> None:
    with (SEEDS / "citations.csv").open(encoding="utf-8") as f:
        counts = Counter(row["source_id"] for row in csv.DictReader(f))
    assert 1 in counts.values() and any(n > 1 for n in counts.values())
    loaded = open_page(shipped_build / "index.html")
    page = page_drawn(loaded)
    said = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('.sources-list li')].map("
        "li => [li.id.replace('source-', ''), li.querySelector('.source-kind').textContent]))"
    )
    assert set(said) == set(counts)
    for source, n in counts.items():
        assert said[source].endswith("Cited once." if n == 1 else f"Cited {n} times."), said[source]
    assert_clean(loaded)


# Each column's header text box (its sort button, or the text itself) and the
# first line of each of its cells' content: their left edges.
COLUMN_EDGES = """() => {
  const box = r => { const b = r.getBoundingClientRect ? r.getBoundingClientRect() : r; return {left: b.left, right: b.right}; };
  const textBox = node => { const range = document.createRange(); range.selectNodeContents(node); return range.getClientRects()[0]; };
  const heads = [...document.querySelectorAll('table.events-table thead th')];
  const rows = [...document.querySelectorAll('table.events-table tbody tr[data-event-id]')];
  return heads.map((th, k) => ({
    name: th.textContent.trim(),
    head: box(th.querySelector('button') || textBox(th)),
    cells: rows.map(r => box(textBox(r.children[k])))
  }));
}"""


@pytest.mark.parametrize(("width", "height"), LAPTOPS)
def test_each_header_lines_up_with_its_column(shipped_build: Path, open_page, tmp_path: Path, width, height) -> None:
    loaded = open_page(shipped_build / "index.html", width, height)
    page = page_drawn(loaded)
    columns = page.evaluate(COLUMN_EDGES)
    assert [c["name"].split()[0] for c in columns][4:6] == ["Killed", "Injured"]
    for column in columns:
        assert column["cells"], column["name"]
        for cell in column["cells"]:
            assert abs(cell["left"] - column["head"]["left"]) <= 1, (column["name"], column["head"], cell)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    shot = tmp_path / f"briefing-{width}.png"
    page.locator("#events-table").scroll_into_view_if_needed()
    page.screenshot(path=str(shot))
    print(f"screenshot at {width}x{height}: {shot}")
    assert_clean(loaded)


# At a phone's width: every element of the page within the screen, but the
# map's panes (Leaflet makes them larger than the map and clips them), the
# chart's drawing (plotly clips it to the chart) and plotly's hidden text
# measurer (placed off screen on purpose); and nothing with more content than
# room (cut). The table's rows as cards.
OVERFLOWING = """() => {
  const out = [];
  for (const node of document.querySelectorAll('body *')) {
    if (node.closest('.leaflet-container, .js-plotly-plot svg, #js-plotly-tester, script')) continue;
    const r = node.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if (r.left < -0.5 || r.right > innerWidth + 0.5) out.push(node.tagName + '.' + node.getAttribute('class') + ' ' + r.left + '..' + r.right);
    if (node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== 'visible' && node.clientWidth)
      out.push('cut: ' + node.tagName + '.' + node.getAttribute('class'));
  }
  return out;
}"""

CARDS = """() => [...document.querySelectorAll('table.events-table tbody tr[data-event-id]')].map(tr => {
  const part = sel => { const n = tr.querySelector(sel); const r = n.getBoundingClientRect();
                        return {top: r.top, left: r.left, right: r.right, height: r.height, text: n.innerText,
                                label: getComputedStyle(n, '::before').content}; };
  const card = tr.getBoundingClientRect();
  return {id: tr.dataset.eventId, display: getComputedStyle(tr).display, left: card.left, right: card.right,
          title: part('th.title'), date: part('td.date'), place: part('td.place'), killed: part('td.killed'),
          sources: part('td.sources')};
})"""


def test_on_a_phone_the_table_reads_as_cards_and_nothing_is_cut(shipped_build: Path, open_page, tmp_path: Path) -> None:
    width, height = PHONE
    loaded = open_page(shipped_build / "index.html", width, height)
    page = page_drawn(loaded)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page.evaluate(OVERFLOWING) == []
    caption = page.evaluate(
        "() => { const c = document.querySelector('table.events-table caption'); const r = c.getBoundingClientRect();"
        " const box = document.getElementById('events-table').getBoundingClientRect();"
        " return {inside: r.left >= box.left && r.right <= box.right, text: c.innerText}; }"
    )
    assert caption["inside"] and caption["text"].startswith("23 of 23 events")
    cards = page.evaluate(CARDS)
    assert len(cards) == 23
    for card in cards:
        assert card["display"] == "flex", card["id"]
        parts = ("title", "date", "place", "killed", "sources")
        tops = [card[part]["top"] for part in parts]
        assert tops == sorted(set(tops)), card["id"]  # one under the other, title first
        for part in parts:
            where = (card["id"], part)
            assert card[part]["height"] > 0 and card[part]["text"].strip(), where
            assert card["left"] <= card[part]["left"] and card[part]["right"] <= card["right"] <= width, where
        # Each field is named on the card (the table's header is not there to say it).
        assert [card[part]["label"] for part in ("place", "killed", "sources")] == ['"Place"', '"Killed"', '"Sources"']
    shot = tmp_path / f"briefing-{width}.png"
    page.locator("#events-table").scroll_into_view_if_needed()
    page.screenshot(path=str(shot))
    print(f"screenshot at {width}x{height}: {shot}")
    assert_clean(loaded)


CHART_BOX = """() => {
  const chart = document.getElementById('timeline-chart').getBoundingClientRect();
  const svg = document.querySelector('#timeline-chart .main-svg').getBoundingClientRect();
  const header = document.querySelector('.page-header').getBoundingClientRect();
  return {top: chart.top, bottom: chart.bottom, svg: svg.height, header: header.bottom, window: innerHeight,
          page: document.documentElement.scrollHeight};
}"""


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_the_timeline_page_fills_the_window(shipped_build: Path, open_page, tmp_path: Path, width, height) -> None:
    loaded = open_page(shipped_build / "timeline.html", width, height)
    page = page_drawn(loaded)
    figure = page.evaluate("() => JSON.parse(document.getElementById('timeline-figure').textContent).layout.height")
    box = page.evaluate(CHART_BOX)
    assert abs(box["top"] - box["header"]) <= 1
    # As tall as the window leaves it, or the figure's own height if that is taller.
    wanted = max(figure, height - box["header"])
    assert abs(box["svg"] - wanted) <= 2, box
    if wanted > figure:
        assert abs(box["bottom"] - height) <= 2 and box["page"] <= height, box
    shot = tmp_path / f"timeline-{width}.png"
    page.screenshot(path=str(shot))
    print(f"screenshot at {width}x{height}: {shot}")
    # A taller window: the chart follows.
    page.set_viewport_size({"width": width, "height": height + 200})
    page.wait_for_function(
        "h => Math.abs(document.querySelector('#timeline-chart .main-svg').getBoundingClientRect().height - h) <= 2",
        arg=max(figure, height + 200 - box["header"]),
    )
    assert_clean(loaded)


def test_on_a_phone_the_drop_downs_and_the_map_card_fit_the_screen(shipped_build: Path, open_page) -> None:
    width, height = PHONE
    loaded = open_page(shipped_build / "index.html", width, height, "crocus-city-hall-2024")
    page = page_drawn(loaded)
    # The selected event's card on the map (the longest of the table's): within the map, sideways.
    card = page.evaluate(
        """() => { const c = document.querySelector('.leaflet-popup-content .event-card').getBoundingClientRect();
      const map = document.querySelector('.leaflet-container').getBoundingClientRect();
      return {left: c.left - map.left, right: map.right - c.right}; }"""
    )
    assert card["left"] >= 0 and card["right"] >= 0, card
    for name in ("Category", "Country", "Perpetrator"):
        page.locator("details.filter-list summary", has_text=name).click()
        assert page.evaluate(OPEN_LISTS) == [name]
        box = page.evaluate(
            "() => { const r = document.querySelector('details.filter-list[open] .filter-options')"
            ".getBoundingClientRect(); return [r.left, r.right, r.width]; }"
        )
        assert box[0] >= 0 and box[1] <= width and box[2] > 0, (name, box)
        page.keyboard.press("Escape")
    assert_clean(loaded)


def test_on_a_phone_a_table_too_big_for_cards_keeps_its_caption_whole(synthetic_builds, open_page) -> None:
    """Past 600 events the table is drawn a window of fixed-height rows at a
    time, so it stays a table, scrolled sideways in its own box: its caption
    wraps at the box's width instead of running off it."""
    width, height = PHONE
    out, _ = synthetic_builds(700)
    loaded = open_page(out / "index.html", width, height)
    page = page_drawn(loaded)
    assert page.evaluate("() => document.querySelector('table.events-table').classList.contains('windowed')")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    caption = page.evaluate(
        """() => { const c = document.querySelector('table.events-table caption').getBoundingClientRect();
      const box = document.getElementById('events-table'), b = box.getBoundingClientRect();
      return {left: c.left - b.left, right: b.left + box.clientWidth - c.right, tableWider: box.scrollWidth > box.clientWidth}; }"""
    )
    assert caption["tableWider"] and caption["left"] >= -0.5 and caption["right"] >= -0.5, caption
    assert_clean(loaded)
