"""Take the README's screenshot of the briefing page: docs/briefing.png.

    .venv/bin/python scripts/screenshot.py [output/index.html] [docs/briefing.png]

Opens the page from disk in headless Chromium (Debian's package) with every
request other than file:, data: and blob: (the page's own worker) refused,
and the browser itself started so that it contacts nothing
(timeline.images.PLAYWRIGHT_FLAGS), and captures the top of the page.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from timeline.images import PLAYWRIGHT_FLAGS

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__.strip())
        return
    page_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output" / "index.html"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "briefing.png"
    chromium = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    if chromium is None:
        sys.exit("error: Chromium not found; apt-get install chromium, or set CHROMIUM=/path/to/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", *PLAYWRIGHT_FLAGS])
        page = browser.new_page(viewport={"width": 1280, "height": 1080}, device_scale_factor=1)
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort()
        )
        page.goto(page_path.resolve().as_uri())
        page.wait_for_selector("table.events-table")
        page.wait_for_timeout(800)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": 1280, "height": 1080})
        browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
