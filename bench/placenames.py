"""What the map's place names cost: how many, the bytes they add, the time to choose them.

    .venv/bin/python bench/placenames.py [N] [--against REF]

For the shipped table and a synthetic table of N events (default 200,000,
made by scripts/synthetic.py into a temporary folder; 0 to skip): how many
names ``timeline/maplabels.py`` chooses, the time it takes (median of 3,
with the cycle collector paused, as a build does),
and the data block with and without them (base64 as the pages carry it, and
gzip -9 of that, as a server would send it). Every page with the data block
carries that difference; index.html and map.html also carry
``map-places.js``, whose size is printed too. With --against REF, the
committed output/ pages are compared with those of REF (a commit before the
names), raw and gzip -9.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timeline import maplabels, prepare
from timeline.datablock import data_block, encode
from timeline.pipeline import without_gc_pauses

ROOT = Path(__file__).resolve().parent.parent


@without_gc_pauses()  # as in a build: with the collector on, a 200,000-event heap makes it 0.5 s to 3 s
def measure(label: str, events_csv: Path) -> None:
    prepared = prepare(events_csv)
    block = data_block(prepared.dataset, prepared.placements)
    points = [(p.lat, p.lon) for p in prepared.placements.places.values()]
    times = []
    for _ in range(3):
        started = time.perf_counter()
        maplabels.block(points)
        times.append(time.perf_counter() - started)
    with_names = encode(block)
    without = encode({k: v for k, v in block.items() if k != "placenames"})
    gz_with, gz_without = (len(gzip.compress(b.encode("ascii"), 9)) for b in (with_names, without))
    print(
        f"{label}: {len(prepared.dataset.events):,} events at {len(set(points)):,} places; "
        f"{len(block['placenames']['name']):,} names, chosen in {statistics.median(times):.2f} s"
    )
    print(
        f"  data block {len(without):,} -> {len(with_names):,} bytes (+{len(with_names) - len(without):,}); "
        f"gzip -9 {gz_without:,} -> {gz_with:,} (+{gz_with - gz_without:,})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=200_000)
    parser.add_argument("--against", metavar="REF")
    args = parser.parse_args()
    script = (ROOT / "timeline" / "static" / "map-places.js").read_bytes()
    print(f"map-places.js: {len(script):,} bytes, gzip -9 {len(gzip.compress(script, 9)):,}")
    measure("shipped", ROOT / "seeds" / "events.csv")
    if args.against:
        for name in ("map.html", "index.html", "timeline.html"):
            old = subprocess.run(
                ["git", "-C", str(ROOT), "show", f"{args.against}:output/{name}"], capture_output=True, check=True
            ).stdout
            new = (ROOT / "output" / name).read_bytes()
            old_gz, new_gz = len(gzip.compress(old, 9)), len(gzip.compress(new, 9))
            print(
                f"  output/{name}: {len(old):,} -> {len(new):,} (+{len(new) - len(old):,}); "
                f"gzip -9 {old_gz:,} -> {new_gz:,} (+{new_gz - old_gz:,})"
            )
    if args.n:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "synthetic.py"), str(args.n), "--out", tmp],
                check=True,
                capture_output=True,
            )
            measure("synthetic", Path(tmp) / "events.csv")


if __name__ == "__main__":
    main()
