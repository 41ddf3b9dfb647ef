"""chart-cull.js alone: the pure functions that decide what of the WebGL chart
can be seen, on a blank page holding only common.js and chart-cull.js, called
on small inputs made by hand, whose right answers follow from the rules
(chart-cull.js says them), not from running the code.

Throughout, the plot is 100 pixels wide and shows 0 to 1,000 ms: a pixel
column is 10 ms, column c holds x from 10c to 10c + 10."""

from __future__ import annotations

import pytest

from ..conftest import blank_page

pytestmark = pytest.mark.browser

VIEW = {"from": 0, "to": 1000, "width": 100}
DAY = 86_400_000


@pytest.fixture(scope="module")
def page(browser):
    """A blank page with only common.js and chart-cull.js; it may fetch nothing."""
    with blank_page(browser, ("common.js", "chart-cull.js")) as loaded:
        page = loaded.page
        # Alone: nothing else of the chart (or the page) is there to lean on.
        assert page.evaluate("() => [typeof Timeline.cull, typeof Timeline.chartPoints, typeof Plotly]") == [
            "object",
            "undefined",
            "undefined",
        ]
        yield page


def markers(page, x, size, *, open_=False, shown=None, view=VIEW, band=None) -> list[int]:
    """T.cull.markers on a trace of events 0..n-1 drawn in that order: the positions kept."""
    return page.evaluate(
        """([x, size, open, shown, view, band]) => {
          const b = {members: Int32Array.from(x, (_, i) => i), x: Float64Array.from(x), size: Float32Array.from(size), open};
          const got = Timeline.cull.markers(b, shown, view, band && Float64Array.from(band));
          return Array.from(got.keep);
        }""",
        [x, size, open_, shown if shown is not None else [1] * len(x), view, band],
    )


def test_a_filled_marker_wholly_under_a_later_larger_one_is_left_out(page) -> None:
    # Both in column 50; the later disc (radius 10) covers the earlier (radius 5) everywhere.
    assert markers(page, [505, 505], [10, 20]) == [1]


def test_a_filled_marker_under_a_later_one_of_its_size_is_left_out(page) -> None:
    assert markers(page, [505, 506], [10, 10]) == [1]


def test_a_larger_filled_marker_under_a_later_smaller_one_is_kept(page) -> None:
    # Drawn later but smaller: the earlier disc shows around it.
    assert markers(page, [505, 505], [20, 10]) == [0, 1]


def test_a_filled_marker_half_covered_is_kept(page) -> None:
    # Radius 5 at column 50, the later one at column 53: columns 45 to 47 of the earlier show.
    assert markers(page, [505, 535], [10, 10]) == [0, 1]


def test_a_filled_marker_covered_by_two_later_ones_together_is_left_out(page) -> None:
    # Radius 2 at column 50 spans columns 48 to 52, half as tall as
    # sqrt(4 - d^2) at d columns off. Radius 3 at column 52 covers only
    # columns 49 to 55: alone, it leaves column 48 of the first showing.
    assert markers(page, [505, 525], [4, 6]) == [0, 1]
    # With another at column 48, each column is covered at least as tall:
    # 48 and 52 by 3, 49 and 51 by sqrt(8) >= sqrt(3), 50 by sqrt(5) >= 2.
    assert markers(page, [505, 485, 525], [4, 6, 6]) == [1, 2]


def test_markers_of_a_lane_are_kept_in_their_drawing_order(page) -> None:
    assert markers(page, [105, 305, 205, 405], [10, 10, 10, 10]) == [0, 1, 2, 3]


def test_a_filtered_out_marker_covers_nothing(page) -> None:
    # The later, larger one is filtered out: it is not drawn, so it hides nothing, and is not kept.
    assert markers(page, [505, 505], [10, 20], shown=[1, 0]) == [0]


def test_markers_well_outside_the_plot_are_left_out_and_near_ones_kept(page) -> None:
    # A plot's width to spare on each side (for panning), and EDGE_PX more
    # for a marker's edge: columns -120 to 219 are kept, those well beyond not.
    assert page.evaluate("() => Timeline.cull.EDGE_PX") == 20
    x = [-1195, -1205, 2195, 2300, 1500, -500]  # columns -120, -121, 219, 230, 150, -50
    assert markers(page, x, [10] * 6) == [0, 2, 4, 5]


def test_open_markers_hide_only_the_same_size_in_the_same_column(page) -> None:
    # Rings hide nothing of a smaller or larger ring: only an equal one in the same column.
    assert markers(page, [505, 509], [10, 10], open_=True) == [1]
    assert markers(page, [505, 505], [10, 20], open_=True) == [0, 1]
    assert markers(page, [505, 505], [20, 10], open_=True) == [0, 1]
    assert markers(page, [505, 515], [10, 10], open_=True) == [0, 1]  # columns 50 and 51


