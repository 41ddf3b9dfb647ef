"""The records an events table is read into. Plain, immutable data: the loader
makes them, the geocoder and the renderers read them.

Events and citations are named tuples rather than frozen dataclasses: a big
table makes hundreds of thousands of them, and a frozen dataclass takes six
times as long to make (1 s against 0.15 s for 200,000 events)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as date_type
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .bidi import isolate
from .errors import Problem
from .language import _
from .language import current as current_language
from .values import Count, PartialDate

if TYPE_CHECKING:
    import pandas as pd

    from .placescache import PlacesCache

# The columns of an events table, in the order the README documents them.
EVENT_COLUMNS = (
    "id", "date", "end_date", "title", "category", "place",
    "lat", "lon", "killed", "injured", "perpetrator", "summary",
)  # fmt: skip
REQUIRED_EVENT_COLUMNS = ("id", "date", "title")

# What a citation may support besides the event as a whole (blank field).
CITED_FIELDS = ("date", "end_date", "place", "killed", "injured", "perpetrator")

PRECISIONS = ("venue", "city", "region", "country")


class Event(NamedTuple):
    id: str
    date: PartialDate
    title: str
    line: int  # where the row starts in its file, for messages
    end_date: PartialDate | None = None
    category: str = ""
    place: str = ""
    coordinates: tuple[float, float] | None = None
    killed: Count | None = None
    injured: Count | None = None
    perpetrator: str = ""
    summary: str = ""

    @property
    def last_day(self) -> date_type:
        """The last day the event may cover: its end date's end, else its date's
        (the one place this is worked out; the pages read ``last`` from the block)."""
        return (self.end_date or self.date).end


@dataclass(frozen=True)
class ReportedRange:
    """How far apart disagreeing figures are: from ``low`` to ``high``, and
    ``open`` when some figure is only a lower bound ("at least 140")."""

    low: int
    high: int
    open: bool

    @property
    def label(self) -> str:
        """``139–170+``, in the reader's digits (the figures are ours: the
        lowest and highest the sources give)."""
        language = current_language()
        return f"{language.whole(self.low)}–{language.whole(self.high)}{'+' if self.open else ''}"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    line: int
    publisher: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    note: str = ""
    document: Path | None = None  # a stored copy whose text quotes are checked against

    @property
    def kind(self) -> str:
        """``document`` when its text is stored beside the table, else ``reference``."""
        return "document" if self.document else "reference"


class Citation(NamedTuple):
    event_id: str
    source_id: str
    line: int
    field: str = ""  # blank: supports the event as a whole
    value: str = ""  # what this source says for that field, in its words ("at least 133")
    quote: str = ""
    note: str = ""  # how a derived value was worked out, or what a reference adds
    claimed_by: str = ""  # who makes the claim the source reports ("ISIS"), when not the source itself
    derived: str = ""  # a value we worked out from this citation (the note says how)


@dataclass(frozen=True)
class Place:
    """Where an event is drawn, and how precisely that is known."""

    lat: float
    lon: float
    precision: str  # venue | city | region | country
    provider: str  # explicit | manual | geonames | naturalearth | nominatim
    name: str = ""  # what the place was resolved to
    note: str = ""
    country: str = ""  # ISO 3166 alpha-2 codes, space-separated ("IQ SY"); "" when unknown
    # How it was found: explicit | cache | reviewed | gazetteer | admin1 | airport | nominatim
    method: str = ""
    # ok: given, reviewed by a person, or one unambiguous match as precise as the text asks;
    # review: a guess a person should settle (ambiguous, coarser than asked, online, a qualifier dropped)
    status: str = "ok"
    candidates: tuple[str, ...] = ()  # what else the text could mean: "Tripoli, Lebanon (pop. 229,398)"
    radius_km: float = 0.0  # for a region the gazetteer knows: how far "somewhere in it" may be from the point


@dataclass(frozen=True)
class Area:
    """A place no one point stands for ("Italy and France"): not drawn on the
    map, but in each of its countries for the country filter."""

    name: str
    note: str
    country: str  # ISO 3166 alpha-2 codes, space-separated

    def reason(self, name_of) -> str:
        """Why it is not drawn, naming its countries with ``name_of(code)``,
        then the row's note, in the language in use."""
        language = current_language()
        names = [name_of(code) for code in self.country.split()]
        if language.english:
            listed = ", ".join(names[:-1]) + " and " + names[-1]
        else:
            from babel.lists import format_list

            listed = format_list(names, locale=language.locale)
        why = _("it spans {countries}, and no one point stands for it").format(countries=listed)
        return _("{reason}. {note}").format(reason=why, note=isolate(self.note, language.rtl)) if self.note else why


@dataclass(frozen=True)
class Era:
    """A period that frames the events, shaded on the timeline ("Taliban rule")."""

    id: str
    start: PartialDate
    label: str
    line: int
    end: PartialDate | None = None  # None: still going when the sources were written
    source_id: str = ""
    quote: str = ""
    note: str = ""


@dataclass(frozen=True)
class Step:
    """One step of a story (``story.csv``): what it says, which events it
    shows, and where the map looks."""

    number: int  # its ``step``: steps are shown in this order
    title: str
    line: int
    text: str = ""  # plain prose, as written (the pages escape it)
    event_ids: tuple[str, ...] = ()  # none: a step of text alone (an introduction, a conclusion)
    # None: frame the step's events (auto); "world"; or a box (south, west, north, east) in degrees
    view: str | tuple[float, float, float, float] | None = None
    view_text: str = ""  # the view as written ("Afghanistan" for the box it was resolved to)


