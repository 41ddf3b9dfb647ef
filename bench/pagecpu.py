"""The CPU time a built index.html costs the browser, every process of it
(the page, the GPU process that fills WebGL on the CPU, the workers), from
navigation until drawn and two frames painted, and for each change of
bench/scale.py's CHANGES: a figure that other work on the machine moves
far less than the wall-clock ones of bench/page.py.

    .venv/bin/python bench/pagecpu.py OUT/index.html [--runs 3]

Prints the best of the runs and each run, in CPU seconds, with the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import CHANGES, DRAW_LIMIT_S

TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(tag: str) -> float:
    """CPU seconds (user + system) of the process whose command line holds
    `tag` and of all its descendants."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]), tag.encode() in command)
    todo = [pid for pid, (_, _, tagged) in stats.items() if tagged]
    seen: set[int] = set()
    while todo:
        pid = todo.pop()
        if pid not in seen:
            seen.add(pid)
            todo += [child for child, (parent, _, _) in stats.items() if parent == pid]
    return sum(stats[pid][1] for pid in seen) / TICK


def one_run(page: Path, tag: str) -> dict:
    from playwright.sync_api import sync_playwright

    frames = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which(os.environ.get("CHROMIUM", "chromium")),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", tag],
        )
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort()
        )
        time.sleep(0.5)  # the browser's own start-up is not the page's
        before = tree_cpu(tag)
        tab.goto(page.resolve().as_uri(), timeout=DRAW_LIMIT_S * 1000)
        for selector in ("#timeline-chart[data-ready]", "body[data-ready]", "table.events-table tbody tr"):
            tab.wait_for_selector(selector, state="attached", timeout=DRAW_LIMIT_S * 1000)
        tab.evaluate(frames)
        out = {"drawn": tree_cpu(tag) - before}
        for name, change in CHANGES:
            before = tree_cpu(tag)
            tab.evaluate(f"async () => {{ {change}; await Timeline.state.settled(); await ({frames})(); }}")
            out[name] = tree_cpu(tag) - before
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run(args.page, f"--timeline-bench-{os.getpid()}-{k}") for k in range(args.runs)]
    print(f"{args.page}: CPU seconds, all the browser's processes; load average {os.getloadavg()[0]:.2f}")
    for name in runs[0]:
        figures = [r[name] for r in runs]
        print(f"{name}: {min(figures):.2f} s (runs: {', '.join(f'{f:.2f}' for f in figures)})")


if __name__ == "__main__":
    main()
