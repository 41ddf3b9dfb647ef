"""The data block: every fact the pages show, once.

The map, the timeline and the table of a page all read this one block; each
event appears in it once, with labels already written for people (``Sep 2022``,
``at least 133``) so every view says the same thing the same way. The pages
carry it packed in columns (``pack``): a million events' numbers are typed
arrays the page reads where they lie, and their texts are decoded one by one
when a view shows them, rather than a JSON text parsed whole.
"""

from __future__ import annotations

import array
import base64
import gzip
import re
import struct
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from . import claims, countries, maplabels
from .chart import Geometry, geometry
from .language import Language, _
from .language import current as current_language
from .model import Citation, Dataset, Place, Placements, Source, Story
from .style import OTHERS, UNKNOWN_RADIUS, Category, categories_for, grouped, others_label, radius, radius_of
from .values import Blame, Count, PartialDate, Words

# How precisely a place is known, in the language in use.
PRECISION_LABELS = Words(
    lambda: {
        "venue": _("exact site"),
        "city": _("city (approximate: the city centre, not the site)"),
        "region": _("region (approximate)"),
        "country": _("country (approximate: a point inside the country)"),
    }
)

SIZE_KEY_DEATHS = (10, 100)


def size_key() -> list[dict]:
    """The marker sizes the legends show, from the same scale as the markers,
    in the language in use."""
    whole = current_language().whole
    return [
        {"label": _("unknown"), "radius": UNKNOWN_RADIUS, "unknown": True},
        *({"label": whole(n), "radius": radius_of(n), "unknown": False} for n in SIZE_KEY_DEATHS),
    ]


def country_name(code: str, language: Language | None = None) -> str:
    """A country's name in the language in use: CLDR's (Babel), else ours
    (``countries.name``, in English)."""
    language = language or current_language()
    if language.english:
        return countries.name(code)
    return language.locale.territories.get(code) or countries.name(code)


# How far from its point an approximate placement may be, in metres, for the
# dashed circle drawn around it. Countries use their own size (countries.py).
PRECISION_RADIUS_M = {"venue": 0, "city": 10_000, "region": 150_000}
_QUALIFIER = re.compile(r"\s*\([^)]*\)")


def perpetrator_group(text: str) -> str:
    """The name a perpetrator is filtered by: 'ISIS-K (claimed)' is 'ISIS-K',
    whatever the basis (values.Blame); a text whose brackets cannot be read
    is filtered without them."""
    blame = Blame.read(text)
    return " ".join(_QUALIFIER.sub("", text).split()) if blame.qualifier == "(" else blame.group


def _support(dataset: Dataset, e, marks: dict[int, dict | int], statements: dict) -> tuple:
    """The event's ``support`` and ``said`` entries of the block (see EVENT_FIELDS).
    ``marks``: the ``support`` entry made of each answer already met, by its
    id (most events of a big table share a handful of answers, each kept
    alive by ``dataset.supports``; events that share one share its entry);
    ``statements``: ``claims.statements(dataset)``."""
    found = dataset.supports.get(e.id)  # worked out when the table was read
    if found is None:
        found = claims.support(dataset, e)
    if not found:
        return 0, 0
    marked = marks.get(id(found))
    if marked is None:
        marked = marks[id(found)] = {
            f: [s.status, s.how] for f, s in found.items() if s.status not in ("quoted", "cited")
        } or 0
    said = statements.get(e.id)  # worked out before the build forks (claims.state_all)
    if said is None:
        said = claims.beyond_labels(dataset, e)
    return marked, said or 0


