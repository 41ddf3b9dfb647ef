"""Parsers for the cell values of an events table: dates as precise as their
source, casualty counts with their uncertainty, and coordinates.

Each parser takes the cell's text and returns a small immutable value, or
raises ``ValueProblem`` saying what is wrong and how to write it instead.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .bidi import isolate
from .errors import ValueProblem
from .language import Language, _
from .language import current as current_language


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
DATE_FIX = "write YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source (~YYYY when even the year is approximate)"
_DATE = re.compile(r"(~\s*)?([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day.

    ``start`` and ``end`` are the first and last day it may stand for:
    ``2022-09`` is any day from 1 to 30 September 2022. ``approximate``: even
    the year is not sure (``~2019``, "five years ago"); drawn as that year,
    labelled "about 2019".
    """

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    @classmethod
    @lru_cache(maxsize=1 << 16)  # a big table repeats its dates: each is parsed once
    def parse(cls, text: str) -> PartialDate:
        match = _DATE.fullmatch(text.strip())
        if not match:
            raise ValueProblem("is not a date", DATE_FIX)
        approximate = match.group(1) is not None
        year, month, day = (int(g) if g else None for g in match.groups()[1:])
        assert year is not None
        if approximate and month is not None:
            raise ValueProblem("is an approximate date with a month", "write ~YYYY alone, or the month without '~'")
        if year < 1:
            raise ValueProblem("has year 0000", DATE_FIX)
        if month is not None and not 1 <= month <= 12:
            raise ValueProblem(f"has month {month:02d}, which does not exist", DATE_FIX)
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueProblem(f"has day {day:02d}, but {MONTHS[month - 1]} {year} has {last} days", DATE_FIX)
        return cls(year, month, day, approximate)

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
        parts = [f"{'~' if self.approximate else ''}{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def label(self) -> str:
        """For people, in the language in use: ``2014``, ``Sep 2022``, ``22 Mar 2024``."""
        return _date_label(current_language(), self.year, self.month, self.day, self.approximate)

    @cached
    def phrases(self) -> tuple[str, ...]:
        """Ways a source may write this date, any of which in a quote states it."""
        if self.approximate:
            return ()  # a source never words a guess at the year as the year itself
        if not self.month:
            return (str(self.year),)
        name = calendar.month_name[self.month]
        if not self.day:
            return (f"{name} {self.year}", f"{MONTHS[self.month - 1]} {self.year}")
        return (f"{self.day} {name} {self.year}", f"{name} {self.day}, {self.year}", f"{name} {self.day} {self.year}")


@lru_cache(maxsize=1 << 16)
def _date_label(language: Language, year: int, month: int | None, day: int | None, approximate: bool) -> str:
    if approximate and not month:
        return _("about {year}").format(year=language.digits(str(year)))
    return language.date(year, month, day)


def dates_label(start: PartialDate, end: PartialDate | None) -> str:
    """An event's date, or its first and last dates, in the language in use:
    ``26 Aug 2021``, ``Sep 2022 – Mar 2024``."""
    if end is None:
        return start.label
    return _("{start} – {end}").format(start=start.label, end=end.label)


@lru_cache(maxsize=8)
def _joiners(language: Language) -> dict[str, str]:
    """How ``joined`` joins two items in ``language`` (the language in use)."""
    # TRANSLATORS: the word between the last two items of a list: "13 and more than 150".
    conjunction = _("and")
    return {"and": f"{{before}} {conjunction} {{after}}", ",": _("{before}, {after}"), ";": _("{before}; {after}")}


def joined(items: Iterable[str], how: str = "and") -> str:
    """Items one after another in the language in use: ``a and b and c``
    (``how="and"``), ``a, b, c`` (``","``) or ``a; b; c`` (``";"``)."""
    if type(items) in (list, tuple) and len(items) < 2:  # type: ignore[arg-type]
        return items[0] if items else ""  # type: ignore[index]
    template = _joiners(current_language())[how]
    if template.startswith("{before}") and template.endswith("{after}") and template.count("{") == 2:
        return template[len("{before}") : -len("{after}")].join(items)  # most languages: one joiner
    text = None
    for item in items:
        text = item if text is None else template.format(before=text, after=item)
    return text or ""


class Words(Mapping):
    """A fixed set of our words by key, read in the language in use each time
    it is asked (``words`` makes them: each a literal ``_("...")``, so the
    catalogues find it). For module-level tables such as
    ``datablock.PRECISION_LABELS``, made when a module is imported, before a
    build says which language it is in."""

    def __init__(self, words: Callable[[], dict[str, str]]):
        self.words = words
        self._made: dict[str, dict[str, str]] = {}
        self._last: tuple[Language | None, dict[str, str]] = (None, {})

    def now(self) -> dict[str, str]:
        """The words in the language in use, as a plain dict."""
        language = current_language()
        last = self._last
        if last[0] is language:  # asked for every event of a big table
            return last[1]
        made = self._made.get(language.code)
        if made is None:
            made = self._made[language.code] = self.words()
        self._last = (language, made)
        return made

    def __getitem__(self, key: str) -> str:
        return self.now()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.now())

    def __len__(self) -> int:
        return len(self.now())


