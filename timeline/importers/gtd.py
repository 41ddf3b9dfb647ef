"""The Global Terrorism Database (START, University of Maryland): its CSV
export read into the project's tables, its codes taken at their word.

- Date: ``iyear``/``imonth``/``iday``; a day of 0 leaves the date a month
  (``2022-09``), a month of 0 a year (``2022``), as the codebook says: not
  known. ``approxdate``, the GTD's words for an uncertain date, is kept in
  the summary and never read as a date. ``extended`` = 1 with a
  ``resolution`` gives ``end_date``.
- Place: the text from ``city``, ``provstate`` and ``country_txt`` ("Unknown"
  left out), with the GTD's point in ``places.csv`` at the precision its
  ``specificity`` says: 1 the city, village or town (``city``); 2 to 4 the
  centre of a smaller or larger region (``region``); 5 the country
  (``country``). Without a point, or without a ``specificity``, the text alone
  is given, for the build's gazetteer to place (a guess marked for review).
- Perpetrator: ``gname`` ("Unknown" left blank); ``guncertain1`` = 1 writes it
  ``(suspected)``, else ``claimed`` = 1 ``(claimed)``, with a citation saying
  the group claims it and the GTD reports it. Round brackets in a name become
  square (they say the basis in the perpetrator column).
- ``nkill``/``nwound``: blank, -9 or -99 is unknown, left blank (never 0).
- Sources: the GTD itself, and one source per distinct ``scite1``-``scite3``
  text, each cited by its events.

A code outside the codebook (a ``specificity`` of 7, a month of 13) is one
problem line each, and nothing is written.
"""

from __future__ import annotations

import calendar
from functools import lru_cache
from pathlib import Path

from ..csvfile import CsvOptions
from ..pipeline import without_gc_pauses
from .common import (
    ImportReport,
    Tables,
    check_out,
    coordinates,
    count_cell,
    count_value,
    day,
    group_name,
    read_export,
    said_after,
    whole_number,
    write,
)

WANTED = (
    "eventid", "iyear", "imonth", "iday", "approxdate", "extended", "resolution", "country_txt", "provstate",
    "city", "latitude", "longitude", "specificity", "nkill", "nwound", "gname", "guncertain1", "claimed",
    "summary", "scite1", "scite2", "scite3", "attacktype1_txt", "success",
)  # fmt: skip
REQUIRED = ("eventid", "iyear", "imonth", "iday", "country_txt")
SPECIFICITY = {
    "1": ("city", "GTD specificity 1: the point is the city, village or town's"),
    "2": ("region", "GTD specificity 2: the point is the centre of the smallest region known around the place"),
    "3": ("region", "GTD specificity 3: the point is the centre of a larger region around the place"),
    "4": ("region", "GTD specificity 4: no smaller region known; the point is the first-order region's centre"),
    "5": ("country", "GTD specificity 5: no region known; the point is the country's centre"),
}
RESOLUTION_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M")
SOURCE = "gtd"
UNKNOWN = {"", "unknown"}
FIX_CODE = "correct it in the export to a value the GTD codebook gives"
SCITE_NOTE = "Cited by the GTD for its incidents (scite1-scite3)."


@without_gc_pauses()  # millions of small lists and no cycles: the collector would only slow it down
def import_gtd(path: Path, out: Path, *, replace: bool = False, encoding: str | None = None) -> ImportReport:
    """Read the GTD export at ``path`` into a project folder ``out``.
    Raises ``InvalidInputError`` (every problem) or ``OutputError``; writes nothing then."""
    path = Path(path)
    check_out(out, replace=replace)
    export, rows = read_export(
        path, WANTED, REQUIRED, "a Global Terrorism Database", CsvOptions(encoding), ("eventid", "summary")
    )
    tables = Tables("gtd")
    tables.source(
        SOURCE, "Global Terrorism Database (START, University of Maryland)", "", "https://www.start.umd.edu/gtd/",
        f"Imported from {path.name} by `timeline import gtd`. Its codes are read as its codebook gives them: "
        "a day or month of 0 is not known; specificity gives how precise the point is; guncertain1 = 1 is "
        "suspected, claimed = 1 claimed; a blank or -9/-99 figure is not known. The titles are ours, made "
        "from the attack type and the place.",
    )  # fmt: skip
    add = export.report.add
    for line, row in rows:
        _row(tables, export, add, line, row)
    count = len(tables.events)
    settings = {
        "title": f"Global Terrorism Database: {count:,} incident{'s' if count != 1 else ''}",
        "subtitle": f"Imported from {path.name}",
        "credits": "Data: National Consortium for the Study of Terrorism and Responses to Terrorism (START), "
        "Global Terrorism Database, https://www.start.umd.edu/gtd/. Places as the GTD gives them.",
    }
    return write(tables, export, out, settings, replace=replace)