# How the events are laid out in the block: one array per event, its values in
# this order, with dates, counts and places as indexes into shared tables
# (``-1`` for none). ``pack`` stores each field as a column; timeline/static/common.js
# gives each event an object that reads its fields from the columns when asked.
# ``radius`` is the map marker's (style.radius of the deaths); ``killed_reported``
# is ``[low, high, label]`` when sources disagree, else ``0``.
# ``support`` is ``{field: [status, how]}`` for each field not quoted word for
# word (derived, from a reference, unsupported: see claims.py), else ``0``;
# ``said`` is ``{field: text}``, the one line claims.said states a field in,
# where it says more than the value's label (and ``when``: claims.when), else ``0``; ``area`` the country
# codes of a place no one point stands for (places.csv), else ``0``. ``perpetrator``
# is the cell as written (the download's); outside English, the block's
# ``perpetrator_labels`` gives a cell with a basis as the reader's language words it.
EVENT_FIELDS = (
    "id", "title", "category", "date", "end_date", "place", "loc", "unplaced", "killed",
    "killed_reported", "injured", "perpetrator", "perpetrator_group", "summary", "citations", "radius",
    "support", "said", "area",
)  # fmt: skip
# Where each event goes on the timeline (chart.geometry), one column of whole
# numbers per fact, in the order of ``events``: ``first``, the first day its date
# may stand for (days since 1970-01-01); ``middle``, the day of its marker, and
# ``days``, how many days the date covers, both counted from ``first``;
# ``size``, its marker's diameter, and ``ring``, the diameter of the ring around
# it when sources disagree on the deaths (0: none), in tenths of a pixel;
# ``lane``, its lane's row (0 at the bottom). The pages read them as they are.
CHART_FIELDS = ("first", "middle", "days", "size", "ring", "lane")
DATE_FIELDS = ("iso", "label", "precision", "start", "end", "approximate")
COUNT_FIELDS = ("label", "low", "high", "kind", "total", "total_how")
PLACE_FIELDS = ("lat", "lon", "precision", "provider", "name", "note", "radius_m", "countries", "method", "status")
CITATION_FIELDS = ("source", "field", "value", "quote", "note", "claimed_by", "derived")


class _Table:
    """Distinct values, each stored once and referred to by its index.

    Values are told apart by identity, which is quick: the parsers hand out
    one object per distinct text and the geocoder one per place, so equal
    values are almost always the same object (and an equal copy only costs
    a row). They all live as long as the dataset, so an id is never reused."""

    def __init__(self, row):
        self.row = row
        self.index: dict[int, int] = {id(None): -1}
        self.rows: list = []

    def indexes(self, values: list) -> list[int]:
        """The index of each value (``-1`` for ``None``), adding new ones in order."""
        index, rows, row = self.index, self.rows, self.row
        for value in values:
            if id(value) not in index:
                index[id(value)] = len(rows)
                rows.append(row(value))
        return [index[id(value)] for value in values]


def data_block(dataset: Dataset, placements: Placements) -> dict:
    """Every fact the pages show, with each event once (see ``EVENT_FIELDS``)."""
    events = dataset.events
    categories = categories_for([e.category for e in events])
    index = {c.id: i for i, c in enumerate(categories)}
    together = grouped(categories, Counter(e.category for e in events))
    unplaced = {u.event.id: u.reason for u in placements.unplaced}
    unplaced.update((event_id, area.reason(country_name)) for event_id, area in placements.areas.items())
    dates, counts, places = _Table(_date), _Table(_count), _Table(_place)
    sources = {source_id: n for n, source_id in enumerate(dataset.sources)}
    groups = {text: perpetrator_group(text) for text in {e.perpetrator for e in events}}
    # Column by column: a table's dates (each event's date, then its end), counts and places.
    date_pairs = dates.indexes([d for e in events for d in (e.date, e.end_date)])
    count_pairs = counts.indexes([c for e in events for c in (e.killed, e.injured)])
    where = placements.places.get
    place_ids = places.indexes([where(e.id) for e in events])
    radii = {id(None): radius(None)}
    for e in events:
        if id(e.killed) not in radii:
            radii[id(e.killed)] = radius(e.killed)
    rows = []
    marks: dict[int, dict | int] = {}
    statements = claims.statements(dataset)
    for n, e in enumerate(events):
        cited = dataset.citations_for(e.id)
        spread = dataset.reported_killed(e) if cited else None
        supported, said = _support(dataset, e, marks, statements) if cited else (0, 0)
        area = placements.areas.get(e.id)
        rows.append(
            [
                e.id,
                e.title,
                index[e.category],
                date_pairs[2 * n],
                date_pairs[2 * n + 1],
                e.place,
                place_ids[n],
                unplaced.get(e.id, ""),
                count_pairs[2 * n],
                [spread.low, spread.high, spread.label] if spread else 0,
                count_pairs[2 * n + 1],
                e.perpetrator,
                groups[e.perpetrator],
                e.summary,
                [_citation(c, sources) for c in cited],
                radii[id(e.killed)],
                supported,
                said,
                area.country.split() if area else 0,
            ]
        )
    country_codes = {code for row in places.rows for code in row[PLACE_FIELDS.index("countries")]}
    country_codes.update(code for area in placements.areas.values() for code in area.country.split())
    language = current_language()
    names = {code: country_name(code, language) for code in country_codes}
    codes = sorted(country_codes, key=names.__getitem__ if language.english else lambda c: names[c].casefold())
    s = dataset.settings
    block = {
        "meta": {"title": s.title, "subtitle": s.subtitle, "data_as_of": s.data_as_of, "credits": s.credits},
        "categories": [_category(c, c.id in together) for c in categories],
        "others": {"label": others_label(len(together)), "color": OTHERS.color} if together else None,
        "countries": [{"code": code, "name": names[code]} for code in codes],
        "perpetrators": sorted({g for g in groups.values() if g}, key=str.casefold),
        "precisions": PRECISION_LABELS.now(),
        "support_words": {status: words for status, words in claims.STATUS_WORDS.items() if words},
        "sizes": size_key(),
        "sources": [_source(src) for src in dataset.sources.values()],
        "fields": {
            "event": EVENT_FIELDS,
            "date": DATE_FIELDS,
            "count": COUNT_FIELDS,
            "place": PLACE_FIELDS,
            "citation": CITATION_FIELDS,
        },
        "dates": dates.rows,
        "counts": counts.rows,
        "places": places.rows,
        "events": rows,
        "stories": _stories(dataset.stories, {e.id: n for n, e in enumerate(events)}),
        # The names on the offline base map: GeoNames cities near the events and the world's largest.
        "placenames": maplabels.block([(p.lat, p.lon) for p in placements.places.values()]),
        # The borders between the regions of the countries the events are in (or their areas name).
        "borders": maplabels.borders(codes),
        "chart": _chart(geometry(dataset)),
    }
    said = perpetrator_labels(groups, language)
    if said:
        block["perpetrator_labels"] = said
    return block


