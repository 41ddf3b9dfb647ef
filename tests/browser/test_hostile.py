"""Hostile text in every field: escaped wherever it lands. In headless Chromium
no dialog opens, no payload script runs, nothing is requested, and the text
shows as written; the deck, the alt text and the embeds carry it as text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from timeline import build

from ..conftest import assert_clean, drawn

pytestmark = pytest.mark.browser

# Each payload, if it ever ran, would set window.pwned (or ask for a file).
PAYLOADS = [
    "<script>window.pwned='script'</script>",
    "<img src=x onerror=\"window.pwned='img'\">",
    '"><svg onload="window.pwned=\'svg\'">',
    "</script><script>window.pwned='close'</script>",
    "' onmouseover='window.pwned=\"attr\"' x='",
    "<a href=\"javascript:window.pwned='link'\">click</a>",
    "{{constructor.constructor('window.pwned=1')()}}",
    "‮reversed‬ and <b>bold</b> &amp; &lt;",
]
URLS = [
    "javascript:window.pwned='url'",
    "data:text/html,<script>window.pwned='data'</script>",
    "https://example.org/ok",
]
FIELDS = ("title", "summary", "place", "perpetrator", "category", "quote", "source title", "era label", "page settings")


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "doc.txt").write_text(" ".join(PAYLOADS), encoding="utf-8")
    events = [
        [f"p{i}", f"2024-03-{i + 1:02d}", p, p, p, p, f"{30 + i}", f"{60 + i}", str(i * 10), "", p]
        for i, p in enumerate(PAYLOADS)
    ]
    write_csv(
        folder / "events.csv",
        ["id", "date", "title", "category", "place", "perpetrator", "lat", "lon", "killed", "injured", "summary"],
        events,
    )
    sources = [
        [f"s{i}", PAYLOADS[i], PAYLOADS[i], PAYLOADS[i], "", url, "doc.txt" if i == 0 else "", PAYLOADS[i]]
        for i, url in enumerate(URLS)
    ]
    write_csv(
        folder / "sources.csv", ["id", "title", "publisher", "author", "published", "url", "document", "note"], sources
    )
    citations = [[f"p{i}", "s0", "perpetrator", p, p, p] for i, p in enumerate(PAYLOADS)]
    citations += [[f"p{i}", f"s{1 + i % 2}", "", "", "", p] for i, p in enumerate(PAYLOADS)]
    write_csv(folder / "citations.csv", ["event_id", "source_id", "field", "value", "quote", "note"], citations)
    write_csv(folder / "eras.csv", ["id", "start", "end", "label"], [["era", "2024-03", "", PAYLOADS[1]]])
    (folder / "timeline.toml").write_text(settings_toml(PAYLOADS[3:7]), encoding="utf-8")
    build(folder / "events.csv", folder / "out")
    return folder


def settings_toml(values: list[str]) -> str:
    import json

    keys = ("title", "subtitle", "data_as_of", "credits")
    return "".join(f"{key} = {json.dumps(value)}\n" for key, value in zip(keys, values, strict=True))


def open_and_poke(open_page, page_path: Path):
    dialogs: list[str] = []
    loaded = open_page(page_path)
    loaded.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return loaded, dialogs


def test_the_map_shows_payloads_as_text(hostile: Path, open_page) -> None:
    loaded, dialogs = open_and_poke(open_page, hostile / "out" / "map.html")
    page = loaded.page
    page.wait_for_selector("body[data-ready]")
    texts = page.evaluate(
        """() => {
          const seen = [];
          for (const id of Timeline.map.current.shown()) {
            Timeline.state.select(id, 'test');
            // The last popup: a closed one fades out for a moment before it goes.
            const card = [...document.querySelectorAll('.leaflet-popup-content .event-card')].pop();
            if (card) seen.push(card.querySelector('.card-title').textContent);
          }
          // Hover every path, to fire any inline handler that slipped in.
          document.querySelectorAll('*').forEach(el => el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})));
          return seen;
        }"""
    )
    assert sorted(texts) == sorted(PAYLOADS)
    assert page.evaluate("() => window.pwned") is None
    legend = page.locator(".map-legend").inner_text()
    assert "<script>" in legend  # category names shown literally
    assert dialogs == []
    assert_clean(loaded)


def test_the_briefing_page_shows_payloads_as_text(hostile: Path, open_page) -> None:
    loaded, dialogs = open_and_poke(open_page, hostile / "out" / "index.html")
    page = loaded.page
    page.wait_for_selector("#timeline-chart[data-ready]")
    titles = page.evaluate("() => [...document.querySelectorAll('tbody th.title')].map(th => th.textContent).sort()")
    assert titles == sorted(PAYLOADS)
    # Select each row: the map popup, the timeline ring and the URL hash all carry it.
    for i in range(len(PAYLOADS)):
        page.locator(f"tr[data-event-id='p{i}'] th").click()
        page.wait_for_selector(f".leaflet-popup-content .event-card[data-event-id='p{i}']")
    # Search with a payload, and put one in the hash.
    page.locator(".filter-search").fill(PAYLOADS[1])
    page.wait_for_function("(q) => Timeline.state.filters.q === q", arg=PAYLOADS[1])
    drawn(page)
    assert page.locator(".filter-count").inner_text() == "1 of 8 events"
    page.evaluate("(q) => { window.location.hash = 'q=' + encodeURIComponent(q); }", PAYLOADS[0])
    page.wait_for_function("(q) => Timeline.state.filters.q === q", arg=PAYLOADS[0])
    drawn(page)
    header = page.locator(".page-header").inner_text()
    assert PAYLOADS[3] in header and PAYLOADS[4] in header  # title and subtitle, literally
    assert page.title().startswith(PAYLOADS[3])
    # Links: only the https source is a link; javascript: and data: are plain text.
    hrefs = page.evaluate("() => [...document.querySelectorAll('#sources-list a')].map(a => a.getAttribute('href'))")
    assert hrefs == ["https://example.org/ok"]
    # Text from a cell keeps its direction marks to itself.
    bidi = page.evaluate("() => getComputedStyle(document.querySelector('tbody th.title')).unicodeBidi")
    assert bidi == "isolate"
    page.evaluate(
        "() => document.querySelectorAll('*').forEach(el => el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))"
    )
    assert page.evaluate("() => window.pwned") is None
    assert dialogs == []
    assert_clean(loaded)


def test_the_timeline_shows_payloads_as_text(hostile: Path, open_page) -> None:
    loaded, dialogs = open_and_poke(open_page, hostile / "out" / "timeline.html")
    page = loaded.page
    page.wait_for_selector("#timeline-chart[data-ready]")
    svg_text = page.evaluate(
        "() => [...document.querySelectorAll('#timeline-chart text')].map(t => t.textContent).join('\\n')"
    )
    assert "<script>window.pwned='script'</script>" in svg_text  # a lane label, literally
    assert page.locator("#timeline-chart a").count() == 0  # no link made from a label
    assert page.evaluate("() => window.pwned") is None
    assert dialogs == []
    assert_clean(loaded)


def test_the_deck_alt_text_and_embeds_carry_payloads_as_text(hostile: Path) -> None:
    from timeline import prepare
    from timeline.describe import images_markdown

    text = images_markdown(prepare(hostile / "events.csv"), (1920, 1080))
    assert "<script>" not in text.split("```text")[0]  # the heading escapes it
    fragment = (hostile / "out" / "embed" / "timeline.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in fragment and "</script><script>" not in fragment
    iframe = (hostile / "out" / "embed" / "map-iframe.html").read_text(encoding="utf-8")
    assert "<script>" not in iframe.replace("&lt;script&gt;", "")
