"""Alt text for the pictures: a paragraph describing each, written from the data.

A picture pasted into slides or a report loses the page around it; these
descriptions go beside it (``images.md``) and into the deck's pictures.
"""

from __future__ import annotations

import re
from collections import Counter

from . import claims, countries
from .chartpicture import era_text, label_of
from .model import Dataset, Event, Prepared
from .style import categories_for


def _list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _deadliest(events: list[Event], n: int = 3) -> list[Event]:
    known = [e for e in events if e.killed is not None and e.killed.low > 0]
    return sorted(known, key=lambda e: (-e.killed.low, e.date.start))[:n]  # type: ignore[union-attr]


def _about(dataset: Dataset, e: Event) -> str:
    place = claims.said(dataset, e, "place")
    where = f", {place}" if place else ""
    return f"{e.title} ({claims.when(dataset, e)}{where}; killed: {claims.said(dataset, e, 'killed')})"


def _categories(events: list[Event]) -> str:
    counts = Counter(e.category for e in events)
    return _list([f"{c.label.lower()} {counts[c.id]}" for c in categories_for([e.category for e in events])])


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):g}°{positive if value >= 0 else negative}"


def _frame_said(prepared: Prepared, placed: list[Event], frame: str) -> tuple[str, list[Event]]:
    """How the map picture is framed (``frame`` as images.parse_frame gives it), and the events inside."""
    if frame == "world":
        return "The map shows the whole world.", placed
    if frame == "auto":
        points = [p for e in placed if (p := prepared.placements.get(e.id)) is not None]
        if not points:
            return "The map shows the whole world.", placed
        south, north = min(p.lat for p in points), max(p.lat for p in points)
        west, east = min(p.lon for p in points), max(p.lon for p in points)
        if max(east - west, 6) * 1.24 > 200:  # as map-picture.js's frameOf: wider than this is the world
            return "The map shows the whole world, as the events span it.", placed
        return (
            f"The map is framed on the events ({_degrees(round(south), 'N', 'S')} to {_degrees(round(north), 'N', 'S')}, "
            f"{_degrees(round(west), 'E', 'W')} to {_degrees(round(east), 'E', 'W')}) with a little room around them, "
            "and a small world map in the corner marks where that is.",
            placed,
        )
    south, west, north, east = (float(v) for v in frame.split(","))
    inside = [
        e
        for e in placed
        if (p := prepared.placements.get(e.id)) is not None and south <= p.lat <= north and west <= p.lon <= east
    ]
    said = (
        f"The map is framed on {_degrees(south, 'N', 'S')} to {_degrees(north, 'N', 'S')}, "
        f"{_degrees(west, 'E', 'W')} to {_degrees(east, 'E', 'W')}, with a small world map marking where that is"
    )
    outside = len(placed) - len(inside)
    if outside:
        said += f"; {outside} of the placed events {'lies' if outside == 1 else 'lie'} outside it and {'is' if outside == 1 else 'are'} not shown"
    return said + ".", inside


TITLE_MAX = 30  # attacks labelled with their title at most (map-picture.js)
DATE_MAX = 300  # the other events are dated only when the frame holds at most this many (map-picture.js)


def _labels_said(shown: list[Event]) -> str:
    attacks = [e for e in shown if e.category == "attack"]
    said = (
        "Each event is its own circle; circles that would overlap are spread on a ring, "
        "each with a thin line back to where it happened."
    )
    few = len(shown) <= DATE_MAX
    rest = "other events carry their date where it fits" if few else "other events are not labelled"
    if len(attacks) > TITLE_MAX:
        said += (
            f" The {TITLE_MAX} deadliest of the {len(attacks)} attacks are labelled with title and date "
            f"where they fit; {rest}."
        )
    elif attacks:
        named = _list([e.title for e in sorted(attacks, key=lambda e: (e.date.start, e.id))])
        said += (
            f" The {len(attacks)} attack{'s are' if len(attacks) != 1 else ' is'} labelled with title and date "
            f"(as precise as known){'' if few else ' where they fit'}: {named}; {rest}."
        )
    return said


def map_description(prepared: Prepared, frame: str = "auto") -> str:
    """The map picture's alt text; ``frame`` as images.parse_frame gives it."""
    dataset, placements = prepared.dataset, prepared.placements
    events = dataset.events
    placed = [e for e in events if placements.get(e.id)]
    framing, shown = _frame_said(prepared, placed, frame)
    by_country = Counter(code for e in placed for code in placements.get(e.id).country.split())  # type: ignore[union-attr]
    busiest = [f"{countries.name(code)} ({n})" for code, n in by_country.most_common(4)]
    approximate = sum(1 for e in placed if placements.get(e.id).precision != "venue")  # type: ignore[union-attr]
    parts = [
        f"Map of {len(placed)} of the {len(events)} events in “{dataset.settings.title}”"
        + (f", data as of {dataset.settings.data_as_of}." if dataset.settings.data_as_of else "."),
        f"Circles are coloured by category ({_categories(placed)}) and sized by deaths; hollow circles mark events whose deaths are unknown.",
    ]
    parts.append(framing)
    parts.append(_labels_said(shown))
    if busiest:
        parts.append(f"Most events are in {_list(busiest)}.")
    deadliest = _deadliest(shown)
    if deadliest:
        parts.append(f"The deadliest shown: {_list([_about(dataset, e) for e in deadliest])}.")
    if approximate:
        parts.append(
            f"{approximate} {'event is' if approximate == 1 else 'events are'} placed only approximately "
            "(at a city, region or country) and marked with dashed circles."
        )
    missing = len(events) - len(placed)
    if missing:
        parts.append(f"{missing} {'event has' if missing == 1 else 'events have'} no place on the map.")
    return " ".join(parts)


