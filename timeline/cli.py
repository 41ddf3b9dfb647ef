"""The ``timeline`` command: a thin layer over the library.

It parses options, calls ``timeline.build`` or ``timeline.prepare``, and
prints what happened. Problems in the input are printed one per line as
``PATH:LINE: column 'x': value 'y' — what is wrong; how to fix``, and the
command exits with status 1 without writing anything. Things read but worth
saying (an encoding guessed) are printed as ``note: ...`` lines.
"""

from __future__ import annotations

import codecs
import functools
import logging
import os
import sys
import time
from pathlib import Path

import click

from . import __version__, atomic
from .bidi import isolate
from .csvfile import CsvOptions
from .errors import (
    MAX_SHOWN,
    InvalidInputError,
    Problem,
    TimelineError,
    counted,
    isolate_quoted,
    printable,
    problem_lines,
)
from .frame import parse_frame
from .images import ImageSize
from .importers import IMPORTERS
from .language import shipped as shipped_languages
from .online import Nominatim, NominatimAddressError
from .pipeline import build as run_build
from .pipeline import prepare, unplaced_problems
from .project import init as start_project
from .review import accept as accept_guesses
from .review import report_csv, report_rows, review_problems

DEFAULT_EVENTS = Path("seeds") / "events.csv"
NOMINATIM_ENV = "TIMELINE_NOMINATIM_URL"
DELIMITER_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t"}


def _fail(err: TimelineError, *, online: bool = False) -> None:
    if isinstance(err, InvalidInputError):
        written = (
            "no output was written (places found online, if any, were kept in the places cache)"
            if online
            else "nothing was written"
        )
        *lines, last = problem_lines(err.problems, written)
        for line in lines:
            click.echo(line, err=True)
        raise click.ClickException(last)
    raise click.ClickException(isolate_quoted(printable(str(err))))


def _shown(text: str) -> str:
    """A path or name as a line shows it: nothing hidden (``printable``), and
    isolated if it holds right-to-left letters (``bidi.isolate``)."""
    return isolate(printable(text))


def _frame(value: str) -> str:
    """--frame's value as the map page reads it (see frame.parse_frame)."""
    try:
        return parse_frame(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def _say(kind: str, problems: list[Problem], *, all_with: str = "") -> None:
    """Print ``problems`` as ``kind: ...`` lines; with ``all_with`` (the command
    that lists them all), only the first MAX_SHOWN, and how many more there are."""
    shown = problems[:MAX_SHOWN] if all_with else problems
    for problem in shown:
        click.echo(f"{kind}: {problem}", err=True)
    if len(shown) < len(problems):
        click.echo(
            f"... and {len(problems) - len(shown):,} more {kind}s like these; {all_with} lists them all", err=True
        )


def _size(n: int) -> str:
    if n >= 100_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1000:.0f} KB" if n >= 1000 else f"{n} bytes"


def _online_geocoder():
    """Nominatim, at the address in $TIMELINE_NOMINATIM_URL if set (for a local server)."""
    url = os.environ.get(NOMINATIM_ENV)
    try:
        return Nominatim(url) if url else Nominatim()
    except NominatimAddressError as err:
        raise NominatimAddressError(f"{NOMINATIM_ENV}: {err}") from err


def input_options(command):
    """EVENTS_CSV, the companion files, and how to read them; passed on as ``inputs``."""
    table = click.Path(path_type=Path)  # a folder, a pipe: refused by the loader in one line

    @click.argument("events_csv", required=False, default=str(DEFAULT_EVENTS), type=table)
    @click.option(
        "--places",
        type=table,
        help="Places cache. Default: places.csv beside EVENTS_CSV (for a workbook: its places sheet, then that file).",
    )
    @click.option("--sources", type=table, help="Sources table. Default: sources.csv beside EVENTS_CSV, if any.")
    @click.option("--citations", type=table, help="Citations table. Default: citations.csv beside EVENTS_CSV, if any.")
    @click.option(
        "--encoding",
        help="Encoding of the CSV files (e.g. cp1252, latin-1, utf-16). Default: found out, and said when not UTF-8.",
    )
    @click.option(
        "--delimiter",
        type=click.Choice(sorted(DELIMITER_NAMES)),
        help="What separates the columns. Default: found out from the header, and said when not commas.",
    )
    @functools.wraps(command)
    def wrapper(events_csv, places, sources, citations, encoding, delimiter, **kwargs):
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise click.BadParameter(
                    f"'{printable(encoding)}' is not an encoding Python knows; try utf-8, cp1252 or latin-1"
                ) from None
        inputs = {
            "places_path": places,
            "sources_path": sources,
            "citations_path": citations,
            "options": CsvOptions(encoding, DELIMITER_NAMES.get(delimiter or "")),
        }
        return command(events_csv=events_csv, inputs=inputs, **kwargs)

    return wrapper


