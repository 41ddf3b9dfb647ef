"""Time the build of the shipped table, as a user runs it; print each page's
size against its target, and how fast each page draws in headless Chromium.

    .venv/bin/python bench/shipped.py [RUNS]

Each run is a fresh `timeline build` process (Python start-up included) into a
temporary folder. Prints every run's wall time, the median, and each output's
size. Then each page is opened RUNS times (best of 3 at least) from file:// in
Debian's Chromium ($CHROMIUM), every network request refused, a fresh browser
each time, and two moments are read from the page's own clock (seconds from
the start of navigation):

* first paint: title, filters and map drawn (the page's "map drawn" mark,
  Timeline.mark), and the next frame painted after it;
* drawn: every view the page has drawn (the `data-ready` markers the tests
  wait on, and the table's first row), and the next frame after that.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMELINE = Path(sys.executable).parent / "timeline"

# Issue 20's targets for the shipped table.
SIZE_TARGETS = {"index.html": 1_500_000, "timeline.html": 1_200_000, "map.html": 400_000}
FIRST_PAINT_TARGET_S = 0.5
DRAWN_TARGET_S = 1.2

# What each page shows when drawn (CSS selectors).
DRAWN = {
    "index.html": ("#timeline-chart[data-ready]", "body[data-ready]", "table.events-table tbody tr"),
    "timeline.html": ("#timeline-chart[data-ready]",),
    "map.html": ("body[data-ready]",),
}

# Runs in the page before its own scripts: notes (on the page's clock) the
# first moment each selector matches, then the next painted frame.
WATCH = """
window.__bench = {};
(function () {
  var wanted = %s;
  function look() {
    wanted.forEach(function (s) {
      if (window.__bench[s] === undefined && document.querySelector(s)) {
        window.__bench[s] = null;
        requestAnimationFrame(function () { window.__bench[s] = performance.now() / 1000; });
      }
    });
  }
  new MutationObserver(look).observe(document, { attributes: true, childList: true, subtree: true });
  var mark = performance.mark.bind(performance);
  performance.mark = function (name) {
    var result = mark.apply(null, arguments);
    if (name === "timeline: map drawn" && window.__bench.paint === undefined) {
      window.__bench.paint = null;
      requestAnimationFrame(function () { window.__bench.paint = performance.now() / 1000; });
    }
    return result;
  };
})();
"""


def page_times(page: Path) -> tuple[float | None, float]:
    """(first paint, drawn) of one opening of ``page``, in seconds."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    selectors = DRAWN[page.name]
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            tab = browser.new_page(viewport={"width": 1440, "height": 900})
            tab.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort()
            )
            tab.add_init_script(WATCH % repr(list(selectors)).replace("'", '"'))
            tab.goto(page.resolve().as_uri())
            tab.wait_for_function(
                "(s) => s.every(x => typeof window.__bench[x] === 'number')", arg=list(selectors), timeout=30_000
            )
            at = tab.evaluate("() => window.__bench")
        finally:
            browser.close()
    paint = at.get("paint") if "paint" in at else None
    return paint, max(at[s] for s in selectors)


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
            target = SIZE_TARGETS.get(name)
            against = f"  target {target:>10,}  {'met' if size <= target else 'MISSED'}" if target else ""
            print(f"{name:34} {size:>10,} bytes{against}")
        opened = max(3, runs)
        print(f"\nin headless Chromium, best of {opened} (seconds from navigation; load {os.getloadavg()[0]:.2f}):")
        for name in DRAWN:
            found = [page_times(Path(tmp) / name) for _ in range(opened)]
            paints = [p for p, _ in found if p is not None]
            drawn = min(d for _, d in found)
            paint = f"first paint {min(paints):.3f} s (target {FIRST_PAINT_TARGET_S})" if paints else "first paint -"
            print(
                f"{name:14} {paint:34} drawn {drawn:.3f} s (target {DRAWN_TARGET_S}) "
                f"{'met' if drawn <= DRAWN_TARGET_S else 'MISSED'}"
                f"   all runs: " + ", ".join(f"{p if p is None else round(p, 3)}/{d:.3f}" for p, d in found)
            )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
