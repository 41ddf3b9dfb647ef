"""The reader's language: the words we write, dates and numbers, and the
direction a page is laid out in.

- Our own words (the page's filters and headers, "unknown", "derived", the
  pictures' captions, the deck, the alt text) come from a gettext catalogue,
  ``timeline/locales/<code>.po``, read with Babel. English is the language
  the code is written in: its catalogue only lists the words.
- Dates and numbers come from CLDR through Babel: "26 авг. 2021 г.",
  "۲۶ اوت ۲۰۲۱", "8 231", "۸٬۲۳۱", in the locale's own digits. Dates stay
  in the Gregorian calendar in every language: the sources date events
  that way, and a month ("Aug 2021") does not fall within one month of
  the Persian calendar. English dates are written as they always were
  here, day first ("26 Aug 2021").
- A language written right to left (Babel's ``text_direction``) lays the
  page out right to left.

The table's own text is never translated: titles, places and the sources'
words stay as the table gives them.

One language is in use at a time (``use``); a build sets it once its
settings are read, and labels made after that are in it. Adding a language
is one file: ``scripts/catalogues.py <code>`` writes ``<code>.po`` with every
message, to translate (see the README).
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass, field
from functools import cache, cached_property

from . import catalogue
from .errors import TimelineError

DEFAULT = "en"
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The first digit of each numbering system CLDR names as a locale's default
# (Babel formats with Latin digits and leaves the rest to us).
_ZERO = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966", "mymr": "\u1040"}


class LanguageError(TimelineError):
    """A language asked for that has no catalogue."""


def shipped() -> tuple[str, ...]:
    """The languages with a catalogue in ``timeline/locales/``."""
    return tuple(sorted(p.stem for p in catalogue.LOCALES.glob("*.po")))


@dataclass(frozen=True)
class Language:
    code: str
    _translations: gettext.NullTranslations = field(repr=False, compare=False)

    @cached_property
    def locale(self):
        from babel import Locale

        return Locale.parse(self.code)

    @property
    def english(self) -> bool:
        return self.code == DEFAULT

    @cached_property
    def rtl(self) -> bool:
        """Whether the language is written right to left (Persian, Arabic, Pashto)."""
        return self.locale.text_direction == "rtl"

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    # Our words

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    # Numbers and dates

    @cached_property
    def _digits(self) -> dict[int, str] | None:
        zero = _ZERO.get(self.locale.default_numbering_system or "latn", "0")
        return None if zero == "0" else {ord("0") + i: chr(ord(zero) + i) for i in range(10)}

    def digits(self, text: str) -> str:
        """``text`` with 0–9 written in the language's own digits (Persian: ۰–۹)."""
        return text.translate(self._digits) if self._digits else text

    def whole(self, n: int) -> str:
        """A count with the language's grouping and digits: 8,231; 8 231; ۸٬۲۳۱."""
        if self.english:
            return f"{n:,}"
        from babel.numbers import format_decimal

        return self.digits(format_decimal(n, locale=self.locale, numbering_system="default"))

    def date(self, year: int, month: int | None = None, day: int | None = None) -> str:
        """A date as precise as it is known: ``2021``, ``Aug 2021``, ``26 Aug 2021``."""
        if self.english:
            if day:
                return f"{day} {ENGLISH_MONTHS[month - 1]} {year}"  # type: ignore[operator]
            return f"{ENGLISH_MONTHS[month - 1]} {year}" if month else str(year)
        if not month:
            return self.digits(str(year))
        import datetime

        from babel.dates import format_skeleton

        skeleton = "yMMMd" if day else "yMMM"
        when = datetime.date(year, month, day or 1)
        return self.digits(format_skeleton(skeleton, when, locale=self.locale))

    def month_names(self, width: str = "abbreviated") -> tuple[str, ...]:
        """The twelve months' names standing alone (``abbreviated`` or ``wide``)."""
        if self.english and width == "abbreviated":
            return ENGLISH_MONTHS
        names = self.locale.months["stand-alone"][width]
        return tuple(names[i] for i in range(1, 13))

    # For the page's scripts

    @cached_property
    def plural_tags(self) -> dict[str, int]:
        """Which of the catalogue's plural forms each CLDR plural category
        (what the browser's ``Intl.PluralRules`` answers) takes."""
        plural = getattr(self._translations, "plural", None)
        tags: dict[str, int] = {}
        for n in range(0, 1000):
            tags.setdefault(self.locale.plural_form(n), plural(n) if plural else int(n != 1))
        return tags

    def page_words(self) -> dict[str, str | dict[str, str]]:
        """The catalogue's entries the page's scripts ask for (those found in
        ``timeline/static/``), as ``{msgid: text}``, a plural's as
        ``{msgid: {category: text}}``. English needs none: a script falls
        back to its own words."""
        if self.english:
            return {}
        return _page_words(self.code)


@cache
def load(code: str = DEFAULT) -> Language:
    """The language ``code`` (``en``, ``ru``, ``fa``), its catalogue read."""
    code = (code or DEFAULT).strip()
    if code not in shipped():
        raise LanguageError(
            f"language '{code}' has no catalogue; use one of {', '.join(shipped())}, "
            f"or add one: scripts/catalogues.py {code} writes timeline/locales/{code}.po to translate"
        )
    if code == DEFAULT:
        return Language(code, gettext.NullTranslations())
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalogue.read(code))
    buffer.seek(0)
    return Language(code, gettext.GNUTranslations(buffer))


@cache
def _page_words(code: str) -> dict:
    language = load(code)
    words: dict[str, str | dict[str, str]] = {}
    for message in catalogue.read(code):
        if not message.id or not any("/static/" in path for path, _ in message.locations):
            continue
        if isinstance(message.id, tuple):
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(forms):
                words[message.id[0]] = {tag: forms[min(i, len(forms) - 1)] for tag, i in language.plural_tags.items()}
        elif message.string:
            words[message.id] = message.string
    return dict(sorted(words.items()))


_current: Language | None = None


def use(code: str | Language | None) -> Language:
    """Make ``code`` the language labels are written in from now on, and give it."""
    global _current
    _current = code if isinstance(code, Language) else load(code or DEFAULT)
    return _current


def current() -> Language:
    """The language in use (English until ``use`` is called)."""
    return _current or load(DEFAULT)


def _(message: str) -> str:
    """``message`` in the language in use."""
    return current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return current().ngettext(singular, plural, n)
