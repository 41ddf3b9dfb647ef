"""Many categories: a table of 10,000 events over 50 to 5,000 categories.

    .venv/bin/python bench/categories.py            # 50 500 1000 5000 categories
    .venv/bin/python bench/categories.py 5000       # chosen counts

For each count: builds the table with `timeline build` (a fresh process,
wall time) and opens index.html in headless Chromium (file://, the network
refused) until the map, the timeline and the table are drawn
(``scale.browser_times``). Target (issue 14): drawn in 5 s or less at 5,000
categories. Before the largest categories were given lanes and the rest one
shared lane (style.grouped), 500 categories took 51 s and 1,000 or more did
not finish in minutes.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale  # bench/scale.py: the browser timing

EVENTS = 10_000
PLACES = ("Kabul, Afghanistan", "Kerman, Iran", "Moscow, Russia", "Baghdad, Iraq", "Paris, France")
TARGET_S = 5.0


def table(folder: Path, categories: int) -> Path:
    rows = ["id,date,title,category,place,killed"]
    for i in range(EVENTS):
        day = f"{2000 + i % 24}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        rows.append(f'e{i},{day},Event {i},kind {i % categories},"{PLACES[i % len(PLACES)]}",{i % 7}')
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "events.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [50, 500, 1000, 5000]
    print(f"{'categories':>10}  {'build s':>8}  {'drawn s':>8}  target")
    for count in counts:
        folder = scale.WORK / f"categories-{count}"
        events = table(folder, count)
        started = time.perf_counter()
        subprocess.run(
            [scale.TIMELINE, "build", str(events), "--out", str(folder / "out")],
            check=True,
            capture_output=True,
        )
        built = time.perf_counter() - started
        drawn = scale.browser_times(folder / "out" / "index.html")["drawn_s"]
        shown = f"{drawn:8.2f}" if drawn is not None else f"> {scale.DRAW_LIMIT_S}"
        verdict = "" if count < 5000 else ("met" if drawn is not None and drawn <= TARGET_S else "MISSED")
        print(f"{count:>10,}  {built:8.2f}  {shown:>8}  {verdict}", flush=True)


if __name__ == "__main__":
    main()
