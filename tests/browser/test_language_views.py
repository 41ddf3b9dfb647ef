"""The map's and the timeline's scripts in the reader's language (issue 21):
the mixed-script table (tests/data/mixed-script, with a two-step story added)
built in Persian and in Russian and read in Chromium.

- Persian lays the map out mirrored: each control sits on the side opposite
  to where the Russian (left-to-right) page has it, by bounding boxes.
- The words the scripts show are the catalogue's (read from
  timeline/locales/*.po, never written here), and none is left in English.
- The timeline's axis still runs left to right in time (a documented choice),
  its tick labels in the language's month names (from Babel's CLDR data) and
  digits: Persian ones in Persian, after a zoom too.
- The map's time slider says its dates in the language: the catalogue's
  "Up to {date}" with the date as timeline.language writes it (Babel), so the
  browser's CLDR and Babel's are held to each other.
- The story's buttons go the reader's way; the map's card reads right to left.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from timeline import build, language
from timeline.catalogue import read

from ..conftest import ROOT, Loaded, assert_clean

pytestmark = pytest.mark.browser

MIXED = ROOT / "tests" / "data" / "mixed-script"
STORY = (
    "story,step,event_id,title,text,view\n"
    "kabul,1,kabul-airport,فرودگاه کابل,یک حمله انتحاری.,\n"
    "kabul,2,russian-embassy,Russian embassy,A bombing in Kabul.,\n"
)
LATIN_DIGIT = re.compile(r"[0-9]")
PERSIAN_DIGIT = re.compile(r"[\u06f0-\u06f9]")

# Each control's box, and the map's, in window pixels.
BOXES = """() => {
  const box = s => { const e = document.querySelector(s); if (!e) return null;
    const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    map: box('.folium-map'),
    zoom: box('.leaflet-control-zoom'),
    layers: box('.leaflet-control-layers'),
    legend: box('.map-legend'),
    time: box('.time-control'),
    scale: box('.leaflet-control-scale'),
    credit: box('.leaflet-control-attribution'),
  };
}"""


def said(code: str, message: str, n: int | None = None) -> str:
    """``message``'s translation in ``timeline/locales/<code>.po`` (a plural's form for ``n``)."""
    catalogue = read(code)
    entry = catalogue.get(message) if n is None else next(m for m in catalogue if m.id and m.id[0] == message)
    assert entry is not None and all(entry.string if n else [entry.string]), f"{code}: no translation of {message!r}"
    if n is None:
        return entry.string
    return language.load(code).ngettext(*entry.id, n)  # the form the language's plural rule picks


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The mixed-script table, with a story, built in Persian and in Russian."""
    table = tmp_path_factory.mktemp("mixed")
    shutil.copy(MIXED / "events.csv", table / "events.csv")
    (table / "story.csv").write_text(STORY, encoding="utf-8")
    out = {}
    try:
        for code in ("fa", "ru"):
            out[code] = tmp_path_factory.mktemp(code)
            build(table / "events.csv", out[code], language=code)
    finally:
        language.use("en")  # the builds leave their language in use; the other tests expect English
    return out


@pytest.fixture(scope="module")
def pages(browser, built) -> dict[str, Loaded]:
    """Each build's index.html, opened once for the module's tests (in file
    order: those that change what the page shows come last), drawn; every
    request but file: ones refused and recorded, errors recorded."""
    contexts, out = [], {}
    for code, folder in built.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        loaded = out[code] = Loaded(page)
        page.route(
            "**/*",
            lambda r, loaded=loaded: (
                r.continue_()
                if r.request.url.startswith(("file:", "data:", "blob:"))
                else (loaded.blocked.append(r.request.url), r.abort())
            ),
        )
        page.on(
            "console",
            lambda m, loaded=loaded: m.type in ("error", "warning") and loaded.errors.append(f"{m.type}: {m.text}"),
        )
        page.on("pageerror", lambda e, loaded=loaded: loaded.errors.append(f"pageerror: {e}"))
        page.goto((folder / "index.html").as_uri())
        page.wait_for_function(
            "() => document.body.dataset.ready === 'true'"
            " && document.getElementById('timeline-chart').getAttribute('data-ready') === 'true'"
        )
    yield out
    for context in contexts:
        context.close()


