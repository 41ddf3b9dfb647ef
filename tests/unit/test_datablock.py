"""The packed data block (datablock.pack): every fact comes back as it went in."""

from __future__ import annotations

import orjson
import pytest

from timeline.datablock import DICT_MOST, EVENT_FIELDS, data_block, pack, unpack


def made_block(n: int) -> dict:
    """A block of ``n`` made-up events whose columns take every kind of column:
    numbers, few values, many texts (some beyond the BMP, some that lowercase
    longer), many distinct structures, and values of mixed types."""
    fields = {
        "event": EVENT_FIELDS,
        "date": ("iso", "label", "precision", "start", "end", "approximate"),
        "count": ("label", "low", "high", "kind", "total", "total_how"),
        "place": ("lat", "lon", "precision", "provider", "name", "note", "radius_m", "countries", "method", "status"),
        "citation": ("source", "field", "value", "quote", "note", "claimed_by", "derived"),
    }
    events = []
    for i in range(n):
        events.append(
            [
                f"e{i:06d}",
                f"Event {i} inİstanbul 🎉 “{i % 7}”" if i % 3 else "",
                i % 5,
                i % 3,
                -1 if i % 4 else 2,
                f"Place {i}, Country" if i % 2 else "",
                i % 2 - 1,
                "" if i % 2 else "no place given",
                -1 if i % 5 == 0 else i % 4,
                [i, i + 10, f"{i} to {i + 10}"] if i % 9 == 0 else 0,
                -1,
                "Group (claimed)" if i % 2 else "",
                "Group" if i % 2 else "",
                f"Summary {i} " + "x" * (i % 13),
                [[i % 2, "killed", str(i), f"quote {i}", "", "Group" if i % 3 else "", ""]] * (i % 3),
                [5.6, 7.0, 3, True][i % 4],  # mixed types: each must come back as itself
                {"killed": ["derived", f"how {i}"]} if i % 6 == 0 else 0,
                {"place": f"said {i}"} if i % 2 else 0,
                ["AF", "PK"] if i % 11 == 0 else 0,
            ]
        )
    return {
        "meta": {"title": "t"},
        "sources": [{"id": "a"}, {"id": "b"}],
        "fields": fields,
        "dates": [
            ["2021", "2021", "year", "2021-01-01", "2021-12-31", False],
            ["2021-02", "Feb 2021", "month", "2021-02-01", "2021-02-28", True],
            ["2022-03-04", "4 Mar 2022", "day", "2022-03-04", "2022-03-04", False],
        ],
        "counts": [
            ["1", 1, 1, "exact", "", ""],
            ["about 5", 5, 5, "about", "", ""],
            ["0", 0, 0, "exact", "", ""],
            ["2 + 3", 5, 5, "exact", "5", "sum"],
        ],
        "places": [[40.39285, -3.71896, "venue", "explicit", "Arganzuela, Spain", "", 0, ["ES"], "explicit", "ok"]],
        "events": events,
        "stories": [],
        "chart": {"first": [i - 500 for i in range(n)], "middle": [0] * n, "lane": [i % 3 for i in range(n)]},
    }


@pytest.mark.parametrize("n", [0, 1, 40, DICT_MOST + 100])
def test_pack_gives_back_every_value_as_it_was(n: int) -> None:
    block = made_block(n)
    again = unpack(pack(block))
    # orjson tells 1 from 1.0 from True, and keeps the order of keys: the JSON the page used to carry.
    assert orjson.dumps(again, option=orjson.OPT_SORT_KEYS) == orjson.dumps(block, option=orjson.OPT_SORT_KEYS)


def test_pack_keeps_many_texts_as_texts_and_few_as_a_list() -> None:
    (packed,) = pack(made_block(DICT_MOST + 100))  # small: one part
    length = int.from_bytes(packed[4:8], "little")
    columns = orjson.loads(packed[8 : 8 + length])["columns"]["events"]
    assert columns["summary"]["kind"] == "text"
    # İ lowercases to an i (and a dot): the titles that hold one are listed, for the search.
    assert columns["title"]["folded"]["bytes"] > 0 and columns["summary"]["folded"] is None
    assert columns["said"]["kind"] == "json"
    assert columns["category"] == {**columns["category"], "kind": "int", "type": "u8"}
    assert columns["perpetrator"]["kind"] == "dict"
    assert (8 + length) % 8 == 0  # every column starts at a multiple of 8: a typed array may lie there