def perpetrator_labels(groups: dict[str, str], language: Language) -> dict[str, str]:
    """The block's ``perpetrator_labels``: each perpetrator cell whose basis
    reads otherwise in ``language`` (the language in use), as it reads there
    (``values.Blame.label``: "ISIS-K (attributed by the White House)" in our
    words, the group and who says so as written). None in English, where the
    cell is shown as written."""
    if language.english:
        return {}
    found = {}
    for text in sorted(groups):
        blame = Blame.read(text) if text else None
        if blame is not None and blame.basis and not blame.qualifier:
            found[text] = blame.label
    return found


def _stories(stories: list[Story], index: dict[str, int]) -> list[dict]:
    """The block's ``stories``: each story (in the order story.csv first names
    them) with its steps in step order; a step's ``events`` are indexes into
    ``events``, its ``view`` ``null`` (frame its events), ``"world"`` or
    ``[south, west, north, east]`` in degrees."""
    return [
        {
            "id": story.id,
            "title": story.title,
            "steps": [
                {
                    "title": step.title,
                    "text": step.text,
                    "events": [index[event_id] for event_id in step.event_ids],
                    "view": [round(v, 4) for v in step.view] if isinstance(step.view, tuple) else step.view,
                }
                for step in story.steps
            ],
        }
        for story in stories
    ]


def _chart(at: Geometry) -> dict:
    """The block's ``chart`` columns (see ``CHART_FIELDS``)."""
    first = at.first
    return {
        "first": first,
        "middle": [m - f for m, f in zip(at.middle, first, strict=True)],
        "days": [la - f + 1 for la, f in zip(at.last, first, strict=True)],
        "size": at.size,
        "ring": at.ring,
        "lane": at.lane,
    }


# The element the pages carry the encoded block in.
DATA_ELEMENT_START = '<script type="application/octet-stream" id="timeline-data" data-encoding="gzip base64">'


# A gzip header with no name, no time and "unknown" for the system that wrote
# it: the same on every platform (zlib's own says which system it ran on).
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
# The JSON is deflated in pieces of this many bytes, two at a time.
DEFLATE_PIECE = 4 << 20
WINDOW = 32 << 10  # how far back deflate looks
DEFLATE_LEVEL = 2  # ISA-L's levels are 0 to 3 (gzip_in_pieces)
SMALL_BLOCK = 1 << 20  # bytes packed below which zlib's level 9 deflates the block (gzip_in_pieces)


