"""Shared fixtures and helpers of tests/unit, tests/cli and tests/browser: the
repository's paths, a build of the shipped table, a headless Chromium whose
pages may load nothing but file: and data: URLs (and the waits on what a page
announces), and a fake Nominatim on 127.0.0.1."""

from __future__ import annotations

import array
import base64
import contextlib
import json
import math
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHIPPED = SEEDS / "events.csv"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped table built once, into a temporary folder."""
    from timeline import build

    out = tmp_path_factory.mktemp("shipped")
    build(SHIPPED, out)
    return out


def chromium_path() -> str | None:
    return shutil.which(os.environ.get("CHROMIUM", "chromium")) or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped table built once with --images: pages, pictures, alt text and deck."""
    from click.testing import CliRunner

    from timeline.cli import main

    if chromium_path() is None:
        message = "Chromium not found: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("pictures")
    result = CliRunner().invoke(main, ["build", str(SHIPPED), "--out", str(out), "--images"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def shipped():
    """The shipped table, read and placed."""
    from timeline import prepare

    return prepare(SHIPPED)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system (Debian's package), driven by Playwright.

    Skipped when Chromium is missing, except under CI=true, where that fails."""
    path = chromium_path()
    if path is None:
        message = "Chromium not found: apt-get install chromium, or set CHROMIUM=/path/to/chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    from timeline.images import PLAYWRIGHT_FLAGS

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", *PLAYWRIGHT_FLAGS],
        )
        yield browser
        browser.close()


@dataclass
class Loaded:
    """A page opened from disk, with what it tried to fetch and what it logged."""

    page: object
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser):
    """``open_page(path, width, height, fragment)``: load a file (with ``#fragment``
    if given) in a fresh context where every request other than file: and data:
    is aborted and recorded."""
    contexts = []

    def open_(
        path: Path, width: int = 1280, height: int = 720, fragment: str = "", *, before: str | None = None
    ) -> Loaded:
        context = browser.new_context(viewport={"width": width, "height": height})
        # A page of 100,000 events takes minutes, not seconds, to open on a small machine.
        context.set_default_navigation_timeout(300_000)
        if before:  # a script run before the page's own, e.g. to take away a browser feature
            context.add_init_script(before)
        contexts.append(context)
        page = context.new_page()
        loaded = Loaded(page)

        def route(r) -> None:
            url = r.request.url
            if url.startswith(("file:", "data:", "blob:")):
                r.continue_()
            else:
                loaded.blocked.append(url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: m.type in ("error", "warning") and loaded.errors.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: loaded.errors.append(f"pageerror: {e}"))
        page.goto(path.resolve().as_uri() + (f"#{fragment}" if fragment else ""))
        page.wait_for_load_state("load")
        return loaded

    yield open_
    for context in contexts:
        context.close()


@contextlib.contextmanager
def blank_page(browser, scripts: tuple[str, ...]):
    """A blank page holding only ``scripts`` (our own files in timeline/static,
    in that order), for unit tests of the pages' pure functions. It may fetch
    nothing, and on leaving it must have tried nothing and logged no error."""
    from timeline.assets import own

    context = browser.new_context()
    page = context.new_page()
    loaded = Loaded(page)

    def refuse(route) -> None:
        loaded.blocked.append(route.request.url)
        route.abort()

    page.route("**/*", refuse)
    page.on("console", lambda m: m.type in ("error", "warning") and loaded.errors.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: loaded.errors.append(f"pageerror: {e}"))
    page.set_content("<!doctype html><html><head><title>units</title></head><body></body></html>")
    for name in scripts:
        page.add_script_tag(content=own(name))
    try:
        yield loaded
        assert_clean(loaded)
    finally:
        context.close()


@pytest.fixture(scope="session")
def synthetic_builds(tmp_path_factory: pytest.TempPathFactory):
    """``synthetic_builds(n)``: a table of n synthetic events (scripts/synthetic.py,
    seed 1), built once per session; returns (output folder, prepared table)."""
    import subprocess
    import sys

    from timeline import build

    built = {}

    def get(n: int):
        if n not in built:
            folder = tmp_path_factory.mktemp(f"synthetic{n}")
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "synthetic.py"), str(n), "--out", str(folder)],
                check=True,
                capture_output=True,
            )
            report = build(folder / "events.csv", folder / "out")
            built[n] = (folder / "out", report.prepared)
        return built[n]

    return get


# ---- Browser helpers: what a page shows, and waiting for it (never for a fixed time)

# How many events the map shows: loose markers plus the counts on clusters.
MARKERS_ON_MAP = """() => {
  const loose = document.querySelectorAll('path.event-marker').length;
  const clustered = [...document.querySelectorAll('.event-cluster span')]
      .reduce((n, s) => n + Number(s.textContent), 0);
  return loose + clustered;
}"""


# Headless Chromium without a GPU composites the page in software and reads
# every WebGL canvas back from SwiftShader, and the GL driver then logs this
# note once or twice per context. It is the test browser's, not the page's:
# measured, a page that only calls getContext('webgl') and draws nothing logs
# it too (with --disable-gpu and with no flags), and no page logs it once
# Chromium composites on its (software) GPU, with --use-angle=swiftshader
# --enable-unsafe-swiftshader instead of --disable-gpu. Only this exact
# message is let through; any other warning still fails.
HEADLESS_WEBGL_READBACK = re.compile(
    r"warning: \[\.WebGL-0x[0-9a-f]+\]GL Driver Message \(OpenGL, Performance, GL_CLOSE_PATH_NV, High\): "
    r"GPU stall due to ReadPixels( \(this message will no longer repeat\))?"
)


def assert_clean(loaded) -> None:
    assert loaded.blocked == [], f"the page tried the network: {loaded.blocked}"
    errors = [e for e in loaded.errors if not HEADLESS_WEBGL_READBACK.fullmatch(e)]
    assert errors == [], f"the page logged errors: {errors}"


def ready(loaded) -> object:
    """The page of ``loaded`` once its timeline and its table are drawn (each
    page says so: ``data-ready`` on the chart, rows in the table)."""
    page = loaded.page
    page.wait_for_selector("#timeline-chart[data-ready]")
    page.wait_for_selector("table.events-table tbody tr", state="attached")
    return page


def settled(page) -> None:
    """Wait until every view has followed the last change."""
    page.evaluate("() => Timeline.state.settled()")


# Two animation frames: whatever was changed has been laid out and painted.
FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"

# Leaflet is not moving: no zoom or pan animation under way.
MAP_AT_REST = """() => {
  const current = window.Timeline && Timeline.map && Timeline.map.current;
  const map = current && current.map;
  return !map || (!map._animatingZoom && !(map._panAnim && map._panAnim._inProgress));
}"""


def drawn(page) -> None:
    """Wait until the page has done what it was last asked: every view has
    followed (``settled``), the map has stopped moving, and two frames are painted."""
    page.wait_for_function(MAP_AT_REST)
    page.evaluate("() => window.Timeline && Timeline.state ? Timeline.state.settled() : null")
    page.wait_for_function(MAP_AT_REST)
    page.evaluate(FRAMES)


# The place names on the map now (map-places.js), and the boxes of the events'
# markers, clusters' counts and date labels, in the page's pixels: [left, top, right, bottom].
# ``hit``: the name is what a click at its centre would reach (it must not be).
PLACE_NAMES = """() => {
  const box = r => [r.left, r.top, r.right, r.bottom];
  const names = [...document.querySelectorAll('.place-name')].map(e => {
    const r = e.getBoundingClientRect();
    const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return {name: e.textContent, zoom: Number(e.dataset.zoom), box: box(r), hit: hit === e || e.contains(hit)};
  });
  const markers = [...document.querySelectorAll('.event-marker, .event-cluster, .event-label')]
      .map(e => box(e.getBoundingClientRect())).filter(b => b[2] > b[0] || b[3] > b[1]);
  return {names, markers};
}"""


def place_names_drawn(page, before: int, zoom: int | None = None) -> None:
    """Wait until the map's place names have been drawn again since drawing
    ``before`` (``data-drawn`` on their box), at ``zoom`` if given, then ``drawn``."""
    page.wait_for_function(
        """([before, zoom]) => {
          const box = document.querySelector('.place-names');
          return Number(box.dataset.drawn) > before && (zoom === null || Number(box.dataset.zoom) === zoom);
        }""",
        arg=[before, zoom],
    )
    drawn(page)


def place_names_drawings(page) -> int:
    """How many times the map has drawn its place names so far."""
    return page.evaluate("() => Number(document.querySelector('.place-names').dataset.drawn)")


def map_view(page, lat: float, lon: float, zoom: int) -> None:
    """Move the map to (lat, lon) at ``zoom`` at once, and wait until the events
    and the place names are drawn there."""
    before = place_names_drawings(page)
    page.evaluate(
        "([lat, lon, zoom]) => Timeline.map.current.map.setView([lat, lon], zoom, {animate: false})", [lat, lon, zoom]
    )
    place_names_drawn(page, before, zoom)


def page_drawn(loaded) -> object:
    """The page of ``loaded`` once every view it has is drawn: the map (``data-ready``
    on the body), the timeline (on the chart), the table's rows; then ``drawn``."""
    page = loaded.page
    page.wait_for_function(
        """() => (!document.querySelector('.folium-map') || document.body.dataset.ready === 'true')
            && (!document.getElementById('timeline-chart')
                || document.getElementById('timeline-chart').getAttribute('data-ready') === 'true')
            && (!document.querySelector('table.events-table') || document.querySelector('table.events-table tbody tr'))"""
    )
    drawn(page)
    return page


# What each view shows now, in event ids, read from what each view really
# holds, at any size:
# - the timeline: the events whose points plotly holds in its traces after
#   filtering, each trace checked against what is drawn: its SVG points, or,
#   for a WebGL trace, the positions plotly handed to regl (and no "WebGL is
#   not supported" in place of the chart); each point checked to be at its
#   event's place and size. A WebGL trace holds only what can be seen, so an
#   event that passes the filters and is not drawn counts as shown only when
#   it is outside the plot, or provably under markers of its trace drawn
#   after it: (hollow markers) one of the same size in the same pixel column,
#   or (filled markers) in every pixel column its disc spans, a later disc
#   there at least as tall (all of a lane's markers are centred on one line);
#   otherwise the check throws. Every
#   event's place and size are Timeline.chart.points, which
#   tests/browser/test_chart_js.py holds to chart.py's own, point for point.
# - the map: the ids it shows (Timeline.map.current.shown());
# - the table: its row model (Timeline.table.shown()), each drawn row checked
#   against the model at its position, and the drawn rows covering the box.
VIEWS = """() => {
  const chart = document.getElementById('timeline-chart');
  const data = Timeline.data();
  if (chart.querySelector('.no-webgl')) throw new Error('the timeline could not draw with WebGL');
  const scene = chart._fullLayout._plots.xy._scene;
  const figure = JSON.parse(document.getElementById('timeline-figure').textContent);
  const every = Timeline.chart.points(figure, data);
  const xa = chart._fullLayout.xaxis;
  const from = xa.r2l(xa.range[0]);
  const to = xa.r2l(xa.range[1]);
  const width = Math.max(1, Math.round(xa._length));
  const column = ms => Math.floor((ms - from) * (width / (to - from)));
  const shown = Timeline.state.visibleAnyDate;
  const timeline = [];
  chart._fullData.forEach(t => {
    if (!t.meta || t.meta.role !== 'events') return;
    let drawn;
    if (t.type.endsWith('gl')) {
      // Where plotly keeps the trace's options for regl (it makes none for a trace with no points).
      const stash = t._length ? chart.calcdata[t.index][0].t : null;
      const marker = stash && scene && scene.markerOptions[stash.index];
      drawn = marker ? marker.positions.length / 2 : 0;
    } else {
      const g = chart.querySelector('.cartesianlayer .trace' + t.uid);
      drawn = g ? g.querySelectorAll('.points path.point').length : 0;
    }
    if (drawn !== t.customdata.length || t._length !== t.customdata.length) {
      throw new Error('trace ' + t.index + ' drew ' + drawn + ' of ' + t.customdata.length);
    }
    const all = every[t.index];
    const at = new Map(all.customdata.map((i, n) => [i, n]));
    const held = new Set();
    const byColumn = new Map();
    Array.from(t.customdata).forEach((i, m) => {
      const n = at.get(i);
      if (n === undefined) throw new Error('trace ' + t.index + ' draws event ' + i + ', not one of its own');
      if (+t.x[m] !== all.x[n] || t.marker.size[m] !== all.size[n]) throw new Error('event ' + i + ' is drawn away from its place');
      held.add(i);
      timeline.push(data.events[i].id);
      const c = column(all.x[n]);
      if (!byColumn.has(c)) byColumn.set(c, []);
      byColumn.get(c).push(n);
    });
    all.customdata.forEach((i, n) => {
      if (!shown[i] || held.has(i)) return;
      const c = column(all.x[n]);
      const r = all.size[n] / 2;
      if (c + r < 0 || c - r > width) {
        timeline.push(data.events[i].id);  // outside the plot
        return;
      }
      let under;
      if (t.meta.hollow) {
        under = (byColumn.get(c) || []).some(m => m > n && all.size[m] === all.size[n]);
      } else {
        // In each column the disc spans, the tallest of the later drawn discs there is at least as tall.
        const later = [];
        for (let d = -40; d <= 40; d++) (byColumn.get(c + d) || []).forEach(m => m > n && later.push([c + d, all.size[m] / 2]));
        under = true;
        for (let d = -Math.floor(r); d <= Math.floor(r) && under; d++) {
          const tallest = Math.max(-1, ...later.filter(([cm, rm]) => Math.abs(cm - c - d) <= rm).map(([cm, rm]) => Math.sqrt(rm * rm - (cm - c - d) ** 2)));
          under = tallest >= Math.sqrt(r * r - d * d);
        }
      }
      if (!under) throw new Error('event ' + data.events[i].id + ' passes the filters but is neither drawn, outside the plot, nor under a later marker');
      timeline.push(data.events[i].id);
    });
  });
  const map = Timeline.map.current.shown();
  const table = Timeline.table.shown();
  const box = document.getElementById('events-table');
  const rows = [...box.querySelectorAll('tbody tr[data-event-id]')];
  rows.forEach((r, n) => {
    const at = Number(r.getAttribute('aria-rowindex')) - 2;
    if (table[at] !== r.dataset.eventId) throw new Error('row ' + r.dataset.eventId + ' drawn at ' + at + ', the model has ' + table[at]);
    if (n && at !== Number(rows[n - 1].getAttribute('aria-rowindex')) - 1) throw new Error('rows drawn out of order at ' + at);
  });
  if (table.length && !rows.length) throw new Error('no row drawn');
  if (rows.length) {
    const view = box.getBoundingClientRect();
    const head = box.querySelector('thead th').getBoundingClientRect();
    const first = rows[0], last = rows[rows.length - 1];
    if (first.getAttribute('aria-rowindex') !== '2' && first.getBoundingClientRect().top > head.bottom + 1) throw new Error('rows missing above the first drawn');
    if (Number(last.getAttribute('aria-rowindex')) - 1 !== table.length && last.getBoundingClientRect().bottom < view.bottom - 1) throw new Error('rows missing below the last drawn');
  }
  return {timeline: timeline.sort(), map: [...map].sort(), table: [...table].sort(),
          count: document.querySelector('.filter-count').textContent};
}"""


SELECTION = """() => {
  const ring = Timeline.chart.current.ring;
  const row = document.querySelector('table.events-table tbody tr.selected');
  const popup = document.querySelector('.leaflet-popup-content .event-card');
  let rowInView = null;
  if (row) {
    const box = document.getElementById('events-table').getBoundingClientRect();
    const r = row.getBoundingClientRect();
    rowInView = r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  }
  return {
    row: row && row.dataset.eventId,
    rowSelected: row && row.getAttribute('aria-selected'),
    rowInView: rowInView,
    popup: popup && popup.dataset.eventId,
    ring: ring.hidden ? null : ring.dataset.date,
    ringEvent: ring.hidden ? null : ring.dataset.eventId,
    hash: window.location.hash,
  };
}"""


PER_POINT = ("x", "y", "customdata")

FIGURE = "() => JSON.parse(document.getElementById('timeline-figure').textContent)"
JS_POINTS = (
    "() => Timeline.chart.points(JSON.parse(document.getElementById('timeline-figure').textContent), Timeline.data())"
)


def unpack(value) -> list:
    """A plotly typed array ({dtype, bdata}) as a list, NaN as None (as the browser side gives it)."""
    code = {"f8": "d", "f4": "f", "i4": "i", "u1": "B"}[value["dtype"]]
    packed = array.array(code, base64.b64decode(value["bdata"]))
    if sys.byteorder == "big":
        packed.byteswap()
    return [None if isinstance(v, float) and math.isnan(v) else v for v in packed]


def python_points(figure: dict) -> list:
    """Each trace's points as chart.py drew them (None for traces without events' points)."""
    out = []
    for trace in figure["data"]:
        if trace.get("meta", {}).get("role") not in ("events", "span", "range"):
            out.append(None)
            continue
        size = trace.get("marker", {}).get("size")
        out.append(
            {
                **{key: unpack(trace[key]) for key in PER_POINT},
                "size": unpack(size) if isinstance(size, dict) else None,
            }
        )
    return out


# --- processes ---------------------------------------------------------------


def alive(pid: int) -> bool:
    """Is process pid running (not gone, not a zombie waiting to be reaped)?"""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


# --- a fake Nominatim on 127.0.0.1 -------------------------------------------


def result(name: str, lat: object, lon: object, rank: object = 16, country: str = "", importance: object = 0.5):
    found = {"lat": lat, "lon": lon, "display_name": name, "place_rank": rank, "importance": importance}
    if country:
        found["address"] = {"country_code": country}
    return found


class Server:
    """A fake Nominatim on 127.0.0.1 (or another loopback address). ``answers``
    maps a query to a JSON-able answer, raw bytes, ``(status, body, headers)``,
    or a function given the request handler; everything asked is in ``seen``."""

    def __init__(self, host: str = "127.0.0.1"):
        self.answers: dict[str, object] = {}
        self.default: Callable[[str], object] = lambda query: []  # the answer to a query not in ``answers``
        self.seen: list[dict] = []
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                server.seen.append(
                    {"time": time.monotonic(), "path": parts.path, "params": params, **dict(self.headers)}
                )
                query = params.get("q", "")
                answer = server.answers[query] if query in server.answers else server.default(query)
                if callable(answer):
                    answer(self)
                    return
                status, body, headers = answer if isinstance(answer, tuple) else (200, answer, {})
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.http = ThreadingHTTPServer((host, 0), Handler)
        self.address = f"http://{host}:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def queries(self) -> list[str]:
        return [s["params"].get("q", "") for s in self.seen]

    def close(self) -> None:
        self.stop.set()
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def server():
    made = Server()
    yield made
    made.close()


@pytest.fixture
def nominatim(server: Server) -> str:
    """A fake Nominatim that knows two places; its address as host:port."""
    server.answers["Abbey Gate, Kabul Airport"] = [result("Abbey Gate, Kabul", "34.5622", "69.2069", 30, "af")]
    # not places the offline gazetteer knows, or will: only then is Nominatim asked
    server.answers["Shinwar District"] = [result("Shinwar District, Nangarhar, Afghanistan", "34.3", "70.5", 8, "af")]
    return server.address.removeprefix("http://")
