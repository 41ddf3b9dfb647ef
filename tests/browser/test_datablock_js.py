"""The packed data block read by the page (common.js): each event's every
field as the block holds it, found by its id, filtered and searched by
state.js from the columns."""

from __future__ import annotations

import json
from unittest import mock

import pytest

from timeline.assets import own
from timeline.datablock import DATA_ELEMENT_START, DICT_MOST, encode

from ..unit.test_datablock import made_block

# Each event's fields as the page's objects give them (common.js expand).
EVENTS_JS = """() => JSON.stringify(Timeline.data().events.map(ev => ({
  id: ev.id, title: ev.title, category: ev.category, date: ev.date.iso, end_date: ev.end_date && ev.end_date.iso,
  last: ev.last, place: ev.place, loc: ev.loc && ev.loc.name, unplaced: ev.unplaced, countries: ev.countries,
  killed: ev.killed && ev.killed.label, killed_reported: ev.killed_reported, injured: ev.injured && ev.injured.label,
  perpetrator: ev.perpetrator, perpetrator_group: ev.perpetrator_group, summary: ev.summary,
  citations: ev.citations, radius: ev.radius, support: ev.support, said: ev.said
})))"""


def expected(block: dict) -> list[dict]:
    """Each event of the block as the views read it, worked out here from its rows."""
    f = block["fields"]
    dates = [dict(zip(f["date"], d, strict=True)) for d in block["dates"]]
    counts = [dict(zip(f["count"], c, strict=True)) for c in block["counts"]]
    places = [dict(zip(f["place"], p, strict=True)) for p in block["places"]]
    out = []
    for row in block["events"]:
        e = dict(zip(f["event"], row, strict=True))
        loc = places[e["loc"]] if e["loc"] >= 0 else None
        spread = e["killed_reported"]
        out.append(
            {
                "id": e["id"], "title": e["title"], "category": e["category"], "date": dates[e["date"]]["iso"],
                "end_date": dates[e["end_date"]]["iso"] if e["end_date"] >= 0 else None,
                "last": dates[e["end_date"] if e["end_date"] >= 0 else e["date"]]["end"],
                "place": e["place"], "loc": loc["name"] if loc else None, "unplaced": e["unplaced"] or None,
                "countries": loc["countries"] if loc else e["area"] or [],
                "killed": counts[e["killed"]]["label"] if e["killed"] >= 0 else None,
                "killed_reported": {"low": spread[0], "high": spread[1], "label": spread[2]} if spread else None,
                "injured": counts[e["injured"]]["label"] if e["injured"] >= 0 else None,
                "perpetrator": e["perpetrator"], "perpetrator_group": e["perpetrator_group"], "summary": e["summary"],
                "citations": [
                    {**dict(zip(f["citation"], c, strict=True)), "source": block["sources"][c[0]]["id"]}
                    for c in e["citations"]
                ],
                "radius": e["radius"], "support": e["support"] or {}, "said": e["said"] or {},
            }
        )  # fmt: skip
    return out


@pytest.fixture(scope="module")
def made():
    return made_block(DICT_MOST + 100)  # enough events that the texts are kept as texts


def open_block(browser, made, parts: int, before: str = ""):
    """A page holding only the block (in `parts` parts) and common.js,
    state.js and map-cluster.js, started; `before` runs first (e.g. to refuse workers)."""
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.route("**/*", lambda route: route.abort())
    with mock.patch("timeline.datablock.SPLIT_FROM", 1000 if parts == 2 else 10**12):
        encoded = encode(made)
    assert len(encoded.split(" ")) == parts
    html = DATA_ELEMENT_START + encoded + "</script>"
    tab.set_content(f"<!doctype html><html><head><title>block</title></head><body>{html}</body></html>")
    if before:
        tab.add_script_tag(content=before)
    for name in ("common.js", "state.js", "map-cluster.js"):
        tab.add_script_tag(content=own(name))
    tab.evaluate("() => Timeline.load().then(() => Timeline.state.start())")
    return context, tab, errors


@pytest.fixture(scope="module")
def page(browser, made):
    # Two parts, as a big table's (the shipped one's is one); nothing folded for the search.
    context, tab, errors = open_block(browser, made, 2)
    yield tab
    context.close()
    assert errors == []


# Folded for the search before it (common.js column.prepare): in the search
# worker, or on this page where workers are refused; one part and two.
FOLDED = {
    "worker-one-part": (1, ""),
    "worker-two-parts": (2, ""),
    "no-worker": (2, "window.Worker = function () { throw new Error('refused'); };"),
}


@pytest.fixture(scope="module", params=sorted(FOLDED))
def folded_page(browser, made, request):
    parts, before = FOLDED[request.param]
    context, tab, errors = open_block(browser, made, parts, before)
    tab.evaluate("() => Timeline.state.prepareSearch()")
    tab.wait_for_function("() => Timeline.state.searchReady()")
    yield tab
    context.close()
    assert errors == []


