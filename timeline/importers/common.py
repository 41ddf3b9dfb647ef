"""What every importer shares: reading an export as a stream of rows, and
the tables it is turned into, written whole or not at all.

An export is read once, into memory (``inputs.read_whole``: a regular file,
checked whole), decoded as ``csvfile.decode_as`` decodes a table (UTF-8, or
said when it is not), and then parsed row by row, keeping only the columns
the importer asks for: a 200,000-row GTD file of 135 columns is never held
as 27 million cells.

The result is a project folder ``timeline build`` reads at once:
``events.csv``, ``sources.csv``, ``citations.csv``, ``places.csv`` and a
``timeline.toml``, put in place in one step (``atomic.Transaction``).
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from .. import atomic, countries
from ..csvfile import FORMULA_START, READ_AS_FOUND, Collector, CsvOptions, decode_as, spreadsheet_safe, workbook_kind
from ..errors import InvalidInputError, OutputError, Problem, printable
from ..inputs import MAX_TABLE, Unreadable, read_whole
from ..model import EVENT_COLUMNS
from ..placescache import COLUMNS as PLACE_COLUMNS
from ..placescache import query_key

SOURCE_COLUMNS = ("id", "title", "publisher", "author", "published", "url", "document", "note")
CITATION_COLUMNS = ("event_id", "source_id", "field", "value", "claimed_by", "derived", "quote", "note")
FILES = ("events.csv", "sources.csv", "citations.csv", "places.csv", "timeline.toml")
UNKNOWN_COUNTS = {"-9", "-99", "-9.0", "-99.0"}  # the databases' codes for "not known"
_NUMBER = re.compile(r"[0-9]+(?:\.0*)?")


def _lines(text: str) -> Iterator[str]:
    """``text`` line by line, each with its line end, without copying it whole
    (``io.StringIO`` would hold a second, four-byte-a-character copy)."""
    start, find, size = 0, text.find, len(text)
    while start < size:
        end = find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


@dataclass
class Export:
    """An export being read: its path, header (lower-cased), problems, and
    how to find the line a record starts on (for the problems' messages)."""

    path: Path
    report: Collector
    header: list[str] = field(default_factory=list)
    encoding: str = ""
    records: int = 0
    simple: bool = True  # one line per record: record n starts on line n + 2

    def has(self, column: str) -> bool:
        return column in self.header

    def finish(self) -> None:
        """Give each problem the line its record starts on, when records span
        lines (a cell holding a line break) or blank lines lie between them:
        the rows were numbered as if they did not (``line = record + 2``)."""
        if self.simple or not self.report.problems:
            return
        data = read_whole(self.path, MAX_TABLE, table=True)
        codec = self.encoding or "utf-8-sig"
        reader = csv.reader(_lines(data.decode(codec)), strict=False)
        starts, line = [], 1
        for cells in reader:
            begun, line = line, reader.line_num + 1
            if cells and "".join(cells).strip():
                starts.append(begun)
        starts = starts[1:]  # the header
        self.report.problems = [
            replace(p, line=starts[p.line - 2]) if p.line and 2 <= p.line < len(starts) + 2 else p
            for p in self.report.problems
        ]


Rows = Iterator[tuple[int, tuple[str, ...]]]


def read_export(
    path: Path,
    wanted: tuple[str, ...],
    required: tuple[str, ...],
    what: str,
    options: CsvOptions = READ_AS_FOUND,
    distinct: tuple[str, ...] = (),
) -> tuple[Export, Rows]:
    """The export's header, and its rows as ``(line, cells)``, the cells of the
    ``wanted`` columns in that order (a column it lacks reads as ""). Column names are
    matched without regard to case (older ACLED exports shout them).
    Raises ``InvalidInputError`` when the file cannot be read or lacks a
    ``required`` column.

    The columns are read by pandas' C parser, only those wanted, as text: a
    quarter of the time of the csv module over every cell. A file it cannot
    parse (a row with more cells than the header, a quote never closed) is
    read again by the csv module, which names each bad line. In columns that
    repeat their values (codes, places, groups: all but ``distinct``) each
    value is kept once, however often it occurs."""
    report = Collector(path)
    export = Export(path, report)
    try:
        data = read_whole(path, MAX_TABLE, table=True)
    except FileNotFoundError:
        raise InvalidInputError([Problem(str(path), None, None, None, "file not found", "check the path")]) from None
    except Unreadable as err:
        raise InvalidInputError([Problem(str(path), None, None, None, err.message, err.fix)]) from None
    workbook = workbook_kind(data)
    if workbook == "an Excel workbook (.xlsx)" or workbook == "an .ods workbook":
        del data
        return export, _workbook_rows(export, wanted, required, what)
    if workbook:
        report.add(
            None, None, None, f"is {workbook}, not CSV text",
            f"save {what} export as CSV (the spreadsheet's 'Save as CSV') and give that file",
        )  # fmt: skip
        raise InvalidInputError(report.problems)
    found = _encoding(data, CsvOptions(options.encoding), report)
    if found is None:
        raise InvalidInputError(report.problems)
    export.encoding = found
    text = _head(data, found)
    reader = csv.reader(_lines(text), strict=True)
    try:
        header = next(reader, [])
    except csv.Error as err:
        raise InvalidInputError(
            [Problem(str(path), 1, None, None, f"is not valid CSV ({err})", "export the file again")]
        ) from None
    export.header = [h.strip().lower() for h in header]
    missing = [c for c in required if c not in export.header]
    for column in missing:
        report.add(
            1, column, None, "is missing from the header",
            f"give {what} export with its own column names (this one has: {', '.join(export.header[:8])}…)",
        )  # fmt: skip
    if missing:
        raise InvalidInputError(report.problems)
    names = [name for name in wanted if name in export.header]
    del text, reader  # not held while pandas reads: a second copy of the export, up to four bytes a character
    columns = _columns(data, export, names, set(distinct))
    if columns is None:
        reader = csv.reader(_lines(data.decode(found)), strict=True)
        next(reader)
        return export, _streamed(export, reader, names, wanted)
    del data
    blank = [""] * export.records
    by_name = dict(zip(names, columns, strict=True))
    return export, _zipped([by_name.get(name, blank) for name in wanted])


CHUNK = 1 << 24


def _encoding(data: bytes, options: CsvOptions, report: Collector) -> str | None:
    """The codec the export is read with: ``csvfile.decode_as``'s choice (and
    its note or problem), without holding the whole text when it is UTF-8 or
    Windows-1252: a 176 MB export would be 700 MB of text while decoded."""
    if not options.encoding and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for start in range(0, len(data), CHUNK):
                decoder.decode(data[start : start + CHUNK])
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
        if b"\x00" not in data and not any(bytes((b,)) in data for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)):
            decode_as(b"\xff", options, report)  # the same note, said the same way
            return "cp1252"
    found = decode_as(data, options, report)
    return found[1] if found else None


