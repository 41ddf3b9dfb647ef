"""The embeds, ``output/embed/``: see the README's "Embedding" section.

* ``timeline.html``: the timeline as a fragment for a page that already loads
  plotly.js: a ``<div>`` holding the title, "data as of", the plot and the
  credits, its own CSS (every rule under the ``#timeline-embed`` element), the
  figure as JSON, and one script: ``static/chart-labels.js`` (the pages' own
  label layout, run in a scope of its own) and ``static/embed.js``, which
  draws the figure and lays its labels out again for the width it is given,
  on every resize, zoom and pan. Nothing reaches the host's ``window`` but
  ``TimelineEmbed``.
* ``timeline-standalone.html``: the fragment in a page of its own with
  plotly.js inlined and a content security policy naming its scripts, for an
  ``<iframe>``: it fetches nothing and opens from disk.
* ``timeline-iframe.html``, ``map-iframe.html``, ``index-iframe.html``: the
  ``<iframe>`` tags that show them.

The fragment's words ("Data as of", the plot's label) are in the reader's
language (``language.current()``), its root marked with the language and,
for a right-to-left one, ``dir="rtl"``.
"""

from __future__ import annotations

import copy
from datetime import date
from html import escape

from . import assets, bidi, chart, language
from .language import _
from .model import Dataset, PageSettings

ROOT_ID = "timeline-embed"
# What embed_files writes, under the output folder.
FILES = (
    "embed/timeline.html",
    "embed/timeline-standalone.html",
    "embed/timeline-iframe.html",
    "embed/map-iframe.html",
    "embed/index-iframe.html",
)
# The standalone's iframe: as wide as the column (at most the widest the
# labels are laid out for), as tall as the embed at its narrowest (360 px:
# the title and credits wrap onto more lines there).
IFRAME_MAX_WIDTH = 1200
IFRAME_HEIGHT = 600

NOTE = """<!-- {what}
     {how} -->
"""

# Every rule under the embed's root: nothing leaks into the host page.
CSS = """
#{id} {{ position: relative; box-sizing: border-box; width: 100%; max-width: 100%; margin: 0; padding: 0;
  font-family: {font}; color: #1f2328; background: #ffffff; text-align: {align}; line-height: 1.35; }}
#{id} *, #{id} *::before, #{id} *::after {{ box-sizing: border-box; }}
#{id} .timeline-embed-title {{ margin: 0 0 2px; font-size: 18px; font-weight: 600; line-height: 1.25; }}
#{id} .timeline-embed-as-of {{ margin: 0 0 4px; font-size: 13px; color: #5b6168; }}
#{id} .timeline-embed-plot {{ width: 100%; height: {height}px; }}
#{id} .timeline-embed-credits {{ margin: 4px 0 0; font-size: 12px; color: #5b6168; }}
#{id} .timeline-embed-card {{ position: absolute; z-index: 10; width: max-content;
  max-width: min(360px, 100%); padding: 7px 10px; background: #ffffff; border: 1px solid #c9ced4;
  border-radius: 4px; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.18); font-size: 13px; pointer-events: none; }}
#{id} .timeline-embed-card[hidden] {{ display: none; }}
#{id} .timeline-embed-card p {{ margin: 0 0 3px; overflow-wrap: anywhere; }}
#{id} .timeline-embed-card .timeline-embed-card-title {{ font-weight: 600; }}
#{id} .timeline-embed-missing {{ margin: 0; padding: 1em; color: #5b6168; }}
"""


def embed_files(dataset: Dataset, figure: dict) -> dict[str, list[bytes]]:
    """File name under the output folder -> the file's UTF-8 bytes in pieces,
    for every embed. The figure's JSON, most of
    both timeline files (hundreds of megabytes for a million events), is made
    once, in pieces, and the same pieces are shared by both files: never
    joined into one text, nor copied."""
    settings = dataset.settings
    title = escape(settings.title)
    drawn = embed_figure(dataset, figure)
    before, _, after = _fragment(drawn, settings, _FIGURE_SLOT).rpartition(_FIGURE_SLOT)
    figure_json = assets.json_pieces(drawn)
    del drawn
    note = NOTE.format(
        what=f"Timeline of {title}: a <div> for a page that already loads plotly.js (the version the plotly package ships).",
        how="Paste it where the chart should go; it fits the column's width. Hover shows each event's title, date, place, deaths, injured and perpetrator, each with its sources.",
    )
    files = {
        "embed/timeline.html": [(note + before).encode("utf-8"), *figure_json, (after + "\n").encode("utf-8")],
        "embed/timeline-standalone.html": standalone_pieces(before, after, figure_json, settings, figure),
    }
    for name, page, what, size in (
        ("timeline", "timeline-standalone.html", "The timeline", None),
        ("map", "map.html", "The map", (960, 600)),
        ("index", "index.html", "The briefing page", (1100, 900)),
    ):
        how = f"Publish {page} beside the page that shows it (or change src to where it lives) and paste this tag"
        if size is None:
            what = f"{what} of {title} in an iframe as wide as the column (up to {IFRAME_MAX_WIDTH} px)."
            attributes = f'style="border:0;width:100%;max-width:{IFRAME_MAX_WIDTH}px;height:{IFRAME_HEIGHT}px"'
        else:
            what = f"{what} of {title} in an iframe, {size[0]}×{size[1]}."
            attributes = f'width="{size[0]}" height="{size[1]}" style="border:0;max-width:100%"'
        text = NOTE.format(what=what, how=how + ".") + (
            f'<iframe src="{page}" title="{title}" {attributes} loading="lazy"></iframe>\n'
        )
        files[f"embed/{name}-iframe.html"] = [text.encode("utf-8")]
    return files


