"""The briefing page's search alone: how long after the page is drawn its
texts are ready for the search (folded, common.js column.prepare), and how
long the search of a few words takes by itself (Timeline.state.compile,
without the views following), in headless Chromium.

    .venv/bin/python bench/search.py OUT/index.html [--runs 3]

Prints, best of the runs, with the load average: the seconds from drawn to
ready, and each word's milliseconds before the texts are ready (the first
search right after drawn, when it comes first) and once they are.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import DRAW_LIMIT_S

WORDS = ("market", "kabul", "a", "i̇stanbul")
SEARCH = """w => { const s = Timeline.state; const q = s.filters.q; s.filters.q = w;
  const t = performance.now(); s.compile(); const ms = performance.now() - t; s.filters.q = q; return ms; }"""


def one_run(page: Path) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort()
        )
        tab.goto(page.resolve().as_uri(), timeout=DRAW_LIMIT_S * 1000)
        for selector in ("#timeline-chart[data-ready]", "body[data-ready]", "table.events-table tbody tr"):
            tab.wait_for_selector(selector, state="attached", timeout=DRAW_LIMIT_S * 1000)
        drawn = time.perf_counter()
        first = None if tab.evaluate("Timeline.state.searchReady()") else tab.evaluate(SEARCH, WORDS[0])
        tab.wait_for_function("() => Timeline.state.searchReady()", timeout=DRAW_LIMIT_S * 1000, polling=20)
        ready = time.perf_counter() - drawn
        words = {w: tab.evaluate(SEARCH, w) for w in WORDS}
        browser.close()
    return {"ready_s": ready, "first_ms": first, "words": words}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run(args.page) for _ in range(args.runs)]
    print(f"{args.page}: load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    print(f"texts ready {min(r['ready_s'] for r in runs):.2f} s after drawn")
    firsts = [r["first_ms"] for r in runs if r["first_ms"] is not None]
    if firsts:
        print(f"'{WORDS[0]}' before they are ready: {min(firsts):.0f} ms")
    for w in WORDS:
        each = [r["words"][w] for r in runs]
        print(f"'{w}': {min(each):.0f} ms (runs: {', '.join(f'{ms:.0f}' for ms in each)})")


if __name__ == "__main__":
    main()
