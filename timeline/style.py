"""How events look: the category vocabulary and its colours, and marker sizes.

One palette serves the map, the timeline and the table. The six known
categories take the Okabe–Ito colours, chosen to stay apart under the common
colour-vision deficiencies; categories outside the vocabulary still build and
take the remaining colours in order of first appearance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .values import Count


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    color: str
    description: str
    known: bool = True


VOCABULARY = (
    Category("attack", "Attack", "#D55E00", "an attack carried out: a bombing, shooting or other assault"),
    Category("foiled plot", "Foiled plot", "#E69F00", "an attack planned but stopped before it was carried out"),
    Category("warning", "Warning", "#CC79A7", "a public warning of a threat"),
    Category("statement", "Statement", "#0072B2", "a claim, denial, accusation or official remark"),
    Category("counter-terrorism", "Counter-terrorism", "#009E73", "arrests, raids, cells dismantled, leaders killed"),
    Category("context", "Context", "#6F6F6F", "background: wars, withdrawals, a group's founding"),
)
OTHER_COLORS = ("#56B4E9", "#000000", "#8C564B", "#B8A200", "#7F3C8D", "#11A579", "#3969AC", "#E73F74")
NO_CATEGORY = Category("", "No category", "#9E9E9E", "no category given", known=False)


def categories_for(used: list[str]) -> list[Category]:
    """The vocabulary's categories in use, in vocabulary order, then the others
    in order of first appearance, each with its own colour."""
    known = {c.id: c for c in VOCABULARY}
    seen = list(dict.fromkeys(used))
    out = [c for c in VOCABULARY if c.id in seen]
    others = [u for u in seen if u and u not in known]
    for i, name in enumerate(others):
        out.append(
            Category(
                name,
                name[:1].upper() + name[1:],
                OTHER_COLORS[i % len(OTHER_COLORS)],
                "not in the vocabulary",
                known=False,
            )
        )
    if "" in seen:
        out.append(NO_CATEGORY)
    return out


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
