"""Reading a workbook (.xlsx, .xlsm, .ods) as the tables the CSV files give.

A workbook holds the project's tables as sheets named ``events``,
``sources``, ``citations``, ``places``, ``eras`` and ``story``; only
``events`` is required, and a sheet that is missing is a companion file that
is missing. Each sheet is turned into the ``csvfile.Records`` a CSV file
gives (a header, rows of text cells, the row number of each), so every check
downstream is the one the CSV files get. The workbook is read once, whole,
by python-calamine, and never written.

Cells are read as a spreadsheet wrote them: a date cell is a day (ISO
``yyyy-mm-dd``; a date and time of day is the day, with a note); a text
cell ``2022-09`` stays a month; a whole number stored as a float (``13.0``)
is ``13`` and any other number keeps every digit it holds; a boolean is
``TRUE`` or ``FALSE``, as a spreadsheet's CSV export writes it; a formula is
its value as last calculated. A formula's error (``#N/A``, ``#REF!``), a
merged cell among the data, and a value in a column with no header are
problems; a hidden sheet of ours is read and said (a note). Problems name the
cell: ``events.xlsx[events]!C7``.

python-calamine reads error cells as blank (its issue #105), so in an
.xlsx/.xlsm workbook whose sheets hold any error cell they are found with
openpyxl (read-only, cached values), which tells them apart; an .ods file
holding one is refused as a whole (nothing here can say which cell it is).
Merged cells are found in .xlsx/.xlsm files only (calamine's limit).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from pathlib import Path

import python_calamine

from .csvfile import MAX_CELL, Collector, Records, has_control, header_checked, unseen_character, workbook_kind
from .errors import InvalidInputError, Problem
from .inputs import MAX_TABLE, Unreadable, read_whole

SUFFIXES = (".xlsx", ".xlsm", ".ods")
TABLES = ("events", "sources", "citations", "places", "eras", "story")
_OPENPYXL = (".xlsx", ".xlsm")


def is_workbook(path: Path | str) -> bool:
    """Is ``path`` named as a workbook this module reads?"""
    return Path(path).suffix.lower() in SUFFIXES


def column_letter(index: int) -> str:
    """The spreadsheet's name for the column at ``index`` (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value) -> tuple[str, str | None]:
    """A cell's value as the text a CSV export would hold, and a note when
    something was dropped to make it so (a time of day)."""
    if value is None:
        return "", None
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value)), None
        return (repr(value) if math.isfinite(value) else str(value)), None
    if isinstance(value, dt.datetime):
        day = value.date().isoformat()
        if value.time() == dt.time():
            return day, None
        return day, f"holds a time of day ({value.time().isoformat(timespec='minutes')}); read as the day {day}"
    if isinstance(value, dt.date):
        return value.isoformat(), None
    if isinstance(value, dt.time):
        return value.isoformat(), None
    if isinstance(value, dt.timedelta):
        return str(value), None
    return str(value), None


