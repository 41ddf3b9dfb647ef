"""The page's search matches across the forms a word is written in: Arabic
and Persian letters (ك/ک, ي/ی), vowel signs and ZWNJ, Latin accents, case
(Cyrillic too, ё as е), in the mixed-script table (tests/data/mixed-script):
Persian, Russian and English rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline import build
from timeline.datablock import DICT_MOST

from ..conftest import DATA, VIEWS, assert_clean, ready, settled

ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def mixed_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mixed-script") / "out"
    build(DATA / "mixed-script" / "events.csv", out)
    return out / "index.html"


# What each search must find, by event id (tests/data/mixed-script/events.csv).
SEARCHES = {
    "كابل": ["kabul-airport"],  # Arabic kaf (U+0643): the table writes کابل with Persian keheh
    f"کا{ZWNJ}بل": ["kabul-airport"],  # a ZWNJ typed in the word
    "کابُل": ["kabul-airport"],  # a damma on the beh
    "حملة": ["kabul-airport"],  # teh marbuta: the title writes حمله
    "крокус": ["crocus"],  # the title writes «Крокус»
    "КРОКУС СИТИ": ["crocus"],
    "Нападение ЗАЛ": ["crocus"],
    "kerman": ["kerman"],  # the name of the place it is shown at: Kerman, Iran
    "Kérman": ["kerman"],
    "kabul": ["kabul-airport", "russian-embassy"],  # Kabul, in English, and کابل, shown at Kabul
    "embassy کابل": [],  # every word must match one event
}


@pytest.mark.parametrize("idle", [True, False], ids=["folded-while-idle", "folded-by-the-search"])
def test_a_search_finds_a_word_in_any_of_its_forms(mixed_page: Path, open_page, idle: bool) -> None:
    before = None if idle else "window.requestIdleCallback = () => 0;"  # idle never comes
    loaded = open_page(mixed_page, before=before)
    page = ready(loaded)
    if idle:
        page.wait_for_function("() => Timeline.state.searchReady()")
    search = page.locator(".filter-search")
    for query, expected in SEARCHES.items():
        search.fill(query)
        page.wait_for_function("q => Timeline.state.filters.q === q", arg=query)  # typing settles after 150 ms
        settled(page)
        views = page.evaluate(VIEWS)
        assert views["table"] == expected, query
        assert views["timeline"] == expected, query
        assert page.evaluate("() => Timeline.state.count") == len(expected), query
        # The count the filter bar shows, in the page's own digits.
        shown = page.evaluate("n => Timeline.whole(n)", len(expected))
        assert page.locator(".filter-count").inner_text().startswith(shown), query
    assert_clean(loaded)


def test_the_query_is_folded_as_the_texts_are(mixed_page: Path, open_page) -> None:
    page = ready(open_page(mixed_page))
    folded = page.evaluate(
        "words => words.map(Timeline.fold)", ["كابل", "يى", "أإآٱ", "Kérman", "ЁЛКА", "Йошкар", "۲۰۲۱"]
    )
    # Persian keheh and yeh (U+06A9, U+06CC), alef (U+0627); Latin without accents;
    # Cyrillic lowercase, ё as е, й kept; Persian digits as 0-9.
    assert folded == ["\u06a9\u0627\u0628\u0644", "\u06cc\u06cc", "\u0627" * 4, "kerman", "елка", "йошкар", "2021"]


@pytest.fixture(scope="module")
def accented_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("accented")
    # Enough different texts that the block keeps them as texts (datablock.DICT_MOST), folded for the search.
    others = "".join(f"e{n},2022-01-01,Event {n},attack,,,Summary {n}\n" for n in range(DICT_MOST + 10))
    (folder / "events.csv").write_text(
        "id,date,title,category,place,killed,summary\n"
        "kerman,2024-01-03,Blasts in Kérman,attack,,,\n"
        "mazar,2021-10-08,Mosque bombing,attack,,,A blast at a mosque in Mazār-e Sharīf\n" + others,
        encoding="utf-8",
    )
    build(folder / "events.csv", folder / "out")
    return folder / "out" / "index.html"


def test_a_first_search_before_the_texts_are_folded_is_made_again(accented_page: Path, open_page) -> None:
    """Idle never comes, so the first search is answered from the bytes
    (no accented text holds "kerman" there), then made again once the texts
    are folded: the views follow."""
    loaded = open_page(accented_page, before="window.requestIdleCallback = () => 0;")
    page = ready(loaded)
    assert not page.evaluate("() => Timeline.state.searchReady()")
    page.locator(".filter-search").fill("kerman")
    page.wait_for_function("() => Timeline.state.filters.q === 'kerman'")
    page.wait_for_function("() => Timeline.state.searchReady() && !Timeline.state.partial")
    settled(page)
    assert page.evaluate(VIEWS)["table"] == ["kerman"]
    page.locator(".filter-search").fill("mazar sharif")
    page.wait_for_function("() => Timeline.state.filters.q === 'mazar sharif'")
    settled(page)
    assert page.evaluate(VIEWS)["table"] == ["mazar"]
    assert_clean(loaded)
