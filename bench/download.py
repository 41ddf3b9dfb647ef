"""The briefing page's Download at scale: a synthetic table of N events.

    .venv/bin/python bench/download.py              # 20,000 events
    .venv/bin/python bench/download.py 200000       # chosen sizes

For each size: builds the table (scripts/synthetic.py, seed 1), opens
index.html in headless Chromium (file://, the network refused), and times,
with no filter (every event), making the CSV text in the page
(``Timeline.share.csvText``) and the click on Download until the browser has
the file; then builds the file again beside the table's sources and
citations and says whether every event came back.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timeline import build, datablock  # noqa: E402


def measure(n: int, work: Path) -> None:
    table = work / f"t{n}"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "synthetic.py"), str(n), "--out", str(table)],
        check=True,
        capture_output=True,
    )
    build(table / "events.csv", table / "out")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "blob:")) else r.abort())
        page.set_default_timeout(600_000)
        page.goto((table / "out" / "index.html").as_uri())
        page.wait_for_selector("#timeline-chart[data-ready]")
        page.wait_for_selector(".share-download")
        made = page.evaluate(
            """() => { const d = Timeline.data(); const all = d.events.map((e, i) => i);
                const t = performance.now(); const text = Timeline.share.csvText(d, all);
                return [performance.now() - t, text.length]; }"""
        )
        started = time.perf_counter()
        with page.expect_download() as caught:
            page.click(".share-download")
        path = caught.value.path()
        clicked = time.perf_counter() - started
        raw = Path(path).read_bytes()
        browser.close()
    again = work / f"again{n}"
    again.mkdir()
    for name in ("sources.csv", "citations.csv", "timeline.toml"):
        shutil.copy(table / name, again / name)
    shutil.copytree(table / "documents", again / "documents")
    (again / "events.csv").write_bytes(raw)
    build(again / "events.csv", again / "out")
    before = [e["id"] for e in datablock.event_records(datablock.decode((table / "out" / "index.html").read_text()))]
    after = [e["id"] for e in datablock.event_records(datablock.decode((again / "out" / "index.html").read_text()))]
    print(
        f"{n:>8,} events: CSV text made in {made[0] / 1000:.2f} s ({made[1] / 1e6:.1f} M characters), "
        f"click to file {clicked:.2f} s, {len(raw) / 1e6:.1f} MB; "
        f"built again: {'every event, same order' if after == before else f'{len(after):,} of {len(before):,}'}"
    )


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [20_000]
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            measure(n, Path(folder))


if __name__ == "__main__":
    main()
