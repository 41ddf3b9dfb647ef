"""chart-labels.js alone: where the timeline's labels go, on a blank page
holding only chart-labels.js, called on small inputs made by hand whose right
answers follow from its rules (chart-labels.js says them), and on seeded random
inputs checked against the promises the rules make (no overlap, no leader line
through a label, inside the plot), not against the code's own output.

Throughout, two label rows 20 pixels high: the lower centred at y 100, the
upper at y 78; markers lie below, at y 200."""

from __future__ import annotations

import random

import pytest

from ..conftest import blank_page

pytestmark = pytest.mark.browser

ROWS = {"y": [100, 78], "h": 20}
GAP = 8  # chart-labels.js's GAP
LOW, HIGH = 0, 1


@pytest.fixture(scope="module")
def page(browser):
    """A blank page with only chart-labels.js; it may fetch nothing."""
    with blank_page(browser, ("chart-labels.js",)) as loaded:
        page = loaded.page
        assert page.evaluate("() => [typeof Timeline.chartLabels, typeof Timeline.el, typeof Plotly]") == [
            "object",
            "undefined",
            "undefined",
        ]
        yield page


def events(page, labels: list[tuple[float, float]], width: float, rows: dict = ROWS) -> list[dict | None]:
    """T.chartLabels.events on labels given as (marker x, width), markers at y 200."""
    return page.evaluate(
        "([labels, rows, width]) => Timeline.chartLabels.events(labels, rows, width)",
        [[{"x": x, "y": 200, "w": w} for x, w in labels], rows, width],
    )


def eras(page, list_: list[tuple], width: float, levels=((), ())) -> list[dict | None]:
    """T.chartLabels.eras on eras given as (start, end, width[, short width]);
    `levels`: what is drawn on each level already, as (left, right)."""
    return page.evaluate(
        "([list, width, levels]) => Timeline.chartLabels.eras(list, width, levels)",
        [
            [{"start": e[0], "end": e[1], "w": e[2], "short": e[3] if len(e) > 3 else 0} for e in list_],
            width,
            [[{"left": a, "right": b} for a, b in level] for level in levels],
        ],
    )


def test_a_lone_label_is_centred_over_its_event_in_the_top_row(page) -> None:
    assert events(page, [(100, 50)], 400) == [{"row": HIGH, "centre": 100, "left": 75, "right": 125}]


def test_a_label_at_the_edge_is_pushed_inside_the_plot(page) -> None:
    assert events(page, [(390, 50)], 400)[0]["right"] == 400
    assert events(page, [(3, 50)], 400)[0]["left"] == 0


def test_a_label_wider_than_the_plot_or_out_of_view_is_dropped(page) -> None:
    assert events(page, [(100, 401), (-1, 20), (401, 20)], 400) == [None, None, None]


def test_the_next_label_at_the_same_place_goes_below_beside_the_first_ones_leader(page) -> None:
    first, second = events(page, [(100, 50), (100, 50)], 400)
    assert first["row"] == HIGH and first["centre"] == 100
    # Below, as near as it can be with the leader line at x 100 kept GAP clear of it.
    assert second["row"] == LOW
    assert abs(second["centre"] - 100) == pytest.approx(25 + GAP + 0.5)
    assert second["right"] < 100 - GAP or second["left"] > 100 + GAP


def test_a_label_with_no_room_near_its_event_is_dropped_not_cut(page) -> None:
    # 120 wide: the first fills the top row; beside its leader line in the
    # lower row there is no 100 pixels, on either side.
    first, second = events(page, [(60, 100), (60, 100)], 120)
    assert first == {"row": HIGH, "centre": 60, "left": 10, "right": 110}
    assert second is None


def test_the_deadliest_label_wins_the_place(page) -> None:
    # Same events, the other order of priority: the first listed is the one centred.
    a, b = events(page, [(200, 80), (210, 80)], 400)
    assert a["centre"] == 200 and a["row"] == HIGH
    assert b["row"] == LOW


def overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def crosses(line: tuple, box: tuple) -> bool:
    """Does the segment (x0, y0, x1, y1) pass through the box (left, top, right, bottom)?"""
    x0, y0, x1, y1 = line
    steps = 200
    for k in range(steps + 1):
        t = k / steps
        x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        if box[0] < x < box[2] and box[1] < y < box[3]:
            return True
    return False


