"""Reading and checking the tables, and placing the events, timed alone.

    .venv/bin/python bench/read.py bench/out/n200000/events.csv [--runs 3]

Each run is a fresh process (as a build is: no warm caches), with the
garbage collector off as a build has it (``pipeline.without_gc_pauses``).
Prints each step's best wall and CPU seconds over the runs, and the load
average, for a shared machine's figures to be read with it. For a table of
more than 200,000 events, run it under ``flock /tmp/heavy.lock``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PYTHON = sys.executable

STEPS_CODE = """
import gc, json, resource, sys, time
gc.disable()
import timeline.pipeline as pipeline
from timeline.load import load
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
seconds = {}
wall, used = time.perf_counter(), cpu()
dataset = load(sys.argv[1])
seconds["read and check"] = (time.perf_counter() - wall, cpu() - used)
wall, used = time.perf_counter(), cpu()
pipeline.place(dataset)
seconds["place"] = (time.perf_counter() - wall, cpu() - used)
print(json.dumps(seconds))
"""


def main() -> None:
    arguments = sys.argv[1:]
    runs = 3
    if "--runs" in arguments:
        at = arguments.index("--runs")
        runs = int(arguments[at + 1])
        del arguments[at : at + 2]
    if len(arguments) != 1:
        sys.exit("usage: bench/read.py EVENTS.csv [--runs N]")
    events = Path(arguments[0])
    best: dict[str, tuple[float, float]] = {}
    for _ in range(runs):
        result = subprocess.run([PYTHON, "-c", STEPS_CODE, str(events)], capture_output=True, text=True, check=True)
        for step, (wall, used) in json.loads(result.stdout.strip().splitlines()[-1]).items():
            old = best.get(step, (float("inf"), float("inf")))
            best[step] = (min(old[0], wall), min(old[1], used))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{events}: best of {runs} runs (load average {load})")
    for step, (wall, used) in best.items():
        print(f"  {step:15s} {wall:6.2f} s wall  {used:6.2f} s CPU")


if __name__ == "__main__":
    main()
