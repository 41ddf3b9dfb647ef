"""seeds/events.xlsx: what scripts/make_seed_workbook.py makes of the CSV
tables, and a build of it gives the same pages as a build of seeds/events.csv."""

from __future__ import annotations

import runpy
from pathlib import Path

import python_calamine

from timeline import build

from ..conftest import ROOT

SEEDS = ROOT / "seeds"
PAGES = (
    "index.html", "map.html", "timeline.html", "embed/timeline.html", "embed/timeline-standalone.html",
    "embed/timeline-iframe.html", "embed/map-iframe.html", "embed/index-iframe.html",
)  # fmt: skip


def test_the_committed_workbook_is_what_the_script_makes() -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "make_seed_workbook.py"), run_name="seed_workbook")
    assert script["seed_workbook"]() == (SEEDS / "events.xlsx").read_bytes(), "run scripts/make_seed_workbook.py"


def test_the_workbook_holds_typed_cells() -> None:
    """Days are date cells, coordinates and step numbers number cells: the build below reads them, not text."""
    book = python_calamine.CalamineWorkbook.from_path(str(SEEDS / "events.xlsx"))

    def kinds(sheet: str, column: str) -> set[str]:
        rows = book.get_sheet_by_name(sheet).to_python()
        return {type(row[rows[0].index(column)]).__name__ for row in rows[1:]}

    assert kinds("events", "date") == {"date", "str"}  # a day, and years and months as text
    assert "float" in kinds("places", "lat")
    assert kinds("story", "step") == {"float"}


def test_the_workbook_and_the_csv_files_build_the_same_pages(shipped_build: Path, tmp_path: Path) -> None:
    report = build(SEEDS / "events.xlsx", tmp_path)
    assert not report.unplaced
    for name in PAGES:
        assert (tmp_path / name).read_bytes() == (shipped_build / name).read_bytes(), name
