"""Time the build of the shipped table, as a user runs it, and print the output sizes.

    .venv/bin/python bench/shipped.py [RUNS]

Each run is a fresh `timeline build` process (Python start-up included) into a
temporary folder. Prints every run's wall time, the median, and each page's size.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMELINE = Path(sys.executable).parent / "timeline"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [str(TIMELINE), "build", str(ROOT / "seeds" / "events.csv"), "--out", tmp],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - started)
        sizes = {str(p.relative_to(tmp)): p.stat().st_size for p in sorted(Path(tmp).rglob("*")) if p.is_file()}
    print(f"timeline build seeds/events.csv, {runs} runs: " + ", ".join(f"{t:.2f}" for t in times) + " s")
    print(f"median {statistics.median(times):.2f} s")
    for name, size in sizes.items():
        print(f"{name:26} {size:>10,} bytes")


if __name__ == "__main__":
    main()
