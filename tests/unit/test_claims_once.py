"""What a build works out once and shares: the claims' statements worked out
before it forks (claims.state_all), the data block's support entries made
once per shared answer (datablock._support) and the map's place names from
each distinct point once (maplabels.block)."""

from __future__ import annotations

from pathlib import Path

from timeline import claims, maplabels
from timeline.datablock import data_block, event_records
from timeline.load import load
from timeline.pipeline import place

from ..conftest import SEEDS

QUOTE = "On 3 May 2023 nearly 40 people were killed in Xtown, officials said."


def test_statements_worked_out_at_once_are_those_worked_out_one_by_one() -> None:
    at_once, one_by_one = load(SEEDS / "events.csv"), load(SEEDS / "events.csv")
    claims.state_all(at_once)
    expected = {e.id: claims.beyond_labels(one_by_one, e) for e in one_by_one.events}
    assert at_once.statements == expected
    assert any(expected.values())  # the shipped table states more than labels for some events


def _table(tmp_path: Path) -> Path:
    (tmp_path / "events.csv").write_text(
        "id,date,title,category,place,killed,injured,perpetrator\n"
        "a,2023-05-03,A,attack,,12,,\n"
        "b,2023-05-03,B,attack,,13,,\n"
        "c,2023-05-03,C,attack,,nearly 40,,\n"
        "d,2023-05-03,D,attack,,nearly 40,,\n"
        "e,2023-05-03,E,attack,,7,,\n",
        encoding="utf-8",
    )
    (tmp_path / "doc.txt").write_text(QUOTE, encoding="utf-8")
    (tmp_path / "sources.csv").write_text("id,title,publisher,document\nd,Report,The Paper,doc.txt\n")
    (tmp_path / "citations.csv").write_text(
        "event_id,source_id,field,value,claimed_by,derived,quote,note\n"
        f'a,d,killed,nearly 40,,12,"{QUOTE}",Twelve of them by the first count.\n'
        f'b,d,killed,nearly 40,,13,"{QUOTE}",Thirteen by the second.\n'
        f'c,d,,,,,"{QUOTE}",\n'
        f'd,d,,,,,"{QUOTE}",\n'
        f'e,d,,,,,"{QUOTE}",\n',
        encoding="utf-8",
    )
    return tmp_path / "events.csv"


def test_each_event_has_its_own_support_entry_where_answers_differ(tmp_path: Path) -> None:
    dataset = load(_table(tmp_path))
    records = {r["id"]: r for r in event_records(data_block(dataset, place(dataset).placements))}
    assert records["a"]["support"]["killed"] == ["derived", "Twelve of them by the first count."]
    assert records["b"]["support"]["killed"] == ["derived", "Thirteen by the second."]
    assert records["c"]["support"] == records["d"]["support"] == 0  # quoted word for word
    assert records["e"]["support"] == {"killed": ["unsupported", ""]}  # "7" is in no quote
    for e in dataset.events:
        assert records[e.id]["said"] == (claims.beyond_labels(dataset, e) or 0)


def test_place_names_count_each_event_at_a_shared_point() -> None:
    """The labels of events at repeated points (block counts each distinct
    point once) are those ``choose`` makes of one point per event."""
    kabul, mazar, herat = (34.53, 69.17), (36.71, 67.11), (34.35, 62.2)
    points = [kabul] * 5 + [mazar] + [herat] * 3 + [mazar]
    labels = maplabels.choose(points, maplabels.geonames_cities())
    assert maplabels.block(points) == {
        "name": [label.name for label in labels],
        "lat": [label.lat for label in labels],
        "lon": [label.lon for label in labels],
        "zoom": [label.zoom for label in labels],
    }
