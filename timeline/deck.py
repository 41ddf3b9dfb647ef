"""The slide deck, ``briefing.pptx`` (python-pptx), 16:9:

1. title: the title, subtitle, "data as of" and credits;
2. the map picture; 3. the timeline picture (each with its alt text);
4. one slide per attack (images.attacks: the category the pictures label with
   its title), oldest first: its date, place, deaths and injured in the
   sources' words with who reports them (claims.when and claims.said, as the
   page's card and table state them), what we derived and how, who did it on
   what basis, a small locator map (drawn by images.py) and, in the speaker
   notes, every quote cited for it, verbatim, with its source. A story
   (story.csv) comes first: one slide per step, its title and text, each of
   its events with its date and figures in the sources' words, its map framed
   on the step's view with its events over the rest, and the step's
   citations in the notes; the attacks' slides follow, for reference;
5. the events as a table, oldest first, with a category column, as many rows
   to a slide as fill it (each row's height worked out from its text and the
   columns' widths), each event's citations in the speaker notes;
6. the sources, each title a link to its address where it has one.

Every run is set in Arial (LibreOffice draws it with the metric-compatible
Liberation Sans), so the rows' heights worked out here hold in PowerPoint,
Keynote and LibreOffice alike. A run holding Arabic script names
``chartpicture.ARABIC_FONT`` as its complex-script font (``<a:cs>``).

In the reader's language (``language.current()``): our words from the
catalogue, counts in its digits, each run marked with the language
(``<a:rPr lang="fa-IR">``); table text inside our sentences isolated
(``bidi.isolate``). A right-to-left language's deck is laid out right to
left: every paragraph ``<a:pPr rtl="1" algn="r">``, the tables' columns
from the right (``<a:tblPr rtl="1">``).

Written deterministically: fixed document dates, and the zip entries'
timestamps fixed, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from . import claims, language
from .chartpicture import ARABIC_FONT, count, has_arabic, table
from .datablock import PRECISION_LABELS
from .describe import locator_description, map_description, timeline_description
from .images import LOCATOR_PREFIX, attacks, locator_frame, step_frame, step_key
from .language import _, ngettext
from .model import Event, Prepared, Source, Step, Story
from .style import categories_for

FONT = "Arial"
# The language tag each run is marked with (``<a:rPr lang>``), as Office names them.
LANGUAGE_TAGS = {"fa": "fa-IR", "ru": "ru-RU", "ps": "ps-AF", "ar": "ar-SA", "ur": "ur-PK"}
MUTED = RGBColor(0x5B, 0x61, 0x68)
INK = RGBColor(0x1A, 0x1A, 0x1A)
FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
BOTTOM = Inches(0.35)  # kept clear below a table or a list
# The events table: columns and their widths in inches (12.13 in all: the slide less its margins).
COLUMNS = (
    ("Date", 1.55),
    ("Event", 2.9),
    ("Category", 1.3),
    ("Place", 2.05),
    ("Deaths", 2.0),
    ("Perpetrator", 2.33),
)


def _header() -> tuple[str, ...]:
    """The events table's column names, in the reader's language (``COLUMNS``' order)."""
    return (_("Date"), _("Event"), _("Category"), _("Place"), _("Deaths"), _("Perpetrator"))


def _level(precision: str) -> str:
    words = {"city": _("city level"), "region": _("region level"), "country": _("country level")}
    return words.get(precision, f"{precision} level")


def _field(name: str) -> str:
    """A field of the table (claims.FIELDS), as our sentences name it."""
    words = {
        "date": _("date"),
        "end_date": _("end date"),
        "place": _("place"),
        "killed": _("killed"),
        "injured": _("injured"),
        "perpetrator": _("perpetrator"),
    }
    return words.get(name, name.replace("_", " "))


TABLE_TOP = Inches(1.25)
TABLE_PT = 11
# How wide Arial's characters are, in thousandths of the font size (Arial's
# advance widths, the same as Helvetica's; Liberation Sans shares them):
# enough to tell where a line wraps. Bold is taken as 7% wider; a character
# not listed, as wide as an "n".
_WIDTHS = {
    **dict.fromkeys("ijl’‘", 222),
    **dict.fromkeys(" ,.:;!|ftI/", 278),
    **dict.fromkeys('r()-[]“”"', 333),
    **dict.fromkeys("ckJsvxyz", 500),
    **dict.fromkeys("0123456789abdeghnopquL$#_–", 556),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("ABEKPSVXY&", 667),
    **dict.fromkeys("CDHNRUw", 722),
    **dict.fromkeys("GOQ", 778),
    **dict.fromkeys("mM", 833),
    "W": 944,
    "'": 191,
    "—": 1000,
    "%": 889,
    "@": 1015,
    "·": 278,
}
BOLD = 1.07
SAFETY = 1.01  # a line is taken as this much longer than measured (kerning, rounding)
LINE = 1.2  # line height, as a share of the font size
CELL_PAD_X = Inches(0.1)  # python-pptx's (and PowerPoint's) cell margins, each side
CELL_PAD_Y = Inches(0.05)
SOURCES_TOP = Inches(1.35)


def build_deck(prepared: Prepared, pictures: dict[str, bytes], frame: str = "auto") -> bytes:
    """The deck; ``frame`` is the map picture's (images.parse_frame), for its alt
    text; ``pictures`` holds the pictures by file name and the locator maps
    (images.LOCATOR_PREFIX + event id)."""
    dataset = prepared.dataset
    settings = dataset.settings
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    blank = deck.slide_layouts[6]
    width = SLIDE_W - 2 * MARGIN

    slide = deck.slides.add_slide(blank)
    _text(slide, [table(settings.title)], MARGIN, Inches(2.2), width, Inches(1.4), 40, bold=True)
    as_of = _("Data as of {date}").format(date=table(settings.data_as_of)) if settings.data_as_of else ""
    lines = [table(settings.subtitle), as_of]
    _text(slide, [line for line in lines if line], MARGIN, Inches(3.7), width, Inches(1.2), 22, color=MUTED)
    if settings.credits:
        _text(slide, [table(settings.credits)], MARGIN, Inches(6.2), width, Inches(0.9), 13, color=MUTED)
    _notes(slide, _("Built with timeline from {file}.").format(file=table(dataset.events_path.name)))

    for name, heading, describe in (
        ("map.png", "Map", lambda p: map_description(p, frame)),
        ("timeline.png", "Timeline", timeline_description),
    ):
        slide = deck.slides.add_slide(blank)
        picture = slide.shapes.add_picture(io.BytesIO(pictures[name]), 0, 0, width=SLIDE_W)
        alt = describe(prepared)
        picture._element.nvPicPr.cNvPr.set("descr", alt)
        picture.name = heading
        _notes(slide, alt)

    categories = categories_for([e.category for e in dataset.events])
    labels = {c.id: c.label for c in categories}
    colors = {c.id: RGBColor.from_string(c.color.lstrip("#")) for c in categories}
    for story in dataset.stories:
        for n, step in enumerate(story.steps, start=1):
            _step_slide(deck.slides.add_slide(blank), story, n, step, prepared, pictures)
    for e in attacks(dataset):
        _attack_slide(deck.slides.add_slide(blank), e, prepared, pictures, labels, colors)

    events = sorted(dataset.events, key=lambda e: (e.date.start, e.id))
    rows = [_row(e, prepared, labels) for e in events]
    pages = _pages([_row_height(row) for row in rows], SLIDE_H - TABLE_TOP - BOTTOM - _row_height(_header(), True))
    for n, (start, end) in enumerate(pages, start=1):
        slide = deck.slides.add_slide(blank)
        _title(
            slide,
            _("Events ({n} of {total})").format(n=count(n), total=count(len(pages))) if len(pages) > 1 else _("Events"),
            width,
        )
        _table(slide, rows[start:end])
        _notes(slide, "\n\n".join(_citation_notes(e, prepared) for e in events[start:end]))

    _sources_slides(deck, blank, prepared, width)

    lang = language.current()
    if lang.rtl:
        _right_to_left(deck)
    props = deck.core_properties
    props.title = settings.title
    props.author = "timeline"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    if not lang.english:
        props.language = LANGUAGE_TAGS.get(lang.code, lang.code)
    buffer = io.BytesIO()
    deck.save(buffer)
    return _steady_zip(buffer.getvalue())


# ---- text and its size ----------------------------------------------------------


def _text(slide, lines: list[str], left, top, width, height, size: int, bold=False, color=None, space=0):
    """A text box of ``lines``, one paragraph each, wrapping within the box."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(space)
        _run(paragraph, line, size, bold=bold, color=color)
    return box


def _run(paragraph, text: str, size: float, bold=False, color=None, italic=False, link: str = ""):
    run = paragraph.add_run()
    run.text = text
    font = run.font
    font.name = FONT
    _script(run._r, text)
    font.size = Pt(size)
    font.bold = bold
    if italic:
        font.italic = True
    if color is not None:
        font.color.rgb = color
    if link:
        run.hyperlink.address = link
    return run


def _script(r, text: str) -> None:
    """Mark a run ``r`` (``<a:r>``) with the reader's language (not English:
    ``<a:rPr lang>``) and, where it holds Arabic script or the language is
    written right to left, name ``ARABIC_FONT`` as its complex-script font
    (``<a:cs>``, after ``<a:latin>``). An English run of Latin text is left as it is."""
    lang = language.current()
    arabic = has_arabic(text) or lang.rtl
    if lang.english and not arabic:
        return
    rPr = r.get_or_add_rPr()
    if not lang.english:
        rPr.set("lang", LANGUAGE_TAGS.get(lang.code, lang.code))
    if arabic and rPr.find(qn("a:cs")) is None:
        cs = rPr.makeelement(qn("a:cs"), {"typeface": ARABIC_FONT})
        latin = rPr.find(qn("a:latin"))
        if latin is not None:
            latin.addnext(cs)
        else:
            rPr.append(cs)


def _right_to_left(deck) -> None:
    """Lay every slide and its notes out right to left: each paragraph
    ``rtl="1"``, aligned right; each table's columns from the right."""
    for slide in deck.slides:
        parts = [slide._element]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide._element)
        for part in parts:
            for p in part.iter(qn("a:p")):
                pPr = p.get_or_add_pPr()
                pPr.set("rtl", "1")
                pPr.set("algn", "r")
            for tblPr in part.iter(qn("a:tblPr")):
                tblPr.set("rtl", "1")


