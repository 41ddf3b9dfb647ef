"""Importer benchmark: a synthetic 200,000-row GTD export (its 135 columns,
Windows-1252 as the GTD ships it) and an ACLED one (post-2023 columns, UTF-8),
each imported by `timeline import` in a fresh process; prints the wall time
and the peak memory (max RSS) of that process. Target: GTD 200,000 rows in
10 s or less and 1 GB or less.

    .venv/bin/python bench/importers.py            # 200,000 rows
    .venv/bin/python bench/importers.py 50000      # another size

The exports are made with a seeded generator (the same bytes every run) and
kept in bench/out/importers/; the imported tables go to a temporary folder.
Also times `timeline build` of the GTD import with --build.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "importers"

GTD_COLUMNS = [
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "approxdate",
    "extended",
    "resolution",
    "country",
    "country_txt",
    "region",
    "region_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "vicinity",
    "location",
    "summary",
    "crit1",
    "crit2",
    "crit3",
    "doubtterr",
    "alternative",
    "alternative_txt",
    "multiple",
    "success",
    "suicide",
    "attacktype1",
    "attacktype1_txt",
    "attacktype2",
    "attacktype2_txt",
    "attacktype3",
    "attacktype3_txt",
    "targtype1",
    "targtype1_txt",
    "targsubtype1",
    "targsubtype1_txt",
    "corp1",
    "target1",
    "natlty1",
    "natlty1_txt",
    "targtype2",
    "targtype2_txt",
    "targsubtype2",
    "targsubtype2_txt",
    "corp2",
    "target2",
    "natlty2",
    "natlty2_txt",
    "targtype3",
    "targtype3_txt",
    "targsubtype3",
    "targsubtype3_txt",
    "corp3",
    "target3",
    "natlty3",
    "natlty3_txt",
    "gname",
    "gsubname",
    "gname2",
    "gsubname2",
    "gname3",
    "gsubname3",
    "motive",
    "guncertain1",
    "guncertain2",
    "guncertain3",
    "individual",
    "nperps",
    "nperpcap",
    "claimed",
    "claimmode",
    "claimmode_txt",
    "claim2",
    "claimmode2",
    "claimmode2_txt",
    "claim3",
    "claimmode3",
    "claimmode3_txt",
    "compclaim",
    "weaptype1",
    "weaptype1_txt",
    "weapsubtype1",
    "weapsubtype1_txt",
    "weaptype2",
    "weaptype2_txt",
    "weapsubtype2",
    "weapsubtype2_txt",
    "weaptype3",
    "weaptype3_txt",
    "weapsubtype3",
    "weapsubtype3_txt",
    "weaptype4",
    "weaptype4_txt",
    "weapsubtype4",
    "weapsubtype4_txt",
    "weapdetail",
    "nkill",
    "nkillus",
    "nkillter",
    "nwound",
    "nwoundus",
    "nwoundte",
    "property",
    "propextent",
    "propextent_txt",
    "propvalue",
    "propcomment",
    "ishostkid",
    "nhostkid",
    "nhostkidus",
    "nhours",
    "ndays",
    "divert",
    "kidhijcountry",
    "ransom",
    "ransomamt",
    "ransomamtus",
    "ransompaid",
    "ransompaidus",
    "ransomnote",
    "hostkidoutcome",
    "hostkidoutcome_txt",
    "nreleased",
    "addnotes",
    "scite1",
    "scite2",
    "scite3",
    "dbsource",
    "INT_LOG",
    "INT_IDEO",
    "INT_MISC",
    "INT_ANY",
    "related",
]
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
PLACES = [
    ("Iraq", "Baghdad", "Baghdad", 33.3036, 44.3718), ("Afghanistan", "Kabul", "Kabul", 34.5281, 69.1723),
    ("Pakistan", "Khyber Pakhtunkhwa", "Peshawar", 34.008, 71.5785), ("Nigeria", "Borno", "Maiduguri", 11.8464, 13.1603),
    ("Colombia", "Antioquia", "Medellín", 6.2518, -75.5636), ("France", "Île-de-France", "Paris", 48.8566, 2.3522),
    ("Côte d'Ivoire", "Abidjan", "Abidjan", 5.3097, -4.0127), ("India", "Jammu and Kashmir", "Srinagar", 34.0837, 74.7973),
]  # fmt: skip
GROUPS = ["Unknown", "Taliban", "Islamic State of Iraq and the Levant (ISIL)", "Boko Haram", "Revolutionary Armed Forces of Colombia (FARC)"]  # fmt: skip
ATTACKS = ["Bombing/Explosion", "Armed Assault", "Assassination", "Hostage Taking (Kidnapping)", "Unknown"]


def make_gtd(path: Path, rows: int) -> None:
    """About one distinct point for every four incidents, as in the GTD (some 50,000 for 200,000 incidents):
    towns near the eight places, each with the specificity its point was coded with."""
    rng = random.Random(1)
    sites = []
    for k in range(max(rows // 4, 1)):
        country, prov, city, lat, lon = PLACES[k % len(PLACES)]
        sites.append((country, prov, f"{city} {k}" if k >= len(PLACES) else city,
                      round(lat + rng.uniform(-2, 2), 6), round(lon + rng.uniform(-2, 2), 6), rng.choice("1111112345")))  # fmt: skip
    with open(path, "w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(GTD_COLUMNS)
        index = {name: i for i, name in enumerate(GTD_COLUMNS)}
        for n in range(rows):
            row = [rng.choice(("", "0", "1", "Unknown", "-9")) for _ in GTD_COLUMNS]
            country, prov, city, lat, lon, specificity = sites[rng.randrange(len(sites))]
            year, month, day = 1970 + n % 50, rng.choice((0, *range(1, 13), *range(1, 13))), rng.randint(0, 28)
            day = 0 if month == 0 else day
            values = {
                "eventid": f"{year}{month:02d}{day:02d}{n:06d}", "iyear": year, "imonth": month, "iday": day,
                "approxdate": "sometime in the spring" if month == 0 else "", "extended": "0", "resolution": "",
                "country_txt": country, "provstate": prov, "city": city, "specificity": specificity,
                "latitude": lat, "longitude": lon,
                "summary": f"{year}: Assailants attacked a café’s patrons in {city}. " + "Details. " * rng.randint(5, 25),
                "success": rng.choice("01"), "attacktype1_txt": rng.choice(ATTACKS), "gname": rng.choice(GROUPS),
                "guncertain1": rng.choice("001"), "claimed": rng.choice(("0", "1", "-9", "")),
                "nkill": rng.choice(("", "0", "1", "3", "12", "-99")), "nwound": rng.choice(("", "0", "2", "40")),
                "scite1": f'"Attack in {city}," Reuters, {year}-{n % 997}.',
                "scite2": rng.choice(("", f'"Report {n % 5000}," BBC, {year}.')), "scite3": "",
                "target1": "Civilians " * 3, "weapdetail": "Explosive device " * 3, "dbsource": "START Primary Collection",
                "motive": "Unknown " * rng.randint(0, 12),
            }  # fmt: skip
            for name, value in values.items():
                row[index[name]] = str(value)
            writer.writerow(row)


def make_acled(path: Path, rows: int) -> None:
    rng = random.Random(2)
    types = [("Violence against civilians", "Attack"), ("Explosions/Remote violence", "Air/drone strike"),
             ("Battles", "Armed clash"), ("Protests", "Peaceful protest"), ("Strategic developments", "Disrupted weapons use")]  # fmt: skip
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACLED_COLUMNS)
        for n in range(rows):
            country, prov, city, lat, lon = rng.choice(PLACES)
            event_type, sub = rng.choice(types)
            values = {
                "event_id_cnty": f"X{n}", "event_date": f"{2018 + n % 6}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "year": "2020", "time_precision": rng.choice("11123"), "disorder_type": "Political violence",
                "event_type": event_type, "sub_event_type": sub, "actor1": rng.choice(GROUPS[1:]), "actor2": "Civilians",
                "country": country, "admin1": prov, "location": city, "latitude": lat, "longitude": lon,
                "geo_precision": rng.choice("123"), "source": rng.choice(("Reuters", "Reuters; BBC", "Local media")),
                "notes": f"On this day, an event in {city}. " + "More. " * rng.randint(3, 20),
                "fatalities": rng.choice(("0", "1", "5", "")), "timestamp": "1700000000",
            }  # fmt: skip
            writer.writerow([str(values.get(c, "")) for c in ACLED_COLUMNS])


# Runs the command and prints its peak RSS in KB: RUSAGE_CHILDREN is the most of any child so far, so
# each command gets a parent of its own.
PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
    "r = resource.getrusage(resource.RUSAGE_CHILDREN); print(r.ru_utime + r.ru_stime, r.ru_maxrss)"
)


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and the peak RSS (MB) of ``command`` run in a fresh process.
    On a busy machine the wall time is the CPU time and the wait for a CPU; the load average is printed."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, *command], check=True, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    cpu, peak = done.stdout.split()[-2:]
    return seconds, float(cpu), int(peak) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", nargs="?", type=int, default=200_000)
    parser.add_argument("--build", action="store_true", help="also time `timeline build` of the GTD import")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    timeline = [sys.executable, "-m", "timeline"]
    for kind, make in (("gtd", make_gtd), ("acled", make_acled)):
        export = OUT / f"{kind}-{args.rows}.csv"
        if not export.exists():
            started = time.perf_counter()
            make(export, args.rows)
            print(f"made {export.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s")
        with tempfile.TemporaryDirectory() as folder:
            seconds, cpu, peak = run([*timeline, "import", kind, str(export), "--out", folder, "--replace"])
            size = os.path.getsize(export) / 1e6
            print(
                f"{kind}: {args.rows:,} rows, {size:,.0f} MB: imported in {seconds:.1f} s ({cpu:.1f} s CPU), "
                f"peak RSS {peak:,.0f} MB (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
            )
            if kind == "gtd" and args.build:
                seconds, cpu, peak = run([*timeline, "build", f"{folder}/events.csv", "--out", f"{folder}/site"])
                print(f"  build of the import: {seconds:.1f} s ({cpu:.1f} s CPU), peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