class ProgressBars:
    """Progress bars on standard error for a build that runs longer than a
    second: one bar per step (``progress(label, done, total)``), from the
    moment the second has passed. Nothing when standard error is not a
    terminal, so logs and pipes stay clean."""

    def __init__(self, delay: float = 1.0, file=None):
        self.file = file if file is not None else sys.stderr
        self.delay = delay
        self.started = time.monotonic()
        self.label: str | None = None
        self.bar = None
        self.shown = 0

    def __call__(self, label: str, done: int, total: int) -> None:
        if label != self.label:
            self.close()
            self.label = label
        if self.bar is None:
            if time.monotonic() - self.started < self.delay or not self.file.isatty():
                return
            self.bar = click.progressbar(length=total, label=label, file=self.file)
            self.bar.__enter__()
            self.shown = 0
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="timeline")
@click.option("-v", "--verbose", is_flag=True, help="Log what is being done.")
def main(verbose: bool) -> None:
    """Turn a table of dated, placed events into an offline map, timeline and briefing page.

    \b
    timeline build                      build output/ from seeds/events.csv
    timeline build --images             ... with pictures and a slide deck
    timeline validate my-events.csv     check a table without writing anything
    timeline watch                      build, serve on 127.0.0.1, build again on every save
    timeline init my-project --xlsx     start a project: a workbook with example rows
    timeline import gtd gtd.csv         turn a GTD (or ACLED) export into tables to build
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    if not verbose:  # the picture browser's drivers: what goes wrong there is said in one line of our own
        for name in ("choreographer", "kaleido", "logistro"):
            logging.getLogger(name).setLevel(logging.ERROR)


def _language(_ctx, _param, value: str | None) -> str | None:
    if value is not None and value.strip() not in shipped_languages():
        raise click.BadParameter(
            f"'{value}' has no catalogue; use one of {', '.join(shipped_languages())}, "
            f"or add timeline/locales/{value.strip()}.po (README: Languages)"
        )
    return value.strip() if value else None


language_option = click.option(
    "--language",
    metavar="CODE",
    callback=_language,
    help="The pages', pictures' and deck's own words, dates and digits, and their direction: "
    f"{', '.join(shipped_languages())} (fa is laid out right to left). Default: timeline.toml's "
    "`language`, or en. The table's text is never translated.",
)


@main.command()
@input_options
@click.option(
    "--out",
    default="output",
    show_default=True,
    type=click.Path(path_type=Path),  # a file there is refused by the build, in one line
    help="Folder to write the pages into.",
)
@click.option(
    "--online",
    is_flag=True,
    help="Look up places not found offline on Nominatim (OpenStreetMap), one a second, and add them to the places "
    "cache as guesses to review. $TIMELINE_NOMINATIM_URL names another server.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on any warning: an event without a citation, a place that cannot be placed or is placed by a guess "
    "no one has reviewed, a category outside the vocabulary, or a figure, date, place or perpetrator no cited quote "
    "states and no citation marks derived.",
)
@click.option(
    "--images",
    is_flag=True,
    help="Also draw timeline.png/.svg/.pdf and map.png/.svg/.pdf, write their alt text (images.md), the deck (briefing.pptx) and the briefing page printed (briefing.pdf, A4). Needs Chromium.",
)
@click.option(
    "--width", default=1920, show_default=True, type=click.IntRange(320, 8000), help="Picture width in pixels."
)
@click.option(
    "--height", default=1080, show_default=True, type=click.IntRange(240, 8000), help="Picture height in pixels."
)
@click.option(
    "--scale",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.25, 4),
    help="Multiply the pictures' pixel density (2 for print).",
)
@click.option(
    "--frame",
    default="auto",
    show_default=True,
    callback=lambda _ctx, _param, value: _frame(value),
    help="With --images, what map.png/.svg/.pdf show: auto (the events, padded; a world locator when regional), world, "
    "a box S,W,N,E in degrees (25,35,60,80), or a place the offline gazetteer knows (Afghanistan).",
)
@language_option
def build(
    events_csv: Path,
    inputs: dict,
    out: Path,
    online: bool,
    strict: bool,
    images: bool,
    width: int,
    height: int,
    scale: float,
    frame: str,
    language: str | None,
) -> None:
    """Build index.html, map.html and timeline.html from EVENTS_CSV (default: seeds/events.csv).

    Companion files are read from the same folder when present: sources.csv,
    citations.csv, places.csv, eras.csv, story.csv and timeline.toml.
    EVENTS_CSV may also be a workbook (.xlsx, .xlsm, .ods) whose sheets
    events, sources, citations, places, eras and story are those tables
    (places found with --online go to places.csv beside it), or a folder
    holding events.csv or one such workbook. Also writes embed/:
    the timeline as a fragment for pages that already load plotly.js and as a
    page of its own for an iframe, and iframe snippets. With --images, the pictures, the deck and the page printed (briefing.pdf) too. Without
    --online no network request is made.

    Each page is one file with its scripts inside, compressed; plotly.js is
    its basic bundle from node_modules/ (scripts/setup installs it with npm),
    or the full one for a WebGL timeline (500 events or more) or when the
    basic bundle is not installed (the build then says so).

    All or nothing: every file is written beside the output folder first and
    put in place in one step, so the folder holds this build's files or the
    previous build's; on bad input, a full disk, a failed browser or a kill,
    nothing changes. Builds into one folder take turns.
    """
    try:
        with ProgressBars() as progress:
            report = run_build(
                events_csv,
                out,
                online=_online_geocoder() if online else None,
                strict=strict,
                progress=progress,
                images=ImageSize(width, height, scale, frame) if images else None,
                language=language,
                **inputs,
            )
    except TimelineError as err:
        _fail(err, online=online)
        return
    assert report.prepared is not None
    every = f"`timeline validate {_shown(str(events_csv))}`"
    _say("note", report.prepared.dataset.notes, all_with=every)
    click.echo(f"Built {_shown(str(out))}/ from {_shown(str(events_csv))} in {report.seconds:.1f} s")
    click.echo(
        f"  {counted(report.events, 'event')}: {report.placed} on the map"
        + (f" ({report.to_review} to review)" if report.to_review else "")
        + f", {len(report.without_place)} with no place given, "
        + (f"{report.areas} spanning several countries (not drawn), " if report.areas else "")
        + f"{len(report.unplaced)} not placed"
    )
    for name, size in report.files.items():
        click.echo(f"  {_shown(str(out / name))}  {_size(size)}")
    if online:
        cache = "the places cache"
        if hasattr(report.prepared.dataset.events_path, "book"):  # a workbook, which builds never write
            cache = f"{_shown(str(report.prepared.cache.path))} (the workbook itself is never written)"
        click.echo(
            f"  looked up {counted(report.looked_up_online, 'place')} online; {report.added_to_cache} added to {cache}"
        )
    if report.removed:
        click.echo(
            f"  removed {', '.join(report.removed)}: an earlier build's, not made by this one"
            + ("" if images else " (--images draws them)")
        )
    _say("warning", report.warnings, all_with=every)
    _say("review", report.reviews, all_with=f"`timeline places {_shown(str(events_csv))}`")


@main.command()
@input_options
@click.option(
    "--out",
    default="output",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder to write the pages into, and to serve.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Port to serve on, on 127.0.0.1 (0: any free port). Default: 8000, or any free port if 8000 is in use.",
)
@click.option("--strict", is_flag=True, help="Fail on any warning, as `timeline build --strict` does.")
@click.option(
    "--images",
    is_flag=True,
    help="Also draw the pictures, the deck and briefing.pdf at each save (at the default size; seconds per build).",
)
@language_option
def watch(
    events_csv: Path, inputs: dict, out: Path, port: int | None, strict: bool, images: bool, language: str | None
) -> None:
    """Build as `timeline build` does, serve the output folder on 127.0.0.1, and
    build again on every save of EVENTS_CSV or its companion files. EVENTS_CSV
    may be a workbook (.xlsx, .xlsm, .ods) or a project folder, as for build.

    \b
    Prints the address to open; opens nothing itself. A page open there
    reloads itself after each good build, keeping its selection, filters and
    story step (they are in its URL). A failed build leaves the last good
    pages served, and its problems are printed here and shown on the page.
    The files written are the same as `timeline build` writes; the server
    adds its reload script to the pages it sends, never to the files.
    Ctrl-C (or SIGTERM) stops it, with exit status 0.
    """
    from .watch import Watch

    options = {"strict": strict, "images": ImageSize() if images else None, "language": language, **inputs}
    watcher = Watch(events_csv, out, port, options, say=click.echo, complain=lambda line: click.echo(line, err=True))
    try:
        watcher.run()
    except TimelineError as err:
        raise click.ClickException(isolate_quoted(printable(str(err)))) from None
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


@main.command()
@input_options
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on any warning: also require a citation for every event, a place found (and not a guess left "
    "to review) for every event that names one, categories from the vocabulary, and every figure, date, place and "
    "perpetrator quoted or marked derived.",
)
def validate(events_csv: Path, inputs: dict, strict: bool) -> None:
    """Check EVENTS_CSV and its companion files without writing anything (offline)."""
    try:
        prepared = prepare(events_csv, strict=strict, **inputs)
    except TimelineError as err:
        _fail(err)
        return
    dataset = prepared.dataset
    _say("note", dataset.notes)
    placements = prepared.placements
    _say("warning", dataset.warnings + unplaced_problems(dataset, placements))
    _say("review", review_problems(dataset, placements))
    click.echo(
        f"{_shown(str(events_csv))}: OK — {counted(len(dataset.events), 'event')}, "
        f"{counted(len(dataset.citations), 'citation')}, "
        f"{len(placements.places)} placed"
        + (f" ({placements.to_review} to review)" if placements.to_review else "")
        + (f", {len(placements.unplaced)} not placed" if placements.unplaced else "")
        + (" (strict)" if strict else "")
    )


@main.command()
@input_options
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this CSV file (all or nothing). Default: standard output.",
)
@click.option(
    "--online",
    is_flag=True,
    help="Look up places not found offline on Nominatim, as `build --online` does (adds them to the places cache).",
)
@click.option(
    "--accept",
    is_flag=True,
    help="Record every placement marked 'review' in the places cache as reviewed, as it was placed, so the "
    "next build takes it as settled. Rows already in the cache are never rewritten.",
)
def places(events_csv: Path, inputs: dict, out: Path | None, online: bool, accept: bool) -> None:
    """Report how each event of EVENTS_CSV is placed, one CSV row per event.

    \b
    Columns: event_id, place, lat, lon, precision (venue, city, region,
    country), country (ISO 3166 codes), method (explicit, cache, reviewed,
    gazetteer, admin1, airport, nominatim), status, candidates (what else the
    place text could mean) and note. Status is 'ok' (given, reviewed, or one
    clear match as precise as the text asks), 'review' (a guess: an ambiguous
    name, a part not found so placed coarser, an online result), 'unplaced',
    or blank for an event that names no place.

    Review the 'review' rows; correct any that are wrong in places.csv (or
    write the place more fully in the table); then --accept records the rest.
    """
    try:
        prepared = prepare(events_csv, online=_online_geocoder() if online else None, **inputs)
        rows = report_rows(prepared.dataset, prepared.placements)
        text = report_csv(rows)
        if out is not None:
            atomic.write_bytes(out, text.encode("utf-8"))
        accepted = accept_guesses(prepared.dataset, prepared.placements, prepared.cache) if accept else []
    except TimelineError as err:
        _fail(err, online=online)
        return
    if out is None:
        click.echo(text, nl=False)
    placements = prepared.placements
    summary = (
        f"{_shown(str(events_csv))}: {len(placements.places)} placed ({placements.to_review} to review), "
        + (f"{len(placements.areas)} spanning several countries (not drawn), " if placements.areas else "")
        + f"{len(placements.unplaced)} not placed, {len(prepared.without_place)} with no place given"
    )
    click.echo(summary + (f"; report in {_shown(str(out))}" if out else ""), err=True)
    if accept:
        cache_path = prepared.cache.path
        click.echo(
            f"accepted {counted(len(accepted), 'placement')} as reviewed"
            + (f" in {_shown(str(cache_path))}" if accepted and cache_path else ""),
            err=True,
        )


@main.command()
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--xlsx", is_flag=True, help="Write one workbook (events.xlsx, a sheet per table) instead of CSV files.")
def init(folder: Path, xlsx: bool) -> None:
    """Start a project in FOLDER (default: here; made if need be; must be empty).

    Writes events.csv (two example events), sources.csv and citations.csv (an
    example row each), places.csv and eras.csv (headers only) and
    timeline.toml; with --xlsx, events.xlsx instead of the CSV files: a sheet
    per table, a note on each column's header saying what goes there, a
    drop-down list of the categories, the date columns as text (a month typed
    there stays a month). `timeline build FOLDER` builds it at once.
    """
    try:
        written = start_project(folder, xlsx=xlsx)
    except TimelineError as err:
        _fail(err)
        return
    for path in written:
        click.echo(f"  wrote {_shown(str(path))}")
    click.echo(
        "Replace the example rows (the events, and the source and citation that go with them), then: "
        f"timeline build {_shown(str(folder))}"
    )


@main.group(name="import")
def import_() -> None:
    """Turn a database's export into a folder of tables `timeline build` reads.

    \b
    timeline import gtd globalterrorismdb.csv --out gtd/    then: timeline build gtd/events.csv
    timeline import acled acled-export.csv --out acled/
    """


def _import_command(kind: str, doc: str):
    @import_.command(name=kind, help=doc)
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option(
        "--out",
        default=kind,
        show_default=True,
        type=click.Path(path_type=Path),
        help="Folder to write events.csv, sources.csv, citations.csv, places.csv and timeline.toml into.",
    )
    @click.option("--replace", is_flag=True, help="Replace the tables of an earlier import in --out.")
    @click.option(
        "--encoding", help="Encoding of FILE (e.g. cp1252, latin-1). Default: found out, and said when not UTF-8."
    )
    def command(file: Path, out: Path, replace: bool, encoding: str | None) -> None:
        try:
            if encoding:
                codecs.lookup(encoding)
        except LookupError:
            raise click.BadParameter(
                f"'{printable(encoding)}' is not an encoding Python knows; try utf-8, cp1252 or latin-1"
            ) from None
        try:
            report = IMPORTERS[kind](file, out, replace=replace, encoding=encoding)
        except TimelineError as err:
            _fail(err)
            return
        _say("note", report.notes)
        click.echo(
            f"Imported {counted(report.events, 'event')} from {_shown(str(file))} into {_shown(str(out))}/ "
            f"({counted(report.sources, 'source')}, {counted(report.citations, 'citation')}, "
            f"{counted(report.places, 'place')})"
        )
        click.echo(f"  next: timeline build {_shown(str(out / 'events.csv'))}")

    return command


_import_command(
    "gtd",
    "Import a Global Terrorism Database export (FILE: its CSV, or the .xlsx START ships). Its codes are read as the GTD codebook gives them: a day "
    "or month of 0 leaves the date a month or a year; specificity sets how precise each point is (1 city, 2-4 "
    "region, 5 country); guncertain1 = 1 is 'suspected', claimed = 1 'claimed'; a blank or -9/-99 figure stays "
    "unknown; scite1-3 become sources. A code outside the codebook is reported and nothing is written.",
)
_import_command(
    "acled",
    "Import an ACLED export (FILE: CSV, or a workbook's first sheet), with the columns of before or after March 2023. time_precision 1 is the "
    "day, 3 the month, 2 (a week) is widened to the month, year or ~year holding it, marked derived; "
    "geo_precision 1 is the town, 2 and 3 a region; fatalities are kept as ACLED's estimates; actor1 is the "
    "perpetrator only for violence against civilians and explosions; each name in source becomes a source.",
)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
