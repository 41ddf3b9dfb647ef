"""scripts/synthetic.py: the synthetic tables load cleanly, place offline, are
deterministic, have the mix the script claims, and quote their documents verbatim."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import timeline
from timeline.gazetteer import Gazetteer, Match
from timeline.load import CITATION_COLUMNS, SOURCE_COLUMNS
from timeline.model import EVENT_COLUMNS
from timeline.style import VOCABULARY
from timeline.values import Count

from ..conftest import ROOT

SCRIPT = ROOT / "scripts" / "synthetic.py"
ROWS = 300
FILES = ("events.csv", "sources.csv", "citations.csv", "timeline.toml")


def generate(*tables: tuple[Path, int, int]) -> None:
    """Run the script for each (folder, N, seed), all at once (each spends most of its second loading GeoNames)."""
    runs = [
        subprocess.Popen(
            [sys.executable, str(SCRIPT), str(n), "--out", str(out), "--seed", str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for out, n, seed in tables
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The table under test (300 rows, seed 1), the same again, another seed, and 1,000 rows."""
    root = tmp_path_factory.mktemp("synthetic")
    runs = {"table": (ROWS, 1), "again": (ROWS, 1), "other": (ROWS, 2), "thousand": (1000, 1)}
    generate(*((root / name, n, seed) for name, (n, seed) in runs.items()))
    return {name: root / name for name in runs}


@pytest.fixture(scope="module")
def table(tables: dict[str, Path]) -> Path:
    return tables["table"]


@pytest.fixture(scope="module")
def dataset(table: Path):
    # Raises InvalidInputError, listing every problem, if anything is wrong.
    return timeline.load(table / "events.csv")


def test_help_describes_usage():
    result = subprocess.run([sys.executable, str(SCRIPT), "--help"], check=True, capture_output=True, text=True)
    assert "N --out DIR" in result.stdout
    assert "--seed" in result.stdout


def test_files_and_headers(table: Path):
    for name in FILES:
        assert (table / name).is_file(), name
    headers = {}
    for name in ("events.csv", "sources.csv", "citations.csv"):
        data = (table / name).read_bytes()
        assert b"\r\n" not in data, f"{name} should end lines with \\n only"
        with (table / name).open(encoding="utf-8", newline="") as f:
            headers[name] = tuple(next(csv.reader(f)))
    assert headers["events.csv"] == EVENT_COLUMNS
    assert headers["sources.csv"] == SOURCE_COLUMNS
    assert headers["citations.csv"] == CITATION_COLUMNS


def test_loads_without_problems(dataset):
    assert len(dataset.events) == ROWS
    assert len({e.id for e in dataset.events}) == ROWS
    assert dataset.settings.title == f"Synthetic events ({ROWS})"
    assert dataset.settings.data_as_of


def test_places_offline(table: Path):
    prepared = timeline.prepare(table / "events.csv")
    placed = len(prepared.placements.places)
    unplaced = prepared.placements.unplaced
    assert placed >= 0.85 * ROWS, f"only {placed} of {ROWS} events placed offline"
    # Only the deliberate region texts ("northern Iraq", about 1%) go unplaced.
    assert len(unplaced) <= 0.03 * ROWS, (
        f"{len(unplaced)} events unplaced (expected none or a handful): {[u.event.place for u in unplaced]}"
    )
    precisions = Counter(p.precision for p in prepared.placements.places.values())
    assert precisions["city"] > precisions["country"] > 0
    assert precisions["venue"] > 0  # explicit coordinates


def test_city_places_resolve_to_that_city(dataset):
    """Each "City, Country" is the city named, in that country, not a namesake."""
    gazetteer = Gazetteer()
    texts = sorted({e.place for e in dataset.events if e.coordinates is None and e.place.count(",") == 1})
    assert len(texts) > 100
    for text in texts[:200]:
        found = gazetteer.lookup(text)
        assert isinstance(found, Match), (text, found)
        entry = found.entry
        city, country = (part.strip() for part in text.split(","))
        assert entry.precision == "city", (text, entry)
        assert entry.name.endswith(f", {country}"), (text, entry)
        if not any("\u0400" <= c <= "\u06ff" for c in city):  # a Cyrillic or Arabic name gives the usual one
            assert entry.name == text, (text, entry)