def _codes(*codes: str) -> dict[str, str]:
    """A code column's cells as the codebook allows them, "1" also written "1.0" (a spreadsheet's save)."""
    return {**{code: code for code in codes}, **{f"{code}.0": code for code in codes if code}}


CODES = {
    "extended": _codes("", "0", "1"),
    "specificity": _codes("", *SPECIFICITY),
    "guncertain1": _codes("", "0", "1", "-9"),
    "claimed": _codes("", "0", "1", "-9"),
    "success": _codes("", "0", "1"),
}


EXTENDED, SPECIFICITY_CODES, GUNCERTAIN, CLAIMED, SUCCESS = CODES.values()


def _bad_code(add, line: int, column: str, text: str) -> None:
    allowed = ", ".join(code or "blank" for code in CODES[column] if not code.endswith(".0"))
    add(line, column, text, f"is not a code the GTD gives ({allowed})", FIX_CODE)


@lru_cache(maxsize=1 << 16)
def _date(iyear: str, imonth: str, iday: str) -> tuple[str | None, tuple[tuple[str, str, str], ...]]:
    """The date the GTD's three columns give, and the problems (column, value, what is wrong) if none."""
    year, month, dom = whole_number(iyear), whole_number(imonth), whole_number(iday)
    wrong = []
    if year is None or not 1 <= year <= 9999:
        wrong.append(("iyear", iyear, "is not a year"))
    if month is None or not 0 <= month <= 12:
        wrong.append(("imonth", imonth, "is not a month (1-12, or 0 when not known)"))
    if dom is None or not 0 <= dom <= 31:
        wrong.append(("iday", iday, "is not a day (1-31, or 0 when not known)"))
    if wrong:
        return None, tuple(wrong)
    assert year is not None and month is not None and dom is not None
    if month == 0:
        if dom:
            return None, (("iday", iday, "gives a day but the month is 0 (not known)"),)
        return f"{year:04d}", ()
    if dom == 0:
        return f"{year:04d}-{month:02d}", ()
    if dom > calendar.monthrange(year, month)[1]:
        return None, (("iday", iday, f"is not a day of {calendar.month_name[month]} {year}"),)
    return f"{year:04d}-{month:02d}-{dom:02d}", ()


@lru_cache(maxsize=1 << 16)
def _place_text(city: str, provstate: str, country: str) -> str:
    """ "City, Province, Country", leaving out what is unknown or said twice."""
    parts: list[str] = []
    for part in (city, provstate, country):
        if part.casefold() not in UNKNOWN and part.casefold() not in {p.casefold() for p in parts}:
            parts.append(part)
    return ", ".join(parts)


@lru_cache(maxsize=1 << 14)
def _group(gname: str) -> str:
    return "" if gname.casefold() in UNKNOWN else group_name(gname)


@lru_cache(maxsize=1 << 16)
def _title(attack: str, place_text: str, success: str | None) -> str:
    """Ours, from the GTD's words: "Bombing/Explosion in Baghdad", "(unsuccessful)" when success = 0."""
    what = attack if attack.casefold() not in UNKNOWN else "Incident"
    title = f"{what} in {place_text.split(', ', 1)[0] or 'an unknown place'}"
    return title + " (unsuccessful)" if success == "0" else title