COUNT_FIX = (
    "write the figure as the source words it: 13, 133-145, at least 100 (or 100+), more than 150 (>150), "
    "nearly 100, about 100 (~100), up to 50, fewer than 10 (<10), parts joined by ' + ' "
    "(13 U.S. service members + more than 150 Afghans), or leave it blank if unknown"
)
MAX_COUNT = 10_000_000

# The words a figure may be qualified with, as a source writes them, and the
# kind each stands for. "nearly 100" is below 100; "about 100" either side.
QUALIFIERS = {
    "at least": "at least",
    "more than": "more than",
    "over": "more than",
    "nearly": "nearly",
    "almost": "nearly",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "up to": "up to",
    "fewer than": "fewer than",
    "less than": "fewer than",
    "under": "fewer than",
}
KIND_WORD = {"at least": "at least", "more than": "more than", "nearly": "nearly", "about": "about",
             "up to": "up to", "fewer than": "fewer than"}  # fmt: skip
_SYMBOLS = {">": "more than", "~": "about", "<": "fewer than"}
_WORDS = "|".join(sorted(QUALIFIERS, key=len, reverse=True)).replace(" ", r"\s+")
_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+"
_PART = re.compile(
    rf"(?:(?P<symbol>[>~<])\s*|(?P<word>{_WORDS})\s+)?(?P<n>{_NUMBER})"
    rf"(?:\s*[-–]\s*(?P<hi>{_NUMBER})|\s*(?P<plus>\+))?(?:\s+(?P<noun>\S.*))?",
    re.IGNORECASE | re.DOTALL,
)
# Parts of a compound figure: "13 U.S. service members + more than 150 Afghans"
# (also written with "and" or ";" before a number).
_JOIN = re.compile(rf"\s+\+\s+|\s*;\s*|\s+and\s+(?=(?:{_WORDS})?\s*[>~<]?\s*[0-9])", re.IGNORECASE)
# Open-ended kinds, whose sum is still a figure ("at least 164").
_SUMMABLE = {"exact", "range", "at least", "more than"}


