"""The timeline's labels for a mixed-script table read in the right order
(issue 21): in English, the Kabul row's label has its Persian place wholly
left of the date ("کابل · 26 Aug 2021", not "26 · کابل Aug 2021"); in
Persian, a Latin place is wholly right of the Persian date, where a reader
of Persian starts. Checked by where the browser draws each character."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline.cli import main

from ..conftest import assert_clean

pytestmark = pytest.mark.browser

MIXED = Path(__file__).resolve().parents[1] / "data" / "mixed-script" / "events.csv"

# For each label: the left and right edges (page pixels) of each of `words` in it.
EXTENTS = """(words) => [...document.querySelectorAll('#timeline-chart g.annotation text')].map(e => {
  const text = e.textContent;
  const edges = words.map(w => {
    const at = text.indexOf(w);
    if (at < 0) return null;
    let left = Infinity, right = -Infinity;
    for (let i = at; i < at + w.length; i++) {
      const r = e.getExtentOfChar(i);
      left = Math.min(left, r.x); right = Math.max(right, r.x + r.width);
    }
    return [left, right];
  });
  return {text, edges};
})"""


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    out = {}
    for code in ("en", "fa"):
        folder = tmp_path_factory.mktemp(f"mixed-{code}")
        result = CliRunner().invoke(main, ["build", str(MIXED), "--out", str(folder), "--language", code])
        assert result.exit_code == 0, result.output
        out[code] = folder
    return out


def extents(open_page, folder: Path, words: list[str]) -> list[dict]:
    loaded = open_page(folder / "timeline.html", 1440, 900)
    loaded.page.wait_for_selector("#timeline-chart[data-ready]")
    found = loaded.page.evaluate(EXTENTS, words)
    assert_clean(loaded)
    return found


def test_a_persian_place_stays_before_the_date_in_english(builds, open_page):
    labels = extents(open_page, builds["en"], ["کابل", "26", "Aug", "2021"])
    kabul = next(label for label in labels if "کابل" in label["text"])
    place, day, month, year = kabul["edges"]
    assert place[1] <= day[0] < month[0] < year[0]  # left to right: place, then 26 Aug 2021


def test_a_latin_place_stays_before_the_date_in_persian(builds, open_page):
    # 5 and 2022 in Persian digits: the Russian embassy row's date, 5 Sep 2022
    labels = extents(open_page, builds["fa"], ["Kabul", "۵", "۲۰۲۲"])
    embassy = next(label for label in labels if "Kabul" in label["text"])
    place, day, year = embassy["edges"]
    assert place[0] >= day[1] > year[1]  # right to left: place, then the day, then the year
