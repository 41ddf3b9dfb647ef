"""The data block: every fact the pages show, once, as JSON.

The map, the timeline and the table of a page all read this one block; each
event appears in it once, with labels already written for people (``Sep 2022``,
``at least 133``) so every view says the same thing the same way.
"""

from __future__ import annotations

import re

from . import countries
from .geocode import Placements
from .model import Citation, Dataset, Event, Place, Source
from .style import UNKNOWN_RADIUS, Category, categories_for, radius
from .values import Count, PartialDate

PRECISION_LABELS = {
    "venue": "exact site",
    "city": "city (approximate: the city centre, not the site)",
    "region": "region (approximate)",
    "country": "country (approximate: a point inside the country)",
}

# The marker sizes the legends show, from the same scale as the markers.
SIZE_KEY = [
    {"label": "unknown", "radius": UNKNOWN_RADIUS, "unknown": True},
    *({"label": f"{n:,}", "radius": radius(Count(n, n, "exact")), "unknown": False} for n in (10, 100)),
]


# How far from its point an approximate placement may be, in metres, for the
# dashed circle drawn around it. Countries use their own size (countries.py).
PRECISION_RADIUS_M = {"venue": 0, "city": 10_000, "region": 150_000}
_QUALIFIER = re.compile(r"\s*\([^)]*\)")


def perpetrator_group(text: str) -> str:
    """The name a perpetrator is filtered by: 'ISIS-K (claimed)' is 'ISIS-K'."""
    return " ".join(_QUALIFIER.sub("", text).split())


def data_block(dataset: Dataset, placements: Placements) -> dict:
    categories = categories_for([e.category for e in dataset.events])
    index = {c.id: i for i, c in enumerate(categories)}
    unplaced = {u.event.id: u.reason for u in placements.unplaced}
    events = [_event(e, index[e.category], placements.get(e.id), unplaced.get(e.id), dataset) for e in dataset.events]
    codes = sorted({code for e in events for code in e["countries"]}, key=countries.name)
    s = dataset.settings
    return {
        "meta": {"title": s.title, "subtitle": s.subtitle, "data_as_of": s.data_as_of, "credits": s.credits},
        "categories": [_category(c) for c in categories],
        "countries": [{"code": code, "name": countries.name(code)} for code in codes],
        "perpetrators": sorted({e["perpetrator_group"] for e in events if e["perpetrator_group"]}, key=str.casefold),
        "precisions": PRECISION_LABELS,
        "sizes": SIZE_KEY,
        "sources": [_source(src) for src in dataset.sources.values()],
        "events": events,
    }


def _category(c: Category) -> dict:
    return {"id": c.id, "label": c.label, "color": c.color, "description": c.description, "known": c.known}


def _source(s: Source) -> dict:
    return {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "author": s.author,
        "published": s.published,
        "url": s.url,
        "kind": s.kind,
        "document": s.document.name if s.document else "",
        "note": s.note,
    }


def _date(d: PartialDate | None) -> dict | None:
    if d is None:
        return None
    return {
        "iso": d.iso,
        "label": d.label,
        "precision": d.precision,
        "start": d.start.isoformat(),
        "end": d.end.isoformat(),
    }


def _count(c: Count | None) -> dict | None:
    if c is None:
        return None
    return {"label": c.label, "low": c.low, "high": c.high, "kind": c.kind}


def _place(p: Place | None) -> dict | None:
    if p is None:
        return None
    return {
        "lat": round(p.lat, 6),
        "lon": round(p.lon, 6),
        "precision": p.precision,
        "provider": p.provider,
        "name": p.name,
        "note": p.note,
        "radius_m": _uncertainty_m(p),
    }


def _uncertainty_m(p: Place) -> int:
    if p.precision == "country":
        radius_km = countries.radius_km(p.country.split()[0]) if p.country else None
        return round(radius_km * 1000, -3) if radius_km else 500_000
    return PRECISION_RADIUS_M.get(p.precision, 0)


def _citation(c: Citation) -> dict:
    value_label = c.value
    if c.field in ("killed", "injured") and c.value:
        value_label = Count.parse(c.value).label
    return {"source": c.source_id, "field": c.field, "value": value_label, "quote": c.quote, "note": c.note}


def _event(e: Event, category: int, place: Place | None, unplaced: str | None, dataset: Dataset) -> dict:
    spread = dataset.reported_killed(e)
    return {
        "id": e.id,
        "title": e.title,
        "category": category,
        "date": _date(e.date),
        "end_date": _date(e.end_date),
        "place": e.place,
        "loc": _place(place),
        "unplaced": unplaced,
        "countries": place.country.split() if place else [],
        "killed": _count(e.killed),
        "killed_reported": {"low": spread.low, "high": spread.high, "label": spread.label} if spread else None,
        "injured": _count(e.injured),
        "perpetrator": e.perpetrator,
        "perpetrator_group": perpetrator_group(e.perpetrator),
        "summary": e.summary,
        "citations": [_citation(c) for c in dataset.citations_for(e.id)],
        "radius": radius(e.killed),
    }
