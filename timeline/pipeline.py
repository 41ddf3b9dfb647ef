"""From an events table to the three pages: load → place → present → render → write.

A build is one transaction (``atomic.Transaction``): builds into one folder
take turns, from the first read to the last write; every file (the pages,
the embeds, and with ``images`` the pictures, drawn from this build's own
map page, their alt text and the deck) is written into a staging folder
beside the target, read back, and put in place in one step. A build that
fails, or is killed, leaves the folder as it was. Every file carries the
build's id (``stamp``).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import atomic, claims, embed, inputs, language, stamp
from . import cache as kept
from .chart import build_figure, geometry
from .csvfile import READ_AS_FOUND, CsvOptions
from .datablock import data_block, encode
from .errors import InvalidInputError, Problem
from .geocode import place_events
from .language import current as current_language
from .language import use as use_language
from .load import load, strict_problems
from .mapview import map_parts
from .model import Dataset, Event, Placements, Prepared, Progress, Unplaced
from .page import PageParts, render_pages
from .parallel import InChild
from .placescache import PlacesCache
from .review import review_problems

if TYPE_CHECKING:
    from .images import ImageSize

OUTPUT_FILES = ("index.html", "map.html", "timeline.html")
EMBED_FILES = embed.FILES
# What --images adds (images.PICTURE_FILES, named here so a build without it need not import it).
PICTURE_FILES = (
    "timeline.png",
    "timeline.svg",
    "timeline.pdf",
    "map.png",
    "map.svg",
    "map.pdf",
    "images.md",
    "briefing.pptx",
    "briefing.pdf",
)
ALL_FILES = (*OUTPUT_FILES, *EMBED_FILES, *PICTURE_FILES)


@dataclass
class BuildReport:
    events_path: Path
    events: int
    placed: int
    unplaced: list[Unplaced]
    without_place: list[Event]
    warnings: list[Problem]  # the table's (Dataset.warnings), then one per event whose place could not be placed
    reviews: list[Problem] = field(default_factory=list)  # one per place text placed by an unreviewed guess
    areas: int = 0  # events whose place spans several countries (places.csv), not drawn
    to_review: int = 0  # events placed by a guess no one has reviewed (status "review")
    looked_up_online: int = 0
    added_to_cache: int = 0
    files: dict[str, int] = field(default_factory=dict)  # written file -> bytes
    build_id: str = ""  # carried by every file written (``stamp``)
    removed: list[str] = field(default_factory=list)  # an earlier build's files this one does not make
    seconds: float = 0.0
    prepared: Prepared | None = field(default=None, repr=False)  # for drawing the pictures next


@contextmanager
def without_gc_pauses():
    """Python's cycle collector paused for the duration. A build makes millions
    of small objects and next to no reference cycles, and the collector would
    scan them again and again: a third of the reading time at 200,000 events,
    for nothing. Reference counting still frees everything as usual. Used
    around ``build``'s whole making and writing of the files, and on the
    importers (as a decorator: ``@without_gc_pauses()``).

    On leaving, everything made meanwhile is counted as old (``gc.freeze``
    then ``gc.unfreeze``: the oldest generation), as it would have become had
    the collector run: else the collector's first pass after the pause would
    go over all of it at once (6 s after a million events' build) to free
    nothing. It is still looked at by the rare full collections."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def prepare(
    events_path: Path | str,
    *,
    places_path: Path | str | None = None,
    sources_path: Path | str | None = None,
    citations_path: Path | str | None = None,
    settings_path: Path | str | None = None,
    eras_path: Path | str | None = None,
    story_path: Path | str | None = None,
    options: CsvOptions = READ_AS_FOUND,
    online=None,
    strict: bool = False,
    progress: Progress | None = None,
) -> Prepared:
    """Read and place a table. Raises ``InvalidInputError`` on bad input, and
    with ``strict`` also for events without a citation or a place found."""
    dataset = load(
        events_path,
        sources_path=sources_path,
        citations_path=citations_path,
        settings_path=settings_path,
        eras_path=eras_path,
        story_path=story_path,
        options=options,
    )
    return place(dataset, places_path=places_path, options=options, online=online, strict=strict, progress=progress)


