"""Reading a big table without holding it twice: csvfile.text_lines cuts the
lines StringIO would give, and records read one by one report their problems
in the order reading them all first gives."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from timeline.csvfile import Collector, read_records, text_lines
from timeline.errors import InvalidInputError
from timeline.load import load
from timeline.model import EVENT_COLUMNS, REQUIRED_EVENT_COLUMNS

HEADER = "id,date,end_date,title,category,place,lat,lon,killed,injured,perpetrator,summary\n"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a,b\n",
        "a,b\nc,d",
        "a,b\r\nc,d\r\n",
        "a,b\rc,d\r",  # old Mac line ends
        "a,b\r\nc,d\re,f\n",  # mixed: a lone \r ends a line too
        "a\r",
        '"one\ntwo",x\n"three\r\nfour",y\r\n',
        "a\u2028b,c\n\x85d\x0be\x0cf\n",  # only \n, \r\n and \r end a line
        "\n\n\r\n",
    ],
)
def test_the_lines_are_those_stringio_gives(text: str) -> None:
    assert list(text_lines(text)) == list(io.StringIO(text, newline=""))


def test_records_one_by_one_are_those_read_all_at_once(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        HEADER + 'a,2024,,A\n,,,\nb,2024,,"B\nmore",,,,,,,x,y,z\nc,2024,,C\x01\nd,2024,,D\n', encoding="utf-8"
    )
    eager, lazy = Collector(path), Collector(path)
    whole = read_records(path, EVENT_COLUMNS, REQUIRED_EVENT_COLUMNS, eager)
    found = read_records(path, EVENT_COLUMNS, REQUIRED_EVENT_COLUMNS, lazy, one_by_one=True)
    assert found.rows == [] and found.lines == []
    assert list(found.each()) == list(zip(whole.lines, whole.rows, strict=True))
    assert [str(p) for p in lazy.problems] == [str(p) for p in eager.problems]
    assert [p.line for p in eager.problems] == [4, 6]  # the row of too many cells, the control character


def test_a_row_left_out_by_the_reader_is_named_before_the_rows_checked_after(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(HEADER + "a,2024-13,,A\nb,2024,,B,,,,,,,,,extra\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as err:
        load(path)
    assert [(p.line, p.column) for p in err.value.problems] == [(3, None), (2, "date")]


def test_a_header_alone_is_still_a_problem_read_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(HEADER + "\n,,,\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as err:
        load(path)
    assert [p.message for p in err.value.problems] == ["has a header but no rows"]