def test_a_ring_inside_the_band_of_its_lanes_filled_markers_is_left_out(page) -> None:
    # The band: half-heights per column, counted from column -120 (the plot's
    # width and EDGE_PX to the left). Column 50 is at 170; 6 pixels tall everywhere near it.
    band = [-1.0] * 341
    for c in range(160, 181):
        band[c] = 6.0
    assert markers(page, [505], [10], open_=True, band=band) == []  # radius 5 inside 6
    assert markers(page, [505], [14], open_=True, band=band) == [0]  # radius 7 sticks out


def test_the_band_of_filled_markers_is_as_tall_as_their_tallest_disc(page) -> None:
    band = page.evaluate(
        """() => Array.from(Timeline.cull.markers(
            {members: Int32Array.of(0, 1), x: Float64Array.of(505, 505), size: Float32Array.of(20, 8), open: false},
            [1, 1], {from: 0, to: 1000, width: 100}, null).band)"""
    )
    middle = 120 + 50
    assert band[middle] == 10  # radius 10 disc, centred there
    assert band[middle + 6] == pytest.approx(8)  # sqrt(100 - 36)
    assert band[middle - 10] == 0  # its edge
    assert band[middle + 11] == -1  # beyond it: nothing


def test_under_needs_the_band_in_every_column_the_disc_spans(page) -> None:
    result = page.evaluate(
        """() => {
          const band = new Float64Array(20).fill(3);
          const holed = Float64Array.from(band); holed[12] = 1;
          return [Timeline.cull.under(band, 10, 3), Timeline.cull.under(band, 10, 4), Timeline.cull.under(holed, 10, 3)];
        }"""
    )
    assert result == [True, False, False]


def runs(page, bars, *, shown=None) -> list:
    """T.cull.runs on bars [(first, end), ...], as T.cull.order needs them: whole
    days. Here a day stands for a millisecond of VIEW (the plot shows 0 to 1,000
    days, a pixel column is 10 days), so the numbers read as above. The runs,
    as [(start, end), ...]."""
    xs = page.evaluate(
        """([bars, shown, view, day]) => {
          const first = bars.map(b => b[0] * day), end = bars.map(b => b[1] * day);
          const members = bars.map((_, i) => i);
          const at = {from: view.from * day, to: view.to * day, width: view.width};
          const xs = Timeline.cull.runs(Timeline.cull.order(members, first), Timeline.cull.order(members, end), first, end, shown, at);
          return Array.from(xs, v => v === v ? v / day : null);
        }""",
        [bars, shown if shown is not None else [1] * len(bars), VIEW, DAY],
    )
    assert xs[2::3] == [None] * (len(xs) // 3)  # a gap after each run
    return [(xs[k], xs[k + 1]) for k in range(0, len(xs), 3)]


def test_bars_apart_are_runs_of_their_own(page) -> None:
    assert runs(page, [(0, 100), (300, 400)]) == [(0, 100), (300, 400)]


def test_overlapping_bars_are_one_run_at_each_depth(page) -> None:
    # 0-300 is covered once or more, 100-200 twice.
    assert runs(page, [(0, 200), (100, 300)]) == [(0, 300), (100, 200)]


def test_a_gap_under_a_pixel_is_closed_and_one_of_a_pixel_is_not(page) -> None:
    assert runs(page, [(0, 100), (105, 200)]) == [(0, 200)]  # 5 ms: half a pixel
    assert runs(page, [(0, 100), (110, 200)]) == [(0, 100), (110, 200)]  # 10 ms: a pixel


def test_runs_go_no_deeper_than_span_depth(page) -> None:
    depth = page.evaluate("() => Timeline.cull.SPAN_DEPTH")
    assert depth == 8
    assert runs(page, [(0, 100)] * 12) == [(0, 100)] * depth


def test_bars_filtered_out_or_far_outside_the_plot_are_left_out(page) -> None:
    assert runs(page, [(0, 100), (300, 400)], shown=[0, 1]) == [(300, 400)]
    # The plot shows 0-1,000 ms; with a plot's width to spare each side, a
    # run that reaches into -1,000 to 2,000 is kept.
    bars = [(2300, 2400), (1900, 2100), (-1100, -1000), (-1500, -1200)]
    assert runs(page, bars) == [(-1100, -1000), (1900, 2100)]


def test_order_sorts_by_day_and_keeps_ties_in_their_order(page) -> None:
    got = page.evaluate(
        "(day) => Array.from(Timeline.cull.order([4, 7, 2, 9], [0, 0, 5 * day, 0, 3 * day, 0, 0, 1 * day, 0, 3 * day]))",
        DAY,
    )
    assert got == [7, 4, 9, 2]
