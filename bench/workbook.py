"""Workbook benchmark: reading a table from .xlsx against reading it from CSV.

    .venv/bin/python bench/workbook.py               # 1,000, 10,000 and 50,000 events
    .venv/bin/python bench/workbook.py 200000        # chosen sizes

For each size: makes the synthetic table (scripts/synthetic.py, seed 1),
writes it as one workbook the way scripts/make_seed_workbook.py writes the
shipped one (days as date cells, numbers as numbers), then times
``timeline.load`` (read and check every table; no placing) on the CSV files
and on the workbook, best of three, and checks both give the same events.
Also times the workbook alone: opened and every sheet turned into rows.
Prints the figures; nothing is written to bench/results.md.
"""

from __future__ import annotations

import runpy
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.csvfile import Collector  # noqa: E402
from timeline.load import load  # noqa: E402
from timeline.workbook import TABLES, open_workbook  # noqa: E402

WORK = ROOT / "bench" / "out" / "workbook"


def best(function, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def read_sheets(path: Path) -> int:
    book = open_workbook(path)
    rows = 0
    for table in TABLES:
        sheet = book.sheet(table)
        if sheet is not None:
            rows += len(sheet.records((), (), Collector(sheet)).rows)
    return rows


def main(sizes: list[int]) -> None:
    seed_workbook = runpy.run_path(str(ROOT / "scripts" / "make_seed_workbook.py"), run_name="bench")["seed_workbook"]
    print(f"{'events':>8} {'xlsx MB':>8} {'write s':>8} {'load CSV s':>11} {'load xlsx s':>12} {'sheets s':>9}")
    for n in sizes:
        folder = WORK / str(n)
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "synthetic.py"), str(n), "--out", str(folder), "--seed", "1"],
            check=True,
            capture_output=True,
        )
        started = time.perf_counter()
        data = seed_workbook(folder)
        written = time.perf_counter() - started
        book = folder / "book" / "events.xlsx"
        book.parent.mkdir(exist_ok=True)
        book.write_bytes(data)
        (book.parent / "documents").mkdir(exist_ok=True)
        for document in (folder / "documents").iterdir():
            (book.parent / "documents" / document.name).write_bytes(document.read_bytes())
        (book.parent / "timeline.toml").write_bytes((folder / "timeline.toml").read_bytes())
        csv_s, from_csv = best(lambda folder=folder: load(folder / "events.csv"))
        xlsx_s, from_xlsx = best(lambda book=book: load(book))
        sheets_s, _ = best(lambda book=book: read_sheets(book))
        same = [e._replace(line=0) for e in from_csv.events] == [e._replace(line=0) for e in from_xlsx.events]
        print(
            f"{n:>8,} {len(data) / 1e6:>8.1f} {written:>8.1f} {csv_s:>11.2f} {xlsx_s:>12.2f} {sheets_s:>9.2f}"
            + ("" if same else "  EVENTS DIFFER")
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10_000, 50_000])