def test_every_event_reads_as_the_block_holds_it(page, made) -> None:
    got = json.loads(page.evaluate(EVENTS_JS))  # one text: quicker through Playwright than the objects
    want = expected(made)
    assert len(got) == len(want)
    for n, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g == w, n


def test_an_event_is_found_by_its_id(page, made) -> None:
    ids = [row[0] for row in made["events"]]
    found = page.evaluate("ids => ids.map(id => Timeline.data().byId[id])", [*ids[::97], "e999999", "", "a"])
    assert found == [*range(0, len(ids), 97), None, None, None]


def searched(q: str):
    """The search as the page has always made it: every word in the event's
    title, summary, place and its place's name, lowercased."""

    def passes(e: dict) -> bool:
        text = " ".join([e["title"], e["summary"], e["place"], e["loc"] or ""]).lower()
        return all(word in text for word in q.lower().split())

    return passes


STARTS = {"2021": "2021-01-01", "2021-02": "2021-02-01", "2022-03-04": "2022-03-04"}


SEARCHES = [
    {"q": "i̇stanbul 🎉"},  # İ lowercases to two characters
    {"q": "“3” EVENT"},
    {"q": "INI"},  # "inİstanbul": only lowercased does it hold "ini"
    {"q": "INİST"},  # "ini̇st": its ASCII run "ini" too, only lowercased
    {"q": "xxxxxxxxxxxx"},
    {"q": "arganzuela"},  # the name of the place it is shown at
    {"q": "place 12"},
]


@pytest.mark.parametrize(
    ("filters", "passes"),
    [
        ({"q": "i̇stanbul 🎉"}, searched("i̇stanbul 🎉")),  # İ lowercases to two characters
        ({"q": "“3” EVENT"}, searched("“3” EVENT")),
        ({"q": "INI"}, searched("INI")),  # "inİstanbul": only lowercased does it hold "ini"
        ({"q": "INİST"}, searched("INİST")),  # beyond ASCII, and "ini" only lowercased
        ({"q": "xxxxxxxxxxxx"}, searched("xxxxxxxxxxxx")),
        ({"q": "arganzuela"}, searched("arganzuela")),  # the name of the place it is shown at
        ({"q": "place 12"}, searched("place 12")),
        (
            {"category": ["b"], "perpetrator": ["Group"]},
            lambda e: e["category"] == 1 and e["perpetrator_group"] == "Group",
        ),
        ({"country": ["PK"]}, lambda e: "PK" in e["countries"]),
        ({"from": "2022-01-01"}, lambda e: e["last"] >= "2022-01-01"),
        ({"to": "2021-06-30"}, lambda e: STARTS[e["date"]] <= "2021-06-30"),
    ],
)
def test_filters_and_search_read_the_columns(page, made, filters, passes) -> None:
    made_categories = [{"id": c} for c in "abcde"]
    page.evaluate("cats => { Timeline.data().categories = cats; }", made_categories)
    visible = page.evaluate(
        """f => { Timeline.state.clearFilters('test'); Timeline.state.setFilters(f, 'test');
                  return Array.from(Timeline.state.visible); }""",
        filters,
    )
    want = [1 if passes(e) else 0 for e in expected(made)]
    assert visible == want
    assert 0 < sum(want) < len(want)  # the filter tells events apart


def test_the_folded_texts_find_what_the_bytes_find(folded_page, made) -> None:
    """Once the texts are folded (in the worker, or here without one), every
    search finds just what the lowercased texts hold, as before folding."""
    want = [[1 if searched(f["q"])(e) else 0 for e in expected(made)] for f in SEARCHES]
    got = folded_page.evaluate(
        """searches => searches.map(f => { Timeline.state.clearFilters('test'); Timeline.state.setFilters(f, 'test');
                                           return Array.from(Timeline.state.visible); })""",
        SEARCHES,
    )
    assert got == want
    assert all(0 < sum(w) < len(w) for w in want)  # each search tells events apart


def test_the_map_places_the_events_from_the_columns_as_from_the_events(page) -> None:
    """map-cluster.js placed() reads the page's columns (each place's row
    once): the same arrays as it makes from the events' own fields."""
    got = page.evaluate(
        """() => {
          const data = Timeline.data();
          const plain = data.events.map(ev => ({ loc: ev.loc, radius: ev.radius, category: ev.category }));
          const show = p => JSON.stringify(Object.fromEntries(Object.entries(p).map(([k, v]) =>
            [k, ArrayBuffer.isView(v) ? Array.from(v) : v])));
          return [show(Timeline.cluster.placed(data.events, null, data)), show(Timeline.cluster.placed(plain, null)),
                  Timeline.cluster.placed(data.events, null, data).count, data.events.length];
        }"""
    )
    columns, plain, count, n = got
    assert columns == plain
    assert 0 < count < n  # some events are placed, some not
