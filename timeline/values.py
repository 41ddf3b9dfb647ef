"""Parsers for the cell values of an events table: dates as precise as their
source, casualty counts with their uncertainty, and coordinates.

Each parser takes the cell's text and returns a small immutable value, or
raises ``ValueProblem`` saying what is wrong and how to write it instead.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .errors import ValueProblem


class cached:
    """``functools.cached_property`` without its lock: Python 3.11's takes a
    lock on every first read, ten times the work of the value itself, and a
    big table has tens of thousands of distinct dates and counts. The value is
    kept in the instance's ``__dict__``, which is read before this from then on."""

    def __init__(self, function):
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DATE_FIX = "write YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source"
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day.

    ``start`` and ``end`` are the first and last day it may stand for:
    ``2022-09`` is any day from 1 to 30 September 2022.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    @lru_cache(maxsize=1 << 16)  # a big table repeats its dates: each is parsed once
    def parse(cls, text: str) -> PartialDate:
        match = _DATE.fullmatch(text.strip())
        if not match:
            raise ValueProblem("is not a date", DATE_FIX)
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year < 1:
            raise ValueProblem("has year 0000", DATE_FIX)
        if month is not None and not 1 <= month <= 12:
            raise ValueProblem(f"has month {month:02d}, which does not exist", DATE_FIX)
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueProblem(f"has day {day:02d}, but {MONTHS[month - 1]} {year} has {last} days", DATE_FIX)
        return cls(year, month, day)

    @cached
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @cached
    def start(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @cached
    def end(self) -> date:
        if self.day:
            return self.start
        if self.month:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    @cached
    def iso(self) -> str:
        """The date written back as precisely as it was given."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @cached
    def label(self) -> str:
        """For people: ``2014``, ``Sep 2022``, ``22 Mar 2024``."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"  # type: ignore[operator]
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)


COUNT_FIX = (
    "write a whole number (13), a range (133-145), at least (100+), "
    "more than (>150), about (~100), or leave it blank if unknown"
)
_COUNT = re.compile(r"(?:(\d+)\s*-\s*(\d+)|(\d+)\s*\+|>\s*(\d+)|~\s*(\d+)|(\d+))")
MAX_COUNT = 10_000_000


@dataclass(frozen=True)
class Count:
    """A number of people killed or injured, as exactly as it is known.

    ``low`` is the least the source allows; ``high`` the most, or ``None``
    when there is no upper bound ("at least 100").
    """

    low: int
    high: int | None
    kind: str  # exact | range | at least | more than | about

    @classmethod
    @lru_cache(maxsize=1 << 14)
    def parse(cls, text: str) -> Count:
        match = _COUNT.fullmatch(text.strip())
        if not match:
            if text.strip().startswith("-"):
                raise ValueProblem("is negative", COUNT_FIX)
            raise ValueProblem("is not a count", COUNT_FIX)
        lo, hi, at_least, more_than, about, exact = match.groups()
        numbers = [int(n) for n in match.groups() if n is not None]
        if max(numbers) > MAX_COUNT:
            raise ValueProblem(f"is larger than {MAX_COUNT:,}", COUNT_FIX)
        if lo is not None:
            low, high = int(lo), int(hi)
            if high < low:
                raise ValueProblem(f"is a range from {low} down to {high}", f"write it low-high: {high}-{low}")
            return cls(low, high, "range" if low != high else "exact")
        if at_least is not None:
            return cls(int(at_least), None, "at least")
        if more_than is not None:
            return cls(int(more_than) + 1, None, "more than")
        if about is not None:
            return cls(int(about), int(about), "about")
        return cls(int(exact), int(exact), "exact")

    @cached
    def label(self) -> str:
        if self.kind == "range":
            return f"{self.low:,}–{self.high:,}"
        if self.kind == "at least":
            return f"at least {self.low:,}"
        if self.kind == "more than":
            return f"more than {self.low - 1:,}"
        if self.kind == "about":
            return f"about {self.low:,}"
        return f"{self.low:,}"


COORD_FIX = "write decimal degrees, lat from -90 to 90 and lon from -180 to 180, or leave both blank"


def parse_coordinates(lat_text: str, lon_text: str) -> tuple[float, float] | None:
    """Both blank gives ``None``; both numbers in range give ``(lat, lon)``.

    Raises ``ValueProblem`` whose ``column`` names the cell at fault.
    """
    lat_text, lon_text = lat_text.strip(), lon_text.strip()
    if not lat_text and not lon_text:
        return None
    if not lat_text or not lon_text:
        missing, given = ("lat", "lon") if not lat_text else ("lon", "lat")
        raise _coord_problem(given, f"is given without {missing}", f"fill in {missing} too, or clear both")
    lat = _degrees(lat_text, "lat")
    lon = _degrees(lon_text, "lon")
    if abs(lat) > 90:
        if abs(lon) <= 90 and abs(lat) <= 180:
            raise _coord_problem("lat", "is beyond ±90; lat and lon look swapped", "swap the lat and lon cells")
        raise _coord_problem("lat", "is beyond ±90", COORD_FIX)
    if abs(lon) > 180:
        raise _coord_problem("lon", "is beyond ±180", COORD_FIX)
    return lat, lon


def _degrees(text: str, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _coord_problem(column, "is not a number", COORD_FIX) from None
    if not math.isfinite(value):
        raise _coord_problem(column, "is not a finite number", COORD_FIX)
    return value


def _coord_problem(column: str, message: str, fix: str) -> ValueProblem:
    return ValueProblem(message, fix, column=column)
