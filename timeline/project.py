"""A project folder: finding its events table, and starting a new one.

``timeline build DIR`` builds the table in DIR: ``events.csv`` or a workbook
``events.xlsx`` / ``.xlsm`` / ``.ods`` (``find_table``); both, or neither, is
a one-line error saying which to give. ``timeline init DIR`` writes a
starter project (``init``): the tables with their headers and two example
rows that say they are examples, and ``timeline.toml``; with ``xlsx=True``
one workbook instead of the CSV files, with a drop-down list for
``category`` (the vocabulary, ``style.VOCABULARY``) and a note on each
column header (``COLUMN_NOTES``). A folder that already holds files is never
written into.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

from . import atomic
from .errors import InvalidInputError, Problem, TimelineError, printable
from .model import EVENT_COLUMNS
from .style import VOCABULARY
from .workbook import SUFFIXES

TABLE_NAMES = ("events.csv", *(f"events{suffix}" for suffix in SUFFIXES))

# What goes in each column: the one owner of these words (seeds/README.md and
# README.md say the same at more length). The workbook ``init`` writes shows
# them as a note on each column's header.
COLUMN_NOTES: dict[str, dict[str, str]] = {
    "events": {
        "id": "Required. A unique slug: letters, digits, '-', '_', '.' (kabul-airport-2021).",
        "date": "Required. YYYY, YYYY-MM or YYYY-MM-DD, exactly as precise as the source; ~YYYY when even "
        "the year is approximate.",
        "end_date": "Same form as date; the event lasted from date to end_date. Blank for one day.",
        "title": "Required. A short headline.",
        "category": "One of the vocabulary (the list in the cell); any other word still builds, with its own colour.",
        "place": "The text that is placed on the map, most specific part first: Russian Embassy, Kabul.",
        "lat": "Decimal degrees; when lat and lon are both given the row is not geocoded.",
        "lon": "Decimal degrees; when lat and lon are both given the row is not geocoded.",
        "killed": "Blank = unknown (never 0); the figure in the source's words: 13, at least 133, 133-145.",
        "injured": "Blank = unknown (never 0); the figure in the source's words: 13, at least 133, 133-145.",
        "perpetrator": "The group, then how it is known: ISIS-K (claimed), ISIS-K (suspected).",
        "summary": "A sentence or two in our own words.",
    },
    "sources": {
        "id": "Required. A unique slug the citations use (vox-2024).",
        "title": "Required. The headline or title of the document.",
        "publisher": "Who published it.",
        "author": "Who wrote it.",
        "published": "When: YYYY, YYYY-MM or YYYY-MM-DD, as precise as known.",
        "url": "Its web address, if any.",
        "document": "A stored copy of its text, relative to this folder (documents/article.txt); quotes are "
        "checked against it.",
        "note": "Anything a reader should know about the source.",
    },
    "citations": {
        "event_id": "Required. An id from the events table.",
        "source_id": "Required. An id from the sources table.",
        "field": "What the quote supports: blank for the event as a whole, or date, end_date, place, killed, "
        "injured, perpetrator.",
        "value": "The value this source gives for the field, in its words.",
        "claimed_by": "Who made the statement, when not the source itself (the source reports a claim).",
        "derived": "A value worked out from the quote rather than stated in it; say how in note.",
        "quote": "The sentence of the source that supports it, word for word.",
        "note": "How a derived value was worked out, or anything else worth saying.",
    },
    "places": {
        "query": "Required. The place text as the events write it.",
        "lat": "Required. Decimal degrees.",
        "lon": "Required. Decimal degrees.",
        "precision": "venue, city, region or country: how precise the point is.",
        "provider": "Where the point comes from (manual, nominatim).",
        "resolved_name": "The place's full name.",
        "note": "Where the coordinates come from.",
        "country": "ISO 3166 two-letter codes, separated by spaces.",
        "reviewed": "'yes' once a person has checked the row.",
    },
    "eras": {
        "id": "Required. A unique slug.",
        "start": "Required. YYYY, YYYY-MM or YYYY-MM-DD.",
        "end": "Same form; blank if it is still going on.",
        "label": "Required. What the period is called on the timeline.",
        "source_id": "An id from the sources table.",
        "quote": "The sentence of the source that gives the period.",
        "note": "Anything worth saying, e.g. how an end was worked out.",
    },
    "story": {
        "story": "Required. The story's id; a table may hold several stories.",
        "step": "Required. A whole number, 1 or more: steps are shown in step order.",
        "event_id": "The step's events: ids from the events table, separated by spaces.",
        "title": "Required. The step's heading; the first step's title is the story's.",
        "text": "Short plain prose, shown as written.",
        "view": "Where the map looks: blank or auto, world, a box S,W,N,E, or a place name.",
    },
}

# Two rows that say what they are: no fact about any real event.
EXAMPLE_EVENTS = (
    {
        "id": "example-1",
        "date": "2024-01-15",
        "title": "Example: replace this row with an event",
        "category": "context",
        "summary": "Example data, not an event: replace it with one from your sources.",
    },
    {
        "id": "example-2",
        "date": "2024-03",
        "title": "Example: a month is as precise as this date goes",
        "category": "statement",
        "summary": "Example data, not an event: a date written 2024-03 is shown as March 2024.",
    },
)
EXAMPLE_SOURCES = (
    {"id": "example-source", "title": "Example: replace this row with a source", "note": "Example data."},
)
EXAMPLE_CITATIONS = (
    {"event_id": "example-1", "source_id": "example-source", "note": "Example: say which sentence supports it."},
)
SETTINGS = """\
# Page settings for the table in this folder. Every key is optional.
title = "Example timeline"
subtitle = "Replace the example rows of the events table with your own"
# language = "fa"  # the pages' own words, dates and direction: en (the default), ru or fa
"""
# The tables a starter project holds, with their example rows.
STARTER = {
    "events": EXAMPLE_EVENTS,
    "sources": EXAMPLE_SOURCES,
    "citations": EXAMPLE_CITATIONS,
    "places": (),  # filled in by hand, or by builds with --online
    "eras": (),
}
# A fixed moment for the workbook's properties: the same project, the same bytes.
FIXED_TIME = dt.datetime(2000, 1, 1)


class ProjectError(TimelineError):
    """A folder that holds no events table, two of them, or is not empty for ``init``."""


def find_table(path: Path) -> Path:
    """``path``, or the events table in it when it is a folder."""
    if not path.is_dir():
        return path
    found = [path / name for name in TABLE_NAMES if (path / name).is_file()]
    if len(found) == 1:
        return found[0]
    if not found:
        message = f"is a folder with no events table ({', '.join(TABLE_NAMES)})"
        fix = "give the path of the CSV file or workbook, or start a project there with `timeline init`"
    else:
        names = " and ".join(p.name for p in found)
        message = f"holds {names}: which is the events table is not clear"
        fix = f"give the one to build, e.g. {printable(str(found[-1]))}, or move the other out of the folder"
    raise InvalidInputError([Problem(str(path), None, None, None, message, fix)])


def columns(table: str) -> tuple[str, ...]:
    """The columns of ``table``, in the order the loaders document them."""
    return EVENT_COLUMNS if table == "events" else tuple(COLUMN_NOTES[table])


def init(folder: Path, *, xlsx: bool = False) -> list[Path]:
    """Write a starter project into ``folder`` (made if needed); the files written.
    Raises ``ProjectError`` if the folder holds anything already."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ProjectError(f"{printable(str(folder))}: is a file, not a folder; give a new folder's path")
    if folder.is_dir() and any(folder.iterdir()):
        raise ProjectError(
            f"{printable(str(folder))}: is not empty, and init never writes over a project; "
            "give a new or empty folder's path"
        )
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {"timeline.toml": SETTINGS.encode("utf-8")}
    if xlsx:
        files["events.xlsx"] = starter_workbook()
    else:
        for table, rows in STARTER.items():
            files[f"{table}.csv"] = _csv(columns(table), rows)
    written = []
    for name, data in files.items():
        atomic.write_bytes(folder / name, data)
        written.append(folder / name)
    return written


