"""Read and check an events table and the files that travel with it.

    events.csv      one row per event (the file people edit)
    sources.csv     the documents and references cited        (optional)
    citations.csv   which source supports which event, quoted (optional)
    eras.csv        periods shaded on the timeline, quoted    (optional)
    story.csv       stories told step by step (story.py)      (optional)
    timeline.toml   page title, subtitle, data-as-of, credits (optional)

Every problem found is collected, with its file, line and column, and raised
together as one ``InvalidInputError``; nothing is returned half-checked.
"""

from __future__ import annotations

import codecs
import difflib
import re
import tomllib
from dataclasses import fields
from pathlib import Path

from . import claims
from .csvfile import (
    READ_AS_FOUND,
    Collector,
    CsvOptions,
    Row,
    read_records,
    read_rows,
    unprotected,
    unseen_character,
)
from .errors import InvalidInputError, Problem, ValueProblem
from .inputs import MAX_DOCUMENT, MAX_SETTINGS, Unreadable, read_whole
from .language import shipped as shipped_languages
from .model import (
    CITED_FIELDS,
    EVENT_COLUMNS,
    REQUIRED_EVENT_COLUMNS,
    Citation,
    Dataset,
    Era,
    Event,
    PageSettings,
    Source,
    Story,
)
from .project import find_table
from .style import MAX_LANES, VOCABULARY
from .values import Blame, Count, PartialDate, parse_coordinates
from .workbook import Sheet, is_workbook, open_workbook, table_name

SOURCE_COLUMNS = ("id", "title", "publisher", "author", "published", "url", "document", "note")
CITATION_COLUMNS = ("event_id", "source_id", "field", "value", "quote", "note", "claimed_by", "derived")
ERA_COLUMNS = ("id", "start", "end", "label", "source_id", "quote", "note")
SETTINGS_NAME = "timeline.toml"
# What a build reads beside the events table, when there (places.csv: the
# places cache, read by pipeline.place); `timeline watch` rebuilds on their saves.
COMPANIONS = ("sources.csv", "citations.csv", "places.csv", "eras.csv", "story.csv", SETTINGS_NAME)
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
ID_FIX = "use letters, digits, '-', '_' or '.', starting with a letter or digit, e.g. kabul-airport-2021"


def check_id(row: Row, column: str, report: Collector) -> str | None:
    value = row[column].strip()
    if not value:
        report.add(row.line, column, "", "is empty", f"give every row an {column}")
        return None
    if not _ID.fullmatch(value):
        report.add(row.line, column, value, "is not a valid id", ID_FIX)
        return None
    return value


def read_span(
    row: Row, report: Collector, first: str, last: str, thing: str
) -> tuple[PartialDate | None, PartialDate | None]:
    """The dates in columns ``first`` (required) and ``last`` (optional, not before ``first``)."""
    if not row[first].strip():
        report.add(row.line, first, "", "is empty", f"give every {thing} a {first}: YYYY, YYYY-MM or YYYY-MM-DD")
    start = report.parse(row, first, PartialDate.parse)
    end = report.parse(row, last, PartialDate.parse)
    if start and end and end.end < start.start:
        report.add(
            row.line,
            last,
            row[last],
            f"is before the {first} {start.iso}",
            f"put the later date in {last}, or clear it",
        )
    return start, end


KNOWN_CATEGORIES = {c.id for c in VOCABULARY}
CATEGORY_FIX = f"use one of: {', '.join(sorted(KNOWN_CATEGORIES))} (it is still drawn, with its own colour)"