def test_pack_is_the_same_bytes_each_time() -> None:
    assert pack(made_block(300)) == pack(made_block(300))


def test_a_nul_in_a_text_is_refused() -> None:
    block = made_block(DICT_MOST + 100)
    block["events"][7][13] = "a\x00b"  # csvfile refuses it in a cell: never in a built block
    with pytest.raises(ValueError, match="NUL"):
        pack(block)


def test_the_shipped_block_comes_back_whole(shipped) -> None:
    block = data_block(shipped.dataset, shipped.placements)
    assert unpack(pack(block)) == orjson.loads(orjson.dumps(block))


def test_a_big_block_is_two_parts_of_about_the_same_size(monkeypatch) -> None:
    monkeypatch.setattr("timeline.datablock.SPLIT_FROM", 1000)
    block = made_block(DICT_MOST + 100)
    first, second = pack(block)
    assert 0.5 < len(first) / len(second) < 2
    assert unpack([first, second]) == orjson.loads(orjson.dumps(block))


def test_each_event_points_at_its_own_date_count_and_place(shipped) -> None:
    """The tables' indexes (numbered by pandas, by identity): each event's
    date, end, deaths, injured and place rows are its own, ``-1`` for none,
    and each table's rows are in the order the events first name them."""
    from timeline.datablock import COUNT_FIELDS, DATE_FIELDS, PLACE_FIELDS

    dataset, placements = shipped.dataset, shipped.placements
    block = data_block(dataset, placements)
    at = {name: n for n, name in enumerate(EVENT_FIELDS)}
    label, name = DATE_FIELDS.index("label"), PLACE_FIELDS.index("name")
    firsts: dict[str, list[int]] = {"dates": [], "counts": [], "places": []}
    for e, row in zip(dataset.events, block["events"], strict=True):
        for field, table, value in (
            ("date", "dates", e.date), ("end_date", "dates", e.end_date),
            ("killed", "counts", e.killed), ("injured", "counts", e.injured),
        ):  # fmt: skip
            n = row[at[field]]
            if value is None:
                assert n == -1, (e.id, field)
            else:
                shown = block[table][n][label if table == "dates" else COUNT_FIELDS.index("label")]
                assert shown == value.label, (e.id, field)
                firsts[table] += [] if n in firsts[table] else [n]
        place, n = placements.places.get(e.id), row[at["loc"]]
        assert (n == -1) if place is None else block["places"][n][name] == place.name, e.id
        if place is not None and n not in firsts["places"]:
            firsts["places"].append(n)
    for table, seen in firsts.items():
        assert seen == list(range(len(block[table]))), table


@pytest.mark.parametrize("small_block", [0, 1 << 20], ids=["isal", "zlib"])
@pytest.mark.parametrize("piece", [1000, 4096, 100_000])
def test_both_deflaters_give_one_gzip_member_of_what_went_in(monkeypatch, small_block: int, piece: int) -> None:
    """A big block is deflated by ISA-L in pieces, a small one by zlib: either
    way one gzip member any reader inflates, the same bytes each time."""
    import gzip
    import zlib

    from timeline.datablock import GZIP_HEADER, gzip_in_pieces

    monkeypatch.setattr("timeline.datablock.SMALL_BLOCK", small_block)
    data = b"".join(f"event {i} in \u0130stanbul, {i * 7919 % 1000} killed\x00".encode() for i in range(3000))
    packed = gzip_in_pieces(data, piece)
    assert gzip.decompress(packed) == data
    inflater = zlib.decompressobj(31)
    assert inflater.decompress(packed) == data and inflater.eof and not inflater.unused_data
    assert packed.startswith(GZIP_HEADER) and gzip_in_pieces(data, piece) == packed
    assert len(packed) < len(data) / 3


def test_numpy_packs_the_same_bytes_as_python(monkeypatch) -> None:
    """From NUMPY_FROM numbers (or bytes of texts) numpy packs a column: the
    same bytes as Python's arrays and cuts, folded texts and all."""
    block = made_block(DICT_MOST + 100)
    by_python = pack(block)
    monkeypatch.setattr("timeline.datablock.NUMPY_FROM", 0)
    assert pack(block) == by_python
    monkeypatch.setattr("timeline.datablock.NUMPY_FROM", 10**9)
    assert pack(block) == by_python
