"""Place every event, in this order, stopping at the first that answers:

1. the event's own ``lat``/``lon`` (method ``explicit``);
2. the places cache (``places.csv``), edited by people (``cache``, ``reviewed``);
3. the offline gazetteer (``gazetteer.py``: countries, GeoNames cities and
   towns, admin-1 regions, airports; ``gazetteer``, ``admin1``, ``airport``);
4. Nominatim (``online.py``), only when asked to go online; what it finds is
   appended to the places cache at once (``nominatim``).

Every placement carries its method and a status, ``ok`` or ``review`` (a
guess a person should settle: ``review.py``). Each distinct place text is
resolved once. An event that cannot be placed is reported, not dropped: it
still appears on the timeline and in the table.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from .countries import country_at
from .gazetteer import Gazetteer, Match, Unfound
from .model import Area, Event, Place, Placements, Progress, Unplaced
from .placescache import PlacesCache, query_key

log = logging.getLogger("timeline")


def place_events(
    events: list[Event],
    cache: PlacesCache,
    *,
    gazetteer: Gazetteer | None = None,
    online: Callable | None = None,
    progress: Progress | None = None,
) -> Placements:
    """Place ``events``. ``online`` is a ``lookup(query) -> Match | Unfound``
    (``online.Nominatim``); without it no network request is made.

    Each distinct place is looked up once, however many events name it (names
    that differ only in case, spacing or the forms of an Arabic-script letter,
    ``placescache.query_key``, are one place); ``progress`` hears of each."""
    result = Placements()
    key_of: dict[str, str] = {}  # place text -> query key
    wanted: dict[str, str] = {}  # query key -> the place as first written
    for event in events:
        if event.coordinates is None and event.place and event.place not in key_of:
            key = key_of[event.place] = query_key(event.place)
            wanted.setdefault(key, event.place)
    if gazetteer is None:
        gazetteer = Gazetteer()
    gazetteer.prefetch(place for key, place in wanted.items() if cache.known(key) is None)
    resolved: dict[str, Place | Area | tuple[str, str]] = {}  # query key -> place, area, or (why not, fix)
    label = f"placing {len(wanted):,} distinct places"
    for done, (key, place) in enumerate(wanted.items(), 1):
        found = _resolve(place, cache, gazetteer, online, result, cache.known(key))
        resolved[key] = with_country(found) if isinstance(found, Place) else found
        if progress is not None:
            progress(label, done, len(wanted))
    found_for = {text: resolved[key] for text, key in key_of.items()}  # place text -> what it resolved to
    places, areas, unplaced = result.places, result.areas, result.unplaced
    for event in events:
        if event.coordinates is not None:
            lat, lon = event.coordinates
            name = event.place or "given coordinates"
            places[event.id] = Place(lat, lon, "venue", "explicit", name, "", country_at(lat, lon), method="explicit")
        elif event.place:
            found = found_for[event.place]
            if isinstance(found, Place):
                places[event.id] = found
            elif isinstance(found, Area):
                areas[event.id] = found
            else:
                unplaced.append(Unplaced(event, *found))
    return result


def _resolve(
    query: str, cache: PlacesCache, gazetteer: Gazetteer, online, result: Placements, cached: Place | Area | None
) -> Place | Area | tuple[str, str]:
    """What ``query`` is; ``cached``, what the places cache holds for it, wins."""
    if cached is not None:
        return cached
    found = gazetteer.lookup(query)
    if isinstance(found, Match):
        return placed(found)
    if online is None:
        return found.reason, found.fix
    result.looked_up_online += 1
    answer = online(query)  # online.Nominatim: never raises for what a server does
    if isinstance(answer, Unfound):
        log.info("%r was not placed online: %s", query, answer.reason)
        return answer.reason, answer.fix
    place = with_country(placed(answer))
    cache.add(query, place)
    return place


def placed(match: Match) -> Place:
    """The place a geocoder's match stands for."""
    e = match.entry
    return Place(
        e.lat, e.lon, e.precision, e.provider, e.name, match.note, e.country,
        method=match.method, status=match.status, candidates=match.candidates, radius_km=e.radius_km,
    )  # fmt: skip


def with_country(place: Place) -> Place:
    """``place``, with the country its point lies in when none is recorded.
    A region's point may stand for several countries, so it is left alone."""
    if place.country or place.precision == "region":
        return place

    return replace(place, country=country_at(place.lat, place.lon))
