"""The terminal's lines keep their order when they quote right-to-left table
text: the value, and a place quoted in a review note, between the Unicode
isolates (U+2068 ... U+2069), one line each; English lines as they were."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from timeline.bidi import FSI, PDI
from timeline.cli import main

HEADER = "id,date,title,category,place,killed,summary\n"


def run(folder: Path, rows: str, *command: str):
    (folder / "events.csv").write_text(HEADER + rows, encoding="utf-8")
    return CliRunner().invoke(main, [*command, str(folder / "events.csv")])


def test_a_bad_persian_value_is_one_line_with_isolates(tmp_path: Path) -> None:
    result = run(tmp_path, "kabul,2021-08-26,حمله,attack,کابل,کابل 2,\nx,2021-13-01,t,attack,Kabul,,\n", "validate")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    persian = [line for line in lines if "کابل" in line]
    assert len(persian) == 1
    assert f"events.csv:2: column 'killed': value '{FSI}کابل 2{PDI}' — is not a count;" in persian[0]
    # The English line is as it always was: no isolates.
    english = [line for line in lines if ":3:" in line]
    assert english == [
        f"{tmp_path / 'events.csv'}:3: column 'date': value '2021-13-01' — has month 13, which does not exist; "
        "write YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source (~YYYY when even the year is approximate)"
    ]
    assert FSI not in result.stderr.replace(persian[0], "")


def test_a_review_line_isolates_the_place_it_quotes(tmp_path: Path) -> None:
    # طرابلس is Tripoli: Libya's or Lebanon's, a guess to review.
    result = run(tmp_path, "t,2011-08-20,حمله,attack,طرابلس,,\n", "validate")
    assert result.exit_code == 0, result.output
    reviews = [line for line in result.stderr.splitlines() if line.startswith("review:")]
    assert len(reviews) == 1
    assert f"value '{FSI}طرابلس{PDI}'" in reviews[0]
    assert f"places called '{FSI}طرابلس{PDI}'" in reviews[0]
    assert "Tripoli, Libya" in reviews[0]