def test_same_seed_same_bytes_other_seed_other_bytes(tables: dict[str, Path]):
    again = tree(tables["again"])
    assert again == tree(tables["table"])
    other = tree(tables["other"])
    assert other.keys() == again.keys()
    assert other["events.csv"] != again["events.csv"]
    assert other["citations.csv"] != again["citations.csv"]


def test_mix_is_as_claimed(dataset):
    events = dataset.events
    n = len(events)

    precision = Counter(e.date.precision for e in events)
    assert precision["day"] > precision["month"] > precision["year"] > 0
    assert 0.55 * n < precision["day"] < 0.85 * n
    assert all(1975 <= e.date.year <= 2024 for e in events)
    ended = [e for e in events if e.end_date]
    assert 0 < len(ended) < 0.12 * n
    assert all(e.end_date.end >= e.date.start for e in ended)

    known = {c.id for c in VOCABULARY}
    categories = Counter(e.category for e in events)
    assert categories.most_common(1)[0][0] == "attack"
    assert known <= set(categories)
    assert sum(v for c, v in categories.items() if c not in known) < 0.06 * n

    killed = Counter("unknown" if e.killed is None else "zero" if e.killed.high == 0 else e.killed.kind for e in events)
    assert 0.18 * n < killed["unknown"] < 0.42 * n
    assert killed["zero"] > 0.04 * n
    assert killed["exact"] > 0.3 * n
    assert killed["range"] > 0 and killed["at least"] > 0
    assert killed["range"] + killed["at least"] + killed["more than"] + killed["about"] > 0.08 * n
    assert max(e.killed.low for e in events if e.killed) >= 50  # a long tail
    assert any(e.injured and e.injured.kind == "range" for e in events)

    with_coordinates = sum(1 for e in events if e.coordinates)
    without_place = sum(1 for e in events if not e.place and e.coordinates is None)
    assert 0.04 * n < with_coordinates < 0.18 * n
    assert 0 < without_place < 0.1 * n

    perpetrators = Counter(e.perpetrator for e in events)
    assert perpetrators[""] > 0
    assert any(p.endswith("(claimed)") for p in perpetrators)
    assert any(p.endswith("(suspected)") for p in perpetrators)

    text = "".join(e.title + e.summary + e.place + e.perpetrator for e in events)
    for needle in (",", '"', "'", "é"):
        assert needle in text, needle
    assert any("\u0400" <= c <= "\u04ff" for c in text)  # Cyrillic


def test_odd_and_other_categories_are_in_the_file(tables: dict[str, Path]):
    """Odd spellings (the loader folds them) and categories outside the vocabulary,
    in the table of 1,000: at 300 rows there may be none."""
    with (tables["thousand"] / "events.csv").open(encoding="utf-8", newline="") as f:
        written = [row["category"] for row in csv.DictReader(f)]
    assert any(c != c.strip().lower() or "  " in c for c in written)
    assert any(c and " ".join(c.split()).lower() not in {v.id for v in VOCABULARY} for c in written)


def test_citations(dataset):
    cited = {c.event_id for c in dataset.citations}
    assert 0.7 * len(dataset.events) < len(cited) < 0.9 * len(dataset.events)
    documents = {s.id for s in dataset.sources.values() if s.kind == "document"}
    references = [s for s in dataset.sources.values() if s.kind == "reference"]
    assert 1 <= len(documents) <= 2
    assert references and all(s.url.startswith("https://") for s in references)

    # Disagreeing death tolls: one event, one field, different values from different sources.
    tolls: dict[str, dict[str, str]] = {}
    for c in dataset.citations:
        if c.field == "killed":
            Count.parse(c.value)  # in the count grammar: raises ValueProblem if not
            tolls.setdefault(c.event_id, {})[c.source_id] = c.value
    assert any(len(set(values.values())) > 1 for values in tolls.values())


def test_document_quotes_occur_verbatim(table: Path, dataset):
    """Checked here directly, not only through the loader."""
    texts = {s.id: s.document.read_text(encoding="utf-8") for s in dataset.sources.values() if s.document}
    assert all(s.document.is_relative_to(table) for s in dataset.sources.values() if s.document)
    quoted = [c for c in dataset.citations if c.source_id in texts]
    assert quoted
    for c in quoted:
        assert c.quote and c.quote in texts[c.source_id], (c.event_id, c.quote)
