"""The shipped catalogues hold every word the code marks, translated, and the
reader's language gives dates and numbers in its own words and digits."""

from __future__ import annotations

import pytest

from timeline import catalogue, language
from timeline.values import PartialDate

SHIPPED = ("en", "fa", "ru")


@pytest.fixture(scope="module")
def template():
    return catalogue.extract()


def test_the_shipped_languages_are_english_persian_and_russian() -> None:
    assert language.shipped() == SHIPPED


@pytest.mark.parametrize("code", SHIPPED)
def test_each_catalogue_is_up_to_date_with_the_code(code: str, template) -> None:
    path = catalogue.LOCALES / f"{code}.po"
    assert catalogue.updated(code, template) == path.read_bytes(), (
        f"{path.name} is behind the code: run scripts/catalogues.py and translate what it adds"
    )


@pytest.mark.parametrize("code", [c for c in SHIPPED if c != "en"])
def test_every_message_is_translated_with_the_same_placeholders(code: str, template) -> None:
    translated = {m.id: m.string for m in catalogue.read(code) if m.id}
    missing, wrong = [], []
    for message in template:
        if not message.id:
            continue
        text = translated.get(message.id)
        forms = text if isinstance(text, tuple) else (text,)
        if not all(forms):
            missing.append(message.id)
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set().union(*(catalogue.placeholders(i) for i in ids))
        for form in forms:
            # A plural form may leave the count out ("one event" written as a word).
            if not catalogue.placeholders(form) <= wanted or not (wanted - {"n"}) <= catalogue.placeholders(form):
                wrong.append((message.id, form))
    assert not missing, f"{code}.po has no translation for {missing[:5]} ({len(missing)} in all)"
    assert not wrong, f"{code}.po: placeholders differ from the message's in {wrong[:5]}"


def test_a_message_missing_from_a_catalogue_is_caught(template, tmp_path, monkeypatch) -> None:
    # The check above, on a catalogue that lost an entry.
    ru = catalogue.read("ru")
    gone = next(m.id for m in ru if m.id)
    del ru[gone]
    (tmp_path / "ru.po").write_bytes(catalogue.text(ru))
    monkeypatch.setattr(catalogue, "LOCALES", tmp_path)
    assert catalogue.updated("ru", template) != (tmp_path / "ru.po").read_bytes()
    assert not catalogue.read("ru").get(gone)


@pytest.mark.parametrize(
    ("code", "day", "month", "year", "about"),
    [
        ("en", "26 Aug 2021", "Sep 2022", "2014", "about 2019"),
        ("ru", "26 авг. 2021\u202fг.", "сент. 2022\u202fг.", "2014", "около 2019 г."),
        ("fa", "۲۶ اوت ۲۰۲۱", "سپتامبر ۲۰۲۲", "۲۰۱۴", "حدود ۲۰۱۹"),
    ],
)
def test_dates_are_as_precise_as_known_in_the_language(code, day, month, year, about) -> None:
    try:
        language.use(code)
        got = [PartialDate.parse(t).label for t in ("2021-08-26", "2022-09", "2014", "~2019")]
    finally:
        language.use("en")
    assert got == [day, month, year, about]


def test_counts_are_grouped_in_the_languages_own_digits() -> None:
    assert [language.load(c).whole(8231) for c in SHIPPED] == ["8,231", "۸٬۲۳۱", "8\u00a0231"]


def test_persian_is_laid_out_right_to_left() -> None:
    assert [language.load(c).direction for c in SHIPPED] == ["ltr", "rtl", "ltr"]


def test_russian_plural_forms_follow_the_browsers_categories() -> None:
    assert language.load("ru").plural_tags == {"one": 0, "few": 1, "many": 2}


def test_a_language_with_no_catalogue_says_how_to_add_one() -> None:
    with pytest.raises(language.LanguageError, match=r"language 'xx' has no catalogue; use one of en, fa, ru"):
        language.load("xx")
