"""The places cache: a small CSV mapping the place text of events to coordinates.

    query,lat,lon,precision,provider,resolved_name,note,country

People edit it by hand (to pin a venue, or to correct a match); online
geocoding appends what it finds. A row with no ``lat``/``lon`` but
``country`` codes is an *area*: a place that spans several countries ("Italy
and France") and is honestly no one point. Its events are not drawn on the
map, but are found by the country filter and say why they are not drawn. It is read before any geocoder is asked, and
written back only by appending rows, through an atomic replace.

Appending keeps the file as a spreadsheet saved it: its encoding (UTF-8 with
or without a byte-order mark, UTF-16, Windows-1252), separator and line
endings. It is done under a lock on the file, after reading it again, so
builds appending at once lose no row and write none twice. Text a
spreadsheet would take for a formula gets a leading apostrophe
(``csvfile.spreadsheet_safe``), taken off when the file is read; a row the
reader would refuse is never written.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import math
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import atomic, countries
from .csvfile import (
    MAX_CELL,
    READ_AS_FOUND,
    Collector,
    CsvOptions,
    decode_as,
    read_rows,
    sniff_delimiter,
    spreadsheet_safe,
    unprotected,
    unseen_character,
)
from .errors import InvalidInputError, OutputError, ValueProblem, printable, shorten
from .model import PRECISIONS, Area, Place
from .placenames import same_letters
from .values import parse_coordinates

log = logging.getLogger("timeline")

COLUMNS = ("query", "lat", "lon", "precision", "provider", "resolved_name", "note", "country", "reviewed")


def query_key(text: str) -> str:
    """Place texts match regardless of case and spacing, and of the forms an
    Arabic-script letter is written in, its vowel signs, tatweel and ZWNJ
    (``placenames.same_letters``): "كابل" is "کابل"."""
    if not text.isascii():
        text = same_letters(unicodedata.normalize("NFC", text))
    return " ".join(text.split()).casefold()


class PlacesCache:
    def __init__(self, path: Path | None, places: dict[str, Place] | None = None, options: CsvOptions = READ_AS_FOUND):
        self.path = path
        self.options = options  # how the file was read, and so how it is appended to
        self.places = places or {}
        self.areas: dict[str, Area] = {}
        self._new: list[tuple[str, Place]] = []

    @classmethod
    def load(cls, path: Path | str | None, options: CsvOptions = READ_AS_FOUND, sheet=None) -> PlacesCache:
        """Read the cache; a missing file is an empty cache. ``sheet``, a
        workbook's places sheet (``workbook.Sheet``), is read before the file
        and never written: what is added goes to the file. Raises ``InvalidInputError``."""
        places: dict[str, Place] = {}
        areas: dict[str, Area] = {}
        first: dict[str, tuple[object, int]] = {}
        problems = []
        if sheet is not None:
            problems += cls._read(sheet, options, places, areas, first)
        if path is not None:
            path = Path(path)
            if path.exists():
                problems += cls._read(path, options, places, areas, first)
        if problems:
            raise InvalidInputError(problems)
        cache = cls(path, places, options)
        cache.areas = areas
        return cache

    @staticmethod
    def _read(path, options: CsvOptions, places: dict, areas: dict, first: dict) -> list:
        """Read the table ``path`` into ``places`` and ``areas``; its problems."""
        report = Collector(path)
        for row in read_rows(path, COLUMNS, ("query", "lat", "lon"), report, options):
            query = unprotected(row["query"].strip())
            if not query:
                report.add(row.line, "query", "", "is empty", "write the place text the events use")
                continue
            key = query_key(query)
            earlier = None  # the same place read from the workbook's places sheet
            if key in first:
                where, line = first[key]
                if where is path:
                    report.add(
                        row.line, "query", query, f"is already on {report.line_word} {line}", "keep one row per place"
                    )
                    continue
                earlier = where, line, places.pop(key, None), areas.pop(key, None)
            else:
                first[key] = (path, row.line)
            try:
                coordinates = parse_coordinates(row["lat"], row["lon"])
            except ValueProblem as problem:
                column = problem.column or "lat"
                report.add(row.line, column, row[column], problem.message, problem.fix)
                continue
            unknown = [c for c in row["country"].split() if not countries.known(c.upper())]
            codes = row["country"].upper().split()
            if unknown:
                report.add(
                    row.line,
                    "country",
                    row["country"],
                    f"has '{unknown[0]}', which is not an ISO 3166 country code",
                    "write two-letter codes separated by spaces, e.g. 'IQ SY', or leave it blank",
                )
                continue
            if coordinates is None:
                if len(codes) == 1:
                    report.add(
                        row.line, "country", row["country"], "names one country for a place with no lat and lon",
                        "an area is several countries; for one country give a point inside it, or leave lat, "
                        "lon and country to the gazetteer",
                    )  # fmt: skip
                    continue
                if not codes:
                    report.add(
                        row.line, "lat", "", "is empty",
                        "give lat and lon; or, for a place no one point stands for, leave them blank and list its "
                        "countries in 'country' (e.g. 'IT FR'); or delete the row",
                    )  # fmt: skip
                    continue
                areas[key] = Area(_text(row["resolved_name"]) or query, _text(row["note"]), " ".join(codes))
                _same(earlier, places, areas, key, report, row.line, query)
                continue
            precision = row["precision"].strip().lower()
            if precision not in PRECISIONS:
                report.add(
                    row.line,
                    "precision",
                    row["precision"],
                    "is not a precision",
                    f"use one of: {', '.join(PRECISIONS)}",
                )
                continue
            reviewed = row["reviewed"].strip().casefold()
            if reviewed not in ("", "yes"):
                report.add(
                    row.line, "reviewed", row["reviewed"], "is neither 'yes' nor blank",
                    "write 'yes' once a person has checked the row, or leave it blank",
                )  # fmt: skip
                continue
            provider = _text(row["provider"]) or "manual"
            # A row a person wrote is theirs; a row the build appended from
            # Nominatim is a guess until someone marks it reviewed.
            guessed = provider == "nominatim" and not reviewed
            places[key] = Place(
                lat=coordinates[0],
                lon=coordinates[1],
                precision=precision,
                provider=provider,
                name=_text(row["resolved_name"]) or query,
                note=_text(row["note"]),
                country=" ".join(codes),
                method="nominatim" if guessed else "reviewed" if reviewed else "cache",
                status="review" if guessed else "ok",
            )
            _same(earlier, places, areas, key, report, row.line, query)
        return report.problems

    def get(self, query: str) -> Place | None:
        return self.places.get(query_key(query))

    def area(self, query: str) -> Area | None:
        """The area a person said ``query`` is (several countries, no one point), if any."""
        return self.areas.get(query_key(query))

    def known(self, key: str) -> Place | Area | None:
        """The place, else the area, the cache holds for the query key ``key`` (``query_key``'s)."""
        return self.places.get(key) or self.areas.get(key)

    def add(self, query: str, place: Place) -> None:
        """Remember a new result and append it to the file at once."""
        self.places[query_key(query)] = place
        self._new.append((query, place))
        if self.path is not None:
            self._append([(query, place)])

    def accept(self, rows: list[tuple[str, Place]]) -> list[tuple[str, Place]]:
        """Append ``rows`` marked reviewed: a person has settled these guesses
        (``timeline places --accept``). A place the cache already holds (a row
        a person wrote, or one the build appended from Nominatim) is never
        rewritten. Returns the rows added."""
        rows = [(q, p) for q, p in rows if query_key(q) not in self.places]
        for query, place in rows:
            self.places[query_key(query)] = place
        if self.path is not None and rows:
            self._append(rows, reviewed=True)
        return rows

    def _append(self, rows: list[tuple[str, Place]], *, reviewed: bool = False) -> None:
        """Append ``rows`` not yet in the file, in the file's own encoding,
        separator and line endings, under a lock: builds appending to one
        cache at once take turns, and each reads the file again first, so no
        row is lost or written twice."""
        assert self.path is not None
        with _held(self.path) as old:
            form = _Form.of(self.path, old, self.options)
            present = form.queries()
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=form.delimiter, lineterminator=form.newline)
            if not old:
                writer.writerow(form.header)
            elif not form.ended:
                buffer.write(form.newline)
            written = 0
            for query, p in rows:
                key = query_key(query)
                if key in present:
                    continue  # written meanwhile, by another build
                why = _refused(query, p) or (
                    "" if form.holds(query)
                    else f"the file is {form.encoding} text, which cannot hold its letters; save it as 'CSV UTF-8'"
                )  # fmt: skip
                if why:
                    log.warning("%s: %s was not added: %s", printable(str(self.path)), shorten(query), why)
                    continue
                present.add(key)
                safe = spreadsheet_safe  # text only: a negative lat or lon is a number, not a formula
                cells = {
                    "query": safe(query), "lat": f"{p.lat:.6f}", "lon": f"{p.lon:.6f}", "precision": p.precision,
                    "provider": safe(form.cell(p.provider)), "resolved_name": safe(form.cell(p.name)),
                    "note": safe(form.cell(p.note)), "country": p.country, "reviewed": "yes" if reviewed else "",
                }  # fmt: skip
                writer.writerow([cells.get(column, "") for column in form.header])
                written += 1
            if written:
                atomic.write_bytes(self.path, form.data + form.encode(buffer.getvalue()))

    @property
    def added(self) -> list[tuple[str, Place]]:
        return list(self._new)


