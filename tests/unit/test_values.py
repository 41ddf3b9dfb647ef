"""Dates as precise as their source, counts with their uncertainty, coordinates."""

from __future__ import annotations

import calendar
import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.errors import ValueProblem
from timeline.values import Count, PartialDate, parse_coordinates


@pytest.mark.parametrize(
    ("text", "precision", "start", "end", "label"),
    [
        ("2014", "year", date(2014, 1, 1), date(2014, 12, 31), "2014"),
        ("2022-09", "month", date(2022, 9, 1), date(2022, 9, 30), "Sep 2022"),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29), "Feb 2024"),
        ("2024-03-22", "day", date(2024, 3, 22), date(2024, 3, 22), "22 Mar 2024"),
        (" 2021-08 ", "month", date(2021, 8, 1), date(2021, 8, 31), "Aug 2021"),
    ],
)
def test_dates_keep_their_precision(text: str, precision: str, start: date, end: date, label: str) -> None:
    d = PartialDate.parse(text)
    assert (d.precision, d.start, d.end, d.label) == (precision, start, end, label)
    assert d.iso == text.strip()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-02-30", "has day 30, but Feb 2024 has 29 days"),
        ("2023-02-29", "has day 29, but Feb 2023 has 28 days"),
        ("2024-13", "has month 13, which does not exist"),
        ("2024-00", "has month 00, which does not exist"),
        ("24-03-22", "is not a date"),
        ("22/03/2024", "is not a date"),
        ("March", "is not a date"),
        ("2024-3-22", "is not a date"),
        ("0000", "has year 0000"),
    ],
)
def test_impossible_dates_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(ValueProblem) as err:
        PartialDate.parse(text)
    assert err.value.message == message
    assert (
        err.value.fix
        == "write YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source (~YYYY when even the year is approximate)"
    )


@pytest.mark.parametrize(
    ("text", "low", "high", "label"),
    [
        ("13", 13, 13, "13"),
        ("0", 0, 0, "0"),
        ("133-145", 133, 145, "133–145"),
        ("133 - 145", 133, 145, "133–145"),
        ("100+", 100, None, "at least 100"),
        (">150", 151, None, "more than 150"),
        ("~100", 100, 100, "about 100"),
        ("1500", 1500, 1500, "1,500"),
    ],
)
def test_counts_parse_to_low_and_high(text: str, low: int, high: int | None, label: str) -> None:
    c = Count.parse(text)
    assert (c.low, c.high, c.label) == (low, high, label)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-3", "is negative"),
        ("abc", "is not a count"),
        ("150-100", "is a range from 150 down to 100"),
        ("1e9", "is not a count"),
        ("12.5", "is not a count"),
        ("99999999", "is larger than 10,000,000"),
    ],
)
def test_bad_counts_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueProblem) as err:
        Count.parse(text)
    assert err.value.message == message


def test_a_reversed_range_says_how_to_write_it() -> None:
    with pytest.raises(ValueProblem) as err:
        Count.parse("150-100")
    assert err.value.fix == "write it low-high: 100-150"


@pytest.mark.parametrize(
    ("lat", "lon", "column", "message"),
    [
        ("91", "100", "lat", "is beyond ±90"),
        ("10", "181", "lon", "is beyond ±180"),
        ("nan", "10", "lat", "is not a finite number"),
        ("69.2", "34.5", None, None),  # plausible either way: accepted as given
        ("120.5", "34.5", "lat", "is beyond ±90; lat and lon look swapped"),
        ("34.5", "", "lat", "is given without lon"),
        ("", "69.2", "lon", "is given without lat"),
        ("north", "69", "lat", "is not a number"),
    ],
)
def test_coordinates_are_checked(lat: str, lon: str, column: str | None, message: str | None) -> None:
    if message is None:
        assert parse_coordinates(lat, lon) == (float(lat), float(lon))
        return
    with pytest.raises(ValueProblem) as err:
        parse_coordinates(lat, lon)
    assert (err.value.column, err.value.message) == (column, message)


def test_blank_coordinates_mean_none() -> None:
    assert parse_coordinates("", " ") is None


@given(st.dates(min_value=date(1, 1, 1)), st.sampled_from(["year", "month", "day"]))
def test_any_real_date_round_trips_at_each_precision(d: date, precision: str) -> None:
    text = {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}", "day": d.isoformat()}[precision]
    parsed = PartialDate.parse(text)
    assert parsed.iso == text
    assert parsed.precision == precision
    assert parsed.start <= d <= parsed.end or precision == "day"
    if precision == "month":
        assert parsed.end.day == calendar.monthrange(d.year, d.month)[1]


@given(st.text(max_size=20))
def test_date_parser_raises_only_its_own_error(text: str) -> None:
    with contextlib.suppress(ValueProblem):
        PartialDate.parse(text)


@given(st.text(max_size=20))
def test_count_parser_raises_only_its_own_error(text: str) -> None:
    try:
        c = Count.parse(text)
    except ValueProblem:
        return
    assert c.low >= 0
    assert c.high is None or c.high >= c.low


@given(st.text(max_size=12), st.text(max_size=12))
def test_coordinate_parser_raises_only_its_own_error(lat: str, lon: str) -> None:
    try:
        result = parse_coordinates(lat, lon)
    except ValueProblem:
        return
    if result is not None:
        assert -90 <= result[0] <= 90
        assert -180 <= result[1] <= 180


# One part of a figure as a table may write it: a qualifier (word or sign), a
# number (with or without thousands commas), a range or "+", who was counted.
_QUALIFIER = st.sampled_from(["", "at least ", "More than ", "over ", "nearly ", "around ", "~", ">", "< ", "up to "])
_NOUN = st.sampled_from(["", " people", " U.S. service members", " Afghans and others"])


@st.composite
def _count_part(draw) -> str:
    n = draw(st.integers(1, 2_000_000))
    how = draw(st.sampled_from(["plain", "range", "plus"]))
    number = f"{n:,}" if draw(st.booleans()) else str(n)
    if how == "range":
        return f"{number}-{n + draw(st.integers(0, 500))}{draw(_NOUN)}"
    if how == "plus":
        return f"{number}+{draw(_NOUN)}"
    return f"{draw(_QUALIFIER)}{number}{draw(_NOUN)}"


@given(st.lists(_count_part(), min_size=1, max_size=3), st.sampled_from([" + ", "; ", " and "]))
def test_a_count_label_reads_back_as_the_same_count(parts: list[str], join: str) -> None:
    """The briefing page's Download writes killed and injured as their labels
    (share.js): each must read back as the figure the table gave."""
    count = Count.parse(join.join(parts))
    assert Count.parse(count.label) == count
