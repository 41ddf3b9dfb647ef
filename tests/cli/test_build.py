"""The built pages as files: self-contained, deterministic, and up to date."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import build
from timeline.datablock import decode, event_records
from timeline.page import packed_scripts
from timeline.pipeline import EMBED_FILES, OUTPUT_FILES

from ..conftest import ROOT, SHIPPED

PAGES = list(OUTPUT_FILES)


@pytest.mark.parametrize("name", PAGES)
def test_pages_load_nothing_from_elsewhere(shipped_build: Path, name: str) -> None:
    html = (shipped_build / name).read_text(encoding="utf-8")
    assert re.findall(r"<script[^>]*\bsrc=", html) == []
    assert re.findall(r"<link[^>]*\bhref=", html) == []
    assert re.findall(r"@import", html) == []
    assert "Content-Security-Policy" in html
    # Our own map code, no cluster plugin; that the libraries are inside and
    # run offline is tests/browser/test_browser.py's test_the_libraries_run_from_the_file.
    if name != "timeline.html":
        code = "\n".join(packed_scripts(html))  # the scripts boot.js runs (page.py)
        assert "T.map = {" in code and "markerClusterGroup" not in code


def test_two_builds_are_byte_identical(tmp_path: Path, shipped_build: Path) -> None:
    build(SHIPPED, tmp_path)
    for name in (*PAGES, *EMBED_FILES):
        assert (tmp_path / name).read_bytes() == (shipped_build / name).read_bytes(), name


def test_committed_output_is_up_to_date(shipped_build: Path) -> None:
    """output/ is what `scripts/build` writes from the shipped table; rebuild and commit it if this fails.

    The pictures are drawn by the machine's Chromium, whose fonts may differ
    from one machine to the next, so they are checked for being there (and
    tests/browser/test_pictures.py checks fresh ones); everything else byte for byte."""
    from timeline import prepare
    from timeline.describe import images_markdown
    from timeline.stamp import read_id, stamp

    build_id = read_id("index.html", (shipped_build / "index.html").read_bytes())
    for name in (*PAGES, *EMBED_FILES):
        committed = ROOT / "output" / name
        assert committed.exists(), f"{committed} is missing: run scripts/build"
        assert committed.read_bytes() == (shipped_build / name).read_bytes(), f"{committed} is stale: run scripts/build"
    alt_text = stamp("images.md", images_markdown(prepare(SHIPPED), (1920, 1080)).encode("utf-8"), build_id)
    assert (ROOT / "output" / "images.md").read_bytes() == alt_text, "output/images.md is stale: run scripts/build"
    for name in (
        "timeline.png",
        "timeline.svg",
        "timeline.pdf",
        "map.png",
        "map.svg",
        "map.pdf",
        "briefing.pptx",
        "briefing.pdf",
    ):
        assert (ROOT / "output" / name).stat().st_size > 10_000, f"output/{name} is missing: run scripts/build"
        assert read_id(name, (ROOT / "output" / name).read_bytes()) == build_id, f"output/{name} is stale"


def test_the_shipped_story_is_in_the_block(shipped_build: Path) -> None:
    """The built page carries seeds/story.csv: its steps in step order, each
    naming the events of its row (read back through the block's events)."""
    block = decode((shipped_build / "index.html").read_text(encoding="utf-8"))
    with (ROOT / "seeds" / "story.csv").open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda row: int(row["step"]))
    ids = [event["id"] for event in event_records(block)]
    (story,) = block["stories"]
    assert (story["id"], story["title"]) == ("isis-k", rows[0]["title"])
    assert [(s["title"], s["text"]) for s in story["steps"]] == [(r["title"], r["text"]) for r in rows]
    assert [[ids[i] for i in s["events"]] for s in story["steps"]] == [r["event_id"].split() for r in rows]
    views = [s["view"] for s in story["steps"]]
    assert views[0] == [24, 28, 44, 78] and views[1:-1] == [None] * (len(rows) - 2)


def test_a_table_of_our_own_with_coordinates_and_no_sources(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        "id,date,title,category,lat,lon,killed\n"
        "harbour-fire,2023-05-01,Harbour fire,fire,51.5072,-0.1276,0\n"
        "strike,2023,General strike,strike,,,\n",
        encoding="utf-8",
    )
    report = build(events, tmp_path / "out")
    assert (report.events, report.placed, len(report.without_place)) == (2, 1, 1)
    block = decode((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    fire, strike = event_records(block)
    assert (fire["title"], strike["title"]) == ("Harbour fire", "General strike")
    assert block["places"][fire["loc"]][:4] == [51.5072, -0.1276, "venue", "explicit"]
    assert strike["loc"] == -1
    assert block["counts"][fire["killed"]] == ["0", 0, 0, "exact", "", ""]
    assert strike["killed"] == -1
    assert block["stories"] == []  # no story.csv
    # Categories outside the vocabulary still build, each with a colour of its own.
    categories = {c["id"]: (c["label"], c["color"]) for c in block["categories"]}
    assert categories["fire"] == ("Fire", "#56B4E9")
    assert categories["strike"] == ("Strike", "#000000")


def test_the_build_cache_changes_no_byte(tmp_path: Path, monkeypatch) -> None:
    """folium's map frame and the city index are kept between builds; a build
    that makes them, one that reuses them and one whose cache folder cannot be
    written write the same pages."""
    from timeline.mapview import map_parts

    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path / "cache"))
    build(SHIPPED, tmp_path / "cold")
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir()) == ["cities", "map"]
    build(SHIPPED, tmp_path / "warm")
    (tmp_path / "blocked").write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path / "blocked"))
    build(SHIPPED, tmp_path / "uncached")
    for name in PAGES:
        cold = (tmp_path / "cold" / name).read_bytes()
        assert cold == (tmp_path / "warm" / name).read_bytes() == (tmp_path / "uncached" / name).read_bytes(), name
    assert "folium-map" in map_parts()[1]


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=5000), piece=st.integers(min_value=1, max_value=6000))
def test_the_block_deflated_in_pieces_inflates_to_what_went_in(data: bytes, piece: int) -> None:
    """Pieces deflated apart and joined are one gzip member any reader inflates,
    whatever the cut, with our own header and the same bytes each time."""
    import gzip
    import zlib

    from timeline.datablock import GZIP_HEADER, gzip_in_pieces

    packed = gzip_in_pieces(data, piece)
    assert gzip.decompress(packed) == data
    inflater = zlib.decompressobj(31)
    assert inflater.decompress(packed) == data and inflater.eof and not inflater.unused_data  # one member
    assert packed.startswith(GZIP_HEADER)
    assert gzip_in_pieces(data, piece) == packed