def _title(slide, text: str, width) -> None:
    _text(slide, [text], MARGIN, Inches(0.35), width, Inches(0.8), 30, bold=True).name = "Title"


def width_of(text: str, size: float, bold: bool = False) -> float:
    """How wide ``text`` is set in Arial at ``size`` points, in EMU."""
    thousandths = sum(_WIDTHS.get(ch, 556) for ch in text) * SAFETY * (BOLD if bold else 1)
    return thousandths * Pt(size) / 1000


def lines_of(text: str, width: int, size: float, bold: bool = False) -> int:
    """How many lines ``text`` takes at ``size`` points in a box ``width`` EMU
    wide, wrapped at spaces (a word wider than the line goes on lines of its own)."""
    space = width_of(" ", size, bold)
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = width_of(word, size, bold)
            if used and used + space + w > width:
                count += 1
                used = 0.0
            used += (space if used else 0) + w
            while used > width:  # a word wider than a line
                count += 1
                used -= width
    return count


# ---- one slide per attack -------------------------------------------------------

FACT_SIZES = (20, 19, 18, 17, 16, 15, 14, 13, 12)  # the facts' font size: the largest whose text fits
FACT_GAP = 8  # points after each fact
LABEL_W = Inches(1.45)
FACTS_LEFT, FACTS_TOP, FACTS_W = MARGIN, Inches(1.75), Inches(6.75)
FACTS_H = SLIDE_H - FACTS_TOP - BOTTOM
LOCATOR_LEFT, LOCATOR_TOP, LOCATOR_W = Inches(7.75), Inches(1.75), Inches(4.98)


