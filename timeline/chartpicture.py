"""The timeline as a picture (timeline.png, .svg, .pdf): the layout of
``chart.build_figure(size=...)``, for one fixed size.

What it adds to the figure's traces:

* framed where the events are, as the pages open (``chart.opening_range``);
  what falls outside is said in a note under the axis (``outside_note``),
  never dropped without a word;
* the attacks labelled (``chart.label_text``: place and date, as on the
  page), each label in a row above the lanes with a vertical leader line to
  its marker: no label covers another label or a leader line, and no leader
  line crosses another (``place_labels``);
* a size key: what marker sizes mean in deaths (``size_references``, drawn
  with ``chart.diameter``, the markers' own size) and the hollow marker for
  unknown deaths;
* every text at least ``MIN_FONT`` pixels at 960 pixels wide (the pictures
  are laid out at half their 1920 pixels and drawn at twice the density):
  12 pixels when the picture is shown 640 pixels wide, at half a 16:9 slide.

Pixel sizes here are for a 960-pixel-wide layout, scaled with the width.

In the reader's language (``language.current()``): our words from the
catalogue, counts in its digits, the time axis's ticks dated in it; in a
right-to-left language each of our sentences is laid out right to left
(``said``), the time still running left to right. Table text inside our
sentences is isolated (``bidi.isolate``). A text holding Arabic script is
set in ``ARABIC_FONT`` first (Debian's fonts-noto-ui-core), so an English
picture's fonts are what they were.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import Counter
from dataclasses import dataclass
from datetime import date

from . import bidi, language
from .language import _, ngettext
from .model import Dataset, Era, Event
from .style import UNKNOWN_RADIUS, categories_for, radius_of

LAYOUT_WIDTH = 960
MIN_FONT = 18  # every text, at 960 pixels wide: 36 pixels in the 1920-pixel picture
TITLE_FONT = 24
CHAR_EM = 0.56  # a generous average advance, in ems (DejaVu Sans: about 0.5), to size a text before it is drawn
LABEL_PAD = 3  # the label's box around its text
LEADER_INSET = 5  # where the leader line meets the label's box, from its end
GAP = 6  # kept clear between two labels, and between a label and a leader line
MAX_ROWS = 6
LABEL_COLOR = "#1f2328"
MUTED = "#5b6168"
LEADER_COLOR = "#6e757c"
KEY_COLOR = "#7b8088"
# Arabic script (Persian, Pashto, Arabic, Urdu): set in this font before the
# pictures' own (which draw Latin and Cyrillic), from Debian's fonts-noto-ui-core.
ARABIC_FONT = "Noto Sans Arabic UI"
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
RLI = "\u2067"  # RIGHT-TO-LEFT ISOLATE: what follows, to the PDI, is laid out right to left


def has_arabic(text: str) -> bool:
    """Whether ``text`` holds a letter of the Arabic script."""
    return not text.isascii() and _ARABIC.search(text) is not None


def family(text: str, base: str) -> str:
    """The font family to set ``text`` in: ``base``, with ``ARABIC_FONT``
    first when the text holds Arabic script."""
    return f"'{ARABIC_FONT}', {base}" if has_arabic(text) else base


def said(text: str) -> str:
    """One of our sentences as a picture line: in a right-to-left language,
    laid out right to left (between RLI and PDI); else as it is."""
    if not text or not language.current().rtl or text.startswith(RLI):  # chart.label_text may have done it
        return text
    return f"{RLI}{text}{bidi.PDI}"


def count(n: int) -> str:
    """A count in one of our sentences: in the language's digits and grouping
    (English as these sentences always wrote it: 1234)."""
    lang = language.current()
    return str(n) if lang.english else lang.whole(n)


def table(text: str) -> str:
    """Table text inside one of our sentences, isolated when it needs to be."""
    return bidi.isolate(text, language.current().rtl)


@dataclass(frozen=True)
class Frame:
    """The picture's date range, and what lies outside it: events whose marker
    is before or after it (indexes into ``dataset.events``) and eras wholly
    before or after it."""

    start: date
    end: date
    before: list[int]
    after: list[int]
    eras_before: list[Era]
    eras_after: list[Era]


def frame_of(dataset: Dataset) -> Frame:
    """Where the picture is framed: ``chart.opening_range``, the pages' own."""
    from .chart import EPOCH, _whole_range, geometry, opening_range

    at = geometry(dataset)
    whole = _whole_range(at.first, at.last)
    start, end = opening_range(dataset.events, at, whole)
    lo, hi = (start - EPOCH).days, (end - EPOCH).days
    n = len(dataset.events)
    return Frame(
        start=start,
        end=end,
        before=[i for i in range(n) if at.middle[i] < lo],
        after=[i for i in range(n) if at.middle[i] > hi],
        eras_before=[e for e in dataset.eras if e.end is not None and e.end.end < start],
        eras_after=[e for e in dataset.eras if e.start.start > end],
    )