def _closest(category: str) -> str:
    close = difflib.get_close_matches(category, sorted(KNOWN_CATEGORIES), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def normalise_category(text: str) -> str:
    """Categories compare without regard to case or spacing: ' Foiled  Plot' is 'foiled plot'."""
    return " ".join(text.split()).lower()


class _Parsed(dict):
    """Cell text -> what ``parser`` makes of it: ``None`` for a blank cell, the
    ``ValueProblem`` it raised for a bad one. Each distinct text is parsed once:
    a big table repeats its dates, counts and categories many times over."""

    def __init__(self, parser):
        super().__init__()
        self.parser = parser

    def __missing__(self, text: str):
        value = None
        if text.strip():
            try:
                value = self.parser(text)
            except ValueProblem as problem:
                value = problem
        self[text] = value
        return value


def load_events(path: Path, options: CsvOptions = READ_AS_FOUND) -> tuple[list[Event], Collector, set[str]]:
    """The events of ``path``, the problems found, and every id a row gives,
    the ids of rows dropped for a problem too (a citation or a story step
    naming one of those is not a second problem)."""
    report = Collector(path)
    events: list[Event] = []
    found = read_records(path, EVENT_COLUMNS, REQUIRED_EVENT_COLUMNS, report, options, need_rows=True, one_by_one=True)
    if found is None:
        return events, report, set()
    ID, DATE, END_DATE, TITLE, CATEGORY, PLACE, LAT, LON, KILLED, INJURED, PERPETRATOR, SUMMARY = map(
        found.column, EVENT_COLUMNS
    )
    dates, counts = _Parsed(PartialDate.parse), _Parsed(Count.parse)
    categories: dict[str, str] = {}
    blames: dict[str, Blame] = {}
    first_line: dict[str, int] = {}
    # One string for each distinct place and perpetrator, however many rows
    # give it: a million events' copies are a hundred megabytes or more.
    shared: dict[str, str] = {}
    add = report.add

    fullmatch = _ID.fullmatch
    make = tuple.__new__  # Event(...) without the Python-level __new__ a NamedTuple has

    for line, cells in found.each():
        event_id = cells[ID].strip()
        if event_id in first_line:
            add(
                line,
                "id",
                event_id,
                f"is already used on {report.line_word} {first_line[event_id]}",
                "give each event its own id",
            )
            event_id = None
        elif not fullmatch(event_id):
            add(
                line,
                "id",
                event_id,
                *(("is not a valid id", ID_FIX) if event_id else ("is empty", "give every row an id")),
            )
            event_id = None
        else:
            first_line[event_id] = line
        title = cells[TITLE].strip()
        if title[:1] == "'":  # '=… as csvfile.spreadsheet_safe guards it (the page's Download does)
            title = unprotected(title)
        if not title:
            add(line, "title", "", "is empty", "give every event a title")
        text = cells[DATE]
        date = dates[text]
        if date is None:
            if not text.strip():
                add(line, "date", "", "is empty", "give every event a date: YYYY, YYYY-MM or YYYY-MM-DD")
        elif date.__class__ is ValueProblem:
            add(line, "date", text, date.message, date.fix)
            date = None
        text = cells[END_DATE]
        end_date = dates[text]
        if end_date is not None:
            if end_date.__class__ is ValueProblem:
                add(line, "end_date", text, end_date.message, end_date.fix)
                end_date = None
            elif date and end_date.end < date.start:
                add(
                    line, "end_date", text, f"is before the date {date.iso}",
                    "put the later date in end_date, or clear it",
                )  # fmt: skip
        coordinates = None
        if cells[LAT] or cells[LON]:
            try:
                coordinates = parse_coordinates(cells[LAT], cells[LON])
            except ValueProblem as problem:
                column = problem.column or "lat"
                add(line, column, cells[LAT if column == "lat" else LON], problem.message, problem.fix)
        text = cells[KILLED]
        killed = counts[text]
        if killed.__class__ is ValueProblem:
            add(line, "killed", text, killed.message, killed.fix)
            killed = None
        text = cells[INJURED]
        injured = counts[text]
        if injured.__class__ is ValueProblem:
            add(line, "injured", text, injured.message, injured.fix)
            injured = None
        written = cells[CATEGORY]
        if written[:1] == "'":
            written = unprotected(written)
        category = categories.get(written)
        if category is None:
            category = categories[written] = normalise_category(written)
            if category != written:
                report.note(
                    line, "category", written, f"read as '{category}'",
                    "categories are matched without regard to case and spacing; writing them so avoids this note",
                )  # fmt: skip
            if category and category not in KNOWN_CATEGORIES:
                report.warn(line, "category", written, f"is not a category{_closest(category)}", CATEGORY_FIX)
        perpetrator = cells[PERPETRATOR].strip()
        if perpetrator[:1] == "'":
            perpetrator = unprotected(perpetrator)
        perpetrator = shared.setdefault(perpetrator, perpetrator)
        if perpetrator and perpetrator not in blames:
            blame = blames[perpetrator] = Blame.read(perpetrator)
            if blame.problem is not None:
                report.warn(line, "perpetrator", perpetrator, blame.problem.message, blame.problem.fix)
        if event_id is None or not title or date is None:
            continue
        place, summary = cells[PLACE].strip(), cells[SUMMARY].strip()
        if place[:1] == "'":
            place = unprotected(place)
        place = shared.setdefault(place, place)
        if summary[:1] == "'":
            summary = unprotected(summary)
        events.append(
            make(
                Event,
                (
                    event_id,
                    date,
                    title,
                    line,
                    end_date,
                    category,
                    place,
                    coordinates,
                    killed,
                    injured,
                    perpetrator,
                    summary,
                ),
            )
        )
    return events, report, set(first_line)


def load_sources(
    path: Path, options: CsvOptions = READ_AS_FOUND
) -> tuple[dict[str, Source], dict[str, str], Collector]:
    """The sources, and the text of each stored document by source id."""
    report = Collector(path)
    sources: dict[str, Source] = {}
    texts: dict[str, str] = {}
    for row in read_rows(path, SOURCE_COLUMNS, ("id", "title"), report, options):
        source_id = check_id(row, "id", report)
        if source_id in sources:
            report.add(
                row.line,
                "id",
                source_id,
                f"is already used on {report.line_word} {sources[source_id].line}",
                "give each source its own id",
            )
            continue
        title = row["title"].strip()
        if not title:
            report.add(row.line, "title", "", "is empty", "give every source a title")
        document = None
        if row["document"].strip():
            document = path.parent / row["document"].strip()
            try:
                text = read_whole(document, MAX_DOCUMENT).decode("utf-8")
                if source_id is not None:
                    texts[source_id] = text
            except Unreadable as err:
                report.add(row.line, "document", row["document"], err.message, err.fix)
            except FileNotFoundError:
                report.add(
                    row.line,
                    "document",
                    row["document"],
                    "names a file that does not exist",
                    f"give its path relative to the folder {path.name} is in",
                )
            except UnicodeDecodeError:
                report.add(
                    row.line, "document", row["document"], "is not UTF-8 text", "store the document as UTF-8 text"
                )
        if source_id is None or not title:
            continue
        sources[source_id] = Source(
            id=source_id,
            title=title,
            line=row.line,
            publisher=row["publisher"].strip(),
            author=row["author"].strip(),
            published=row["published"].strip(),
            url=row["url"].strip(),
            note=row["note"].strip(),
            document=document,
        )
    return sources, texts, report


def load_citations(
    path: Path,
    events: list[Event],
    sources: dict[str, Source],
    texts: dict[str, str],
    options: CsvOptions = READ_AS_FOUND,
    named: set[str] = frozenset(),
) -> tuple[list[Citation], Collector]:
    """The citations of ``path``. One naming an id in ``named`` (a row of the
    events table with problems of its own) is left out without a problem."""
    report = Collector(path)
    citations: list[Citation] = []
    found = read_records(path, CITATION_COLUMNS, ("event_id", "source_id"), report, options, one_by_one=True)
    if found is None:
        return citations, report
    EVENT_ID, SOURCE_ID, FIELD, VALUE, QUOTE, NOTE, CLAIMED_BY, DERIVED = map(found.column, CITATION_COLUMNS)
    event_ids = {e.id: e.id for e in events}  # each id's one string, for the citations to hold
    # One string for each distinct source id, field, value, quote and so on,
    # however many citations give it (a million events have a million or more).
    shared: dict[str, str] = {}
    counts = _Parsed(Count.parse)
    add = report.add
    one = shared.setdefault
    make = tuple.__new__  # Citation(...) without the Python-level __new__ a NamedTuple has
    for line, cells in found.each():
        event_id, source_id = cells[EVENT_ID].strip(), cells[SOURCE_ID].strip()
        ok = True
        if event_id not in event_ids:
            if event_id not in named:
                add(
                    line, "event_id", event_id,
                    "names no event in the events table", "use an id from the events table's id column",
                )  # fmt: skip
            ok = False
        if source_id not in sources:
            add(
                line, "source_id", source_id,
                f"names no source in {table_name(path, 'sources')}",
                f"add the source to {table_name(path, 'sources')} or fix the id",
            )  # fmt: skip
            ok = False
        cited = cells[FIELD].strip()
        if cited and cited not in CITED_FIELDS:
            add(
                line, "field", cited,
                "is not a field a citation can support", f"leave it blank or use one of: {', '.join(CITED_FIELDS)}",
            )  # fmt: skip
            ok = False
        value = cells[VALUE].strip()
        if cited in ("killed", "injured") and value:
            count = counts[cells[VALUE]]
            if count.__class__ is ValueProblem:
                add(line, "value", cells[VALUE], count.message, count.fix)
                ok = False
        derived = cells[DERIVED].strip()
        if derived and not cited:
            add(line, "derived", derived, "is given for no field", "name the field it is a value of in 'field'")
            ok = False
        elif derived and cited in CITED_FIELDS:
            try:
                claims.KINDS[cited].read(derived)
            except ValueProblem as problem:
                add(line, "derived", derived, problem.message, problem.fix)
                ok = False
        if cited == "perpetrator":
            for column, text in (("value", value), ("derived", derived)):
                blame = Blame.read(text) if text else None
                if blame is not None and blame.problem is not None:
                    report.warn(line, column, text, blame.problem.message, blame.problem.fix)
        quote = cells[QUOTE]
        if source_id in texts:
            ok = _check_quote(line, quote, source_id, texts[source_id], sources, report) and ok
        if ok:
            quote, note, claimed_by = quote.strip(), cells[NOTE].strip(), cells[CLAIMED_BY].strip()
            citations.append(
                make(Citation, (
                    event_ids[event_id], sources[source_id].id, line,
                    # a blank cell is the one empty string already: only the others are looked up
                    one(cited, cited) if cited else cited, one(value, value) if value else value,
                    one(quote, quote) if quote else quote, one(note, note) if note else note,
                    one(claimed_by, claimed_by) if claimed_by else claimed_by,
                    one(derived, derived) if derived else derived,
                ))
            )  # fmt: skip
    return citations, report


def _check_quote(
    line: int, quote: str, source_id: str, text: str, sources: dict[str, Source], report: Collector
) -> bool:
    document = sources[source_id].document
    if not quote.strip():
        report.add(
            line,
            "quote",
            "",
            f"is empty, but {source_id} has a stored document",
            f"copy the supporting sentence from {document}",
        )
        return False
    if quote.strip() in text:
        return True
    plain = _plain(quote.strip())
    hint = " (it differs only in quote marks, dashes or spacing)" if plain in _plain(text) else ""
    report.add(
        line, "quote", quote, f"is not in {document}{hint}",
        "copy the words exactly from the document, curly quotes and dashes included",
    )  # fmt: skip
    return False


def load_eras(
    path: Path, sources: dict[str, Source], texts: dict[str, str], options: CsvOptions = READ_AS_FOUND
) -> tuple[list[Era], Collector]:
    report = Collector(path)
    eras: list[Era] = []
    for row in read_rows(path, ERA_COLUMNS, ("id", "start", "label"), report, options):
        era_id = check_id(row, "id", report)
        label = row["label"].strip()
        if not label:
            report.add(row.line, "label", "", "is empty", "give every era a label")
        start, end = read_span(row, report, "start", "end", "era")
        source_id = row["source_id"].strip()
        ok = True
        if source_id and source_id not in sources:
            report.add(
                row.line,
                "source_id",
                source_id,
                f"names no source in {table_name(path, 'sources')}",
                f"add the source to {table_name(path, 'sources')} or fix the id",
            )
            ok = False
        if source_id in texts:
            ok = _check_quote(row.line, row["quote"], source_id, texts[source_id], sources, report) and ok
        if era_id and label and start and ok:
            eras.append(Era(era_id, start, label, row.line, end, source_id, row["quote"].strip(), row["note"].strip()))
    return eras, report


_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def _plain(text: str) -> str:
    return " ".join(text.translate(_PLAIN).split())


MAX_TITLE = 255  # characters: the most a slide deck's title may hold


def load_settings(path: Path) -> tuple[PageSettings, list[Problem]]:
    report = Collector(path)
    text = _settings_text(path, report)
    if text is None:
        return PageSettings(), report.problems
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        report.add(None, None, None, f"is not valid TOML ({err})", 'write each setting as key = "text"')
        return PageSettings(), report.problems
    known = {f.name for f in fields(PageSettings)}
    values: dict[str, str] = {}
    for key, value in data.items():
        if key not in known:
            report.add(None, None, None, f"setting '{key}' is not known", f"use one of: {', '.join(sorted(known))}")
        elif not isinstance(value, str):
            report.add(None, None, None, f"setting '{key}' is not text", f'write it in quotes: {key} = "..."')
        elif unseen_character(value):
            message, fix = unseen_character(value)
            report.add(None, None, value, f"setting '{key}' {message}", fix)
        elif key == "language" and value.strip() not in shipped_languages():
            report.add(
                None, None, value,
                "setting 'language' names a language with no catalogue",
                f"use one of {', '.join(shipped_languages())}, or add timeline/locales/{value.strip()}.po (README: Languages)",
            )  # fmt: skip
        elif key == "title" and len(value) > MAX_TITLE:
            report.add(
                None, None, value,
                f"setting 'title' is {len(value):,} characters long; the most a title may hold is {MAX_TITLE}",
                "shorten it; the subtitle can say more",
            )  # fmt: skip
        else:
            values[key] = value.strip() if key == "language" else value
    return PageSettings(**values), report.problems


def _settings_text(path: Path, report: Collector) -> str | None:
    """The settings file's text (UTF-8, with or without a byte-order mark), or ``None`` with a problem."""
    try:
        data = read_whole(path, MAX_SETTINGS)
    except FileNotFoundError:
        report.add(None, None, None, "file not found", "check the path")
        return None
    except Unreadable as err:
        report.add(None, None, None, err.message, err.fix)
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        report.add(None, None, None, "is UTF-16 text", "save it as UTF-8 (in Notepad: Save As, Encoding UTF-8)")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        report.add(
            line, None, None, "is not UTF-8 text (Windows-1252 perhaps)",
            "save it as UTF-8 (in Notepad: Save As, Encoding UTF-8)",
        )  # fmt: skip
        return None


def load(
    events_path: Path | str,
    *,
    sources_path: Path | str | None = None,
    citations_path: Path | str | None = None,
    settings_path: Path | str | None = None,
    eras_path: Path | str | None = None,
    story_path: Path | str | None = None,
    options: CsvOptions = READ_AS_FOUND,
) -> Dataset:
    """Read an events table and, when present beside it (or named), its sources,
    citations, eras, stories and page settings. Raises ``InvalidInputError`` listing every
    problem; what was read but is worth saying is in ``Dataset.notes``."""
    events_path = find_table(Path(events_path))
    folder = events_path.parent
    reports: list[Collector] = []
    book = None
    if is_workbook(events_path):
        # Its sheets stand where the CSV files do; a file named on the command line still wins.
        book = open_workbook(events_path)
        events_path = book.sheet("events")

    def _companion(given: Path | str | None, default: Path) -> Path | Sheet | None:
        """A named file must exist; the default one is used only if it does (in a
        workbook: the sheet of that name)."""
        if given is not None:
            return Path(given)
        if book is not None:
            return book.sheet(default.stem)
        return default if default.exists() else None

    events, report, named = load_events(events_path, options)
    reports.append(report)

    sources: dict[str, Source] = {}
    texts: dict[str, str] = {}
    sources_file = _companion(sources_path, folder / "sources.csv")
    if sources_file:
        sources, texts, report = load_sources(sources_file, options)
        reports.append(report)

    citations: list[Citation] = []
    citations_file = _companion(citations_path, folder / "citations.csv")
    if citations_file:
        citations, report = load_citations(citations_file, events, sources, texts, options, named)
        reports.append(report)

    eras: list[Era] = []
    eras_file = _companion(eras_path, folder / "eras.csv")
    if eras_file:
        eras, report = load_eras(eras_file, sources, texts, options)
        reports.append(report)

    stories: list[Story] = []
    story_file = _companion(story_path, folder / "story.csv")
    if story_file:
        from .story import load_story  # here: story.py reads load's id rule

        stories, report = load_story(story_file, events, options, named)
        reports.append(report)

    problems = [p for r in reports for p in r.problems]
    settings = PageSettings(title=events_path.stem)
    if book is not None:
        reports.insert(0, Collector(book.path, notes=book.notes))
    settings_file = Path(settings_path) if settings_path is not None else folder / SETTINGS_NAME
    settings_file = settings_file if settings_path is not None or settings_file.exists() else None
    if settings_file:
        settings, found = load_settings(settings_file)
        problems += found

    if problems:
        raise InvalidInputError(problems)
    dataset = Dataset(
        events_path, events, sources, citations, settings, eras, stories,
        notes=[n for r in reports for n in r.notes], citations_path=citations_file,
    )  # fmt: skip
    dataset.warnings = [w for r in reports for w in r.warnings] + claims.problems(dataset)
    dataset.warnings = many_categories(dataset) + dataset.warnings  # first: it says what the rest are about
    return dataset


MANY_CATEGORIES = MAX_LANES  # beyond this many, the smallest share one lane and one colour (style.grouped)


def many_categories(dataset: Dataset) -> list[Problem]:
    """A warning when the table has more categories than the timeline can show usably."""
    count = len({e.category for e in dataset.events})
    if count <= MANY_CATEGORIES:
        return []
    return [
        Problem.at(
            dataset.events_path, None, "category", None,
            f"holds {count:,} categories; the {MANY_CATEGORIES - 1} with the most events get a lane and a colour "
            f"each, and the other {count - MANY_CATEGORIES + 1:,} share one grey lane, legend entry and colour",
            "merge them into a few dozen at most, and put the detail in another column (perpetrator, summary)",
        )
    ]  # fmt: skip


def strict_problems(dataset: Dataset) -> list[Problem]:
    """What ``--strict`` adds: every event cites at least one source, and
    every warning (an unknown category, a value no source states) is an error."""
    cited = {c.event_id for c in dataset.citations}
    return dataset.warnings + [
        Problem.at(
            dataset.events_path,
            e.line,
            "id",
            e.id,
            "has no citation",
            f"add a row for it to {table_name(dataset.events_path, 'citations')} with the source and the sentence "
            "that supports it",
        )
        for e in dataset.events
        if e.id not in cited
    ]
