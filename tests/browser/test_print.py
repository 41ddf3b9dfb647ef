"""Printing the briefing page (issue 17): scripts/print_pdf.py's own function
prints the shipped page on A4 and Letter, and the PDF's text (pdftotext) has
the title, the filters in words, every filtered event, the sources and no
control; in the page laid out for print, the map shows the filtered events
and a selected event's card sits beside it on page 1."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import ROOT, drawn

pytestmark = pytest.mark.browser

_spec = importlib.util.spec_from_file_location("print_pdf", ROOT / "scripts" / "print_pdf.py")
print_pdf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(print_pdf)

# Page 1's printable area, in CSS pixels, that A4 and Letter landscape both
# give inside the 10 mm margins (style.css): 259 x 190 mm.
PAGE_W = 259 * 96 / 25.4
PAGE_H = 190 * 96 / 25.4
PAPER_POINTS = {"a4": (842, 595), "letter": (792, 612)}
# Text of the controls, which print leaves out.
CONTROLS = ["Enter or click", "Clear filters", "Search title", "Placement uncertainty", "▶", "❚❚", "3y", "Legend"]


def pdftotext(pdf: Path, *args: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: apt-get install poppler-utils")
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pages(pdf: Path) -> tuple[int, tuple[float, float]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    return count, (float(size.group(1)), float(size.group(2)))


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def printed(browser):
    """``printed(path, select, filters)``: a page laid out for print, as print_pdf does it."""
    contexts = []

    def open_(path: Path, select: str | None = None, filters: str | None = None):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        print_pdf.prepare(page, path / "index.html", select, filters)
        assert errors == []
        return page

    yield open_
    for context in contexts:
        context.close()


def filtered_titles(page) -> list[str]:
    return page.evaluate("() => Timeline.data().events.filter((e, i) => Timeline.state.visible[i]).map(e => e.title)")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_printed_pdf_has_the_briefing_and_no_controls(browser, printed, shipped_build, tmp_path, paper):
    out = print_pdf.print_pdf(
        shipped_build / "index.html", tmp_path / f"{paper}.pdf", paper, None, "category=attack", browser=browser
    )
    count, size = pages(out)
    assert 2 <= count <= 8, f"{count} pages"
    assert size == pytest.approx(PAPER_POINTS[paper], abs=2), f"page size {size} for {paper} landscape"
    first = words(pdftotext(out, "-layout", "-f", "1", "-l", "1"))
    page = printed(shipped_build, None, "category=attack")
    titles = filtered_titles(page)
    total = page.evaluate("() => Timeline.data().events.length")
    title = page.evaluate("() => Timeline.data().meta.title")
    assert title in first
    assert f"Category: Attack — {len(titles):,} of {total:,} events" in first, first[:400]
    assert len(titles) < total
    text = words(pdftotext(out))
    for name in titles:
        assert name in text, f"{name!r} is not in the printed table"
    publishers = page.evaluate("() => Timeline.data().sources.map(s => s.publisher || s.title)")
    assert "Sources" in text and all(p in text for p in publishers)
    layout = pdftotext(out, "-layout")
    for control in CONTROLS:
        assert control not in layout, f"the control text {control!r} is printed"


def test_no_filters_is_said_as_all_events(browser, shipped_build, tmp_path):
    out = print_pdf.print_pdf(shipped_build / "index.html", tmp_path / "all.pdf", "letter", browser=browser)
    first = words(pdftotext(out, "-layout", "-f", "1", "-l", "1"))
    assert re.search(r"All \d+ events Map", first), first[:400]
    assert not re.search(r"\d+ of \d+ events", first.split("Map")[0])


# Boxes (page pixels) of the map, its drawn markers and counts, and the view's
# bounds against every event the map shows after the filters.
MAP_FRAMED = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const current = Timeline.map.current;
  const data = Timeline.data();
  const view = current.map.getBounds();
  const shown = current.shown().map(id => data.events[data.byId[id]]).filter(e => e.loc);
  const container = current.map.getContainer();
  return {
    frame: box(document.querySelector('.map-frame')),
    map: box(container),
    size: [current.map.getSize().x, current.map.getSize().y],
    marks: [...container.querySelectorAll('path.event-marker, .event-cluster')].map(box).filter(b => b[2] > b[0]),
    outside: shown.filter(e => !view.contains([e.loc.lat, e.loc.lon])).map(e => e.id),
    shown: shown.length,
  };
}"""