@pytest.mark.parametrize("seed", range(12))
def test_random_labels_keep_every_promise(page, seed: int) -> None:
    rng = random.Random(seed)
    width = rng.choice([196, 226, 600, 1116, 2396])
    labels = [(rng.uniform(-20, width + 20), rng.uniform(40, 240)) for _ in range(rng.randint(2, 12))]
    got = events(page, labels, width)
    placed = []
    for (x, w), p in zip(labels, got, strict=True):
        if p is None:
            continue
        assert 0 <= x <= width, "a label for an event out of view"
        assert p["right"] - p["left"] == pytest.approx(w)
        assert p["left"] >= -0.01 and p["right"] <= width + 0.01, "a label leaves the plot"
        assert abs(p["centre"] - x) <= max(60, width / 2) + 0.01, "a label too far from its event"
        y = ROWS["y"][p["row"]]
        box = (p["left"], y - 10, p["right"], y + 10)
        placed.append((box, (p["centre"], y, x, 200)))  # plotly's leader: from the label's centre
    for n, (box, line) in enumerate(placed):
        for m, (other, _) in enumerate(placed):
            if m == n:
                continue
            assert not overlap(box, other), f"labels {n} and {m} overlap"
            assert not crosses(line, other), f"the leader line of {n} runs through label {m}"
    if len(labels) > 1 and labels[0][1] <= width and 0 <= labels[0][0] <= width:
        assert got[0] is not None, "the deadliest label, which fits, was dropped"


def test_an_era_label_starts_at_its_first_visible_pixel(page) -> None:
    assert eras(page, [(-50, 300, 60)], 400) == [{"left": 0, "level": 0}]
    assert eras(page, [(120, 300, 60)], 400) == [{"left": 120, "level": 0}]


def test_an_era_label_near_the_right_edge_ends_at_the_edge(page) -> None:
    assert eras(page, [(380, 900, 60)], 400) == [{"left": 340, "level": 0}]


def test_era_labels_stack_and_are_dropped_past_the_levels(page) -> None:
    # Each era 120 pixels wide and its label 100: one label a level, a third has no room.
    got = eras(page, [(0, 120, 100), (10, 120, 100), (20, 120, 100), (300, 400, 60)], 400)
    assert got == [{"left": 0, "level": 0}, {"left": 10, "level": 1}, None, {"left": 300, "level": 0}]


def test_an_era_out_of_view_or_wider_than_the_plot_has_no_label(page) -> None:
    assert eras(page, [(-300, -10, 50), (500, 900, 50), (0, 400, 401)], 400) == [None, None, None]


ERA_GAP = 10  # chart-labels.js's ERA_GAP


def test_an_era_label_moves_past_the_markers_under_it(page) -> None:
    # A marker from 20 to 40 on the lowest level: the label starts ERA_GAP after it.
    assert eras(page, [(0, 400, 60)], 400, [[(20, 40)], []]) == [{"left": 40 + ERA_GAP, "level": 0}]


def test_an_era_label_with_no_room_in_its_era_goes_up_a_level_or_is_dropped(page) -> None:
    # The era is 0-100; a marker at 30-50 leaves no 60 pixels on the lowest level.
    assert eras(page, [(0, 100, 60)], 400, [[(30, 50)], []]) == [{"left": 0, "level": 1}]
    assert eras(page, [(0, 100, 60)], 400, [[(30, 50)], [(30, 50)]]) == [None]


def test_an_era_label_with_no_room_for_its_dates_is_shown_without_them(page) -> None:
    # 100 pixels of era, a marker at 70-90: the whole text (80) finds no room
    # on either level; the shorter one (50) fits at the start.
    busy = [[(70, 90)], [(70, 90)]]
    assert eras(page, [(0, 100, 80, 50)], 400, busy) == [{"left": 0, "level": 0, "short": True}]
    assert eras(page, [(0, 100, 80, 0)], 400, busy) == [None]


def test_a_label_with_no_room_for_its_date_shows_its_place_alone(page) -> None:
    got = page.evaluate(
        "([labels, rows]) => Timeline.chartLabels.events(labels, rows, 200)",
        [[{"x": 100, "y": 200, "w": 300, "short": 80}, {"x": 100, "y": 200, "w": 300, "short": 0}], ROWS],
    )
    assert got == [{"row": HIGH, "centre": 100, "left": 60, "right": 140, "short": True}, None]


def test_an_era_label_just_past_a_marker_is_placed_not_looped_on(page) -> None:
    """259.4 - ERA_GAP is 249.39999999999998 in floating point, less than the
    marker's right edge 249.4: the label, already ERA_GAP past the marker,
    must stay where it is (the page hung here, moving it onto itself)."""
    start = 249.4 + ERA_GAP
    assert start - ERA_GAP < 249.4  # the case itself: the subtraction lands short of the edge
    got = eras(page, [(start, 722, 311)], 900, [[(131.33, 249.4)], []])
    assert got == [{"left": pytest.approx(start), "level": 0}]


def test_long_lane_names_go_on_two_lines_where_the_chart_is_narrow(page) -> None:
    """Every character 10 px wide: Counter-terrorism (170) needs at least 90
    (Counter- / terrorism), so every name wider than 90 is broken, each where
    its longer line is shortest; Attack (60) stays whole; a single word cannot be broken."""
    got = page.evaluate(
        "(names) => Timeline.chartLabels.laneNames(names, t => 10 * t.length)",
        ["Attack", "Foiled plot", "Counter-terrorism", "Statements"],
    )
    assert got == {"text": ["Attack", "Foiled<br>plot", "Counter-<br>terrorism", "Statements"], "width": 100}