def _head(data: bytes, codec: str) -> str:
    """The start of the export, decoded: enough for its header (a cell split by the cut is never read)."""
    return data[: 1 << 20].decode(codec, errors="replace")


def _columns(data: bytes, export: Export, names: list[str], distinct: set[str]) -> list[list[str]] | None:
    """The ``names`` columns of the export, each a list of stripped cells; ``None`` if pandas cannot parse it.
    Read in chunks; in a column not ``distinct``, each value is one string object however often it repeats.

    Reading only some columns, pandas takes a row's cells by position and passes over cells beyond the
    header's last (a separator not quoted shifts the rest of its row: caught when a shifted cell is not
    what its column holds, a code, a date, a number). A row with fewer cells reads as blank at its end."""
    import pandas as pd  # the build imports it anyway; an import needs it only here

    wanted = set(names)
    codec = "utf-8" if export.encoding == "utf-8-sig" else export.encoding
    columns: list[list[str]] = [[] for _ in names]
    seen: list[dict[str, str] | None] = [None if name in distinct else {} for name in names]
    position: list[int] | None = None
    try:
        chunks = pd.read_csv(
            io.BytesIO(data.removeprefix(codecs.BOM_UTF8)), encoding=codec, engine="c", dtype=str,
            usecols=lambda c: c.strip().lower() in wanted, keep_default_na=False, na_filter=False, skip_blank_lines=True, index_col=False, chunksize=1 << 15,
        )  # fmt: skip
        for chunk in chunks:
            if position is None:
                found = [c.strip().lower() for c in chunk.columns]
                if len(set(found)) != len(found):
                    return None
                position = [found.index(name) for name in names]
            for k, cells in enumerate(chunk.iloc[:, i].tolist() for i in position):
                canon = seen[k]
                if canon is None:
                    columns[k].extend([cell.strip() for cell in cells])
                else:
                    columns[k].extend([canon[c] if c in canon else canon.setdefault(c, c.strip()) for c in cells])
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError):
        return None
    export.records = len(columns[0]) if columns else 0
    records = export.records
    export.simple = data.count(b"\n") in (records + 1, records) and data.count(b"\r") == data.count(b"\r\n")
    return columns