def encode(block: dict) -> str:
    """The block as the page carries it: packed (``pack``: columns of numbers
    and of texts, in two parts), each part gzip-compressed, in base64, the two
    apart by a space.

    A table of 100,000 events is tens of megabytes packed but a few of
    gzip; the page inflates it with the browser's own DecompressionStream.
    ``gzip_in_pieces`` compresses it on two CPUs; zlib lets go of the
    interpreter while it works, so ``pipeline.render`` goes on meanwhile too.
    """
    return " ".join(base64.b64encode(gzip_in_pieces(part)).decode("ascii") for part in pack(block))


# The packed block (``pack``), in two parts. The first: MAGIC, the header's length
# (4 bytes, little-endian), the header (UTF-8 JSON, padded with spaces to a
# multiple of 8 bytes), then columns; the second: columns. Each column starts at
# a multiple of 8 bytes from the start of its part's columns. The header is the
# block but for its tables (TABLES) and the chart, with ``columns``: for each
# table, each field's column as ``{kind, part, at, bytes, ...}`` (``_column``);
# ``by_id``, the events in the order of their ids. The page reads the numbers as
# typed arrays where they lie, and each text only when a view asks for it.
MAGIC = b"TLB1"
# The block's tables, each a list of rows in the order of its fields (``fields``).
TABLES = ("events", "dates", "counts", "places")
# Columns of numbers, as typed arrays (the letter is Python's array type code).
_INTS = (("u8", "B", 0, 0xFF), ("i8", "b", -0x80, 0x7F), ("u16", "H", 0, 0xFFFF), ("i16", "h", -0x8000, 0x7FFF),
         ("u32", "I", 0, 0xFFFF_FFFF), ("i32", "i", -0x8000_0000, 0x7FFF_FFFF))  # fmt: skip
# A column of few distinct values (at most this many, and at most one per
# DICT_SHARE rows) is kept as their list in the header and an index per row.
DICT_MOST = 4096
DICT_SHARE = 4
NUMPY_FROM = 100_000  # numbers in a column (or bytes of texts) from which numpy packs them
SEPARATOR = "\x00"  # between the texts of a column: csvfile refuses it in any cell
# The characters beyond ASCII that JavaScript's toLowerCase makes ASCII letters of
# (İ to i and a dot above, the Kelvin sign to k). The page looks for an ASCII word
# in a text column's bytes, with A-Z taken as a-z (common.js), and lowercases
# only the texts that hold one of these, which a text column lists (``folded``).
FOLDS_TO_ASCII = ("\u0130", "\u212a")
SPLIT_FROM = 8 << 20  # bytes packed from which the block is two parts, inflated at once


def pack(block: dict) -> list[bytes]:
    """The block as runs of bytes (see MAGIC): the first holds the header,
    every number and some texts, the second (from SPLIT_FROM bytes) the other
    texts, so that the page inflates the two at once, on two cores. ``unpack``
    gives the block back."""
    import orjson  # lazy: validate and places make no data block

    pieces: list[tuple[dict, bytes]] = []

    def put(spec: dict, data: bytes) -> dict:
        pieces.append((spec, data))
        spec["bytes"] = len(data)
        return spec

    columns: dict = {}
    fields = block["fields"]
    for table in TABLES:
        rows = block[table]
        names = fields["event" if table == "events" else table[:-1]]
        cols = list(zip(*rows, strict=True)) if rows else [() for _ in names]
        columns[table] = {"rows": len(rows)}
        for name, values in zip(names, cols, strict=True):
            if table == "events" and name == "citations":
                columns[table][name] = _citations(values, fields["citation"], put)
            else:
                columns[table][name] = _column(values, put)
    columns["chart"] = {name: _column(values, put) for name, values in block["chart"].items()}
    # The events in the order of their ids (ASCII: load._ID), for finding one by its id.
    ids = [row[0] for row in block["events"]]
    columns["by_id"] = _column(sorted(range(len(ids)), key=ids.__getitem__), put)
    # Numbers in the first part; each text column, largest first, in the part that has less so far
    # (a small block is one part: a second worker would cost more than it saves).
    parts: list[list[bytes]] = [[], []]
    sizes = [sum(len(d) for spec, d in pieces if spec["kind"] not in ("text", "json")), 0]
    texts = sorted(
        (n for n, (spec, _) in enumerate(pieces) if spec["kind"] in ("text", "json")), key=lambda n: -len(pieces[n][1])
    )
    whole = sum(len(d) for _, d in pieces) < SPLIT_FROM
    part_of = {}
    for n in texts:
        part_of[n] = 0 if whole or sizes[0] <= sizes[1] else 1
        sizes[part_of[n]] += len(pieces[n][1])
    at = [0, 0]
    for n, (spec, data) in enumerate(pieces):
        part = part_of.get(n, 0)
        spec["at"], spec["part"] = at[part], part
        parts[part] += [data, bytes(-len(data) % 8)]
        at[part] += len(data) + (-len(data) % 8)
    header = {k: v for k, v in block.items() if k not in (*TABLES, "chart")}
    header["columns"] = columns
    text = orjson.dumps(header)
    text += b" " * (-(len(MAGIC) + 4 + len(text)) % 8)
    first = b"".join([MAGIC, struct.pack("<I", len(text)), text, *parts[0]])
    return [first, b"".join(parts[1])] if parts[1] else [first]