def timeline_description(prepared: Prepared, size: tuple[int, int] = (1920, 1080)) -> str:
    """The timeline picture's alt text, as the picture of ``size`` pixels shows it:
    its frame, what lies outside it, its size key and its labels."""
    from .chart import build_figure
    from .chartpicture import frame_of, outside_note, size_references
    from .images import ImageSize

    dataset = prepared.dataset
    events = dataset.events
    if not events:
        return f"Timeline of “{dataset.settings.title}”: no events."
    first = min(e.date.start for e in events)
    last = max(e.last_day for e in events)
    lanes = categories_for([e.category for e in events])
    frame = frame_of(dataset)
    hidden = set(frame.before) | set(frame.after)
    shown = [e for i, e in enumerate(events) if i not in hidden]
    parts = [
        f"Timeline of the {len(events)} events in “{dataset.settings.title}”, one row per category "
        f"({_categories(events)}).",
    ]
    if hidden or frame.eras_before or frame.eras_after:
        outside = [t for t in (outside_note(dataset, frame, "before"), outside_note(dataset, frame, "after")) if t]
        parts.append(
            f"The table runs from {first.year} to {last.year}; the picture shows {frame.start.year} to "
            f"{frame.end.year}, where most events and every attack are. {'. '.join(outside)}."
        )
    else:
        parts.append(f"It runs from {first.year} to {last.year}.")
    refs = size_references(events)
    key = f" (the key shows {_list([f'{n:,}' for n in refs])} deaths)" if refs else ""
    parts.append(
        f"Circles are sized by deaths{key}, hollow where unknown; a bar shows the month or year an event is "
        "known only to, or how long it lasted."
    )
    layout = build_figure(dataset, size=ImageSize(*size).css)["layout"]
    labels = [a["text"] for a in layout["annotations"] if a.get("name", "").startswith("label:")]
    by_id = {e.id: e for e in events}
    labelled = [
        by_id[a["name"][len("label:") :]] for a in layout["annotations"] if a.get("name", "").startswith("label:")
    ]
    if labels:
        attacks = sum(1 for e in shown if e.category == "attack")
        which = (
            "The attacks are"
            if len(labels) == attacks
            else f"{len(labels)} of the {attacks} attacks {'is' if len(labels) == 1 else 'are'}"
        )
        parts.append(f"{which} labelled with place (or title) and date: {_list([label_of(e) for e in labelled])}.")
    deadliest = _deadliest(shown)
    if deadliest:
        parts.append(f"The deadliest: {_list([_about(dataset, e) for e in deadliest])}.")
    disputed = [f"{e.title} ({claims.said(dataset, e, 'killed')})" for e in shown if dataset.reported_killed(e)]
    if disputed:
        parts.append(f"Sources disagree on the deaths of {_list(disputed)}; a ring shows the highest figure.")
    eras = [era for era in dataset.eras if era not in frame.eras_before and era not in frame.eras_after]
    if eras:
        parts.append(f"Shaded periods: {_list([era_text(era) for era in eras])}.")
    if len(lanes) > 1:
        busiest = Counter(e.date.start.year for e in events).most_common(1)[0]
        parts.append(f"The busiest year is {busiest[0]}, with {busiest[1]} events.")
    return " ".join(parts)


def markdown_text(text: str) -> str:
    """Text that a Markdown viewer shows as written: no HTML, links or emphasis made of it."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]#|])", r"\\\1", text)


def fenced(text: str) -> str:
    """``text`` in a fenced block: shown as written, and copied as written."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def images_markdown(prepared: Prepared, size: tuple[int, int], frame: str = "auto") -> str:
    """``images.md``: each picture with its alt text, ready to paste (``frame``: the map's)."""
    width, height = size
    return (
        f"# Pictures of “{markdown_text(prepared.dataset.settings.title)}”\n\n"
        f"Made by `timeline build --images` at {width}×{height} pixels. Paste the alt text with the picture.\n\n"
        f"## timeline.png, timeline.svg, timeline.pdf\n\n{fenced(timeline_description(prepared, size))}\n\n"
        f"## map.png, map.svg, map.pdf\n\n{fenced(map_description(prepared, frame))}\n"
    )


def locator_description(prepared: Prepared, event: Event, frame: str) -> str:
    """The alt text of the deck's locator map of ``event`` (an attack), framed
    on ``frame`` (``S,W,N,E``, images.locator_frame)."""
    dataset, placements = prepared.dataset, prepared.placements
    place = placements.get(event.id)
    south, west, north, east = (float(v) for v in frame.split(","))
    others = [
        e
        for e in dataset.events
        if e.id != event.id
        and (p := placements.get(e.id)) is not None
        and south <= p.lat <= north
        and west <= p.lon <= east
    ]
    where = place.name if place is not None and place.name else (event.place or "its place")
    said = (
        f"Locator map of {event.title}, {claims.when(dataset, event)}, at {where}: the map shows at least "
        f"{_degrees(south, 'N', 'S')} to {_degrees(north, 'N', 'S')}, {_degrees(west, 'E', 'W')} to "
        f"{_degrees(east, 'E', 'W')}, with a small world map marking where that is."
    )
    if others:
        said += (
            f" {len(others)} other {'event is' if len(others) == 1 else 'events are'} in the frame, drawn paler: "
            f"{_list([e.title for e in sorted(others, key=lambda e: (e.date.start, e.id))])}."
        )
    return said
