"""The JavaScript, CSS and data that pages carry inside them.

Third-party code comes from installed Python packages at build time (Leaflet
from XStatic, plotly.js from plotly); the project's
own behaviour and style come from ``timeline/static``. Everything is inlined,
so a page opened from disk needs nothing else.
"""

from __future__ import annotations

import base64
import importlib
import importlib.util
import json
import mimetypes
import re
from functools import cache
from importlib import resources
from pathlib import Path

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


def plotly_file(name: str) -> str:
    """A file of the plotly package's ``package_data``, found without importing
    plotly (whose import costs more than a small build)."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("plotly is not installed: pip install plotly")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "package_data" / name).read_text(encoding="utf-8")


def _strip_source_maps(js: str) -> str:
    return _SOURCE_MAP.sub("", js)


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
    return f'<script type="application/json" id="{element_id}">{to_json(value)}</script>'
