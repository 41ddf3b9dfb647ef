"""The briefing page at scale: how long a built index.html takes to draw and
to follow each change, in headless Chromium (bench/scale.py's browser_times).

    .venv/bin/python bench/page.py OUT/index.html [--runs 3]

Prints, best of the runs: drawn (seconds), each change (ms until every view
has followed and two frames are drawn; in brackets, until the views have
followed), the page's size, the data block's size, and the page's marks
(seconds from navigation) of the fastest run, with the load average.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import CHANGES, browser_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [browser_times(args.page) for _ in range(args.runs)]
    drawn = [r["drawn_s"] for r in runs if r["drawn_s"] is not None]
    if not drawn:
        raise SystemExit(f"{args.page}: not drawn in time")
    best = min((r for r in runs if r["drawn_s"] is not None), key=lambda r: r["drawn_s"])
    html = args.page.read_text(encoding="utf-8")
    from timeline.datablock import DATA_ELEMENT_START

    start = html.find(DATA_ELEMENT_START)
    block = html.index("</script>", start) - start if start >= 0 else 0
    print(f"{args.page}: {args.page.stat().st_size / 2**20:.1f} MiB, data block {block / 2**20:.1f} MiB")
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    print(f"drawn {min(drawn):.2f} s (runs: {', '.join(f'{d:.2f}' for d in drawn)})")
    for name, _ in CHANGES:
        figures = [r["changes"][name] for r in runs if name in r["changes"]]
        done = min(f[0] for f in figures)
        followed = min(f[1] for f in figures)
        print(f"{name}: {done:.0f} ms ({followed:.0f}) (runs: {', '.join(f'{f[0]:.0f}' for f in figures)})")
    for name, seconds in sorted(best["moments"].items(), key=lambda m: m[1]):
        print(f"  {seconds:6.2f} s  {name}")


if __name__ == "__main__":
    main()
