"""The placement report: how each event was placed, and which placements are
guesses a person should settle.

``review_problems`` gives the one line per place text that the build and
``validate`` print; ``report_rows`` the rows of ``timeline places`` (one per
event); ``accept`` records the guesses, once a person agrees with them, in
the places cache marked reviewed, so the next build places them as ``ok``.
"""

from __future__ import annotations

import csv
import io

from .csvfile import spreadsheet_safe
from .errors import Problem
from .model import Dataset, Event, Place, Placements
from .placescache import PlacesCache, query_key

REPORT_COLUMNS = (
    "event_id", "place", "lat", "lon", "precision", "country", "method", "status", "candidates", "note",
)  # fmt: skip

REVIEW_FIX = (
    "check it: if right, `timeline places --accept` marks it reviewed in places.csv; "
    "if wrong, write the place more fully (region or country after a comma) or add a row to places.csv"
)


def guesses(dataset: Dataset, placements: Placements) -> dict[str, tuple[Event, Place, int]]:
    """Each place text placed by an unreviewed guess (by query key): its first
    event, the placement, and how many events name it."""
    found: dict[str, tuple[Event, Place, int]] = {}
    for event in dataset.events:
        place = placements.get(event.id)
        if place is None or place.status != "review":
            continue
        key = query_key(event.place)
        first, chosen, count = found.get(key, (event, place, 0))
        found[key] = (first, chosen, count + 1)
    return found


# A row the build appended from Nominatim is settled in the row itself.
CACHED_REVIEW_FIX = (
    "check it: if right, write 'yes' in its 'reviewed' cell in places.csv; if wrong, correct that row's lat, lon "
    "and resolved_name (and write 'yes')"
)


def review_problems(dataset: Dataset, placements: Placements) -> list[Problem]:
    """One line per place text placed by a guess no one has reviewed, at its
    first event: what was chosen, why it is a guess, what else it could be."""
    path = dataset.events_path
    return [
        Problem.at(
            path,
            event.line,
            "place",
            event.place,
            review_message(place, count),
            CACHED_REVIEW_FIX if place.method == "nominatim" and place.provider == "nominatim" else REVIEW_FIX,
        )
        for event, place, count in guesses(dataset, placements).values()
    ]


def review_message(place: Place, events: int = 1) -> str:
    """'a guess, not reviewed (2 events): 2 places are called ...; also Tripoli, Lebanon (pop. 229,398)'."""
    message = "a guess, not reviewed" + (f" ({events:,} events)" if events > 1 else "")
    message += ": " + (place.note or f"took {place.name} ({place.precision} level)")
    others = [c for c in place.candidates if c not in place.note]
    if others:
        message += "; also " + ", ".join(others)
    return message


def report_rows(dataset: Dataset, placements: Placements) -> list[dict[str, str]]:
    """One row per event (see ``REPORT_COLUMNS``): where it is placed, by what
    method, with what status (ok, review, unplaced; blank when the event names
    no place), what else the text could mean, and a note."""
    unplaced = {u.event.id: u for u in placements.unplaced}
    rows = []
    for event in dataset.events:
        row = dict.fromkeys(REPORT_COLUMNS, "")
        row["event_id"] = event.id
        row["place"] = event.place
        place = placements.get(event.id)
        area = placements.areas.get(event.id)
        if place is not None:
            row.update(
                lat=f"{place.lat:.6f}", lon=f"{place.lon:.6f}", precision=place.precision, country=place.country,
                method=place.method, status=place.status, candidates="; ".join(place.candidates),
                note=place.note,
            )  # fmt: skip
        elif area is not None:
            row.update(country=area.country, method="cache", status="ok", note=area.note or "an area: not drawn")
        elif event.id in unplaced:
            u = unplaced[event.id]
            row.update(status="unplaced", note=f"{u.reason}; {u.fix}")
        else:
            row["note"] = "no place given"
        rows.append(row)
    return rows


def report_csv(rows: list[dict[str, str]]) -> str:
    """The report as CSV text, safe to open in a spreadsheet: a cell that a
    spreadsheet would run as a formula is written with a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for row in rows:
        writer.writerow([_inert(row[column]) for column in REPORT_COLUMNS])
    return buffer.getvalue()


def _inert(cell: str) -> str:
    """A number (a latitude of -3.5) stays a number; any other text is spreadsheet-safe."""
    try:
        float(cell)
    except ValueError:
        return spreadsheet_safe(cell)
    return cell


def accept(dataset: Dataset, placements: Placements, cache: PlacesCache) -> list[tuple[str, Place]]:
    """Record every unreviewed guess in the places cache as reviewed: a row per
    place text, as it was placed. Returns the rows added."""
    # A cached online result keeps its row (settled by 'yes' in its reviewed cell).
    return cache.accept([(event.place, place) for event, place, _ in guesses(dataset, placements).values()])
