"""The map picture (issue 17): every placed event drawn as itself, the attacks
labelled without overlap, framed on the events with complete outlines; read
from map.svg's elements and boxes, map.pdf's text and the page in picture mode."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import main
from timeline.datablock import DATE_FIELDS, decode, event_records
from timeline.images import parse_frame

SVG = "{http://www.w3.org/2000/svg}"
LABEL = DATE_FIELDS.index("label")
Box = tuple[float, float, float, float]


def placed_events(pictures: Path) -> list[dict]:
    """The events the map page's data block places (independent of the picture's code)."""
    block = decode((pictures / "map.html").read_text(encoding="utf-8"))
    events = [e for e in event_records(block) if e["loc"] >= 0]  # loc: a row of the places table, or -1
    for e in events:
        e["date_label"] = block["dates"][e["date"]][LABEL]
    return events


def attacks(pictures: Path) -> list[dict]:
    block = decode((pictures / "map.html").read_text(encoding="utf-8"))
    attack = [i for i, c in enumerate(block["categories"]) if c["id"] == "attack"]  # category: a row of this table
    return [e for e in placed_events(pictures) if e["category"] in attack]


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def svg_root(pictures: Path) -> ET.Element:
    return ET.fromstring((pictures / "map.svg").read_bytes())


def nested_offset(svg: ET.Element) -> tuple[float, float]:
    """How a nested <svg x y viewBox> moves its content into the picture's pixels."""
    min_x, min_y, *_ = (float(v) for v in svg.get("viewBox").split())
    return float(svg.get("x")) - min_x, float(svg.get("y")) - min_y


def mark_boxes(root: ET.Element) -> dict[str, Box]:
    """Event id -> the box of its circle, in the picture's pixels."""
    boxes = {}
    for svg in root.iter(f"{SVG}svg"):
        if svg is root or svg.get("viewBox") is None:
            continue
        dx, dy = nested_offset(svg)
        for path in svg.iter(f"{SVG}path"):
            if "picture-mark" not in (path.get("class") or ""):
                continue
            # Leaflet draws a circle as "Mx,ya r,r 0 1,0 2r,0 ...": (x, y) is its left end.
            x, y, r = (float(v) for v in re.match(r"M([-\d.]+),([-\d.]+)a([\d.]+)", path.get("d")).groups())
            boxes[path.get("data-event")] = (x + dx, y + dy - r, x + dx + 2 * r, y + dy + r)
    return boxes


def label_boxes(root: ET.Element) -> dict[str, tuple[Box, str]]:
    """Event id -> (the box of its label's ground, its text)."""
    labels = {}
    for g in root.iter(f"{SVG}g"):
        if "picture-label" not in (g.get("class") or "").split():
            continue
        tx, ty = (float(v) for v in re.match(r"translate\(([-\d.]+),([-\d.]+)\)", g.get("transform")).groups())
        rect = g.find(f"{SVG}rect")
        x, y = tx + float(rect.get("x")), ty + float(rect.get("y"))
        box = (x, y, x + float(rect.get("width")), y + float(rect.get("height")))
        text = " ".join(t.text or "" for t in g.iter(f"{SVG}tspan"))
        labels[g.get("data-event")] = (box, text)
    return labels


def test_map_svg_has_one_mark_per_placed_event(pictures: Path) -> None:
    root = svg_root(pictures)
    marks = [p.get("data-event") for p in root.iter(f"{SVG}path") if "picture-mark" in (p.get("class") or "")]
    expected = [e["id"] for e in placed_events(pictures)]
    assert len(expected) == 14  # as the build reports: "14 on the map"
    assert sorted(marks) == sorted(expected)  # each once: none clustered, none twice


def test_unknown_deaths_are_hollow_in_the_svg(pictures: Path) -> None:
    root = svg_root(pictures)
    unknown = {e["id"] for e in placed_events(pictures) if e["killed"] < 0}  # no row of the counts table
    assert unknown  # the shipped table has events with no figure
    for path in root.iter(f"{SVG}path"):
        if path.get("data-event") in unknown:
            assert float(path.get("fill-opacity")) < 0.2, path.get("data-event")  # hollow, never a filled zero


def test_every_attack_is_labelled_with_its_title_and_date(pictures: Path) -> None:
    labels = label_boxes(svg_root(pictures))
    found = attacks(pictures)
    assert len(found) == 5
    for event in found:
        assert event["id"] in labels, event["id"]
        text = labels[event["id"]][1]
        assert text.startswith(event["title"]), text
        assert text.endswith(event["date_label"]), text


def test_no_label_overlaps_another_or_a_mark(pictures: Path) -> None:
    root = svg_root(pictures)
    labels = label_boxes(root)
    marks = mark_boxes(root)
    assert len(labels) >= 5
    width, height = float(root.get("width")), float(root.get("height"))
    ids = sorted(labels)
    for n, a in enumerate(ids):
        box = labels[a][0]
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height, (a, box)
        for b in ids[n + 1 :]:
            assert not overlap(box, labels[b][0]), (a, b)
        for event, mark in marks.items():
            assert not overlap(box, mark), (a, event)


