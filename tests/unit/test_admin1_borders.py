"""The borders between first-level regions: how scripts/make_admin1_borders.py
finds them (the segments two regions of one country share), joins,
simplifies and encodes them, on shapes drawn by hand whose answer follows
from the rule; and the shipped file timeline/data/admin1-borders.json."""

from __future__ import annotations

import sys

import pytest

from timeline import countries, maplabels

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import make_admin1_borders as make  # scripts/make_admin1_borders.py: regenerates the data file


def square(x: float, y: float, side: float = 1.0) -> list[tuple[float, float]]:
    """A closed ring: the square with its lower left corner at (x, y)."""
    return [(x, y), (x + side, y), (x + side, y + side), (x, y + side), (x, y)]


def feature(code: str, *rings: list[tuple[float, float]]) -> dict:
    return {"properties": {"iso_a2": code}, "geometry": {"type": "Polygon", "coordinates": [list(r) for r in rings]}}


def decode(flat: list[int]) -> list[tuple[int, int]]:
    points = [(flat[0], flat[1])]
    for i in range(2, len(flat), 2):
        points.append((points[-1][0] + flat[i], points[-1][1] + flat[i + 1]))
    return points


def test_two_squares_side_by_side_share_one_edge() -> None:
    # The second runs the other way round: a shared edge is found in either direction.
    left, right = square(0, 0), square(1, 0)[::-1]
    assert make.shared_segments([left, right]) == {((1, 0), (1, 1))}
    # Apart, they share nothing; a ring that runs over an edge twice shares it with no one.
    assert make.shared_segments([square(0, 0), square(5, 5)]) == set()
    assert make.shared_segments([[(0, 0), (1, 0), (0, 0)]]) == set()


def test_shared_segments_are_joined_into_lines_broken_where_three_meet() -> None:
    # Three squares in an L: (0,0), (1,0), (0,1). Inside lines: x=1 from y=0 to 1,
    # y=1 from x=0 to 1; they meet at (1, 1).
    rings = [square(0, 0), square(1, 0), square(0, 1)]
    shared = make.shared_segments(rings)
    assert shared == {((1, 0), (1, 1)), ((0, 1), (1, 1))}
    # (1, 1) has two neighbours here, so the two edges are one line through it.
    lines = make.join(shared)
    assert lines == [[(0, 1), (1, 1), (1, 0)]]
    # A fourth square fills the corner: the cross through (1, 1) is four lines from it.
    lines = make.join(make.shared_segments([*rings, square(1, 1)]))
    assert sorted(map(tuple, lines)) == [
        ((0, 1), (1, 1)),
        ((1, 0), (1, 1)),
        ((1, 1), (1, 2)),
        ((1, 1), (2, 1)),
    ]


def test_a_region_inside_another_is_one_closed_line_from_its_least_vertex() -> None:
    outer = square(0, 0, 4)
    hole = square(1, 1, 2)
    inner = hole[::-1]
    lines = make.join(make.shared_segments([outer, hole, inner]))
    assert len(lines) == 1
    line = lines[0]
    assert line[0] == line[-1] == (1, 1)
    assert set(line) == {(1, 1), (3, 1), (3, 3), (1, 3)}
    # The same whatever the order the segments come in.
    assert make.join(sorted(make.shared_segments([inner, outer, hole]), reverse=True)) == lines


def test_simplify_drops_what_lies_within_the_tolerance_and_keeps_the_ends() -> None:
    # A straight run along y = 0 with two small wobbles, then a peak 0.5 high.
    line = [(0.0, 0.0), (1.0, 0.004), (2.0, -0.003), (3.0, 0.0), (3.5, 0.5), (4.0, 0.0)]
    # The wobbles lie 0.004 and 0.003 from the line (0,0)-(3,0), the run's ends, which are kept.
    assert make.simplify(line, 0.01) == [(0.0, 0.0), (3.0, 0.0), (3.5, 0.5), (4.0, 0.0)]
    assert make.simplify(line, 1.0) == [(0.0, 0.0), (4.0, 0.0)]
    assert make.simplify(line, 0.001) == line
    # A closed loop (a unit square) keeps its far corner, 1.41 away; the two
    # others are 0.71 from the lines to it.
    loop = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    assert make.simplify(loop, 0.8) == [(0, 0), (1, 1), (0, 0)]
    assert make.simplify(loop, 0.5) == loop


def test_encoded_is_hundredths_as_steps_with_repeats_dropped() -> None:
    assert make.encoded([(60.004, 30.0), (60.0, 30.001), (61.25, 29.5), (61.5, 30.0)]) == [6000, 3000, 125, -50, 25, 50]
    assert decode([6000, 3000, 125, -50, 25, 50]) == [(6000, 3000), (6125, 2950), (6150, 3000)]
    assert make.encoded([(1.001, 2.0), (1.002, 2.001)]) is None  # one point once rounded


def test_borders_keep_only_the_lines_inside_a_country() -> None:
    # XX: two regions side by side; YY: one region against XX's east side,
    # and ZZ one region alone. The border XX–YY is no one's inside line.
    # Natural Earth marks a region of no country "-99": left out.
    features = [
        feature("XX", square(0, 0)),
        feature("XX", square(1, 0)),
        feature("YY", square(2, 0)),
        feature("ZZ", square(9, 9)),
        feature("-99", square(5, 5)),
        feature("-99", square(6, 5)),
    ]
    assert make.borders(features, 0.01) == {"XX": [[100, 0, 0, 100]]}


@pytest.fixture(scope="module")
def shipped() -> dict[str, list[list[int]]]:
    return maplabels._all_borders()


def test_the_shipped_file_covers_the_events_countries(shipped) -> None:
    iso = set(countries.geonames("countries"))
    assert all(len(code) == 2 and code.isupper() and code in iso for code in shipped), sorted(set(shipped) - iso)
    for code in ("AF", "IR", "RU", "IQ", "SY"):
        assert len(shipped[code]) >= 10, code


def test_the_shipped_lines_lie_in_their_country(shipped) -> None:
    # Afghanistan, 60.5-75 E and 29.4-38.5 N: every vertex of its lines within that box.
    for flat in shipped["AF"]:
        assert len(flat) >= 4 and len(flat) % 2 == 0
        for lon, lat in decode(flat):
            assert 6040 <= lon <= 7500 and 2930 <= lat <= 3850, (lon, lat)
    for lines in shipped.values():
        for flat in lines:
            assert all(-18000 <= lon <= 18000 and -9000 <= lat <= 9000 for lon, lat in decode(flat))


def test_a_page_carries_only_the_countries_asked_for_in_that_order() -> None:
    borders = maplabels.borders(["SY", "XX", "AF"])
    assert list(borders) == ["SY", "AF"]
    assert borders["AF"] == maplabels._all_borders()["AF"]
