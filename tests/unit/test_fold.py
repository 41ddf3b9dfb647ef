"""Letters written in more than one form are one letter to the lookups
(placenames.LETTER_FORMS: Arabic ي ك and Persian ی ک, vowel signs, tatweel,
ZWNJ), so a place written in any of them is found in the real gazetteer; and
table text quoted on a terminal line is isolated (errors.Problem,
errors.isolate_quoted) so that a right-to-left value keeps its order."""

from __future__ import annotations

import pytest

from timeline.bidi import FSI, PDI
from timeline.errors import Problem, isolate_quoted
from timeline.gazetteer import Gazetteer, Match
from timeline.placenames import loose_key, name_key, same_letters
from timeline.placescache import query_key

ZWNJ = "\u200c"
# Kabul as Persian writes it (keheh, U+06A9), as Arabic writes it (kaf, U+0643),
# with a ZWNJ, with a damma (U+064F) on the beh, and drawn out with a tatweel (U+0640).
KABUL = ["کابل", "كابل", f"کا{ZWNJ}بل", "کابُل", "کـابل"]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def test_arabic_and_persian_forms_are_one_letter() -> None:
    # Arabic yeh (U+064A) and alef maksura (U+0649) are Persian yeh (U+06CC);
    # Arabic kaf (U+0643) is keheh (U+06A9); teh marbuta (U+0629) is heh (U+0647).
    assert same_letters("\u064a\u0649\u0643\u0629") == "\u06cc\u06cc\u06a9\u0647"
    # The alefs with hamza above and below, with madda, and alef wasla are alef (U+0627).
    assert same_letters("\u0623\u0625\u0622\u0671") == "\u0627" * 4
    # Vowel signs (fatha, kasra, shadda, superscript alef), tatweel and ZWNJ are not counted.
    assert same_letters("ب\u064e\u0650\u0651\u0670ـ" + ZWNJ) == "ب"
    assert same_letters("Kabul") == "Kabul"


def test_a_name_in_any_form_has_one_key() -> None:
    assert len({loose_key(k) for k in KABUL}) == 1
    assert len({name_key(k) for k in KABUL}) == 1
    assert len({query_key(k) for k in [*KABUL[:4], " کابل  "]}) == 1
    # The places cache keeps Latin letters as written, but for case and spacing.
    assert query_key("  Kabul  City ") == query_key("KABUL CITY") != query_key("Kābul City")


def near(match: object, lat: float, lon: float) -> bool:
    assert isinstance(match, Match), match
    return abs(match.entry.lat - lat) <= 0.2 and abs(match.entry.lon - lon) <= 0.2


@pytest.mark.parametrize("text", KABUL)
def test_kabul_in_any_form_is_kabul(gazetteer: Gazetteer, text: str) -> None:
    found = gazetteer.lookup(text)
    assert near(found, 34.53, 69.17)  # Kabul: 34.53 N, 69.17 E
    assert found.status == "ok"


@pytest.mark.parametrize("text", ["Красногорск", "КРАСНОГОРСК", "красногорск"])
def test_krasnogorsk_in_cyrillic_is_the_town_by_moscow(gazetteer: Gazetteer, text: str) -> None:
    found = gazetteer.lookup(text)
    assert near(found, 55.82, 37.33)  # Krasnogorsk, Moscow Oblast: 55.82 N, 37.33 E
    assert found.status == "ok"


@pytest.mark.parametrize("text", ["کرمان", "كرمان", f"کر{ZWNJ}مان"])
def test_kerman_in_persian_is_the_city_in_iran(gazetteer: Gazetteer, text: str) -> None:
    found = gazetteer.lookup(text)
    assert near(found, 30.28, 57.08)  # Kerman, Iran: 30.28 N, 57.08 E
    assert found.entry.country == "IR"
    # GeoNames also gives the name to Kerman, California: listed, as the rules list the others.
    assert any("United States" in c for c in found.candidates)


def test_a_persian_value_is_isolated_on_its_line() -> None:
    problem = Problem("events.csv", 3, "place", "کابل 2", "is not a place", "write it as the source does")
    line = str(problem)
    assert (
        line == f"events.csv:3: column 'place': value '{FSI}کابل 2{PDI}' — is not a place; write it as the source does"
    )
    assert "\n" not in line


def test_english_lines_are_as_they_were() -> None:
    problem = Problem("events.csv", 3, "killed", "nearly 1OO", "is not a count", "write the figure as the source does")
    assert str(problem) == (
        "events.csv:3: column 'killed': value 'nearly 1OO' — is not a count; write the figure as the source does"
    )
    assert FSI not in str(Problem("events.csv", 4, "place", "Kābul", "isn't 'known'", "it's 'this'"))


def test_table_text_quoted_in_a_message_is_isolated() -> None:
    note = "took Kerman, Iran (pop. 577,514), by far the largest of 2 places called 'کرمان'"
    assert isolate_quoted(note) == note.replace("'کرمان'", f"'{FSI}کرمان{PDI}'")
    # An apostrophe is no quote: only the quoted name is isolated.
    assert isolate_quoted("the gazetteer's 'کابل' isn't here") == f"the gazetteer's '{FSI}کابل{PDI}' isn't here"
    assert isolate_quoted("'Kabul' is 'ok'") == "'Kabul' is 'ok'"