def _attack_slide(slide, e: Event, prepared: Prepared, pictures: dict[str, bytes], labels, colors) -> None:
    dataset = prepared.dataset
    width = SLIDE_W - 2 * MARGIN
    kicker = _text(
        slide, [table(labels.get(e.category, e.category))], MARGIN, Inches(0.3), width, Inches(0.4), 14, bold=True
    )
    kicker.text_frame.paragraphs[0].runs[0].font.color.rgb = colors.get(e.category, MUTED)
    kicker.name = "Category"
    title_pt = 28 if lines_of(e.title, width, 28, bold=True) == 1 else 24
    _text(slide, [table(e.title)], MARGIN, Inches(0.7), width, Inches(0.95), title_pt, bold=True).name = "Title"

    unknown = _("unknown")
    facts = [
        (_("Date"), claims.when(dataset, e)),
        (_("Place"), table(claims.said(dataset, e, "place")) or unknown),
        (_("Killed"), table(claims.said(dataset, e, "killed")) or unknown),
        (_("Injured"), table(claims.said(dataset, e, "injured")) or unknown),
        (_("Perpetrator"), table(claims.said(dataset, e, "perpetrator")) or unknown),
    ]
    derived = _derived(e, prepared)
    size = _fact_size(facts, derived, e.summary)
    box = slide.shapes.add_textbox(FACTS_LEFT, FACTS_TOP, FACTS_W, FACTS_H)
    box.name = "Facts"
    frame = box.text_frame
    frame.word_wrap = True
    for i, (name, value) in enumerate(facts):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(FACT_GAP)
        _run(paragraph, f"{name}: ", size, bold=True, color=MUTED)
        _run(paragraph, value, size, color=INK)
    for note in derived:
        paragraph = frame.add_paragraph()
        paragraph.space_after = Pt(FACT_GAP / 2)
        _run(paragraph, note, size - 3, italic=True, color=MUTED)
    if e.summary:
        paragraph = frame.add_paragraph()
        paragraph.space_before = Pt(FACT_GAP)
        _run(paragraph, table(e.summary), size - 2, color=INK)

    place = prepared.placements.get(e.id)
    picture = pictures.get(LOCATOR_PREFIX + e.id)
    caption_top = LOCATOR_TOP
    if place is not None:
        shown = _("Shown at {place} — {precision}").format(
            place=table(place.name or e.place), precision=PRECISION_LABELS.get(place.precision, place.precision)
        )
        if place.status == "review":
            shown += ". " + _("Placed automatically, not reviewed: a guess.")
        if picture is not None:
            shape = slide.shapes.add_picture(io.BytesIO(picture), LOCATOR_LEFT, LOCATOR_TOP, width=LOCATOR_W)
            shape.name = "Locator map"
            frame_box = locator_frame(place.lat, place.lon)
            shape._element.nvPicPr.cNvPr.set("descr", locator_description(prepared, e, frame_box))
            caption_top = shape.top + shape.height + Inches(0.1)
    else:
        unplaced = next((u.reason for u in prepared.placements.unplaced if u.event.id == e.id), "")
        shown = _("Not on the map: {reason}").format(reason=unplaced) if unplaced else _("Not on the map.")
    _text(slide, [shown], LOCATOR_LEFT, caption_top, LOCATOR_W, Inches(0.8), 11, color=MUTED).name = "Placement"
    _notes(slide, _citation_notes(e, prepared))


