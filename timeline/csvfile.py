"""Reading CSV files the way spreadsheets write them.

A table reaches us from Excel, LibreOffice, Google Sheets or a text editor:
in UTF-8 with or without a byte-order mark, UTF-16, or Windows-1252; with
commas, or semicolons where Excel is set up for a European locale; with
trailing empty columns and rows. What can be told safely is read and said
(a note); what cannot is a problem naming the option that fixes it
(``--encoding``, ``--delimiter``). Every problem carries the file and line.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem, ValueProblem
from .inputs import MAX_TABLE, Unreadable, read_whole

MAX_CELL = 100_000  # characters in one cell; a longer one is a mistake (a lost quote) or an attack
# Bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252.
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
# Control characters no one can see in a cell (tab and line breaks are fine),
# and the noncharacters U+FFFE and U+FFFF, which no text may hold (the browser
# drawing the pictures refuses them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Every byte but the control characters: what bytes.translate deletes to find them.
_NOT_CONTROL = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))


def has_control(text: str) -> bool:
    """Does ``text`` hold a control character or a noncharacter (``_CONTROL``)?
    In UTF-8 each control character is a byte of its own, and deleting every
    other byte is ten times as quick as the regular expression on a table of
    tens of megabytes."""
    return (
        bool(text.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL))
        or "\ufffe" in text
        or "\uffff" in text
    )


def unseen_character(text: str) -> tuple[str, str] | None:
    """(what is wrong, the fix) if ``text`` holds a control character or a noncharacter."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    code = f"U+{ord(found.group(0)):04X}"
    if found.group(0) in "\ufffe\uffff":
        return f"holds {code}, which is not a character", "delete it; it often comes from a wrongly converted file"
    return f"holds an invisible control character ({code})", "delete it; it often comes with text pasted from elsewhere"


def workbook_kind(data: bytes) -> str | None:
    """What kind of spreadsheet workbook ``data`` is, if it is one rather than text."""
    if data.startswith(b"PK\x03\x04"):
        return "an .ods workbook" if b"opendocument.spreadsheet" in data[:200] else "an Excel workbook (.xlsx)"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an Excel workbook (.xls)"
    return None


# What a spreadsheet opening a CSV file takes for the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as written into a CSV file a spreadsheet may open: text that
    would be taken for a formula (``=HYPERLINK(...)``, ``@SUM``, ``-2+3``)
    gets a leading apostrophe, which spreadsheets read as "this is text".
    ``unprotected`` takes it off again when the file is read back (so text
    that starts with apostrophes and then a formula gets one more)."""
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_START) else cell


def unprotected(cell: str) -> str:
    """``cell`` as it was before ``spreadsheet_safe``."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START) else cell


csv.field_size_limit(2**31 - 1)  # our own, clearer limit (MAX_CELL) applies instead


@dataclass(frozen=True)
class CsvOptions:
    """How to read: ``None`` means find out (and say so when it is not plain UTF-8 and commas)."""

    encoding: str | None = None
    delimiter: str | None = None


READ_AS_FOUND = CsvOptions()


class Row(dict):
    """One record of a CSV file: its cells by column (``""`` for a column it
    lacks) and ``line``, the line it starts on. A dict, so reading a cell is
    a plain dictionary lookup: a big table reads millions of them."""

    __slots__ = ("line",)

    def __missing__(self, column: str) -> str:
        return ""


@dataclass
class Collector:
    """Gathers problems (errors) and notes (things read but worth saying) while a file is checked."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # built all the same; refused with --strict

    @property
    def line_word(self) -> str:
        """What a line of this table is called in a message: a workbook's sheet has rows."""
        return "row" if hasattr(self.path, "records") else "line"

    def add(self, line: int | None, column: str | None, value: str | None, message: str, fix: str) -> None:
        self.problems.append(Problem.at(self.path, line, column, value, message, fix))

    def note(self, line: int | None, column: str | None, value: str | None, message: str, fix: str) -> None:
        self.notes.append(Problem.at(self.path, line, column, value, message, fix))

    def warn(self, line: int | None, column: str | None, value: str | None, message: str, fix: str) -> None:
        self.warnings.append(Problem.at(self.path, line, column, value, message, fix))

    def parse(self, row: Row, column: str, parser):
        """``parser(text)`` for a non-blank cell, recording a ValueProblem; ``None`` if blank or bad."""
        text = row[column]
        if not text.strip():
            return None
        try:
            return parser(text)
        except ValueProblem as problem:
            self.add(row.line, column, text, problem.message, problem.fix)
            return None


def decode(data: bytes, options: CsvOptions, report: Collector) -> str | None:
    """The file's text, or ``None`` (with a problem) when it cannot be read safely."""
    found = decode_as(data, options, report)
    return found[0] if found else None