@dataclass(frozen=True)
class Story:
    """Steps that walk a reader through the events, in order (``story.csv``)."""

    id: str
    line: int  # where its first row is
    steps: tuple[Step, ...]  # in step order; never empty

    @property
    def title(self) -> str:
        """A story is called by its first step's title."""
        return self.steps[0].title


@dataclass(frozen=True)
class PageSettings:
    title: str = "Events"
    subtitle: str = ""
    data_as_of: str = ""
    credits: str = ""
    language: str = "en"  # the pages', pictures' and deck's own words (timeline/language.py)


@dataclass
class Dataset:
    """Everything read from one events table and the files beside it."""

    events_path: Path
    events: list[Event]
    sources: dict[str, Source] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)
    settings: PageSettings = field(default_factory=PageSettings)
    eras: list[Era] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)  # in order of first appearance in story.csv
    notes: list[Problem] = field(default_factory=list)  # read, but worth saying (an encoding guessed, ...)
    warnings: list[Problem] = field(default_factory=list)  # built, but wrong in a way --strict refuses
    citations_path: Path | None = None
    supports: dict = field(default_factory=dict, repr=False)  # claims.support's answers, by event id
    statements: dict = field(default_factory=dict, repr=False)  # claims.beyond_labels's, by event id
    statements_language: str = field(default="", repr=False)  # the language ``statements`` are in
    drawn: dict = field(default_factory=dict, repr=False, compare=False)  # chart's geometry, lanes, by name

    def citations_for(self, event_id: str) -> list[Citation]:
        return self._citations_by_event.get(event_id, [])

    @cached_property
    def _citations_by_event(self) -> dict[str, list[Citation]]:
        index: defaultdict[str, list[Citation]] = defaultdict(list)  # no list made and thrown away per citation
        for c in self.citations:
            index[c.event_id].append(c)
        return index

    def reported_killed(self, event: Event) -> ReportedRange | None:
        """The spread of death tolls across the event's own figure and its
        sources' figures, when they disagree; ``None`` when they agree. It
        sizes the timeline's ring; what each source says is ``claims.said``."""
        counts = self._killed_by_sources.get(event.id)
        if not counts:
            return None  # only the event's own figure, if any: nothing to disagree with
        if event.killed:
            counts = [*counts, event.killed]
        if len({(c.low, c.high) for c in counts}) < 2:
            return None
        highest = max(c.high if c.high is not None else c.low for c in counts)
        return ReportedRange(min(c.low for c in counts), highest, any(c.high is None for c in counts))

    def killed_cited(self, indexes: list[int]) -> list[int]:
        """Those of ``indexes`` (into ``events``) whose event some source gives a
        death toll for: the only ones ``reported_killed`` can find a spread for."""
        cited = self._killed_by_sources
        events = self.events
        return [i for i in indexes if events[i].id in cited]

    @cached_property
    def _killed_by_sources(self) -> dict[str, list[Count]]:
        """The death tolls the citations give, by event id (few events have any)."""
        found: dict[str, list[Count]] = {}
        for c in self.citations:
            if c.field == "killed" and c.value:
                found.setdefault(c.event_id, []).append(Count.parse(c.value))
        return found

    def frame(self) -> pd.DataFrame:
        """The events as a pandas DataFrame, one row per event, for notebooks."""
        import pandas as pd  # lazy, measured: 0.24 s; only frame() needs it

        rows = []
        for e in self.events:
            rows.append(
                {
                    "id": e.id,
                    "date": e.date.iso,
                    "date_precision": e.date.precision,
                    "end_date": e.end_date.iso if e.end_date else None,
                    "title": e.title,
                    "category": e.category or None,
                    "place": e.place or None,
                    "killed_low": e.killed.low if e.killed else None,
                    "killed_high": e.killed.high if e.killed else None,
                    "injured_low": e.injured.low if e.injured else None,
                    "injured_high": e.injured.high if e.injured else None,
                    "perpetrator": e.perpetrator or None,
                    "summary": e.summary or None,
                }
            )
        frame = pd.DataFrame(rows)
        for column in ("killed_low", "killed_high", "injured_low", "injured_high"):
            frame[column] = frame[column].astype("Int64")
        return frame


@dataclass(frozen=True)
class Unplaced:
    """An event whose place text could not be placed: why, and what to do."""

    event: Event
    reason: str
    fix: str


@dataclass
class Placements:
    """Where each event is drawn, and which events could not be placed."""

    places: dict[str, Place] = field(default_factory=dict)  # by event id
    unplaced: list[Unplaced] = field(default_factory=list)  # events that name a place not found
    areas: dict[str, Area] = field(default_factory=dict)  # by event id: places no one point stands for
    looked_up_online: int = 0

    def get(self, event_id: str) -> Place | None:
        return self.places.get(event_id)

    @property
    def to_review(self) -> int:
        """How many events are placed by a guess a person has not settled."""
        return sum(1 for p in self.places.values() if p.status == "review")


# Progress of a long step: ``progress(label, done, total)``; see cli.ProgressBars.
Progress = Callable[[str, int, int], None]


@dataclass
class Prepared:
    """A table read, checked and placed: everything the pages need."""

    dataset: Dataset
    placements: Placements
    cache: PlacesCache

    @property
    def without_place(self) -> list[Event]:
        return [e for e in self.dataset.events if not e.place and e.coordinates is None]
