"""The shipped table's facts are traceable: documents kept byte for byte, every
quote found verbatim in its document, every event cited."""

from __future__ import annotations

import csv
import hashlib

import pytest

from timeline.pipeline import prepare

from ..conftest import SEEDS, SHIPPED

# The two articles as received (their SHA-256); quotes are checked against exactly these bytes.
DOCUMENTS = {
    "vox-2024-isis-k-explained.txt": "45051fffb7f083d7742285db6097322aa9174b81abe132bc112585a3fc25ab02",
    "epoch-times-2024-what-we-know-about-isis-k.txt": "a3fe770637f8ea9464e4dd6fe819871f634bb216898131797018371cf96a52fa",
}


def rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(("name", "digest"), DOCUMENTS.items())
def test_seed_documents_are_kept_byte_for_byte(name: str, digest: str) -> None:
    assert hashlib.sha256((SEEDS / "documents" / name).read_bytes()).hexdigest() == digest


def test_every_quote_occurs_verbatim_in_its_document() -> None:
    documents = {
        s["id"]: (SEEDS / s["document"]).read_text(encoding="utf-8") for s in rows("sources.csv") if s["document"]
    }
    checked = 0
    for line, citation in enumerate(rows("citations.csv"), start=2):
        if citation["source_id"] in documents:
            assert citation["quote"], f"citations.csv:{line}: a stored document is cited without a quote"
            assert citation["quote"] in documents[citation["source_id"]], f"citations.csv:{line}: quote not in document"
            checked += 1
    assert checked >= 40


def test_every_event_cites_a_stored_document() -> None:
    documents = {s["id"] for s in rows("sources.csv") if s["document"]}
    cited = {c["event_id"] for c in rows("citations.csv") if c["source_id"] in documents}
    assert {e["id"] for e in rows("events.csv")} <= cited


def test_disagreeing_death_tolls_are_each_attributed() -> None:
    prepared = prepare(SHIPPED)
    crocus = [
        (c.source_id, c.value) for c in prepared.dataset.citations_for("crocus-city-hall-2024") if c.field == "killed"
    ]
    assert sorted(crocus) == [
        ("epoch-2024", "at least 133"),
        ("vox-2024", "at least 139"),
        ("vox-2024", "at least 140"),
    ]


def test_facts_from_elsewhere_name_their_reference() -> None:
    """What the articles do not say (Kerman; the venues' towns and coordinates) cites a reference."""
    sources = {s["id"]: s for s in rows("sources.csv")}
    external = [c for c in rows("citations.csv") if not sources[c["source_id"]]["document"]]
    assert {c["event_id"] for c in external} == {"kerman-2024", "crocus-city-hall-2024", "kabul-airport-2021"}
    for c in external:
        assert sources[c["source_id"]]["url"].startswith("https://en.wikipedia.org/wiki/")
        assert c["note"], "say what the reference adds"
    manual = [p for p in rows("places.csv") if p["provider"] == "manual"]
    assert all(p["note"] for p in manual)
