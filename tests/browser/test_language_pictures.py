"""The pictures, their alt text and the deck in the reader's language, with
Arabic-script and Cyrillic text drawn and shaped right (issue 21).

The mixed-script table (tests/data/mixed-script: Persian, Russian and English
rows) is built once in Persian with --images, in a process of its own (a
build sets the language for the rest of its process); the Russian deck is
made here from the same table with stand-in pictures. What comes back (the
SVGs' text, pdftotext of timeline.pdf, python-pptx's reading of the deck,
images.md) is checked against the catalogues' own words
(timeline/locales/*.po) and the table's own text, read back in logical order.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pptx import Presentation
from pptx.oxml.ns import qn

from timeline import bidi, language
from timeline.catalogue import read

from ..conftest import DATA, chromium_path

TABLE = DATA / "mixed-script" / "events.csv"
SVG = "{http://www.w3.org/2000/svg}"
ARABIC_FONT = "Noto Sans Arabic UI"  # what the README and scripts/build install (fonts-noto-ui-core)
PERSIAN_LETTERS = "پچژگیک"  # letters Persian adds to the Arabic alphabet
KABUL_TITLE = "حمله انتحاری در فرودگاه کابل"
CROCUS_TITLE = "Теракт в «Крокус Сити Холле»"
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _rows() -> dict[str, dict[str, str]]:
    import csv

    with TABLE.open(encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def words(code: str) -> dict[str, str]:
    """The catalogue's translations, by message (a plural's: its first form)."""
    out = {}
    for m in read(code):
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            out[m.id[0]] = m.string[0]
        else:
            out[m.id] = m.string
    return out


def logical(text: str) -> str:
    """Text read back, without the direction marks and isolates put around its parts."""
    return CONTROLS.sub("", bidi.strip(text))


def svg_texts(path: Path) -> list[str]:
    """Each <text> element's words (its lines, tspans, joined by a space)."""
    root = ET.parse(path).getroot()
    out = []
    for node in root.iter(f"{SVG}text"):
        parts = [node.text or ""] + [t.text or "" for t in node.iter(f"{SVG}tspan")]
        out.append(logical(" ".join(p for p in parts if p)))
    return out


