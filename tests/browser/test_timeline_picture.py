"""The timeline picture as an editor would judge it, read back from
timeline.svg: framed where the events are, every text legible at half a
slide, labels clear of each other and of the markers, leader lines that cross
nothing, a size key, and a true note of what lies outside the frame.

Boxes are measured in Chromium (getBoundingClientRect on the SVG opened as
it is), in the SVG's own units."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest

from timeline.chart import EPOCH, _whole_range, build_figure, diameter, geometry, midpoint, opening_range
from timeline.images import ImageSize
from timeline.style import UNKNOWN_RADIUS, radius_of

from ..conftest import SHIPPED

MEASURE = """() => {
  const svg = document.documentElement;
  const k = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left / k, r.top / k, r.right / k, r.bottom / k]; };
  const texts = [...document.querySelectorAll("text")].filter((t) => t.textContent.trim()).map((t) => ({
    text: t.textContent, box: box(t), size: parseFloat(getComputedStyle(t).fontSize),
  }));
  const annotations = [...document.querySelectorAll("g.annotation")].map((g) => ({
    index: +g.dataset.index, text: g.textContent, box: box(g.querySelector("rect.bg") || g.querySelector("text")),
  }));
  const shapes = [...document.querySelectorAll(".shapelayer path")].map((p) => {
    const m = p.getScreenCTM();
    const a = p.getPointAtLength(0).matrixTransform(m);
    const b = p.getPointAtLength(p.getTotalLength()).matrixTransform(m);
    return { index: +p.dataset.index, a: [a.x / k, a.y / k], b: [b.x / k, b.y / k], box: box(p) };
  });
  const points = [...document.querySelectorAll(".scatterlayer path.point")].map(box);
  return { texts, annotations, shapes, points };
}"""


@pytest.fixture(scope="module")
def shipped_dataset():
    from timeline import prepare

    return prepare(SHIPPED).dataset


@pytest.fixture(scope="module")
def layout(shipped_dataset) -> dict:
    """The figure the picture was drawn from: its annotations' and shapes' names, in the SVG's order."""
    return build_figure(shipped_dataset, size=ImageSize().css)["layout"]


@pytest.fixture(scope="module")
def measured(pictures: Path, browser) -> dict:
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto((pictures / "timeline.svg").resolve().as_uri())
    found = page.evaluate(MEASURE)
    page.close()
    return found


def _frame_from_ticks(svg: ET.Element) -> tuple[date, date]:
    """The dates at the plot's left and right edges, from the year ticks' places."""
    ticks = []
    for g in svg.iter():
        if g.get("class") == "xtick":
            text = next(t for t in g.iter() if t.tag.endswith("text"))
            x = float(re.search(r"translate\(([-\d.]+)", text.get("transform")).group(1))
            ticks.append((date(int(text.text), 1, 1), x))
    assert len(ticks) >= 2, "the date axis has year ticks"
    (d0, x0), (d1, x1) = ticks[0], ticks[-1]
    per_day = (x1 - x0) / (d1 - d0).days
    clip = next(c for c in svg.iter() if c.tag.endswith("clipPath") and (c.get("id") or "").endswith("xyplot"))
    width = float(next(r for r in clip.iter() if r.tag.endswith("rect")).get("width"))
    left = next(
        float(r.get("x"))
        for c in svg.iter()
        if c.tag.endswith("clipPath") and (c.get("id") or "").endswith("x") and "axesclip" in (c.get("class") or "")
        for r in c.iter()
        if r.tag.endswith("rect")
    )
    start = d0 - timedelta(days=(x0 - left) / per_day)
    return start, start + timedelta(days=width / per_day)


def _overlap(a: list[float], b: list[float], tolerance: float = 0.5) -> bool:
    return a[0] < b[2] - tolerance and b[0] < a[2] - tolerance and a[1] < b[3] - tolerance and b[1] < a[3] - tolerance


def _crosses(p: list[float], q: list[float], r: list[float], s: list[float]) -> bool:
    """Do segments pq and rs meet (touching counts)?"""

    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2, d3, d4 = orient(r, s, p), orient(r, s, q), orient(p, q, r), orient(p, q, s)
    if not (d1 or d2 or d3 or d4):  # on one line: they meet if they overlap
        span = [min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])]
        other = [min(r[0], s[0]), min(r[1], s[1]), max(r[0], s[0]), max(r[1], s[1])]
        return _overlap(span, other, -1)
    return bool((d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0) and d1 and d2 and d3 and d4)


def _segment_in_box(a: list[float], b: list[float], box: list[float], inset: float = 0.5) -> bool:
    """Does the segment ab pass inside ``box`` (shrunk by ``inset``)?"""
    left, top, right, bottom = box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset
    for n in range(101):
        t = n / 100
        x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        if left < x < right and top < y < bottom:
            return True
    return False


def _named(layout: dict, kind: str, prefix: str) -> dict[int, str]:
    return {n: item["name"] for n, item in enumerate(layout[kind]) if item.get("name", "").startswith(prefix)}