def place(
    dataset: Dataset,
    *,
    places_path: Path | str | None = None,
    options: CsvOptions = READ_AS_FOUND,
    online=None,
    strict: bool = False,
    progress: Progress | None = None,
) -> Prepared:
    """Place the events of a table read by ``load``, with the places cache
    (default: ``places.csv`` beside the events table); as ``prepare``."""
    # A workbook's places sheet is read first; what a build adds goes to
    # places.csv beside it (created if need be): a workbook is never written.
    book = getattr(dataset.events_path, "book", None)
    if places_path is None:
        places_path = (book.path if book else Path(dataset.events_path)).parent / "places.csv"
    cache = PlacesCache.load(places_path, options, sheet=book.sheet("places") if book else None)
    placements = place_events(dataset.events, cache, online=online, progress=progress)
    if strict:
        problems = (
            strict_problems(dataset) + unplaced_problems(dataset, placements) + review_problems(dataset, placements)
        )
        if problems:
            raise InvalidInputError(sorted(problems, key=lambda p: (p.path, p.line or 0)))
    return Prepared(dataset, placements, cache)


def unplaced_problems(dataset: Dataset, placements: Placements) -> list[Problem]:
    path = dataset.events_path
    return [Problem.at(path, u.event.line, "place", u.event.place, u.reason, u.fix) for u in placements.unplaced]


def render(prepared: Prepared, figure: Callable[[], dict] | None = None) -> dict[str, str]:
    """File name -> HTML for the three pages. ``figure`` gives the pages'
    timeline figure when it is being made elsewhere (``build`` makes it on a
    second CPU); by default it is made here."""

    dataset, placements = prepared.dataset, prepared.placements
    block = data_block(dataset, placements)
    # Compressing the block takes seconds for a big table, and zlib lets go
    # of the interpreter while it works: the map and the figure are made meanwhile.
    with ThreadPoolExecutor(1) as pool:
        encoded = pool.submit(encode, block)
        header, body, script = map_parts()
        parts = PageParts(
            data=block,
            map_header=header,
            map_body=body,
            map_script=script,
            figure=figure() if figure is not None else page_figure(dataset),
        )
        return render_pages(parts, encoded.result())


def page_figure(dataset: Dataset) -> dict:
    """The pages' timeline figure: its points are made by the page, from the data block."""

    return build_figure(dataset, points=False)


def from_table_alone(dataset: Dataset):
    """What needs only the table, not the places, given as it is made (in the
    child, each piece is sent as soon as it is made, so the build draws its
    pages with the figure while the embeds are made): the pages' figure, then the embeds as UTF-8
    pieces (``embed.embed_files``), not as text at two bytes a character or
    more, nor joined (the two timeline files share the figure's JSON)."""
    # The first process writes the cache, and says if it cannot. (Not held
    # across a yield: where the work is done in the build's own process, the
    # build goes on between the two.)
    with kept.reading_only():
        figure = page_figure(dataset)
    yield figure
    del figure
    with kept.reading_only():
        files = embed.embed_files(dataset, build_figure(dataset, hover=True))
    yield files


def build(
    events_path: Path | str = "seeds/events.csv",
    out: Path | str = "output",
    *,
    online=None,
    strict: bool = False,
    progress: Progress | None = None,
    images: ImageSize | None = None,
    timings: dict[str, float] | None = None,
    language: str | None = None,
    **paths: Path | str | None,
) -> BuildReport:
    """Build ``index.html``, ``map.html``, ``timeline.html`` and ``embed/`` into
    ``out``; with ``images`` (an ``images.ImageSize``) the pictures, their alt
    text and the deck too. All of them or nothing: see the module's text.
    ``progress(label, done, total)`` hears how far each step has got;
    ``timings`` receives the seconds each picture took. ``language`` (``en``,
    ``ru``, ``fa``: ``timeline.language.shipped()``) is the pages', pictures'
    and deck's own words, dates and direction, over ``timeline.toml``'s."""
    if language is not None:
        from .language import load as load_language

        load_language(language)  # a language with no catalogue: say so before anything is done
    started = time.perf_counter()
    if images is not None:
        from .images import find_chromium

        find_chromium()  # no browser: say so before anything is done

    def step(label: str, done: int, total: int) -> None:
        if progress is not None:
            progress(label, done, total)

    # The build's language (set once its settings are read) is in use only
    # for the build: a notebook's next call is in the language it was in.
    before = current_language()
    try:
        # The collector paused from the first read to the last write (see without_gc_pauses).
        with without_gc_pauses(), atomic.Transaction(out, ALL_FILES) as transaction, inputs.watching() as read:
            try:
                prepared, files = _make_files(events_path, online, strict, step, paths, language)
            except InvalidInputError:
                # A table caught half written reads as broken: give a writer a
                # moment, and if it carried on, say what happened instead.
                time.sleep(inputs.SETTLE)
                inputs.check_unchanged(read)
                raise
            build_id = _write_stamped(transaction, files, step)
            if images is not None:
                from .images import picture_files

                step("drawing the pictures", 0, 1)
                pictures = picture_files(prepared, transaction.path("map.html"), images, timings)
                for name, data in pictures.items():
                    transaction.write(name, stamp.stamp(name, data, build_id))
                step("drawing the pictures", 1, 1)
            # The places cache is the one input builds write: --online appends to
            # it, this build's or another's at the same time (under its lock, never
            # rewriting a row), so its growing says nothing about this build.
            written = {prepared.cache.path} if prepared.cache.path else set()
            inputs.check_unchanged(read, except_for=written)
            transaction.commit()
    finally:
        use_language(before)
    return BuildReport(
        events_path=Path(events_path),
        events=len(prepared.dataset.events),
        placed=len(prepared.placements.places),
        unplaced=prepared.placements.unplaced,
        warnings=prepared.dataset.warnings + unplaced_problems(prepared.dataset, prepared.placements),
        reviews=review_problems(prepared.dataset, prepared.placements),
        to_review=prepared.placements.to_review,
        without_place=prepared.without_place,
        areas=len(prepared.placements.areas),
        looked_up_online=prepared.placements.looked_up_online,
        added_to_cache=len(prepared.cache.added),
        files={name: written.size for name, written in transaction.written.items()},
        build_id=build_id,
        removed=transaction.removed,
        seconds=time.perf_counter() - started,
        prepared=prepared,
    )