def _citations(values: tuple, names: tuple, put) -> dict:
    """An event's citations: how many each event has, and the citations of
    every event one after another, a column per field."""
    flat = [c for cited in values for c in cited]
    cols = list(zip(*flat, strict=True)) if flat else [() for _ in names]
    return {
        "kind": "rows",
        "count": _column([len(cited) for cited in values], put),
        "fields": {name: _column(col, put) for name, col in zip(names, cols, strict=True)},
    }


def _ints(values, put) -> dict | None:
    """Whole numbers as the narrowest typed array that holds them, or None
    (by numpy from NUMPY_FROM numbers)."""
    if len(values) < NUMPY_FROM:
        low, high = min(values), max(values)
        for name, code, least, most in _INTS:
            if least <= low and high <= most:
                return put({"kind": "int", "type": name}, array.array(code, values).tobytes())
        return None
    import numpy as np  # lazy: a small table's build does without it (0.1 s to import)

    numbers = np.asarray(values)
    if numbers.dtype.kind not in "iu":  # beyond 64 bits: numpy holds them as objects
        return None
    low, high = int(numbers.min()), int(numbers.max())
    for name, code, least, most in _INTS:
        if least <= low and high <= most:
            return put({"kind": "int", "type": name}, numbers.astype(_LITTLE[code]).tobytes())
    return None


# Each typed array's numpy type: little-endian, as the page's typed arrays read them.
_LITTLE = {"B": "<u1", "b": "<i1", "H": "<u2", "h": "<i2", "I": "<u4", "i": "<i4"}


def _column(values, put) -> dict:
    """One column: ``int`` (a typed array, ``type`` u8 .. i32), ``float`` (f64),
    ``dict`` (``values`` in the header and an ``index`` column), ``text``
    (the texts joined by SEPARATOR, UTF-8) or ``json`` (each value's JSON,
    joined so), with ``lengths``, each text's length in bytes. ``part`` is
    the part its bytes are in, ``at`` where they start and ``bytes`` how many."""
    import orjson

    n = len(values)
    if not n:
        return put({"kind": "int", "type": "u8"}, b"")
    types = set(map(type, values))
    if types <= {int} and (found := _ints(values, put)):
        return found
    scalar = types <= {str, int, float, bool, type(None)}
    # Keys told apart by type too, where types are mixed (1, 1.0 and True are one key in a dict).
    keys = (values if len(types) == 1 else [(type(v), v) for v in values]) if scalar else _dumps_each(values)
    distinct: dict = {}
    for key in keys:
        if key not in distinct:
            distinct[key] = len(distinct)
            if len(distinct) > DICT_MOST:
                break
    if len(distinct) <= DICT_MOST and len(distinct) * DICT_SHARE <= max(n, DICT_MOST):
        index = _column([distinct[key] for key in keys], put)
        listed = (
            (list(distinct) if len(types) == 1 else [v for _, v in distinct])
            if scalar
            else [orjson.loads(key) for key in distinct]
        )
        return {"kind": "dict", "values": listed, "index": index}
    if types <= {int, float}:
        return put({"kind": "float", "type": "f64"}, array.array("d", values).tobytes())
    if types == {str}:
        kind, joined = "text", SEPARATOR.join(values).encode("utf-8")
    else:
        kind, joined = "json", b"\x00".join(keys if not scalar else _dumps_each(values))
    lengths = _lengths(joined)
    if len(lengths) != n:
        raise ValueError("a text of the data block holds a NUL character, which csvfile refuses in every cell")
    spec = {"kind": kind, "count": n, "lengths": _ints(lengths, put)}
    if kind == "text":
        # The texts that lowercasing makes a letter A-Z in from something else (see FOLDS_TO_ASCII).
        folded = _folded(joined, lengths)
        spec["folded"] = _ints(folded, put) if folded else None
    return put(spec, joined)


