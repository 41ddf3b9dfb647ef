"""Scale benchmark: synthetic tables from 1,000 to 1,000,000 events.

    .venv/bin/python bench/scale.py                  # 1k 10k 100k 200k 1M, writes bench/results.md
    .venv/bin/python bench/scale.py 1000 10000       # chosen sizes, results printed only
    .venv/bin/python bench/scale.py --build-only 200000 1000000
        # the build alone: best of 3 (wall, CPU, peak memory, load average) and
        # where its time goes, step by step; no browser, nothing written

For each size, in one run:

* makes the table with scripts/synthetic.py (seed 1);
* times `timeline build` as a user runs it (a fresh process: wall time, the
  peak memory of its largest process from GNU time, and of all its processes
  together, sampled from /proc) and lists the pages' sizes;
* opens index.html in headless Chromium (Debian's chromium, from file://, the
  network refused) and times: until the map, the timeline and the table are
  drawn; a filter change (category = attack) until every view has followed;
  selecting an event until every view has followed; and map.html alone until drawn;
* at 1,000 and 10,000 events, builds the naive folium map (one CircleMarker
  with a popup per event, as folium's docs show) and reports both ratios.

Also times the shipped table's build (Python start-up included), and each
step of a build at the largest size, to show where the time goes.
Issue 20's targets are printed with the figures.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "out"
PYTHON = sys.executable
TIMELINE = str(Path(PYTHON).parent / "timeline")
DEFAULT_SIZES = (1000, 10_000, 100_000, 200_000, 1_000_000)


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat[stat.rindex(")") + 2 :].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    return children


def _tree_pss_kb(root: int) -> int:
    """The proportional set size (KB) of a process and all its descendants:
    memory shared after a fork counted once, not once per process."""
    children, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            pass
    return total


def _run(command: list[str], time_format: str) -> tuple[float, str, int]:
    """Run a command under GNU time; wall seconds, GNU time's line, and the
    largest total memory of its whole process tree (KB). Reading a big
    process's memory map takes time (about 30 ms a GB), so the sampler waits
    ten times as long as its last sample took: at most a tenth of a CPU."""
    started = time.perf_counter()
    process = subprocess.Popen(
        ["/usr/bin/time", "-f", time_format, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        pause = 0.1
        while not done.wait(pause):
            began = time.perf_counter()
            peak = max(peak, _tree_pss_kb(process.pid))
            pause = max(0.1, 10 * (time.perf_counter() - began))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{stderr[-2000:]}")
    return seconds, stderr.strip().splitlines()[-1], peak


def run_timed(command: list[str]) -> tuple[float, int, int]:
    """Wall seconds, the peak resident memory (KB) of its largest process (GNU
    time), and the peak of all its processes together (KB)."""
    seconds, line, tree = _run(command, "%M")
    return seconds, int(line), tree


def run_measured(command: list[str]) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (user and system, the child processes' too),
    the peak memory (KB) of its largest process and of all its processes together."""
    _, line, tree = _run(command, "%e %U %S %M")
    wall, user, system, peak = line.split()
    return float(wall), float(user) + float(system), int(peak), tree


def load_average() -> str:
    """The one-minute load average: on a shared machine, how far to trust a time."""
    return f"{os.getloadavg()[0]:.1f}"


def build_only(sizes: list[int]) -> None:
    """The build alone at each size: best of 3 by wall time, with its CPU
    seconds, peak memory and the load average when it ran; then each step
    of a build at the largest size."""
    print(machine(), flush=True)
    for n in sizes:
        folder = table(n)
        runs = []
        for _ in range(3):
            before = load_average()
            wall, cpu, peak, tree = run_measured(
                [TIMELINE, "build", str(folder / "events.csv"), "--out", str(folder / "out")]
            )
            runs.append((wall, cpu, peak, tree, before))
            print(
                f"  {n:,} events: {wall:.1f} s, {cpu:.1f} CPU s, peak {peak / 1024:.0f} MB "
                f"(all processes {tree / 1024:.0f} MB) (load {before})",
                flush=True,
            )
        wall, cpu, peak, tree, load = min(runs)
        print(
            f"{n:,} events, best of 3: build {wall:.1f} s ({cpu:.1f} CPU s), peak {peak / 1024:.0f} MB "
            f"(all processes {tree / 1024:.0f} MB), load {load}"
        )
    largest = max(sizes)
    print(f"Where the time goes at {largest:,} events (each step alone, one after another, in one process):")
    for name, sec in stages(table(largest) / "events.csv").items():
        print(f"  {name}: {sec:.2f} s")


