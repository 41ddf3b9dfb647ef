"""Map clustering benchmark: our grid (timeline/static/map-cluster.js) against supercluster.

    .venv/bin/python bench/cluster.py                     # 10,000, 100,000 and 1,000,000 points
    .venv/bin/python bench/cluster.py 10000 100000        # chosen sizes
    .venv/bin/python bench/cluster.py --page 1000000      # and the built map page at the largest size

For each size, the events of a synthetic table (scripts/synthetic.py, seed 1;
/tmp/s1m is used for 1,000,000 when it holds that table) are read and placed
as a build places them (load, pipeline.place, the data block), and each placed
event's point, marker radius and first day kept in bench/out/cluster/ (made
once per size). Then, in one headless Chromium (Debian's, a local page served
by Playwright, every other request refused), with a 1440 x 900 pixel view:

* building the index: ours is Timeline.cluster.placed (each event projected
  into typed arrays, once per page); supercluster's is a GeoJSON feature per
  event and Supercluster.load (radius 60 at extent 256: the 60 pixels of our
  squares on Leaflet's 256-pixel tiles; maxZoom 12, the map's deepest zoom).
  Supercluster needs placed() too (the spreads, rings and cards read it): its
  build comes on top;
* the clusters for a view (the world at zoom 2, a region at zoom 5, a city at
  zoom 10): ours is Timeline.cluster.bin over the view and its 120-pixel margin,
  as map-draw.js redraws on every pan and zoom; supercluster's getClusters
  over the same box;
* a filter that keeps half the points (the time slider at the middle day), and
  the world's clusters after it: ours sets the flags as map-events.js does and
  bins again; supercluster has no filter, so it is loaded again with the points kept;
* the members of the largest cluster in the world view (a click on it: ours
  scans the squares of every event, supercluster's getLeaves), and each event's
  cluster in the view (map-draw.js reads it for the story's rings, the
  spreads and onScreen; ours has it from bin, supercluster by getLeaves of
  every cluster drawn);
* the index's memory: V8's heap plus typed arrays' storage, after a garbage
  collection, before and after building (Runtime.getHeapUsage);
* supercluster with each cluster's categories counted (a map/reduce), as the
  library would give "categories inside a cluster"; ours draws counts only;
* what each draws in each view: markers (clusters and lone events) whose
  centre is in view, the largest count, and the events those counts hold
  against the events in view. Pictures of both, side by side, go to
  bench/out/cluster/<view>-<N>.png (grey dots: every event in view).

With --page, the largest table is also built (timeline build, its places
cache in bench/out/) and its map.html opened: a pan (panBy 300 x 150 pixels,
not animated: Leaflet's moveend and our whole redraw) and a filter change
(category = attack, until every view has followed), each with the part of it
spent in Timeline.cluster.bin: how much of what a user waits for is the grid.

Each time is the best of 3 (a quick one averaged over enough repeats to last
50 ms). Prints the figures as tables; nothing is written but bench/out/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "out" / "cluster"
PYTHON = sys.executable
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
# Tables already made elsewhere (read only): used when they hold the table synthetic.py makes.
SHARED = {1_000_000: Path("/tmp/s1m")}
CLUSTER_JS = ROOT / "timeline" / "static" / "map-cluster.js"
SUPERCLUSTER_JS = ROOT / "node_modules" / "supercluster" / "dist" / "supercluster.js"
ORIGIN = "http://bench.invalid/"
WIDTH, HEIGHT = 1440, 900
# (name, lat, lon, zoom) of each view; the city is the placement with the most events (found per size).
VIEWS = (("world", 20.0, 10.0, 2), ("region", 33.0, 44.0, 5), ("city", None, None, 10))

POINTS_CODE = """
import gc, struct, sys
from collections import Counter
from pathlib import Path
gc.disable()
import timeline.pipeline as pipeline
from timeline.datablock import data_block, event_records
from timeline.load import load
events, places, out = (Path(a) for a in sys.argv[1:4])
dataset = load(events)
prepared = pipeline.place(dataset, places_path=places)
block = data_block(dataset, prepared.placements)
del prepared, dataset
lat, lon, radius, radius_m, category, day = [], [], [], [], [], []
import datetime
epoch = datetime.date(1970, 1, 1)
days = [(datetime.date.fromisoformat(d[3]) - epoch).days for d in block["dates"]]
for ev in event_records(block):
    if ev["loc"] < 0:
        continue
    p = block["places"][ev["loc"]]
    lat.append(p[0]); lon.append(p[1]); radius_m.append(p[6])
    radius.append(ev["radius"]); category.append(ev["category"]); day.append(days[ev["date"]])