def _write_stamped(transaction: atomic.Transaction, files: dict, step: Callable[[str, int, int], None]) -> str:
    """Write ``files`` (emptying it), each stamped with the build id, and give
    the id. The id, a hash of all of them (a second at a million events), is
    worked out on a second thread while they are written with a placeholder
    where it goes (``stamp.stamp_later``), then written over it."""
    total, done = len(files), 0
    later: dict[str, int] = {}
    with ThreadPoolExecutor(1) as pool:
        working_out = pool.submit(stamp.build_id, dict(files))
        for name in list(files):
            placed = stamp.stamp_later(name, files[name])
            if placed is not None:
                # Each file let go once written and hashed: a million events'
                # pages are the best part of a gigabyte.
                pieces, later[name] = placed
                del files[name]
                transaction.write(name, pieces)
                del pieces
                done += 1
                step("writing", done, total)
        build_id = working_out.result()
    for name, at in later.items():
        transaction.patch(name, at, build_id.encode("ascii"))
    for name in list(files):  # those whose id cannot be written later
        transaction.write(name, stamp.stamp_pieces(name, files.pop(name), build_id))
        done += 1
        step("writing", done, total)
    return build_id


def _make_files(
    events_path, online, strict, step, paths: dict, reading_language: str | None = None
) -> tuple[Prepared, dict[str, bytes | list[bytes]]]:
    """Read, place and render: the table placed, and file name -> bytes (or
    bytes in pieces, ``atomic.Pieces``) for the pages and the embeds."""
    read = False

    def placing(label: str, done: int, total: int) -> None:
        nonlocal read
        if not read:  # the table has been read once places are being looked up
            step("reading the table", 1, 1)
            read = True
        step(label, done, total)

    step("reading the table", 0, 1)
    tables = dict(paths)
    places_path = tables.pop("places_path", None)
    options = tables.pop("options", READ_AS_FOUND)
    # The cycle collector is paused by build() around this and the write; the
    # library's own functions (load, place, render), called from a notebook,
    # leave it alone.
    dataset = load(events_path, options=options, **tables)
    # Labels made from here on are in the reader's language.
    language.use(reading_language or dataset.settings.language)
    # What the claims state beyond each value's label, and where each event
    # goes on the timeline, worked out once for both processes: the data
    # block needs them, and so do the figures and the embed's hover text.
    claims.state_all(dataset)
    geometry(dataset)
    # The figure and the embeds need only the table: on a second CPU they
    # are made while the events are placed and the data block is made.
    with InChild(lambda: from_table_alone(dataset), pieces=2) as alone:
        prepared = place(
            dataset, places_path=places_path, options=options, online=online, strict=strict, progress=placing
        )
        step("drawing the pages", 0, 2)
        pages = render(prepared, lambda: alone.result(0))
        step("drawing the pages", 1, 2)
        # Each page's text let go once it is encoded, not all held twice over.
        files: dict[str, bytes | list[bytes]] = {name: pages.pop(name).encode("utf-8") for name in OUTPUT_FILES}
        del pages
        files.update(alone.result(1))
    step("drawing the pages", 2, 2)
    return prepared, {name: files[name] for name in (*OUTPUT_FILES, *EMBED_FILES)}
