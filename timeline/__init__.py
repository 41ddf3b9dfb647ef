"""Turn a table of dated, placed events into an offline map, timeline and briefing page.

import timeline
dataset = timeline.load("seeds/events.csv")
report = timeline.build("seeds/events.csv", out="output")
"""

from __future__ import annotations

from .errors import InvalidInputError, OutputError, Problem, TimelineError
from .load import load
from .pipeline import BuildReport, build, prepare, render
from .version import __version__

__all__ = [
    "BuildReport",
    "InvalidInputError",
    "OutputError",
    "Problem",
    "TimelineError",
    "__version__",
    "build",
    "load",
    "prepare",
    "render",
]
