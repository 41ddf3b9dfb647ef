"""Time drawing the pictures and the deck for the shipped table, with one browser.

    .venv/bin/python bench/pictures.py

Builds the pages, then draws timeline.png/.svg/.pdf and map.png/.svg/.pdf with one
Chromium (started once) and makes the deck, as `timeline build --images`
does (which draws from the map page in its staging folder). Prints each step
and the whole.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from timeline import build
from timeline.images import ImageSize, picture_files

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        report = build(ROOT / "seeds" / "events.csv", out)
        timings: dict[str, float] = {}
        started = time.perf_counter()
        picture_files(report.prepared, out / "map.html", ImageSize(), timings)
        total = time.perf_counter() - started
    for step, seconds in timings.items():
        print(f"{step:32} {seconds:6.2f} s")
    print(f"{'all, one browser start':32} {total:6.2f} s")


if __name__ == "__main__":
    main()
