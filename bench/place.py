"""Placement benchmark: the time to place 200,000 synthetic events offline.

    .venv/bin/python bench/place.py                     # this tree
    .venv/bin/python bench/place.py --tree /tmp/base    # another checkout of the project, same table
    .venv/bin/python bench/place.py 50000               # another size

Makes the table with scripts/synthetic.py (seed 1; kept in bench/out/nN, as
bench/scale.py does), reads it, then times the placing step of a build,
``pipeline.place`` (places cache, gazetteer, countries), in a fresh process
whose ``timeline`` is the tree's: the best of 3, each with a new gazetteer
(the index already on disk, as on every build after the first on a machine).
Wall time, and the process's CPU time, which other work on the machine
disturbs less.

Separately, in another fresh process with an empty cache folder: the one-off
cost of building the gazetteer's index, paid once per machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PLACE_CODE = """
import gc, json, sys, time
gc.disable()  # as a build does (pipeline.without_gc_pauses)
from pathlib import Path
import timeline.pipeline as pipeline
from timeline.load import load
dataset = load(Path(sys.argv[1]))
runs, cpu = [], []
for _ in range(3):
    started, started_cpu = time.perf_counter(), time.process_time()
    prepared = pipeline.place(dataset)
    runs.append(time.perf_counter() - started)
    cpu.append(time.process_time() - started_cpu)
placements = prepared.placements
statuses = {}
for place in placements.places.values():
    statuses[place.status] = statuses.get(place.status, 0) + 1
print(json.dumps({
    "runs": runs, "cpu": cpu,
    "distinct": len({e.place for e in dataset.events if e.coordinates is None and e.place}),
    "placed": len(placements.places), "unplaced": len(placements.unplaced), "statuses": statuses,
}))
"""

INDEX_CODE = """
import json, time
started = time.perf_counter()
from timeline import gazetteer
db = gazetteer.city_index()
n = db.execute("SELECT count(*) FROM names").fetchone()[0]
print(json.dumps({"seconds": time.perf_counter() - started, "names": n}))
"""


def child(tree: Path, code: str, *args: str, cache: str | None = None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    if cache is not None:
        env["TIMELINE_CACHE"] = cache
    result = subprocess.run([PYTHON, "-c", code, *args], cwd=tree, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"failed in {tree}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=200_000, help="how many events (default 200,000)")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose timeline is timed")
    args = parser.parse_args()
    tree = args.tree.resolve()
    folder = ROOT / "bench" / "out" / f"n{args.n}"
    if not (folder / "events.csv").exists():
        subprocess.run(
            [PYTHON, str(ROOT / "scripts" / "synthetic.py"), str(args.n), "--out", str(folder)],
            check=True,
            capture_output=True,
        )
    commit = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    print(f"tree {tree} (commit {commit.stdout.strip()}), {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as empty:
        index = child(tree, INDEX_CODE, cache=empty)
    print(f"index built once per machine: {index['seconds']:.1f} s ({index['names']:,} names)")
    child(tree, INDEX_CODE)  # the index in the usual cache folder, built if missing, before timing
    figures = child(tree, PLACE_CODE, str(folder / "events.csv"))
    runs = ", ".join(f"{s:.2f}" for s in figures["runs"])
    print(
        f"placing {args.n:,} events ({figures['distinct']:,} distinct place texts): "
        f"{min(figures['runs']):.2f} s best of 3 ({runs}); CPU {min(figures['cpu']):.2f} s"
    )
    print(f"placed {figures['placed']:,} (by status: {figures['statuses']}), not placed {figures['unplaced']:,}")


if __name__ == "__main__":
    main()
