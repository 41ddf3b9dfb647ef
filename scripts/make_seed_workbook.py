"""Write seeds/events.xlsx: the shipped CSV tables as one workbook.

    python scripts/make_seed_workbook.py [--check]

A sheet per table (events, sources, citations, places, eras, story), with
the cells typed as a person typing them into a spreadsheet would get: a full
day (2024-03-22) in a date column is a date cell, a plain number in a number
column (lat, lon, killed, injured, step) is a number cell when the number
reads back as the same text, and everything else (a month such as 2024-03,
"at least 133", "~2019") stays text. The CSV files are the source; the
workbook is made from them, byte for byte the same each time
(project.write_workbook). tests/cli/test_seed_workbook.py checks the
committed file is what this makes, and that both build the same pages.
With --check, nothing is written: exit 1 if the committed file differs.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.project import write_workbook  # noqa: E402
from timeline.workbook import TABLES, cell_text  # noqa: E402

SEEDS = ROOT / "seeds"
OUT = SEEDS / "events.xlsx"
DATE_COLUMNS = {"events": ("date", "end_date"), "sources": ("published",), "eras": ("start", "end")}
NUMBER_COLUMNS = {"events": ("lat", "lon", "killed", "injured"), "places": ("lat", "lon"), "story": ("step",)}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def typed(table: str, column: str, text: str):
    """``text`` as the cell a spreadsheet would hold: a date, a number, or the text itself."""
    if column in DATE_COLUMNS.get(table, ()) and _DAY.fullmatch(text):
        return dt.date.fromisoformat(text)
    if column in NUMBER_COLUMNS.get(table, ()):
        try:
            number = float(text)
        except ValueError:
            return text
        value = int(number) if number.is_integer() else number
        if cell_text(value)[0] == text:  # only when it reads back as written: 34.50 stays text
            return value
    return text


def seed_workbook(folder: Path = SEEDS) -> bytes:
    tables = {}
    for table in TABLES:
        path = folder / f"{table}.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.reader(file))
        header = tuple(rows[0])
        body = [row + [""] * (len(header) - len(row)) for row in rows[1:] if "".join(row).strip()]
        tables[table] = (header, [[typed(table, c, v) for c, v in zip(header, row, strict=True)] for row in body])
    return write_workbook(tables)


def main(argv: list[str]) -> int:
    data = seed_workbook()
    if "--check" in argv:
        same = OUT.exists() and OUT.read_bytes() == data
        print(f"{OUT.relative_to(ROOT)}: {'up to date' if same else 'differs from the CSV files; run the script'}")
        return 0 if same else 1
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
