"""ACLED (Armed Conflict Location & Event Data) exports read into the
project's tables, both column sets: before 20 March 2023 (``data_id``,
``event_id_no_cnty``, ``iso3``, column names sometimes in capitals) and after
(``disorder_type``, ``civilian_targeting``, ``tags``); only columns both share
are needed.

- Date: ``event_date`` (2023-03-18, 18 March 2023, 18-March-2023 or
  18/03/2023, day first as ACLED writes it) read by ``time_precision``: 1, the
  day; 3, only the month is known, so the month (``2023-03``); 2, only the week
  is known, and the table has no week: the date is widened to the month
  holding every week ACLED's day may be in (six days either side of it), or
  the year, or ``~year`` across a new year, and marked *derived* with a citation
  giving ACLED's day in its own words. A day is never kept that ACLED does
  not know.
- Place: ``location``, ``admin1``, ``country``, with ACLED's point at the
  precision ``geo_precision`` gives: 1, the town itself (``city``); 2, near
  the town, within its region (``region``); 3, a larger region, shown at its
  capital (``region``).
- ``fatalities``: ACLED's estimate, kept as its figure; the ACLED source row
  carries ACLED's own caveat on them. Blank is unknown (never 0); ACLED's 0
  (none died, or none reported) is left unknown too, said in the citation's note.
- Perpetrator: ``actor1`` only for violence against civilians and
  explosions/remote violence, where ACLED codes the side that acts first;
  ACLED says its actors imply no direction otherwise (battles, protests,
  riots), so there both actors go into the summary and the perpetrator is
  left blank.
- Category: violence against civilians and explosions/remote violence are
  ``attack``; disrupted weapons use ``foiled plot``; other types keep ACLED's
  words (the build warns that they are outside the vocabulary).
- Sources: ACLED itself, and each name in ``source`` (separated by ``;``).
"""

from __future__ import annotations

from datetime import date as date_type
from datetime import timedelta
from pathlib import Path

from ..csvfile import CsvOptions
from ..pipeline import without_gc_pauses
from .common import (
    ImportReport,
    Tables,
    check_out,
    coordinates,
    count_cell,
    day,
    group_name,
    read_export,
    said_after,
    write,
)

WANTED = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "fatalities",
    "source", "source_scale", "notes", "data_id", "event_id_no_cnty", "disorder_type", "civilian_targeting",
)  # fmt: skip
REQUIRED = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "country", "latitude", "longitude",
    "geo_precision", "fatalities",
)  # fmt: skip
OLD_COLUMNS = ("data_id", "event_id_no_cnty", "iso3")
NEW_COLUMNS = ("disorder_type", "civilian_targeting", "tags")
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y", "%d-%m-%Y")
GEO_PRECISION = {
    "1": ("city", "ACLED geo_precision 1: the point is the town or village itself"),
    "2": ("region", "ACLED geo_precision 2: the event was near the town, within its region; the point is the town's"),
    "3": ("region", "ACLED geo_precision 3: only a larger region is known; the point is its capital's"),
}
ACTS_FIRST = {"violence against civilians", "explosions/remote violence"}  # ACLED's actor1 is who acts
CATEGORIES = {"violence against civilians": "attack", "explosions/remote violence": "attack"}
SUB_CATEGORIES = {"disrupted weapons use": "foiled plot"}
SOURCE = "acled"
FIX_CODE = "correct it in the export to a value the ACLED codebook gives"


@without_gc_pauses()  # millions of small lists and no cycles: the collector would only slow it down
def import_acled(path: Path, out: Path, *, replace: bool = False, encoding: str | None = None) -> ImportReport:
    """Read the ACLED export at ``path`` into a project folder ``out``.
    Raises ``InvalidInputError`` (every problem) or ``OutputError``; writes nothing then."""
    path = Path(path)
    check_out(out, replace=replace)
    export, rows = read_export(path, WANTED, REQUIRED, "an ACLED", CsvOptions(encoding), ("event_id_cnty", "notes"))
    old = [c for c in OLD_COLUMNS if export.has(c)]
    new = [c for c in NEW_COLUMNS if export.has(c)]
    kind = "post-2023" if new else "pre-2023" if old else "unknown-vintage"
    export.report.note(
        1, None, None, f"read as an ACLED export with the {kind} columns"
        + (f" ({', '.join(new or old)})" if new or old else ""),
        "nothing to do; only columns both sets share are read",
    )  # fmt: skip
    tables = Tables("acled")
    tables.source(
        SOURCE, "Armed Conflict Location & Event Data (ACLED)", "ACLED", "https://acleddata.com/",
        f"Imported from {path.name} by `timeline import acled` ({kind} columns). ACLED's caveat: fatality "
        "figures are estimates drawn from its sources' reports, the least reliable part of an event's record, "
        "and coded conservatively; they are revised when better reports come in. Dates and points are read "
        "by time_precision and geo_precision; a week (time_precision 2) is widened to the month, year or "
        "~year holding it, marked derived. Perpetrators are actor1 only where ACLED's actor1 acts "
        "(violence against civilians, explosions/remote violence). The titles are ours.",
    )  # fmt: skip
    for line, row in rows:
        _row(tables, export, line, row)
    count = len(tables.events)
    settings = {
        "title": f"ACLED: {count:,} event{'s' if count != 1 else ''}",
        "subtitle": f"Imported from {path.name}",
        "credits": "Data: Armed Conflict Location & Event Data (ACLED), https://acleddata.com/. "
        "Fatalities are ACLED's estimates. Places as ACLED gives them.",
    }
    return write(tables, export, out, settings, replace=replace)


