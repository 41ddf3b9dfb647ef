"""The deck (timeline/deck.py), made from the shipped table with stand-in
pictures (no browser needed: tests/browser/test_pictures.py checks the deck
the build makes with the real ones): its slides, one per attack with its
facts, locator map and quotes; the events table filled to the slide with a
category column; the sources linked; the notes' dates as the page gives them."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from timeline import claims, prepare
from timeline.datablock import DATE_FIELDS, decode, event_records
from timeline.deck import build_deck
from timeline.images import LOCATOR_PREFIX, step_key
from timeline.style import categories_for

from ..conftest import SHIPPED


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def made():
    prepared = prepare(SHIPPED)
    attacks = sorted((e for e in prepared.dataset.events if e.category == "attack"), key=lambda e: (e.date.start, e.id))
    pictures = {"map.png": _png(32, 18), "timeline.png": _png(32, 18)}
    pictures.update({LOCATOR_PREFIX + e.id: _png(40, 30) for e in attacks})
    # Every step's map but the first's: a step whose map could not be drawn still has its slide.
    steps = [(story, step) for story in prepared.dataset.stories for step in story.steps]
    pictures.update({step_key(story, step): _png(40, 30) for story, step in steps[1:]})
    data = build_deck(prepared, pictures)
    return prepared, attacks, Presentation(io.BytesIO(data)), data, pictures


def _named(slide, name: str):
    return next((shape for shape in slide.shapes if shape.name == name), None)


def _title(slide) -> str | None:
    shape = _named(slide, "Title")
    return shape.text_frame.text if shape is not None else None


def _kinds(deck) -> list[str]:
    """Each slide as what it is: title, picture, attack, events, sources."""
    out = []
    for n, slide in enumerate(deck.slides):
        title = _title(slide) or ""
        if n == 0:
            out.append("title")
        elif title.startswith("Events"):
            out.append("events")
        elif title.startswith("Sources"):
            out.append("sources")
        elif _named(slide, "Facts") is not None:
            out.append("attack")
        elif _named(slide, "Step text") is not None:
            out.append("step")
        else:
            out.append("picture")
    return out


def test_slides_are_the_fixed_ones_the_story_the_attacks_the_table_and_the_sources(made) -> None:
    prepared, attacks, deck, _, _ = made
    kinds = _kinds(deck)
    assert len(attacks) == 5  # the shipped table's: Kabul airport, embassy, hotel, Kerman, Crocus
    steps = sum(len(story.steps) for story in prepared.dataset.stories)
    assert steps == 9  # seeds/story.csv
    tables = kinds.count("events")
    assert tables >= 1 and kinds.count("sources") == 1
    fixed = ["title", "picture", "picture"]
    assert kinds == fixed + ["step"] * steps + ["attack"] * len(attacks) + ["events"] * tables + ["sources"]
    assert len(deck.slides) == 3 + steps + len(attacks) + tables + 1


def test_one_slide_per_step_of_the_story_with_its_events_figures_map_and_quotes(made) -> None:
    """Each step (story.csv, in step order): its title, its text, each of its
    events with its date and the sources' figures, its map (when drawn), and
    every quote cited for its events in the notes."""
    prepared, _, deck, _, _ = made
    dataset = prepared.dataset
    by_id = {e.id: e for e in dataset.events}
    steps = [(story, step) for story in dataset.stories for step in story.steps]
    slides = [s for s, kind in zip(deck.slides, _kinds(deck), strict=True) if kind == "step"]
    assert [_title(s) for s in slides] == [step.title for _, step in steps]
    for n, (slide, (story, step)) in enumerate(zip(slides, steps, strict=True), start=1):
        text = _named(slide, "Step text").text_frame.text
        assert text.startswith(step.text)
        assert _named(slide, "Step").text_frame.text == f"Step {n} of {len(story.steps)}"
        for event_id in step.event_ids:
            e = by_id[event_id]
            assert f"{e.title} — {claims.when(dataset, e)}" in text
            for c in dataset.citations_for(e.id):
                if c.field in ("killed", "injured") and c.value:
                    assert claims.KINDS[c.field].read(c.value).label in text, (step.title, c.value)
        notes = slide.notes_slide.notes_text_frame.text
        for event_id in step.event_ids:
            for c in dataset.citations_for(event_id):
                if c.quote:
                    assert c.quote in notes, (step.title, c.quote[:40])
        maps = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(maps) == (1 if step_key(story, step) in made[4] else 0)


def test_one_slide_per_attack_with_its_facts_picture_and_quotes(made) -> None:
    prepared, attacks, deck, _, _ = made
    dataset = prepared.dataset
    slides = [s for s, kind in zip(deck.slides, _kinds(deck), strict=True) if kind == "attack"]
    assert [_title(s) for s in slides] == [e.title for e in attacks]
    for slide, e in zip(slides, attacks, strict=True):
        facts = _named(slide, "Facts").text_frame.text
        # The date as the page states it (claims.when is the page's "when"), the figures in the sources' words.
        assert f"Date: {claims.when(dataset, e)}" in facts
        for c in dataset.citations_for(e.id):
            if c.field in ("killed", "injured") and c.value:
                assert claims.KINDS[c.field].read(c.value).label in facts, (e.id, c.value)
                source = dataset.sources[c.source_id]
                assert (source.publisher or source.title) in facts
        assert ("Killed: unknown" in facts) == (claims.said(dataset, e, "killed") == "")
        for field, s in claims.support(dataset, e).items():
            if s.status == "derived":
                assert s.how in facts, (e.id, field)
        if e.perpetrator:
            assert f"Perpetrator: {claims.said(dataset, e, 'perpetrator')}" in facts
        pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert [p.name for p in pictures] == ["Locator map"]
        assert pictures[0]._element.nvPicPr.cNvPr.get("descr").startswith(f"Locator map of {e.title}")
        notes = slide.notes_slide.notes_text_frame.text
        quotes = [c.quote for c in dataset.citations if c.event_id == e.id and c.quote]
        assert quotes
        for quote in quotes:
            assert quote in notes


def test_the_kabul_airport_slide_marks_its_derived_date_and_total(made) -> None:
    _, _, deck, _, _ = made
    kabul = next(s for s in deck.slides if _title(s) == "Suicide bombing at Kabul International Airport")
    facts = _named(kabul, "Facts").text_frame.text
    assert "Date: Aug 2021 (derived)" in facts
    assert "Derived date:" in facts
    assert "13 U.S. service members and more than 150 Afghans — The Epoch Times" in facts
    assert "at least 164 in all (derived: our sum of 13 and more than 150)" in facts
    assert "Perpetrator: ISIS-K (attributed by the White House) — The Epoch Times" in facts


def test_events_table_has_a_category_column_and_fills_its_slides(made) -> None:
    prepared, _, deck, _, _ = made
    labels = {c.id: c.label for c in categories_for([e.category for e in prepared.dataset.events])}
    slides = [s for s, kind in zip(deck.slides, _kinds(deck), strict=True) if kind == "events"]
    height = deck.slide_height
    rows = []
    for n, slide in enumerate(slides):
        shape = next(shape for shape in slide.shapes if shape.has_table)
        table = shape.table
        header = [cell.text for cell in table.rows[0].cells]
        assert header == ["Date", "Event", "Category", "Place", "Deaths", "Perpetrator"]
        body = list(table.rows)[1:]
        rows += [[cell.text for cell in row.cells] for row in body]
        used = sum(row.height for row in table.rows)
        room = height - shape.top
        assert shape.top + used <= height, f"slide {n + 1}: the table runs off the slide"
        assert all("[" not in row.cells[1].text for row in body)  # no "[Context]" suffix
        if n < len(slides) - 1:  # all but the last slide are filled
            assert used >= 0.75 * room, f"slide {n + 1}: the table fills {used / room:.0%} of the room below its top"
            tallest = max(row.height for row in body)
            assert len(body) >= math.floor(0.75 * room / tallest) - 1
    by_title = {e.title: e for e in prepared.dataset.events}
    assert sorted(r[1] for r in rows) == sorted(by_title)
    for row in rows:
        assert row[2] == labels[by_title[row[1]].category]


def test_sources_slide_links_each_source_to_its_address(made) -> None:
    prepared, _, deck, _, _ = made
    slides = [s for s, kind in zip(deck.slides, _kinds(deck), strict=True) if kind == "sources"]
    addresses, text = [], ""
    for slide in slides:
        frame = _named(slide, "Sources").text_frame
        text += frame.text
        for paragraph in frame.paragraphs:
            addresses += [run.hyperlink.address for run in paragraph.runs if run.hyperlink.address]
    sources = list(prepared.dataset.sources.values())
    assert addresses == [s.url for s in sources if s.url]
    assert len(addresses) == 3
    for s in sources:
        assert s.title in text
        assert " · ".join(x for x in (s.publisher, s.author, s.published) if x) in text


def test_notes_date_a_span_as_the_page_does(made, shipped_build: Path) -> None:
    prepared, _, deck, _, _ = made
    block = decode((shipped_build / "index.html").read_text(encoding="utf-8"))
    label = DATE_FIELDS.index("label")
    page = {}
    for ev in event_records(block):
        said = ev["said"] or {}
        when = block["dates"][ev["date"]][label]
        if ev["end_date"] >= 0:
            when += " – " + block["dates"][ev["end_date"]][label]
        page[ev["id"]] = said.get("when", when)  # as the page's Timeline.dateSaid
    assert page["soviet-war-afghanistan"] == "1979 – 1989"
    notes = "\n".join(
        s.notes_slide.notes_text_frame.text
        for s, kind in zip(deck.slides, _kinds(deck), strict=True)
        if kind == "events"
    )
    for e in prepared.dataset.events:
        assert f"{e.title} ({page[e.id]})" in notes, e.id


def test_same_bytes_twice(made) -> None:
    prepared, _, _, data, pictures = made
    assert build_deck(prepared, pictures) == data


def test_more_attacks_than_slides_for_them_keeps_the_deadliest(tmp_path: Path) -> None:
    from timeline.images import ATTACK_SLIDES_MAX, attacks

    lines = ["id,date,end_date,title,category,place,lat,lon,killed,injured,perpetrator,summary"]
    count = ATTACK_SLIDES_MAX + 5
    for n in range(count):  # the deadliest first in the file, the oldest last
        lines.append(f"a{n},{2020 - n}-01-0{1 + n % 9},,Attack {n},attack,,{10 + n / 10},{20 + n / 10},{count - n},,,")
    lines.append("s1,2021-05-01,,A statement,statement,,,,,,,")
    table = tmp_path / "events.csv"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    prepared = prepare(table)
    kept = attacks(prepared.dataset)
    assert [e.id for e in kept] == [f"a{n}" for n in reversed(range(ATTACK_SLIDES_MAX))]  # oldest first
    deck = Presentation(io.BytesIO(build_deck(prepared, {"map.png": _png(32, 18), "timeline.png": _png(32, 18)})))
    assert _kinds(deck).count("attack") == ATTACK_SLIDES_MAX


def test_an_attack_without_a_locator_picture_still_says_where_it_is_shown(made) -> None:
    prepared, attacks, _, _, pictures = made
    without = {name: data for name, data in pictures.items() if not name.startswith(LOCATOR_PREFIX)}
    deck = Presentation(io.BytesIO(build_deck(prepared, without)))
    slides = [s for s, kind in zip(deck.slides, _kinds(deck), strict=True) if kind == "attack"]
    for slide, e in zip(slides, attacks, strict=True):
        assert _named(slide, "Locator map") is None
        place = prepared.placements.get(e.id)
        assert _named(slide, "Placement").text_frame.text.startswith(f"Shown at {place.name}"), e.id
