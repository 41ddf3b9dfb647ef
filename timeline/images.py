"""Pictures for briefings: the timeline and the map as PNG, SVG and PDF.

One headless Chromium (Debian's ``chromium``, found on PATH or named by
``$CHROMIUM``) draws them all: kaleido, plotly's own image export, renders the
timeline figure; a second tab of the same browser opens the built
``map.html`` in picture mode (map-picture.js: every event drawn as itself and
the attacks labelled, framed by ``ImageSize.frame``; no controls, legend and
caption shown) and captures it as PNG, as PDF (printed with screen media, so
the map keeps the size its outlines were drawn for) and as SVG (read off the
page by ``Timeline.mapPicture.svg()``). The same tab then draws the deck's
locator maps, one small PNG per attack framed on its place (``attacks``,
``locator_frame``), which go into the deck only. Nothing is fetched from the network: MathJax is off, plotly.js
comes from the plotly package, and the tabs refuse http(s) requests.

Sizes are in image pixels (16:9 at 1920×1080 by default). Pages are laid out
at half that size and drawn at twice the pixel density, so the text stays
legible when the picture is shrunk onto half a slide.

The browser is started so that it contacts nothing of its own accord: no
background networking, component or safe-browsing updates, optimisation
hints, sync, metrics or DNS prefetching, every host name resolved to nothing,
and a proxy at 127.0.0.1:9 (where nothing listens) as a backstop
(``QUIET_FLAGS``; ``tests/browser/test_quiet_browser.py`` watches it under strace).
A browser that does not start, or does not finish within ``DEADLINE``
seconds, is one line of error, and the build changes nothing.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .chart import LABELLED_CATEGORY, build_figure
from .describe import images_markdown
from .errors import BrowserFailedError, BrowserMissingError, TimelineError, printable
from .frame import FRAME_FIX, box_text, parse_frame  # noqa: F401  (parse_frame moved to frame.py; kept importable here)
from .model import Dataset, Event, Prepared

IMAGE_FILES = ("timeline.png", "timeline.svg", "timeline.pdf", "map.png", "map.svg", "map.pdf")
PICTURE_FILES = (*IMAGE_FILES, "images.md", "briefing.pptx", "briefing.pdf")  # what --images adds to a build
DEADLINE = 120.0  # seconds for the browser to start and draw every picture
# Chromium's switches that keep it from contacting anything on its own (the
# pages it draws come from disk, and their http(s) requests are refused too).
NO_PROXY_PORT = "127.0.0.1:9"
QUIET_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-extensions",
    "--disable-component-extensions-with-background-pages",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-field-trial-config",
    "--metrics-recording-only",
    "--no-pings",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-service-autorun",
    "--dns-prefetch-disable",
    "--disable-features=OptimizationHints,OptimizationHintsFetching,OptimizationGuideModelDownloading,"
    "OptimizationTargetPrediction,MediaRouter,DialMediaRouteProvider,Translate,AutofillServerCommunication,"
    "CertificateTransparencyComponentUpdater,SafeBrowsingEnhancedProtection,NetworkTimeServiceQuerying,"
    "PrivacySandboxSettings4,InterestFeedContentSuggestions",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    f"--proxy-server={NO_PROXY_PORT}",
    "--proxy-bypass-list=<-loopback>",
)
# For a Chromium started by Playwright (scripts/screenshot.py, print_pdf.py, the
# tests): Playwright passes a --disable-features list of its own, which a
# second one would replace, so that one is left out; the proxy and the host
# resolver rules keep those browsers from reaching anything all the same.
PLAYWRIGHT_FLAGS = tuple(flag for flag in QUIET_FLAGS if not flag.startswith("--disable-features="))
# Chromium's own start page would be the search engine's (Debian's: DuckDuckGo).
START_PAGE = "about:blank"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# A fixed date for the PDFs' own creation and change dates: the same input gives the same bytes.
PDF_EPOCH = b"D:20000101000000Z"


@dataclass(frozen=True)
class ImageSize:
    width: int = 1920
    height: int = 1080
    scale: float = 1.0
    frame: str = "auto"  # the map's frame: auto, world or "S,W,N,E" (frame.parse_frame)

    @property
    def css(self) -> tuple[int, int]:
        """The size pages are laid out at: half the picture, drawn at double density."""
        return round(self.width / 2), round(self.height / 2)

    @property
    def density(self) -> float:
        return 2 * self.scale


# The deck's locator maps: one small map picture per attack, framed on its
# place (a few hundred km around it), drawn in the same browser as the rest
# and kept for the deck only (not files of the build).
LOCATOR_PREFIX = "locator:"  # their keys in draw_pictures' result: "locator:<event id>"
LOCATOR_CSS = (400, 300)  # pixels the locator page is laid out at (drawn at double density)
LOCATOR_HALF_SPAN = 4.0  # degrees either side of the place: about 440 km north and south
ATTACK_SLIDES_MAX = 30  # attacks given a slide (and a locator) at most: the deadliest, as the map labels them
# The locator shows the map and its scale only: the caption and legend are the
# deck's to give (the title slide, the map slide), and would crowd a small map.
LOCATOR_STYLE = "body.picture .map-caption, body.picture .map-legend { display: none !important; }"


def attacks(dataset: Dataset) -> list[Event]:
    """The events the deck gives a slide each, oldest first: every event of
    the category the pictures label with its title (chart.LABELLED_CATEGORY);
    beyond ATTACK_SLIDES_MAX of them, the deadliest that many."""
    found = [e for e in dataset.events if e.category == LABELLED_CATEGORY]
    if len(found) > ATTACK_SLIDES_MAX:
        deaths = {e.id: e.killed.low if e.killed is not None else -1 for e in found}
        found = sorted(found, key=lambda e: (-deaths[e.id], e.date.start, e.id))[:ATTACK_SLIDES_MAX]
    return sorted(found, key=lambda e: (e.date.start, e.id))


def locator_frame(lat: float, lon: float) -> str:
    """The frame (as parse_frame gives it) of an attack's locator map: LOCATOR_HALF_SPAN around its place."""
    half = LOCATOR_HALF_SPAN
    return box_text((max(-85.0, lat - half), max(-180.0, lon - half), min(85.0, lat + half), min(180.0, lon + half)))