@dataclass(frozen=True)
class Count:
    """A number of people killed or injured, in the source's own terms.

    ``kind`` is how the source bounds it (exact, range, at least, more than,
    nearly, about, up to, fewer than; or compound: several counted parts);
    ``word`` the qualifier as written ("around" is an "about"); ``noun`` who
    was counted, as written ("U.S. service members"). ``number`` is the
    number the source names. ``low`` is what a marker is sized and ordered
    by: the least it allows, or for kinds with no floor (nearly, up to, fewer
    than) the nearest whole number inside the bound (nearly 100: 99).
    ``high`` is the most it allows, ``None`` when unbounded ("at least 100").
    """

    low: int
    high: int | None
    kind: str
    number: int = -1
    word: str = ""
    noun: str = ""
    parts: tuple[Count, ...] = ()

    def __post_init__(self) -> None:
        if self.number < 0:  # Count(13, 13, "exact"): the number is the low one
            object.__setattr__(self, "number", self.low - 1 if self.kind == "more than" else self.low)
        if not self.word and self.kind in KIND_WORD:
            object.__setattr__(self, "word", KIND_WORD[self.kind])

    @classmethod
    @lru_cache(maxsize=1 << 14)
    def parse(cls, text: str) -> Count:
        text = text.strip()
        pieces = _JOIN.split(text)
        if len(pieces) > 1:
            parts = tuple(cls._part(piece) for piece in pieces)
            high = None if any(p.high is None for p in parts) else sum(p.high for p in parts)  # type: ignore[misc]
            return cls(sum(p.low for p in parts), high, "compound", 0, "", "", parts)
        return cls._part(text)

    @classmethod
    def _part(cls, text: str) -> Count:
        match = _PART.fullmatch(text.strip())
        if not match:
            if text.strip().startswith("-"):
                raise ValueProblem("is negative", COUNT_FIX)
            if any(c.isdigit() and not c.isascii() for c in text):
                raise ValueProblem("has digits other than 0-9", "write the number with the digits 0-9")
            raise ValueProblem("is not a count", COUNT_FIX)
        symbol, word, n, hi, plus, noun = match.group("symbol", "word", "n", "hi", "plus", "noun")
        digits = [d.replace(",", "") for d in (n, hi) if d]
        if any(len(d) > 8 or int(d) > MAX_COUNT for d in digits):
            raise ValueProblem(f"is larger than {MAX_COUNT:,}", COUNT_FIX)
        number = int(digits[0])
        noun = " ".join(noun.split()) if noun else ""
        if noun and (any(c.isdigit() for c in noun) or len(noun) > 80):
            raise ValueProblem("is not a count", COUNT_FIX)
        if hi is not None:
            if word or symbol:
                raise ValueProblem("is a range with a qualifier", "write the range alone (133-145) or one figure")
            high = int(digits[1])
            if high < number:
                raise ValueProblem(f"is a range from {number} down to {high}", f"write it low-high: {high}-{number}")
            return cls(number, high, "range" if number != high else "exact", number, "", noun)
        if plus is not None:
            if word or symbol:
                raise ValueProblem("has both a qualifier and '+'", COUNT_FIX)
            return cls(number, None, "at least", number, "at least", noun)
        written = " ".join(word.lower().split()) if word else ""
        kind = QUALIFIERS[written] if word else _SYMBOLS[symbol] if symbol else "exact"
        word = written or KIND_WORD.get(kind, "")
        if kind in ("nearly", "fewer than") and number == 0:
            raise ValueProblem(f"is '{word} 0'", "a count below zero cannot be; write 0 or leave it blank")
        low, high = {
            "exact": (number, number),
            "at least": (number, None),
            "more than": (number + 1, None),
            "nearly": (number - 1, number - 1),
            "about": (number, number),
            "up to": (number, number),
            "fewer than": (number - 1, number - 1),
        }[kind]
        return cls(low, high, kind, number, word, noun)

    @cached
    def label(self) -> str:
        """In words, as the source puts it: ``at least 133``, ``nearly 100``,
        ``13 U.S. service members and more than 150 Afghans``."""
        if self.parts:
            return " and ".join(p.label for p in self.parts)
        figure = f"{self.low:,}–{self.high:,}" if self.kind == "range" else f"{self.number:,}"
        text = f"{self.word} {figure}" if self.word else figure
        return f"{text} {self.noun}" if self.noun else text

    @cached
    def figure(self) -> str:
        """The label without who was counted: ``more than 150``."""
        if self.parts:
            return " and ".join(p.figure for p in self.parts)
        return self.label[: -len(self.noun) - 1] if self.noun else self.label

    @cached
    def total(self) -> Sum | None:
        """A compound's parts added up, when that is a figure (no part is
        "nearly", "about", ...): ``13 + more than 150`` is at least 164.
        This sum is ours, not the source's: show it as derived."""
        if not self.parts or any(p.kind not in _SUMMABLE for p in self.parts):
            return None
        if self.high is not None and self.high == self.low:
            return Sum(self.low, self.low, "exact")
        if self.high is not None:
            return Sum(self.low, self.high, "range")
        return Sum(self.low, None, "at least")

    @property
    def total_how(self) -> str:
        """How ``total`` was worked out, in words, in the language in use
        (the parts' figures as the source words them)."""
        return _total_how(current_language(), self.parts) if self.parts else ""

    @cached
    def phrases(self) -> tuple[str, ...]:
        """The words that must occur in a quote for it to state this figure:
        one phrase per part (the qualifier, the number and who was counted)."""
        if self.parts:
            return tuple(phrase for p in self.parts for phrase in p.phrases)
        return (self.label,)


class Sum(Count):
    """A figure we worked out (``Count.total``): written in our words and the
    reader's digits, in the language in use (``at least 164``,
    ``не менее 164``), where a source's figure keeps the source's words."""

    @property
    def label(self) -> str:
        return _sum_label(current_language(), self.low, self.high, self.kind)

    @property
    def figure(self) -> str:
        return self.label


@lru_cache(maxsize=1 << 12)
def _sum_label(language: Language, low: int, high: int | None, kind: str) -> str:
    if kind == "range":
        return f"{language.whole(low)}–{language.whole(high or low)}"
    if kind == "at least":
        return _("at least {number}").format(number=language.whole(low))
    return language.whole(low)


