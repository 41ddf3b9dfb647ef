"""Stories (story.csv): read in order, checked, and carried in the data block;
and the shipped story names only events that exist, each step cited."""

from __future__ import annotations

import csv
import re
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import prepare
from timeline.datablock import data_block
from timeline.errors import InvalidInputError
from timeline.frame import read_frame
from timeline.load import load

from ..conftest import SEEDS, SHIPPED

EVENTS = "id,date,title,lat,lon\na,2024-03-22,Alpha,55.8,37.4\nb,2024-01,Bravo,30.3,57.1\nc,2021-08,Charlie,34.6,69.2\n"
HEADER = "story,step,event_id,title,text,view\n"


def table(folder: Path, story: str | None) -> Path:
    (folder / "events.csv").write_text(EVENTS, encoding="utf-8")
    if story is not None:
        (folder / "story.csv").write_text(HEADER + story, encoding="utf-8")
    return folder / "events.csv"


def stories_block(folder: Path, story: str | None) -> list[dict]:
    prepared = prepare(table(folder, story))
    return data_block(prepared.dataset, prepared.placements)["stories"]


def test_no_story_file_is_no_story(tmp_path: Path) -> None:
    assert load(table(tmp_path, None)).stories == []
    assert stories_block(tmp_path, None) == []


def test_stories_in_order_of_first_appearance_and_steps_in_step_order(tmp_path: Path) -> None:
    story = (
        "later,5,c,Later five,,\n"
        "first,10,a,First ten,Ten.,\n"
        "later,2,b,Later two,,\n"
        "first,3,b,First three,Three.,\n"
        "first,7,,First seven,Seven.,world\n"
    )
    dataset = load(table(tmp_path, story))
    assert [s.id for s in dataset.stories] == ["later", "first"]
    assert [[step.number for step in s.steps] for s in dataset.stories] == [[2, 5], [3, 7, 10]]
    block = stories_block(tmp_path, story)
    assert [(s["id"], s["title"]) for s in block] == [("later", "Later two"), ("first", "First three")]
    assert [step["title"] for step in block[1]["steps"]] == ["First three", "First seven", "First ten"]
    assert [step["text"] for step in block[1]["steps"]] == ["Three.", "Seven.", "Ten."]


def test_a_step_names_several_events_or_none(tmp_path: Path) -> None:
    story = "s,1,,Intro,Only words.,world\ns,2,c  a,Two events,,\ns,3,b,One event,,\n"
    steps = stories_block(tmp_path, story)[0]["steps"]
    # indexes into the block's events, which keep the table's order: a, b, c
    assert [step["events"] for step in steps] == [[], [2, 0], [1]]
    assert load(table(tmp_path, story)).stories[0].steps[1].event_ids == ("c", "a")


def test_text_is_kept_as_written(tmp_path: Path) -> None:
    text = 'Says <b>"bold"</b> & *stars*, on, two lines\nhere'
    steps = stories_block(tmp_path, f's,1,a,Title,"{text.replace(chr(34), chr(34) * 2)}",\n')[0]["steps"]
    assert steps[0]["text"] == text


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("", None),
        ("auto", None),
        (" AUTO ", None),
        ("world", "world"),
        ("World", "world"),
        ('"25,35,60,80"', [25.0, 35.0, 60.0, 80.0]),
        ('" -10.123456, 20.5 ,30.00004,40"', [-10.1235, 20.5, 30.0, 40.0]),
    ],
)
def test_views_in_the_block(tmp_path: Path, view: str, expected) -> None:
    assert stories_block(tmp_path, f"s,1,a,Title,,{view}\n")[0]["steps"][0]["view"] == expected


def test_a_place_is_framed_on_its_box_from_the_offline_gazetteer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    step = stories_block(tmp_path, "s,1,,Afghanistan,,Afghanistan\n")[0]["steps"][0]
    south, west, north, east = step["view"]
    assert south < 34.5 < north and west < 69.2 < east  # Kabul inside
    assert east - west < 20  # the country, not the world
    assert step["view"] == list(read_frame("Afghanistan"))  # the same box --frame gives
    assert attempts == []
    assert load(table(tmp_path, "s,1,,Afghanistan,,Afghanistan\n")).stories[0].steps[0].view_text == "Afghanistan"


def problems(folder: Path, story: str) -> list[str]:
    with pytest.raises(InvalidInputError) as err:
        load(table(folder, story))
    return [str(p) for p in err.value.problems]


