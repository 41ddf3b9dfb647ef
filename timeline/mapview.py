"""The map, as a folium ``Map``.

folium draws the frame: a Leaflet map with no tiles, the embedded Natural
Earth country outlines as its default base layer (in a pane of its own, under
the place names and the events), optional online tile layers
(used only if a reader picks one), the layer control and the initial view.
The events themselves are not one folium object each: ``EventLayer`` adds one
call to ``timeline/static/map-events.js``, which draws every placed event from the
page's data block and builds each popup when it is opened, and one to
``timeline/static/map-places.js``, which names places on the outlines, after
one to ``timeline/static/map-borders.js``, which draws the borders between
the regions of the events' countries from zoom 5.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from . import assets, cache, language
from .language import _

if TYPE_CHECKING:
    import folium  # lazy, measured: 0.53 s to import; a build whose map frame is cached never needs it

# Online tile layers, never shown by default; named in the layer control by layer_names().
ONLINE_TILES = ("OpenStreetMap",)
# Hosts those layers load images from; the page's content security policy allows only these.
TILE_HOSTS = ("https://tile.openstreetmap.org",)
MAX_ZOOM = 12
BASEMAP_PANE = "basemap"  # below Leaflet's overlay pane (400), where the events are drawn


def layer_names() -> tuple[str, tuple[str, ...]]:
    """The base layers' names in the layer control, in the language in use
    (map-controls.js's note on tiles names the first as the catalogue does)."""
    return _("Country outlines (offline)"), (_("OpenStreetMap (online)"),)


def event_layer_class():
    """``EventLayer``: a folium element that hands the data block to map-events.js, map-borders.js
    and map-places.js."""
    from branca.element import MacroElement
    from folium.template import Template

    class EventLayer(MacroElement):
        _template = Template(
            """
            {% macro script(this, kwargs) %}
            Timeline.load().then(function (data) {
                Timeline.map.addEvents({{ this._parent.get_name() }}, {{ this.control.get_name() }}, data);
                Timeline.regionBorders({{ this._parent.get_name() }}, data);
                Timeline.placeNames({{ this._parent.get_name() }}, data);
            });
            {% endmacro %}
            """
        )

        def __init__(self, control: folium.LayerControl):
            super().__init__()
            self._name = "EventLayer"
            self.control = control

    return EventLayer


MIRRORED = {"topleft": "topright", "topright": "topleft", "bottomleft": "bottomright", "bottomright": "bottomleft"}


def corner(position: str, rtl: bool) -> str:
    """A Leaflet corner, mirrored for a right-to-left page, whose reader
    starts on the right (map-controls.js mirrors the controls the page's
    scripts add the same way)."""
    return MIRRORED[position] if rtl else position


def build_map() -> folium.Map:
    """A folium map ready for the events of the page's data block (map-events.js
    frames them once they are drawn), its layers named and its controls placed
    for the language in use (mirrored for a right-to-left one)."""
    import folium  # lazy, measured: 0.53 s to import; a build whose map frame is cached never needs it

    rtl = language.current().rtl
    basemap_name, online_names = layer_names()
    m = folium.Map(
        location=None,
        tiles=None,
        zoom_start=2,
        control_scale=not rtl,  # right to left: the scale below, in the mirrored corner
        zoom_control=corner("topleft", rtl) if rtl else True,
        minZoom=1,
        maxZoom=MAX_ZOOM,
        worldCopyJump=True,
    )
    # Leaflet comes inlined with the page; none of folium's CDN links.
    m.default_js = []
    m.default_css = []
    # The outlines in a pane of their own, under the place names (map-places.js) and the events.
    folium.map.CustomPane(BASEMAP_PANE, z_index=300, pointer_events=True).add_to(m)
    folium.GeoJson(
        json.loads(assets.data_file("countries-110m.geojson")),
        name=basemap_name,
        overlay=False,
        control=True,
        smooth_factor=0.5,
        pane=BASEMAP_PANE,
        style_function=lambda _: {"color": "#8c8c8c", "weight": 0.6, "fillColor": "#f3f1ec", "fillOpacity": 1},
    ).add_to(m)
    for tiles, name in zip(ONLINE_TILES, online_names, strict=True):
        folium.TileLayer(tiles, name=name, overlay=False, show=False, max_zoom=MAX_ZOOM).add_to(m)
    control = folium.LayerControl(collapsed=True, **({"position": corner("topright", rtl)} if rtl else {}))
    control.add_to(m)
    if rtl:
        scale_control_class()(corner("bottomleft", rtl)).add_to(m)
    event_layer_class()(control).add_to(m)
    pin_ids(m)
    return m


def scale_control_class():
    """``ScaleControl``: Leaflet's scale bar in a corner of our choosing
    (folium's ``control_scale`` puts it bottom left), its "500 km" read
    left to right on a right-to-left page too."""
    from branca.element import MacroElement
    from folium.template import Template

    class ScaleControl(MacroElement):
        _template = Template(
            """
            {% macro script(this, kwargs) %}
            L.control.scale({position: {{ this.position|tojson }}}).addTo({{ this._parent.get_name() }})
                .getContainer().dir = "ltr";
            {% endmacro %}
            """
        )

        def __init__(self, position: str):
            super().__init__()
            self._name = "ScaleControl"
            self.position = position

    return ScaleControl


def pin_ids(m: folium.Map) -> None:
    """Replace folium's random element ids with ones numbered in tree order,
    so the same input renders the same bytes."""
    root = m.get_root()
    counter = 0

    def visit(element) -> None:
        nonlocal counter
        element._id = str(counter)
        counter += 1
        for child in element._children.values():
            visit(child)

    visit(root)
    m._id = "events"


def render_parts(m: folium.Map) -> tuple[str, str, str]:
    """The map's (header, body, script) HTML, to be placed into a page."""
    figure = m.get_root()
    figure.render()
    return figure.header.render(), figure.html.render(), figure.script.render()


def map_parts() -> tuple[str, str, str]:
    """``render_parts(build_map())``, kept between builds (``timeline/cache.py``).

    The map frame does not depend on the table, only on this module, the
    basemap and the versions of folium, branca and Jinja; importing folium
    (which imports pandas) is most of a small build's time. So folium is
    only asked again when one of them changes (or the cache cannot be used)."""

    words = language.current()
    name = "map-frame-" + cache.key(
        ("folium", "branca", "jinja2"),
        Path(__file__).read_bytes(),
        assets.data_file("countries-110m.geojson").encode("utf-8"),
        # The frame's words and corners depend on the language (English: as before).
        *([] if words.english else [json.dumps([words.code, words.rtl, layer_names()]).encode("utf-8")]),
    )
    made: list[tuple[str, str, str]] = []

    def make(path: Path) -> None:
        made.append(render_parts(build_map()))
        path.write_text(json.dumps(made[0]), encoding="utf-8")

    path = cache.cached_file(name + ".json", make)
    if made:
        return made[0]
    if path is not None:
        try:
            header, body, script = json.loads(path.read_text(encoding="utf-8"))
            return header, body, script
        except (OSError, ValueError):
            pass
    return render_parts(build_map())