def side(box: list[float], frame: list[float]) -> str:
    """Which half of the map ``box`` lies in."""
    middle = (frame[0] + frame[2]) / 2
    assert box[2] <= middle or box[0] >= middle, f"{box} straddles the map's middle {middle}"
    return "left" if box[2] <= middle else "right"


def test_persian_mirrors_the_maps_controls(pages) -> None:
    """Every control of the Persian map is on the other side from where the
    left-to-right (Russian) map has it; top and bottom are kept."""
    sides = {}
    for code in ("ru", "fa"):
        loaded = pages[code]
        page = loaded.page
        assert page.evaluate("() => getComputedStyle(document.documentElement).direction") == (
            "rtl" if code == "fa" else "ltr"
        )
        boxes = page.evaluate(BOXES)
        frame = boxes.pop("map")
        assert all(boxes.values()), boxes
        middle = (frame[1] + frame[3]) / 2
        sides[code] = {name: (side(b, frame), "top" if b[3] <= middle else "bottom") for name, b in boxes.items()}
        assert_clean(loaded)
    assert sides["ru"]["zoom"] == ("left", "top")  # Leaflet's own layout, the one mirrored
    flip = {"left": "right", "right": "left"}
    assert sides["fa"] == {name: (flip[h], v) for name, (h, v) in sides["ru"].items()}


def test_the_scripts_words_are_the_catalogues(pages) -> None:
    """The legend, the time slider, the layer control, the share buttons, the
    story's button and the timeline's range buttons say the catalogue's words."""
    for code in ("fa", "ru"):
        loaded = pages[code]
        page = loaded.page
        shown = page.evaluate(
            """() => ({
              legend: document.querySelector('.map-legend .legend-title').textContent,
              headings: [...document.querySelectorAll('.map-legend .legend-heading')].map(e => e.textContent),
              time: document.querySelector('.time-label').textContent,
              play: document.querySelector('.time-play').getAttribute('aria-label'),
              layers: [...document.querySelectorAll('.leaflet-control-layers label')].map(e => e.textContent.trim()),
              copy: document.querySelector('.share-link').textContent,
              story: document.querySelector('.story-open').textContent,
              buttons: [...document.querySelectorAll('#timeline-chart .rangeselector .button')].map(e => e.textContent),
              toolbar: [...document.querySelectorAll('#timeline-chart .modebar-btn')].map(e => e.getAttribute('data-title')),
            })"""
        )
        assert shown["legend"] == said(code, "Legend")
        assert shown["headings"] == [said(code, w) for w in ("Category", "Deaths", "Placement")]
        assert shown["time"] == said(code, "All dates")
        assert shown["play"] == said(code, "Play through the events")
        assert said(code, "Country outlines (offline)") in shown["layers"]
        assert said(code, "Placement uncertainty") in shown["layers"]
        assert shown["copy"] == said(code, "Copy link")
        assert shown["story"] == "▶ " + said(code, "Story")
        assert shown["buttons"] == [said(code, w) for w in ("1y", "3y", "all")]
        # plotly's toolbar, in our words for its own (chart.plotly_locale's dictionary).
        toolbar = ("Download the timeline as a PNG picture", "Zoom", "Pan", "Zoom in", "Zoom out", "Reset the view")
        assert sorted(shown["toolbar"]) == sorted(said(code, w) for w in toolbar)
        assert_clean(loaded)


def test_the_time_slider_says_dates_as_babel_does(pages) -> None:
    """Home on the slider: up to the end of the first event's month, said as
    the catalogue's "Up to {date}" with timeline.language's date (Babel);
    the slider runs left to right in time on a right-to-left page too."""
    space = re.compile(r"[\s\u202f]+")
    for code in ("fa", "ru"):
        loaded = pages[code]
        page = loaded.page
        slider = page.locator(".time-slider")
        assert slider.get_attribute("data-unit") == "month"  # 2021-08 to 2024-03
        assert page.evaluate("() => getComputedStyle(document.querySelector('.time-slider')).direction") == "ltr"
        slider.focus()
        page.keyboard.press("Home")
        expected = said(code, "Up to {date}").format(date=language.load(code).date(2021, 8))
        label = page.locator(".time-label").inner_text()
        assert space.sub(" ", label) == space.sub(" ", expected)
        assert slider.get_attribute("title") == said(
            code, "Arrow keys: a month at a time; Page Up and Page Down: a year"
        )
        page.keyboard.press("End")  # all dates again
        assert page.locator(".time-label").inner_text() == said(code, "All dates")
        assert_clean(loaded)


