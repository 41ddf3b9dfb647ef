"""The JavaScript, CSS and data that pages carry inside them.

Third-party code comes from installed packages at build time (Leaflet
from XStatic, plotly.js from plotly, and plotly.js's basic bundle from npm's
``plotly.js-basic-dist-min`` in ``node_modules``, which ``scripts/setup``
installs); the project's own behaviour and style come from
``timeline/static``. Everything is inlined, so a page opened from disk needs
nothing else. Scripts are carried gzip-compressed (``packed``), made once per
process and kept in the user's cache (``cache.py``), never in the output.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib
import importlib.util
import json
import logging
import mimetypes
import os
import re
import struct
import zlib
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from . import cache as kept

_SOURCE_MAP = re.compile(r"^\s*//[#@] sourceMappingURL=.*$|/\*# sourceMappingURL=[^*]*\*/", re.MULTILINE)
_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")


@cache
def own(name: str) -> str:
    """One of our own files in ``timeline/static``: ``own("map-events.js")``."""
    return resources.files("timeline").joinpath("static", name).read_text(encoding="utf-8")


@cache
def data_file(name: str) -> str:
    """A data file shipped in ``timeline/data``."""
    return resources.files("timeline").joinpath("data", name).read_text(encoding="utf-8")


def _xstatic_dir(package: str) -> Path:
    return Path(importlib.import_module(f"xstatic.pkg.{package}").BASE_DIR)


@cache
def leaflet_js() -> str:
    return _strip_source_maps((_xstatic_dir("leaflet") / "leaflet.js").read_text(encoding="utf-8"))


@cache
def leaflet_css() -> str:
    return _inline_urls(_xstatic_dir("leaflet") / "leaflet.css")


@cache
def plotly_js() -> str:
    """plotly.js as the plotly package ships it (what ``plotly.offline.get_plotlyjs`` reads)."""
    return _strip_source_maps(plotly_file("plotly.min.js"))


# The trace types plotly.js's basic bundle draws (plotly.js-basic-dist-min's
# README); a figure with any other (scattergl above chart.WEBGL_FROM events)
# needs the full bundle.
BASIC_TRACES = frozenset({"scatter", "bar", "pie"})
BASIC_PACKAGE = "plotly.js-basic-dist-min"
_VERSION = re.compile(r"plotly\.js[^\n]*? v(\d+\.\d+\.\d+)")


def node_modules() -> Path:
    """Where npm installed the JS dependencies: $TIMELINE_NODE_MODULES, else
    ``node_modules`` beside the ``timeline`` package (the repository's, which
    ``scripts/setup`` fills from package-lock.json)."""
    if os.environ.get("TIMELINE_NODE_MODULES"):
        return Path(os.environ["TIMELINE_NODE_MODULES"])
    return Path(__file__).resolve().parent.parent / "node_modules"


def plotly_version(js: str) -> str | None:
    """The version a plotly.js bundle's opening comment names."""
    found = _VERSION.search(js[:400])
    return found.group(1) if found else None


def plotly_basic_js() -> str | None:
    """plotly.js's basic bundle (scatter, bar, pie: a quarter of the full one)
    as npm installed it, or ``None`` when it is not installed or is not the
    version of the full bundle the plotly package ships."""
    return _plotly_basic()[0]


