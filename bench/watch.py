"""Time `timeline watch` from a save of the table to the open page reloaded and drawn.

    .venv/bin/python bench/watch.py [SAVES] [PAGE]

Starts `timeline watch` on a copy of seeds/ in a temporary folder, opens PAGE
(default index.html) from it in Chromium, then SAVES times (default 7): edits
an event's title in the copy's events.csv and waits until the page has
reloaded and says it is drawn (the map's and the chart's `data-ready`, the
table's rows: what the tests wait on). Prints, per save and as medians:

    total   the write to the page drawn again
    build   the build, as `timeline watch` prints it
    reload  the write to the new page's navigation start (the debounce, the
            build, the event to the page, its reload request)
    fetch   the navigation start to the page received (5 MB, the reload script added)
    page    the page received to the page drawn: its 5 MB of inline scripts
            (plotly.js, Leaflet, ours) compiled and run, the views drawn
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline.images import PLAYWRIGHT_FLAGS, find_chromium  # noqa: E402

TITLE = "Gun attack on Crocus City Hall concert venue in Moscow"  # an event of the shipped table whose title is edited
DRAWN = """() => {
  const chart = document.getElementById('timeline-chart');
  const ready = (!document.querySelector('.folium-map') || document.body.dataset.ready === 'true')
      && (!chart || chart.getAttribute('data-ready') === 'true')
      && (!document.querySelector('table.events-table') || document.querySelector('table.events-table tbody tr'));
  return !window.notReloaded && ready && performance.timeOrigin + performance.now();
}"""


# The navigation's start (s since the epoch) and the page received (s from the start).
TIMING = """() => [performance.timeOrigin / 1000, performance.getEntriesByType('navigation')[0].responseEnd / 1000]"""


def main() -> None:
    saves = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    name = sys.argv[2] if len(sys.argv) > 2 else "index.html"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "seeds"
        shutil.copytree(ROOT / "seeds", folder)
        table = folder / "events.csv"
        original = table.read_text(encoding="utf-8")
        assert TITLE in original
        process = subprocess.Popen(
            [sys.executable, "-m", "timeline", "watch", str(table), "--out", str(Path(tmp) / "out"), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        lines: list[str] = []
        errors: list[str] = []
        for stream, kept in ((process.stdout, lines), (process.stderr, errors)):
            threading.Thread(target=lambda s=stream, k=kept: k.extend(x.rstrip() for x in s), daemon=True).start()
        try:
            url = wait_for(lines, r"Serving (http://\S+/)", 0).group(1)
            rows = measure(url + name, table, original, saves, lines)
        except BaseException:
            print("\n".join(errors), file=sys.stderr)
            raise
        finally:
            process.terminate()
            process.wait()
    print(f"timeline watch seeds/events.csv, {name}, {saves} saves (seconds):")
    print(f"{'':8}" + "".join(f"{c:>8}" for c in ("total", "build", "reload", "fetch", "page")))
    for i, row in enumerate(rows, 1):
        print(f"save {i:<3}" + "".join(f"{v:8.2f}" for v in row))
    print("median  " + "".join(f"{statistics.median(column):8.2f}" for column in zip(*rows, strict=True)))


def wait_for(lines: list[str], pattern: str, start: int, timeout: float = 60) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in lines[start:]:
            if found := re.search(pattern, line):
                return found
        time.sleep(0.01)
    raise SystemExit(f"timeline watch did not print {pattern!r}: {lines}")


def measure(url: str, table: Path, original: str, saves: int, lines: list[str]) -> list[tuple[float, ...]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=find_chromium(), args=["--no-sandbox", "--disable-gpu", *PLAYWRIGHT_FLAGS]
        )
        # The quiet flags send every request, loopback too, to a proxy where nothing listens: not this page's.
        page = browser.new_page(
            viewport={"width": 1440, "height": 900}, proxy={"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"}
        )
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url.rsplit("/", 1)[0]) else r.abort())
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=60_000)
        for i in range(1, saves + 1):
            page.evaluate("() => { window.notReloaded = true; }")
            page.wait_for_timeout(300)  # a reader between saves
            start = len(lines)
            written = time.time()
            table.write_text(original.replace(TITLE, f"{TITLE} ({i})"), encoding="utf-8")
            drawn = page.wait_for_function(DRAWN, timeout=60_000, polling="raf").json_value() / 1000
            navigation, fetched = page.evaluate(TIMING)
            build = float(wait_for(lines, r" in (\d+\.\d+) s:", start).group(1))
            drawn -= navigation
            rows.append((drawn + navigation - written, build, navigation - written, fetched, drawn - fetched))
        browser.close()
    return rows


if __name__ == "__main__":
    main()