@pytest.mark.parametrize("filters", [None, "category=attack", "q=kabul&from=2021-01-01"])
def test_printed_map_is_framed_on_the_events_in_view(printed, shipped_build, filters):
    page = printed(shipped_build, None, filters)
    m = page.evaluate(MAP_FRAMED)
    assert m["shown"] > 0
    assert m["outside"] == [], f"events outside the printed map's view: {m['outside']}"
    left, top, right, bottom = m["map"]
    # Leaflet was told the printed size: its own size is the box the page prints.
    assert m["size"] == [pytest.approx(right - left, abs=1), pytest.approx(bottom - top, abs=1)]
    assert m["marks"], "no marker drawn on the printed map"
    for b in m["marks"]:
        assert left <= b[0] and b[2] <= right and top <= b[1] and b[3] <= bottom, (
            f"a marker {b} outside the map {m['map']}"
        )
    # Page 1: the map ends within the printable area of A4 and Letter alike.
    assert right <= PAGE_W + 1 and bottom <= PAGE_H, f"the map {m['map']} is not within page 1"


CARD = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const card = document.querySelector('#print-card .event-card');
  return {card: card && box(document.getElementById('print-card')), map: box(document.querySelector('.map-frame')),
          title: card && card.querySelector('.card-title').textContent,
          popups: document.querySelectorAll('.leaflet-popup').length,
          popupShown: [...document.querySelectorAll('.leaflet-popup-pane')].some(p => getComputedStyle(p).display !== 'none')};
}"""


@pytest.mark.parametrize("event", ["kabul-hotel-2022", "crocus-city-hall-2024"])
def test_selected_event_is_a_card_beside_the_map(browser, printed, shipped_build, tmp_path, event):
    page = printed(shipped_build, event, None)
    c = page.evaluate(CARD)
    assert c["card"], "no card printed for the selected event"
    assert c["card"][0] >= c["map"][2], f"the card {c['card']} is not beside the map {c['map']}"
    assert c["card"][2] <= PAGE_W + 1 and c["card"][3] <= PAGE_H, f"the card {c['card']} is cut off page 1"
    assert not c["popupShown"], "the map's popup is printed"
    assert page.evaluate(MAP_FRAMED)["outside"] == [], "the selection moved the printed map off the events"
    ringed = page.evaluate(
        "(id) => { const l = Timeline.map.current.layerFor(id); return l ? l.options.weight : null; }", event
    )
    assert ringed == 3.5, "the map does not mark the selected event"
    out = print_pdf.write_pdf(page, tmp_path / "selected.pdf", "a4")
    first = words(pdftotext(out, "-f", "1", "-l", "1"))
    assert c["title"] in first, "the card's title is not on page 1"


def test_afterprint_puts_the_page_back(printed, shipped_build):
    page = printed(shipped_build, "kabul-hotel-2022", "category=attack")
    page.evaluate("() => Timeline.print.after()")
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1100, "height": 900})
    page.reload()
    page.wait_for_function(print_pdf.DRAWN)
    drawn(page)
    before = page.evaluate(
        "() => [Timeline.map.current.map.getCenter(), Timeline.map.current.map.getZoom(), Timeline.chart.current.node._fullLayout.width]"
    )
    page.evaluate("() => Timeline.print.before()")
    printing = page.evaluate(
        "() => [Timeline.map.current.map.getZoom(), Timeline.chart.current.node._fullLayout.width]"
    )
    assert printing != before[1:], "print changed neither the map nor the timeline"
    page.evaluate("() => Timeline.print.after()")
    drawn(page)
    page.wait_for_function("(w) => Timeline.chart.current.node._fullLayout.width === w", arg=before[2], timeout=5000)
    after = page.evaluate(
        """() => [Timeline.map.current.map.getCenter(), Timeline.map.current.map.getZoom(),
                  document.documentElement.classList.contains('printing'), document.getElementById('print-card').children.length,
                  Timeline.chart.current.node.layout.xaxis.rangeslider.visible]"""
    )
    assert after[0] == pytest.approx(before[0]) and after[1] == before[1]
    assert after[2:] == [False, 0, True]


def test_the_browsers_own_print_lays_the_page_out(open_page, shipped_build, tmp_path):
    """Print as the browser's Print does: nothing called by hand, the page
    follows Chromium's own 'beforeprint' and 'afterprint'."""
    loaded = open_page(shipped_build / "index.html", 1280, 900, "category=attack&event=kabul-airport-2021")
    page = loaded.page
    page.wait_for_function(print_pdf.DRAWN)
    page.evaluate("() => Timeline.state.settled()")
    out = tmp_path / "own.pdf"
    page.pdf(path=str(out), format="Letter", landscape=True, print_background=True)
    first = words(pdftotext(out, "-f", "1", "-l", "1"))
    assert "Category: Attack — 5 of 23 events" in first
    assert "Suicide bombing at Kabul International Airport" in first, "the selected event's card is not on page 1"
    assert "Enter or click" not in words(pdftotext(out))
    assert not page.evaluate("() => document.documentElement.classList.contains('printing')"), (
        "not put back after print"
    )


