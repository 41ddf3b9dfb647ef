"""The pages carry their scripts packed (gzip in base64) and boot.js runs
them as inline scripts the page's policy names by hash: Chromium runs a
script so inserted when its hash is named and refuses it when not. The
briefing page draws its map before plotly.js is started."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline import assets
from timeline.page import CODE_ELEMENT, _run_scripts, content_security_policy, packed_scripts, script_hashes

from ..conftest import assert_clean

pytestmark = pytest.mark.browser

# What boot.js needs of common.js, as a first script: Timeline.mark and Timeline.load.
STUB = "Timeline.mark = function () {}; Timeline.load = function () { return Promise.resolve(); };"


def boot_page(path: Path, first: list[str], later: list[str], named: list[str]) -> Path:
    """A page holding ``first`` and ``later`` packed, boot.js, and a policy naming boot.js and ``named``."""
    code = [CODE_ELEMENT.format("first") + assets.packed(t).gzip + "</script>" for t in first]
    code += [CODE_ELEMENT.format("later") + assets.packed(t).gzip + "</script>" for t in later]
    boot = assets.script(assets.own("boot.js"))
    hashes = script_hashes(boot) + [assets.packed(t).hash for t in named]
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(hashes)}">'
        "</head><body>" + "\n".join(code) + boot + "</body></html>",
        encoding="utf-8",
    )
    return path


def ran(name: str) -> str:
    return f"window.ran = (window.ran || []).concat(['{name}']);"


def test_boot_runs_the_named_scripts_in_order(tmp_path: Path, open_page) -> None:
    first, later = [STUB, ran("one"), ran("two")], [ran("three"), "var é = '</script>'; " + ran("four")]
    loaded = open_page(boot_page(tmp_path / "named.html", first, later, first + later))
    loaded.page.wait_for_function("() => window.Timeline.boot && window.ran && window.ran.length === 4")
    assert loaded.page.evaluate("() => Timeline.boot.later.then(() => window.ran)") == ["one", "two", "three", "four"]
    assert_clean(loaded)


def test_boot_runs_no_script_the_policy_does_not_name(tmp_path: Path, open_page) -> None:
    first = [STUB, ran("named"), ran("not named")]
    loaded = open_page(boot_page(tmp_path / "unnamed.html", first, [], first[:2]))
    loaded.page.wait_for_function("() => window.Timeline && window.Timeline.boot")
    loaded.page.evaluate("() => Timeline.boot.later")
    assert loaded.page.evaluate("() => window.ran") == ["named"]
    refused = [e for e in loaded.errors if "Content Security Policy" in e]
    assert len(refused) == 1 and assets.packed(first[2]).hash in refused[0], loaded.errors


@pytest.mark.parametrize(
    ("name", "inline"),
    [("index.html", 3), ("map.html", 3), ("timeline.html", 2), ("embed/timeline-standalone.html", 1)],
)
def test_the_pages_carry_their_scripts_packed(shipped_build: Path, name: str, inline: int) -> None:
    """Nothing big is inline (folium's two settings, common.js, boot.js); plotly.js is the basic bundle, packed.
    common.js (the data block's reader, the card, the reader's words and the search's
    folding, about 43 KB) is the largest inline script: the block starts inflating
    before anything is unpacked."""
    html = (shipped_build / name).read_text(encoding="utf-8")
    found = [len(s) for s in _run_scripts(html)]
    assert len(found) == inline and max(found) < 48_000, found
    packed = list(packed_scripts(html))
    assert (assets.plotly_basic_js() in packed) == (name != "map.html")
    assert assets.plotly_js() not in packed


# Notes, when the map is drawn, whether plotly.js has run yet.
NOTE_PLOTLY = """
window.__plotlyAtMap = 'map never drawn';
const mark = performance.mark.bind(performance);
performance.mark = function (name) {
  if (name === 'timeline: map drawn') window.__plotlyAtMap = typeof window.Plotly;
  return mark.apply(null, arguments);
};
"""


def test_the_briefing_page_draws_its_map_before_starting_plotly(shipped_build: Path, open_page) -> None:
    loaded = open_page(shipped_build / "index.html", before=NOTE_PLOTLY)
    page = loaded.page
    page.wait_for_selector("#timeline-chart[data-ready]", state="attached")
    page.wait_for_selector("table.events-table tbody tr", state="attached")
    assert page.evaluate("() => window.__plotlyAtMap") == "undefined"
    at = page.evaluate(
        "() => Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name.slice(10), m.startTime]))"
    )
    assert at["map drawn"] < at["map painted"] < at["later scripts run"] < at["timeline drawn"], at
    assert page.evaluate("() => typeof Plotly") == "object"
    assert_clean(loaded)