def _workbook_rows(export: Export, wanted: tuple[str, ...], required: tuple[str, ...], what: str) -> Rows:
    """The rows of the workbook's first sheet (the GTD is also shipped as .xlsx), read by
    python-calamine row by row, each cell as the CSV export writes it; ``line`` is the sheet's row."""
    import python_calamine

    try:
        sheet = python_calamine.CalamineWorkbook.from_path(str(export.path)).get_sheet_by_index(0)
        rows = iter(sheet.iter_rows())
        header = next(rows, [])
    except Exception as err:  # python-calamine's errors share no base class
        raise InvalidInputError(
            [Problem(str(export.path), None, None, None, f"cannot be read as a workbook ({err})",
                     f"save {what} export as CSV and give that file")]
        ) from None  # fmt: skip
    export.header = [str(cell).strip().lower() for cell in header]
    first = sheet.start[0] + 1 if sheet.start else 1  # the header's row, as the spreadsheet numbers it
    missing = [c for c in required if c not in export.header]
    for column in missing:
        export.report.add(first, column, None, "is missing from the header", f"give {what} export's first sheet")
    if missing:
        raise InvalidInputError(export.report.problems)
    where = [export.header.index(name) if name in export.header else None for name in wanted]
    return (
        (number, tuple(_cell(cells[i]) if i is not None and i < len(cells) else "" for i in where))
        for number, cells in enumerate(rows, first + 1)
        if any(cell != "" for cell in cells)
    )