class Workbook:
    """A workbook read whole: its sheets by table name, and what was said about it."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self._errors: dict[str, dict[tuple[int, int], str]] | None = None
        self._sheets: dict[str, str] = {}  # table name -> sheet name as written
        self._hidden: set[str] = set()
        self._data = b""
        self._book = None
        try:
            self._data = read_whole(self.path, MAX_TABLE)
        except FileNotFoundError:
            self._problem("file not found", "check the path")
            return
        except Unreadable as err:
            self._problem(err.message, err.fix)
            return
        try:
            self._book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self._data))
        except python_calamine.PasswordError:
            self._problem("is protected with a password", "save a copy without the password and give that")
            return
        except (python_calamine.CalamineError, ValueError, OSError) as err:
            if workbook_kind(self._data) is None:
                self._problem("is not a workbook", "if it is CSV text, give it a name ending in .csv")
            else:
                self._problem(
                    f"cannot be read as a workbook ({err})", "open it in the spreadsheet and save it again as .xlsx"
                )
            return
        others = []
        for meta in self._book.sheets_metadata:
            table = meta.name.strip().casefold()
            if table in TABLES and table not in self._sheets:
                self._sheets[table] = meta.name
                if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                    self._hidden.add(table)
            else:
                hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
                others.append(f"'{meta.name}'" + (" (hidden)" if hidden else ""))
        if self.path.suffix.lower() == ".ods" and self._ods_has_errors():
            self._problem(
                "holds a formula's error (#N/A, #DIV/0!...), which is read from an .ods file as a blank cell",
                "correct the formula (LibreOffice: Edit > Find, search for #), or save the workbook as .xlsx, "
                "where the error's cell is named",
            )
        if "events" not in self._sheets:
            names = ", ".join(f"'{m.name}'" for m in self._book.sheets_metadata)
            self._problem(
                f"has no sheet named 'events' (its sheets: {names})", "name the events table's sheet 'events'"
            )
        if others:
            self.notes.append(
                Problem(
                    str(self.path), None, None, None,
                    f"sheet{'s' if len(others) > 1 else ''} {', '.join(others)} not read",
                    f"only the sheets {', '.join(TABLES)} are tables; this note is all the others get",
                )
            )  # fmt: skip

    def _problem(self, message: str, fix: str) -> None:
        self.problems.append(Problem(str(self.path), None, None, None, message, fix))

    def check(self) -> None:
        """Raise ``InvalidInputError`` if the workbook itself cannot be read."""
        if self.problems:
            raise InvalidInputError(self.problems)

    def sheet(self, table: str) -> Sheet | None:
        """The sheet holding ``table``, or ``None`` when the workbook has none."""
        if self._book is None or table not in self._sheets:
            return None
        return Sheet(self, table, self._sheets[table])

    def error_cells(self, name: str) -> dict[tuple[int, int], str]:
        """(row, column) -> error text (``#N/A``) of the sheet ``name``, found
        with openpyxl: calamine reads them as blank. Only an .xlsx/.xlsm file
        whose worksheets mark any cell as an error is opened a second time."""
        if self._errors is None:
            self._errors = {}
            if self.path.suffix.lower() in _OPENPYXL and self._marks_errors():
                import openpyxl

                book = openpyxl.load_workbook(io.BytesIO(self._data), read_only=True, data_only=True)
                try:
                    for title in self._sheets.values():
                        found = self._errors.setdefault(title, {})
                        for row in book[title].iter_rows():
                            for cell in row:
                                if getattr(cell, "data_type", None) == "e":
                                    found[(cell.row - 1, cell.column - 1)] = str(cell.value)
                finally:
                    book.close()
        return self._errors.get(name, {})

    def _ods_has_errors(self) -> bool:
        """Does the .ods file's content mark any cell as an error? A byte search:
        calamine reads such a cell as blank and cannot say where it is."""
        try:
            with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
                return b'calcext:value-type="error"' in archive.read("content.xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            return False

    def _marks_errors(self) -> bool:
        """Does any worksheet part of the .xlsx file hold a cell typed as an
        error (``t="e"``)? A byte search, so a workbook without one is read once."""
        try:
            with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
                return any(
                    b't="e"' in archive.read(name)
                    for name in archive.namelist()
                    if name.startswith("xl/worksheets/") and name.endswith(".xml")
                )
        except (zipfile.BadZipFile, OSError):
            return False


class Sheet:
    """One table of a workbook, standing where a CSV file's path stands:
    ``csvfile.read_records`` asks it for its ``Records``, ``errors.Problem.at``
    for the cell a problem is in, and ``parent`` is the workbook's folder."""

    def __init__(self, book: Workbook, table: str, title: str):
        self.book = book
        self.table = table
        self.title = title
        self.letters: dict[str, str] = {}

    def __str__(self) -> str:
        return f"{self.book.path}[{self.title}]"

    @property
    def parent(self) -> Path:
        return self.book.path.parent

    @property
    def name(self) -> str:
        return f"{self.book.path.name}[{self.title}]"

    @property
    def stem(self) -> str:
        return self.book.path.stem

    def exists(self) -> bool:
        return True

    def where(self, line: int | None, column: str | None) -> str:
        """``events.xlsx[events]!C7``; ``events.xlsx[events] row 7`` when no column is named."""
        if line is None:
            return str(self)
        letter = self.letters.get(column or "")
        return f"{self}!{letter}{line}" if letter else f"{self} row {line}"

    def records(
        self, expected: tuple[str, ...], required: tuple[str, ...], report: Collector, need_rows: bool = False
    ) -> Records | None:
        """The sheet as ``csvfile.read_records`` gives a CSV file: row 1 is the
        header, blank rows are skipped, every cell is text."""
        assert self.book._book is not None
        if self.table in self.book._hidden:
            report.note(None, None, None, "is a hidden sheet; read all the same", "unhide it, or delete it")
        try:
            values = self.book._book.get_sheet_by_name(self.title)
            grid = values.to_python(skip_empty_area=False)
            errors = self.book.error_cells(self.title)
        except (python_calamine.CalamineError, ValueError, OSError, KeyError, zipfile.BadZipFile) as err:
            report.add(None, None, None, f"cannot be read ({err})", "open it in the spreadsheet and save it again")
            return None
        if not grid or not any(cell_text(v)[0].strip() for v in grid[0]):
            report.add(
                1, None, None, "has no header row" if grid else "is empty",
                f"write the column names in row 1: {', '.join(expected)}",
            )  # fmt: skip
            return None
        header = [cell_text(v)[0].strip() for v in grid[0]]
        while header and not header[-1]:
            header.pop()  # empty trailing columns
        width = len(header)
        self.letters = {name: column_letter(i) for i, name in enumerate(header) if name}
        if not header_checked(header, required, report, 1):
            return None
        for (top, left), (bottom, right) in values.merged_cell_ranges or []:
            if top < len(grid):
                span = f"{column_letter(left)}{top + 1}:{column_letter(right)}{bottom + 1}"
                report.problems.append(
                    Problem(
                        str(self), top + 1, None, None, f"has merged cells ({span}); only the first holds the value",
                        "unmerge them (Format > Merge cells) and fill each cell", f"{self}!{span}",
                    )
                )  # fmt: skip
        found = Records(header)
        for index, row in enumerate(grid[1:], start=1):
            line = index + 1
            if not errors and all(value.__class__ is str for value in row):
                texts = row  # most rows: text alone, read as it is
            else:
                texts = self._texts(row, index, line, header, errors, report)
            if not "".join(texts).strip():
                continue
            extra = None
            if len(texts) > width:
                extra = next((c for c in range(width, len(texts)) if texts[c].strip()), None)
            if extra is not None:
                report.problems.append(
                    Problem(
                        str(self), line, None, texts[extra], "is in a column with no name in row 1",
                        "name the column in row 1, or move the value", f"{self}!{column_letter(extra)}{line}",
                    )
                )  # fmt: skip
                continue
            cells = texts[:width] + [""] * (width - len(texts))
            joined = "".join(cells)
            if len(joined) > MAX_CELL and max(map(len, cells)) > MAX_CELL:
                name, cell = next((n, c) for n, c in zip(header, cells, strict=False) if len(c) > MAX_CELL)
                report.add(
                    line, name or None, cell,
                    f"is {len(cell):,} characters long; the most a cell may hold is {MAX_CELL:,}", "shorten it",
                )  # fmt: skip
                continue
            if has_control(joined):
                name, cell = next((n, c) for n, c in zip(header, cells, strict=False) if unseen_character(c))
                report.add(line, name or None, cell, *unseen_character(cell))
                continue
            cells.append("")
            found.rows.append(cells)
            found.lines.append(line)
        if need_rows and not found.rows and not report.problems:
            report.add(1, None, None, "has a header but no rows", "add a row below the header for each entry")
        return found

    def _texts(self, row: list, index: int, line: int, header: list[str], errors: dict, report: Collector) -> list[str]:
        """The cells of a row holding more than text: each as text, its errors and notes reported."""
        width = len(header)
        texts: list[str] = []
        for column, value in enumerate(row):
            if (index, column) in errors:
                name = header[column] if column < width else None
                text = errors[(index, column)]
                report.problems.append(
                    Problem(
                        str(self), line, name or None, text, "is a formula's error",
                        "correct the formula, or write the value itself",
                        f"{self}!{column_letter(column)}{line}",
                    )
                )  # fmt: skip
                texts.append("")
                continue
            text, note = cell_text(value)
            if note:
                name = header[column] if column < width else None
                report.notes.append(
                    Problem(
                        str(self), line, name or None, text, note,
                        "write the day alone (yyyy-mm-dd) to avoid this note",
                        f"{self}!{column_letter(column)}{line}",
                    )
                )  # fmt: skip
            texts.append(text)
        return texts


def open_workbook(path: Path | str) -> Workbook:
    """The workbook at ``path``; raises ``InvalidInputError`` if it cannot be read or has no events sheet."""
    book = Workbook(path)
    book.check()
    return book


def table_name(beside: object, table: str) -> str:
    """What a message calls the table ``table`` of the project that ``beside``
    (a path or a ``Sheet``) belongs to: "sources.csv", or "the sources sheet"."""
    return f"the {table} sheet" if isinstance(beside, Sheet) else f"{table}.csv"