@pytest.fixture(scope="module")
def fa(tmp_path_factory) -> Path:
    """The mixed-script table built in Persian with --images (in a process of its own)."""
    if chromium_path() is None:
        pytest.skip("Chromium not found: apt-get install chromium")
    out = tmp_path_factory.mktemp("fa")
    command = [str(Path(sys.executable).with_name("timeline")), "build", str(TABLE), "--out", str(out)]
    done = subprocess.run(
        [*command, "--images", "--language", "fa"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.fixture(scope="module")
def ru_deck():
    """The Russian deck of the mixed-script table, its pictures stand-ins."""
    from timeline import prepare
    from timeline.deck import build_deck
    from timeline.images import LOCATOR_PREFIX

    def png() -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (32, 18), "white").save(out, "PNG")
        return out.getvalue()

    before = language.current()
    try:
        language.use("ru")
        prepared = prepare(TABLE)
        pictures = {"map.png": png(), "timeline.png": png()}
        pictures.update({LOCATOR_PREFIX + e.id: png() for e in prepared.dataset.events})
        return Presentation(io.BytesIO(build_deck(prepared, pictures)))
    finally:
        language.use(before)


def test_the_arabic_font_is_installed_and_covers_persian():
    """The font the pictures and deck name is installed and has Persian's own letters."""
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig's fc-list not found")
    charset = " ".join(f"{ord(c):x}" for c in PERSIAN_LETTERS)
    found = subprocess.run(
        ["fc-list", f":family={ARABIC_FONT}:charset={charset}", "family"], capture_output=True, text=True, check=True
    )
    assert ARABIC_FONT in found.stdout, f"install fonts-noto-ui-core (scripts/need-debian-packages): {found.stdout!r}"


def test_timeline_svg_speaks_persian_and_keeps_the_table_text(fa):
    fa_words = words("fa")
    texts = svg_texts(fa / "timeline.svg")
    joined = "\n".join(texts)
    assert fa_words["Deaths:"] in texts  # the size key
    assert fa_words["unknown"] in texts
    assert "Deaths" not in joined and "unknown" not in joined
    rows = _rows()
    kabul = rows["kabul-airport"]
    # The Kabul attack's label: its place, then its day in Persian digits, in logical order.
    label = next(t for t in texts if kabul["place"] in t)
    year = kabul["date"][:4].translate(PERSIAN_DIGITS)
    day = str(int(kabul["date"][8:])).translate(PERSIAN_DIGITS)
    assert label.index(kabul["place"]) < label.index(day) < label.index(year), label
    # The Cyrillic place comes back whole.
    assert any(rows["crocus"]["place"] in t for t in texts)
    # Text holding Arabic script is set in the Arabic font first; the rest as before.
    root = ET.parse(fa / "timeline.svg").getroot()
    for node in root.iter(f"{SVG}text"):
        text = logical("".join(node.itertext()))
        style = node.get("style", "")
        if any("\u0600" <= c <= "\u06ff" for c in text):
            assert f"font-family: '{ARABIC_FONT}'" in style, (text, style)


def test_map_svg_keeps_each_title_whole_and_in_order(fa):
    texts = svg_texts(fa / "map.svg")
    for title in (KABUL_TITLE, CROCUS_TITLE, _rows()["kerman"]["title"]):
        assert any(title in t for t in texts), (title, texts)
    root = ET.parse(fa / "map.svg").getroot()
    assert root.get("direction") == "rtl"  # the page is laid out right to left, and so is its SVG
    label = next(n for n in root.iter(f"{SVG}text") if KABUL_TITLE.split()[0] in "".join(n.itertext()))
    assert ARABIC_FONT in label.get("style", "")


def test_timeline_pdf_reads_back_in_persian(fa):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: apt-get install poppler-utils")
    raw = subprocess.run(
        ["pdftotext", str(fa / "timeline.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The PDF holds shaped glyphs (presentation forms); NFKC gives the letters back. No spaces, no ZWNJ:
    # pdftotext places them by the glyphs' positions.
    flat = re.sub(r"[\s\u200c]", "", unicodedata.normalize("NFKC", logical(raw)))
    fa_words = words("fa")
    for word in (fa_words["Deaths:"], fa_words["unknown"]):
        assert re.sub(r"[\s\u200c]", "", word) in flat, word
    kabul = _rows()["kabul-airport"]
    day = str(int(kabul["date"][8:])).translate(PERSIAN_DIGITS)
    # The place, then the day; pdftotext puts the catalogue's mark between them
    # (or, a neutral beside digits, after the day), never a middle dot.
    between = words("fa")[" · "].strip()
    assert f"{kabul['place']}{day}" in flat.replace(between, "") and "·" not in flat


def test_persian_deck_is_right_to_left_and_in_persian(fa):
    deck = Presentation(str(fa / "briefing.pptx"))
    assert deck.core_properties.language == "fa-IR"
    fa_words = words("fa")
    text = "\n".join(logical(shape.text_frame.text) for s in deck.slides for shape in s.shapes if shape.has_text_frame)
    for message in ("Place", "Killed", "Injured", "Perpetrator", "unknown", "Date"):
        assert fa_words[message] in text, message
    assert KABUL_TITLE in text and CROCUS_TITLE in text
    assert "Perpetrator" not in text and "unknown" not in text
    tables = [shape.table for s in deck.slides for shape in s.shapes if shape.has_table]
    assert tables and all(t._tbl.tblPr.get("rtl") == "1" for t in tables)
    cells = "\n".join(logical(c.text) for t in tables for row in t.rows for c in row.cells)
    assert fa_words["Perpetrator"] in cells and KABUL_TITLE in cells
    paragraphs = [p for s in deck.slides for p in s._element.iter(qn("a:p")) if "".join(p.itertext()).strip()]
    assert paragraphs and all(p.find(qn("a:pPr")).get("rtl") == "1" for p in paragraphs)
    runs = [r for s in deck.slides for r in s._element.iter(qn("a:r"))]
    persian = [r for r in runs if any("\u0600" <= c <= "\u06ff" for c in r.findtext(qn("a:t")))]
    assert persian
    for r in persian:
        rPr = r.find(qn("a:rPr"))
        assert rPr.get("lang") == "fa-IR"
        assert rPr.find(qn("a:cs")).get("typeface") == ARABIC_FONT
    # The speaker notes too.
    notes = [s.notes_slide for s in deck.slides if s.has_notes_slide]
    assert all(p.find(qn("a:pPr")).get("rtl") == "1" for n in notes for p in n._element.iter(qn("a:p")))


def test_russian_deck_speaks_russian_left_to_right(ru_deck):
    ru_words = words("ru")
    shapes = [shape for s in ru_deck.slides for shape in s.shapes if shape.has_text_frame]
    text = "\n".join(logical(shape.text_frame.text) for shape in shapes)
    for message in ("Place", "Killed", "Injured", "Perpetrator", "unknown"):
        assert ru_words[message] in text, message
    assert CROCUS_TITLE in text and KABUL_TITLE in text
    runs = [r for s in ru_deck.slides for r in s._element.iter(qn("a:r"))]
    assert all(r.find(qn("a:rPr")).get("lang") == "ru-RU" for r in runs)
    assert not any(p.get("rtl") for s in ru_deck.slides for p in s._element.iter(qn("a:pPr")))
    # A Persian title among Russian words still names the Arabic-script font.
    kabul = [r for r in runs if r.findtext(qn("a:t")) and KABUL_TITLE in logical(r.findtext(qn("a:t")))]
    assert kabul and all(r.find(qn("a:rPr")).find(qn("a:cs")).get("typeface") == ARABIC_FONT for r in kabul)


def test_alt_text_in_persian_keeps_the_titles(fa):
    text = logical((fa / "images.md").read_text(encoding="utf-8"))
    fa_words = words("fa")
    assert fa_words["Pictures of “{title}”"].split("{")[0] in text
    assert (
        fa_words[
            "Each event is its own circle; circles that would overlap are spread on a ring, "
            "each with a thin line back to where it happened."
        ]
        in text
    )
    for title in (KABUL_TITLE, CROCUS_TITLE, "Russian embassy bombing"):
        assert title in text
    assert "The map" not in text and "Timeline of" not in text


def test_arabic_text_is_shaped_not_boxes(fa, browser):
    """The picture's font stack draws Persian in the Arabic font, shaped: the
    Kabul title set in the timeline label's own font family gives the same
    pixels as set in the Arabic font alone (not boxes of a font without the
    letters), and other pixels than its letters kept apart (ZWNJ between each:
    no joining), so the letters are joined."""
    root = ET.parse(fa / "timeline.svg").getroot()
    label = next(n for n in root.iter(f"{SVG}text") if "کابل" in "".join(n.itertext()))
    family = re.search(r"font-family: ([^;]+);", label.get("style")).group(1)
    page = browser.new_page(viewport={"width": 600, "height": 80})
    try:

        def drawn(text: str, font: str) -> Image.Image:
            page.set_content(
                f'<html><body style="margin:0;background:#fff"><div dir="rtl" style="font: 36px {font}">'
                f"{text}</div></body></html>"
            )
            return Image.open(io.BytesIO(page.screenshot())).convert("L")

        as_pictured = drawn(KABUL_TITLE, family)
        in_arabic_font = drawn(KABUL_TITLE, f"'{ARABIC_FONT}'")
        apart = drawn("\u200c".join(KABUL_TITLE), family)
    finally:
        page.close()
    assert ImageChops.difference(as_pictured, in_arabic_font).getbbox() is None
    assert ImageChops.difference(as_pictured, apart).getbbox() is not None
    assert as_pictured.getextrema()[0] < 128  # something was drawn


def test_timeline_labels_stay_inside_the_picture(fa):
    """Each annotation's box (a label, the key, the title) lies inside the picture, as plotly drew it."""
    root = ET.parse(fa / "timeline.svg").getroot()
    width = float(root.get("viewBox").split()[2])  # in the layout's pixels
    boxes = 0
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "annotation":
            continue
        moved = [g.get("transform", "") for g in group.iter(f"{SVG}g") if "translate(" in g.get("transform", "")]
        rect = next((r for r in group.iter(f"{SVG}rect") if r.get("class") == "bg"), None)
        if not moved or rect is None:
            continue
        x = float(re.search(r"translate\(([-\d.]+)", moved[0]).group(1))
        assert x >= -1 and x + float(rect.get("width")) <= width + 1, (logical("".join(group.itertext())), x)
        boxes += 1
    assert boxes >= 4  # the four attacks' labels at least