def table(n: int) -> Path:
    """The synthetic table of ``n`` events (seed 1), made once and kept in bench/out."""
    folder = WORK / f"n{n}"
    if not (folder / "events.csv").exists():
        subprocess.run(
            [PYTHON, str(ROOT / "scripts" / "synthetic.py"), str(n), "--out", str(folder)],
            check=True,
            capture_output=True,
        )
    return folder


def naive_map(events_csv: Path, out: Path) -> float:
    """folium by hand: one CircleMarker with a popup per event. Returns seconds."""
    code = f"""
import csv, time
import folium
started = time.perf_counter()
m = folium.Map(location=[30, 40], zoom_start=3)
with open({str(events_csv)!r}, encoding='utf-8') as f:
    for row in csv.DictReader(f):
        if row['lat'] and row['lon']:
            lat, lon = float(row['lat']), float(row['lon'])
        else:
            continue
        folium.CircleMarker([lat, lon], radius=5, popup=folium.Popup(row['title'] + ' ' + row['date'] + ' ' + row['summary'])).add_to(m)
m.save({str(out)!r})
print(time.perf_counter() - started)
"""
    started = time.perf_counter()
    subprocess.run([PYTHON, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - started


def with_coordinates(events_csv: Path, out_csv: Path) -> Path:
    """The same table with every placed event's coordinates written in, for the naive map
    (which has no geocoder): taken from the built page's data block."""
    import csv

    from timeline.datablock import decode, event_records

    block = decode((events_csv.parent / "out" / "index.html").read_text(encoding="utf-8"))
    places = {}
    for ev in event_records(block):
        if ev["loc"] >= 0:
            lat, lon = block["places"][ev["loc"]][:2]
            places[ev["id"]] = (lat, lon)
    with events_csv.open(encoding="utf-8", newline="") as f, out_csv.open("w", encoding="utf-8", newline="") as g:
        reader = csv.DictReader(f)
        writer = csv.DictWriter(g, reader.fieldnames)
        writer.writeheader()
        for row in reader:
            if row["id"] in places:
                row["lat"], row["lon"] = places[row["id"]]
            writer.writerow(row)
    return out_csv


DRAW_LIMIT_S = 300


# The changes timed on each page, in this order: (name, what it does).
CHANGES = (
    ("filter", "Timeline.state.setFilters({category: ['attack']}, 'bench')"),
    ("clear", "Timeline.state.setFilters({category: null}, 'bench')"),
    (
        "select",
        "Timeline.state.select(Timeline.data().events[Math.floor(Timeline.data().events.length / 2)].id, 'bench')",
    ),
    ("search", "Timeline.state.setFilters({q: 'market'}, 'bench')"),
)


def browser_times(page: Path) -> dict:
    """``drawn_s``: seconds until drawn (None if not within DRAW_LIMIT_S);
    ``moments``: when each part of the page was done; ``changes``: for each of
    CHANGES, milliseconds until every view has followed and two frames are
    drawn, and until every view has followed (``Timeline.state.settled()``),
    before the browser draws. The difference is mostly the browser drawing
    the frames: without a GPU, Chromium fills WebGL's pixels on the CPU
    (SwiftShader), which a GPU does in milliseconds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    chromium = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort()
        )
        started = time.perf_counter()
        limit = DRAW_LIMIT_S * 1000
        try:
            tab.goto(page.resolve().as_uri(), timeout=limit)
            selectors = ("#timeline-chart[data-ready]", "body[data-ready]", "table.events-table tbody tr")
            if page.name == "map.html":  # the map alone
                selectors = ("body[data-ready]",)
            for selector in selectors:
                left = max(1000, limit - (time.perf_counter() - started) * 1000)
                tab.wait_for_selector(selector, state="attached", timeout=left)
        except PlaywrightTimeout:
            browser.close()
            return {"drawn_s": None, "moments": {}, "changes": {}}
        drawn = time.perf_counter() - started
        # When each part of the page was done, in seconds from the start of
        # navigation (the pages mark them: Timeline.mark in common.js), and
        # when the page next painted a frame: where the time to draw went.
        moments = tab.evaluate(
            """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
              const at = {};
              for (const m of performance.getEntriesByType('mark')) at[m.name.replace('timeline: ', '')] = m.startTime / 1000;
              at['painted'] = performance.now() / 1000;
              done(at);
            })))"""
        )
        changes = {}
        for name, change in CHANGES:
            changes[name] = tab.evaluate(
                f"""async () => {{
                  const started = performance.now();
                  {change};
                  await Timeline.state.settled();
                  const followed = performance.now() - started;
                  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                  return [performance.now() - started, followed];
                }}"""
            )
        browser.close()
    return {"drawn_s": drawn, "moments": moments, "changes": changes}


STAGES_CODE = """
import gc, json, sys, time
started = time.perf_counter()
gc.disable()  # as a build does (pipeline.without_gc_pauses)
import timeline.pipeline as pipeline
from timeline.load import load
from timeline.datablock import data_block, encode
from pathlib import Path
events = Path(sys.argv[1])
seconds = {"Python start-up and imports": time.perf_counter() - started}
def timed(name, work):
    t = time.perf_counter(); value = work(); seconds[name] = time.perf_counter() - t; return value