# Where the figure's JSON goes while the text around it is made: no character
# of it is one the JSON could hold unescaped, nor one a page's scripts are found by.
_FIGURE_SLOT = "\0timeline:figure\0"


def embed_figure(dataset: Dataset, figure: dict) -> dict:
    """The figure as the embed draws it: opening where the events are (like
    the pages: the range slider and "all" still show the whole), the lane
    names given only the room they need, plotly's own hover label off (the
    embed's card shows the same text, wrapped to the width) and no toolbar
    (nothing in it an article's reader needs; nothing that could send data)."""
    # A copy: the layout whole, each trace's own keys (its arrays are not
    # changed, and a deep copy of a million hover texts takes seconds).
    figure = {**figure, "data": [dict(trace) for trace in figure["data"]], "layout": copy.deepcopy(figure["layout"])}
    layout = figure["layout"]
    whole = tuple(date.fromisoformat(d) for d in layout["xaxis"]["rangeslider"]["range"])
    opening = chart.opening(dataset, whole)
    layout["xaxis"]["range"] = [d.isoformat() for d in opening]
    layout["margin"] = {**layout["margin"], "l": 8, "r": 12}
    layout["yaxis"]["automargin"] = True
    layout.pop("width", None)
    layout["autosize"] = True
    for trace in figure["data"]:
        if "hovertext" in trace:
            trace["hoverinfo"] = "none"
    figure["config"] = {**chart.OFFLINE_CONFIG, "responsive": True, "displayModeBar": False}
    return figure


def timeline_fragment(figure: dict, settings: PageSettings) -> str:
    """The fragment: title, "data as of", the plot, the credits, the figure and the script that draws it."""
    return _fragment(figure, settings, assets.to_json(figure))


def _fragment(figure: dict, settings: PageSettings, figure_json: str) -> str:
    """The fragment with ``figure_json`` as the figure's JSON (the JSON
    itself, or a slot it is put in later)."""
    height = figure["layout"]["height"]
    lang = language.current()
    css = CSS.format(id=ROOT_ID, font=chart.FONT, height=height, align="right" if lang.rtl else "left")
    marks = "" if lang.english else f' lang="{lang.code}" dir="{lang.direction}"'
    parts = [
        f'<div id="{ROOT_ID}" class="timeline-embed" data-embed="timeline"{marks}>',
        assets.style(css.strip()),
        f'<p class="timeline-embed-title">{escape(settings.title)}</p>',
    ]
    if settings.data_as_of:
        when = escape(settings.data_as_of)
        when = f"<bdi>{when}</bdi>" if bidi.needs_isolate(settings.data_as_of, lang.rtl) else when
        as_of = escape(_("Data as of {date}")).format(date=when)
        parts.append(f'<p class="timeline-embed-as-of">{as_of}</p>')
    label = escape(_("Timeline of the events, one lane per category"))
    parts.append(f'<div id="{ROOT_ID}-plot" class="timeline-embed-plot" role="img" aria-label="{label}"></div>')
    if settings.credits:
        parts.append(f'<p class="timeline-embed-credits">{escape(settings.credits)}</p>')
    parts.append(assets.json_element(f"{ROOT_ID}-figure", figure_json))
    parts.append(assets.script(script()))
    parts.append("</div>")
    return "\n".join(parts)


def script() -> str:
    """The fragment's one script: chart-labels.js run with a ``window`` of its
    own (it adds ``Timeline.chartLabels`` there, not to the host's window),
    then embed.js, which draws the embed with it."""
    return "\n".join(
        [
            "(function () {",
            "var scope = { Timeline: {} };",
            "(function (window) {",
            assets.own("chart-labels.js").strip(),
            "})(scope);",
            assets.own("embed.js").strip(),
            f'window.TimelineEmbed.draw("{ROOT_ID}", scope.Timeline.chartLabels);',
            "})();",
        ]
    )


_CSP_SLOT = "timeline:content-security-policy"


def standalone(fragment: str, settings: PageSettings, figure: dict) -> str:
    """A page of its own holding plotly.js (the bundle that draws ``figure``:
    ``assets.plotly_for``; the pages say if it is the full one for want of
    the basic) and the fragment, for an iframe. As the pages do, it carries
    plotly.js and the fragment's script packed, run by boot.js, and the pages'
    content security policy naming each by its hash."""
    from . import page  # the pages' policy, their scripts' packing and hashes

    own = assets.script(script())
    scripts, hashes = page.packed_page_scripts((assets.plotly_for(figure, quiet=True), script()), common=False)
    html = page._environment().get_template("embed-standalone.html.j2").render(csp=_CSP_SLOT, title=settings.title)
    head, tail = html.split("<!--timeline:fragment-->")
    # The fragment's own script runs after plotly.js, packed with it.
    html = head + fragment.replace(own, "", 1) + "\n" + scripts + tail
    return html.replace(_CSP_SLOT, page.content_security_policy(page.script_hashes(html, packed=False) + hashes), 1)


def standalone_pieces(
    before: str, after: str, figure_json: list[bytes], settings: PageSettings, figure: dict
) -> list[bytes]:
    """``standalone``'s page in UTF-8 pieces, for the fragment ``before`` +
    ``figure_json`` + ``after``: the page is made around a slot, which the
    figure's JSON pieces (shared, not copied) then fill. The JSON sits in an
    ``application/json`` element, which the policy's hashes pass over."""
    fragment = before + _FIGURE_SLOT + after
    html = standalone(fragment, settings, figure)
    head, _, tail = html.rpartition(_FIGURE_SLOT)
    return [head.encode("utf-8"), *figure_json, tail.encode("utf-8")]