# ---- one slide per step of a story -------------------------------------------------


def _step_slide(slide, story: Story, n: int, step: Step, prepared: Prepared, pictures: dict[str, bytes]) -> None:
    """A story's step: its place in the story, title and text; each of its
    events with its date and figures as the sources give them; its map; the
    text and the events' citations in the notes."""
    dataset = prepared.dataset
    width = SLIDE_W - 2 * MARGIN
    several = len(prepared.dataset.stories) > 1  # then say which story: it is called by its first step's title
    said = _("Step {n} of {total}").format(n=count(n), total=count(len(story.steps)))
    said += f" · {table(story.title)}" if several else ""
    kicker = _text(slide, [said], MARGIN, Inches(0.3), width, Inches(0.4), 14)
    kicker.text_frame.paragraphs[0].runs[0].font.color.rgb = MUTED
    kicker.name = "Step"
    title_pt = 28 if lines_of(step.title, width, 28, bold=True) == 1 else 24
    _text(slide, [table(step.title)], MARGIN, Inches(0.7), width, Inches(0.95), title_pt, bold=True).name = "Title"

    by_id = {e.id: e for e in dataset.events}
    events = [by_id[i] for i in step.event_ids]
    parts: list[tuple[str, str]] = []  # (what, text): the step's text, then each event and its figures
    for e in events:
        figures = [
            f"{name}: {table(said)}"
            for name, field in ((_("Killed"), "killed"), (_("Injured"), "injured"))
            if (said := claims.said(dataset, e, field))
        ]
        parts.append(("event", f"{table(e.title)} — {claims.when(dataset, e)}"))
        if figures:
            parts.append(("figures", "; ".join(figures)))
    size = _step_size(step.text, parts)
    box = slide.shapes.add_textbox(FACTS_LEFT, FACTS_TOP, FACTS_W, FACTS_H)
    box.name = "Step text"
    frame = box.text_frame
    frame.word_wrap = True
    first = frame.paragraphs[0]
    _run(first, table(step.text), size, color=INK)
    first.space_after = Pt(FACT_GAP * 1.5)
    for what, text in parts:
        paragraph = frame.add_paragraph()
        paragraph.space_after = Pt(FACT_GAP / 2 if what == "event" else FACT_GAP)
        if what == "event":
            _run(paragraph, text, size - 2, bold=True, color=INK)
        else:
            _run(paragraph, text, size - 3, color=MUTED)

    picture = pictures.get(step_key(story, step))
    if picture is not None:
        shape = slide.shapes.add_picture(io.BytesIO(picture), LOCATOR_LEFT, LOCATOR_TOP, width=LOCATOR_W)
        shape.name = "Step map"
        placed = [e for e in events if prepared.placements.get(e.id) is not None]
        where = table(step.view_text) if step.view_text else _("the world") if step.view == "world" else _("its events")
        frame_box = step_frame(prepared, step)
        if placed:
            alt = _("Map framed on {where} ({frame}): {titles} drawn over the other events, which are paled.").format(
                where=where, frame=frame_box, titles="; ".join(table(e.title) for e in placed)
            )
        else:
            alt = _("Map framed on {where} ({frame}).").format(where=where, frame=frame_box)
        shape._element.nvPicPr.cNvPr.set("descr", alt)
    notes = [
        _("{story}, step {n} of {total}: {title}").format(
            story=table(story.title), n=count(n), total=count(len(story.steps)), title=table(step.title)
        ),
        table(step.text),
    ]
    notes += [_citation_notes(e, prepared) for e in events]
    _notes(slide, "\n\n".join(notes))