def _lengths(joined: bytes):
    """The length in bytes of each text of ``joined`` (texts joined by NUL bytes),
    found by numpy rather than by cutting a million texts out (from NUMPY_FROM bytes)."""
    if len(joined) < NUMPY_FROM:
        return [len(part) for part in joined.split(b"\x00")]
    import numpy as np

    ends = np.flatnonzero(np.frombuffer(joined, np.uint8) == 0)
    bounds = np.concatenate(([-1], ends, [len(joined)]))
    return np.diff(bounds) - 1


def _folded(joined: bytes, lengths) -> list[int]:
    """The texts (by index) that hold a character of FOLDS_TO_ASCII: found in
    the bytes, where they are few, each placed by where the texts start."""
    found = []
    for c in FOLDS_TO_ASCII:
        wanted = c.encode("utf-8")
        at = joined.find(wanted)
        while at >= 0:
            found.append(at)
            at = joined.find(wanted, at + 1)
    if not found:
        return []
    import numpy as np

    starts = np.concatenate(([0], np.cumsum(np.asarray(lengths, np.int64) + 1)))
    return sorted({int(n) for n in np.searchsorted(starts, found, side="right") - 1})


_MARK = "\x01"
_MARKED = b',"\\u0001",'


def _dumps_each(values) -> list[bytes]:
    """Each value's JSON, from one call of orjson for the whole column (a call
    per value takes seconds at a million): the values with a mark between
    them, which no value's JSON holds (it would be a control character in a
    cell, which csvfile refuses), cut at the marks."""
    import orjson

    text = orjson.dumps([x for v in values for x in (v, _MARK)])
    parts = text[1 : -len(_MARKED)].split(_MARKED)
    if len(parts) != len(values):  # a value held the mark after all: one call each
        return [orjson.dumps(v) for v in values]
    return parts


def unpack(parts: list[bytes]) -> dict:
    """The block ``pack`` packed, as ``data_block`` made it."""
    import orjson

    first = parts[0]
    if first[:4] != MAGIC:
        raise ValueError("not a packed data block")
    (length,) = struct.unpack_from("<I", first, 4)
    header = orjson.loads(first[8 : 8 + length])
    bodies = [memoryview(first)[8 + length :], *map(memoryview, parts[1:])]
    columns = header.pop("columns")
    columns.pop("by_id")
    block = dict(header)
    fields = header["fields"]
    for table in TABLES:
        names = fields["event" if table == "events" else table[:-1]]
        cols = columns[table]
        read = [_read(cols[name], bodies) for name in names]
        block[table] = [list(row) for row in zip(*read, strict=True)]
    block["chart"] = {name: _read(col, bodies) for name, col in columns["chart"].items()}
    return block


def _read(col: dict, bodies: list[memoryview]) -> list:
    import orjson

    kind = col["kind"]
    if kind == "dict":
        listed = col["values"]
        return [listed[i] for i in _read(col["index"], bodies)]
    if kind == "rows":
        counts = _read(col["count"], bodies)
        fields = [_read(c, bodies) for c in col["fields"].values()]
        flat = [list(c) for c in zip(*fields, strict=True)]
        out, start = [], 0
        for n in counts:
            out.append(flat[start : start + n])
            start += n
        return out
    data = bodies[col["part"]][col["at"] : col["at"] + col["bytes"]]
    if kind in ("int", "float"):
        values = array.array({name: code for name, code, *_ in _INTS}.get(col["type"], "d"))
        values.frombytes(data)
        return values.tolist()
    joined = bytes(data)
    if kind == "text":
        return joined.decode("utf-8").split(SEPARATOR)
    return [orjson.loads(part) for part in joined.split(b"\x00")]