def _same(earlier, places: dict, areas: dict, key: str, report: Collector, line: int, query: str) -> None:
    """A row of places.csv for a place the workbook's places sheet holds is
    fine when it says the same (copied from one to the other); when it does
    not, which is right cannot be told: a problem, and the sheet's row kept."""
    if earlier is None:
        return
    where, first_line, place, area = earlier
    if (places.get(key), areas.get(key)) == (place, area):
        return
    places.pop(key, None)
    areas.pop(key, None)
    if place is not None:
        places[key] = place
    if area is not None:
        areas[key] = area
    report.add(
        line, "query", query, f"differs from its row in {where} (row {first_line})",
        "keep one row per place: correct or delete one of the two",
    )  # fmt: skip


def _refused(query: str, place: Place) -> str:
    """Why ``load`` would refuse a row for ``place``, if it would: such a row is never written."""
    if not query.strip():
        return "it is blank"
    if unseen_character(query):
        return "it holds an invisible control character"
    if len(query) > MAX_CELL:
        return "it is too long"
    if not (math.isfinite(place.lat) and math.isfinite(place.lon) and abs(place.lat) <= 90 and abs(place.lon) <= 180):
        return f"its point ({place.lat}, {place.lon}) is not on the globe"
    if place.precision not in PRECISIONS:
        return f"its precision '{place.precision}' is not one of {', '.join(PRECISIONS)}"
    if not all(countries.known(code) for code in place.country.split()):
        return f"its country '{place.country}' is not ISO 3166 codes"
    return ""


