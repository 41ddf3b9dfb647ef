"""Alt text for the pictures: a paragraph describing each, written from the data.

A picture pasted into slides or a report loses the page around it; these
descriptions go beside it (``images.md``) and into the deck's pictures.

In the reader's language (``language.current()``): our sentences from the
catalogue, counts and years in its digits, lists joined as CLDR joins them,
country names as CLDR names them; table text (titles, places, the sources'
figures) inside our sentences isolated (``bidi.isolate``), never translated.
"""

from __future__ import annotations

import re
from collections import Counter

from . import claims, countries, language
from .chartpicture import count, era_text, label_of, table
from .language import _, ngettext
from .model import Dataset, Event, Prepared
from .style import categories_for


def _list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    lang = language.current()
    if not lang.english:
        from babel.lists import format_list

        return format_list(items, locale=lang.locale)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentences(parts: list[str]) -> str:
    """Sentences one after another; one full stop where a sentence ends on a
    date's own ("2024 г." then ".")."""
    return " ".join(p[:-1] if p.endswith("..") and not p.endswith("...") else p for p in parts)


def _n(n: int) -> str:
    return count(n)


def _year(year: int) -> str:
    return language.current().date(year)


def _country(code: str) -> str:
    """A country's name: CLDR's in the reader's language, else GeoNames' (English)."""
    lang = language.current()
    if not lang.english:
        found = lang.locale.territories.get(code.upper())
        if found:
            return found
    return countries.name(code)


def _deadliest(events: list[Event], n: int = 3) -> list[Event]:
    known = [e for e in events if e.killed is not None and e.killed.low > 0]
    return sorted(known, key=lambda e: (-e.killed.low, e.date.start))[:n]  # type: ignore[union-attr]


def _about(dataset: Dataset, e: Event) -> str:
    place = claims.said(dataset, e, "place")
    killed = table(str(claims.said(dataset, e, "killed")))
    when, title = claims.when(dataset, e), table(e.title)
    if place:
        return _("{title} ({when}, {place}; killed: {killed})").format(
            title=title, when=when, place=table(place), killed=killed
        )
    return _("{title} ({when}; killed: {killed})").format(title=title, when=when, killed=killed)


def _categories(events: list[Event]) -> str:
    counts = Counter(e.category for e in events)
    return _list([f"{table(c.label.lower())} {_n(counts[c.id])}" for c in categories_for([e.category for e in events])])


def _latitude(value: float) -> str:
    degrees = language.current().digits(f"{abs(value):g}")
    return (_("{degrees}°N") if value >= 0 else _("{degrees}°S")).format(degrees=degrees)


def _longitude(value: float) -> str:
    degrees = language.current().digits(f"{abs(value):g}")
    return (_("{degrees}°E") if value >= 0 else _("{degrees}°W")).format(degrees=degrees)


def _frame_said(prepared: Prepared, placed: list[Event], frame: str) -> tuple[str, list[Event]]:
    """How the map picture is framed (``frame`` as images.parse_frame gives it), and the events inside."""
    if frame == "world":
        return _("The map shows the whole world."), placed
    if frame == "auto":
        points = [p for e in placed if (p := prepared.placements.get(e.id)) is not None]
        if not points:
            return _("The map shows the whole world."), placed
        south, north = min(p.lat for p in points), max(p.lat for p in points)
        west, east = min(p.lon for p in points), max(p.lon for p in points)
        if max(east - west, 6) * 1.24 > 200:  # as map-picture.js's frameOf: wider than this is the world
            return _("The map shows the whole world, as the events span it."), placed
        return (
            _(
                "The map is framed on the events ({south} to {north}, {west} to {east}) with a little room "
                "around them, and a small world map in the corner marks where that is."
            ).format(
                south=_latitude(round(south)),
                north=_latitude(round(north)),
                west=_longitude(round(west)),
                east=_longitude(round(east)),
            ),
            placed,
        )
    south, west, north, east = (float(v) for v in frame.split(","))
    inside = [
        e
        for e in placed
        if (p := prepared.placements.get(e.id)) is not None and south <= p.lat <= north and west <= p.lon <= east
    ]
    said = _(
        "The map is framed on {south} to {north}, {west} to {east}, with a small world map marking where that is"
    ).format(south=_latitude(south), north=_latitude(north), west=_longitude(west), east=_longitude(east))
    outside = len(placed) - len(inside)
    if outside:
        said += ngettext(
            "; {n} of the placed events lies outside it and is not shown",
            "; {n} of the placed events lie outside it and are not shown",
            outside,
        ).format(n=_n(outside))
    return said + ".", inside


