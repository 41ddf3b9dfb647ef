"""What part of the world a map shows: ``auto``, ``world``, a box or a place.

The map picture's ``--frame`` and a story step's ``view`` (story.py) are read
here, the one owner of the rule: ``auto`` (frame the events), ``world``, a box
``S,W,N,E`` in degrees, or a place the offline gazetteer knows, framed on a
box (a country on its outline's main part, anything else on a box around its
point). Nothing is looked up online.
"""

from __future__ import annotations

import re

from .errors import ValueProblem, printable

FRAME_FIX = (
    "write auto, world, a box as S,W,N,E in degrees (e.g. 25,35,60,80) or a place the offline gazetteer knows "
    "(e.g. Afghanistan)"
)
CITY_HALF_SPAN = 4.0  # degrees either side of a town, region or site named as a frame

Box = tuple[float, float, float, float]  # south, west, north, east, in degrees
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def read_frame(text: str, gazetteer=None) -> str | Box:
    """``"auto"``, ``"world"`` or a box ``(south, west, north, east)`` for
    ``text``. Raises ``ValueProblem`` saying why it is not a frame (the
    message reads after "is not a frame: "), with ``FRAME_FIX``. A place is
    looked up in ``gazetteer`` (a ``Gazetteer``; a new one if ``None``)."""
    spec = text.strip()
    if spec.lower() in ("auto", "world"):
        return spec.lower()
    parts = [p.strip() for p in spec.split(",")]
    if len(parts) == 4 and all(_NUMBER.fullmatch(p) for p in parts):
        south, west, north, east = (float(p) for p in parts)
        if not (-90 <= south < north <= 90):
            raise ValueProblem("S and N must be latitudes, S below N", FRAME_FIX)
        if not (-180 <= west < east <= 180):
            raise ValueProblem(
                "W and E must be longitudes, W west of E (a box across the 180th meridian is not drawn)", FRAME_FIX
            )
        return south, west, north, east
    if re.fullmatch(r"[-+\d.,\s]+", spec):
        raise ValueProblem("a box is four numbers, S,W,N,E", FRAME_FIX)
    return place_box(spec, gazetteer)


def parse_frame(text: str) -> str:
    """The map picture's frame as map-picture.js reads it: ``auto``, ``world`` or
    ``S,W,N,E`` (see ``read_frame``). Raises ValueError with the message to show."""
    try:
        found = read_frame(text)
    except ValueProblem as problem:
        raise ValueError(f"'{printable(text)}' is not a frame: {problem.message}; {problem.fix}") from None
    return found if isinstance(found, str) else box_text(found)


def box_text(box) -> str:
    """A box (south, west, north, east) as a frame is written: "25,35.5,60,80"."""
    return ",".join(_deg(v) for v in box)


def _deg(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def place_box(text: str, gazetteer=None) -> Box:
    """The box a place the offline gazetteer knows is framed on (its degrees
    rounded to hundredths); ``ValueProblem`` when it does not know it."""
    from .countries import countries  # lazy: only a place named as a frame needs them
    from .gazetteer import Gazetteer, Match

    found = (gazetteer or Gazetteer()).lookup(text)
    if not isinstance(found, Match):
        raise ValueProblem(f"it {found.reason}", FRAME_FIX)
    entry = found.entry
    country = countries().get(entry.country) if entry.precision == "country" else None
    if country is not None and country.rings:
        # The parts of the outline near its label point (not overseas territories).
        near = [
            box
            for box, _ in country.rings
            if abs((box[0] + box[2]) / 2 - country.label_lon) < 30
            and abs((box[1] + box[3]) / 2 - country.label_lat) < 30
        ] or [box for box, _ in country.rings]
        west, south = min(b[0] for b in near), min(b[1] for b in near)
        east, north = max(b[2] for b in near), max(b[3] for b in near)
    else:
        half = max(CITY_HALF_SPAN, entry.radius_km / 111) if entry.radius_km else CITY_HALF_SPAN
        south, north = max(-85.0, entry.lat - half), min(85.0, entry.lat + half)
        west, east = max(-180.0, entry.lon - half), min(180.0, entry.lon + half)
    return tuple(float(_deg(v)) for v in (south, west, north, east))