def test_every_problem_of_a_file_is_said_at_once(tmp_path: Path) -> None:
    found = problems(tmp_path, "s,1,a,One,,\ns,1,b,Again,,\ns,x,zz,,,\nt,2,,Words,,\n")
    path = tmp_path / "story.csv"
    assert found == [
        f"{path}:3: column 'step': value '1' — is already a step of story 's', on line 2; "
        "give each step of a story its own number",
        f"{path}:4: column 'step': value 'x' — is not a whole number of 1 or more; "
        "number the steps of a story 1, 2, 3… in the order they are shown",
        f"{path}:4: column 'event_id': value 'zz' — names no event in the events table; "
        "use an id from the events table's id column",
        f"{path}:4: column 'title': value '' — is empty; give every step a title",
        f"{path}:5: column 'view': value '' — is blank, so it frames the step's events, but the step names none; "
        "for a step of text alone give world, a place (e.g. Afghanistan) or a box S,W,N,E in degrees",
    ]


def test_the_same_step_number_in_two_stories_is_fine(tmp_path: Path) -> None:
    assert [len(s.steps) for s in load(table(tmp_path, "s,1,a,One,,\nt,1,b,One,,\n")).stories] == [1, 1]


def test_an_event_named_twice_in_a_step(tmp_path: Path) -> None:
    assert problems(tmp_path, "s,1,a b a,One,,\n") == [
        f"{tmp_path / 'story.csv'}:2: column 'event_id': value 'a' — is named twice in this step; name each event once"
    ]


def test_a_named_story_file_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "elsewhere.csv"
    with pytest.raises(InvalidInputError) as err:
        load(table(tmp_path, None), story_path=missing)
    assert [str(p) for p in err.value.problems] == [f"{missing} — file not found; check the path"]


# -- the shipped story, checked against the tables (never against a built page) --


def rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_shipped_story_names_only_events_that_exist_and_each_is_cited() -> None:
    story = rows("story.csv")
    events = {row["id"] for row in rows("events.csv")}
    cited: dict[str, list[str]] = {}
    for row in rows("citations.csv"):
        cited.setdefault(row["event_id"], []).append(row["quote"])
    assert {row["story"] for row in story} == {"isis-k"}
    assert 6 <= len(story) <= 10
    for row in story:
        ids = row["event_id"].split()
        assert set(ids) <= events, f"step {row['step']} names events that do not exist: {set(ids) - events}"
        for event_id in ids:
            assert any(q.strip() for q in cited.get(event_id, [])), f"step {row['step']}: {event_id} has no quote"
        if not ids:
            assert row["view"].strip().lower() not in ("", "auto"), f"step {row['step']} frames no event"
    # and what load makes of it: one story, its steps in step order, every row a step
    (loaded,) = load(SHIPPED).stories
    assert [step.number for step in loaded.steps] == sorted(int(row["step"]) for row in story)


QUALIFIED = re.compile(
    r"\b(?:(at least|more than|nearly|almost|about|around|over|up to|fewer than)\s+)?(\d[\d,–]*\d|\d)\b", re.IGNORECASE
)
MONTHS = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b")


def test_the_shipped_story_says_figures_dates_and_quotes_as_its_citations_do() -> None:
    """A check by machine of part of what a reader checks by eye: every figure
    (with its "at least", "nearly"...), month and quoted passage in a step's
    text is in the quotes cited for the step's events."""
    quotes: dict[str, list[str]] = {}
    for row in rows("citations.csv"):
        quotes.setdefault(row["event_id"], []).append(row["quote"])
    for row in rows("story.csv"):
        cited = " ".join(q for event_id in row["event_id"].split() for q in quotes[event_id]).lower()
        text = row["text"]
        for qualifier, number in QUALIFIED.findall(text):
            said = f"{qualifier} {number}" if qualifier else number
            assert said.lower() in cited, f"step {row['step']}: '{said}' is in no quote of its events"
        for month in MONTHS.findall(text):
            assert month.lower() in cited, f"step {row['step']}: '{month}' is in no quote of its events"
        for passage in re.findall(r"“([^”]+)”", text):
            assert passage.lower() in cited, f"step {row['step']}: “{passage}” is not quoted verbatim"


VIEW_CHARS = st.sampled_from(
    [*list(",;. -+0123456789éaZ\u2028\u202e"), "world", "auto", "Kabul", "(", ")", "90", "180"]
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(VIEW_CHARS, max_size=12).map("".join))
def test_any_view_is_a_view_or_one_problem(tmp_path: Path, view: str) -> None:
    quoted = '"' + view.replace('"', '""') + '"'
    try:
        (step,) = load(table(tmp_path, f"s,1,a,Title,,{quoted}\n")).stories[0].steps
    except InvalidInputError as err:
        assert [p.column for p in err.problems] == ["view"]
    else:
        assert step.view is None or step.view == "world" or len(step.view) == 4
