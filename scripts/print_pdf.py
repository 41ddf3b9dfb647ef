"""Print a built page to PDF as a browser would, with its print stylesheet.

    .venv/bin/python scripts/print_pdf.py [output/index.html] [briefing.pdf]

Opens the page from disk in headless Chromium (Debian's package) with every
request other than file:, data: and blob: (the page's own worker) refused,
and the browser itself started so that it contacts nothing
(timeline.images.PLAYWRIGHT_FLAGS), waits for the timeline, and
prints it (A4 landscape, as the page's own @page rule asks). To look at the
pages: pdftoppm -r 60 -png briefing.pdf page   (Debian package poppler-utils).
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
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("briefing.pdf")
    chromium = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    if chromium is None:
        sys.exit("error: Chromium not found; apt-get install chromium, or set CHROMIUM=/path/to/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", *PLAYWRIGHT_FLAGS])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort()
        )
        page.goto(page_path.resolve().as_uri())
        page.wait_for_selector("#timeline-chart[data-ready], .leaflet-container")
        page.emulate_media(media="print")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        page.wait_for_timeout(500)
        page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
        browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
