"""The corpus of broken tables (tests/data/bad): each gives exactly the lines
in its expected.txt, no traceback, and leaves every input file as it was;
and no input at all can make the loader fail with anything but its own error."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline import inputs
from timeline.cli import main
from timeline.errors import TimelineError
from timeline.load import load

from ..conftest import DATA

CORPUS = DATA / "bad"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES)
def test_validate_gives_the_expected_lines(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = CORPUS / case
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    before = snapshot(folder)
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["validate", "events.csv"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert [f"exit {result.exit_code}", *result.stderr.splitlines(), *result.stdout.splitlines()] == expected
    assert snapshot(folder) == before, "an input file was changed"


@pytest.mark.parametrize("case", CASES)
def test_build_writes_nothing_on_bad_input(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = CORPUS / case
    failing = (folder / "expected.txt").read_text(encoding="utf-8").startswith("exit 1")
    monkeypatch.chdir(folder)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "events.csv", "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if failing:
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1].endswith("in the input; nothing was written")
        assert not out.exists()
    else:
        assert result.exit_code == 0, result.output
        assert (out / "index.html").exists()


def test_a_one_megabyte_cell(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("id,date,title,summary\na,2024,Long," + "x" * 1_048_576 + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:2: column 'summary': value '{'x' * 79}…' — is 1,048,576 characters long; the most a cell may "
        "hold is 100,000; shorten it, or check for a quote that was never closed"
    )


def test_a_hundred_thousand_rows(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    rows = "".join(
        f"e{n},{1975 + n % 50}-{1 + n % 12:02d},Event {n},attack,{n % 80 - 40},{n % 360 - 180},{n % 7}\n"
        for n in range(100_000)
    )
    path.write_text("id,date,title,category,lat,lon,killed\n" + rows, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: OK — 100000 events, 0 citations, 100000 placed\n"


CSV_CHARS = st.sampled_from(
    [*list(',;"\n\r\t abc123-_.:/é\u2028\u202e\x00'), "id", "date", "title", "2024", "2024-02-30", "lat", "lon"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(CSV_CHARS, max_size=60).map("".join))
def test_fuzz_text_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(inputs, "SETTLE", 0)  # a table without a last line end is looked at again at once
    path = tmp_path / "events.csv"
    path.write_text("id,date,title,lat,lon,killed\n" + text, encoding="utf-8", newline="")
    with contextlib.suppress(TimelineError):
        load(path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200))
def test_fuzz_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(inputs, "SETTLE", 0)
    path = tmp_path / "events.csv"
    path.write_bytes(data)
    with contextlib.suppress(TimelineError):
        load(path)
