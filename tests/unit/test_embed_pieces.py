"""The embeds made in pieces (issue 20): the same bytes as made whole, the
figure's JSON made once and shared, and stamped and hashed in pieces as whole."""

from __future__ import annotations

import pytest

from timeline import assets, embed, stamp
from timeline.chart import build_figure

from ..conftest import SHIPPED


@pytest.fixture(scope="module")
def dataset():
    from timeline.load import load

    return load(SHIPPED)


@pytest.fixture(scope="module")
def made(dataset):
    figure = build_figure(dataset, hover=True)
    return figure, embed.embed_files(dataset, figure)


NESTED = {
    "data": [{"hovertext": [f"<b>{n} & é\u2028 “x”</b>" for n in range(50_000)], "x": {"bdata": "AAAA"}}] * 3,
    "layout": {"title": "a </script> b", "range": [1.5, -0.0, 1e300], "empty": [], "none": None},
    "lists": [[], [[1, [2]]], {}, list(range(assets.PIECE_ITEMS * 2 + 1))],
    "config": {"responsive": True},
}


@pytest.mark.parametrize(
    "value", [NESTED, [], {}, "text", 3, [NESTED, NESTED]], ids=["figure", "[]", "{}", "text", "3", "list"]
)
def test_json_in_pieces_is_the_json_made_whole(value) -> None:
    pieces = assets.json_pieces(value)
    assert b"".join(pieces) == assets.to_json(value).encode("utf-8")


def test_a_big_figure_is_made_in_pieces_of_about_a_megabyte() -> None:
    pieces = assets.json_pieces(NESTED)
    assert len(pieces) > 2
    assert max(len(piece) for piece in pieces) < 4 << 20


def test_the_fragment_in_pieces_is_the_fragment_made_whole(dataset, made) -> None:
    figure, files = made
    fragment = embed.timeline_fragment(embed.embed_figure(dataset, figure), dataset.settings)
    text = b"".join(files["embed/timeline.html"]).decode("utf-8")
    assert text.endswith(fragment + "\n")
    assert text.startswith("<!-- Timeline of ")


def test_the_standalone_page_in_pieces_is_the_page_made_whole(dataset, made) -> None:
    figure, files = made
    fragment = embed.timeline_fragment(embed.embed_figure(dataset, figure), dataset.settings)
    whole = embed.standalone(fragment, dataset.settings, figure)
    assert b"".join(files["embed/timeline-standalone.html"]).decode("utf-8") == whole


def test_both_timeline_files_share_the_figures_json(made) -> None:
    _, files = made
    fragment, page = files["embed/timeline.html"], files["embed/timeline-standalone.html"]
    shared = [piece for piece in fragment if any(piece is other for other in page)]
    assert shared == fragment[1:-1], "all but the fragment's first and last pieces: the figure's JSON"
    assert b'id="timeline-embed-figure">' in fragment[0] and fragment[-1].startswith(b"</script>")


@pytest.mark.parametrize(
    "pieces",
    [
        [b'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>x', b"</title>", b"</head></html>\n"],
        [b"<!-- an embed -->\n<div>", b"{}", b"</div>\n"],
        [b"<!DOCT", b'YPE html>\n<meta charset="utf-8">\n'],  # the first piece too short to tell
        [b"<!DOCTYPE html>\n<title>no charset</title>", b"<p>"],
        [b'<!DOCTYPE html>\n<meta charset="utf-8">\n<meta charset="utf-8">\n'],
    ],
)
def test_stamped_in_pieces_as_whole(pieces: list[bytes]) -> None:
    whole = b"".join(pieces)
    assert b"".join(bytes(p) for p in stamp.stamp_pieces("a.html", pieces, "0123456789abcdef")) == stamp.stamp(
        "a.html", whole, "0123456789abcdef"
    )
    assert stamp.build_id({"a.html": pieces, "b.html": b"b"}) == stamp.build_id({"a.html": whole, "b.html": b"b"})
    assert stamp.build_id({"a.html": pieces}) != stamp.build_id({"a.html": pieces[:-1]})


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.html", [b'<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n<title>t', b"</title>", b"</head>"]),
        ("embed/a.html", [b'<div id="timeline-embed">', b"x" * 70_000, b"</div>"]),
        ("embed/a.html", b"<iframe></iframe>\n"),
    ],
)
def test_a_file_stamped_later_is_the_file_stamped_once_the_id_is_written_over_the_placeholder(name: str, data) -> None:
    pieces, at = stamp.stamp_later(name, data)
    later = bytearray(b"".join(bytes(p) for p in pieces))
    assert later[at : at + 16] == stamp.PLACEHOLDER.encode()
    later[at : at + 16] = b"0123456789abcdef"
    assert bytes(later) == b"".join(bytes(p) for p in stamp.stamp_pieces(name, data, "0123456789abcdef"))


@pytest.mark.parametrize(("name", "data"), [("map.svg", b"<svg></svg>"), ("a.html", b"<p>")])
def test_a_file_whose_id_has_no_fixed_place_is_stamped_once_the_id_is_known(name: str, data: bytes) -> None:
    assert stamp.stamp_later(name, data) is None