def tick_labels(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('#timeline-chart .xtick text')].map(t => t.textContent)")


def test_the_axis_speaks_the_language(pages) -> None:
    """Persian ticks in Persian digits and month names, also once zoomed in;
    Russian ticks with Russian month names; the axis runs left to right in
    time in both (a documented choice)."""
    for code in ("fa", "ru"):
        loaded = pages[code]
        page = loaded.page
        months = set(language.load(code).month_names("abbreviated")) | set(language.load(code).month_names("wide"))
        labels = tick_labels(page)
        assert labels and any(any(m in t for m in months) for t in labels), labels
        if code == "fa":
            assert all(PERSIAN_DIGIT.search(t) and not LATIN_DIGIT.search(t) for t in labels), labels
        else:
            assert all(LATIN_DIGIT.search(t) for t in labels), labels
        xs = page.evaluate(
            """() => [...document.querySelectorAll('#timeline-chart .xtick')].map(t =>
                 [t.getBoundingClientRect().left, t.__data__.x])"""
        )
        assert len(xs) > 1 and [x for _, x in sorted(xs)] == sorted(x for _, x in xs), "time runs left to right"
        # Zoomed in to a few months: plotly draws day ticks anew, in the language's digits still.
        page.evaluate("() => Plotly.relayout('timeline-chart', {'xaxis.range': ['2021-08-01', '2021-10-15']})")
        page.wait_for_function("() => document.querySelectorAll('#timeline-chart .xtick text').length > 1")
        zoomed = tick_labels(page)
        if code == "fa":
            assert all(PERSIAN_DIGIT.search(t) and not LATIN_DIGIT.search(t) for t in zoomed), zoomed
        assert any(m in " ".join(zoomed) for m in months), zoomed
        assert_clean(loaded)


def test_the_map_card_reads_right_to_left_in_persian(pages) -> None:
    """The card of an event picked elsewhere opens on the map laid out right
    to left (Persian); a cluster's title is the catalogue's, its count in
    Persian digits."""
    loaded = pages["fa"]
    page = loaded.page
    page.evaluate("() => Timeline.state.select('kabul-airport', 'test')")
    page.wait_for_selector(".leaflet-popup-content .event-card")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.leaflet-popup-content')).direction") == "rtl"
    title = page.evaluate("() => Timeline.mapStyle.clusterTitle(12)")
    assert title == said("fa", "{n} event: click to see it", 12).format(n="۱۲")
    assert_clean(loaded)


def test_the_story_goes_the_readers_way(pages) -> None:
    """The story's count and buttons in the catalogue's words, "previous"
    pointing right and "next" left in Persian; the arrow key towards the
    reader's next turns to the next step."""
    for code in ("fa", "ru"):
        loaded = pages[code]
        page = loaded.page
        page.locator(".story-open").click()
        panel = page.evaluate(
            """() => ({count: document.querySelector('.story-count').textContent,
                      prev: document.querySelector('.story-prev').textContent,
                      next: document.querySelector('.story-next').textContent})"""
        )
        whole = language.load(code).whole
        assert panel["count"] == said(code, "{n} of {total}").format(n=whole(1), total=whole(2))
        back, on = ("→", "←") if code == "fa" else ("←", "→")
        assert (panel["prev"], panel["next"]) == (f"{back} {said(code, 'Previous')}", f"{said(code, 'Next')} {on}")
        page.locator(".story-title").focus()
        page.keyboard.press("ArrowLeft" if code == "fa" else "ArrowRight")
        page.wait_for_function("() => Timeline.state.step() && Timeline.state.step().at === 1")
        assert_clean(loaded)