TITLE_MAX = 30  # attacks labelled with their title at most (map-picture.js)
DATE_MAX = 300  # the other events are dated only when the frame holds at most this many (map-picture.js)


def _labels_said(shown: list[Event]) -> str:
    attacks = [e for e in shown if e.category == "attack"]
    said = _(
        "Each event is its own circle; circles that would overlap are spread on a ring, "
        "each with a thin line back to where it happened."
    )
    few = len(shown) <= DATE_MAX
    rest = _("other events carry their date where it fits") if few else _("other events are not labelled")
    if len(attacks) > TITLE_MAX:
        said += " " + _(
            "The {most} deadliest of the {n} attacks are labelled with title and date where they fit; {rest}."
        ).format(most=_n(TITLE_MAX), n=_n(len(attacks)), rest=rest)
    elif attacks:
        named = _list([table(e.title) for e in sorted(attacks, key=lambda e: (e.date.start, e.id))])
        if few:
            labelled = ngettext(
                "The {n} attack is labelled with title and date (as precise as known): {titles}; {rest}.",
                "The {n} attacks are labelled with title and date (as precise as known): {titles}; {rest}.",
                len(attacks),
            )
        else:
            labelled = ngettext(
                "The {n} attack is labelled with title and date (as precise as known) where they fit: "
                "{titles}; {rest}.",
                "The {n} attacks are labelled with title and date (as precise as known) where they fit: "
                "{titles}; {rest}.",
                len(attacks),
            )
        said += " " + labelled.format(n=_n(len(attacks)), titles=named, rest=rest)
    return said


def map_description(prepared: Prepared, frame: str = "auto") -> str:
    """The map picture's alt text; ``frame`` as images.parse_frame gives it."""
    dataset, placements = prepared.dataset, prepared.placements
    events = dataset.events
    placed = [e for e in events if placements.get(e.id)]
    framing, shown = _frame_said(prepared, placed, frame)
    by_country = Counter(code for e in placed for code in placements.get(e.id).country.split())  # type: ignore[union-attr]
    busiest = [f"{_country(code)} ({_n(n)})" for code, n in by_country.most_common(4)]
    approximate = sum(1 for e in placed if placements.get(e.id).precision != "venue")  # type: ignore[union-attr]
    title, as_of = table(dataset.settings.title), dataset.settings.data_as_of
    counts = {"placed": _n(len(placed)), "total": _n(len(events)), "title": title}
    parts = [
        _("Map of {placed} of the {total} events in “{title}”, data as of {date}.").format(**counts, date=table(as_of))
        if as_of
        else _("Map of {placed} of the {total} events in “{title}”.").format(**counts),
        _(
            "Circles are coloured by category ({categories}) and sized by deaths; hollow circles mark events "
            "whose deaths are unknown."
        ).format(categories=_categories(placed)),
    ]
    parts.append(framing)
    parts.append(_labels_said(shown))
    if busiest:
        parts.append(_("Most events are in {countries}.").format(countries=_list(busiest)))
    deadliest = _deadliest(shown)
    if deadliest:
        parts.append(_("The deadliest shown: {events}.").format(events=_list([_about(dataset, e) for e in deadliest])))
    if approximate:
        parts.append(
            ngettext(
                "{n} event is placed only approximately (at a city, region or country) and marked with dashed circles.",
                "{n} events are placed only approximately (at a city, region or country) and marked with dashed "
                "circles.",
                approximate,
            ).format(n=_n(approximate))
        )
    missing = len(events) - len(placed)
    if missing:
        parts.append(
            ngettext("{n} event has no place on the map.", "{n} events have no place on the map.", missing).format(
                n=_n(missing)
            )
        )
    return _sentences(parts)


