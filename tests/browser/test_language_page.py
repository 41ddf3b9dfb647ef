"""The briefing page in the reader's language (issue 21): the mixed-script
table (Persian, Russian and English rows) built in Persian, Russian and
English. Persian lays the page out right to left (by the boxes of the filter
bar's controls and the table's columns); a date stays on the side of a
Persian place name the reading order puts it; Russian counts take the plural
form its catalogue gives for the number; and none of the page's own words is
left in English in Persian."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

from timeline import catalogue, language

from ..conftest import DATA, SHIPPED, Loaded, assert_clean, drawn, ready

pytestmark = pytest.mark.browser

MIXED = DATA / "mixed-script" / "events.csv"


def _build(tmp_path_factory, table: Path, code: str) -> Path:
    from timeline import build

    out = tmp_path_factory.mktemp(f"{table.parent.name}-{code}")
    try:
        build(table, out, language=code)
    finally:
        language.use("en")  # the rest of the session writes English
    return out


@pytest.fixture(scope="module")
def fa(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, MIXED, "fa")


@pytest.fixture(scope="module")
def ru(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, MIXED, "ru")


@pytest.fixture(scope="module")
def en(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, MIXED, "en")


@pytest.fixture(scope="module")
def shipped_fa(tmp_path_factory) -> Path:
    """The shipped table (sources, quotes, claims: every part of the card) in Persian."""
    return _build(tmp_path_factory, SHIPPED, "fa")


@pytest.fixture(scope="module")
def opened(browser):
    """``opened(out, width, fragment)``: the built page, drawn, opened once for
    the tests of this module that only read it (it may fetch nothing), as
    ``(loaded, page)``."""
    seen: dict = {}
    contexts = []

    def open_(out: Path, width: int = 1440, fragment: str = "kabul-airport"):
        key = (out, width, fragment)
        if key not in seen:
            context = browser.new_context(viewport={"width": width, "height": 900})
            contexts.append(context)
            page = context.new_page()
            loaded = Loaded(page)
            page.route(
                "**/*",
                lambda r: (
                    r.continue_()
                    if r.request.url.startswith(("file:", "data:", "blob:"))
                    else (loaded.blocked.append(r.request.url), r.abort())
                ),
            )
            page.on("console", lambda m: m.type in ("error", "warning") and loaded.errors.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: loaded.errors.append(f"pageerror: {e}"))
            page.goto((out / "index.html").resolve().as_uri() + (f"#{fragment}" if fragment else ""))
            ready(loaded)
            drawn(page)
            seen[key] = (loaded, page)
        return seen[key]

    yield open_
    for context in contexts:
        context.close()


# The boxes of the filter bar, its first control, and the table's first and last header cells.
BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; };
  const bar = document.querySelector('.filter-bar');
  const ths = document.querySelectorAll('table.events-table thead th');
  return {dir: getComputedStyle(bar).direction, bar: box(bar), first: box(bar.firstElementChild),
          clear: box(bar.querySelector('.filter-clear')), count: box(bar.querySelector('.filter-count')),
          firstColumn: box(ths[0]), lastColumn: box(ths[ths.length - 1]), header: ths[0].textContent};
}"""


def test_persian_lays_the_page_out_right_to_left(fa, en, opened) -> None:
    for out, rtl in ((fa, True), (en, False)):
        loaded, page = opened(out)
        b = page.evaluate(BOXES)
        assert b["dir"] == ("rtl" if rtl else "ltr")
        bar_left, bar_right = b["bar"]
        first_left, first_right = b["first"]
        if rtl:
            # The first control (the search) starts the bar at its right edge; the
            # count ends the line at the left; the table's first column (the date) is at the right.
            assert bar_right - first_right < 30 and first_left - bar_left > 200, b
            assert b["count"][0] < b["clear"][0], b
            assert b["firstColumn"][0] > b["lastColumn"][1], b
        else:
            assert first_left - bar_left < 30 and bar_right - first_right > 200, b
            assert b["count"][0] > b["clear"][0], b
            assert b["firstColumn"][1] < b["lastColumn"][0], b
        assert_clean(loaded)