def _step_size(text: str, parts: list[tuple[str, str]]) -> int:
    """The largest of FACT_SIZES at which a step's text and its events' lines fit the facts' box."""

    def paragraphs(size: int) -> list[tuple[str, float, float]]:
        return [(text, size, FACT_GAP * 1.5)] + [
            (t, size - 2 if what == "event" else size - 3, FACT_GAP) for what, t in parts
        ]

    return _largest_fitting(paragraphs)


def _fact_size(facts: list[tuple[str, str]], derived: list[str], summary: str) -> int:
    """The largest of FACT_SIZES at which the facts, what is derived and the summary fit the facts' box."""

    def paragraphs(size: int) -> list[tuple[str, float, float]]:
        out = [(f"{name}: {value}", size, FACT_GAP) for name, value in facts]
        out += [(note, size - 3, FACT_GAP / 2) for note in derived]
        return out + ([(summary, size - 2, FACT_GAP)] if summary else [])

    return _largest_fitting(paragraphs)


def _largest_fitting(paragraphs) -> int:
    """The largest of FACT_SIZES at which ``paragraphs(size)`` ((text, points,
    gap after) each) fit the facts' box, inside a text box's own margins."""
    room = FACTS_W - 2 * Inches(0.1)
    for size in FACT_SIZES:
        height = sum(lines_of(text, room, pt) * Pt(pt * LINE) + Pt(gap) for text, pt, gap in paragraphs(size))
        if height <= FACTS_H - 2 * Inches(0.05):
            return size
    return FACT_SIZES[-1]