def decode_as(data: bytes, options: CsvOptions, report: Collector) -> tuple[str, str] | None:
    """As ``decode``, with the codec the text was read with: what appends to
    the file must be written in it (``places.PlacesCache`` does)."""
    if options.encoding:
        try:
            return data.decode(options.encoding).removeprefix("\ufeff"), options.encoding
        except (UnicodeDecodeError, LookupError) as err:
            fix = "name the encoding the file was saved in, e.g. --encoding cp1252, or save it as 'CSV UTF-8'"
            report.add(None, None, None, f"cannot be read as {options.encoding} ({err})", fix)
            return None
    for bom, name, label in ((codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                break
            report.note(None, None, None, f"is {label} text; read as such", "saving it as 'CSV UTF-8' avoids this note")
            return text.removeprefix("\ufeff"), name
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as err:
        start = err.start
    if b"\x00" not in data and not any(bytes((b,)) in data for b in _CP1252_UNDEFINED):
        report.note(
            None, None, None, "is not UTF-8; read as Windows-1252 (Excel's usual 'CSV' on Windows)",
            "if accented letters look wrong, name the encoding with --encoding, or save the file as 'CSV UTF-8'",
        )  # fmt: skip
        return data.decode("cp1252"), "cp1252"
    line = data[:start].count(b"\n") + 1
    report.add(
        line, None, None, "is not UTF-8 text", "save the file as 'CSV UTF-8', or name its encoding with --encoding"
    )
    return None


def sniff_delimiter(first_line: str, options: CsvOptions, report: Collector) -> str:
    if options.delimiter:
        return options.delimiter
    counts = {d: first_line.count(d) for d in DELIMITERS}
    if counts[","] == 0:
        best = max((";", "\t"), key=lambda d: counts[d])
        if counts[best]:
            report.note(
                1, None, None, f"separates its columns with {DELIMITERS[best]}s; read as such",
                "saving it as CSV with commas avoids this note",
            )  # fmt: skip
            return best
    return ","


def _csv_problem(report: Collector, line: int, err: csv.Error) -> None:
    message = str(err)
    if "unexpected end of data" in message or "EOF" in message:
        report.add(line, None, None, 'has a quote (") that is never closed', "close the quote, or remove it")
    else:
        report.add(
            line, None, None, f"is not valid CSV ({message})", 'write a quote inside a quoted cell as two quotes ("")'
        )


def text_lines(text: str) -> Iterator[str]:
    """``text`` line by line, each with its line end, as ``io.StringIO(text,
    newline="")`` reads it: only \\n, \\r\\n and \\r end a line, so a U+2028
    pasted into a cell stays in the cell. Without StringIO's copy of the
    text, four bytes a character (over a gigabyte for a million events):
    each line is cut from ``text`` as it is asked for."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):  # a lone \r ends a line too
        yield from io.StringIO(text, newline="")
        return
    start, find, size = 0, text.find, len(text)
    while start < size:
        end = find("\n", start) + 1
        if not end:
            yield text[start:]
            return
        yield text[start:end]
        start = end


@dataclass
class Records:
    """A CSV file's non-blank records as lists of cells, for tables big enough
    that a dict per row would cost seconds: ``rows[n][records.column(name)]``
    is a cell, ``lines[n]`` the line its row starts on. Each row has a cell
    for every header column and one more, blank, for any column the file lacks."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    # Read with ``one_by_one``: the records as they are read, ``rows`` and ``lines`` left empty.
    stream: Iterator[tuple[int, list[str]]] | None = None

    def each(self) -> Iterator[tuple[int, list[str]]]:
        """``(line, cells)`` for each record, once: read one by one if read so,
        each let go when its reader is done with it (a million rows of cells
        held at once are the best part of a gigabyte)."""
        if self.stream is not None:
            stream, self.stream = self.stream, None
            return stream
        return zip(self.lines, self.rows, strict=True)

    def column(self, name: str) -> int:
        """Where the column ``name`` is in each row (the blank cell if the file has no such column)."""
        return self.header.index(name) if name in self.header else len(self.header)


def read_rows(
    path: Path,
    expected: tuple[str, ...],
    required: tuple[str, ...],
    report: Collector,
    options: CsvOptions = READ_AS_FOUND,
    need_rows: bool = False,
) -> list[Row]:
    """The non-blank records of a CSV file, each with the line it starts on.

    Header problems (a required column missing) are reported and give no rows;
    with ``need_rows``, so is a file with a header and nothing below it.
    """
    found = read_records(path, expected, required, report, options, need_rows)
    if found is None:
        return []
    names = [name for name in found.header if name]
    rows = []
    for line, cells in zip(found.lines, found.rows, strict=True):
        made = Row(zip(names, cells, strict=False) if len(names) == len(found.header) else _named(found.header, cells))
        made.line = line
        rows.append(made)
    return rows


def read_records(
    path: Path,
    expected: tuple[str, ...],
    required: tuple[str, ...],
    report: Collector,
    options: CsvOptions = READ_AS_FOUND,
    need_rows: bool = False,
    one_by_one: bool = False,
) -> Records | None:
    """What ``read_rows`` reads, as ``Records``; ``None`` when no row can be read.
    ``path`` may also be a workbook's sheet (``workbook.Sheet``), which reads itself.
    With ``one_by_one``, a CSV file's records are read as ``Records.each`` asks
    for them, and the problems of those left out are added once all are read."""
    if hasattr(path, "records"):
        return path.records(expected, required, report, need_rows)
    try:
        data = read_whole(path, MAX_TABLE, table=True)
    except FileNotFoundError:
        report.add(None, None, None, "file not found", "check the path")
        return None
    except Unreadable as err:
        fix = "give the path of the CSV file" if err.message.startswith("is a folder") else err.fix
        report.add(None, None, None, err.message, fix)
        return None
    if not data.strip():
        report.add(None, None, None, "is empty", f"start the file with the column names: {','.join(expected)}")
        return None
    workbook = workbook_kind(data)
    if workbook:
        report.add(
            None, None, None, f"is {workbook}, not CSV text",
            "save it from the spreadsheet as 'CSV UTF-8 (comma delimited)' and give that file",
        )  # fmt: skip
        return None
    found = decode_as(data, options, report)
    if found is None:
        return None
    text, codec = found
    newline = text.find("\n")
    delimiter = sniff_delimiter(text[:newline] if newline >= 0 else text, options, report)
    # Whole-file checks first: most files hold no over-long cell and no control
    # character, and then no cell needs looking at one by one. In UTF-8, a
    # control character is a byte of its own: the bytes read tell as well as the text.
    check_length = len(text) > MAX_CELL
    if codec == "utf-8-sig":
        check_control = bool(data.translate(None, _NOT_CONTROL)) or "\ufffe" in text or "\uffff" in text
    else:
        check_control = has_control(text)
    del data, found  # the text alone from here: a big table's bytes are hundreds of megabytes
    reader = csv.reader(text_lines(text), delimiter=delimiter, strict=True)
    header_line = 1
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as err:
        _csv_problem(report, header_line, err)
        return None
    if not any(header):
        report.add(
            header_line, None, None, "has no header row", f"start the file with the column names: {','.join(expected)}"
        )
        return None
    if not header_checked(header, required, report, header_line):
        return None
    found = Records(header)
    found.stream = _each(reader, header, check_length, check_control, report, need_rows)
    if not one_by_one:
        for line, cells in found.stream:
            found.rows.append(cells)
            found.lines.append(line)
        found.stream = None
    return found


def _each(
    reader, header: list[str], check_length: bool, check_control: bool, report: Collector, need_rows: bool
) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` for each record ``reader`` reads after the header,
    cells padded to the header's width and one blank more. The problems of
    records left out are added to ``report`` once all are read, before any
    its reader added meanwhile: in the order reading them all first gives."""
    held = Collector(report.path)
    at = len(report.problems)
    width = len(header)
    given = False
    start = reader.line_num + 1  # the line the next record starts on
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not cells or (not cells[0].strip() and not "".join(cells).strip()):
                continue
            if len(cells) > width:
                held.add(
                    line, None, None,
                    f"has {len(cells)} cells but the header has {width} columns",
                    "remove the extra cells, or quote values that contain the separator",
                )  # fmt: skip
                continue
            if check_length and max(map(len, cells)) > MAX_CELL:
                name, cell = next((n, c) for n, c in zip(header, cells, strict=False) if len(c) > MAX_CELL)
                held.add(
                    line, name or None, cell,
                    f"is {len(cell):,} characters long; the most a cell may hold is {MAX_CELL:,}",
                    "shorten it, or check for a quote that was never closed",
                )  # fmt: skip
                continue
            if check_control and _CONTROL.search("".join(cells)) is not None:
                name, cell = next((n, c) for n, c in zip(header, cells, strict=False) if _CONTROL.search(c))
                held.add(line, name or None, cell, *unseen_character(cell))
                continue
            if len(cells) < width:
                cells += [""] * (width - len(cells))
            cells.append("")
            given = True
            yield line, cells
    except csv.Error as err:
        _csv_problem(held, start, err)
    if need_rows and not given and not report.problems and not held.problems:
        held.add(1, None, None, "has a header but no rows", "add a row below the header for each entry")
    report.problems[at:at] = held.problems


def header_checked(header: list[str], required: tuple[str, ...], report: Collector, line: int) -> bool:
    """Report a required column missing or a column named twice; ``False`` if a required one is missing."""
    missing = [c for c in required if c not in header]
    for column in missing:
        near = _near(column, header)
        fix = f"rename column '{near}' to '{column}'" if near else f"add a column named '{column}'"
        report.add(line, column, None, "is missing from the header", fix)
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            report.add(line, name, None, "appears twice in the header", "delete or rename one of them")
        seen.add(name)
    return not missing


def _named(header: list[str], cells: list[str]) -> dict[str, str]:
    return {name: cell for name, cell in zip(header, cells, strict=False) if name}


def _near(column: str, header: list[str]) -> str | None:
    """A header cell that is probably ``column`` misspelt or mis-cased."""
    folded = {h.strip().lower().replace(" ", "_"): h for h in header if h}
    if column in folded:
        return folded[column]
    close = difflib.get_close_matches(column, list(folded), n=1, cutoff=0.75)
    return folded[close[0]] if close else None
