"""The places cache: a small CSV mapping the place text of events to coordinates.

    query,lat,lon,precision,provider,resolved_name,note,country

People edit it by hand (to pin a venue, or to correct a match); online
geocoding appends what it finds. A row with no ``lat``/``lon`` but
``country`` codes is an *area*: a place that spans several countries ("Italy
and France") and is honestly no one point. Its events are not drawn on the
map, but are found by the country filter and say why they are not drawn. It is read before any geocoder is asked, and
written back only by appending rows, through an atomic replace.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from . import atomic, countries
from .csvfile import READ_AS_FOUND, Collector, CsvOptions, read_rows
from .errors import InvalidInputError, ValueProblem
from .model import PRECISIONS, Area, Place
from .values import parse_coordinates

COLUMNS = ("query", "lat", "lon", "precision", "provider", "resolved_name", "note", "country", "reviewed")


def query_key(text: str) -> str:
    """Place texts match regardless of case and spacing."""
    return " ".join(text.split()).casefold()


class PlacesCache:
    def __init__(self, path: Path | None, places: dict[str, Place] | None = None):
        self.path = path
        self.places = places or {}
        self.areas: dict[str, Area] = {}
        self._new: list[tuple[str, Place]] = []

    @classmethod
    def load(cls, path: Path | str | None, options: CsvOptions = READ_AS_FOUND) -> PlacesCache:
        """Read the cache; a missing file is an empty cache. Raises ``InvalidInputError``."""
        if path is None:
            return cls(None)
        path = Path(path)
        if not path.exists():
            return cls(path)
        report = Collector(path)
        places: dict[str, Place] = {}
        areas: dict[str, Area] = {}
        first: dict[str, int] = {}
        for row in read_rows(path, COLUMNS, ("query", "lat", "lon"), report, options):
            query = row["query"].strip()
            if not query:
                report.add(row.line, "query", "", "is empty", "write the place text the events use")
                continue
            key = query_key(query)
            if key in first:
                report.add(row.line, "query", query, f"is already on line {first[key]}", "keep one row per place")
                continue
            first[key] = row.line
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
                areas[key] = Area(row["resolved_name"].strip() or query, row["note"].strip(), " ".join(codes))
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
            provider = row["provider"].strip() or "manual"
            # A row a person wrote is theirs; a row the build appended from
            # Nominatim is a guess until someone marks it reviewed.
            guessed = provider == "nominatim" and not reviewed
            places[key] = Place(
                lat=coordinates[0],
                lon=coordinates[1],
                precision=precision,
                provider=provider,
                name=row["resolved_name"].strip() or query,
                note=row["note"].strip(),
                country=" ".join(codes),
                method="nominatim" if guessed else "reviewed" if reviewed else "cache",
                status="review" if guessed else "ok",
            )
        if report.problems:
            raise InvalidInputError(report.problems)
        cache = cls(path, places)
        cache.areas = areas
        return cache

    def get(self, query: str) -> Place | None:
        return self.places.get(query_key(query))

    def area(self, query: str) -> Area | None:
        """The area a person said ``query`` is (several countries, no one point), if any."""
        return self.areas.get(query_key(query))

    def add(self, query: str, place: Place) -> None:
        """Remember a new result and append it to the file at once."""
        self.places[query_key(query)] = place
        self._new.append((query, place))
        if self.path is not None:
            self._append([(query, place)])

    def accept(self, rows: list[tuple[str, Place]]) -> None:
        """Append ``rows`` marked reviewed: a person has settled these guesses
        (``timeline places --accept``). Rows already in the file are never rewritten."""
        rows = [(q, p) for q, p in rows if query_key(q) not in self.places]
        for query, place in rows:
            self.places[query_key(query)] = place
        if self.path is not None and rows:
            self._append(rows, reviewed=True)

    def _append(self, rows: list[tuple[str, Place]], *, reviewed: bool = False) -> None:
        assert self.path is not None
        old = self.path.read_bytes() if self.path.exists() else b""
        newline = "\r\n" if b"\r\n" in old else "\n"  # keep a spreadsheet's line endings
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=newline)
        if old:
            header = next(csv.reader(io.StringIO(old.decode("utf-8-sig"), newline="")))
            if not old.endswith(b"\n"):
                buffer.write(newline)
        else:
            header = list(COLUMNS)
            writer.writerow(header)
        for query, p in rows:
            cells = {
                "query": query, "lat": f"{p.lat:.6f}", "lon": f"{p.lon:.6f}", "precision": p.precision,
                "provider": p.provider, "resolved_name": p.name, "note": p.note, "country": p.country,
                "reviewed": "yes" if reviewed else "",
            }  # fmt: skip
            writer.writerow([cells.get(column.strip(), "") for column in header])
        atomic.write_bytes(self.path, old + buffer.getvalue().encode("utf-8"))

    @property
    def added(self) -> list[tuple[str, Place]]:
        return list(self._new)
