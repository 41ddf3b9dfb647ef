"""The three HTML documents: ``map.html``, ``timeline.html`` and ``index.html``.

Each is one self-contained file rendered from a Jinja template in
``timeline/templates``: the libraries, our own JS and CSS, and the data block
are all inlined. A content security policy in each page forbids every network
request except map tiles from the optional online layers, and lets only the
page's own scripts run, each named by its hash.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from . import assets, chart
from .datablock import DATA_ELEMENT_START, encode
from .mapview import TILE_HOSTS


def content_security_policy(script_hashes: list[str], *, webgl: bool = False) -> str:
    """The pages' policy: nothing is fetched (but tiles of the optional online
    layers), and only the scripts the build put in the page run, each named
    by its hash: a script injected into a page is refused.

    A page whose timeline is drawn with WebGL (scattergl, above
    chart.WEBGL_FROM events) must also allow eval: plotly.js draws WebGL
    traces with regl, which compiles its draw commands with `new Function`.
    Refused, regl throws, plotly swallows the error and shows "WebGL is not
    supported by your browser" where the events should be. (plotly's "strict"
    bundle ships the commands precompiled, but the plotly package has only the
    standard bundle.) Nothing on the pages evaluates text from the table, and
    smaller pages keep the stricter policy."""
    scripts = " ".join(f"'{h}'" for h in script_hashes) + (" 'unsafe-eval'" if webgl else "")
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {scripts}",
            "style-src 'unsafe-inline'",
            "img-src data: blob: " + " ".join(TILE_HOSTS),
            "font-src data:",
            # common.js inflates the data block in a worker made from its own code
            "worker-src blob:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


# A script the page runs: no type, or JavaScript's. Data blocks (application/json,
# application/octet-stream) are never run and need no hash.
_RUN_SCRIPT_TAGS = ("<script>", '<script type="text/javascript">')
_SCRIPT_END = "</script>"


def _run_scripts(html: str) -> Iterator[str]:
    """The text of each script ``html`` runs, in order. (What the regular
    expression ``<script(?: type="text/javascript")?>(.*?)</script>`` finds,
    by ``str.find``: a lazy ``.*?`` steps through plotly.js's 4.6 MB a
    character at a time, four times slower.)"""
    at = 0
    while (start := html.find("<script", at)) >= 0:
        tag = next((t for t in _RUN_SCRIPT_TAGS if html.startswith(t, start)), None)
        if tag is None:
            at = start + 1
            continue
        end = html.find(_SCRIPT_END, start + len(tag))
        if end < 0:
            return
        yield html[start + len(tag) : end]
        at = end + len(_SCRIPT_END)


def script_hashes(html: str) -> list[str]:
    """'sha256-...' for each script ``html`` runs, in order, each once."""
    found = {}
    for text in _run_scripts(html):
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        found.setdefault("sha256-" + base64.b64encode(digest).decode("ascii"), None)
    return list(found)


@dataclass(frozen=True)
class PageParts:
    """What the pages are made of, rendered once and shared by all three."""

    data: dict  # the data block
    map_header: str
    map_body: str
    map_script: str
    figure: dict  # the plotly figure


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined  # lazy: validate and places draw no page

    return Environment(
        loader=PackageLoader("timeline", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


@cache
def _libraries(*, leaflet: bool, plotly: bool, briefing: bool) -> tuple[str, str]:
    """(styles, scripts) for a page (made once: making plotly.js safe inside a
    <script> reads all 4.6 MB of it). The scripts follow the data block:
    common.js first, which starts inflating the block in a worker, then the
    third-party libraries, which the browser starts meanwhile, then ours."""
    css = []
    js = [assets.own("common.js")]
    if leaflet:
        css.append(assets.leaflet_css())
        js.append(assets.leaflet_js())
    if plotly:
        js.append(assets.plotly_js())
    css.append(assets.own("style.css"))
    js.append(assets.own("state.js"))
    if leaflet:  # the map's files, by concern; each uses those before it
        # map-picture.js draws map.html as a picture (images.py); index.html is never drawn so
        parts = ("cluster", "style", "controls", "time", "draw", *(() if briefing else ("picture",)), "events")
        js.extend(assets.own(f"map-{part}.js") for part in parts)
        js.append(assets.own("map-borders.js"))  # the regions' borders on the offline base map
        js.append(assets.own("map-places.js"))  # the place names on the offline base map
    if plotly:  # the chart: what can be seen (pure), its points, its card, the chart itself
        js.extend(
            assets.own(name)
            for name in ("chart-cull.js", "chart-labels.js", "chart-points.js", "chart-card.js", "chart.js")
        )
    if briefing:  # the filter bar, the events table, the sources, the story and print: index.html's own
        js.extend(
            assets.own(name) for name in ("filters.js", "table.js", "sources.js", "story.js", "share.js", "print.js")
        )
    js.append(assets.own("page.js"))
    return "\n".join(assets.style(c) for c in css), "\n".join(assets.script(j) for j in js)


def uses_webgl(figure: dict) -> bool:
    """Does the figure have a trace plotly draws with WebGL (scattergl and the like)?"""
    return any(str(trace.get("type", "")).endswith("gl") for trace in figure.get("data", []))


# Where the big blocks go in a rendered template. Text from the table is
# escaped by the templates, so it can never contain these (they begin with "<").
_DATA_SLOT = "<!--timeline:data-->"
_CSP_SLOT = "timeline:content-security-policy"  # the first one in the page is the meta element's
_FIGURE_SLOT = "<!--timeline:figure-->"


def render_page(
    template: str, parts: PageParts, blocks: dict[str, str], *, leaflet: bool, plotly: bool, briefing: bool = False
) -> str:
    """One page. ``blocks`` holds the data block and the figure block, made once
    for all pages and placed after rendering, so Jinja never copies them."""
    styles, scripts = _libraries(leaflet=leaflet, plotly=plotly, briefing=briefing)
    meta = parts.data["meta"]
    html = (
        _environment()
        .get_template(template)
        .render(
            csp=_CSP_SLOT,
            meta=meta,
            styles=styles,
            scripts=scripts,
            data_block=_DATA_SLOT,
            figure_block=_FIGURE_SLOT if plotly else "",
            map_header=parts.map_header,
            map_body=parts.map_body,
            map_script=assets.script(parts.map_script) if leaflet else "",
        )
    )
    # Every script in the page is in ``html`` by now (the blocks placed next are
    # data, never run), and text from the table is escaped, so it holds no
    # <script>: the scripts found are exactly the build's own. The policy goes
    # where the slot is, ahead of any text from the table.
    policy = content_security_policy(script_hashes(html), webgl=plotly and uses_webgl(parts.figure))
    html = html.replace(_CSP_SLOT, policy, 1)
    head, tail = html.split(_DATA_SLOT)
    pieces = [head, blocks["data"]]
    if plotly:
        middle, tail = tail.split(_FIGURE_SLOT)
        pieces += [middle, blocks["figure"]]
    return "".join([*pieces, tail])


def render_pages(parts: PageParts, encoded: str | None = None) -> dict[str, str]:
    """File name -> HTML text for the three pages; ``encoded`` is the data block
    already encoded (``datablock.encode``), when it has been."""

    blocks = {
        "data": DATA_ELEMENT_START + (encoded if encoded is not None else encode(parts.data)) + "</script>",
        "figure": assets.json_block("timeline-figure", {**parts.figure, "config": chart.OFFLINE_CONFIG}),
    }
    return {
        "map.html": render_page("map.html.j2", parts, blocks, leaflet=True, plotly=False),
        "timeline.html": render_page("timeline.html.j2", parts, blocks, leaflet=False, plotly=True),
        "index.html": render_page("index.html.j2", parts, blocks, leaflet=True, plotly=True, briefing=True),
    }