def _text(cell: str) -> str:
    """A text cell as written before ``spreadsheet_safe`` guarded it."""
    return unprotected(cell.strip())


@contextmanager
def _held(path: Path) -> Iterator[bytes]:
    """Hold ``path`` for an append, and give its bytes as they are now. Whoever
    else holds it is waited for. The lock is on the file itself; a writer
    replaces the file (``atomic.write_bytes``) before it lets go, so one who
    got the lock on the file replaced takes it again on the new one. A file
    not there yet is made first, holding the header alone."""
    try:
        import fcntl  # not on Windows
    except ImportError:  # Windows: each append still replaces the file whole
        yield path.read_bytes() if path.exists() else b""
        return
    while True:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            _make(path, (",".join(COLUMNS) + "\n").encode("utf-8"))
            continue
        except OSError as err:
            raise _cannot_add(path, err) from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                current = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                current = False  # removed while we waited
            if current:
                chunks = []
                try:
                    while chunk := os.read(fd, 1 << 20):
                        chunks.append(chunk)
                except OSError as err:
                    raise _cannot_add(path, err) from err
                yield b"".join(chunks)
                return
        finally:
            os.close(fd)


def _cannot_add(path: Path, err: OSError) -> OutputError:
    return OutputError(f"{printable(str(path))}: cannot be added to ({err.strerror}); check the file and build again")