# The boxes of the runs of text `date` and `place` in the row of event `id`
# (Range.getClientRects on their text nodes), and the row's direction.
RUNS = """([id, date, place]) => {
  const row = document.querySelector(`tr[data-event-id="${id}"]`);
  const find = text => {
    const walk = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const at = n.data.indexOf(text);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + text.length);
      const rects = [...range.getClientRects()];
      return [Math.min(...rects.map(r => r.left)), Math.max(...rects.map(r => r.right)),
              Math.min(...rects.map(r => r.top)), Math.max(...rects.map(r => r.bottom))];
    }
    return null;
  };
  return {date: find(date), place: find(place)};
}"""


def test_a_date_lies_on_the_reading_side_of_a_persian_place_name(fa, en, opened) -> None:
    # The Kabul row: its date as the language writes it (the label made in
    # Python, language.date), its place "کابل" (from the table). Reading right
    # to left, the date comes first, so lies to the right of the place; in
    # English, to its left, though the place is Persian.
    for out, code in ((fa, "fa"), (en, "en")):
        when = language.load(code).date(2021, 8, 26)
        loaded, page = opened(out)
        runs = page.evaluate(RUNS, ["kabul-airport", when, "کابل"])
        date, place = runs["date"], runs["place"]
        assert date and place, runs
        assert date[2] < place[3] and place[2] < date[3], f"not on one line: {runs}"
        if code == "fa":
            assert date[0] >= place[1], f"the date is not to the right of the place: {runs}"
        else:
            assert date[1] <= place[0], f"the date is not to the left of the place: {runs}"
        assert_clean(loaded)


def _plural(code: str):
    """The catalogue's own rule: which of its forms a count takes."""
    return gettext.c2py(catalogue.read(code).plural_expr)


def test_russian_counts_take_the_plural_form_of_the_number(ru, opened) -> None:
    ru_po = catalogue.read("ru")
    forms = ru_po[("{shown} of {total} event", "{shown} of {total} events")].string
    assert len(set(forms)) > 1, "Russian has more than one form for this count"
    choose = _plural("ru")
    total = len(MIXED.read_text(encoding="utf-8").strip().splitlines()) - 1
    loaded, page = opened(ru, fragment="")
    count = page.locator(".filter-count").text_content()
    assert count == forms[choose(total)].format(shown=total, total=total)
    caption = page.locator("table.events-table caption").text_content()
    assert caption.startswith(forms[choose(total)].format(shown=total, total=total) + ",")
    # Search for the Persian rows only: the count follows, in the same form.
    page.fill(".filter-search", "کابل")
    page.wait_for_function("() => !document.querySelector('.filter-count').textContent.startsWith('4 ')")
    drawn(page)
    assert page.locator(".filter-count").text_content() == forms[choose(total)].format(shown=1, total=total)
    # Every form, as the page's script chooses it for a count (1, 2, 5, 11, 21, 22, 25).
    for n in (1, 2, 5, 11, 21, 22, 25):
        said = page.evaluate(
            "n => Timeline.n_('{shown} of {total} event', '{shown} of {total} events', n, {shown: 0, total: n})", n
        )
        assert said == forms[choose(n)].format(shown=0, total=n), n
    assert_clean(loaded)


def _english_messages() -> tuple[list[re.Pattern], set[str]]:
    """Each of our English messages as a pattern of a whole text (a placeholder
    any text), and the English pieces between their placeholders (a message
    with values is put in the page as a text node a piece): "Killed",
    "claimed by", ", reported by"."""
    patterns, pieces = [], set()
    for message in catalogue.read("en"):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in filter(None, ids):
            parts = re.split(r"\{\w*\}", text)
            if not re.search(r"[A-Za-z]", "".join(parts)):
                continue  # "{field}: {value}": no words of ours
            patterns.append(re.compile(r"\s*" + r".+?".join(map(re.escape, parts)) + r"\s*", re.S))
            pieces.update(p.strip() for p in parts if re.search(r"[A-Za-z]", p))
    return patterns, pieces