STEP_PREFIX = "step:"  # a story step's small map in draw_pictures' result: "step:<story id>:<step number>"


def step_key(story, step) -> str:
    return f"{STEP_PREFIX}{story.id}:{step.number}"


def step_frame(prepared: Prepared, step) -> str:
    """The frame (as parse_frame gives it) of a story step's map: its view (the
    world, or a box), else the box around its placed events, at least
    LOCATOR_HALF_SPAN around each; the world when none is placed."""
    if step.view == "world":
        return "world"
    if isinstance(step.view, tuple):
        return box_text(step.view)
    points = [p for i in step.event_ids if (p := prepared.placements.get(i)) is not None]
    if not points:
        return "world"
    half = LOCATOR_HALF_SPAN
    lats, lons = [p.lat for p in points], [p.lon for p in points]
    return box_text(
        (
            max(-85.0, min(lats) - half),
            max(-180.0, min(lons) - half),
            min(85.0, max(lats) + half),
            min(180.0, max(lons) + half),
        )
    )


def find_chromium() -> str:
    """The Chromium to draw with: ``$CHROMIUM`` if set, else the first on PATH."""
    named = os.environ.get("CHROMIUM") or os.environ.get("BROWSER_PATH")
    if named:
        found = shutil.which(named) or (named if Path(named).is_file() else None)
        if found:
            return found
        raise BrowserMissingError(
            f"CHROMIUM={named} is not a Chromium that can be run; set it to the browser's path, "
            "or unset it to use chromium from PATH"
        )
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserMissingError(
        "no Chromium found to draw the pictures with; install it (sudo apt-get install chromium) "
        "or set CHROMIUM=/path/to/chromium, or build without --images. Nothing was written."
    )