def _derived(e: Event, prepared: Prepared) -> list[str]:
    """What we worked out for the event, and how (claims.support; a sum of parts is in claims.said's line)."""
    out = []
    for field, s in claims.support(prepared.dataset, e).items():
        if s.status == "derived":
            out.append(_("Derived {field}: {how}").format(field=_field(field), how=s.how))
    return out


# ---- the events table ---------------------------------------------------------


def _row(e: Event, prepared: Prepared, labels: dict[str, str]) -> tuple[str, ...]:
    dataset = prepared.dataset
    unknown = _("unknown")
    place = table(claims.said(dataset, e, "place")) or unknown
    placement = prepared.placements.get(e.id)
    if placement and placement.precision != "venue":
        place = f"{place} ({_level(placement.precision)})"
    return (
        claims.when(dataset, e),
        table(e.title),
        table(labels.get(e.category, e.category)),
        place,
        table(claims.said(dataset, e, "killed")) or unknown,
        table(claims.said(dataset, e, "perpetrator")) or unknown,
    )


def _row_height(cells: tuple[str, ...], header: bool = False) -> int:
    """A row's height in EMU: its tallest cell's lines, with the cell margins."""
    tallest = max(
        lines_of(text, Inches(width) - 2 * CELL_PAD_X, TABLE_PT, bold=header)
        for text, (_name, width) in zip(cells, COLUMNS, strict=True)
    )
    return int(Pt(TABLE_PT * LINE) * tallest + 2 * CELL_PAD_Y)


def _pages(heights: list[int], room: int) -> list[tuple[int, int]]:
    """The rows split into slides, [start, end) each: as many rows as fit in ``room`` (at least one)."""
    pages: list[tuple[int, int]] = []
    start, used = 0, 0
    for n, h in enumerate(heights):
        if n > start and used + h > room:
            pages.append((start, n))
            start, used = n, 0
        used += h
    pages.append((start, len(heights)))
    return pages


def _table(slide, rows: list[tuple[str, ...]]) -> None:
    header = _header()
    heights = [_row_height(header, True), *(_row_height(row) for row in rows)]
    total = Emu(sum(heights))
    shape = slide.shapes.add_table(len(rows) + 1, len(COLUMNS), MARGIN, TABLE_TOP, SLIDE_W - 2 * MARGIN, total)
    shape.name = "Events"
    grid = shape.table
    for j, (_name, width) in enumerate(COLUMNS):
        grid.columns[j].width = Inches(width)
    for i, (row, height) in enumerate(zip([header, *rows], heights, strict=True)):
        grid.rows[i].height = Emu(height)
        for j, text in enumerate(row):
            cell = grid.cell(i, j)
            cell.margin_left = cell.margin_right = CELL_PAD_X
            cell.margin_top = cell.margin_bottom = CELL_PAD_Y
            paragraph = cell.text_frame.paragraphs[0]
            _run(paragraph, text, TABLE_PT, bold=i == 0)


# ---- the speaker notes ----------------------------------------------------------


