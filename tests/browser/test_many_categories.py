"""A table of hundreds of categories is drawn usably: the largest keep a lane
and a colour each, the rest share one grey lane, legend entry and layer
toggle; the filters still list every category."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline import build, prepare
from timeline.chart import build_figure
from timeline.style import MAX_LANES

from ..conftest import JS_POINTS, assert_clean, python_points, ready, settled

CATEGORIES = 300
EVENTS = 1200  # over a thousand: the count is shown with its separator


def table(folder: Path) -> Path:
    """Category k has more events the smaller k is, so the lanes kept are known: 0 to MAX_LANES - 2."""
    rows = ["id,date,title,category,place,killed"]
    places = ("Kabul, Afghanistan", "Kerman, Iran", "Moscow, Russia", "Baghdad, Iraq")
    n = 0
    for k in range(CATEGORIES):
        for _ in range(max(1, 40 - k)):
            if n < EVENTS:
                rows.append(f"e{n},{2000 + n % 24}-{1 + n % 12:02d}-{1 + n % 28:02d},Event {n},kind {k},"
                            f'"{places[n % 4]}",{n % 5 if n % 3 else ""}')  # fmt: skip
                n += 1
    while n < EVENTS:  # the rest: one more each for the smallest categories
        rows.append(f"e{n},2020,Event {n},kind {CATEGORIES - 1 - n % 200},Kabul,")
        n += 1
    path = folder / "events.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("many-categories")
    events = table(folder)
    build(events, folder / "out")
    return folder / "out", prepare(events)


def test_the_timeline_keeps_the_largest_lanes_and_groups_the_rest(many) -> None:
    _, prepared = many
    figure = build_figure(prepared.dataset)
    lanes = figure["layout"]["yaxis"]["ticktext"]
    used = len({e.category for e in prepared.dataset.events})
    assert used > MAX_LANES
    assert len(lanes) == MAX_LANES
    # Top to bottom: the MAX_LANES - 1 categories with the most events, then the rest.
    assert lanes[:-1] == [f"Kind {k}" for k in range(MAX_LANES - 1)]
    assert lanes[-1] == f"{used - MAX_LANES + 1:,} other categories"
    drawn = sum(len(p["customdata"]) for p, t in zip(python_points(figure), figure["data"], strict=True)
                if p and t["meta"]["role"] == "events")  # fmt: skip
    assert drawn == EVENTS


@pytest.mark.browser
def test_the_page_draws_the_grouped_lane_as_chart_py_does(many, open_page) -> None:
    out, prepared = many
    loaded = open_page(out / "index.html")
    page = ready(loaded)
    assert page.evaluate(JS_POINTS) == python_points(build_figure(prepared.dataset))
    assert_clean(loaded)


@pytest.mark.browser
def test_legend_and_layers_group_the_rest_and_filters_list_every_category(many, open_page) -> None:
    out, prepared = many
    used = len({e.category for e in prepared.dataset.events})
    loaded = open_page(out / "index.html", 1440, 1000)
    page = ready(loaded)
    legend = page.locator(".map-legend").inner_text()
    assert "Kind 0" in legend and f"Kind {MAX_LANES - 2}\n" in legend
    assert f"Kind {MAX_LANES - 1}\n" not in legend
    assert f"{used - MAX_LANES + 1:,} other categories" in legend
    assert page.locator(".filter-list").first.locator("input").count() == used
    toggles = page.locator(".leaflet-control-layers-overlays label")
    others = toggles.filter(has_text="other categories")
    assert others.count() == 1
    assert toggles.count() == MAX_LANES + 2  # the categories' toggles, events, placement uncertainty
    grouped = sum(1 for e in prepared.dataset.events if int(e.category.split()[1]) >= MAX_LANES - 1)
    page.locator(".leaflet-control-layers").hover()
    others.locator("input").click()
    settled(page)
    assert page.locator(".filter-count").inner_text() == f"{EVENTS - grouped:,} of {EVENTS:,} events"
    others.locator("input").click()
    settled(page)
    assert page.locator(".filter-count").inner_text() == f"{EVENTS:,} of {EVENTS:,} events"
    assert_clean(loaded)
