"""The timeline picture's layout rules alone (chartpicture.py), on made-up
inputs: labels and leader lines, the size key's figures."""

from __future__ import annotations

import itertools

import pytest

from timeline.chartpicture import GAP, place_labels, size_references
from timeline.values import Count


def _check(placed, plot_width: float) -> None:
    for p in placed:
        assert 0 <= p.left < p.right <= plot_width
        assert p.left <= p.x <= p.right, "the leader line meets its own label"
    for a, b in itertools.combinations(placed, 2):
        if a.row == b.row:
            assert a.right + GAP <= b.left or b.right + GAP <= a.left, f"labels {a.key} and {b.key} overlap"
        assert abs(a.x - b.x) >= 2, "two leader lines on one another"
        low, high = (a, b) if a.row < b.row else (b, a)
        if low.row != high.row:
            # the higher label's leader line passes the lower row: never through its label
            assert not (low.left - GAP < high.x < low.right + GAP), f"{high.key}'s leader line crosses {low.key}"


CASES = [
    # (key, x, width): close together at the right, as the shipped attacks are
    [(0, 500, 350), (1, 573, 270), (2, 590, 300), (3, 660, 160), (4, 672, 280)],
    # near the left edge: labels must go to the right of their lines
    [(0, 20, 200), (1, 60, 200), (2, 100, 200)],
    # spread out: one row is enough
    [(0, 150, 100), (1, 400, 100), (2, 650, 100)],
    # too many for the rows: some are left out, none overlap
    [(n, 300 + 7 * n, 250) for n in range(10)],
]


@pytest.mark.parametrize("items", CASES)
@pytest.mark.parametrize("order", ["left", "right"])
def test_labels_never_overlap_and_leader_lines_cross_nothing(items, order: str) -> None:
    items = sorted(items, key=lambda item: item[1], reverse=order == "right")
    placed = place_labels(items, 740, 5)
    _check(placed, 740)
    assert placed, "at least one label has a place"


def test_spread_out_labels_share_one_row() -> None:
    placed = place_labels(CASES[2], 740, 5)
    assert len(placed) == 3 and {p.row for p in placed} == {0}


def test_close_labels_climb_a_staircase() -> None:
    placed = place_labels(CASES[0], 740, 6)
    assert len(placed) == 5
    rows = [p.row for p in sorted(placed, key=lambda p: p.x)]
    assert rows == sorted(rows) and len(set(rows)) == 5


class _Event:
    def __init__(self, killed: int | None) -> None:
        self.killed = Count(killed, killed, "exact") if killed is not None else None


@pytest.mark.parametrize(
    ("deaths", "want"),
    [([164, 99, 133, None], [10, 100]), ([40, 3], [2, 20]), ([7], [5]), ([None, 0], []), ([1200], [100, 1000])],
)
def test_size_key_figures_are_round_and_within_the_data(deaths, want) -> None:
    assert size_references([_Event(d) for d in deaths]) == want
