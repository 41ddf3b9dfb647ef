"""Keeping a piece of text in its own reading order among others.

A right-to-left place name next to a date ("کابل · 26 Aug 2021") can pull
the date's digits into its own run, so the line reads "26 · کابل Aug 2021".
The Unicode bidirectional algorithm's answer is the isolate: text between
FIRST STRONG ISOLATE (U+2068) and POP DIRECTIONAL ISOLATE (U+2069) is laid
out on its own, in the direction of its first strong letter, and counts as
one neutral character to what is around it. HTML has the same in ``<bdi>``
and ``dir="auto"``; this module is for every place HTML cannot be used:
plotly's labels and hovers, SVG, the PDF, the deck, alt text, the terminal.

A piece of text is isolated only when it needs to be, so an all-English
table's output is what it was: in a left-to-right line, text holding
nothing that reads right to left; in a right-to-left line, text holding
nothing that reads left to right (Latin letters, digits).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE

# Bidi classes that make a piece of text reorder among its neighbours.
_RIGHT = frozenset({"R", "AL", "AN"})
_LEFT = frozenset({"L", "EN", "AN"})
_EXPLICIT = frozenset({"LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})


@lru_cache(maxsize=65536)
def _classes(text: str) -> frozenset[str]:
    return frozenset(unicodedata.bidirectional(c) for c in text)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a letter or digit written right to left (Hebrew, Arabic script)."""
    return not text.isascii() and not _classes(text).isdisjoint(_RIGHT)


def needs_isolate(text: str, rtl: bool = False) -> bool:
    """Whether ``text`` set in a line of direction ``rtl`` could reorder its
    neighbours or be reordered by them."""
    if not text:
        return False
    if not rtl and text.isascii():
        return False
    classes = _classes(text)
    return not classes.isdisjoint(_EXPLICIT) or not classes.isdisjoint(_LEFT if rtl else _RIGHT)


def isolate(text: str, rtl: bool = False) -> str:
    """``text`` between U+2068 and U+2069 when it needs to be (``needs_isolate``)."""
    return f"{FSI}{text}{PDI}" if needs_isolate(text, rtl) else text


def strip(text: str) -> str:
    """``text`` without the isolates this module adds (to compare what is read back)."""
    return text.replace(FSI, "").replace(PDI, "")