def gzip_in_pieces(data: bytes, piece: int = DEFLATE_PIECE) -> bytes:
    """``data`` as one gzip member, deflated in pieces on two threads, as pigz
    does: each piece is deflated on its own, primed with the 32 KB before it
    (so it loses almost nothing to being cut), and ends on a byte boundary
    (a sync flush), so the pieces joined are one deflate stream that any
    gzip reader inflates. The same data gives the same bytes.

    Deflated by ISA-L (``isal``) at DEFLATE_LEVEL: on a 200,000 events' block
    (76 MB packed) it takes 0.14 s of CPU where zlib's level 6 took 1.7 s,
    and gives 17.8 MB where zlib gave 14.7 (zlib's level 1 takes 0.47 s and
    gives 18.3 MB).

    A block under SMALL_BLOCK bytes (a briefing's, sent as an attachment) is
    deflated by zlib at its level 9 instead: the smallest page, in milliseconds."""
    from isal import isal_zlib  # lazy: validate and places make no data block

    starts = range(0, max(len(data), 1), piece)
    small = len(data) < SMALL_BLOCK

    def deflate(start: int) -> bytes:
        before = data[max(0, start - WINDOW) : start]
        deflater = (
            zlib.compressobj(9, zlib.DEFLATED, -15)
            if small
            else isal_zlib.compressobj(
                DEFLATE_LEVEL, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY, *([before] if before else [])
            )
        )
        last = start + piece >= len(data)
        return deflater.compress(data[start : start + piece]) + deflater.flush(
            zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH  # the same numbers in isal_zlib
        )

    with ThreadPoolExecutor(2) as pool:
        body = b"".join(pool.map(deflate, starts))
    return GZIP_HEADER + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def decode(html: str) -> dict:
    """The data block of a built page, as ``data_block`` made it (for tools and tests)."""
    start = html.index(DATA_ELEMENT_START) + len(DATA_ELEMENT_START)
    payload = html[start : html.index("</script>", start)]
    return unpack([gzip.decompress(base64.b64decode(part)) for part in payload.split(" ")])


def event_records(block: dict) -> list[dict]:
    """The events of a decoded block as ``{field: value}`` (tables not resolved)."""
    return [dict(zip(EVENT_FIELDS, row, strict=True)) for row in block["events"]]


def _category(c: Category, together: bool) -> dict:
    # ``grouped``: drawn with the others, in their colour, everywhere (style.grouped)
    return {
        "id": c.id, "label": c.label, "color": OTHERS.color if together else c.color, "description": c.description,
        "known": c.known, "grouped": together,
    }  # fmt: skip


def _source(s: Source) -> dict:
    return {
        "id": s.id,
        "title": s.title,
        "publisher": s.publisher,
        "author": s.author,
        "published": s.published,
        "url": s.url,
        "kind": s.kind,
        "document": s.document.name if s.document else "",
        "note": s.note,
    }


def _date(d: PartialDate) -> list:
    return [d.iso, d.label, d.precision, d.start.isoformat(), d.end.isoformat(), d.approximate]


def _count(c: Count) -> list:
    total = c.total
    return [c.label, c.low, c.high, c.kind, total.label if total else "", c.total_how if total else ""]


def _place(p: Place) -> list:
    return [
        round(p.lat, 6),
        round(p.lon, 6),
        p.precision,
        p.provider,
        p.name,
        p.note,
        _uncertainty_m(p),
        p.country.split(),
        p.method,
        p.status,
    ]


def _uncertainty_m(p: Place) -> int:
    if p.precision == "country":
        radius_km = countries.radius_km(p.country.split()[0]) if p.country else None
        return round(radius_km * 1000, -3) if radius_km else 500_000
    if p.precision == "region" and p.radius_km:  # the region's own extent (gazetteer: admin1)
        return int(round(p.radius_km * 1000, -3))
    if p.status == "review" and p.precision == "venue":  # a guessed site is drawn as no more than the town it is in
        return PRECISION_RADIUS_M["city"]
    return PRECISION_RADIUS_M.get(p.precision, 0)


def _citation(c: Citation, sources: dict[str, int]) -> list:
    value_label = c.value
    if c.field in ("killed", "injured") and c.value:
        value_label = Count.parse(c.value).label
    derived = claims.label_of(claims.KINDS[c.field].read(c.derived)) if c.derived else ""
    return [sources[c.source_id], c.field, value_label, c.quote, c.note, c.claimed_by, derived]