def timeline_description(prepared: Prepared, size: tuple[int, int] = (1920, 1080)) -> str:
    """The timeline picture's alt text, as the picture of ``size`` pixels shows it:
    its frame, what lies outside it, its size key and its labels."""
    from .chart import build_figure
    from .chartpicture import frame_of, outside_note, size_references
    from .images import ImageSize

    dataset = prepared.dataset
    events = dataset.events
    title = table(dataset.settings.title)
    if not events:
        return _("Timeline of “{title}”: no events.").format(title=title)
    first = min(e.date.start for e in events)
    last = max(e.last_day for e in events)
    lanes = categories_for([e.category for e in events])
    frame = frame_of(dataset)
    hidden = set(frame.before) | set(frame.after)
    shown = [e for i, e in enumerate(events) if i not in hidden]
    parts = [
        ngettext(
            "Timeline of the {n} event in “{title}”, one row per category ({categories}).",
            "Timeline of the {n} events in “{title}”, one row per category ({categories}).",
            len(events),
        ).format(n=_n(len(events)), title=title, categories=_categories(events)),
    ]
    if hidden or frame.eras_before or frame.eras_after:
        outside = [t for t in (outside_note(dataset, frame, "before"), outside_note(dataset, frame, "after")) if t]
        parts.append(
            _(
                "The table runs from {first} to {last}; the picture shows {start} to {end}, where most events "
                "and every attack are. {outside}."
            ).format(
                first=_year(first.year),
                last=_year(last.year),
                start=_year(frame.start.year),
                end=_year(frame.end.year),
                outside=". ".join(outside),
            )
        )
    else:
        parts.append(_("It runs from {first} to {last}.").format(first=_year(first.year), last=_year(last.year)))
    refs = size_references(events)
    sizes = (
        _(
            "Circles are sized by deaths (the key shows {sizes} deaths), hollow where unknown; a bar shows the "
            "month or year an event is known only to, or how long it lasted."
        ).format(sizes=_list([language.current().whole(n) for n in refs]))
        if refs
        else _(
            "Circles are sized by deaths, hollow where unknown; a bar shows the month or year an event is known "
            "only to, or how long it lasted."
        )
    )
    parts.append(sizes)
    layout = build_figure(dataset, size=ImageSize(*size).css)["layout"]
    labels = [a["text"] for a in layout["annotations"] if a.get("name", "").startswith("label:")]
    by_id = {e.id: e for e in events}
    labelled = [
        by_id[a["name"][len("label:") :]] for a in layout["annotations"] if a.get("name", "").startswith("label:")
    ]
    if labels:
        attacks = sum(1 for e in shown if e.category == "attack")
        named = _list([label_of(e) for e in labelled])
        if len(labels) == attacks:
            said = _("The attacks are labelled with place (or title) and date: {labels}.")
        else:
            said = ngettext(
                "{n} of the {total} attacks is labelled with place (or title) and date: {labels}.",
                "{n} of the {total} attacks are labelled with place (or title) and date: {labels}.",
                len(labels),
            )
        parts.append(said.format(n=_n(len(labels)), total=_n(attacks), labels=named))
    deadliest = _deadliest(shown)
    if deadliest:
        parts.append(_("The deadliest: {events}.").format(events=_list([_about(dataset, e) for e in deadliest])))
    disputed = [
        f"{table(e.title)} ({table(str(claims.said(dataset, e, 'killed')))})"
        for e in shown
        if dataset.reported_killed(e)
    ]
    if disputed:
        parts.append(
            _("Sources disagree on the deaths of {events}; a ring shows the highest figure.").format(
                events=_list(disputed)
            )
        )
    eras = [era for era in dataset.eras if era not in frame.eras_before and era not in frame.eras_after]
    if eras:
        parts.append(_("Shaded periods: {periods}.").format(periods=_list([era_text(era) for era in eras])))
    if len(lanes) > 1:
        year, n = Counter(e.date.start.year for e in events).most_common(1)[0]
        parts.append(
            ngettext(
                "The busiest year is {year}, with {n} event.", "The busiest year is {year}, with {n} events.", n
            ).format(year=_year(year), n=_n(n))
        )
    return _sentences(parts)


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
    heading = _("Pictures of “{title}”").format(title=markdown_text(table(prepared.dataset.settings.title)))
    made = _("Made by {command} at {width}×{height} pixels. Paste the alt text with the picture.").format(
        command="`timeline build --images`",
        width=language.current().digits(str(width)),
        height=language.current().digits(str(height)),
    )
    return (
        f"# {heading}\n\n{made}\n\n"
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
    named = place.name if place is not None and place.name else event.place
    said = _(
        "Locator map of {title}, {when}, at {place}: the map shows at least {south} to {north}, {west} to {east}, "
        "with a small world map marking where that is."
    ).format(
        title=table(event.title),
        when=claims.when(dataset, event),
        place=table(named) if named else _("its place"),
        south=_latitude(south),
        north=_latitude(north),
        west=_longitude(west),
        east=_longitude(east),
    )
    if others:
        titles = _list([table(e.title) for e in sorted(others, key=lambda e: (e.date.start, e.id))])
        said += " " + ngettext(
            "{n} other event is in the frame, drawn paler: {titles}.",
            "{n} other events are in the frame, drawn paler: {titles}.",
            len(others),
        ).format(n=_n(len(others)), titles=titles)
    return said