n = len(lat)
with open(out, "wb") as f:
    f.write(struct.pack("<i", n))
    f.write(struct.pack(f"<{n}d", *lat)); f.write(struct.pack(f"<{n}d", *lon))
    f.write(struct.pack(f"<{n}f", *radius)); f.write(struct.pack(f"<{n}f", *radius_m))
    f.write(struct.pack(f"<{n}i", *category)); f.write(struct.pack(f"<{n}i", *day))
busiest = Counter(zip(lat, lon)).most_common(1)[0][0]
print(n, len(block["events"]), busiest[0], busiest[1])
"""


def table(n: int) -> Path:
    """The events.csv of the synthetic table of n events (made if need be)."""
    shared = SHARED.get(n)
    if shared and f"Synthetic events ({n})" in (shared / "timeline.toml").read_text(encoding="utf-8", errors="replace"):
        return shared / "events.csv"
    folder = WORK / f"n{n}"
    if not (folder / "events.csv").is_file():
        subprocess.run([PYTHON, str(ROOT / "scripts" / "synthetic.py"), str(n), "--out", str(folder)], check=True)
    return folder / "events.csv"


def points(n: int) -> dict:
    """The placed points of the table of n events, as a build places them: made once, kept in WORK."""
    binary = WORK / f"points-{n}.bin"
    about = WORK / f"points-{n}.json"
    if not (binary.is_file() and about.is_file()):
        events = table(n)
        result = subprocess.run(
            [PYTHON, "-c", POINTS_CODE, str(events), str(WORK / f"places-{n}.csv"), str(binary)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise SystemExit(f"placing the events of {events} failed:\n{result.stderr[-2000:]}")
        placed, total, lat, lon = result.stdout.split()[-4:]
        about.write_text(json.dumps({"placed": int(placed), "events": int(total), "busiest": [float(lat), float(lon)]}))
    return json.loads(about.read_text())


PAGE = """<!doctype html><meta charset="utf-8"><title>clustering bench</title>
<style>body{margin:0;font:12px sans-serif} canvas{display:block;border-bottom:1px solid #999}
.pair{display:flex;gap:0} .pair div{position:relative} .pair p{position:absolute;top:4px;left:8px;margin:0;
font:600 14px sans-serif;background:#fffc;padding:2px 6px}</style>
<script>%(cluster)s</script>
<script>%(supercluster)s</script>
<script>%(bench)s</script>
<div id="pictures"></div>"""

BENCH_JS = r"""
"use strict";
var W = %(width)d, H = %(height)d, MARGIN = 120, MAX_ZOOM = 12;
var B = (window.bench = {});
var MAX_LATITUDE = 85.0511287798;

function x0(lon) { return 128 + (lon * 256) / 360; }
function y0(lat) {
  var sin = Math.sin((Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)) * Math.PI) / 180);
  return 128 - (64 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
}
function lonOf(x) { return (x - 128) * 360 / 256; }
function latOf(y) { return (2 * Math.atan(Math.exp((128 - y) * 2 * Math.PI / 256)) - Math.PI / 2) * 180 / Math.PI; }

/* A view: its box in pixels at its zoom, with and without the margin, and the margin box in degrees. */
function frame(v) {
  var scale = Math.pow(2, v.zoom);
  var cx = x0(v.lon) * scale, cy = y0(v.lat) * scale;
  var view = { minX: cx - W / 2, minY: cy - H / 2, maxX: cx + W / 2, maxY: cy + H / 2 };
  var box = { minX: view.minX - MARGIN, minY: view.minY - MARGIN, maxX: view.maxX + MARGIN, maxY: view.maxY + MARGIN };
  var bbox = [lonOf(box.minX / scale), Math.max(-90, latOf(box.maxY / scale)), lonOf(box.maxX / scale), Math.min(90, latOf(box.minY / scale))];
  return { zoom: v.zoom, scale: scale, view: view, box: box, bbox: bbox };
}

/* Milliseconds `work` takes: the best of 3 runs, a run repeating it until it has lasted 50 ms (1000 times at most). */
function timed(work, setup) {
  var best = Infinity;
  for (var run = 0; run < 3; run++) {
    if (setup) setup();
    var started = performance.now(), times = 0, spent = 0;
    do {
      work();
      times++;
      spent = performance.now() - started;
    } while (spent < 50 && times < 1000);
    best = Math.min(best, spent / times);
  }
  return best;
}

B.load = async function (url) {
  var buffer = await (await fetch(url)).arrayBuffer();
  var n = new Int32Array(buffer, 0, 1)[0], at = 4;
  function take(Type) { var a = new Type(buffer.slice(at, at + n * Type.BYTES_PER_ELEMENT)); at += n * Type.BYTES_PER_ELEMENT; return a; }
  var lat = take(Float64Array), lon = take(Float64Array), radius = take(Float32Array), radiusM = take(Float32Array);
  var category = take(Int32Array), day = take(Int32Array);
  // The events as the page has them (common.js): only what the map reads.
  var events = new Array(n);
  for (var i = 0; i < n; i++) {
    events[i] = { loc: { lat: lat[i], lon: lon[i], radius_m: radiusM[i] }, radius: radius[i], category: category[i] };
  }
  var sorted = Array.from(day).sort(function (a, b) { return a - b; });
  B.data = { n: n, events: events, day: day, category: category, middle: sorted[Math.floor((n - 1) / 2)] };
  return n;
};

/* Ours: the index is placed(); a view is bin() over the view and its margin. */
B.oursBuild = function () {
  var p = T().placed(B.data.events);
  B.ours = { p: p, on: new Uint8Array(p.count).fill(1), skip: new Uint8Array(p.count), cellOf: new Int32Array(p.count), placeOn: new Int32Array(p.places.count) };
  return p.count;
};
function T() { return window.Timeline.cluster; }
B.oursView = function (v) {
  var f = frame(v), o = B.ours;
  return (o.grid = T().bin(o.p, o.on, o.skip, -1, o.cellOf, f.scale, f.box));
};
/* As map-events.js applyFilters does (the flags, each dashed circle's count), then a redraw's bin. */
B.oursFilter = function (cut, v) {
  var o = B.ours, p = o.p, day = B.data.day, on = o.on, placeOn = o.placeOn;
  placeOn.fill(0);
  for (var k = 0; k < p.count; k++) {
    on[k] = day[p.index[k]] <= cut ? 1 : 0;
    if (on[k] && p.place[k] >= 0) placeOn[p.place[k]]++;
  }
  return B.oursView(v);
};
B.oursAll = function () { B.ours.on.fill(1); };

/* Supercluster: a GeoJSON point per event (its properties: the event's index), loaded. */
function features(keep) {
  var evs = B.data.events, list = [];
  for (var i = 0; i < evs.length; i++) {
    if (keep && !keep(i)) continue;
    list.push({ type: "Feature", properties: i, geometry: { type: "Point", coordinates: [evs[i].loc.lon, evs[i].loc.lat] } });
  }
  return list;
}
var OPTIONS = { radius: 60, extent: 256, maxZoom: MAX_ZOOM, minPoints: 2 };
B.scBuild = function () {
  B.sc = new Supercluster(OPTIONS).load(features());
  return B.sc.numPoints;
};
B.scBuildCategories = function () {
  var cat = B.data.category;
  var options = Object.assign({}, OPTIONS, {
    map: function (i) { var o = {}; o[cat[i]] = 1; return o; },
    reduce: function (acc, c) { for (var key in c) acc[key] = (acc[key] || 0) + c[key]; }
  });
  B.scCat = new Supercluster(options).load(features());
  return B.scCat.numPoints;
};
B.scView = function (v) { return B.sc.getClusters(frame(v).bbox, v.zoom); };
B.scFilter = function (cut, v) {
  var day = B.data.day;
  B.sc = new Supercluster(OPTIONS).load(features(function (i) { return day[i] <= cut; }));
  return B.scView(v);
};
B.drop = function () { B.ours = null; B.sc = null; B.scCat = null; };

/* What each draws in view v: markers whose centre is in view. */
function drawn(v, which) {
  var f = frame(v), list = [];
  if (which === "ours") {
    var g = B.oursView(v), p = B.ours.p;
    for (var c = 0; c < g.cells; c++) {
      if (!g.count[c] || g.root[c] !== c) continue;
      list.push({ x: g.sumX[c] / g.count[c], y: g.sumY[c] / g.count[c], n: g.count[c], r: g.count[c] === 1 ? p.radius[g.first[c]] : T().size(g.count[c]) / 2 });
    }
  } else {
    B.scView(v).forEach(function (ft) {
      var n = ft.properties.cluster ? ft.properties.point_count : 1;
      var c = ft.geometry.coordinates;
      list.push({ x: x0(c[0]) * f.scale, y: y0(c[1]) * f.scale, n: n, r: n === 1 ? B.data.events[ft.properties].radius : T().size(n) / 2, id: ft.properties.cluster_id });
    });
  }
  var seen = list.filter(function (m) { return m.x >= f.view.minX && m.x <= f.view.maxX && m.y >= f.view.minY && m.y <= f.view.maxY; });
  return { f: f, all: list, seen: seen };
}
function inView(v) {
  var f = frame(v), p = B.ours.p, count = 0;
  for (var k = 0; k < p.count; k++) {
    var x = p.x[k] * f.scale, y = p.y[k] * f.scale;
    if (x >= f.view.minX && x <= f.view.maxX && y >= f.view.minY && y <= f.view.maxY) count++;
  }
  return count;
}
B.draws = function (v) {
  var out = { inView: inView(v) };
  ["ours", "sc"].forEach(function (which) {
    var seen = drawn(v, which).seen;
    var clusters = seen.filter(function (m) { return m.n > 1; });
    out[which] = {
      markers: seen.length,
      clusters: clusters.length,
      lone: seen.length - clusters.length,
      largest: seen.reduce(function (a, m) { return Math.max(a, m.n); }, 0),
      counted: seen.reduce(function (a, m) { return a + m.n; }, 0)
    };
  });
  return out;
};

/* Clicks and lookups: the members of the largest cluster in view v; each event's cluster in the view. */
B.lookups = function (v) {
  var g = B.oursView(v), big = -1;
  for (var c = 0; c < g.cells; c++) if (g.count[c] && g.root[c] === c && (big < 0 || g.count[c] > g.count[big])) big = c;
  var clusters = B.scView(v).filter(function (ft) { return ft.properties.cluster; });
  var scBig = clusters.reduce(function (a, ft) { return !a || ft.properties.point_count > a.properties.point_count ? ft : a; }, null);
  var o = B.ours;
  return {
    oursMembers: timed(function () { T().members(g, o.cellOf, big); }),
    oursMembersCount: T().members(g, o.cellOf, big).length,
    scMembers: timed(function () { B.sc.getLeaves(scBig.properties.cluster_id, Infinity); }),
    scMembersCount: B.sc.getLeaves(scBig.properties.cluster_id, Infinity).length,
    scEachCluster: timed(function () {
      var cellOf = new Int32Array(B.data.n).fill(-1);
      clusters.forEach(function (ft, c) {
        B.sc.getLeaves(ft.properties.cluster_id, Infinity).forEach(function (leaf) { cellOf[leaf.properties] = c; });
      });
    })
  };
};

/* Both drawings of view v side by side, on canvases: every event in view a grey dot, each marker a circle. */
B.picture = function (v, title) {
  var box = document.getElementById("pictures");
  box.textContent = "";
  var pair = document.createElement("div");
  pair.className = "pair";
  box.appendChild(pair);
  var f = frame(v), p = B.ours.p, half = W / 2;
  ["ours", "sc"].forEach(function (which) {
    var holder = document.createElement("div");
    var canvas = document.createElement("canvas");
    canvas.width = half; canvas.height = H;
    var label = document.createElement("p");
    var d = drawn(v, which);
    label.textContent = (which === "ours" ? "our 60-pixel grid" : "supercluster (radius 60)") + ": " + title + ", " + d.seen.length + " markers";
    holder.appendChild(canvas); holder.appendChild(label); pair.appendChild(holder);
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#f4f1ea"; ctx.fillRect(0, 0, half, H);
    // The middle half of the view, so that both fit side by side at full size.
    var ox = f.view.minX + half / 2, oy = f.view.minY;
    ctx.fillStyle = "rgba(0,0,0,0.45)";
    for (var k = 0; k < p.count; k++) {
      var x = p.x[k] * f.scale - ox, y = p.y[k] * f.scale - oy;
      if (x >= 0 && x <= half && y >= 0 && y <= H) ctx.fillRect(x - 0.5, y - 0.5, 1.5, 1.5);
    }
    d.all.forEach(function (m) {
      var x = m.x - ox, y = m.y - oy;
      if (x < -60 || x > half + 60 || y < -60 || y > H + 60) return;
      ctx.beginPath();
      ctx.arc(x, y, m.r, 0, 2 * Math.PI);
      ctx.fillStyle = m.n > 1 ? "rgba(11,92,173,0.75)" : "rgba(200,60,30,0.85)";
      ctx.fill();
      if (m.n > 1) {
        ctx.fillStyle = "#fff"; ctx.font = "600 11px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
        ctx.fillText(String(m.n), x, y);
      }
    });
  });
};
"""


def heap(cdp) -> float:
    """MB of V8's heap and typed arrays' storage in use, after a garbage collection."""
    cdp.send("HeapProfiler.collectGarbage")
    usage = cdp.send("Runtime.getHeapUsage")
    return (usage["usedSize"] + usage.get("backingStorageSize", 0)) / 2**20


def measure(tab, cdp, n: int, about: dict) -> dict:
    """Every figure for the points of size n, in the page `tab`."""
    placed = tab.evaluate("url => bench.load(url)", ORIGIN + f"points-{n}.bin")
    views = [
        {"name": name, "lat": lat if lat is not None else about["busiest"][0],
         "lon": lon if lon is not None else about["busiest"][1], "zoom": zoom}
        for name, lat, lon, zoom in VIEWS
    ]  # fmt: skip
    r: dict = {"n": n, "events": about["events"], "placed": placed, "views": views}
    # Memory first, each index alone, from a clean heap.
    tab.evaluate("bench.drop()")
    before = heap(cdp)
    tab.evaluate("bench.oursBuild()")
    r["ours_mb"] = heap(cdp) - before
    tab.evaluate("bench.drop()")
    before = heap(cdp)
    tab.evaluate("bench.scBuild()")
    r["sc_mb"] = heap(cdp) - before
    tab.evaluate("bench.drop()")
    before = heap(cdp)
    tab.evaluate("bench.scBuildCategories()")
    r["sc_cat_mb"] = heap(cdp) - before
    tab.evaluate("bench.drop()")
    r["build"] = tab.evaluate(
        """() => ({
          ours: timed(bench.oursBuild), sc: timed(bench.scBuild), scCat: timed(bench.scBuildCategories)
        })"""
    )
    r["view"] = {}
    for v in views:
        r["view"][v["name"]] = tab.evaluate(
            "v => ({ours: timed(() => bench.oursView(v)), sc: timed(() => bench.scView(v)), draws: bench.draws(v)})", v
        )
    world = views[0]
    r["filter"] = tab.evaluate(
        """v => {
          const cut = bench.data.middle;
          const kept = Array.from(bench.data.day).filter(d => d <= cut).length;
          const out = {kept: kept, ours: timed(() => bench.oursFilter(cut, v), bench.oursAll), sc: timed(() => bench.scFilter(cut, v))};
          bench.oursAll(); bench.scBuild();
          return out;
        }""",
        world,
    )
    r["lookups"] = {v["name"]: tab.evaluate("v => bench.lookups(v)", v) for v in views}
    for v in views:
        tab.evaluate("([v, title]) => bench.picture(v, title)", [v, f"{v['name']} at zoom {v['zoom']}, {n:,} points"])
        tab.locator("#pictures").screenshot(path=str(WORK / f"{v['name']}-{n}.png"))
    tab.evaluate("bench.drop()")
    return r


def run(sizes: list[int]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    files = {f"points-{n}.bin": (WORK / f"points-{n}.bin").read_bytes for n in sizes}
    page = PAGE % {
        "cluster": CLUSTER_JS.read_text(encoding="utf-8"),
        "supercluster": SUPERCLUSTER_JS.read_text(encoding="utf-8"),
        "bench": BENCH_JS % {"width": WIDTH, "height": HEIGHT},
    }

    def serve(route):
        url = route.request.url
        if url == ORIGIN:
            return route.fulfill(status=200, content_type="text/html; charset=utf-8", body=page)
        name = url[len(ORIGIN) :] if url.startswith(ORIGIN) else None
        if name in files:
            return route.fulfill(status=200, content_type="application/octet-stream", body=files[name]())
        return route.abort()  # nothing else: no network

    chromium = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--js-flags=--max-old-space-size=8192",
            ],
        )
        tab = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        tab.route("**/*", serve)
        tab.goto(ORIGIN)
        cdp = tab.context.new_cdp_session(tab)
        for n in sizes:
            results.append(measure(tab, cdp, n, points(n)))
        browser.close()
    return results


PAGE_CHANGES = """async () => {
  const T = window.Timeline, map = T.map.current.map;
  let binMs = 0;
  const bin = T.cluster.bin;
  T.cluster.bin = function () {
    const started = performance.now();
    try { return bin.apply(this, arguments); } finally { binMs += performance.now() - started; }
  };
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  async function best(change, undo) {
    let top = null;
    for (let run = 0; run < 3; run++) {
      binMs = 0;
      const started = performance.now();
      await change();
      const followed = performance.now() - started, grid = binMs;
      await frames();
      const drawn = performance.now() - started;
      if (!top || drawn < top.drawn) top = {drawn: drawn, followed: followed, bin: grid};
      if (undo) { await undo(); await frames(); }
    }
    return top;
  }
  let way = 1;
  const pan = await best(() => { map.panBy([300 * way, 150 * way], {animate: false}); way = -way; });
  const filter = await best(
    async () => { T.state.setFilters({category: ['attack']}, 'bench'); await T.state.settled(); },
    async () => { T.state.setFilters({category: null}, 'bench'); await T.state.settled(); }
  );
  T.cluster.bin = bin;
  return {pan: pan, filter: filter, zoom: map.getZoom()};
}"""


def page_times(n: int) -> dict:
    """Build the table of n events and time a pan and a filter change on its map.html."""
    from playwright.sync_api import sync_playwright

    out = WORK / f"page-{n}"
    if not (out / "map.html").is_file():
        command = [str(Path(PYTHON).parent / "timeline"), "build", str(table(n)), "--out", str(out)]
        subprocess.run([*command, "--places", str(WORK / f"places-{n}.csv")], check=True, capture_output=True)
    chromium = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        tab = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        tab.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort()
        )
        tab.goto((out / "map.html").as_uri(), timeout=600_000)
        tab.wait_for_selector("body[data-ready]", state="attached", timeout=600_000)
        times = tab.evaluate(PAGE_CHANGES)
        browser.close()
    return {"n": n, **times}


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(results: list[dict], page: dict | None = None, load_before: str = "") -> str:
    def ms(x: float) -> str:
        return f"{x:,.0f} ms" if x >= 100 else f"{x:.1f} ms" if x >= 1 else f"{x:.3f} ms"

    lines = [
        f"Clustering in headless Chromium, a {WIDTH} x {HEIGHT} px view; best of 3; "
        f"load average {load_before} at the start, {load_average()} at the end.",
        "",
        "| points | index: ours (placed) | supercluster (load) | + categories | memory: ours | supercluster "
        "| + categories | world z2: ours | supercluster | region z5: ours | supercluster | city z10: ours "
        "| supercluster | filter, half kept: ours | supercluster |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        b, v, f = r["build"], r["view"], r["filter"]
        lines.append(
            f"| {r['placed']:,} | {ms(b['ours'])} | {ms(b['sc'])} | {ms(b['scCat'])} | {r['ours_mb']:.0f} MB "
            f"| {r['sc_mb']:.0f} MB | {r['sc_cat_mb']:.0f} MB | "
            + " | ".join(f"{ms(v[name]['ours'])} | {ms(v[name]['sc'])}" for name in ("world", "region", "city"))
            + f" | {ms(f['ours'])} | {ms(f['sc'])} |"
        )
    lines += [
        "",
        "Lookups: the members of the largest cluster in view (a click), and each event's cluster in view "
        "(story rings, spreads, onScreen: ours has it from bin).",
        "",
        "| points | view | largest: ours | supercluster | each event's cluster: supercluster |",
        "|---:|---|---:|---:|---:|",
    ]
    for r in results:
        for name, x in r["lookups"].items():
            lines.append(
                f"| {r['placed']:,} | {name} | {ms(x['oursMembers'])} ({x['oursMembersCount']:,}) "
                f"| {ms(x['scMembers'])} ({x['scMembersCount']:,}) | {ms(x['scEachCluster'])} |"
            )
    lines += [
        "",
        "What each draws: markers whose centre is in view (clusters + lone events), the largest count, "
        "and the events the counts hold against the events in view.",
        "",
        "| points | view | in view | ours: markers | clusters + lone | largest | counted "
        "| supercluster: markers | clusters + lone | largest | counted |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for v in r["views"]:
            d = r["view"][v["name"]]["draws"]
            o, s = d["ours"], d["sc"]
            lines.append(
                f"| {r['placed']:,} | {v['name']} z{v['zoom']} ({v['lat']:.2f}, {v['lon']:.2f}) | {d['inView']:,} "
                f"| {o['markers']} | {o['clusters']} + {o['lone']} | {o['largest']:,} | {o['counted']:,} "
                f"| {s['markers']} | {s['clusters']} + {s['lone']} | {s['largest']:,} | {s['counted']:,} |"
            )
    if page:
        lines += [
            "",
            f"The built map.html of {page['n']:,} events (zoom {page['zoom']}): until the map has followed, "
            "until two frames are drawn, and the part of it in Timeline.cluster.bin.",
            "",
            "| change | followed | drawn | of which the grid (bin) |",
            "|---|---:|---:|---:|",
        ]
        for name in ("pan", "filter"):
            t = page[name]
            lines.append(f"| {name} | {ms(t['followed'])} | {ms(t['drawn'])} | {ms(t['bin'])} |")
    kept = ", ".join(f"{r['filter']['kept'] / r['placed']:.0%} at {r['placed']:,}" for r in results)
    lines += ["", f"Filter: the time slider at the middle day (kept {kept}), then the world's clusters."]
    return "\n".join(lines)


def main() -> None:
    args = sys.argv[1:]
    with_page = "--page" in args
    sizes = [int(a) for a in args if a != "--page"] or list(DEFAULT_SIZES)
    if not SUPERCLUSTER_JS.is_file():
        raise SystemExit(f"{SUPERCLUSTER_JS} is missing: run `npm ci --no-audit --no-fund` first")
    WORK.mkdir(parents=True, exist_ok=True)
    load_before = load_average()
    for n in sizes:
        about = points(n)
        print(f"{n:,} events: {about['placed']:,} placed", file=sys.stderr)
    results = run(sizes)
    page = page_times(max(sizes)) if with_page else None
    (WORK / "results.json").write_text(json.dumps({"sizes": results, "page": page}, indent=1))
    print(report(results, page, load_before))


if __name__ == "__main__":
    main()