def _when(e: Event) -> str:
    return f"{e.date.label}–{e.end_date.label}" if e.end_date else e.date.label


def era_text(era: Era) -> str:
    """An era's name and dates, as the page's era labels give them."""
    when = f"{era.start.label}–{era.end.label}" if era.end else _("from {date}").format(date=era.start.label)
    return f"{table(era.label)} ({when})"


def _events_said(events: list[Event]) -> str:
    """ "2 context events, 1979 to 2003": how many, of which categories, and
    from the first's date label to the last's."""
    counts = Counter(e.category for e in events)
    order = categories_for([e.category for e in events])
    n = len(events)
    whole = count
    if len(order) == 1:
        what = ngettext("{n} {category} event", "{n} {category} events", n).format(
            n=whole(n), category=table(order[0].label.lower())
        )
    else:
        kinds = _list_of([f"{whole(counts[c.id])} {table(c.label.lower())}" for c in order])
        what = ngettext("{n} event ({categories})", "{n} events ({categories})", n).format(n=whole(n), categories=kinds)
    first = min(events, key=lambda e: (e.date.start, e.last_day))
    last = max(events, key=lambda e: (e.last_day, e.date.start))
    if first is last:
        return _("{events}, {when}").format(events=what, when=_when(first))
    end = last.end_date.label if last.end_date else last.date.label
    when = _("{first} to {last}").format(first=first.date.label, last=end)
    return _("{events}, {when}").format(events=what, when=when)


def _list_of(items: list[str]) -> str:
    """Items one after another, as the language separates them (English: ", ")."""
    return _(", ").join(items)


def outside_note(dataset: Dataset, frame: Frame, side: str) -> str:
    """What the picture leaves out on one ``side`` ("before" or "after"), in
    words: "" when nothing."""
    chosen = frame.before if side == "before" else frame.after
    eras = frame.eras_before if side == "before" else frame.eras_after
    parts = []
    if chosen:
        parts.append(_events_said([dataset.events[i] for i in chosen]))
    if eras:
        parts.append(
            ngettext("the period {periods}", "the periods {periods}", len(eras)).format(
                periods="; ".join(era_text(e) for e in eras)
            )
        )
    if not parts:
        return ""
    note = _("Earlier, not shown: {what}") if side == "before" else _("Later, not shown: {what}")
    return note.format(what="; ".join(parts))


