"""The timeline, as a plotly figure: events on a date axis, one lane per category.

Each event is a marker sized by deaths (hollow when deaths are unknown). An
event known only to the month or the year, or lasting from ``date`` to
``end_date``, also gets a bar over the whole span it may stand for, so a
month-precise date is never drawn as if it were an exact day. Points carry
only their position and the index of their event in the page's data block;
the hover card is drawn by ``timeline/static/timeline.js`` from that block.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from .model import Event
from .style import Category, categories_for, radius

if TYPE_CHECKING:
    import plotly.graph_objects as go

# Marker diameter on the timeline, relative to the map's radius: the same
# scale, smaller, so the crowded recent years stay readable.
TIMELINE_SCALE = 1.3
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


def span(event: Event) -> tuple[date, date]:
    """The first and last day an event may cover."""
    end = event.end_date.end if event.end_date else event.date.end
    return event.date.start, end


def midpoint(event: Event) -> date:
    start, end = span(event)
    return start + timedelta(days=(end - start).days // 2)


def build_figure(events: list[Event]) -> go.Figure:
    import plotly.graph_objects as go

    categories = categories_for([e.category for e in events])
    fig = go.Figure()
    for category in categories:
        members = [(i, e) for i, e in enumerate(events) if e.category == category.id]
        _add_spans(fig, category, [e for _, e in members])
        _add_markers(fig, category, members)
    lanes = [c.label for c in categories]
    first = min((span(e)[0] for e in events), default=date(2000, 1, 1))
    last = max((span(e)[1] for e in events), default=date(2001, 1, 1))
    pad = timedelta(days=max(30, (last - first).days // 40))
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT, "size": 13},
        margin={"l": 140, "r": 24, "t": 16, "b": 24},
        showlegend=False,
        hovermode="closest",
        dragmode="zoom",
        xaxis={
            "type": "date",
            "range": [(first - pad).isoformat(), (last + pad).isoformat()],
            "rangeslider": {"visible": True, "thickness": 0.12},
            "showgrid": True,
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": lanes[::-1],
            "range": [-0.6, len(lanes) - 0.4],
            "fixedrange": True,
            "showgrid": True,
        },
    )
    return fig


def _add_spans(fig: go.Figure, category: Category, events: list[Event]) -> None:
    """One trace of bars (line segments broken by gaps) for every event whose
    date is a span rather than a day."""
    xs: list[str | None] = []
    for e in events:
        start, end = span(e)
        if end > start:
            xs += [start.isoformat(), (end + timedelta(days=1)).isoformat(), None]
    if not xs:
        return
    fig.add_scatter(
        x=xs,
        y=[category.label if x is not None else None for x in xs],
        mode="lines",
        line={"color": category.color, "width": 9},
        opacity=0.35,
        hoverinfo="skip",
        name=f"{category.label} spans",
        meta={"role": "span", "category": category.id},
    )


def _add_markers(fig: go.Figure, category: Category, members: list[tuple[int, Event]]) -> None:
    sizes, symbols = [], []
    for _, e in members:
        sizes.append(round(TIMELINE_SCALE * radius(e.killed), 1))
        symbols.append("circle-open" if e.killed is None else "circle")
    fig.add_scatter(
        x=[midpoint(e).isoformat() for _, e in members],
        y=[category.label] * len(members),
        customdata=[i for i, _ in members],
        mode="markers",
        marker={
            "color": category.color,
            "size": sizes,
            "symbol": symbols,
            "opacity": 0.85,
            "line": {"color": [category.color if s == "circle-open" else "#ffffff" for s in symbols], "width": 1.5},
        },
        hoverinfo="none",
        name=category.label,
        meta={"role": "events", "category": category.id},
    )