def quiet_browser_class():
    """choreographer's Chromium, started with ``QUIET_FLAGS`` as well."""
    from choreographer.browsers.chromium import Chromium  # lazy, measured: 0.07 s; only --images

    class QuietChromium(Chromium):
        def get_cli(self):
            return [*super().get_cli(), *QUIET_FLAGS, START_PAGE]

    return QuietChromium


def draw_pictures(
    prepared: Prepared, map_page: Path, size: ImageSize, timings: dict[str, float] | None = None
) -> dict[str, bytes]:
    """File name -> bytes for the six pictures, and the deck's locator maps
    (keyed ``LOCATOR_PREFIX`` + event id, or ``STEP_PREFIX`` + story and step; not files). ``map_page`` is the map.html
    to draw (the build's own, in its staging folder). ``timings``, if given,
    receives how long each step took, in seconds."""
    chromium = find_chromium()
    started: list = []  # the browser, once made: what to end if it fails or hangs
    outcome: list = []
    work = _render(prepared, map_page, size, chromium, timings if timings is not None else {}, started)

    def run() -> None:
        try:
            outcome.append((True, asyncio.run(work)))
        except BaseException as err:
            outcome.append((False, err))

    # In a thread of its own: the caller may already run an event loop (a
    # notebook, or Playwright in the tests), and asyncio.run cannot nest. A
    # daemon thread, so that a browser that hangs cannot keep the program from ending.
    thread = threading.Thread(target=run, name="timeline-pictures", daemon=True)
    thread.start()
    thread.join(DEADLINE)
    if thread.is_alive():
        _end_browser(started)
        thread.join(5)
        raise BrowserFailedError(
            f"{printable(chromium)} did not draw the pictures within {DEADLINE:.0f} s; check that it runs "
            "(chromium --headless --version), or set CHROMIUM=/path/to/chromium"
        )
    _end_browser(started)
    ok, value = outcome[0]
    if ok:
        return value
    if isinstance(value, TimelineError):
        raise value
    if not isinstance(value, Exception):
        raise value
    raise BrowserFailedError(  # kaleido and choreographer raise many kinds
        f"{printable(chromium)} did not work as a headless Chromium ({_first_words(value)}); "
        "set CHROMIUM=/path/to/chromium, or unset it to use chromium from PATH"
    ) from value


def _first_words(err: BaseException) -> str:
    """The start of an error's message, on one line (some errors carry a tuple of sentences)."""
    text = err.args[0] if err.args and isinstance(err.args[0], str) else str(err)
    if err.args and isinstance(err.args[0], tuple) and err.args[0]:
        text = str(err.args[0][0])
    text = " ".join(text.split()).rstrip(".")
    return printable(text[:120]) or type(err).__name__


def _end_browser(started: list) -> None:
    """End whatever is left of the browser's processes (its own process group;
    choreographer starts it in a session of its own), so that a browser that
    failed or hung leaves nothing behind."""
    for browser in started:
        process = getattr(browser, "subprocess", None)
        if process is None:
            continue
        with contextlib.suppress(OSError):
            if os.getpgid(process.pid) == process.pid:
                os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            process.wait(5)


async def _render(
    prepared: Prepared, map_page: Path, size: ImageSize, chromium: str, timings: dict[str, float], started: list
) -> dict[str, bytes]:
    import kaleido  # lazy, measured: 0.12 s; only --images draws pictures

    width, height = size.css
    figure = build_figure(prepared.dataset, size=(width, height))
    out: dict[str, bytes] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now

    browser = kaleido.Kaleido(mathjax=False, path=chromium, browser_cls=quiet_browser_class(), timeout=DEADLINE)
    started.append(browser)
    async with browser:
        lap("browser start")
        for fmt in ("png", "svg", "pdf"):
            data = await browser.calc_fig(
                figure, opts={"format": fmt, "width": width, "height": height, "scale": size.density}
            )
            out[f"timeline.{fmt}"] = data
            lap(f"timeline.{fmt}")
        tab = await browser.create_tab(url="", window=True)
        try:
            out.update(await _map_pictures(tab, map_page, size))
            lap("map.png, map.svg and map.pdf")
            out.update(await _locator_pictures(tab, map_page, prepared, size.scale))
            lap("locator maps (deck)")
            out["briefing.pdf"] = await _print_briefing(tab, map_page.with_name("index.html"))
            lap("briefing.pdf")
        finally:
            await tab.close()
    out["timeline.pdf"] = steady_pdf(out["timeline.pdf"])
    out["timeline.svg"] = steady_svg(out["timeline.svg"])
    return out


