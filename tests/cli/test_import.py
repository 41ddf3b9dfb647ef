"""`timeline import gtd|acled`, end to end: the folder it writes builds at once."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from timeline.cli import main

from ..unit.test_import_acled import export as acled_export
from ..unit.test_import_gtd import export as gtd_export


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_gtd_import_then_build(tmp_path: Path) -> None:
    path = gtd_export(
        tmp_path,
        {"gname": "Taliban", "claimed": "1", "nkill": "4", "scite1": "Reuters, 2017."},
        {"iday": "0", "specificity": "5", "city": "Unknown", "provstate": "Unknown", "nkill": ""},
        {"imonth": "0", "iday": "0", "approxdate": "2017", "latitude": "", "longitude": ""},
    )
    out = tmp_path / "tables"
    result = run("import", "gtd", str(path), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"Imported 3 events from {path} into {out}/" in result.output
    site = tmp_path / "site"
    result = run("build", str(out / "events.csv"), "--out", str(site), "--strict")
    assert result.exit_code == 0, result.output
    assert "3 events: 3 on the map, 0 with no place given, 0 not placed" in result.output
    assert "Global Terrorism Database: 3 incidents" in (site / "index.html").read_text(encoding="utf-8")


def test_acled_import_then_build(tmp_path: Path) -> None:
    path = acled_export(tmp_path, {}, {"event_type": "Battles", "sub_event_type": "Armed clash", "time_precision": "2"})
    out = tmp_path / "tables"
    result = run("import", "acled", str(path), "--out", str(out))
    assert result.exit_code == 0, result.output
    result = run("build", str(out / "events.csv"), "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert "2 events: 2 on the map" in result.output
    assert "column 'category': value 'battles' — is not a category" in result.output  # ACLED's word, said


def test_bad_codes_one_line_each_and_nothing_written(tmp_path: Path) -> None:
    path = gtd_export(tmp_path, {"specificity": "7"}, {"imonth": "13"})
    out = tmp_path / "tables"
    result = run("import", "gtd", str(path), "--out", str(out))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:2: column 'specificity': value '7' — is not a code the GTD gives (blank, 1, 2, 3, 4, 5); "
        "correct it in the export to a value the GTD codebook gives",
        f"{path}:3: column 'imonth': value '13' — is not a month (1-12, or 0 when not known); "
        "correct it in the export to a value the GTD codebook gives",
        "Error: 2 problems in the input; nothing was written",
    ]
    assert not out.exists()
