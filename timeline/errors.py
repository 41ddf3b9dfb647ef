"""The exceptions the library raises. Every one derives from TimelineError.

The command line turns a TimelineError into its message on stderr and exit
status 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bidi import isolate


class TimelineError(Exception):
    """Root of every error this package raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or line) of an input file.

    ``str(problem)`` is the one line a person reads:
    ``PATH:LINE: column 'x': value 'y' — what is wrong; how to fix``.
    """

    path: str
    line: int | None
    column: str | None
    value: str | None
    message: str
    fix: str
    where: str | None = None  # said instead of PATH:LINE: a workbook's cell, as ``events.xlsx[events]!C7``

    @classmethod
    def at(cls, path, line: int | None, column: str | None, value: str | None, message: str, fix: str) -> Problem:
        """A problem in the table ``path``: a CSV file's ``Path``, or a
        workbook's sheet (``workbook.Sheet``), which names the cell itself."""
        where = path.where(line, column) if hasattr(path, "where") else None
        return cls(str(path), line, column, value, message, fix, where)

    def __str__(self) -> str:
        # Everything that may come from an input (a path, a column name, a
        # value quoted in the message or the fix) is shown escaped: a terminal
        # must print it, never obey it.
        # Table text (a file or sheet name, a column, a value) that holds
        # right-to-left letters is isolated (bidi.isolate), so that it cannot
        # reorder the line around it: "value 'کابل 2'" keeps its order.
        if self.where is not None:
            where = isolate(printable(self.where))
        else:
            where = isolate(printable(self.path)) + (f":{self.line}" if self.line is not None else "")
        parts = [where]
        if self.column is not None:
            parts.append(f"column '{isolate(shorten(self.column))}'")
        if self.value is not None:
            parts.append(f"value '{isolate(shorten(self.value))}'")
        return ": ".join(parts) + f" — {isolate_quoted(printable(self.message))}; {isolate_quoted(printable(self.fix))}"


# Characters shown escaped in messages: line breaks, invisible controls (C0 and C1), and the
# direction marks that would reorder the rest of the line in a terminal, and
# the noncharacters U+FFFE and U+FFFF.
_UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]")


MAX_SHOWN = 50  # problems printed before "... and N more"


def problem_lines(problems: list[Problem], outcome: str) -> list[str]:
    """A failed build's lines, as the terminal shows them: the first
    MAX_SHOWN problems, how many more there are, then the count and ``outcome``
    ("nothing was written")."""
    lines = [str(problem) for problem in problems[:MAX_SHOWN]]
    if len(problems) > MAX_SHOWN:
        lines.append(f"... and {len(problems) - MAX_SHOWN} more problems like these")
    lines.append(f"{counted(len(problems), 'problem')} in the input; {outcome}")
    return lines


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless one: "1 event", "2 events", "1200 places"."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def printable(text: str) -> str:
    """``text`` safe to print to a terminal: control characters, escape sequences
    and direction marks shown as ``\\u001b`` and the like, never sent as they are."""
    return _UNSEEN.sub(
        lambda m: repr(m.group(0))[1:-1] if m.group(0) in "\r\n\t" else f"\\u{ord(m.group(0)):04x}", text
    )


# A piece of a message in single quotes: table text quoted ("places called 'کرمان'").
# A quote after a letter is an apostrophe ("doesn't"), not the start of one.
_QUOTED = re.compile(r"(?<!\w)'([^'\n]+)'(?!\w)")


def isolate_quoted(text: str) -> str:
    """``text`` (a message, made ``printable``) with each piece in single
    quotes that holds right-to-left letters between the Unicode isolates
    (``bidi.isolate``): table text quoted in a message keeps its order in a
    left-to-right line. A message in English only is returned as it is."""
    if text.isascii():
        return text
    return _QUOTED.sub(lambda m: f"'{isolate(m.group(1))}'", text)


def shorten(value: str, limit: int = 80) -> str:
    """A value as it is quoted in a message: one line, nothing hidden, at most ``limit`` characters."""
    visible = printable(value)
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"


class InvalidInputError(TimelineError, ValueError):
    """An input table has problems; ``problems`` lists each of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ValueProblem(TimelineError, ValueError):
    """A single cell value cannot be read. Raised by the parsers in ``values``;
    the loader adds the file, line and, unless the parser names it, the column."""

    def __init__(self, message: str, fix: str, column: str | None = None):
        self.message = message
        self.fix = fix
        self.column = column
        super().__init__(f"{message}; {fix}")


class OutputError(TimelineError, OSError):
    """An output file could not be written."""


class BrowserMissingError(TimelineError):
    """No Chromium to draw the pictures with."""


class BrowserFailedError(TimelineError):
    """The Chromium named did not start, or did not finish drawing in time."""