def size_references(events: list[Event]) -> list[int]:
    """One or two round death counts for the size key, from the data: the
    largest of 1, 2, 5, 10, 20, 50… not above the most deaths known, and a
    tenth of it when that is whole."""
    most = max((e.killed.low for e in events if e.killed is not None), default=0)
    if most < 1:
        return []
    top = max(v for v in (m * 10**k for k in range(int(math.log10(most)) + 1) for m in (1, 2, 5)) if v <= most)
    refs = [top]
    if top >= 10:
        refs.insert(0, top // 10)
    return refs


@dataclass(frozen=True)
class Placed:
    """A label's place: its row (0 the lowest) and its box's left and right, in pixels from the plot's left."""

    key: int
    x: float
    row: int
    left: float
    right: float


def place_labels(items: list[tuple[int, float, float]], plot_width: float, rows: int) -> list[Placed]:
    """Labels in rows above the lanes, each with a vertical leader line down
    to its marker at ``x``: ``items`` are (key, x, width) in pixels, placed
    in that order (the caller's priority), each in the lowest row where its
    box, ending (or else starting) ``LEADER_INSET`` past its leader line,
    stays inside the plot, covers no label and no leader line going higher,
    and its own leader line crosses no label below it. Leader lines are
    vertical at distinct ``x``, so they never cross. A label with no such
    place is left out: fewer labels, never a covered one."""
    placed: list[Placed] = []
    for key, x, width in items:
        if any(abs(p.x - x) < 2 for p in placed):
            continue  # a leader line on another's: the same day, already named
        spot = None
        for row in range(rows):
            for left in (x + LEADER_INSET - width, x - LEADER_INSET):
                right = left + width
                if left < 0 or right > plot_width:
                    continue
                if any(
                    (p.row == row and left < p.right + GAP and p.left < right + GAP)
                    or (p.row > row and left - GAP < p.x < right + GAP)
                    or (p.row < row and p.left - GAP < x < p.right + GAP)
                    for p in placed
                ):
                    continue
                spot = Placed(key, x, row, left, right)
                break
            if spot:
                break
        if spot:
            placed.append(spot)
    return placed


def _place_deadliest(
    items: list[tuple[int, float, float]], rank: list[int], plot_width: float, rows: int
) -> list[Placed]:
    """``place_labels`` from the left, but when a label finds no place while a
    less deadly one has one (``rank``: the keys, the deadliest first), the
    least deadly is given up and the rest placed again."""
    order = {key: n for n, key in enumerate(rank)}
    items = list(items)
    while True:
        placed = place_labels(items, plot_width, rows)
        kept = {p.key for p in placed}
        dropped = [key for key, _, _ in items if key not in kept]
        if not dropped or not kept or min(order[d] for d in dropped) > max(order[key] for key in kept):
            return placed
        last = max(kept, key=lambda key: order[key])
        items = [item for item in items if item[0] != last]


def _best_placing(items: list[tuple[int, float, float]], rank: list[int], plot_width: float, rows: int) -> list[Placed]:
    """``_place_deadliest`` from the left, from the right and the deadliest
    first: the one that places the most labels, then in the fewest rows."""
    order = {key: n for n, key in enumerate(rank)}
    tries = [items, items[::-1], sorted(items, key=lambda item: order[item[0]])]
    results = [_place_deadliest(t, rank, plot_width, rows) for t in tries]
    return max(results, key=lambda placed: (len(placed), -max((p.row for p in placed), default=0)))


def label_of(event: Event) -> str:
    """An attack's label: the page's (``chart.label_text``: place and date),
    or, for an event with no place, its title and date, as short."""
    from .chart import label_text

    if event.place.split(",")[0].strip():
        return label_text(event)
    from .chart import separator

    between = separator()
    text = f"{event.title}{between}{event.date.label}"
    title = event.title if len(text) <= 44 else event.title[: 43 - len(event.date.label) - 3] + "…"
    return f"{table(title)}{between}{event.date.label}"


def text_width(text: str, font: float) -> float:
    return len(text) * font * CHAR_EM


def _wrap(text: str, width_px: float, font: float) -> list[str]:
    """Every word of ``text`` on lines of at most ``width_px``: nothing cut."""
    return textwrap.wrap(text, max(20, int(width_px / (font * CHAR_EM * 0.92)))) if text else []


def _text(name: str, text: str, x: float, y: float, font: float, color: str = LABEL_COLOR, **more) -> dict:
    """A text annotation at (``x``, ``y``) in the plot's paper units, anchored on its left middle unless told."""
    from .chart import FONT

    return {
        "name": name,
        "text": text,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "middle",
        "showarrow": False,
        "align": "left",
        "font": _font(text, font, color, FONT),
        **more,
    }


def _font(text: str, size: float, color: str, base: str) -> dict:
    """An annotation's font: its family named only where it holds Arabic script (``family``)."""
    return {"size": size, "color": color, **({"family": family(text, base)} if has_arabic(text) else {})}


def _ticks(x0: date, x1: date, most: int) -> dict:
    """The time axis's ticks in the reader's language (plotly writes its own
    in English): the first of every month, or of every few months or years,
    as many as ``most`` at most, each dated as the pages date a month or year."""
    lang = language.current()
    months = (x1.year - x0.year) * 12 + x1.month - x0.month + 1
    step = next((m for m in (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000) if months / m <= most), 12000)
    values, texts = [], []
    y, m = x0.year, x0.month
    while (y, m) <= (x1.year, x1.month):
        at = date(y, m, 1)
        if x0 <= at <= x1 and (
            (step < 12 and (m - 1) % step == 0) or (step >= 12 and m == 1 and y % (step // 12) == 0)
        ):
            values.append(at.isoformat())
            texts.append(lang.date(y) if step >= 12 else lang.date(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return {"tickmode": "array", "tickvals": values, "ticktext": texts}


def picture_layout(dataset: Dataset, at, lanes: list[str], size: tuple[int, int], base_layout: dict) -> dict:
    """The picture's layout, replacing the pages' one (``base_layout``: its
    template and axes' looks), for ``size`` in CSS pixels; ``at``: the
    events' ``chart.Geometry``, ``lanes``: the lanes' names, top first."""
    from . import chart

    events = dataset.events
    s = dataset.settings
    width, height = size
    k = width / LAYOUT_WIDTH
    font, title_font = MIN_FONT * k, TITLE_FONT * k
    line = font * 1.3
    frame = frame_of(dataset)
    x0, x1 = frame.start, frame.end
    days = max(1, (x1 - x0).days)
    lo_day, hi_day = (x0 - chart.EPOCH).days, (x1 - chart.EPOCH).days
    n_lanes = max(1, len(lanes))
    top_lane = n_lanes - 1

    # Across: lane names on the left.
    margin = {"l": round(max((text_width(n, font) for n in lanes), default=0) + 16 * k), "r": round(16 * k)}
    plot_width = width - margin["l"] - margin["r"]

    def px(day: float) -> float:
        return (day - lo_day) / days * plot_width

    def ms(x_px: float) -> float:
        return (lo_day + x_px / plot_width * days) * chart.DAY_MS

    # Down: the title (size key beside it); "data as of" and what the frame
    # leaves out; the plot; the axis; the credits.
    key = size_key(events, k)
    key_width = sum(w for _, _, w, _ in key)
    title_y = 8 * k + title_font * 0.65
    sides = [(where, t) for where in ("before", "after") if (t := outside_note(dataset, frame, where))]
    notes = [t for _, t in sides]
    second = [_("Data as of {date}").format(date=table(s.data_as_of))] if s.data_as_of else []
    second_width = sum(text_width(t, font) for t in second + notes) + 40 * k * len(notes)
    notes_below = second_width > width - 24 * k
    if notes_below:
        second_width = sum(text_width(t, font) for t in second)
    key_y = title_y
    second_y = 8 * k + title_font * 1.3 + line / 2
    if key and text_width(s.title, title_font) + key_width + 48 * k > width:
        key_y = second_y
        if key_width + second_width + 48 * k > width:
            notes_below = True
    head_lines = 1 + (1 if (second or (notes and not notes_below) or key_y != title_y) else 0)
    head = 8 * k + title_font * 1.3 + (line if head_lines > 1 else 0) + 8 * k
    credit_lines = _wrap(s.credits, width - 24 * k, font)
    # The arrows point along the time axis, which runs left to right in every language.
    rtl = language.current().rtl
    arrowed = [
        (f"▶ {n}" if rtl else f"{n} ▶") if where == "after" else (f"{n} ◀" if rtl else f"◀ {n}") for where, n in sides
    ]
    note_lines = [_wrap(n, width - 24 * k, font) for n in arrowed] if notes_below else []
    foot = 28 * k + line * sum(map(len, note_lines)) + line * len(credit_lines) + 6 * k
    margin.update(t=round(head), b=round(foot))
    plot_height = height - margin["t"] - margin["b"]

    def paper_x(x_px: float) -> float:  # from the figure's left
        return (x_px - margin["l"]) / plot_width

    # The title, "data as of", the size key, the notes and the credits start
    # on the reader's side: in a right-to-left language, mirrored (the plot is
    # not: its time runs left to right).
    def head_x(x_px: float) -> float:
        return paper_x(width - x_px if rtl else x_px)

    def side(anchor: str, align: str = "left") -> dict:
        def flip(a: str) -> str:
            return {"left": "right", "right": "left"}[a] if rtl else a

        return {"xanchor": flip(anchor), "align": flip(align)}

    def paper_y(y_px: float) -> float:  # from the figure's top
        return (height - margin["b"] - y_px) / plot_height

    # Era names along the bottom of the plot, in as many rows as they need.
    era_row = font * 1.2 + 3 * k
    level_ends: list[float] = []
    era_marks = []
    for era in dataset.eras:
        start = (era.start.start - chart.EPOCH).days
        end = (chart._era_end(era, (x0, x1)) - chart.EPOCH).days
        if end < lo_day or start > hi_day:
            continue  # said in the note
        text = era_text(era)
        w = text_width(text, font)
        a, b = px(max(start, lo_day)), px(min(end, hi_day))
        spot = a if a + w <= plot_width else max(0.0, b - w)
        level = next((m for m, free in enumerate(level_ends) if free <= spot), len(level_ends))
        if level == len(level_ends):
            level_ends.append(0.0)
        level_ends[level] = spot + w + 2 * GAP * k
        era_marks.append((era, text, spot, level))
    era_px = len(level_ends) * era_row + (4 * k if level_ends else 0)

    # The attacks in the frame, the deadliest first (chart.MAX_LABELS at
    # most), labelled from the left; rows are given up while the lanes
    # would be too tight for their names.
    in_frame = [
        i for i, e in enumerate(events) if e.category == chart.LABELLED_CATEGORY and lo_day <= at.middle[i] <= hi_day
    ]
    chosen = sorted(in_frame, key=lambda i: (-(events[i].killed.low if events[i].killed else -1), i))
    chosen = chosen[: chart.MAX_LABELS]
    texts = {i: label_of(events[i]) for i in chosen}
    items = sorted(
        ((i, px(at.middle[i]), text_width(texts[i], font) + 2 * LABEL_PAD) for i in chosen),
        key=lambda item: (item[1], item[0]),
    )
    label_row = font * 1.2 + 2 * LABEL_PAD + 2 * k
    top_marker = max(
        (max(at.size[i], at.ring[i]) / 20 for i in range(len(events)) if at.lane[i] == top_lane), default=0
    )
    min_lane = font * 1.15
    for rows in range(MAX_ROWS, -1, -1):
        placed = _best_placing(items, chosen, plot_width, rows)
        used = 1 + max((p.row for p in placed), default=-1)
        # The lowest row's bottom sits above the top lane's markers.
        over = top_marker + 4 * k
        lane_px = (plot_height - era_px - (over + used * label_row + 2 * k if used else 0)) / (n_lanes - 0.5)
        if lane_px >= min_lane or rows == 0:
            break
    band_px = max(0.0, over - lane_px / 2) + used * label_row + 2 * k if used else 0.0
    lane_px = (plot_height - era_px - band_px) / n_lanes
    unit = 1 / lane_px  # lane units per pixel
    y_bottom = -0.5 - era_px * unit
    y_top = top_lane + 0.5 + band_px * unit

    annotations: list[dict] = []
    shapes: list[dict] = list(chart._era_shapes(dataset.eras, (x0, x1)))
    for p in sorted(placed, key=lambda p: p.x):
        e = events[p.key]
        bottom = top_lane + 0.5 + (max(0.0, over - lane_px / 2) + p.row * label_row) * unit
        right = abs(p.right - (p.x + LEADER_INSET)) < 1e-6  # placed ending past its leader (floats: not ==)
        annotations.append(
            {
                "name": f"label:{e.id}",
                "text": chart.plotly_text(said(texts[p.key])),
                "x": ms(p.x + (LEADER_INSET if right else -LEADER_INSET)),
                "y": bottom,
                "xref": "x",
                "yref": "y",
                "xanchor": "right" if right else "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": _font(texts[p.key], font, LABEL_COLOR, chart.FONT),
                "bgcolor": "rgba(255,255,255,0.92)",
                "borderpad": LABEL_PAD,
            }
        )
        # From just above the markers at its x (its own, and any it passes over) to its label.
        radius = max(
            math.sqrt(max(0.0, r * r - (px(at.middle[j]) - p.x) ** 2))
            for j in range(len(events))
            if at.lane[j] == at.lane[p.key] and lo_day <= at.middle[j] <= hi_day
            for r in (max(at.size[j], at.ring[j]) / 20,)
        )
        shapes.append(
            {
                "type": "line",
                "name": f"leader:{e.id}",
                "xref": "x",
                "yref": "y",
                "x0": at.middle[p.key] * chart.DAY_MS,
                "x1": at.middle[p.key] * chart.DAY_MS,
                "y0": at.lane[p.key] + (radius + 2 * k) * unit,
                "y1": bottom,
                "line": {"color": LEADER_COLOR, "width": 1.2 * k},
                "layer": "above",
            }
        )
    for era, text, spot, level in era_marks:
        annotations.append(
            {
                "name": f"era:{era.id}",
                "text": chart.plotly_text(said(text)),
                "x": ms(spot),
                "y": y_bottom + (level * era_row + 2 * k) * unit,
                "xref": "x",
                "yref": "y",
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": _font(text, font, MUTED, chart.FONT),
            }
        )

    # Title, "data as of", the size key and what the frame leaves out.
    annotations.append(
        _text(
            "title",
            chart.plotly_text(table(s.title)),
            head_x(12 * k),
            paper_y(title_y),
            title_font,
            "#2a3f5f",
            **side("left"),
        )
    )
    if second:
        annotations.append(
            _text(
                "as-of",
                chart.plotly_text(said(second[0])),
                head_x(12 * k),
                paper_y(second_y),
                font,
                MUTED,
                **side("left"),
            )
        )
    cx = width - 12 * k - key_width
    for kind, value, w, d in key:
        if kind == "text":
            annotations.append(
                _text("key:" + value, chart.plotly_text(said(value)), head_x(cx), paper_y(key_y), font, **side("left"))
            )
        else:
            hollow = kind == "hollow"
            shapes.append(
                {
                    "type": "circle",
                    "name": f"key:{kind}:{value}",
                    "xref": "paper",
                    "yref": "paper",
                    "xsizemode": "pixel",
                    "ysizemode": "pixel",
                    "xanchor": head_x(cx + (w - 6 * k) / 2),
                    "yanchor": paper_y(key_y),
                    "x0": -d / 2,
                    "x1": d / 2,
                    "y0": -d / 2,
                    "y1": d / 2,
                    "fillcolor": "rgba(0,0,0,0)" if hollow else KEY_COLOR,
                    "opacity": 0.85,
                    "line": {"color": KEY_COLOR if hollow else "#ffffff", "width": 1.5},
                }
            )
        cx += w
    y_px = height - margin["b"] + 28 * k + line / 2
    for n, (where, _note) in enumerate(sides):
        text = chart.plotly_text(said(arrowed[n]))
        name = "outside:" + where
        if notes_below:
            lines = note_lines[n]
            text = "<br>".join(chart.plotly_text(said(t)) for t in lines)
            annotations.append(
                _text(name, text, head_x(12 * k), paper_y(y_px - line / 2), font, MUTED, yanchor="top", **side("left"))
            )
            y_px += line * len(lines)
        else:
            x_right = width - 12 * k - (key_width + 24 * k if key_y == second_y else 0)
            x_right -= sum(text_width(t, font) + 40 * k for t in notes[n + 1 :])
            annotations.append(_text(name, text, head_x(x_right), paper_y(second_y), font, MUTED, **side("right")))
    if credit_lines:
        text = "<br>".join(chart.plotly_text(table(t)) for t in credit_lines)
        annotations.append(
            _text("credits", text, head_x(12 * k), paper_y(y_px - line / 2), font, MUTED, yanchor="top", **side("left"))
        )

    layout = dict(base_layout)
    layout.update(
        {
            "font": {"family": f"'{ARABIC_FONT}', {chart.FONT}" if rtl else chart.FONT, "size": font},
            "width": width,
            "height": height,
            "margin": margin,
            "annotations": annotations,
            "shapes": shapes,
            "xaxis": {
                "type": "date",
                "range": [x0.isoformat(), x1.isoformat()],
                "showgrid": True,
                # Room for each tick's text at this size: "2016" (a span of years), "Sep 2022" (months).
                "nticks": max(2, int(plot_width / ((70 if days > 3 * 365 else 140) * k))),
                **({} if language.current().english else _ticks(x0, x1, max(2, int(plot_width / (140 * k))))),
            },
        }
    )
    layout["yaxis"] = dict(base_layout["yaxis"], range=[y_bottom, y_top])
    layout.pop("meta", None)
    layout.pop("title", None)
    return layout


def size_key(events: list[Event], k: float = 1.0) -> list[tuple[str, str, float, float]]:
    """The size key, left to right: ("text" | "filled" | "hollow", what, width, diameter) in pixels."""
    from .chart import diameter

    refs = size_references(events)
    hollow = any(e.killed is None for e in events)
    if not refs and not hollow:
        return []
    font = MIN_FONT * k
    gap = 6 * k

    def wide(text: str) -> float:  # the key is laid out before it is drawn: room to spare
        return len(text) * font * 0.64

    deaths, unknown, whole = _("Deaths:"), _("unknown"), language.current().whole
    key: list[tuple[str, str, float, float]] = [("text", deaths, wide(deaths) + gap, 0)]
    for n in refs:
        d = diameter(radius_of(n)) / 10
        key.append(("filled", whole(n), d + gap, d))
        key.append(("text", whole(n), wide(whole(n)) + 2 * gap, 0))
    if hollow:
        d = diameter(UNKNOWN_RADIUS) / 10
        key.append(("hollow", unknown, d + gap, d))
        key.append(("text", unknown, wide(unknown), 0))
    return key
