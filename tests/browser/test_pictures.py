"""Pictures, embeds and the deck: drawn offline by one Chromium, valid, legible
sizes, not blank, with their context inside, and the same bytes twice."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.images import step_frame
from timeline.pipeline import prepare

from ..conftest import ROOT, SHIPPED, chromium_path

PICTURES = ("timeline.png", "timeline.svg", "timeline.pdf", "map.png", "map.svg", "map.pdf")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def pdf_pages(data: bytes) -> int:
    assert data.startswith(b"%PDF-")
    return max(int(n) for n in re.findall(rb"/Count (\d+)", data))


@pytest.mark.parametrize("name", ["timeline.png", "map.png"])
def test_png_is_1920_by_1080_and_not_blank(pictures: Path, name: str) -> None:
    from PIL import Image

    data = (pictures / name).read_bytes()
    assert png_size(data) == (1920, 1080)
    image = Image.open(io.BytesIO(data)).convert("L")
    histogram = image.histogram()
    # Not one flat colour: many grey levels, and plenty of dark (ink) pixels.
    assert sum(1 for count in histogram if count) > 50
    assert sum(histogram[:128]) > 0.005 * 1920 * 1080


def test_svg_is_valid_and_carries_its_context(pictures: Path) -> None:
    root = ET.fromstring((pictures / "timeline.svg").read_bytes())
    assert root.tag.endswith("svg")
    text = " ".join(t.text or "" for t in root.iter() if t.tag.endswith(("text", "tspan")))  # wrapped lines are tspans
    assert "ISIS-K: attacks and context" in text  # title
    assert "Data as of late March 2024" in text
    assert "Sources: Vox (Ellen Ioanes)" in text  # credits, inside the picture
    assert "Crocus City Hall · 22 Mar 2024" in text  # an attack's label


@pytest.mark.parametrize("name", ["timeline.pdf", "map.pdf"])
def test_pdf_is_one_page(pictures: Path, name: str) -> None:
    assert pdf_pages((pictures / name).read_bytes()) == 1


def test_map_picture_has_no_controls_and_shows_its_caption(pictures: Path) -> None:
    """map.pdf is vector: its text can be read back."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        message = "pdftotext not found: apt-get install poppler-utils"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    text = subprocess.run(
        [pdftotext, str(pictures / "map.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "ISIS-K: attacks and context" in text
    assert "Data as of late March 2024" in text
    assert "Category" in text and "Deaths" in text and "Placement" in text
    assert "Sources: Vox" in text
    assert "All dates" not in text  # the time slider is not drawn


def test_alt_text_describes_each_picture(pictures: Path) -> None:
    text = (pictures / "images.md").read_text(encoding="utf-8")
    assert "## timeline.png, timeline.svg, timeline.pdf" in text
    assert "## map.png, map.svg, map.pdf" in text
    assert "Map of 14 of the 23 events" in text
    assert (
        "Sources disagree on the deaths of Gun attack on Crocus City Hall concert venue in Moscow "
        "(at least 133 — The Epoch Times; at least 139 — Vox; at least 140 — Vox)" in text
    )


def test_deck_has_every_part_and_citations_in_the_notes(pictures: Path) -> None:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prepared = prepare(SHIPPED)
    deck = Presentation(str(pictures / "briefing.pptx"))
    slides = list(deck.slides)
    titles = [next((shape.text_frame.text for shape in s.shapes if shape.name == "Title"), None) for s in slides]
    assert slides[0].shapes[0].text_frame.text == "ISIS-K: attacks and context"
    assert titles[:3] == [None, None, None]  # the title slide; the map and the timeline, full-bleed
    attacks = sorted((e for e in prepared.dataset.events if e.category == "attack"), key=lambda e: e.date.start)
    steps = [step for story in prepared.dataset.stories for step in story.steps]  # the story first
    first = 3 + len(steps)  # the attacks' slides
    assert titles[3:first] == [step.title for step in steps]
    step_maps = set()
    for slide in slides[3:first]:  # each step's map, drawn at the locator's size
        (drawn_map,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert png_size(drawn_map.image.blob) == (800, 600)
        step_maps.add(drawn_map.image.sha1)
    # Each step's own map: alike only where the frame and the events drawn over the rest are
    # (a step of Crocus City Hall and of statements with no place on the map).
    shown = {(step_frame(prepared, s), frozenset(i for i in s.event_ids if prepared.placements.get(i))) for s in steps}
    assert len(step_maps) == len(shown) >= len(steps) - 1
    slides, titles = slides[:3] + slides[first:], titles[:3] + titles[first:]
    assert titles[3:8] == [e.title for e in attacks]
    tables = [n for n, t in enumerate(titles) if t and t.startswith("Events")]
    assert tables == list(range(8, 8 + len(tables))) and titles[8 + len(tables) :] == ["Sources"]
    assert len(slides) == 3 + len(attacks) + len(tables) + 1
    pictures_alt = [s.shapes[0]._element.nvPicPr.cNvPr.get("descr") for s in slides[1:3]]
    assert pictures_alt[0].startswith("Map of ")
    assert pictures_alt[1].startswith("Timeline of the 23 events")
    drawn = set()
    for slide in slides[3:8]:  # each attack's own locator map, drawn by the browser at the locator's size
        (locator,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert png_size(locator.image.blob) == (800, 600)
        drawn.add(locator.image.sha1)
    assert len(drawn) == 5
    rows = []
    notes = ""
    for n in tables:
        table = next(shape for shape in slides[n].shapes if shape.has_table).table
        rows += [[cell.text for cell in row.cells] for row in list(table.rows)[1:]]
        notes += slides[n].notes_slide.notes_text_frame.text
    assert len(rows) == len(prepared.dataset.events)
    crocus = next(r for r in rows if r[1].startswith("Gun attack on Crocus City Hall"))
    when, title, category, place, deaths, perpetrator = crocus
    assert (when, title, category) == (
        "22 Mar 2024 (derived)",
        "Gun attack on Crocus City Hall concert venue in Moscow",
        "Attack",
    )
    assert place == "Crocus City Hall, Krasnogorsk — Wikipedia"  # the town is the reference's, not the articles'
    assert deaths == "at least 133 — The Epoch Times; at least 139 — Vox; at least 140 — Vox"
    # Every source's account of who did it, with its basis, and only those.
    accounts = [c.value for c in prepared.dataset.citations_for("crocus-city-hall-2024") if c.field == "perpetrator"]
    assert perpetrator.count(" — ") == len([a for a in accounts if a])
    for account in filter(None, accounts):
        assert account in perpetrator
    for c in prepared.dataset.citations:
        if c.quote:
            assert c.quote in notes
    sources = next(shape for shape in slides[-1].shapes if shape.name == "Sources").text_frame.text
    for source in prepared.dataset.sources.values():
        assert source.title in sources


def test_pictures_and_deck_are_the_same_bytes_twice(pictures: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(SHIPPED), "--out", str(tmp_path), "--images"])
    assert result.exit_code == 0, result.output
    for name in (*PICTURES, "images.md", "briefing.pptx", "briefing.pdf"):
        assert (tmp_path / name).read_bytes() == (pictures / name).read_bytes(), name


def test_the_printed_briefing_is_the_page_printed(pictures: Path, shipped) -> None:
    """briefing.pdf: index.html printed as its print stylesheet and print.js
    lay it out, A4 landscape: the title and the filters said on page 1, every
    event's title (a title wraps in its table cell: its words), every source,
    no control's text."""
    data = (pictures / "briefing.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and 2 <= pdf_pages(data) <= 12
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: apt-get install poppler-utils")
    text = subprocess.run(
        ["pdftotext", str(pictures / "briefing.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    first = text.split("\f")[0]
    assert "ISIS-K: attacks and context" in first and f"All {len(shipped.dataset.events)} events" in first
    found = set(text.split())
    for e in shipped.dataset.events:
        assert set(e.title.split()) <= found, e.id
    for source in shipped.dataset.sources.values():
        assert set(source.title.split()) <= found, source.id
    for control in ("Enter or click", "Clear filters", "Search title", "3y"):
        assert control not in text


def test_other_sizes(tmp_path: Path) -> None:
    if chromium_path() is None:
        pytest.skip("Chromium not found")
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(SHIPPED),
            "--out",
            str(tmp_path),
            "--images",
            "--width",
            "1200",
            "--height",
            "900",
            "--scale",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    assert png_size((tmp_path / "timeline.png").read_bytes()) == (2400, 1800)
    assert png_size((tmp_path / "map.png").read_bytes()) == (2400, 1800)


def test_without_chromium_nothing_is_written_and_the_error_says_how(tmp_path: Path) -> None:
    env = {"PATH": "/nonexistent", "CHROMIUM": "", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "build", str(SHIPPED), "--out", str(tmp_path / "out"), "--images"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: no Chromium found to draw the pictures with; install it (sudo apt-get install chromium) "
        "or set CHROMIUM=/path/to/chromium, or build without --images. Nothing was written."
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_embeds(tmp_path: Path, shipped_build: Path) -> None:
    fragment = (shipped_build / "embed" / "timeline.html").read_text(encoding="utf-8")
    assert '<div id="timeline-embed"' in fragment and 'id="timeline-embed-figure"' in fragment
    assert "<html" not in fragment and "<script src" not in fragment
    standalone = (shipped_build / "embed" / "timeline-standalone.html").read_text(encoding="utf-8")
    assert standalone.startswith("<!DOCTYPE html>") and "<script src" not in standalone
    iframe = (shipped_build / "embed" / "map-iframe.html").read_text(encoding="utf-8")
    assert '<iframe src="map.html" title="ISIS-K: attacks and context" width="960" height="600"' in iframe


def test_embedded_timeline_draws_on_a_page_that_loads_plotly(shipped_build: Path, tmp_path: Path, open_page) -> None:
    """The fragment pasted into a page that loads plotly.js (here, from the plotly package) draws every event."""
    from plotly.offline import get_plotlyjs

    host = tmp_path / "host.html"
    fragment = (shipped_build / "embed" / "timeline.html").read_text(encoding="utf-8")
    host.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><script>{get_plotlyjs()}</script></head>"
        f"<body><h1>A report</h1>{fragment}</body></html>",
        encoding="utf-8",
    )
    loaded = open_page(host)
    loaded.page.wait_for_selector("#timeline-embed-plot .scatterlayer path.point")
    drawn = loaded.page.evaluate(
        """() => { const c = document.getElementById('timeline-embed-plot');
          return c._fullData.filter(t => t.meta && t.meta.role === 'events').reduce((n, t) => n + t.x.length, 0); }"""
    )
    assert drawn == len(prepare(SHIPPED).dataset.events)
    assert loaded.blocked == [] and loaded.errors == []