def widen_week(day_text: str) -> tuple[str, str]:
    """(the date, how) for a day ACLED knows only to its week: the month, year
    or ~year that holds every week the day may be in (six days either side of
    it: the codebook's day may open, close or fall within the week)."""
    middle = date_type.fromisoformat(day_text)
    first, last = middle - timedelta(days=6), middle + timedelta(days=6)
    if (first.year, first.month) == (last.year, last.month):
        return f"{middle.year:04d}-{middle.month:02d}", "the month holding the whole week"
    if first.year == last.year:
        return f"{middle.year:04d}", "the year holding the whole week (it spans two months)"
    return f"~{middle.year:04d}", "about the year: the week spans a new year"


def _row(tables: Tables, export, line: int, cells: tuple[str, ...]) -> None:
    row = dict(zip(WANTED, cells, strict=True))
    add = export.report.add
    problems = len(export.report.problems)
    raw_id = row["event_id_cnty"]
    event_id = f"acled-{raw_id.lower()}"
    if not raw_id or not all(c.isalnum() or c in "-_." for c in raw_id):
        add(line, "event_id_cnty", raw_id, "is not an ACLED event id (letters and digits)", FIX_CODE)
    given = day(row["event_date"], DATE_FORMATS)
    if given is None:
        add(
            line, "event_date", row["event_date"], "is not a date",
            "write it as ACLED does: 2023-03-18, 18 March 2023 or 18/03/2023 (day first)",
        )  # fmt: skip
    precision = row["time_precision"].removesuffix(".0")
    if precision not in ("1", "2", "3"):
        add(line, "time_precision", row["time_precision"], "is not a code ACLED gives (1, 2 or 3)", FIX_CODE)
    geo = row["geo_precision"].removesuffix(".0")
    if geo not in GEO_PRECISION:
        add(line, "geo_precision", row["geo_precision"], "is not a code ACLED gives (1, 2 or 3)", FIX_CODE)
    killed = count_cell(export, line, "fatalities", row["fatalities"])
    # ACLED writes 0 both when none died and when no death was reported: not a count to show as one.
    none_reported = killed == "0"
    if none_reported:
        killed = ""
    point = coordinates(export, line, row["latitude"], row["longitude"])
    if len(export.report.problems) > problems or given is None:
        return
    derived = how = ""
    if precision == "1":
        date = given
    elif precision == "3":
        date = given[:7]
    else:
        date, how = widen_week(given)
        derived = date
    parts: list[str] = []
    for part in (row.get("location", ""), row.get("admin1", ""), row["country"]):
        if part and part.casefold() not in {p.casefold() for p in parts}:
            parts.append(part)
    text = ", ".join(parts)
    place = text
    if point is not None:
        precision_word, note = GEO_PRECISION[geo]
        place = tables.place(text, point, precision_word, row["country"], note)
    event_type, sub_type = row["event_type"], row.get("sub_event_type", "")
    category = SUB_CATEGORIES.get(sub_type.casefold()) or CATEGORIES.get(event_type.casefold()) or event_type.lower()
    actor1, actor2 = row.get("actor1", ""), row.get("actor2", "")
    perpetrator = group_name(actor1) if event_type.casefold() in ACTS_FIRST and actor1 else ""
    summary = row.get("notes", "")
    if not perpetrator and (actor1 or actor2):
        actors = " and ".join(a for a in (actor1, actor2) if a)
        summary = said_after(summary, f"Actors (ACLED, no direction implied): {actors}.")
    where = parts[0] if parts else "unknown place"
    title = f"{sub_type or event_type} in {where}"
    if not tables.event([event_id, date, "", title, category, place, "", "", killed, "", perpetrator, summary]):
        add(line, "event_id_cnty", raw_id, "is already used by an earlier row", "keep one row per ACLED event")
        return
    tables.cite(
        event_id, SOURCE,
        note=f"ACLED event {raw_id}" + ("; fatalities are ACLED's estimate" if killed else "")
        + ("; ACLED gives 0 fatalities, which it records both when none died and when none were reported: "
           "left unknown" if none_reported else ""),
    )  # fmt: skip
    for name in dict.fromkeys(s.strip() for s in row.get("source", "").split(";")):
        if name:
            tables.cite(event_id, tables.cited_source("acled-src", name, "Named by ACLED as a source of its events."))
    if derived:
        # Ours, not ACLED's: the week it knows, widened to a date the table can hold.
        tables.cite(
            event_id, SOURCE, field="date", value=given, derived=derived,
            note=f"ACLED gives {given} with time_precision 2 (only the week is known); written as {how}",
        )  # fmt: skip
        for field, value in (("place", place), ("killed", killed), ("perpetrator", perpetrator)):
            if value:
                tables.cite(event_id, SOURCE, field=field, value=value)