@lru_cache(maxsize=1 << 12)
def _total_how(language: Language, parts: tuple[Count, ...]) -> str:
    figures = joined(isolate(p.figure, language.rtl) for p in parts)
    return _("our sum of {figures}").format(figures=figures)


# On what basis a group is named as the perpetrator, in GTD's spirit
# (``claimed``, ``guncertain``): the group's own claim, or who blames it.
BASES = {
    "claimed": "claimed by the group itself",
    "attributed": "named as responsible by",
    "alleged": "accused by",
    "suspected": "suspected by",
    "denied": "denied by",
}
BLAME_FIX = (
    "write the group, then how it is known in brackets: ISIS-K (claimed), "
    "ISIS-K (attributed by the White House), Ukraine (alleged by the Kremlin), "
    "X (suspected), X (suspected by WHO) or X (denied by WHO)"
)
_BLAME = re.compile(r"(?P<group>[^()]*?)\s*(?:\((?P<how>[^()]*)\))?", re.DOTALL)
_BASIS = re.compile(
    r"(?P<basis>claimed|attributed|alleged|suspected|denied)(?:\s+by\s+(?P<by>\S.*))?", re.I | re.DOTALL
)


@dataclass(frozen=True)
class Blame:
    """Who is named as the perpetrator, kept apart from why: ``group`` is the
    name filters group by; ``basis`` one of ``BASES`` ("" when not said);
    ``by`` who says so ("the White House"), as the source words it."""

    group: str
    basis: str = ""
    by: str = ""
    qualifier: str = ""  # a bracketed note that is not a basis, kept as written

    @classmethod
    @lru_cache(maxsize=1 << 12)
    def read(cls, text: str) -> Blame:
        """Never fails: what cannot be read as a basis is kept in ``qualifier``
        (``problem`` says what is wrong with it)."""
        text = " ".join(text.split())
        match = _BLAME.fullmatch(text)
        if not match:  # brackets unbalanced, repeated, or not at the end
            return cls(text, qualifier="(")
        group, how = match.group("group"), (match.group("how") or "").strip()
        basis = _BASIS.fullmatch(how) if how else None
        if how and basis is None:
            return cls(group, qualifier=how)
        if basis is None:
            return cls(group)
        by = basis.group("by") or ""
        return cls(group, basis.group("basis").lower(), by)

    @cached
    def problem(self) -> ValueProblem | None:
        if self.qualifier == "(":
            return ValueProblem("has brackets that do not close, or more than one pair", BLAME_FIX)
        if not self.group:
            return ValueProblem("names no group", BLAME_FIX)
        if self.qualifier:
            return ValueProblem(f"has '({self.qualifier})', which is not a basis for blame", BLAME_FIX)
        if self.basis == "claimed" and self.by:
            return ValueProblem("says 'claimed by'", "a claim is the group's own: write GROUP (claimed)")
        if self.basis in ("attributed", "alleged", "denied") and not self.by:
            return ValueProblem(f"says '{self.basis}' but not by whom", BLAME_FIX)
        return None

    @property
    def label(self) -> str:
        """As written in the table, tidied, the basis in the language in use
        (the group and who says so as written, isolated where their script
        could reorder our words): ``ISIS-K (attributed by the White House)``."""
        if self.qualifier == "(":
            return self.group
        if self.qualifier:
            return f"{self.group} ({self.qualifier})"
        if not self.basis:
            return self.group
        return _blame_label(current_language(), self.group, self.basis, self.by)

    @cached
    def phrases(self) -> tuple[str, ...]:
        """The words a quote must hold to state this: the group, and who says so."""
        return tuple(p for p in (self.group, self.by) if p)


def _basis_words() -> dict[tuple[str, bool], str]:
    """How each basis is written after the group, without and with who says so."""
    return {
        ("claimed", False): _("{group} (claimed)"),
        ("claimed", True): _("{group} (claimed by {by})"),
        ("attributed", False): _("{group} (attributed)"),
        ("attributed", True): _("{group} (attributed by {by})"),
        ("alleged", False): _("{group} (alleged)"),
        ("alleged", True): _("{group} (alleged by {by})"),
        ("suspected", False): _("{group} (suspected)"),
        ("suspected", True): _("{group} (suspected by {by})"),
        ("denied", False): _("{group} (denied)"),
        ("denied", True): _("{group} (denied by {by})"),
    }


@lru_cache(maxsize=1 << 12)
def _blame_label(language: Language, group: str, basis: str, by: str) -> str:
    words = _basis_words()[basis, bool(by)]
    return words.format(group=isolate(group, language.rtl), by=isolate(by, language.rtl))


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