def _citation_notes(e: Event, prepared: Prepared) -> str:
    dataset = prepared.dataset
    lines = [f"{table(e.title)} ({claims.when(dataset, e)})"]
    lines += [f"  {note}" for note in _derived(e, prepared)]
    for field, s in claims.support(dataset, e).items():
        if s.status == "unsupported":
            lines.append("  " + _("No source gives the {field}.").format(field=_field(field)))
    if e.killed is not None and e.killed.total is not None:
        lines.append(
            "  "
            + _("Derived total killed: {total} ({how}).").format(total=e.killed.total.label, how=e.killed.total_how)
        )
    for c in dataset.citations_for(e.id):
        source = dataset.sources.get(c.source_id)
        name = table((source.publisher or source.title) if source else c.source_id)
        on = f" [{c.field}: {table(c.value)}]" if c.field and c.value else f" [{c.field}]" if c.field else ""
        if c.claimed_by:
            on += " " + _("(claimed by {who})").format(who=table(c.claimed_by))
        if c.quote:
            note = (" " + _("Note: {note}").format(note=table(c.note))) if c.note else ""
            lines.append(f"  “{table(c.quote)}” — {name}{on}{note}")
        else:
            lines.append(
                ("  " + _("From a reference: {source}{on}.").format(source=name, on=on) + f" {c.note}").rstrip()
            )
    if len(lines) == 1:
        lines.append("  " + _("No source cited."))
    return "\n".join(lines)


def _notes(slide, text: str) -> None:
    frame = slide.notes_slide.notes_text_frame
    frame.text = text
    for r in frame._txBody.iter(qn("a:r")):
        _script(r, r.findtext(qn("a:t")) or "")


# ---- the sources ------------------------------------------------------------------

SOURCE_PT, KIND_PT = 16, 12


def _source_lines(s: Source, cited: int) -> tuple[str, str]:
    """A source as the page's list gives it (sources.js): its title and details; what kind it is, how often cited."""
    details = " · ".join(table(x) for x in (s.publisher, s.author, s.published) if x)
    kind = (
        _("Stored copy: {file}; quotes are checked against it.").format(file=table(s.document.name))
        if s.document
        else _("Reference: no stored copy.")
    )
    times = (
        _("Not cited.")
        if cited == 0
        else ngettext("Cited {n} time.", "Cited {n} times.", cited).format(n=count(cited))
        if cited != 1 or not language.current().english
        else "Cited once."
    )
    return (f" — {details}" if details else ""), f"{kind} {times}" + (f" {table(s.note)}" if s.note else "")


def _sources_slides(deck, blank, prepared: Prepared, width) -> None:
    dataset = prepared.dataset
    counts: dict[str, int] = {}
    for c in dataset.citations:
        counts[c.source_id] = counts.get(c.source_id, 0) + 1
    entries = [(s, *_source_lines(s, counts.get(s.id, 0))) for s in dataset.sources.values()]
    heights = [
        lines_of(s.title + details, width, SOURCE_PT) * Pt(SOURCE_PT * LINE)
        + lines_of(kind, width, KIND_PT) * Pt(KIND_PT * LINE)
        + Pt(12)
        for s, details, kind in entries
    ]
    pages = _pages(heights, SLIDE_H - SOURCES_TOP - BOTTOM) if entries else [(0, 0)]
    for n, (start, end) in enumerate(pages, start=1):
        slide = deck.slides.add_slide(blank)
        _title(
            slide,
            _("Sources ({n} of {total})").format(n=count(n), total=count(len(pages)))
            if len(pages) > 1
            else _("Sources"),
            width,
        )
        box = slide.shapes.add_textbox(MARGIN, SOURCES_TOP, width, SLIDE_H - SOURCES_TOP - BOTTOM)
        box.name = "Sources"
        frame = box.text_frame
        frame.word_wrap = True
        if not entries:
            _run(frame.paragraphs[0], _("No sources given."), SOURCE_PT)
        for i, (s, details, kind) in enumerate(entries[start:end]):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            _run(paragraph, table(s.title), SOURCE_PT, bold=True, link=s.url, color=INK)
            if details:
                _run(paragraph, details, SOURCE_PT, color=INK)
            paragraph = frame.add_paragraph()
            paragraph.space_after = Pt(12)
            _run(paragraph, kind, KIND_PT, color=MUTED)
        _notes(slide, "\n".join(f"{table(s.title)}: {s.url}" for s, _, _ in entries[start:end] if s.url))


def _steady_zip(data: bytes) -> bytes:
    """The same archive with every entry dated ``ZIP_TIME`` (the pictures
    stored as they are: a PNG is compressed already)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            stored = info.filename.lower().endswith((".png", ".jpg", ".jpeg"))
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
