"""chart.opening_range: the range the pages' timeline opens on, on events made
by hand (days since chart.EPOCH), each answer worked out from the rule in its
docstring."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from timeline.chart import EPOCH, Geometry, opening_range


def day(n: int):
    return EPOCH + timedelta(days=n)


def events_at(spans: list[tuple[int, int]], categories: list[str] | None = None):
    """Events with these (first, last) days, their markers in the middle."""
    categories = categories or ["statement"] * len(spans)
    events = [SimpleNamespace(category=c) for c in categories]
    first = [f for f, _ in spans]
    last = [la for _, la in spans]
    at = Geometry(first=first, last=last, middle=[f + (la - f) // 2 for f, la in spans], size=[], ring=[], lane=[])
    return events, at


WHOLE = (day(-100), day(10_200))


def test_it_opens_on_the_shortest_span_holding_four_fifths_padded() -> None:
    # One event long before, nine 10 days apart: the shortest span holding 8
    # is 10000-10070 (the first such), padded by 30 days.
    events, at = events_at([(0, 0)] + [(10_000 + 10 * k, 10_000 + 10 * k) for k in range(9)])
    assert opening_range(events, at, WHOLE) == (day(9_970), day(10_100))


def test_a_bar_an_end_would_cut_is_taken_in_whole() -> None:
    events, at = events_at([(0, 0), (9_900, 9_985)] + [(10_000 + 10 * k, 10_000 + 10 * k) for k in range(8)])
    assert opening_range(events, at, WHOLE) == (day(9_870), day(10_100))


def test_every_attack_is_taken_in_and_most_of_the_whole_is_the_whole() -> None:
    spans = [(0, 0)] + [(10_000 + 10 * k, 10_000 + 10 * k) for k in range(9)]
    events, at = events_at(spans, ["attack"] + ["statement"] * 9)
    assert opening_range(events, at, WHOLE) == WHOLE


def test_under_five_events_it_is_the_whole() -> None:
    events, at = events_at([(0, 0), (10_000, 10_000), (10_010, 10_010), (10_020, 10_020)])
    assert opening_range(events, at, WHOLE) == WHOLE