def _row(tables: Tables, export, add, line: int, row: tuple[str, ...]) -> None:
    """One incident into the tables; its problems reported (and nothing added) when it has any.
    The per-row work of 200,000 rows: lookups in caches, few calls."""
    (
        eventid, iyear, imonth, iday, approxdate, extended, resolution, country, provstate, city, latitude,
        longitude, specificity, nkill, nwound, gname, guncertain, claimed, summary, scite1, scite2, scite3, attack,
        success,
    ) = row  # fmt: skip
    problems = len(export.report.problems)
    if not eventid.isdigit():
        eventid = eventid.removesuffix(".0")
        if not eventid.isdigit():
            add(line, "eventid", eventid, "is not a GTD event id (digits)", FIX_CODE)
    date, wrong = _date(iyear, imonth, iday)
    for column, value, message in wrong:
        add(line, column, value, message, FIX_CODE)
    codes = (
        EXTENDED.get(extended), SPECIFICITY_CODES.get(specificity), GUNCERTAIN.get(guncertain),
        CLAIMED.get(claimed), SUCCESS.get(success),
    )  # fmt: skip
    if None in codes:
        for column, text, code in zip(CODES, (extended, specificity, guncertain, claimed, success), codes, strict=True):
            if code is None:
                _bad_code(add, line, column, text)
    extended, specificity, guncertain, claimed, success = codes
    end_date = ""
    if extended == "1" and resolution:
        end_date = day(resolution, RESOLUTION_FORMATS) or ""
        if not end_date:
            add(line, "resolution", resolution, "is not a date", "write it as YYYY-MM-DD (or M/D/YYYY), or clear it")
        elif date and end_date < date[:10]:
            add(line, "resolution", resolution, f"is before the incident's date {date}", FIX_CODE)
    killed = count_value(nkill)
    if killed is None:
        killed = count_cell(export, line, "nkill", nkill)
    injured = count_value(nwound)
    if injured is None:
        injured = count_cell(export, line, "nwound", nwound)
    point = coordinates(export, line, latitude, longitude) if latitude or longitude else None
    if len(export.report.problems) > problems or date is None:
        return
    text = place = _place_text(city, provstate, country)
    if point is not None and specificity:
        precision, how = SPECIFICITY[specificity]
        place = tables.place_of.get((text, *point, precision)) or tables.place(text, point, precision, country, how)
    group = perpetrator = _group(gname)
    note = f"GTD eventid {eventid}"
    if group and guncertain == "1":
        perpetrator = f"{group} (suspected)"
        if claimed == "1":
            note += "; the GTD also records a claim of responsibility (claimed = 1)"
    elif group and claimed == "1":
        perpetrator = f"{group} (claimed)"
    if approxdate:
        summary = said_after(summary, f"The GTD gives the date as “{approxdate}”.")
    if extended == "1" and not end_date:
        summary = said_after(summary, "The GTD records that it lasted more than 24 hours; it gives no end date.")
    event_id = "gtd-" + eventid
    ids = tables.ids
    if event_id in ids:
        add(line, "eventid", eventid, "is already used by an earlier row", "keep one row per GTD event")
        return
    ids.add(event_id)
    tables.events.append(
        [event_id, date, end_date, _title(attack, text, success), "attack", place, "", "", killed, injured,
         perpetrator, summary]
    )  # fmt: skip
    citations = tables.citations
    citations.append([event_id, SOURCE, "", "", "", "", "", note])
    cited = tables.cited
    for text in (scite1, scite2 if scite2 != scite1 else "", scite3 if scite3 not in (scite1, scite2) else ""):
        if text:
            citations.append([event_id, cited.get(text) or tables.cited_source("gtd-src", text, SCITE_NOTE),
                              "", "", "", "", "", ""])  # fmt: skip
    if perpetrator.endswith("(claimed)"):
        # Who claims is kept apart from who reports: the group claims, the GTD reports it.
        citations.append([event_id, SOURCE, "perpetrator", perpetrator, group, "", "", ""])
        for field, value in (("date", date), ("end_date", end_date), ("place", place), ("killed", killed),
                             ("injured", injured)):  # fmt: skip
            if value:
                citations.append([event_id, SOURCE, field, value, "", "", "", ""])