# Our own text on the page in the parts these scripts and templates make (the
# header, filter bar, table, sources, footer, the card): every text node and
# every label a reader may meet (placeholder, aria-label, title, the phone's
# column names), but table text (dir="auto" elements and <bdi>), which is
# never translated. The map's and the chart's own controls are theirs.
OUR_TEXT = """() => {
  const parts = document.querySelectorAll(
    '.page-header, .filter-bar, .panel > h2, #events-table, #sources-list, .page-footer, .event-card');
  const out = [];
  const table = n => n.closest('[dir="auto"], bdi, script, style, noscript, .share, .story-open');
  for (const part of parts) {
    const walk = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.data.trim() && !table(n.parentElement)) out.push(n.data);
    }
    for (const e of [part, ...part.querySelectorAll('*')]) {
      if (table(e)) continue;
      for (const name of ['placeholder', 'aria-label', 'title', 'data-label', 'data-sort-label']) {
        const value = e.getAttribute(name);  // table text in an attribute is isolated (U+2068…U+2069)
        if (value && !(value.startsWith('\u2068') && value.endsWith('\u2069'))) out.push(value);
      }
    }
  }
  return out;
}"""


def _left_in_english(texts: list[str]) -> list[str]:
    patterns, pieces = _english_messages()
    return [t for t in texts if t.strip() in pieces or any(p.fullmatch(t) for p in patterns)]


def test_no_word_of_our_own_is_left_in_english_in_persian(fa, shipped_fa, opened) -> None:
    # The mixed table with the Kabul event's card open, on a wide screen and
    # on a phone (the table as cards, each cell named), and the shipped table
    # (sources, quotes, claims) with a card that has them all.
    seen = []
    for out, width, event in (
        (fa, 1440, "kabul-airport"),
        (fa, 390, "kabul-airport"),
        (shipped_fa, 1440, "crocus-city-hall-2024"),
    ):
        loaded, page = opened(out, width, event)
        page.wait_for_selector(".leaflet-popup .event-card")
        texts = page.evaluate(OUR_TEXT)
        seen += texts
        assert _left_in_english(texts) == [], f"{out.name} at {width}px"
        assert_clean(loaded)
    # What was looked at holds the Persian words (from the catalogue) for the
    # card's and the table's parts, so the walk did reach them.
    fa_po = catalogue.read("fa")
    for message in ("Killed", "Sources", "Clear filters", "Sort by", "claimed by {who}, reported by {source}"):
        persian = fa_po[message].string.split("{")[0].strip()
        assert any(persian in t for t in seen), message


def test_the_check_finds_english_left_on_the_page() -> None:
    # The check above, on what an untranslated page would hold.
    english = ["Killed", "4 of 4 events", "Clear filters", "claimed by ", ", reported by "]
    assert _left_in_english(english) == english
    assert _left_in_english(["کشته‌ها", "۴ از ۴ رویداد", "به ادعای ", "Leaflet", "km", "Afghanistan", " · "]) == []


def test_in_persian_the_left_arrow_goes_on_to_a_rows_sources(shipped_fa, opened) -> None:
    # The hint says which arrow reaches a row's sources; reading right to
    # left, onward is ←, and → goes back to the row.
    loaded, page = opened(shipped_fa, 1440, "crocus-city-hall-2024")
    hint = page.locator("table.events-table caption .hint").text_content()
    assert "←" in hint and "→" not in hint
    row = page.locator('tr[data-event-id="crocus-city-hall-2024"]')
    row.focus()
    page.keyboard.press("ArrowLeft")
    first = page.evaluate("() => document.activeElement.matches('a.source-link') && document.activeElement.textContent")
    assert first == row.locator("a.source-link").first.text_content()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.getAttribute('data-event-id')") == "crocus-city-hall-2024"
    assert_clean(loaded)
