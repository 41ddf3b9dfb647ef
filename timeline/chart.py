"""The timeline, as a plotly figure: events on a date axis, one lane per category.

What each mark means:

* a marker per event, sized by deaths (hollow when deaths are unknown), at the
  middle of the span its date may stand for;
* a bar over that span when the date is known only to the month or the year,
  or when the event lasts from ``date`` to ``end_date``: a month-precise date
  is never drawn as if it were an exact day;
* a ring around the marker when sources disagree on the deaths: the marker is
  the lowest figure, the ring the highest;
* labels with leader lines for the main events (the category ``attack``,
  the deadliest first), laid out in a band above the lanes so they do not
  overlap;
* shaded bands for eras (``eras.csv``), labelled along the bottom.

The labels' layout here (``_labels``, ``_era_labels``) is for one static
width: 1280 pixels, for the pages' figure and the embed. The pages lay the
labels out again in the browser at the chart's real width, and again on
every resize, zoom and pan (``static/chart-labels.js``). The pages' figure
also opens on ``opening_range``, not the whole. A picture (``size`` given)
has a layout of its own, framed on ``opening_range`` too
(``chartpicture.picture_layout``).

Where each event goes on the chart (its span, middle day, marker and ring
size, lane) is worked out once, by ``geometry``: the figure's points when it
draws them (the pictures, the embed) and the data block's ``chart`` columns
(``datablock.data_block``) both come from it.

Every point carries the index of its event in the page's data block as its
``customdata``; the pages' ``timeline/static/chart*.js`` draw the hover card
from that block and filter and highlight points by it. The pages' figure
(``points=False``) carries no points at all: each trace says what it draws
(``meta``: role, category, lane, hollow) and chart-points.js makes its points
from the data block's ``chart`` columns, without working out any of them.
"""

from __future__ import annotations

import array
import base64
import heapq
import json
import math
import sys
from dataclasses import dataclass, replace
from datetime import date, timedelta

from . import claims, language
from .assets import plotly_file
from .bidi import isolate, needs_isolate
from .language import _
from .language import current as current_language
from .model import Dataset, Era, Event
from .style import OTHERS, Category, categories_for, grouped, others_label, radius, radius_of
from .values import Blame, dates_label

EPOCH = date(1970, 1, 1)
# plotly.js's options wherever the chart is drawn: its toolbar keeps
# download-as-PNG, zoom and pan, and loses every button that would send the
# chart off the machine ("Share chart...", Chart Studio) or open a remote
# page (the logo); no server to send to is named.
OFFLINE_CONFIG = {
    "displaylogo": False,
    "plotlyServerURL": "",
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud", "editInChartStudio"],
}
# Above this many events, markers are drawn with WebGL (scattergl).
WEBGL_FROM = 500
# Marker diameter on the timeline, relative to the map's radius: the same
# scale, smaller, so the crowded recent years stay readable.
TIMELINE_SCALE = 1.3
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
LABELLED_CATEGORY = "attack"
MAX_LABELS = 8
# On the pages, labels are laid out for the narrowest page they must stay apart
# on: 1280 pixels wide, less the page's padding.
PAGE_WIDTH_PX = 1280 - 64
LABEL_CHAR_PX = 6.6
LABEL_ROWS = 2
# The pages open on the shortest span holding this share of the events (see opening_range).
OPENING_SHARE = 0.8
# The figure has a fixed height, so a lane and a label row are a known number
# of pixels whatever the number of lanes.
LANE_PX = 34
LABEL_ROW_PX = 22
SLIDER_THICKNESS = 0.1
MARGIN = {"l": 140, "r": 24, "t": 34, "b": 24}
ERA_COLORS = ("rgba(86,180,233,0.13)", "rgba(230,159,0,0.12)", "rgba(0,158,115,0.12)", "rgba(204,121,167,0.12)")


def span(event: Event) -> tuple[date, date]:
    """The first and last day an event may cover."""
    return event.date.start, event.last_day


