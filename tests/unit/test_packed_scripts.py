"""The pages' scripts as they carry them (assets.packed: gzip in base64, named
by the hash of the text), and the plotly.js bundle each figure gets
(assets.plotly_for: the basic bundle from node_modules when the figure's
traces allow it and it is installed, else the full one, said once)."""

from __future__ import annotations

import base64
import gzip
import hashlib
import logging
from pathlib import Path

import pytest

from timeline import assets


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """An empty user cache, and nothing packed or found yet in this process."""
    monkeypatch.setenv("TIMELINE_CACHE", str(tmp_path / "cache"))
    assets.packed.cache_clear()
    assets._plotly_basic.cache_clear()
    assets._said.clear()
    yield tmp_path
    assets.packed.cache_clear()
    assets._plotly_basic.cache_clear()


def unpack(text: str) -> str:
    return gzip.decompress(base64.b64decode(text)).decode("utf-8")


@pytest.mark.parametrize("size", [10, assets.KEEP_FROM + 10])
def test_a_packed_script_inflates_to_its_text_and_is_named_by_its_hash(fresh: Path, size: int) -> None:
    js = ("var é = '</script>';\n" * size)[:size]
    packed = assets.packed(js)
    assert unpack(packed.gzip) == js
    assert packed.hash == "sha256-" + base64.b64encode(hashlib.sha256(js.encode()).digest()).decode()
    assert base64.b64decode(packed.gzip)[4:8] == b"\0\0\0\0"  # no time in the gzip header
    if size > assets.KEEP_FROM:
        assert len(packed.gzip) < len(js) / 20  # compressed


def test_a_big_script_is_compressed_once_per_machine(fresh: Path) -> None:
    js = "var x = 1;\n" * (assets.KEEP_FROM // 5)
    first = assets.packed(js)
    kept = list((fresh / "cache").glob("script-*"))
    assert len(kept) == 1 and kept[0].read_text() == first.gzip
    kept[0].write_text(assets.gzip_base64(b"var kept = 'read from the cache';"))
    assets.packed.cache_clear()  # a new process: the file is read, not made again
    assert unpack(assets.packed(js).gzip) == "var kept = 'read from the cache';"
    assert unpack(assets.packed(js + " ").gzip) == js + " "  # another text, another file
    assert len(list((fresh / "cache").glob("script-*"))) == 2


def test_without_a_usable_cache_folder_the_script_is_packed_all_the_same(fresh: Path, monkeypatch) -> None:
    (fresh / "file").write_text("not a folder")
    monkeypatch.setenv("TIMELINE_CACHE", str(fresh / "file" / "cache"))
    js = "var y = 2;\n" * (assets.KEEP_FROM // 5)
    assert unpack(assets.packed(js).gzip) == js


def test_packing_gives_the_same_bytes_each_time(fresh: Path) -> None:
    js = "console.log('same');\n" * 50
    once = assets.packed(js).gzip
    assets.packed.cache_clear()
    assert assets.packed(js).gzip == once


def scatter(kind: str) -> dict:
    return {"data": [{"type": kind, "x": [1], "y": [1]}, {"x": [2], "y": [2]}], "layout": {}}


def test_a_figure_of_scatter_traces_gets_the_basic_bundle(fresh: Path) -> None:
    js = assets.plotly_for(scatter("scatter"))
    assert "plotly.js (basic - minified)" in js[:200]
    assert assets.plotly_version(js) == assets.plotly_version(assets.plotly_js())
    assert len(js) < len(assets.plotly_js()) / 3


def test_a_webgl_figure_gets_the_full_bundle(fresh: Path) -> None:
    assert assets.plotly_for(scatter("scattergl")) is assets.plotly_js()


def basic_package(folder: Path, header: str) -> Path:
    (folder / assets.BASIC_PACKAGE).mkdir(parents=True)
    (folder / assets.BASIC_PACKAGE / "plotly-basic.min.js").write_text(header + "\nwindow.Plotly = {};\n")
    return folder


def test_without_the_basic_bundle_the_pages_carry_the_full_one_and_say_how_to_fix_it(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TIMELINE_NODE_MODULES", str(fresh / "no-node-modules"))
    with caplog.at_level(logging.WARNING, logger="timeline"):
        assert assets.plotly_for(scatter("scatter")) is assets.plotly_js()
        assert assets.plotly_for(scatter("bar")) is assets.plotly_js()
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1, said  # once
    assert "full plotly.js" in said[0] and "is not installed; run scripts/setup" in said[0]
    assert str(fresh / "no-node-modules" / assets.BASIC_PACKAGE / "plotly-basic.min.js") in said[0]


def test_a_basic_bundle_of_another_version_is_not_used(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    folder = basic_package(fresh / "nm", "/**\n* plotly.js (basic - minified) v9.9.9\n*/")
    monkeypatch.setenv("TIMELINE_NODE_MODULES", str(folder))
    with caplog.at_level(logging.WARNING, logger="timeline"):
        assert assets.plotly_for(scatter("scatter")) is assets.plotly_js()
    wanted = assets.plotly_version(assets.plotly_js())
    assert next(r.getMessage() for r in caplog.records).endswith(
        f"is plotly.js 9.9.9, not {wanted} as the plotly package's; "
        "run scripts/setup to install the version package-lock.json pins"
    )


def test_a_basic_bundle_of_the_same_version_is_used(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wanted = assets.plotly_version(assets.plotly_js())
    folder = basic_package(fresh / "nm", f"/**\n* plotly.js (basic - minified) v{wanted}\n*/")
    monkeypatch.setenv("TIMELINE_NODE_MODULES", str(folder))
    assert assets.plotly_for(scatter("scatter")).endswith("window.Plotly = {};\n")
