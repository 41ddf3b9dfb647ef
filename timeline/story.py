"""Read and check ``story.csv``: stories that walk a reader through the events.

    story, step, event_id, title, text, view

Each row is one step of the story its ``story`` column names; a file may hold
several stories, kept in the order each first appears. ``step`` is a whole
number of 1 or more: a story's steps are shown in step order (gaps allowed,
no number twice). ``event_id`` names the step's events, separated by spaces,
or none for a step of text alone. ``title`` is required; ``text`` is plain
prose, kept as written. ``view`` is where the map looks: blank or ``auto``
(frame the step's events), ``world``, a box ``S,W,N,E`` or a place the
offline gazetteer knows (resolved now, to a box: frame.py).

Every problem is a ``Problem`` naming file, line, column, value and fix, as
for the other tables (load.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from .csvfile import READ_AS_FOUND, Collector, CsvOptions, read_rows
from .errors import ValueProblem
from .frame import read_frame
from .load import _ID, ID_FIX, MAX_TITLE
from .model import Event, Step, Story

STORY_COLUMNS = ("story", "step", "event_id", "title", "text", "view")
REQUIRED_STORY_COLUMNS = ("story", "step", "title")
STORY_NAME = "story.csv"
_WHOLE = re.compile(r"[0-9]+")
STEP_FIX = "number the steps of a story 1, 2, 3… in the order they are shown"
VIEW_FIX = (
    "leave it blank or write auto to frame the step's events; or write world, a box as S,W,N,E in degrees "
    "(e.g. 25,35,60,80) or a place the offline gazetteer knows (e.g. Afghanistan)"
)


def load_story(
    path: Path, events: list[Event], options: CsvOptions = READ_AS_FOUND, named: set[str] = frozenset()
) -> tuple[list[Story], Collector]:
    """The stories of ``path``, each with its steps in step order; the
    problems found are in the collector (and then the stories are not to be
    used). A step naming an id in ``named`` (an events row with problems of
    its own) is left out without a problem of its own."""
    report = Collector(path)
    add = report.add
    known = {e.id for e in events}
    found: dict[str, dict[int, Step]] = {}  # story id -> step number -> step, stories as first seen
    first_line: dict[str, int] = {}
    gazetteer = None
    for row in read_rows(path, STORY_COLUMNS, REQUIRED_STORY_COLUMNS, report, options, need_rows=True):
        line = row.line
        story_id = row["story"].strip()
        if not story_id:
            add(line, "story", "", "is empty", "give every row the id of its story, e.g. isis-k")
            story_id = None
        elif not _ID.fullmatch(story_id):
            add(line, "story", story_id, "is not a valid id", ID_FIX.replace("kabul-airport-2021", "isis-k"))
            story_id = None
        number = _step_number(row["step"], line, report)
        if story_id is not None and number is not None:
            taken = found.get(story_id, {}).get(number)
            if taken is not None:
                add(
                    line, "step", row["step"], f"is already a step of story '{story_id}', on {report.line_word} {taken.line}",
                    "give each step of a story its own number",
                )  # fmt: skip
                number = None
        event_ids = _event_ids(row["event_id"], line, known, report, named)
        title = row["title"].strip()
        if not title:
            add(line, "title", "", "is empty", "give every step a title")
        elif len(title) > MAX_TITLE:
            add(
                line, "title", title,
                f"is {len(title):,} characters long; the most a title may hold is {MAX_TITLE}",
                "shorten it; the text can say more",
            )  # fmt: skip
        view_text = row["view"].strip()
        view = None
        if not view_text or view_text.lower() == "auto":
            if not row["event_id"].strip():
                how = "frames" if view_text else "is blank, so it frames"
                add(
                    line, "view", row["view"], f"{how} the step's events, but the step names none",
                    "for a step of text alone give world, a place (e.g. Afghanistan) or a box S,W,N,E in degrees",
                )  # fmt: skip
        else:
            if gazetteer is None:
                from .gazetteer import Gazetteer  # lazy: only a view naming a place needs it

                gazetteer = Gazetteer()
            try:
                view = read_frame(view_text, gazetteer)
            except ValueProblem as problem:
                add(line, "view", row["view"], f"is not a view: {problem.message}", VIEW_FIX)
        if story_id is None or number is None or not title or event_ids is None:
            continue
        first_line.setdefault(story_id, line)
        found.setdefault(story_id, {})[number] = Step(
            number, title, line, row["text"].strip(), event_ids, view, view_text
        )
    stories = [
        Story(story_id, first_line[story_id], tuple(steps[n] for n in sorted(steps)))
        for story_id, steps in found.items()
    ]
    return stories, report


def _step_number(text: str, line: int, report: Collector) -> int | None:
    written = text.strip()
    if not written:
        report.add(line, "step", "", "is empty", STEP_FIX)
        return None
    if not _WHOLE.fullmatch(written) or int(written) < 1:
        report.add(line, "step", text, "is not a whole number of 1 or more", STEP_FIX)
        return None
    return int(written)


def _event_ids(
    text: str, line: int, known: set[str], report: Collector, named: set[str] = frozenset()
) -> tuple[str, ...] | None:
    """The ids in an ``event_id`` cell, or ``None`` when one is wrong (or
    names an event left out for its own problems, in ``named``)."""
    ids = text.split()
    ok = True
    for n, event_id in enumerate(ids):
        if event_id not in known and event_id in named:
            ok = False
        elif event_id not in known:
            fix = (
                "separate several ids with spaces, not commas or semicolons"
                if "," in event_id or ";" in event_id
                else "use an id from the events table's id column"
            )
            report.add(line, "event_id", event_id, "names no event in the events table", fix)
            ok = False
        elif event_id in ids[:n]:
            report.add(line, "event_id", event_id, "is named twice in this step", "name each event once")
            ok = False
    return tuple(ids) if ok else None