async def _map_pictures(tab, map_page: Path, size: ImageSize) -> dict[str, bytes]:
    width, height = size.css
    await _open_picture(tab, map_page, width, height, size.density, size.frame)
    svg = await _evaluate(tab, "Timeline.mapPicture.svg ? Timeline.mapPicture.svg() : null")
    if not isinstance(svg, str):
        raise TimelineError(f"{map_page}: the map page has no picture mode; rebuild the pages and try again")
    # The PDF is printed as the screen shows it: print styles would lay the map
    # out at another size than the one Leaflet drew its outlines for.
    await tab.send_command("Emulation.setEmulatedMedia", params={"media": "screen"})
    shot = await tab.send_command("Page.captureScreenshot", params={"format": "png", "captureBeyondViewport": False})
    pdf = await tab.send_command(
        "Page.printToPDF",
        params={
            "paperWidth": width / 96,
            "paperHeight": height / 96,
            "marginTop": 0,
            "marginBottom": 0,
            "marginLeft": 0,
            "marginRight": 0,
            "printBackground": True,
            "preferCSSPageSize": False,
        },
    )
    return {
        "map.png": base64.b64decode(shot["result"]["data"]),
        "map.svg": ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode("utf-8"),
        "map.pdf": steady_pdf(base64.b64decode(pdf["result"]["data"])),
    }


async def _open_picture(tab, map_page: Path, width: int, height: int, density: float, frame: str) -> None:
    """Open ``map_page`` in picture mode in ``tab``, laid out at width×height, framed on ``frame``; wait until drawn."""
    await tab.send_command("Network.enable")
    await tab.send_command("Network.setBlockedURLs", params={"urls": ["http://*", "https://*", "ws://*", "wss://*"]})
    await tab.send_command(
        "Emulation.setDeviceMetricsOverride",
        params={"width": width, "height": height, "deviceScaleFactor": density, "mobile": False},
    )
    await tab.send_command("Page.enable")
    # The page open before (if any) said it was drawn: forget that, so that only the new one's counts.
    await _evaluate(tab, "document.body && delete document.body.dataset.ready")
    await tab.send_command(
        "Page.navigate", params={"url": map_page.resolve().as_uri() + "?picture&frame=" + quote(frame, safe=",.-")}
    )
    for _ in range(200):
        ready = await _evaluate(tab, "document.body && document.body.dataset.ready === 'true'")
        if ready:
            return
        await asyncio.sleep(0.05)
    raise TimelineError(f"{map_page}: the map did not finish drawing in 10 s; rebuild the pages and try again")


async def _locator_pictures(tab, map_page: Path, prepared: Prepared, scale: float) -> dict[str, bytes]:
    """The deck's small maps: one per attack with a place (``attacks``),
    framed on it (``locator_frame``), keyed ``LOCATOR_PREFIX + event id``; and
    one per step of each story (story.csv), framed on its view
    (``step_frame``), keyed ``step_key``. The events they are of are drawn
    over the others, which are paled; pictures of one frame share a drawing."""
    todo: list[tuple[str, str, tuple[str, ...]]] = []  # (key, frame, events drawn over the rest)
    for e in attacks(prepared.dataset):
        place = prepared.placements.get(e.id)
        if place is not None:
            todo.append((LOCATOR_PREFIX + e.id, locator_frame(place.lat, place.lon), (e.id,)))
    for story in prepared.dataset.stories:
        for step in story.steps:
            todo.append((step_key(story, step), step_frame(prepared, step), step.event_ids))
    if not todo:
        return {}
    width, height = LOCATOR_CSS
    # The style goes into the head as soon as there is one: before any of the page's scripts run.
    added = await tab.send_command(
        "Page.addScriptToEvaluateOnNewDocument", params={"source": _early_style(LOCATOR_STYLE)}
    )
    out: dict[str, bytes] = {}
    shown = None
    for key, frame, ids in sorted(todo, key=lambda t: t[1]):  # stable: one drawing for pictures of one frame
        if shown is None:
            await _open_picture(tab, map_page, width, height, 2 * scale, frame)
        elif frame != shown:  # the page open draws the next frame in place of the last (no reload)
            drawn = await _evaluate(tab, f"Timeline.mapPicture.reframe({_js_string(frame)})")
            if drawn != frame:
                raise TimelineError(
                    f"{map_page}: the map could not be framed on {frame}; rebuild the pages and try again"
                )
        shown = frame
        await _evaluate(tab, _highlight(ids))
        shot = await tab.send_command(
            "Page.captureScreenshot", params={"format": "png", "captureBeyondViewport": False}
        )
        out[key] = base64.b64decode(shot["result"]["data"])
    identifier = added.get("result", {}).get("identifier")
    if identifier:
        await tab.send_command("Page.removeScriptToEvaluateOnNewDocument", params={"identifier": identifier})
    return out