def _cell(value) -> str:
    """A workbook's cell as the CSV export writes it: 2017.0 for a number, 2017-06-10 00:00:00 for a date."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


def _zipped(columns: list[list[str]]) -> Rows:
    return zip(range(2, len(columns[0]) + 2), zip(*columns, strict=True), strict=True)


def _streamed(export: Export, reader, names: list[str], wanted: tuple[str, ...]) -> Rows:
    """The rows by the csv module, each with the line it starts on, naming each bad line."""
    report = export.report
    export.simple = True  # lines are counted as read
    where = [export.header.index(name) if name in names else None for name in wanted]
    width = len(export.header)
    line = 2
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not cells or not "".join(cells).strip():
                continue
            if len(cells) != width:
                report.add(
                    start, None, None, f"has {len(cells)} cells but the header has {width} columns",
                    "export the file again; a cell holding the separator must be quoted",
                )  # fmt: skip
                continue
            yield start, tuple(cells[i].strip() if i is not None else "" for i in where)
    except csv.Error as err:
        report.add(line, None, None, f"is not valid CSV ({err})", "export the file again")


def whole_number(text: str) -> int | None:
    """A cell holding a whole number ("12", "12.0"), else ``None``."""
    return int(float(text)) if _NUMBER.fullmatch(text) else None


def count_cell(export: Export, line: int, column: str, text: str) -> str:
    """A casualty figure as the events table writes it: blank when not known
    (blank, or the database's -9/-99), never 0 for unknown; a bad value is reported."""
    count = count_value(text)
    if count is None:
        export.report.add(
            line, column, text, "is not a whole number of people",
            "write the count (0 or more), or leave it blank when it is not known",
        )  # fmt: skip
        return ""
    return count


@lru_cache(maxsize=1 << 12)
def count_value(text: str) -> str | None:
    if not text or text in UNKNOWN_COUNTS:
        return ""
    number = whole_number(text)
    return None if number is None else str(number)


def coordinates(export: Export, line: int, lat: str, lon: str) -> tuple[float, float] | None:
    """The point a row gives, or ``None`` (blank, or reported when out of range)."""
    if not lat and not lon:
        return None
    try:
        y, x = float(lat), float(lon)
    except ValueError:
        y = x = math.nan
    if not (-90 <= y <= 90 and -180 <= x <= 180) or (not lat or not lon):
        export.report.add(
            line, "latitude", f"{lat}, {lon}", "is not a point (latitude -90 to 90, longitude -180 to 180)",
            "correct the coordinates in the export, or leave both blank",
        )  # fmt: skip
        return None
    return y, x


def said_after(summary: str, sentence: str) -> str:
    """``summary`` with our ``sentence`` after it, a full stop between when the summary has none."""
    if not summary:
        return sentence
    return summary + (" " if summary.rstrip()[-1:] in '.!?…"”)' else ". ") + sentence


def group_name(text: str) -> str:
    """A group's name as the perpetrator column can hold it: round brackets
    there say how the blame is known, so a name's own ("(FARC)") become square."""
    return " ".join(text.replace("(", "[").replace(")", "]").split())


@dataclass
class Tables:
    """The project's tables, filled row by row and written whole."""

    kind: str  # "gtd" or "acled"
    events: list[list[str]] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)
    citations: list[list[str]] = field(default_factory=list)
    places: dict[str, list[str]] = field(default_factory=dict)  # query key -> row
    place_of: dict[tuple, str] = field(default_factory=dict)  # (text, lat, lon, precision) -> query
    ids: set[str] = field(default_factory=set)
    cited: dict[str, str] = field(default_factory=dict)  # a source's text -> its id

    def source(self, source_id: str, title: str, publisher: str = "", url: str = "", note: str = "") -> str:
        if source_id not in self.sources:
            self.sources[source_id] = [source_id, title, publisher, "", "", url, "", note]
        return source_id

    def cited_source(self, prefix: str, text: str, note: str) -> str:
        """The id of a source named by the export's own words: one row per
        distinct text, numbered in the order the export first names them."""
        known = self.cited.get(text)
        if known is None:
            known = self.cited[text] = f"{prefix}-{len(self.cited) + 1}"
            self.sources[known] = [known, text, "", "", "", "", "", note]
        return known

    def place(self, text: str, point: tuple[float, float], precision: str, country_name: str, note: str) -> str:
        """The place text an event names for ``point``, with its row in places.csv.
        One text may stand for one point only: a second point under the same
        text gets the point in its text ("Baghdad, Iraq (33.3128, 44.3615)")."""
        lat, lon = point
        seen = (text, lat, lon, precision)
        known = self.place_of.get(seen)
        if known is not None:
            return known
        query = text or "given coordinates"
        key = query_key(query)
        if key in self.places:
            query = f"{query} ({lat:.4f}, {lon:.4f})"
            key = query_key(query)
            if key in self.places:
                query = f"{query} {precision}"
                key = query_key(query)
        self.places[key] = [
            spreadsheet_safe(query), repr(lat), repr(lon), precision, self.kind,
            spreadsheet_safe(text), spreadsheet_safe(note), country_code(country_name, point), "",
        ]  # fmt: skip
        self.place_of[seen] = query
        return query

    def event(self, cells: list[str]) -> bool:
        """Add an event (its cells in EVENT_COLUMNS' order); ``False`` if its id is taken."""
        if cells[0] in self.ids:
            return False
        self.ids.add(cells[0])
        self.events.append(cells)
        return True

    def cite(self, event_id: str, source_id: str, *, field: str = "", value: str = "", claimed_by: str = "",
             derived: str = "", note: str = "") -> None:  # fmt: skip
        self.citations.append([event_id, source_id, field, value, claimed_by, derived, "", note])


def country_code(name: str, point: tuple[float, float]) -> str:
    """The ISO code of a country named as GeoNames names it, else of the
    country the point lies in (GTD's "Ivory Coast" is GeoNames' too, but not
    its "West Germany (FRG)"), else ""."""
    return _codes().get(name.casefold()) or countries.country_at(*point)