def test_map_pdf_text_has_every_attack_label(pictures: Path) -> None:
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext not found: apt-get install poppler-utils")
    text = subprocess.run(
        [pdftotext, str(pictures / "map.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(text.split())
    for event in attacks(pictures):
        assert f"{event['title']} {event['date_label']}" in words, event["id"]
    assert "Data as of late March 2024" in words


def test_map_svg_outlines_cover_the_whole_picture(pictures: Path) -> None:
    """The outlines' renderer spans the picture (the old cut along a straight line
    was that renderer sized for the map before the page's header was hidden)."""
    root = svg_root(pictures)
    width, height = float(root.get("width")), float(root.get("height"))
    assert (width, height) == (960, 540)  # the picture's 1920×1080 pixels, laid out at half size
    outlines = [s for s in root.iter(f"{SVG}svg") if s is not root and any("leaflet-interactive" in (p.get("class") or "") for p in s.iter(f"{SVG}path")) and not any("picture-mark" in (p.get("class") or "") for p in s.iter(f"{SVG}path"))]  # fmt: skip
    assert outlines
    x, y = float(outlines[0].get("x")), float(outlines[0].get("y"))
    assert x <= 0 and y <= 0
    assert x + float(outlines[0].get("width")) >= width and y + float(outlines[0].get("height")) >= height


def picture_page(browser, map_html: Path, frame: str):
    context = browser.new_context(viewport={"width": 960, "height": 540})
    page = context.new_page()
    blocked: list[str] = []
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else (blocked.append(r.request.url), r.abort()),
    )  # fmt: skip
    page.goto(map_html.resolve().as_uri() + "?picture&frame=" + frame)
    page.wait_for_function("() => document.body.dataset.ready === 'true'")
    return context, page, blocked


BOXES = """(selector) => Array.from(document.querySelectorAll(selector)).map((n) => {
  const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];
}).filter((b) => b[2] > b[0])"""


@pytest.mark.parametrize("frame", ["auto", "world", parse_frame("Afghanistan")])
def test_labels_clear_of_controls_and_place_names_and_the_locator(pictures: Path, browser, frame: str) -> None:
    context, page, blocked = picture_page(browser, pictures / "map.html", frame)
    try:
        assert blocked == []
        drawn = page.evaluate("() => Timeline.mapPicture.drawn")
        labels = page.evaluate(BOXES, ".picture-label")
        assert len(labels) == len(drawn["labels"])
        others = page.evaluate(BOXES, ".leaflet-control, .place-name")
        for label in labels:
            for other in others:
                assert not overlap(label, other), (label, other)
        # A regional frame has a world locator marking it; the world frame none.
        assert page.locator(".map-locator").count() == (0 if frame == "world" else 1)
        ids = {e["id"] for e in placed_events(pictures)}
        if frame == "auto":
            assert sorted(drawn["marks"]) == sorted(ids)  # every event in the frame
            assert drawn["view"][3] - drawn["view"][1] < 120  # regional, not the world
        if frame != "world":
            assert page.locator(".map-locator-frame").count() == 1
        # Every attack in the frame is labelled with its title.
        titled = {label["id"] for label in drawn["labels"] if label["title"]}
        assert titled == {e["id"] for e in attacks(pictures)} & set(drawn["marks"])
    finally:
        context.close()


def test_frame_option_errors_name_the_option_the_value_and_the_fix(tmp_path: Path) -> None:
    for value, why in (
        ("60,35,25,80", "S below N"),
        ("1,2,3", "four numbers"),
        ("10,170,20,-170", "W west of E"),
        ("Narnia", "not a place the offline gazetteer knows"),
    ):
        result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--images", "--frame", value])
        assert result.exit_code == 2
        error = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(error) == 1
        assert "'--frame'" in error[0] and f"'{value}'" in error[0] and why in error[0]
        assert "write auto, world, a box as S,W,N,E" in error[0]
        assert not (tmp_path / "out").exists()


def test_frame_values() -> None:
    assert parse_frame("auto") == "auto"
    assert parse_frame(" World ") == "world"
    assert parse_frame("25, 35.5, 60, 80.126") == "25,35.5,60,80.13"
    south, west, north, east = (float(v) for v in parse_frame("Afghanistan").split(","))
    assert south < 34.5 < north and west < 69.2 < east  # Kabul inside
    assert east - west < 20  # the country, not the world


def test_alt_text_says_the_frame_and_the_labels(pictures: Path) -> None:
    text = (pictures / "images.md").read_text(encoding="utf-8")
    section = text[text.index("## map.png, map.svg, map.pdf") :]
    assert "The map is framed on the events (30°N to 56°N, 37°E to 70°E)" in section
    assert "a small world map in the corner" in section  # the locator the auto frame draws
    assert "The 5 attacks are labelled with title and date (as precise as known): " in section
    labelled = section[section.index("as precise as known): ") :].split(";")[0]
    for event in attacks(pictures):
        assert event["title"] in labelled


def test_map_svg_is_xml_whatever_the_titles_hold(tmp_path: Path) -> None:
    """Titles are text in map.svg: markup, ampersands, quotes and a no-break
    space (which HTML would write as "&nbsp;", not XML) come back as written."""
    title = 'Attack on <b>"A&B"</b>\u00a0café'
    table = tmp_path / "events.csv"
    table.write_text(
        "id,date,title,category,place,lat,lon,killed\n"
        f'one,2020-05-01,"{title.replace(chr(34), chr(34) * 2)}",attack,,48.85,2.35,3\n'
        "two,2021,Unknown toll,attack,,52.52,13.40,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(table), "--out", str(out), "--images"])
    assert result.exit_code == 0, result.output
    root = ET.fromstring((out / "map.svg").read_bytes())
    labels = label_boxes(root)
    assert labels["one"][1].startswith(title + " "), labels["one"][1]  # wrapped at spaces, never at the no-break one
    assert "<b>" not in (out / "map.svg").read_text(encoding="utf-8")  # escaped, never markup
    assert sorted(mark_boxes(root)) == ["one", "two"]