# The briefing page has drawn every view (the map, the timeline, the table);
# scripts/print_pdf.py waits on these two too.
PAGE_DRAWN = (
    "!!document.body && document.body.dataset.ready === 'true'"
    " && !!document.querySelector('#timeline-chart[data-ready]')"
    " && !!document.querySelector('table.events-table tbody tr')"
)
# The timeline's labels are laid out for its width now (chart.js says so on the chart).
LABELS_FITTED = (
    "(function () { var node = document.getElementById('timeline-chart'); var full = node && node._fullLayout;"
    " return !full || (node.dataset.labelsFor || '').indexOf(Math.round(full.xaxis._length) + ' ') === 0; })()"
)
# The printed layout is done (print.js), its labels laid out for the paper's width.
PAGE_PRINTED = f"document.documentElement.dataset.printed === 'true' && {LABELS_FITTED}"
A4_LANDSCAPE = (11.69, 8.27)  # inches


async def _print_briefing(tab, index_page: Path) -> bytes:
    """``briefing.pdf``: the briefing page printed as the browser's own Print
    gives it (print.js: the map framed on the events, the filters said, the
    timeline at the paper's width, every row, the sources), A4 landscape;
    what ``scripts/print_pdf.py`` gives without its options."""
    await tab.send_command("Emulation.setEmulatedMedia", params={"media": "screen"})
    await tab.send_command(
        "Emulation.setDeviceMetricsOverride",
        params={"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    await _evaluate(tab, "document.body && delete document.body.dataset.ready")
    await tab.send_command("Page.navigate", params={"url": index_page.resolve().as_uri()})
    await _wait_for(tab, PAGE_DRAWN, index_page, "draw")
    await _evaluate(tab, "Timeline.state.settled().then(function () { return true; })", wait=True)
    await tab.send_command("Emulation.setEmulatedMedia", params={"media": "print"})
    await _evaluate(tab, "Promise.resolve(Timeline.print.before()).then(function () { return true; })", wait=True)
    await _wait_for(tab, PAGE_PRINTED, index_page, "lay out for print")
    await _evaluate(tab, "Timeline.state.settled().then(function () { return true; })", wait=True)
    await _evaluate(tab, "new Promise(function (done) { setTimeout(function () { done(true); }, 50); })", wait=True)
    width, height = A4_LANDSCAPE
    pdf = await tab.send_command(
        "Page.printToPDF",
        params={
            "paperWidth": width,
            "paperHeight": height,
            "marginTop": 0,
            "marginBottom": 0,
            "marginLeft": 0,
            "marginRight": 0,
            "printBackground": True,
            "preferCSSPageSize": False,
        },
    )
    await tab.send_command("Emulation.setEmulatedMedia", params={"media": "screen"})
    return steady_pdf(base64.b64decode(pdf["result"]["data"]))


async def _wait_for(tab, condition: str, page: Path, what: str, seconds: float = 30.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if await _evaluate(tab, condition):
            return
        await asyncio.sleep(0.05)
    raise TimelineError(f"{page}: the page did not {what} in {seconds:.0f} s; rebuild the pages and try again")


def _early_style(css: str) -> str:
    """Script that adds ``css`` to a page's head the moment the head exists."""
    return (
        "(function () { var s = document.createElement('style'); s.textContent = " + _js_string(css) + ";"
        " function put() { if (!document.head) return false; document.head.appendChild(s); return true; }"
        " if (put()) return;"
        " var watch = new MutationObserver(function () { if (put()) watch.disconnect(); });"
        " watch.observe(document, { childList: true, subtree: true }); })();"
    )


def _js_string(text: str) -> str:
    return json.dumps(text)


def _highlight(event_ids: tuple[str, ...]) -> str:
    """Script that pales every marker and label but those of ``event_ids``, and
    brings those to the front (opacity only: nothing moves); none: nothing paled."""
    keep = json.dumps(sorted(event_ids))
    return (
        f"(function (keep) {{ if (!keep.length) return true;"
        " document.querySelectorAll('[data-event]').forEach(function (n) {"
        " n.style.opacity = keep.indexOf(n.getAttribute('data-event')) >= 0 ? '' : '0.35'; });"
        " document.querySelectorAll('[data-event]').forEach(function (n) {"
        " if (keep.indexOf(n.getAttribute('data-event')) >= 0 && n.parentNode) n.parentNode.appendChild(n); });"
        f" return true; }})({keep})"
    )


async def _evaluate(tab, expression: str, wait: bool = False) -> object:
    """The value of ``expression`` in the tab's page (with ``wait``, of the promise it gives)."""
    params = {"expression": expression, "returnByValue": True, "awaitPromise": wait}
    reply = await tab.send_command("Runtime.evaluate", params=params)
    return reply.get("result", {}).get("result", {}).get("value")


_PDF_DATE = re.compile(rb"D:\d{14}(?:Z|[+-]\d{2}'\d{2}')?")


_PDF_NODE = re.compile(rb"\(node(\d{8})\)")


def steady_pdf(data: bytes) -> bytes:
    """The PDF with its creation and change dates fixed, and the ids of its
    tagged structure (Chromium names them after the page's DOM nodes,
    ``(node00001532)``, counting every node the page ever made) numbered
    1, 2, 3 ... in their own order, so the ID tree stays sorted: all the same
    length, so the offsets hold."""
    data = _PDF_DATE.sub(lambda m: PDF_EPOCH.ljust(len(m.group(0)))[: len(m.group(0))], data)
    numbers = {old: b"%08d" % n for n, old in enumerate(sorted(set(_PDF_NODE.findall(data))), start=1)}
    return _PDF_NODE.sub(lambda m: b"(node" + numbers[m.group(1)] + b")", data)


def steady_svg(data: bytes) -> bytes:
    """The SVG with plotly's random id (in clip-path names) replaced by a fixed one."""
    found = re.search(rb'id="clip([0-9a-f]{6})', data)
    return data.replace(found.group(1), b"000000") if found else data


def picture_files(
    prepared: Prepared, map_page: Path, size: ImageSize, timings: dict[str, float] | None = None
) -> dict[str, bytes]:
    """File name -> bytes for what ``--images`` adds: the pictures (the map drawn
    from ``map_page``), their alt text (``images.md``), the deck
    (``briefing.pptx``) and the printed briefing (``briefing.pdf``, from the
    ``index.html`` beside ``map_page``); ``timings`` receives each step's seconds."""

    pictures = draw_pictures(prepared, map_page, size, timings)
    files = {name: data for name, data in pictures.items() if not name.startswith((LOCATOR_PREFIX, STEP_PREFIX))}
    files["images.md"] = images_markdown(prepared, (size.width, size.height), size.frame).encode("utf-8")
    started = time.perf_counter()
    from .deck import build_deck  # lazy, measured: python-pptx, lxml and Pillow 0.1 s; only --images makes the deck

    files["briefing.pptx"] = build_deck(prepared, pictures, size.frame)
    if timings is not None:
        timings["briefing.pptx"] = time.perf_counter() - started
    return files
