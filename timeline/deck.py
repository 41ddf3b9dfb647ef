"""The slide deck, ``briefing.pptx`` (python-pptx), 16:9:

1. title: the title, subtitle, "data as of" and credits;
2. the map picture; 3. the timeline picture (each with its alt text);
4. the events as a table, oldest first, split across slides as needed, with
   each event's citations (quote and source) in the speaker notes;
5. the sources.

Written deterministically: fixed document dates, and the zip entries'
timestamps fixed, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from . import claims
from .describe import map_description, timeline_description
from .model import Event, Prepared
from .style import categories_for

ROWS_PER_SLIDE = 8
MUTED = RGBColor(0x5B, 0x61, 0x68)
FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
COLUMNS = (("Date", 1.4), ("Event", 4.1), ("Place", 2.7), ("Deaths", 1.9), ("Perpetrator", 2.0))


def build_deck(prepared: Prepared, pictures: dict[str, bytes], frame: str = "auto") -> bytes:
    """The deck; ``frame`` is the map picture's (images.parse_frame), for its alt text."""
    dataset = prepared.dataset
    settings = dataset.settings
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    width = deck.slide_width - Inches(1.2)

    slide = deck.slides.add_slide(blank)
    _text(slide, [settings.title], Inches(0.6), Inches(2.2), width, Inches(1.4), 40, bold=True)
    lines = [settings.subtitle, f"Data as of {settings.data_as_of}" if settings.data_as_of else ""]
    _text(slide, [line for line in lines if line], Inches(0.6), Inches(3.7), width, Inches(1.2), 22, color=MUTED)
    if settings.credits:
        _text(slide, [settings.credits], Inches(0.6), Inches(6.2), width, Inches(0.9), 13, color=MUTED)
    _notes(slide, f"Built with timeline from {dataset.events_path.name}.")

    for name, heading, describe in (
        ("map.png", "Map", lambda p: map_description(p, frame)),
        ("timeline.png", "Timeline", timeline_description),
    ):
        slide = deck.slides.add_slide(blank)
        picture = slide.shapes.add_picture(io.BytesIO(pictures[name]), 0, 0, width=deck.slide_width)
        alt = describe(prepared)
        picture._element.nvPicPr.cNvPr.set("descr", alt)
        picture.name = heading
        _notes(slide, alt)

    events = sorted(dataset.events, key=lambda e: (e.date.start, e.id))
    pages = [events[i : i + ROWS_PER_SLIDE] for i in range(0, len(events), ROWS_PER_SLIDE)] or [[]]
    labels = {c.id: c.label for c in categories_for([e.category for e in events])}
    for n, page in enumerate(pages, start=1):
        slide = deck.slides.add_slide(blank)
        _title(slide, f"Events ({n} of {len(pages)})" if len(pages) > 1 else "Events", width)
        _table(slide, page, prepared, labels)
        _notes(slide, "\n\n".join(_citation_notes(e, prepared) for e in page))

    slide = deck.slides.add_slide(blank)
    _title(slide, "Sources", width)
    entries = []
    for s in dataset.sources.values():
        details = " · ".join(x for x in (s.publisher, s.author, s.published) if x)
        kind = f"stored copy: {s.document.name}" if s.document else "reference"
        entries.append(f"{s.title} — {details} ({kind}){' ' + s.url if s.url else ''}")
    _text(slide, entries or ["No sources given."], Inches(0.6), Inches(1.4), width, Inches(5.6), 16, space=10)

    props = deck.core_properties
    props.title = settings.title
    props.author = "timeline"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    deck.save(buffer)
    return _steady_zip(buffer.getvalue())


def _text(slide, lines: list[str], left, top, width, height, size: int, bold=False, color=None, space=0):
    """A text box of ``lines``, one paragraph each, wrapping within the box."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(space)
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        if color is not None:
            run.font.color.rgb = color
    return box


def _title(slide, text: str, width) -> None:
    _text(slide, [text], Inches(0.6), Inches(0.35), width, Inches(0.8), 30, bold=True).name = "Title"


def _table(slide, events: list[Event], prepared: Prepared, labels: dict[str, str]) -> None:
    shape = slide.shapes.add_table(len(events) + 1, len(COLUMNS), Inches(0.6), Inches(1.4), Inches(12.1), Inches(0.5))
    table = shape.table
    for j, (name, width) in enumerate(COLUMNS):
        table.columns[j].width = Inches(width)
        table.cell(0, j).text = name
    for i, e in enumerate(events, start=1):
        dataset = prepared.dataset
        deaths = claims.said(dataset, e, "killed") or "unknown"
        place = claims.said(dataset, e, "place") or "unknown"
        placement = prepared.placements.get(e.id)
        if placement and placement.precision != "venue":
            place += f" ({placement.precision} level)"
        cells = (
            claims.when(dataset, e),
            f"{e.title} [{labels.get(e.category, e.category)}]",
            place,
            deaths,
            claims.said(dataset, e, "perpetrator") or "unknown",
        )
        for j, text in enumerate(cells):
            table.cell(i, j).text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(12)


def _citation_notes(e: Event, prepared: Prepared) -> str:
    dataset = prepared.dataset
    lines = [f"{e.title} ({claims.when(dataset, e)})"]
    for field, s in claims.support(dataset, e).items():
        if s.status == "derived":
            lines.append(f"  Derived {field.replace('_', ' ')}: {s.how}")
        elif s.status == "unsupported":
            lines.append(f"  No source gives the {field.replace('_', ' ')}.")
    if e.killed is not None and e.killed.total is not None:
        lines.append(f"  Derived total killed: {e.killed.total.label} ({e.killed.total_how}).")
    for c in dataset.citations_for(e.id):
        source = dataset.sources.get(c.source_id)
        name = (source.publisher or source.title) if source else c.source_id
        on = f" [{c.field}: {c.value}]" if c.field and c.value else f" [{c.field}]" if c.field else ""
        if c.claimed_by:
            on += f" (claimed by {c.claimed_by})"
        if c.quote:
            lines.append(f"  “{c.quote}” — {name}{on}" + (f" Note: {c.note}" if c.note else ""))
        else:
            lines.append(f"  From a reference: {name}{on}. {c.note}".rstrip())
    if len(lines) == 1:
        lines.append("  No source cited.")
    return "\n".join(lines)


def _notes(slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def _steady_zip(data: bytes) -> bytes:
    """The same archive with every entry dated ``ZIP_TIME``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