@cache
def _plotly_basic() -> tuple[str | None, str]:
    """(the basic bundle or ``None``, why not)."""
    path = node_modules() / BASIC_PACKAGE / "plotly-basic.min.js"
    try:
        js = _strip_source_maps(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None, f"{path} is not installed; run scripts/setup (it needs npm) to install it"
    wanted, found = plotly_version(plotly_js()), plotly_version(js)
    if found is None or found != wanted:
        return None, (
            f"{path} is plotly.js {found or 'of no version'}, not {wanted} as the plotly package's; "
            "run scripts/setup to install the version package-lock.json pins"
        )
    return js, ""


_said: set[str] = set()


def trace_types(figure: dict) -> set[str]:
    """The trace types of a plotly figure (plotly's default: scatter)."""
    return {str(trace.get("type") or "scatter") for trace in figure.get("data", [])}


def plotly_for(figure: dict, *, quiet: bool = False) -> str:
    """The plotly.js that draws ``figure``: the basic bundle when it has every
    trace type the figure uses and is installed, else the full bundle; then,
    unless ``quiet``, the build says once (a warning on the ``timeline``
    logger, which ``timeline build`` prints) why and how to fix it."""
    if trace_types(figure) <= BASIC_TRACES:
        basic, why = _plotly_basic()
        if basic is not None:
            return basic
        if not quiet and why not in _said:
            _said.add(why)
            logging.getLogger("timeline").warning(
                "note: the pages carry the full plotly.js (4.8 MB, 1.5 MB compressed) instead of its basic "
                f"bundle (a quarter of it): {why}"
            )
    return plotly_js()


def plotly_file(name: str) -> str:
    """A file of the plotly package's ``package_data``, found without importing
    plotly (whose import costs more than a small build)."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("plotly is not installed: pip install plotly")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "package_data" / name).read_text(encoding="utf-8")


def _strip_source_maps(js: str) -> str:
    # The search first: the regular expression takes 90 ms over plotly.js, which has none.
    return _SOURCE_MAP.sub("", js) if "sourceMappingURL" in js else js


def _inline_urls(css_path: Path) -> str:
    """CSS with every relative ``url(...)`` replaced by a data URI."""

    def replace(match: re.Match) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#")):
            return match.group(0)
        file = css_path.parent / target
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        encoded = base64.b64encode(file.read_bytes()).decode("ascii")
        return f'url("data:{kind};base64,{encoded}")'

    return _strip_source_maps(_CSS_URL.sub(replace, css_path.read_text(encoding="utf-8")))


_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)


def script(js: str) -> str:
    """``js`` inside a ``<script>`` element that nothing in it can close early."""
    safe = _SCRIPT_END.sub(r"<\\/\1", js).replace("<!--", "<\\!--")
    return f"<script>\n{safe}\n</script>"


def style(css: str) -> str:
    safe = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return f"<style>\n{safe}\n</style>"


def to_json(value: object) -> str:
    """JSON safe to place inside a ``<script>`` element: ``<``, ``>`` and ``&``
    are escaped, so no text in the data can end the element or open a comment."""
    return script_safe_json(json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False))


def script_safe_json(text: str) -> str:
    """JSON text with the characters that could end a ``<script>`` element escaped."""
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def json_block(element_id: str, value: object) -> str:
    """A ``<script type="application/json">`` element holding ``value``."""
    return json_element(element_id, to_json(value))


def json_element(element_id: str, json_text: str) -> str:
    """A ``<script type="application/json">`` element holding ``json_text`` (``to_json``'s)."""
    return f'<script type="application/json" id="{element_id}">{json_text}</script>'


# Lists of values (no lists or dicts in them) longer than this are written in
# pieces of this many items.
PIECE_ITEMS = 5_000


def json_pieces(value: object) -> list[bytes]:
    """``to_json(value)`` as UTF-8, in pieces that join to exactly those bytes:
    each dict's values and each long list's runs of items made on their own,
    so a figure of hundreds of megabytes is never one text, nor copied whole
    on its way to bytes. Runs of small pieces are joined (a few megabytes each)."""
    pieces: list[bytes] = []
    pending: list[str] = []
    size = 0

    def add(text: str) -> None:
        nonlocal size
        pending.append(text)
        size += len(text)
        if size >= 1 << 20:
            flush()

    def flush() -> None:
        nonlocal size
        if pending:
            pieces.append(script_safe_json("".join(pending)).encode("utf-8"))
            pending.clear()
            size = 0

    def walk(item: object) -> None:
        if type(item) is dict and all(type(key) is str for key in item):
            add("{")
            for n, (key, inner) in enumerate(item.items()):
                add(("," if n else "") + _dumps(key) + ":")
                walk(inner)
            add("}")
        elif type(item) in (list, tuple) and any(type(inner) in (dict, list, tuple) for inner in item):
            add("[")
            for n, inner in enumerate(item):
                if n:
                    add(",")
                walk(inner)
            add("]")
        elif type(item) in (list, tuple) and len(item) > PIECE_ITEMS:
            add("[")
            for start in range(0, len(item), PIECE_ITEMS):
                add(("," if start else "") + _dumps(list(item[start : start + PIECE_ITEMS]))[1:-1])
            add("]")
        else:
            add(_dumps(item))

    walk(value)
    flush()
    return pieces


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


@dataclass(frozen=True)
class Packed:
    """A script as a page carries it: its text gzip-compressed, in base64
    (``gzip``), and the hash the page's policy names it by (``hash``,
    ``sha256-...`` of the text's UTF-8 bytes)."""

    hash: str
    gzip: str


# Scripts this big are kept compressed in the user's cache between builds
# (plotly.js takes 0.2 s to compress, Leaflet 8 ms); smaller ones are
# compressed again each time, in well under a millisecond.
KEEP_FROM = 100_000


@lru_cache(maxsize=64)
def packed(js: str) -> Packed:
    """``js`` packed for a page (see ``Packed``), made once per process, and for
    big scripts once per machine (the cache file is named by the text's hash,
    so a changed library makes a new one)."""
    raw = js.encode("utf-8")
    digest = hashlib.sha256(raw).digest()
    policy_hash = "sha256-" + base64.b64encode(digest).decode("ascii")
    if len(raw) < KEEP_FROM:
        return Packed(policy_hash, gzip_base64(raw))
    made: list[str] = []

    def make(path: Path) -> None:
        made.append(gzip_base64(raw))
        path.write_text(made[0], encoding="ascii")

    # named by the text and the zlib that compresses it (another zlib may give other bytes)
    name = hashlib.sha256(digest + zlib.ZLIB_RUNTIME_VERSION.encode()).hexdigest()[:40]
    path = kept.cached_file(f"script-{name}.gz.b64", make)
    if not made and path is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):  # unreadable: made again, here
            made.append(path.read_text(encoding="ascii"))
    return Packed(policy_hash, made[0] if made else gzip_base64(raw))


def gzip_base64(raw: bytes) -> str:
    """``raw`` gzip-compressed (no name, no time: the same bytes each time), in base64."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate, in the wrapper below
    body = compressor.compress(raw) + compressor.flush()
    trailer = struct.pack("<II", zlib.crc32(raw), len(raw) & 0xFFFFFFFF)
    return base64.b64encode(_GZIP_HEADER + body + trailer).decode("ascii")


# A gzip header with no name, no time and "unknown" for the system that wrote it.
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