def _csv(header: tuple[str, ...], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return buffer.getvalue().encode("utf-8")


def starter_workbook() -> bytes:
    """The starter project as one .xlsx workbook (see ``write_workbook``)."""
    tables = {t: (columns(t), [[r.get(c, "") for c in columns(t)] for r in rows]) for t, rows in STARTER.items()}
    return write_workbook(tables)


# Columns whose dates are written as text in a workbook we write (write_workbook).
DATE_COLUMNS = {"events": ("date", "end_date"), "eras": ("start", "end"), "sources": ("published",)}


def write_workbook(tables: dict[str, tuple[tuple[str, ...], list[list]]]) -> bytes:
    """An .xlsx workbook with a sheet per table (header in row 1, bold and
    frozen; a note on each header cell from ``COLUMN_NOTES``; a drop-down list
    of the category vocabulary on the events' ``category`` column; the date
    columns formatted as text, so a month typed there stays one), as bytes
    that depend on the tables alone. Cells are written as given: text, numbers
    and ``datetime.date`` values (date cells)."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    book = openpyxl.Workbook()
    book.remove(book.active)
    for table, (header, rows) in tables.items():
        sheet = book.create_sheet(table)
        sheet.append(list(header))
        for number, row in enumerate(rows, start=2):
            sheet.append(list(row))
            for column, value in enumerate(row, start=1):
                if isinstance(value, str) and value.startswith("="):
                    sheet.cell(number, column).data_type = "s"  # text, as in the CSV file, never a formula
        notes = COLUMN_NOTES.get(table, {})
        for index, name in enumerate(header, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = Font(bold=True)
            if name in notes:
                comment = Comment(notes[name], "timeline")
                comment.width, comment.height = 300, 110
                cell.comment = comment
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = 14 if name not in ("title", "summary", "quote", "note") else 40
            if table == "events" and name == "category":
                listed = ",".join(c.id for c in VOCABULARY)
                check = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
                check.error = "Not in the vocabulary: it still builds, with its own colour."
                check.errorStyle = "information"  # a warning, not a refusal: the build says the same
                check.prompt = COLUMN_NOTES["events"]["category"]
                check.showErrorMessage = check.showInputMessage = True
                sheet.add_data_validation(check)
                check.add(f"{letter}2:{letter}1048576")  # the whole column below the header
            if name in DATE_COLUMNS.get(table, ()):
                # Text, so that "2024-03" typed there stays a month: a spreadsheet
                # would make it a date cell, a day (the 1st) no source gave.
                sheet.column_dimensions[letter].number_format = "@"
            for row_cells in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                for data_cell in row_cells:
                    if isinstance(data_cell.value, dt.date):
                        data_cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    book.properties.creator = "timeline"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    # openpyxl's save() sets the modified date to now; its writer, called
    # directly, keeps the one given.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """``data``, a zip archive, written again with every member dated
    ``FIXED_TIME`` rather than the time it was written."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            fixed = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()
