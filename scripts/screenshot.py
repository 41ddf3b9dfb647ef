"""Take the README's screenshots of the briefing page: what a reader sees first
on a laptop (docs/briefing.png, a 1440×900 window, its first screen and
the timeline below it) and on a phone (docs/briefing-phone.png, 390×844, the
first screen and a half).

    .venv/bin/python scripts/screenshot.py [--page output/index.html] [--out docs]

Opens the page from disk in headless Chromium (Debian's package) with every
request other than file:, data: and blob: (the page's own worker) refused,
and the browser itself started so that it contacts nothing
(timeline.images.PLAYWRIGHT_FLAGS), waits until the page says it is drawn
(``data-ready`` on the chart, rows in the table, every view settled, the map
at rest), and captures it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from timeline.images import PLAYWRIGHT_FLAGS

ROOT = Path(__file__).resolve().parent.parent

# name, viewport, how much of the page from the top (None: the viewport)
SHOTS = (
    ("briefing.png", {"width": 1440, "height": 900}, 1560),
    ("briefing-phone.png", {"width": 390, "height": 844}, 1266),
)

# Leaflet not moving (no zoom or pan animation under way), as tests/conftest.py waits.
MAP_AT_REST = """() => {
  const map = window.Timeline && Timeline.map && Timeline.map.current && Timeline.map.current.map;
  return !map || (!map._animatingZoom && !(map._panAnim && map._panAnim._inProgress));
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", type=Path, default=ROOT / "output" / "index.html")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the pictures")
    args = parser.parse_args()
    chromium = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    if chromium is None:
        sys.exit("error: Chromium not found; apt-get install chromium, or set CHROMIUM=/path/to/chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", *PLAYWRIGHT_FLAGS])
        for name, viewport, height in SHOTS:
            page = browser.new_page(viewport=viewport, device_scale_factor=1)
            page.route(
                "**/*",
                lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort(),
            )
            page.goto(args.page.resolve().as_uri())
            page.wait_for_selector("#timeline-chart[data-ready]")
            page.wait_for_selector("table.events-table tbody tr", state="attached")
            page.evaluate("() => Timeline.state.settled()")  # every view has followed the URL's state
            page.wait_for_function(MAP_AT_REST)
            # two frames, so what the last change drew is on screen
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            clip = {"x": 0, "y": 0, "width": viewport["width"], "height": height or viewport["height"]}
            page.screenshot(path=str(args.out / name), clip=clip, full_page=bool(height))
            page.close()
            print(f"wrote {args.out / name}")
        browser.close()


if __name__ == "__main__":
    main()