def midpoint(event: Event) -> date:
    start, end = span(event)
    return start + timedelta(days=(end - start).days // 2)


LABEL_MOST = 44  # characters in a label
RLI, PDI = "\u2067", "\u2069"  # RIGHT-TO-LEFT ISOLATE ... POP DIRECTIONAL ISOLATE


def directed(text: str, rtl: bool) -> str:
    """A line of ours for plotly's SVG, whose text is laid out left to right
    whatever the page's direction: in a language written right to left, kept
    right to left as a whole (between U+2067 and U+2069), so that its first
    words are on the right ("Kabul · ۵ سپتامبر ۲۰۲۲" read from the right)."""
    return f"{RLI}{text}{PDI}" if rtl and text else text


def label_text(event: Event) -> str:
    """A short label: the first part of the place and the date, or the title,
    in the language in use. The place (the table's text) is isolated where its
    script could reorder the date (bidi.isolate): "کابل · 26 Aug 2021", not
    "26 · کابل Aug 2021"; then a place too long is cut, and the date kept. In a
    language written right to left the label is ``directed`` as a whole."""
    where = event.place.split(",")[0].strip()
    rtl = current_language().rtl
    if not where:
        title = event.title
        return directed(isolate(title if len(title) <= LABEL_MOST else title[: LABEL_MOST - 1] + "…", rtl), rtl)
    when = event.date.label
    between = separator()
    text = f"{where}{between}{when}"
    if not needs_isolate(where, rtl):
        return directed(text if len(text) <= LABEL_MOST else text[: LABEL_MOST - 1] + "…", rtl)
    if len(text) > LABEL_MOST:
        where = where[: max(1, LABEL_MOST - len(when) - 4)] + "…"
    return directed(f"{isolate(where, rtl)}{between}{when}", rtl)


def separator() -> str:
    """What stands between a label's place (or title) and its date: " · ",
    or the catalogue's choice where a middle dot beside a digit reads as a
    digit (Persian's zero, ۰: "Kabul · ۵ سپتامبر" reads as "۵۰ سپتامبر").
    The page's scripts cut a label at the same text (chart.js, embed.js)."""
    # TRANSLATORS: between a place and its date in a label, spaces included. Where a middle dot
    # beside a digit reads as one (Persian's zero ۰), another mark: "، " in Persian.
    return _(" · ")


def plotly_text(text: str) -> str:
    """Text shown literally by plotly, which reads a little HTML in labels."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def lane(category: Category) -> str:
    """The category's name on its lane, as plotly shows text (escaped)."""
    return plotly_text(category.label)


def _whole_range(firsts: list[int], lasts: list[int]) -> tuple[date, date]:
    """The axis's whole range: the events' days (as ``geometry`` counts them),
    padded, but never past the calendar's ends (years 1 and 9999). Little on
    the right: the "1y" and "3y" buttons count back from the axis's end, so it
    must be close to the last event, or "1y" shows an empty year."""
    first = EPOCH + timedelta(days=min(firsts)) if firsts else date(2000, 1, 1)
    last = EPOCH + timedelta(days=max(lasts)) if lasts else date(2001, 1, 1)
    pad = max(30, (last - first).days // 40)
    pad_right = max(30, (last - first).days // 200)
    return (
        date.fromordinal(max(1, first.toordinal() - pad)),
        date.fromordinal(min(date.max.toordinal(), last.toordinal() + pad_right)),
    )


def _xaxis(whole: tuple[date, date], opening: tuple[date, date], *, controls: bool) -> dict:
    """The date axis, opening on ``opening``; with ``controls`` (the pages,
    the embed) a range slider over the whole and the 1y, 3y and all buttons.

    The axis runs left to right in time in every language, right-to-left
    ones too: a choice (documented here, in map-time.js and chart.js), so
    that time runs one way in the chart, the map's time slider and every
    picture, and the labels' layout (chart-labels.js) holds as it is. Its
    words (the tick labels' months, the buttons) are in the reader's
    language (``plotly_locale``), and right-to-left text in them reads right
    to left."""
    from .language import _

    xaxis: dict = {"type": "date", "range": [d.isoformat() for d in opening], "showgrid": True}
    if controls:
        xaxis["rangeslider"] = {
            "visible": True,
            "thickness": SLIDER_THICKNESS,
            "range": [d.isoformat() for d in whole],
        }
        xaxis["rangeselector"] = {
            "buttons": [
                # TRANSLATORS: the timeline's buttons: the last year, the last three years, the whole.
                {"count": 1, "label": _("1y"), "step": "year", "stepmode": "backward"},
                {"count": 3, "label": _("3y"), "step": "year", "stepmode": "backward"},
                {"step": "all", "label": _("all")},
            ],
            "x": 0,
            "y": 1.0,
            "yanchor": "bottom",
        }
    return xaxis


def build_figure(
    dataset: Dataset, *, size: tuple[int, int] | None = None, hover: bool = False, points: bool = True
) -> dict:
    """The timeline figure, as a plotly figure dict.

    Without ``size``: for the pages, a fixed lane height, a range slider and
    range buttons. With ``size=(width, height)`` in CSS pixels: for a picture,
    laid out by ``chartpicture.picture_layout`` (framed on where the events
    are, a size key, labels legible at half a slide), with the title, "data
    as of" and credits drawn in it and no controls. ``hover`` adds plotly's own hover text (title, date,
    deaths) for embedding where the page's hover card is not available.

    Per-point values are packed as typed arrays (plotly's ``bdata``), and
    above ``WEBGL_FROM`` points the markers are drawn with WebGL, so a table
    of 200,000 events stays a few bytes an event and quick to draw.

    ``points=False`` leaves out every per-point array (x, y, customdata,
    marker sizes, hover text): the traces keep their looks and their ``meta``,
    and the pages' chart-points.js makes the points from the data block. For the
    pages only; the pictures and the embed need ``points=True``. That figure
    opens on ``opening_range`` (its range slider spans the whole), since the
    pages lay its labels out again for whatever range is shown.
    """
    events = dataset.events
    members_of, grouped, row_of = lanes_of(dataset)
    lanes = [lane(c) for c, _ in grouped]
    webgl = len(events) > WEBGL_FROM
    at = geometry(dataset, (members_of, grouped, row_of))
    firsts, lasts = at.first, at.last
    drawn = at if points else None  # without points: the page makes them, from the data block
    data: list[dict] = []
    for category, ids in grouped:
        members = members_of[ids[0]] if len(ids) == 1 else sorted(i for c in ids for i in members_of[c])
        row = row_of[ids[0]]
        data += _spans(category, [i for i in members if lasts[i] > firsts[i]], row, webgl, drawn)
        # Markers largest first (ties in the table's order): a small one is drawn over a large one.
        ringed = sorted((i for i in members if at.ring[i]), key=lambda i: -at.ring[i])
        data += _reported_ranges(category, ringed, row, webgl, drawn)
        data += _markers(dataset, category, sorted(members, key=lambda i: -at.size[i]), row, hover, webgl, drawn)
    for n, trace in enumerate(data):
        trace["uid"] = f"trace{n}"  # plotly would pick random ones; the same input must give the same bytes
    x_range = _whole_range(firsts, lasts)

    margin = dict(MARGIN)
    if size is not None:
        margin.update(t=78, b=64)
    width = size[0] if size else PAGE_WIDTH_PX
    plot_width = width - margin["l"] - margin["r"]
    labels = _labels(events, at.middle, row_of, x_range, plot_width)
    band_px = LABEL_ROWS * LABEL_ROW_PX + 14 if labels else 0
    if size is None:
        lane_px = LANE_PX
        plot_px = lane_px * (len(lanes) + 0.2) + band_px
        height = round(margin["t"] + margin["b"] + 40 + plot_px * (1 + SLIDER_THICKNESS))
    else:
        height = size[1]
        plot_px = height - margin["t"] - margin["b"] - 40
        lane_px = (plot_px - band_px) / (len(lanes) + 0.2)
    rows = [len(lanes) - 1 + 0.4 + (14 + LABEL_ROW_PX * (row + 0.5)) / lane_px for row in range(LABEL_ROWS)]
    for label in labels:
        label["ay"] = rows[label.pop("row")]
    top = len(lanes) - 0.4 + band_px / lane_px

    # The pages' chart opens where the events are; the slider (and "all")
    # span the whole. Not the embed: its labels are laid out for the whole.
    opening_days = opening(dataset, x_range) if size is None and not points else x_range
    layout = {
        "template": _template(),
        "font": {"family": FONT, "size": 13},
        "height": height,
        "margin": margin,
        "showlegend": False,
        "hovermode": "closest",
        "dragmode": "zoom",
        "xaxis": _xaxis(x_range, opening_days, controls=size is None),
        "yaxis": {
            "type": "linear",
            "tickmode": "array",
            "tickvals": list(range(len(lanes)))[::-1],
            "ticktext": lanes,
            "range": [-0.6, top],
            "fixedrange": True,
            "showgrid": True,
            "zeroline": False,
        },
        "annotations": labels + _era_labels(dataset.eras, x_range, plot_width),
        "shapes": _era_shapes(dataset.eras, x_range),
        # For the pages' chart-labels.js: the label rows' heights on the y axis, the lowest first.
        "meta": {"labelRows": rows},
    }
    locale = plotly_locale()
    if locale:  # for chart.js and embed.js, which hand it to plotly (config.locales); none for English
        layout["meta"]["locale"] = locale
    if size is not None:  # a picture: framed, labelled and captioned for its one size
        from .chartpicture import picture_layout

        layout = picture_layout(dataset, at, lanes, size, layout)
    return {"data": data, "layout": layout}


# CLDR's date pattern letters (those the skeletons below give) as d3's, which plotly formats with.
_D3 = {"d": "%-d", "dd": "%d", "M": "%-m", "MM": "%m", "L": "%-m", "LL": "%m", "MMM": "%b", "LLL": "%b"}
_D3 |= {"MMMM": "%B", "LLLL": "%B", "y": "%Y", "yyyy": "%Y"}
# plotly's date formats for its ticks (its locale's ``year``, ``month``, ``dayMonth``,
# ``dayMonthYear``), from the CLDR skeletons that say the same.
_TICK_SKELETONS = {"year": "y", "month": "yMMM", "dayMonth": "MMMd", "dayMonthYear": "yMMMd"}


def d3_format(pattern: str) -> str | None:
    """A CLDR date pattern ("d MMM y 'г'.") as a d3 time format ("%-d %b %Y г."),
    or None when it uses a field we do not map (plotly then keeps its own)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "'":  # quoted text; '' is a quote
            j = pattern.find("'", i + 1)
            j = len(pattern) if j < 0 else j
            out.append(pattern[i + 1 : j].replace("%", "%%") or "'")
            i = j + 1
        elif c.isalpha():
            j = i
            while j < len(pattern) and pattern[j] == c:
                j += 1
            field = _D3.get(pattern[i:j])
            if field is None:
                return None
            out.append(field)
            i = j
        else:
            out.append("%%" if c == "%" else c)
            i += 1
    return "".join(out)


def plotly_locale(lang: language.Language | None = None) -> dict | None:
    """plotly.js's locale for the language in use (None for English, plotly's
    own): its name, and the ``format`` of its dates and numbers, from CLDR
    (Babel): the months' and days' names, AM/PM, the decimal and thousands
    marks, and the tick labels' date formats. Months are the stand-alone
    forms ("май", not "мая"), as most ticks name a month beside a year.
    plotly writes Latin digits: chart.js and embed.js put the language's
    own in the tick labels once they are drawn. Its ``dictionary``: the
    words plotly itself shows on this chart (the toolbar's titles, its
    notices), from our catalogue, and the embed's one line of its own."""
    from .language import _

    lang = lang or language.current()
    if lang.english:
        return None
    loc = lang.locale
    week = loc.days["format"]  # 0 is Monday; d3 starts on Sunday
    system = loc.default_numbering_system or "latn"
    symbols = loc.number_symbols[system] if system in loc.number_symbols else loc.number_symbols["latn"]
    periods = loc.day_periods["format"]["abbreviated"]
    form: dict = {
        "days": [week["wide"][(i + 6) % 7] for i in range(7)],
        "shortDays": [week["abbreviated"][(i + 6) % 7] for i in range(7)],
        "months": list(lang.month_names("wide")),
        "shortMonths": list(lang.month_names("abbreviated")),
        "periods": [periods["am"], periods["pm"]],
        "decimal": symbols["decimal"],
        "thousands": symbols["group"],
    }
    for name, skeleton in _TICK_SKELETONS.items():
        d3 = d3_format(loc.datetime_skeletons[skeleton].pattern)
        if d3:
            form[name] = d3
    dictionary = {
        "Download plot as a PNG": _("Download the timeline as a PNG picture"),
        "Zoom": _("Zoom"),
        "Pan": _("Pan"),
        "Zoom in": _("Zoom in"),
        "Zoom out": _("Zoom out"),
        "Reset axes": _("Reset the view"),
        "Double-click to zoom back out": _("Double-click to zoom back out"),
        "Preparing image - this may take a few seconds": _("Making the picture: this may take a few seconds"),
        "Image download succeeded": _("Picture saved"),
        "Sorry, there was a problem downloading your image!": _("The picture could not be saved."),
        # embed.js's, where the host page lacks plotly.js (the key is its English).
        "This timeline needs plotly.js on the page: load it before this fragment.": _(
            "This timeline needs plotly.js on the page: load it before this fragment."
        ),
        " · ": separator(),  # where embed.js cuts a label to its place
    }
    return {"name": lang.code, "dictionary": dictionary, "format": form}


def opening_range(events: list[Event], at: Geometry, whole: tuple[date, date]) -> tuple[date, date]:
    """The range the pages' timeline opens on: where the events are.

    The shortest span of days holding ``OPENING_SHARE`` (80%) of the events'
    markers, widened to take in every labelled event (the attacks) and the
    whole span of each event whose marker it holds, then padded by a
    twentieth of its length (at least 30 days); an event whose bar either
    end would then cut is taken in whole (and 30 days). Kept inside ``whole``. Under 5 events, or when that span is most of the
    whole anyway, it is ``whole``. The range slider and "all" still show the
    whole; a link's ``from``/``to`` still win; opening on it sets no date
    filter, so the map and the table show every event until the reader
    changes the range.
    """
    n = len(events)
    if n < 5:
        return whole
    keep = math.ceil(OPENING_SHARE * n)
    order = sorted(range(n), key=lambda i: at.middle[i])
    middles = [at.middle[i] for i in order]
    start = min(range(n - keep + 1), key=lambda s: (middles[s + keep - 1] - middles[s], s))
    inside = order[start : start + keep] + [i for i, e in enumerate(events) if e.category == LABELLED_CATEGORY]
    first = min(at.first[i] for i in inside)
    last = max(at.last[i] for i in inside)
    pad = max(30, (last - first) // 20)
    lo, hi = first - pad, last + pad
    for _tries in range(n):  # an event whose bar an end would cut is taken in whole
        cut = [i for i in range(n) if at.first[i] < lo <= at.last[i] or at.first[i] <= hi < at.last[i]]
        if not cut:
            break
        lo = min([lo] + [at.first[i] - 30 for i in cut if at.first[i] < lo])
        hi = max([hi] + [at.last[i] + 30 for i in cut if at.last[i] > hi])
    lo_day = max(EPOCH + timedelta(days=lo), whole[0])
    hi_day = min(EPOCH + timedelta(days=hi), whole[1])
    if (hi_day - lo_day).days > 0.8 * (whole[1] - whole[0]).days:
        return whole
    return lo_day, hi_day


def _template() -> dict:
    """plotly's "plotly_white" look, written out once (the figure is a plain dict):
    read from plotly's package data, as ``plotly.io.templates`` does, without
    importing plotly, which takes longer than drawing a small table."""

    template = json.loads(plotly_file("templates/plotly_white.json"))
    return {"data": template["data"], "layout": template["layout"]}


def typed(values: list[float] | list[int], dtype: str = "f8") -> dict:
    """Numbers as a plotly typed array: ``{"dtype", "bdata"}``, a few bytes each in the page."""
    packed = array.array({"f8": "d", "f4": "f", "i4": "i", "u1": "B"}[dtype], values)
    assert packed.itemsize == int(dtype[1:])
    if sys.byteorder == "big":
        packed.byteswap()  # plotly.js reads little-endian
    return {"dtype": dtype, "bdata": base64.b64encode(packed.tobytes()).decode("ascii")}


def epoch_ms(day: date) -> float:
    """A date as plotly reads numbers on a date axis: milliseconds since 1970-01-01 UTC."""
    return (day - EPOCH).days * 86_400_000.0


DAY_MS = 86_400_000.0


def _event_days(events: list[Event]) -> tuple[list[int], list[int]]:
    """Each event's first and last day (``span``) as days since ``EPOCH``;
    each distinct pair of dates is worked out once (the parsers hand out one
    object per distinct date, and the events keep them alive meanwhile)."""
    known: dict[object, tuple[int, int]] = {}
    firsts: list[int] = []
    lasts: list[int] = []
    for e in events:
        key = id(e.date) if e.end_date is None else (id(e.date), id(e.end_date))
        pair = known.get(key)
        if pair is None:
            start, end = span(e)
            pair = known[key] = ((start - EPOCH).days, (end - EPOCH).days)
        firsts.append(pair[0])
        lasts.append(pair[1])
    return firsts, lasts


@dataclass(frozen=True)
class Geometry:
    """Where each event goes on the chart, one list per fact, in ``events``
    order: whole numbers, so the data block carries them compactly.

    ``first`` and ``last``: the first and last day its date may stand for
    (``span``), ``middle``: the day its marker is on (``midpoint``), all in
    days since ``EPOCH``; ``size``: its marker's diameter, ``ring``: the
    diameter of the ring drawn around it when sources disagree on the deaths
    (0: none), both in tenths of a pixel; ``lane``: its lane's row on the y
    axis (0 at the bottom)."""

    first: list[int]
    last: list[int]
    middle: list[int]
    size: list[int]
    ring: list[int]
    lane: list[int]


def diameter(map_radius: float) -> int:
    """A marker's diameter on the timeline for its radius on the map, in tenths
    of a pixel: ``TIMELINE_SCALE * radius``, to a tenth (``round(x, 1)``, whose
    ties go to the even tenth)."""
    return round(round(TIMELINE_SCALE * map_radius, 1) * 10)


def _kept(dataset: Dataset, name: str, make):
    """``make()``, worked out once per table and kept on ``dataset.drawn``:
    the pages' figure, the embed's and the data block each ask for the same
    geometry, lanes and opening range (a second or more at a million events)."""
    kept = dataset.drawn.get(name)
    if kept is not None and kept[0] is dataset.events and kept[1] == len(dataset.events):
        return kept[2]
    value = make()
    dataset.drawn[name] = (dataset.events, len(dataset.events), value)
    return value


def lanes_of(dataset: Dataset) -> tuple[dict[str, list[int]], list[tuple[Category, list[str]]], dict[str, int]]:
    """``_lanes_of(dataset.events)``, worked out once per table and language
    (the lanes carry the categories' names)."""
    return _kept(dataset, f"lanes {current_language().code}", lambda: _lanes_of(dataset.events))


def geometry(dataset: Dataset, lanes: tuple | None = None) -> Geometry:
    """Each event's place on the chart (``Geometry``): the one place it is
    worked out, for the figure's points and for the data block alike (once
    per table). ``lanes``: ``_lanes_of(dataset.events)``, when the caller has it."""
    return _kept(dataset, "geometry", lambda: _geometry(dataset, lanes))


def opening(dataset: Dataset, whole: tuple[date, date]) -> tuple[date, date]:
    """``opening_range`` of the table's events, worked out once per table and ``whole``."""
    return _kept(dataset, f"opening {whole}", lambda: opening_range(dataset.events, geometry(dataset), whole))


def _geometry(dataset: Dataset, lanes: tuple | None) -> Geometry:
    events = dataset.events
    _, _, row_of = lanes or lanes_of(dataset)
    firsts, lasts = _event_days(events)
    sizes: dict[int, int] = {}  # by the identity of the deaths' Count: the parsers share them
    size = []
    for e in events:
        found = sizes.get(id(e.killed))
        if found is None:
            found = sizes[id(e.killed)] = diameter(radius(e.killed))
        size.append(found)
    ring = [0] * len(events)
    for i in dataset.killed_cited(range(len(events))):
        e = events[i]
        spread = dataset.reported_killed(e)
        if spread and radius_of(spread.high) > radius(e.killed):
            ring[i] = diameter(radius_of(spread.high))
    return Geometry(
        first=firsts,
        last=lasts,
        middle=[f + (la - f) // 2 for f, la in zip(firsts, lasts, strict=True)],
        size=size,
        ring=ring,
        lane=[row_of[e.category] for e in events],
    )


def _lanes_of(events: list[Event]) -> tuple[dict[str, list[int]], list[tuple[Category, list[str]]], dict[str, int]]:
    """The events of each category, the lanes (``_lanes``) and each category's row, by id."""
    categories = categories_for([e.category for e in events])
    members_of: dict[str, list[int]] = {c.id: [] for c in categories}
    for i, e in enumerate(events):
        members_of[e.category].append(i)
    grouped = _lanes(categories, members_of)
    row_of = {i: len(grouped) - 1 - n for n, (_, ids) in enumerate(grouped) for i in ids}
    return members_of, grouped, row_of


def _lanes(categories: list[Category], members_of: dict[str, list[int]]) -> list[tuple[Category, list[str]]]:
    """The timeline's lanes, top first: each the category it is drawn as and
    the ids of the categories it holds: one per category, and the ``grouped``
    ones together in one grey lane (the filters still list every category)."""
    together = grouped(categories, {c: len(m) for c, m in members_of.items()})
    lanes = [(c, [c.id]) for c in categories if c.id not in together]
    if together:
        lanes.append(
            (replace(OTHERS, label=others_label(len(together))), [c.id for c in categories if c.id in together])
        )
    return lanes


def _meta(role: str, category: Category, row: int, points: Geometry | None, **more) -> dict:
    """What a trace draws, for chart-points.js; with the lane's row when the page must make its points."""
    meta = {"role": role, "category": category.id, **more}
    if category.id == OTHERS.id:
        meta["others"] = True  # every event whose category has no lane of its own
    if points is None:
        meta["lane"] = row
    return meta


def _spans(category: Category, members: list[int], row: int, webgl: bool, points: Geometry | None) -> list[dict]:
    """Bars (line segments broken by gaps) for every event whose date is a span
    rather than a day (``members``: those events)."""
    if not members:
        return []
    trace: dict = {"type": "scattergl" if webgl else "scatter"}
    if points is not None:
        firsts, lasts = points.first, points.last
        xs: list[float] = []
        owners: list[float] = []
        nan = math.nan
        for i in members:
            xs += [firsts[i] * DAY_MS, (lasts[i] + 1) * DAY_MS, nan]
            owners += [i, i, nan]
        trace["x"] = typed(xs)
        trace["y"] = typed([row, row, nan] * len(members))
        trace["customdata"] = typed(owners)
    trace.update(
        {
            "mode": "lines",
            "line": {"color": category.color, "width": 9},
            "opacity": 0.35,
            "connectgaps": False,
            "hoverinfo": "skip",
            "name": _("{category} spans").format(category=isolate(category.label, current_language().rtl)),
            "meta": _meta("span", category, row, points),
        }
    )
    return [trace]


def _reported_ranges(
    category: Category, chosen: list[int], row: int, webgl: bool, points: Geometry | None
) -> list[dict]:
    """A ring at the size of the highest figure, for events whose sources
    disagree (``chosen``: those events)."""
    if not chosen:
        return []
    trace: dict = {"type": "scattergl" if webgl else "scatter"}
    if points is not None:
        trace["x"] = typed([points.middle[i] * DAY_MS for i in chosen])
        trace["y"] = typed([row] * len(chosen))
        trace["customdata"] = typed(chosen, "i4")
    marker: dict = {"symbol": "circle-open"}
    if points is not None:
        marker["size"] = typed([points.ring[i] / 10 for i in chosen], "f4")
    marker.update({"color": category.color, "line": {"width": 1.5, "color": category.color}, "opacity": 0.7})
    trace.update(
        {
            "mode": "markers",
            "marker": marker,
            "hoverinfo": "skip",
            "name": _("{category} reported range").format(category=isolate(category.label, current_language().rtl)),
            "meta": _meta("range", category, row, points),
        }
    )
    return [trace]


def _markers(
    dataset: Dataset,
    category: Category,
    members: list[int],
    row: int,
    hover: bool,
    webgl: bool,
    points: Geometry | None,
) -> list[dict]:
    """The events' markers: one trace of filled circles (deaths known) and one of
    hollow circles (deaths unknown)."""
    events = dataset.events
    traces = []
    hollows = [i for i in members if events[i].killed is None]
    filled = [i for i in members if events[i].killed is not None] if hollows else members
    for hollow, chosen in ((False, filled), (True, hollows)):
        if not chosen:
            continue
        trace: dict = {"type": "scattergl" if webgl else "scatter"}
        if points is not None:
            trace["x"] = typed([points.middle[i] * DAY_MS for i in chosen])
            trace["y"] = typed([row] * len(chosen))
            trace["customdata"] = typed(chosen, "i4")
        marker: dict = {"color": category.color}
        if points is not None:
            marker["size"] = typed([points.size[i] / 10 for i in chosen], "f4")
        marker.update(
            {
                "symbol": "circle-open" if hollow else "circle",
                "opacity": 0.85,
                "line": {"color": category.color if hollow else "#ffffff", "width": 1.5},
            }
        )
        trace.update(
            {
                "mode": "markers",
                "marker": marker,
                "hoverinfo": "text" if hover else "none",
                "name": category.label,
                "meta": _meta("events", category, row, points, hollow=hollow),
            }
        )
        if hover and points is not None:
            trace["hovertext"] = _hovers(dataset, [events[i] for i in chosen])
        traces.append(trace)
    return traces


def _escaped(texts: list[str]) -> list[str]:
    """``plotly_text`` of each text, escaped in one pass over them all."""
    joined = "\0".join(texts)
    if texts and joined.count("\0") == len(texts) - 1:  # no text holds the separator
        return plotly_text(joined).split("\0")
    return [plotly_text(t) for t in texts]


def _hovers(dataset: Dataset, chosen: list[Event]) -> list[str]:
    """Each event's hover text: title, date, place, then deaths, injured and
    perpetrator as every compact surface states them (claims.said: each
    source's figure and who gave it; derived values marked), escaped in one
    pass."""
    counts, facts = [], []
    add = facts.append
    rtl = current_language().rtl
    unknown_place, unknown = _("place unknown"), _("unknown")
    killed_is, injured_is = _filled(_("Killed: {killed}"), "killed"), _filled(_("Injured: {injured}"), "injured")
    blamed_is = _filled(_("Perpetrator: {perpetrator}"), "perpetrator")
    blames: dict[str, str] = {}  # by the cell's text: few distinct ones
    shown: dict[str, str] = {}  # each table text as it is shown among our words (bidi.isolate)

    def among(text: str) -> str:
        found = shown.get(text)
        if found is None:
            found = shown[text] = text if not rtl and text.isascii() else isolate(text, rtl)
        return found

    statements = claims.statements(dataset)  # claims.beyond_labels's answers, most worked out before the build forks
    for e in chosen:
        more = statements.get(e.id)
        if more is None:
            more = claims.beyond_labels(dataset, e)
        add(e.title)  # a line of its own: nothing of ours beside it
        if more:
            when = more.get("when") or (e.date.label if e.end_date is None else dates_label(e.date, e.end_date))
            killed = more.get("killed") or (among(e.killed.label) if e.killed else "")
            injured = more.get("injured") or (among(e.injured.label) if e.injured else "")
            perpetrator = more.get("perpetrator") or _blame(e.perpetrator, blames)
            place = more.get("place") or among(e.place)
        else:  # most events: their values' labels say it all
            when = e.date.label if e.end_date is None else dates_label(e.date, e.end_date)
            killed = among(e.killed.label) if e.killed else ""
            injured = among(e.injured.label) if e.injured else ""
            perpetrator = _blame(e.perpetrator, blames)
            place = among(e.place)
        add(f"{when}{separator()}{place or unknown_place}")
        add(killed_is(killed or unknown))
        n = 3
        if injured:
            add(injured_is(injured))
            n += 1
        if perpetrator:
            add(blamed_is(perpetrator))
            n += 1
        counts.append(n)
    escaped = _escaped(facts)
    if rtl:
        escaped = [directed(line, rtl) for line in escaped]
    hovers = []
    at = 0
    for n in counts:
        hovers.append(f"<b>{escaped[at]}</b><br>" + "<br>".join(escaped[at + 1 : at + n]))
        at += n
    return hovers


def _filled(template: str, name: str):
    """``template`` (a message with one placeholder, ``name``) as a function
    of the value: joined to it where the placeholder ends the message (quicker
    than ``str.format``, at a call per event)."""
    mark = "{" + name + "}"
    if template.endswith(mark) and template.count("{") == 1:
        before = template[: -len(mark)]
        return before.__add__
    return lambda value: template.format(**{name: value})


def _blame(text: str, known: dict[str, str]) -> str:
    """A perpetrator cell as a hover states it: as written in English, else
    with its basis in the language in use (``values.Blame.label``); the
    table's words isolated where they need to be."""
    found = known.get(text)
    if found is None:
        language = current_language()
        if not text:
            found = ""
        else:
            blame = Blame.read(text)
            read = blame.basis and not blame.qualifier and not language.english
            found = blame.label if read else isolate(text, language.rtl)
        known[text] = found
    return found


def _labels(
    events: list[Event],
    middles: list[int],
    row_of: dict[str, int],
    x_range: tuple[date, date],
    plot_width: float,
) -> list[dict]:
    """Annotations naming the main events, in rows above the lanes.

    Working from the right, each label is centred on its event if it can be,
    otherwise pushed left of the label already placed in the row that keeps it
    nearest its event; a leader line joins label and marker. ``middles``:
    each event's ``Geometry.middle``. Listed the deadliest first.

    This layout is for one width: the embed's (the pictures have their own,
    ``chartpicture``). The pages
    lay the same labels out again in the browser (``static/chart-labels.js``)
    at the chart's own width, on every resize, zoom and pan: the same rows
    and leader lines, but placed deadliest first, each where it is nearest
    its event without covering another label or a leader line, and dropped
    when no row has room."""
    deadliest = heapq.nsmallest(
        MAX_LABELS,
        (i for i, e in enumerate(events) if e.category == LABELLED_CATEGORY),
        key=lambda i: (-(events[i].killed.low if events[i].killed else -1), i),
    )
    middle = {i: EPOCH + timedelta(days=middles[i]) for i in deadliest}
    chosen = sorted(deadliest, key=lambda i: (middle[i], i), reverse=True)
    days = max(1, (x_range[1] - x_range[0]).days)

    def px(d: date) -> float:
        return (d - x_range[0]).days / days * plot_width

    right_edges = [float(plot_width)] * LABEL_ROWS
    annotations = []
    for i in chosen:
        e = events[i]
        text = label_text(e)
        width = len(text) * LABEL_CHAR_PX + 10
        at = px(middle[i])
        best = None
        for row in range(LABEL_ROWS):
            centre = max(width / 2, min(at, right_edges[row] - width / 2))
            cost = abs(centre - at)
            if best is None or cost < best[0]:
                best = (cost, row, centre)
        assert best is not None
        _, row, centre = best
        right_edges[row] = centre - width / 2 - 10
        label_x = x_range[0] + timedelta(days=round(centre / plot_width * days))
        annotations.append(
            {
                "name": e.id,
                "text": plotly_text(text),
                "row": row,
                "x": epoch_ms(middle[i]),
                "y": row_of[e.category],
                "xref": "x",
                "yref": "y",
                "ax": epoch_ms(label_x),
                "axref": "x",
                "ayref": "y",
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1,
                "arrowcolor": "#8a8f96",
                "standoff": 4,
                "font": {"size": 12, "color": "#1f2328"},
                "bgcolor": "rgba(255,255,255,0.9)",
                "borderpad": 2,
            }
        )
    rank = {events[i].id: n for n, i in enumerate(deadliest)}
    return sorted(annotations, key=lambda a: rank[a["name"]])  # the deadliest first, for chart-labels.js


def _era_end(era: Era, x_range: tuple[date, date]) -> date:
    return min(era.end.end, date.max - timedelta(days=1)) + timedelta(days=1) if era.end else x_range[1]


def _era_shapes(eras: list[Era], x_range: tuple[date, date]) -> list[dict]:
    return [
        {
            "type": "rect",
            "name": era.id,
            "xref": "x",
            "yref": "paper",
            "x0": epoch_ms(era.start.start),
            "x1": epoch_ms(_era_end(era, x_range)),
            "y0": 0,
            "y1": 1,
            "fillcolor": ERA_COLORS[i % len(ERA_COLORS)],
            "line": {"width": 0},
            "layer": "below",
        }
        for i, era in enumerate(eras)
    ]


def era_text(era: Era) -> str:
    """An era's name (the table's, isolated where it needs to be) and its
    dates, in the language in use: ``Taliban rule (1996–2001)``."""
    if era.end:
        when = _("{start}–{end}").format(start=era.start.label, end=era.end.label)
    else:
        when = _("from {date}").format(date=era.start.label)
    rtl = current_language().rtl
    text = _("{era} ({when})").format(era=isolate(era.label, rtl), when=when)
    # Right to left as a whole, to the end of the line: no closing isolate, so the
    # text still ends in its dates' bracket, which the pages' chart.js drops for room.
    return f"{RLI}{text}" if rtl else text


def _era_labels(eras: list[Era], x_range: tuple[date, date], plot_width: float) -> list[dict]:
    """Era names along the bottom of the plot: from the era's start, or ending
    at its end when it starts near the right edge; stacked where they would overlap."""
    days = max(1, (x_range[1] - x_range[0]).days)
    level_ends: list[float] = []  # the pixel where each level is free again
    labels = []
    for era in sorted(eras, key=lambda e: e.start.start):
        text = era_text(era)
        width = len(text) * LABEL_CHAR_PX * 11 / 12 + 8
        start_px = (era.start.start - x_range[0]).days / days * plot_width
        end = min(_era_end(era, x_range), x_range[1])
        if start_px + width <= plot_width:
            anchor, x, left = "left", era.start.start, start_px
        else:
            anchor, x = "right", end
            left = (end - x_range[0]).days / days * plot_width - width
        level = next((n for n, free in enumerate(level_ends) if free <= left), len(level_ends))
        if level == len(level_ends):
            level_ends.append(0.0)
        level_ends[level] = left + width + 8
        labels.append(
            {
                "name": f"era:{era.id}",
                "text": plotly_text(text),
                "x": epoch_ms(x),
                "y": 0.01 + 0.075 * level,
                "xref": "x",
                "yref": "paper",
                "xanchor": anchor,
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 11, "color": "#5b6168"},
            }
        )
    return labels