dataset = timed("read and check the tables", lambda: load(events))
from timeline import claims, chart
timed("what the claims state, and the timeline's geometry (once, before the fork)",
      lambda: (claims.state_all(dataset), chart.geometry(dataset)))
prepared = timed("place (places cache, gazetteer, countries)", lambda: pipeline.place(dataset))
timed("three pages (pipeline.render)", lambda: pipeline.render(prepared))
block = timed("- of which the data block", lambda: data_block(dataset, prepared.placements))
timed("- of which the timeline figure (its points made by the page)", lambda: pipeline.page_figure(dataset))
timed("- beside them, on threads: packing the block, deflating it, base64", lambda: encode(block))
timed("the figure and the embeds (made in a forked child on the second CPU while the events are placed "
      "and the pages made)", lambda: list(pipeline.from_table_alone(dataset)))
print(json.dumps(seconds))
"""


def stages(events_csv: Path) -> dict[str, float]:
    """Seconds per step of a build, in one process: where the time goes."""
    result = subprocess.run([PYTHON, "-c", STAGES_CODE, str(events_csv)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, commit {commit}"


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n")[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sizes", type=int, nargs="*", help="events per table (default: 1k 10k 100k 200k 1M)")
    parser.add_argument("--build-only", action="store_true", help="time the build alone; no browser, nothing written")
    arguments = parser.parse_args()
    only_build = arguments.build_only
    sizes = arguments.sizes or list(DEFAULT_SIZES)
    WORK.mkdir(parents=True, exist_ok=True)
    if only_build:
        build_only(sizes)
        return
    lines = [f"# Scale benchmark, {date.today().isoformat()}", "", machine(), ""]
    shipped_s, *_ = min(
        (
            run_timed([TIMELINE, "build", str(ROOT / "seeds" / "events.csv"), "--out", str(WORK / "shipped")])
            for _ in range(3)
        ),
        key=lambda r: r[0],
    )
    shipped_n = len((ROOT / "seeds" / "events.csv").read_text(encoding="utf-8").splitlines()) - 1  # a row a line
    lines.append(
        f"Shipped table ({shipped_n} events): build {shipped_s:.2f} s, best of 3, Python start-up included "
        "(target ≤ 1.5 s)."
    )
    lines += ["", *shipped_pages(WORK / "shipped")]
    lines += [
        "",
        "| events | build | peak memory (largest process, all) | index.html | map.html | timeline.html | drawn | "
        + " | ".join(name for name, _ in CHANGES)
        + " | map.html drawn |",
        "|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(CHANGES) + "---:|",
    ]
    naive_rows = []
    naive_seconds: dict[int, float] = {}
    moments: dict[int, dict[str, float]] = {}
    for n in sizes:
        folder = table(n)
        seconds, peak_kb, tree_kb = run_timed(
            [TIMELINE, "build", str(folder / "events.csv"), "--out", str(folder / "out")]
        )
        sizes_mb = {
            name: (folder / "out" / name).stat().st_size / 1e6 for name in ("index.html", "map.html", "timeline.html")
        }
        times = browser_times(folder / "out" / "index.html")
        moments[n] = times["moments"]
        drawn = f"{times['drawn_s']:.1f} s" if times["drawn_s"] is not None else f"not in {DRAW_LIMIT_S} s"
        changes = " | ".join(
            f"{times['changes'][name][0]:.0f} ms ({times['changes'][name][1]:.0f})" if name in times["changes"] else "–"
            for name, _ in CHANGES
        )
        map_drawn = browser_times(folder / "out" / "map.html")["drawn_s"]
        map_drawn = f"{map_drawn:.1f} s" if map_drawn is not None else f"not in {DRAW_LIMIT_S} s"
        lines.append(
            f"| {n:,} | {seconds:.1f} s | {peak_kb / 1024:.0f} MB, {tree_kb / 1024:.0f} MB | {sizes_mb['index.html']:.1f} MB | {sizes_mb['map.html']:.1f} MB | "
            f"{sizes_mb['timeline.html']:.1f} MB | {drawn} | {changes} | {map_drawn} |"
        )
        print(lines[-1], flush=True)
        if n in (1000, 10_000):
            naive_csv = with_coordinates(folder / "events.csv", folder / "naive.csv")
            naive_s = naive_map(naive_csv, folder / "naive.html")
            naive_mb = (folder / "naive.html").stat().st_size / 1e6
            naive_seconds[n] = naive_s
            naive_rows.append(
                f"| {n:,} | {naive_s:.1f} s, {naive_mb:.1f} MB | {seconds:.1f} s, map.html {sizes_mb['map.html']:.1f} MB | "
                f"{naive_s / seconds:.1f}× faster | {naive_mb / sizes_mb['map.html']:.1f}× smaller |"
            )
    lines += [
        "",
        "Targets (issue 20): 1,000,000 events build in ≤ 15 s with a peak of ≤ 1.5 GB, drawn in ≤ 5 s, a filter "
        "change or a search answered in ≤ 300 ms, a selection in ≤ 100 ms; 200,000 events build in ≤ 4 s, drawn in "
        "≤ 2.5 s.",
        "Peak memory: of the build's largest process (GNU time), and of all its processes together (their "
        "proportional set sizes summed, so memory a fork shares is counted once; sampled about once a second "
        "at 1,000,000 events).",
        "Changes, one after another on the drawn page: filter (category = attack), clear (the category filter "
        "taken off again: every lane redrawn), select (an event from the middle of the table), search "
        "('market', the first search). Each until every view has followed and two frames are drawn (in brackets: until "
        "the views have followed, before the browser draws; without a GPU, drawing WebGL's pixels is most of "
        "the rest).",
        "",
    ]
    if naive_rows:
        lines += [
            "Against the naive folium map (one CircleMarker with a popup per event; its build only, our whole build):",
            "",
            "| events | naive folium | timeline build | speed | size |",
            "|---:|---:|---:|---:|---:|",
            *naive_rows,
            "",
            "Target at 10,000 events: ≥ 20× faster, ≥ 3× smaller.",
        ]
        if 10_000 in naive_seconds:
            lines += [
                f"20× at 10,000 events asks for a build of {naive_seconds[10_000] / 20:.2f} s; the shipped table of "
                f"{shipped_n} events takes {shipped_s:.2f} s: Python's start, the checks of every value against its quotes, "
                "the gazetteer, three pages and the embeds, which the naive map does not make.",
            ]
    largest = max(sizes)
    lines += [
        "",
        f"Where the build time goes at {largest:,} events (each step timed alone, one after another, in one process; "
        "in a build the encoding runs on threads, and the figure and the embeds in a child process, "
        "so the build takes less than the sum):",
        "",
        "| step | seconds |",
        "|---|---:|",
        *(f"| {name} | {sec:.2f} |" for name, sec in stages(WORK / f"n{largest}" / "events.csv").items()),
    ]
    searched = search_alone(WORK / f"n{largest}" / "out" / "index.html")
    if searched:
        lines += ["", searched]
    if moments.get(largest):
        lines += [
            "",
            f"Where the time to draw index.html goes at {largest:,} events (one opening; seconds from the start "
            "of navigation until each part was done, as the page marks them; 'painted': the next frame after "
            "all of them, which waits for the browser to draw the WebGL chart):",
            "",
            "| moment | seconds |",
            "|---|---:|",
            *(f"| {name} | {sec:.2f} |" for name, sec in sorted(moments[largest].items(), key=lambda m: m[1])),
        ]
    report = "\n".join(lines) + "\n"
    print(report)
    if not sys.argv[1:]:
        # This run replaces the file's first section; the later ones (other benchmarks' runs) stay.
        results = ROOT / "bench" / "results.md"
        old = results.read_text(encoding="utf-8") if results.exists() else ""
        later = old[old.index("\n## ") + 1 :] if "\n## " in old else ""
        results.write_text(report + ("\n" + later if later else ""), encoding="utf-8")


def search_alone(page: Path) -> str:
    """The search by itself on a built page (bench/search.py, best of 3): when
    its texts are folded for it, and a word's time before and after."""
    if not page.exists():
        return ""
    sys.path.insert(0, str(ROOT / "bench"))
    from search import WORDS, one_run

    runs = [one_run(page) for _ in range(3)]
    firsts = [r["first_ms"] for r in runs if r["first_ms"] is not None]
    before = f"; before that it took {min(firsts):.0f} ms" if firsts else ""
    return (
        f"The search alone at {int(page.parent.parent.name[1:]):,} events (`bench/search.py`, best of 3, without the "
        f"views following): the texts are folded for it {min(r['ready_s'] for r in runs):.2f} s after the page "
        f"is drawn, then '{WORDS[0]}' takes {min(r['words'][WORDS[0]] for r in runs):.0f} ms{before}. The "
        "search column above is the first search, made right after the other changes, the views following it."
    )


def shipped_pages(out: Path) -> list[str]:
    """The shipped table's pages against issue 20's targets: size, first paint
    and drawn in headless Chromium (bench/shipped.py's measure, best of 3)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from shipped import DRAWN_TARGET_S, FIRST_PAINT_TARGET_S, SIZE_TARGETS, page_times

    rows = [
        f"| page | size | target | first paint (≤ {FIRST_PAINT_TARGET_S} s) | drawn (≤ {DRAWN_TARGET_S} s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, target in SIZE_TARGETS.items():
        times = [page_times(out / name) for _ in range(3)]
        paint = min((t[0] for t in times if t[0] is not None), default=None)
        drawn = min(t[1] for t in times)
        rows.append(
            f"| {name} | {(out / name).stat().st_size / 1e6:.2f} MB | {target / 1e6:.1f} MB | "
            f"{f'{paint:.2f} s' if paint is not None else '–'} | {drawn:.2f} s |"
        )
    return rows


if __name__ == "__main__":
    main()