_CODES: dict[str, str] = {}


def _codes() -> dict[str, str]:
    if not _CODES:
        for code, entry in countries.geonames("countries").items():
            _CODES[str(entry.get("name", "")).casefold()] = code
    return _CODES


@lru_cache(maxsize=1 << 14)
def day(text: str, formats: tuple[str, ...]) -> str | None:
    """A day written in one of ``formats`` (``strptime``'s), as YYYY-MM-DD; ``None`` if in none."""
    for form in formats:
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return None


def _csv(columns: tuple[str, ...], rows) -> bytes:
    """The table as UTF-8 CSV bytes, encoded a batch of rows at a time: a
    StringIO of the whole would hold up to four bytes a character, and a text
    wrapper encoding row by row costs seconds at 200,000 rows."""
    out = io.BytesIO()
    batch: list[str] = []
    writer = csv.writer(_Lines(batch), lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(row)
        if len(batch) >= _BATCH:
            out.write("".join(batch).encode("utf-8"))
            batch.clear()
    out.write("".join(batch).encode("utf-8"))
    return out.getvalue()


_BATCH = 10_000  # rows encoded at once


class _Lines:
    """What csv.writer writes to: each line appended to a list."""

    def __init__(self, lines: list[str]):
        self.write = lines.append


# The events' text cells that load.py reads back through csvfile.unprotected.
TITLE, CATEGORY, PLACE, PERPETRATOR, SUMMARY = (
    EVENT_COLUMNS.index(c) for c in ("title", "category", "place", "perpetrator", "summary")
)
_RISKY = frozenset((*FORMULA_START, "'"))


def _guarded(cells: list[str]) -> list[str]:
    """An event's row with its text guarded as csvfile.spreadsheet_safe guards
    it: an export's "=HYPERLINK(...)" is not run by the spreadsheet that opens events.csv."""
    risky = _RISKY
    if (
        cells[TITLE][:1] in risky or cells[CATEGORY][:1] in risky or cells[PLACE][:1] in risky
        or cells[PERPETRATOR][:1] in risky or cells[SUMMARY][:1] in risky
    ):  # fmt: skip
        cells = list(cells)
        for i in (TITLE, CATEGORY, PLACE, PERPETRATOR, SUMMARY):
            cells[i] = spreadsheet_safe(cells[i])
    return cells


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class ImportReport:
    out: Path
    events: int
    sources: int
    citations: int
    places: int
    notes: list[Problem]
    encoding: str


def check_out(out: Path, *, replace: bool) -> None:
    """Refuse, before any reading, to write over tables in ``out`` unless told to (``--replace``)."""
    there = [name for name in FILES if (Path(out) / name).exists()]
    if there and not replace:
        raise OutputError(
            f"{printable(str(Path(out) / there[0]))}: already exists; nothing was written; "
            "choose an empty folder with --out, or give --replace to replace an earlier import"
        )


def write(tables: Tables, export: Export, out: Path, settings: dict[str, str], *, replace: bool) -> ImportReport:
    """Write the tables into ``out`` whole, or raise ``InvalidInputError`` (the
    export's problems) or ``OutputError`` and write nothing."""
    export.finish()
    if export.report.problems:
        raise InvalidInputError(export.report.problems)
    check_out(out, replace=replace)  # again: the folder may have changed while the export was read
    files = {
        "events.csv": _csv(EVENT_COLUMNS, map(_guarded, tables.events)),
        "sources.csv": _csv(SOURCE_COLUMNS, tables.sources.values()),
        "citations.csv": _csv(CITATION_COLUMNS, tables.citations),
        "places.csv": _csv(PLACE_COLUMNS, tables.places.values()),
        "timeline.toml": "".join(f"{k} = {_toml_string(v)}\n" for k, v in settings.items()).encode("utf-8"),
    }
    with atomic.Transaction(out, FILES) as transaction:
        for name, data in files.items():
            transaction.write(name, data)
        transaction.commit()
    return ImportReport(
        out, len(tables.events), len(tables.sources), len(tables.citations), len(tables.places),
        export.report.notes, export.encoding,
    )  # fmt: skip