def _make(path: Path, data: bytes) -> None:
    """Make the file ``path`` holding ``data``, unless someone has made it meanwhile."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise _cannot_add(path, err) from err
    try:
        atomic.fill(fd, tmp, data)
        try:
            os.link(tmp, path)  # there whole, or not at all
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            with open(path, "xb") as handle:
                handle.write(data)
    except FileExistsError:
        pass
    except OSError as err:
        raise _cannot_add(path, err) from err
    finally:
        Path(tmp).unlink(missing_ok=True)


@dataclass
class _Form:
    """How a places cache is written, and what it holds: what is appended must
    match it. Only the columns its header has are filled (an older cache has
    no ``country`` or ``reviewed``: a row's country is then the one its point
    lies in); the header, like every row above, stays as a person wrote it."""

    encoding: str  # the codec of what is appended (no byte-order mark: the file has one already or none)
    delimiter: str
    newline: str
    header: list[str]
    data: bytes  # the file as it is
    text: str = field(default="", repr=False)

    @classmethod
    def of(cls, path: Path, data: bytes, options: CsvOptions) -> _Form:
        if not data:
            return cls("utf-8", options.delimiter or ",", "\n", list(COLUMNS), data)
        report = Collector(path)
        found = decode_as(data, options, report)
        if found is None:
            raise InvalidInputError(report.problems)
        text, encoding = found
        newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"
        delimiter = sniff_delimiter(text.split(newline, 1)[0], options, report)
        header = [h.strip() for h in next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])]
        return cls(_appending(encoding, data), delimiter, newline, header, data, text)

    @property
    def ended(self) -> bool:
        """Does the file end with a line end?"""
        return self.text.endswith(("\n", "\r"))

    def queries(self) -> set[str]:
        """The query keys of the rows the file holds."""
        if "query" not in self.header:
            return set()
        column = self.header.index("query")
        rows = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        next(rows, None)
        try:
            return {query_key(unprotected(row[column].strip())) for row in rows if len(row) > column}
        except csv.Error:
            return set()  # the reader will say what is wrong with the file

    def holds(self, text: str) -> bool:
        try:
            text.encode(self.encoding)
        except UnicodeEncodeError:
            return False
        return True

    def cell(self, cell: str) -> str:
        """A text cell the file can hold, the reader accepts, and no one is surprised by:
        no control characters, at most MAX_CELL characters, letters the
        encoding lacks written without their marks, or as '?'."""
        cell = " ".join("".join(" " if unseen_character(c) else c for c in cell).split())[: MAX_CELL - 1]
        if self.holds(cell):
            return cell
        plain = "".join(c for c in unicodedata.normalize("NFKD", cell) if not unicodedata.combining(c))
        return plain.encode(self.encoding, "replace").decode(self.encoding)

    def encode(self, text: str) -> bytes:
        return text.encode(self.encoding)


_BOMS = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


def _appending(encoding: str, data: bytes) -> str:
    """The codec for text appended to ``data``, read as ``encoding``: the same, without a second byte-order mark."""
    name = codecs.lookup(encoding).name
    if name == "utf-8-sig":
        return "utf-8"
    if name in ("utf-16", "utf-32"):
        big = data.startswith(codecs.BOM_UTF32_BE if name == "utf-32" else codecs.BOM_UTF16_BE)
        return f"{name}-{'be' if big else 'le'}"
    return name