def test_every_filter_is_spelled_out_with_the_filter_bars_labels(open_page, shipped_build):
    page = open_page(shipped_build / "index.html", 1280, 900).page
    page.wait_for_function(print_pdf.DRAWN)
    said = page.evaluate(
        """() => {
          const data = Timeline.data();
          const country = data.countries[0];
          const perpetrator = data.perpetrators[0];
          Timeline.state.setFilters({category: [data.categories[0].id, data.categories[1].id], country: [country.code],
            perpetrator: [perpetrator], from: "2021-01-01", to: "2024-03-22", q: "kabul"}, "test");
          const expected = "Category: " + data.categories[0].label + ", " + data.categories[1].label + "; Country: " +
            country.name + "; Perpetrator: " + perpetrator + "; from 1 Jan 2021; to 22 Mar 2024; search: “kabul” — " +
            Timeline.state.count + " of " + data.events.length + " events";
          return [Timeline.print.filtersSaid(data, Timeline.state), expected];
        }"""
    )
    assert said[0] == said[1]


def test_a_big_table_prints_every_row_that_passes_the_filters(printed, synthetic_builds):
    out, _ = synthetic_builds(700)  # more than table.js draws whole (600): on screen only the rows in view
    page = printed(out)
    rows = "() => [document.querySelectorAll('table.events-table tbody tr:not(.spacer)').length, Timeline.state.count]"
    drawn_rows, count = page.evaluate(rows)
    assert count == 700 and drawn_rows == count
    page.evaluate("() => Timeline.print.after()")
    assert page.evaluate(rows)[0] < count, "the screen's table is not windowed again after print"


def test_a_story_prints_a_page_per_step(shipped_build: Path, shipped, browser, tmp_path: Path) -> None:
    """--story: each step from the top of a page of its own, in order: its
    place in the story, title and text, the map framed on it, its events'
    rows; a step whose rows do not fit goes on over the next page, no further."""
    stories = shipped.dataset.stories
    (story,) = stories
    out = print_pdf.print_story(shipped_build / "index.html", tmp_path / "story.pdf", story.id, browser=browser)
    count, size = pages(out)
    steps = len(story.steps)
    assert steps <= count <= 2 * steps and size == pytest.approx(PAPER_POINTS["a4"], abs=2)
    by_id = {e.id: e for e in shipped.dataset.events}
    starts = []
    for n in range(1, count + 1):
        text = words(pdftotext(out, "-f", str(n), "-l", str(n)))
        found = re.search(r"STEP (\d+) OF (\d+)", text.upper())
        if found:
            starts.append(int(found.group(1)))
            assert int(found.group(2)) == steps
            step = story.steps[int(found.group(1)) - 1]
            assert words(step.title) in text and words(step.text)[:120] in text
            for event_id in step.event_ids:  # its rows, on its page or the next (a title wraps in its cell)
                more = set(pdftotext(out, "-f", str(n), "-l", str(min(count, n + 1))).split())
                assert set(by_id[event_id].title.split()) <= more, (step.title, event_id)
        for word in CONTROLS:
            assert word not in text, f"page {n} prints the control text {word!r}"
    assert starts == list(range(1, steps + 1))


def test_printing_an_unknown_story_says_which_there_are(shipped_build: Path, browser, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        print_pdf.print_story(shipped_build / "index.html", tmp_path / "story.pdf", "no-such-story", browser=browser)
    assert "no story 'no-such-story'" in str(stopped.value) and "isis-k" in str(stopped.value)
    assert not (tmp_path / "story.pdf").exists()
