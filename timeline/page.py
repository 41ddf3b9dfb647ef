"""The three HTML documents: ``map.html``, ``timeline.html`` and ``index.html``.

Each is one self-contained file rendered from a Jinja template in
``timeline/templates``: the libraries, our own JS and CSS, and the data block
are all inlined. A content security policy in each page forbids every network
request except map tiles from the optional online layers, and lets only the
page's own scripts run, each named by its hash.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from . import assets, bidi, chart, language
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


def script_hashes(html: str, packed: bool = True) -> list[str]:
    """'sha256-...' for each script ``html`` runs, each once: its inline
    scripts in order, then (``packed``) the packed ones boot.js runs, in order."""
    texts = list(_run_scripts(html)) + (list(packed_scripts(html)) if packed else [])
    return list(dict.fromkeys(_hash(text) for text in texts))


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@dataclass(frozen=True)
class PageParts:
    """What the pages are made of, rendered once and shared by all three."""

    data: dict  # the data block
    map_header: str
    map_body: str
    map_script: str
    figure: dict  # the plotly figure


def _words(message: str, **values: str):
    """``message`` in the language in use, escaped, with ``values`` (table
    text) filled in, each isolated in a ``<bdi>``."""
    from markupsafe import Markup

    text = Markup.escape(language.current().gettext(message))
    return text.format(**{name: Markup("<bdi>%s</bdi>") % value for name, value in values.items()})


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined  # lazy: validate and places draw no page

    environment = Environment(
        loader=PackageLoader("timeline", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    # Our words in the templates, in the language in use when a page is rendered.
    environment.globals["_"] = _words
    # Table text where HTML cannot isolate it (a <title>), as bidi.isolate does.
    environment.filters["isolate"] = lambda text: bidi.isolate(text, language.current().rtl)
    return environment


@cache
def _libraries(*, leaflet: bool, plotly: str | None, briefing: bool) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(styles, first scripts, later scripts) of a page: ``plotly`` is the
    plotly.js bundle it carries, if any. The first scripts draw the title,
    the filters and the map; the later ones (plotly.js and the chart's), on a
    page with a map, run once the map is drawn and painted (boot.js)."""
    css = []
    first: list[str] = []
    later: list[str] = []
    if leaflet:
        css.append(assets.leaflet_css())
        first.append(assets.leaflet_js())
    css.append(assets.own("style.css"))
    first.append(assets.own("state.js"))
    if leaflet:  # the map's files, by concern; each uses those before it
        # map-picture.js draws map.html as a picture (images.py); index.html is never drawn so
        parts = ("cluster", "style", "controls", "time", "draw", *(() if briefing else ("picture",)), "events")
        first.extend(assets.own(f"map-{part}.js") for part in parts)
        first.append(assets.own("map-borders.js"))  # the regions' borders on the offline base map
        first.append(assets.own("map-places.js"))  # the place names on the offline base map
    if plotly is not None:  # the chart: what can be seen (pure), its points, its card, the chart itself
        chart_js = [plotly] + [
            assets.own(name)
            for name in ("chart-cull.js", "chart-labels.js", "chart-points.js", "chart-card.js", "chart.js")
        ]
        (later if leaflet else first).extend(chart_js)
    if briefing:  # the filter bar, the events table, the sources, the story and print: index.html's own
        first.extend(
            assets.own(name) for name in ("filters.js", "table.js", "sources.js", "story.js", "share.js", "print.js")
        )
    first.append(assets.own("page.js"))
    return "\n".join(assets.style(c) for c in css), tuple(first), tuple(later)


# The page's scripts but common.js and boot.js, as the page carries them (boot.js runs them).
CODE_ELEMENT = (
    '<script type="application/octet-stream" class="timeline-code" data-encoding="gzip base64" data-stage="{}">'
)
_CODE_START = CODE_ELEMENT[: CODE_ELEMENT.index(" data-encoding")]  # what every stage's element begins with


def packed_page_scripts(
    first: tuple[str, ...], later: tuple[str, ...] = (), *, common: bool = True
) -> tuple[str, list[str]]:
    """The scripts' HTML, and the hashes of the packed ones, in order:
    common.js (it starts inflating the data block in a worker; ``common``),
    every other script packed (``assets.packed``), then boot.js, which runs them."""
    code = []
    hashes = []
    for stage, texts in (("first", first), ("later", later)):
        for text in texts:
            packed = assets.packed(text)
            code.append(CODE_ELEMENT.format(stage) + packed.gzip + "</script>")
            hashes.append(packed.hash)
    inline = [assets.script(assets.own("common.js"))] if common else []
    return "\n".join([*inline, *code, assets.script(assets.own("boot.js"))]), hashes


def packed_scripts(html: str) -> Iterator[str]:
    """The text of each packed script in ``html``, inflated, in order."""
    at = 0
    while (start := html.find(_CODE_START, at)) >= 0:
        begin = html.index(">", start) + 1
        end = html.index(_SCRIPT_END, begin)
        yield gzip.decompress(base64.b64decode(html[begin:end])).decode("utf-8")
        at = end + len(_SCRIPT_END)


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
    library = assets.plotly_for(parts.figure) if plotly else None
    styles, first, later = _libraries(leaflet=leaflet, plotly=library, briefing=briefing)
    # After the libraries: the map's own script (folium's), then the start of the page.
    first += ((parts.map_script,) if leaflet else ()) + (("Timeline.page.init();",) if plotly else ())
    scripts, packed_hashes = packed_page_scripts(first, later)
    meta = parts.data["meta"]
    html = (
        _environment()
        .get_template(template)
        .render(
            csp=_CSP_SLOT,
            lang=language.current(),
            words_block=_words_block(),
            meta=meta,
            styles=styles,
            scripts=scripts,
            data_block=_DATA_SLOT,
            figure_block=_FIGURE_SLOT if plotly else "",
            map_header=parts.map_header,
            map_body=parts.map_body,
        )
    )
    # Every script in the page is in ``html`` by now (the blocks placed next are
    # data, never run), and text from the table is escaped, so it holds no
    # <script>: the scripts found are exactly the build's own, and the packed
    # ones' hashes are known. The policy goes where the slot is, ahead of any
    # text from the table.
    hashes = list(dict.fromkeys(script_hashes(html, packed=False) + packed_hashes))
    policy = content_security_policy(hashes, webgl=plotly and uses_webgl(parts.figure))
    html = html.replace(_CSP_SLOT, policy, 1)
    head, tail = html.split(_DATA_SLOT)
    pieces = [head, blocks["data"]]
    if plotly:
        middle, tail = tail.split(_FIGURE_SLOT)
        pieces += [middle, blocks["figure"]]
    return "".join([*pieces, tail])


def _words_block() -> str:
    """The page's own words in the language in use, for its scripts (``T._``):
    none for English, whose words the scripts hold."""
    words = language.current().page_words()
    return assets.json_block("timeline-words", words) if words else ""


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