def test_framed_on_the_events_with_every_attack(pictures: Path, shipped_dataset) -> None:
    start, end = _frame_from_ticks(ET.fromstring((pictures / "timeline.svg").read_bytes()))
    events = shipped_dataset.events
    at = geometry(shipped_dataset)
    opening = opening_range(events, at, _whole_range(at.first, at.last))
    assert start >= opening[0] - timedelta(days=3), f"the picture starts {start}, before the pages open ({opening[0]})"
    assert end - start < timedelta(
        days=0.5 * (max(e.last_day for e in events) - min(e.date.start for e in events)).days
    )
    for e in events:
        if e.category == "attack":
            assert start <= midpoint(e) <= end, f"{e.id} ({midpoint(e)}) is outside the picture ({start} to {end})"


def test_the_note_says_what_is_earlier(pictures: Path, shipped_dataset) -> None:
    start, _ = _frame_from_ticks(ET.fromstring((pictures / "timeline.svg").read_bytes()))
    earlier = sorted((e for e in shipped_dataset.events if midpoint(e) < start), key=lambda e: e.date.start)
    assert earlier, "the shipped table has events before the frame"
    categories = {e.category for e in earlier}
    assert categories == {"context"}
    svg_text = " ".join(t.text or "" for t in ET.fromstring((pictures / "timeline.svg").read_bytes()).iter())
    said = f"Earlier, not shown: {len(earlier)} context events, {earlier[0].date.label} to {earlier[-1].date.label}"
    assert said in svg_text
    alt = (pictures / "images.md").read_text(encoding="utf-8")
    assert said in alt
    assert f"the picture shows {start.year} to" in alt


def test_every_text_is_legible_at_half_a_slide(pictures: Path, measured: dict) -> None:
    """At least 36 pixels of the 1920-pixel picture: 12 when it is shown 640 pixels wide."""
    svg = ET.fromstring((pictures / "timeline.svg").read_bytes())
    pixels_per_unit = float(svg.get("width")) / float(svg.get("viewBox").split()[2])
    assert len(measured["texts"]) > 20
    small = [(t["text"], t["size"]) for t in measured["texts"] if t["size"] * pixels_per_unit < 36 * 1920 / 1920]
    assert not small, f"texts under 36 px at 1920 wide: {small}"


def test_no_text_overlaps_another(measured: dict) -> None:
    texts = measured["texts"]
    clashes = [
        (a["text"], b["text"]) for n, a in enumerate(texts) for b in texts[n + 1 :] if _overlap(a["box"], b["box"])
    ]
    assert not clashes, clashes


def test_every_attack_labelled_clear_of_labels_and_markers(measured: dict, layout: dict, shipped_dataset) -> None:
    labels = _named(layout, "annotations", "label:")
    attacks = {e.id for e in shipped_dataset.events if e.category == "attack"}
    assert {name[len("label:") :] for name in labels.values()} == attacks
    boxes = [a["box"] for a in measured["annotations"] if a["index"] in labels]
    assert len(boxes) == len(labels)
    everything = [a["box"] for a in measured["annotations"] if a["index"] not in labels]
    for n, box in enumerate(boxes):
        assert not any(_overlap(box, other) for other in boxes[n + 1 :] + everything)
        assert not any(_overlap(box, point) for point in measured["points"]), "a label covers a marker"


def test_leader_lines_cross_nothing(measured: dict, layout: dict) -> None:
    leaders = _named(layout, "shapes", "leader:")
    labels = {name[len("label:") :]: n for n, name in _named(layout, "annotations", "label:").items()}
    assert len(leaders) == len(labels)
    lines = {s["index"]: s for s in measured["shapes"] if s["index"] in leaders}
    label_box = {a["index"]: a["box"] for a in measured["annotations"]}
    assert len(lines) == len(leaders)
    items = sorted(lines.items())
    for n, (i, line) in enumerate(items):
        for _, other in items[n + 1 :]:
            assert not _crosses(line["a"], line["b"], other["a"], other["b"]), "two leader lines cross"
        own = labels[leaders[i][len("leader:") :]]
        for j, box in label_box.items():
            if j != own:
                assert not _segment_in_box(line["a"], line["b"], box), f"{leaders[i]} crosses a label"
        top = min(line["a"][1], line["b"][1])
        assert abs(top - label_box[own][3]) < 2, f"{leaders[i]} does not reach its label"


def test_size_key_shows_deaths_and_unknown(measured: dict, layout: dict) -> None:
    texts = {t["text"] for t in measured["texts"]}
    assert {"Deaths:", "10", "100", "unknown"} <= texts
    keys = _named(layout, "shapes", "key:")
    shapes = {s["index"]: s for s in measured["shapes"]}
    want = {"key:filled:10": radius_of(10), "key:filled:100": radius_of(100), "key:hollow:unknown": UNKNOWN_RADIUS}
    assert set(keys.values()) == set(want)
    for index, name in keys.items():
        box = shapes[index]["box"]
        assert abs((box[2] - box[0]) - diameter(want[name]) / 10) < 3, f"{name} is not drawn at the markers' size"


def test_frame_is_the_pages_own_rule(shipped_dataset, layout: dict) -> None:
    at = geometry(shipped_dataset)
    opening = opening_range(shipped_dataset.events, at, _whole_range(at.first, at.last))
    assert layout["xaxis"]["range"] == [d.isoformat() for d in opening]
    assert opening[0] > EPOCH
