"""How events look: the category vocabulary and its colours, and marker sizes.

One palette serves the map, the timeline and the table. The six known
categories no longer take plain Okabe–Ito: it fails greyscale print (statement
#0072B2 and context #6F6F6F are 0.9 apart in L*, so they print as one grey)
and marker visibility (foiled plot #E69F00 is 2.25:1 on white). The palette is
our own, found by a search over the hues of Okabe–Ito, Paul Tol's bright,
vibrant, muted and high-contrast sets and ColorBrewer Dark2, each hue re-set
to another lightness: an orange attack (from Okabe–Ito's vermilion), a
mid-grey context, a dark amber foiled plot, a crimson warning, a dark green
counter-terrorism and a navy statement, on evenly spaced CIE L* steps (59.8,
51.2, 42.8, 34.4, 25.9, 17.3 in that order) so that each prints as its own
grey. A colour with 3:1 on white is at most L* 61.7, and five gaps of 8 L*
below that push the darkest to L* 21.7 or less (17.3 here, for gaps of 8.4 or
more): hence the navy, and no light or pastel colours.

Checked by ``tests/unit/test_palette.py`` with ``scripts/palette.py`` (reprint the
figures with ``.venv/bin/python scripts/palette_report.py``): every pair
differs by CIEDE2000 ≥ 15 under normal vision and ≥ 10 under protanopia,
deuteranopia and tritanopia as simulated with the Machado, Oliveira &
Fernandes (2009) matrices at full severity; by ≥ 8 in CIE L* (the grey a
greyscale print keeps); and each colour has a WCAG contrast of ≥ 3:1 with
white. Worst cases: ΔE00 24.9 normal (foiled plot/context), 12.5 protanopia
(attack/foiled plot), 11.7 deuteranopia (warning/counter-terrorism), 12.3
tritanopia (statement/counter-terrorism); |ΔL*| 8.4 (foiled plot/context);
contrast 3.19:1 (attack).

Categories outside the vocabulary still build and take the ``OTHER_COLORS`` in
order of first appearance; each of those is at least ΔE00 15 (normal vision)
and 10 (each simulated deficiency) from every vocabulary colour, though not
one grey apart from them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from .language import Language, _, ngettext
from .language import current as current_language
from .values import Count


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    color: str
    description: str
    known: bool = True


VOCABULARY = (
    Category("attack", "Attack", "#E86C16", "an attack carried out: a bombing, shooting or other assault"),
    Category("foiled plot", "Foiled plot", "#835F05", "an attack planned but stopped before it was carried out"),
    Category("warning", "Warning", "#A20149", "a public warning of a threat"),
    Category("statement", "Statement", "#20245D", "a claim, denial, accusation or official remark"),
    Category("counter-terrorism", "Counter-terrorism", "#00472F", "arrests, raids, cells dismantled, leaders killed"),
    Category("context", "Context", "#7A7A7A", "background: wars, withdrawals, a group's founding"),
)
OTHER_COLORS = ("#56B4E9", "#000000", "#AF5451", "#4A460A", "#7F3C8D", "#11A579", "#3969AC", "#DC6CB6")
NO_CATEGORY = Category("", "No category", "#9E9E9E", "no category given", known=False)


def _vocabulary_words() -> dict[str, tuple[str, str]]:
    """Each vocabulary category's name and description, in the language in use."""
    return {
        "attack": (_("Attack"), _("an attack carried out: a bombing, shooting or other assault")),
        "foiled plot": (_("Foiled plot"), _("an attack planned but stopped before it was carried out")),
        "warning": (_("Warning"), _("a public warning of a threat")),
        "statement": (_("Statement"), _("a claim, denial, accusation or official remark")),
        "counter-terrorism": (_("Counter-terrorism"), _("arrests, raids, cells dismantled, leaders killed")),
        "context": (_("Context"), _("background: wars, withdrawals, a group's founding")),
        "": (_("No category"), _("no category given")),
        OTHERS_ID: (_("Other categories"), _("the categories with the fewest events")),
    }


@lru_cache(maxsize=8)
def _in_language(language: Language) -> dict[str, Category]:
    """The vocabulary, NO_CATEGORY and OTHERS, named in ``language`` (the ids stay)."""
    words = _vocabulary_words()
    return {
        c.id: replace(c, label=words[c.id][0], description=words[c.id][1]) for c in (*VOCABULARY, NO_CATEGORY, OTHERS)
    }


def categories_for(used: list[str]) -> list[Category]:
    """The vocabulary's categories in use, in vocabulary order, then the others
    in order of first appearance, each with its own colour; our names for them
    in the language in use (a category of the table's own as it is written)."""
    known = _in_language(current_language())
    seen = list(dict.fromkeys(used))
    out = [known[c.id] for c in VOCABULARY if c.id in seen]
    vocabulary = {c.id for c in VOCABULARY}
    others = [u for u in seen if u and u not in vocabulary]
    for i, name in enumerate(others):
        out.append(
            Category(
                name,
                name[:1].upper() + name[1:],
                OTHER_COLORS[i % len(OTHER_COLORS)],
                _("not in the vocabulary"),
                known=False,
            )
        )
    if "" in seen:
        out.append(known[""])
    return out


# More categories than this and those with the fewest events are drawn
# together: one timeline lane, one colour, one legend entry (``grouped``).
MAX_LANES = 24
OTHERS_ID = "\u2026others"
OTHERS = Category(OTHERS_ID, "Other categories", "#7b8088", "the categories with the fewest events", known=False)


def others_label(count: int) -> str:
    """The name of the lane, legend entry and toggle that ``count`` grouped
    categories share, in the language in use."""
    return ngettext("{count} other category", "{count} other categories", count).format(
        count=current_language().whole(count)
    )


def grouped(categories: list[Category], events_in: dict[str, int]) -> set[str]:
    """The ids of the categories drawn together as OTHERS: none up to
    MAX_LANES categories; beyond, all but the MAX_LANES - 1 with the most
    events (``events_in``: category id -> events), earlier first on a tie."""
    if len(categories) <= MAX_LANES:
        return set()
    ranked = sorted(range(len(categories)), key=lambda n: (-events_in.get(categories[n].id, 0), n))
    return {categories[n].id for n in ranked[MAX_LANES - 1 :]}


# Marker radius in pixels. Area grows with deaths (radius with the square
# root), capped so one event cannot cover its neighbours.
UNKNOWN_RADIUS = 7.0
ZERO_RADIUS = 4.0
MAX_RADIUS = 26.0


def radius(killed: Count | None) -> float:
    """The marker radius for a death count; unknown has its own fixed size (and
    is drawn hollow), zero is the smallest solid marker."""
    if killed is None:
        return UNKNOWN_RADIUS
    return round(min(MAX_RADIUS, ZERO_RADIUS + 1.6 * math.sqrt(killed.low)), 1)


def radius_of(deaths: int) -> float:
    """The marker radius for exactly ``deaths`` deaths (a legend's sizes, the
    ring at the highest figure when sources disagree)."""
    return radius(Count(deaths, deaths, "exact"))
