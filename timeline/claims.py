"""Is every figure, date, place and perpetrator an event states the source's claim?

For each field an event fills in (date, end_date, place, killed, injured,
perpetrator) its *support* is one of:

    quoted      its words occur in a quote from a stored document cited for
                that field, or, when no quote is cited for that field, for
                the event as a whole ("nearly 100" in "nearly 100 people were
                killed"; a place's words in any order); a figure's quote must
                speak of deaths (or injuries), and a basis for blame must be
                in it ("claimed responsibility", "denied", "linked ... to");
    reference   a reference (a source with no stored copy) cited for that
                field gives this very value;
    derived     a citation for that field says we worked it out (its
                ``derived`` column holds the value, its ``note`` how);
    cited       the event cites only references, for the event as a whole,
                whose words cannot be checked here: its values are taken on
                their word, unmarked (a table drawn from a database cites its
                entries so);
    unsupported none of these.

An event with no citation at all is left to ``load.strict_problems``; for an
event that has some, an unsupported value is a warning, and an error with
``--strict``. So is a citation whose ``value`` or ``claimed_by`` is not in its
own quote, and a ``derived`` value without a note saying how.

``said(dataset, event, field)`` is the one line every surface that has no
room for the whole card (the table, the timeline's hover, the embed, the
pictures' alt text, the deck) uses to state a field: every source's value,
with who claims it and who reported it, the event's own first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

from .bidi import isolate
from .errors import Problem
from .language import _
from .language import current as current_language
from .model import Citation, Dataset, Event, Source
from .values import QUALIFIERS, Blame, Count, PartialDate, Words, dates_label, joined
from .workbook import table_name

FIELDS = ("date", "end_date", "place", "killed", "injured", "perpetrator")  # the dates first
# How a value is marked where it is not a source's own words (none for "cited"), in the language in use.
STATUS_WORDS = Words(
    lambda: {
        "cited": "",
        "reference": _("from a reference"),
        "derived": _("derived"),
        "unsupported": _("no source gives this"),
    }
)
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3})")
_POSSESSIVE = re.compile(r"'s\b")
_WORD = re.compile(r"[^\W_]+(?:[-.'][^\W_]+)*\.?")
_FILLER = {"the", "of", "in", "at", "a", "an", "and", "near", "on"}


@dataclass(frozen=True)
class Support:
    """How one field of one event is backed."""

    status: str  # quoted | reference | derived | computed | unsupported
    how: str = ""  # for derived: how it was worked out
    citation: Citation | None = None


@lru_cache(maxsize=1 << 16)  # a quote is asked about each field of its event
def plain(text: str) -> str:
    """Text as compared: one kind of quote mark and dash, no thousands commas, any case."""
    text = _THOUSANDS.sub("", text.translate(_PLAIN))
    return " ".join(text.split()).casefold()


def _found(text: str, phrase: str) -> list[int]:
    """Where ``phrase`` starts in ``text`` as whole words ("13" is not in "2013")."""
    starts, at = [], text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            starts.append(at)
        at = text.find(phrase, at + 1)
    return starts


def says(quote: str, phrase: str) -> bool:
    """Does ``quote`` hold ``phrase`` as whole words ("13" is not in "2013")?"""
    phrase = plain(phrase)
    return bool(phrase) and bool(_found(plain(quote), phrase))


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> frozenset[str]:
    return frozenset(w.rstrip(".") for w in _WORD.findall(_POSSESSIVE.sub("", plain(text)))) - _FILLER


def names_place(quote: str, place: str) -> bool:
    """Does ``quote`` name every word of ``place`` ("Chinese-owned hotel, Kabul" in
    "a Chinese-owned Kabul hotel")? Small words (the, of, in) do not count."""
    wanted = _words(place)
    return bool(wanted) and wanted <= _words(quote)


# How each field's value is read, and what a quote must hold to state it.
def _phrases_in(quote: str, phrases: tuple[str, ...]) -> bool:
    return bool(phrases) and all(says(quote, p) for p in phrases)


def _date_stated(quote: str, value: PartialDate) -> bool:
    return any(says(quote, p) for p in value.phrases)


_QUALIFIER_BEFORE = re.compile(
    r"(?:" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r"|~|>|<)\s*$", re.IGNORECASE
)


_DEATHS = re.compile(r"\b(?:kill|die[ds]?\b|dead|death|lives|fatalit|massacre)")
_INJURIES = re.compile(r"\b(?:injur|wound|hurt)")


def _killed_stated(quote: str, value: Count) -> bool:
    return _count_stated(quote, value) and _DEATHS.search(plain(quote)) is not None


def _injured_stated(quote: str, value: Count) -> bool:
    return _count_stated(quote, value) and _INJURIES.search(plain(quote)) is not None


def _count_stated(quote: str, value: Count) -> bool:
    """Each part's words in the quote; a bare number only where the quote does
    not qualify it ("40" is not stated by "nearly 40")."""
    parts = value.parts or (value,)
    return all(_part_stated(quote, part) for part in parts)


def _part_stated(quote: str, part: Count) -> bool:
    text = plain(quote)
    for start in _found(text, plain(part.label)):
        if part.kind not in ("exact", "range") or not _QUALIFIER_BEFORE.search(text[max(0, start - 20) : start]):
            return True
    return False


# The words that make a quote a claim, a denial, an attribution, an
# accusation or a suspicion; a claim or denial that is negated is neither.
_BASIS_WORDS = {
    "claimed": re.compile(
        r"\bclaim(?:ed|s|ing)? (?:responsibility|credit)|\bclaiming that\b|\bclaim of responsibility"
    ),
    "denied": re.compile(r"\bden(?:y|ied|ies|ial)\b"),
    "attributed": re.compile(
        r"\b(?:responsib|link|confirm|blam|attribut|organi[sz]|perpetrat|carried out|behind|involve)"
    ),
    "alleged": re.compile(r"\b(?:alleg|accus|blam|link|co-conspirator|involve)"),
    "suspected": re.compile(r"\b(?:suspect|likely|seems|probabl|believ|hint)"),
}
_NEGATED = re.compile(r"\b(?:no|not|never|nobody|none)\b(?:\s+\S+){0,3}\s*$")
_DENIED = re.compile(r"\b(?:no|not|never|nobody|none|den(?:y|ied|ies))\b(?:\s+\S+){0,3}\s*$")


def _blame_stated(quote: str, value: Blame) -> bool:
    """The group and who blames it in the quote, and a word of the basis in it
    (for an attribution, "an ISIS-K attack" is one too); a word the quote
    negates or denies ("no group has claimed responsibility", "denied any
    involvement") does not count."""
    if not _phrases_in(quote, value.phrases):
        return False
    if not value.basis:
        return True
    text = plain(quote)
    negated = _NEGATED if value.basis == "denied" else _DENIED  # "denied any involvement" attributes nothing
    for found in _BASIS_WORDS[value.basis].finditer(text):
        if not negated.search(text[max(0, found.start() - 40) : found.start()]):
            return True
    return value.basis == "attributed" and says(quote, f"{value.group} attack")


def _place_key(text: str) -> str:
    return plain(text)


@dataclass(frozen=True)
class _Kind:
    read: Callable[[str], object]  # cell text -> value (raises ValueProblem)
    key: Callable[[object], object]  # what two values are compared by
    stated: Callable[[str, object], bool]  # is the value in this quote?


KINDS = {
    "date": _Kind(PartialDate.parse, lambda d: d, _date_stated),
    "end_date": _Kind(PartialDate.parse, lambda d: d, _date_stated),
    "place": _Kind(str.strip, _place_key, lambda q, v: names_place(q, v)),
    "killed": _Kind(Count.parse, lambda c: c, _killed_stated),
    "injured": _Kind(Count.parse, lambda c: c, _injured_stated),
    "perpetrator": _Kind(Blame.read, lambda b: (plain(b.group), b.basis, plain(b.by)), _blame_stated),
}


def value_of(event: Event, field: str):
    """The event's own value for ``field``, as its kind reads it (``None`` if blank)."""
    if field == "date":
        return event.date
    if field == "killed":
        return event.killed
    if field == "injured":
        return event.injured
    if field == "perpetrator":
        return Blame.read(event.perpetrator) if event.perpetrator else None
    if field == "place":
        return event.place or None
    return event.end_date


def _read(kind: _Kind, text: str):
    try:
        return kind.read(text) if text.strip() else None
    except ValueError:
        return None


_QUOTED = Support("quoted")
_CITED = Support("cited")
_UNSUPPORTED = Support("unsupported")
_NONE: dict[str, Support] = {}
# The answers made only of the three constants above, one dict for each
# combination: most events of a big table share a handful (a million dicts
# of their own are a few hundred megabytes). Nobody changes an answer.
_SHARED: dict[tuple, dict[str, Support]] = {}
_ONLY_CITED: dict[tuple, dict[str, Support]] = {}
_CONSTANT_IDS = frozenset(map(id, (_QUOTED, _CITED, _UNSUPPORTED)))


def _values(event: Event) -> tuple:
    """The event's own value for each of ``FIELDS``, as ``value_of`` gives it."""
    blamed = event.perpetrator
    return (
        event.date, event.end_date, event.place or None, event.killed, event.injured,
        Blame.read(blamed) if blamed else None,
    )  # fmt: skip


def support(dataset: Dataset, event: Event) -> dict[str, Support]:
    """The support of each field ``event`` fills in; empty when it has no
    citation. Worked out once per event and kept in ``dataset.supports``
    (events with the same answer may share one dict: never change it)."""
    supports = dataset.supports
    known = supports.get(event.id)
    if known is not None:
        return known
    cited = dataset.citations_for(event.id)
    if not cited:
        return _NONE
    sources = dataset.sources
    for c in cited:
        if c.field or (c.quote and _stored(c, sources)):
            break
    else:
        # Only references, cited for the event as a whole (a database's
        # entries): nothing to check word for word, its values on their word.
        # Which fields are given is all that tells one answer from another.
        given = (
            event.date is None, event.end_date is None, not event.place, event.killed is None,
            event.injured is None, not event.perpetrator,
        )  # fmt: skip
        found = _ONLY_CITED.get(given)
        if found is None:
            found = _ONLY_CITED[given] = {
                field: _CITED for field, value in zip(FIELDS, _values(event), strict=True) if value is not None
            }
        supports[event.id] = found
        return found
    stored = [c for c in cited if c.quote and _stored(c, sources)]
    fields = {c.field for c in cited}
    found: dict[str, Support] = {}
    whole = [c.quote for c in stored if not c.field]
    for field, value in zip(FIELDS, _values(event), strict=True):
        if value is None:
            continue
        quotes = [c.quote for c in stored if c.field == field] if field in fields else None
        quotes = quotes or whole
        stated = KINDS[field].stated
        for quote in quotes:
            if stated(quote, value):
                found[field] = _QUOTED
                break
        else:
            # derived or from a reference only by a citation for this field
            found[field] = _unquoted(field, value, cited, sources) if field in fields else _UNSUPPORTED
    made_of = tuple(map(id, found.values()))
    if _CONSTANT_IDS.issuperset(made_of):
        key = (tuple(found), made_of)
        found = _SHARED.get(key) or _SHARED.setdefault(key, found)
    supports[event.id] = found
    return found


def _unquoted(field: str, value, cited: list[Citation], sources: dict[str, Source]) -> Support:
    """The support of a value no quote states: derived, from a reference, or none."""
    kind = KINDS[field]
    key = kind.key(value)
    for c in cited:
        if c.field == field and c.derived and _key(kind, c.derived) == key:
            return Support("derived", c.note, c)
    for c in cited:
        if c.field == field and not _stored(c, sources) and c.value and _key(kind, c.value) == key:
            return Support("reference", citation=c)
    return _UNSUPPORTED


def _key(kind: _Kind, text: str):
    value = _read(kind, text)
    return None if value is None else kind.key(value)


def _stored(c: Citation, sources: dict[str, Source]) -> bool:
    source = sources.get(c.source_id)
    return source is not None and source.document is not None


def problems(dataset: Dataset) -> list[Problem]:
    """Every value stated with less support than it claims (see the module's doc)."""
    found: list[Problem] = []
    fixes: dict[str, str] = {}  # by field: one text for all its problems (a big table has hundreds of thousands)
    # By answer (each kept alive by dataset.supports; most are shared): the fields it leaves unsupported.
    unsupported: dict[int, tuple[str, ...]] = {}
    path = dataset.events_path
    made = partial(Problem, str(path)) if not hasattr(path, "where") else partial(Problem.at, path)
    message = "is in no quote cited for it and is not marked derived"
    for event in dataset.events:
        answer = support(dataset, event)
        fields = unsupported.get(id(answer))
        if fields is None:
            fields = unsupported[id(answer)] = tuple(f for f, s in answer.items() if s.status == "unsupported")
        for field in fields:
            text = event.perpetrator if field == "perpetrator" else _cell(event, field)
            fix = fixes.get(field)
            if fix is None:
                fix = fixes[field] = (
                    f"cite the sentence that says it ({table_name(dataset.events_path, 'citations')}, field "
                    f"'{field}'), write it in the source's words, or give the worked-out value in "
                    "'derived' with a note saying how"
                )
            found.append(made(event.line, field, text, message, fix))
    found += citation_problems(dataset)
    return found


def _cell(event: Event, field: str) -> str:
    value = value_of(event, field)
    if isinstance(value, PartialDate):
        return value.iso
    if isinstance(value, Count | Blame):
        return value.label
    return str(value)


def citation_problems(dataset: Dataset) -> list[Problem]:
    """Citations whose value, or whose speaker, is not in their own quote; derived values that do not say how."""
    found: list[Problem] = []
    path = dataset.citations_path or "citations.csv"
    for c in dataset.citations:
        stored = _stored(c, dataset.sources)
        if c.derived and not c.note:
            found.append(
                Problem.at(path, c.line, "derived", c.derived, "does not say how it was worked out",
                        "say how in the note column (e.g. 'five years before the article of March 2024')")
            )  # fmt: skip
        if not stored or not c.quote:
            continue
        if c.claimed_by and not names_place(c.quote, c.claimed_by):
            found.append(
                Problem.at(path, c.line, "claimed_by", c.claimed_by, "is not named in the quote",
                        "name who made the statement as the quote does, or leave claimed_by blank")
            )  # fmt: skip
        if not c.value or c.field not in KINDS:
            continue
        kind = KINDS[c.field]
        value = _read(kind, c.value) if c.field not in ("date", "end_date") else None
        in_quote = kind.stated(c.quote, value) if value is not None else says(c.quote, c.value)
        if not in_quote:
            found.append(
                Problem.at(path, c.line, "value", c.value, "is not in the quote in these words",
                        "write the value as the quote words it, and what you worked out from it in "
                        "'derived' with a note saying how")
            )  # fmt: skip
    return found


# ---- the one line each surface states a field in ----------------------------


def _source_name(source: Source | None, fallback: str) -> str:
    return (source.publisher or source.title) if source else fallback


def _who(dataset: Dataset, c: Citation, rtl: bool) -> str:
    """Who gives a citation's value: the source, or who claims it and the source that reports it."""
    name = _source_name(dataset.sources.get(c.source_id), c.source_id)
    if rtl or not name.isascii():
        name = isolate(name, rtl)
    if not c.claimed_by:
        return name
    return _("claimed by {who}, reported by {source}").format(who=isolate(c.claimed_by, rtl), source=name)


def label_of(value) -> str:
    """A value of any field as people read it, in the language in use; the
    table's and the sources' words (a place, a figure's words) isolated where
    their script could reorder ours (bidi.isolate)."""
    return _label(value, current_language().rtl)


def _label(value, rtl: bool) -> str:
    if isinstance(value, PartialDate):
        return value.label
    if isinstance(value, Blame) and value.basis and not value.qualifier:
        return value.label  # our words for the basis, the group and who says so isolated in them
    text = value.label if isinstance(value, Count | Blame) else str(value)
    return text if not rtl and text.isascii() else isolate(text, rtl)


def _marked(text: str, word: str) -> str:
    """``text (derived)``: a value with how it is known."""
    return _("{value} ({how})").format(value=text, how=word)


def _in_all(value: Count) -> str:
    """``at least 164 in all (derived: our sum of 13 and more than 150)``."""
    total = value.total
    assert total is not None
    return _("{total} in all (derived: {how})").format(total=total.label, how=value.total_how)


def _words_of(text: str, rtl: bool) -> str:
    """A source's own words, quoted: ``“late 2014”``."""
    return _("“{words}”").format(words=isolate(text, rtl))


def said(dataset: Dataset, event: Event, field: str, supports: dict[str, Support] | None = None) -> str:
    """``field`` of ``event`` in one line, as every compact surface states it:
    the event's value first, marked when it is ours ("derived") rather than a
    source's; then each other value a source gives, with who said it. An empty
    string when the event has no value and no source gives one."""
    value = value_of(event, field)
    cited = dataset.citations_for(event.id)
    if supports is None:
        supports = support(dataset, event)
    s = supports.get(field)
    valued = False
    for c in cited:  # a loop, not any(): asked for every field of hundreds of thousands of events
        if c.field == field and c.value:
            valued = True
            break
    words = STATUS_WORDS.now()
    rtl = current_language().rtl
    if not valued:
        if s is None or not words.get(s.status):
            if value is None:
                return ""
            if isinstance(value, Count) and value.total is not None:
                return joined((value.label, _in_all(value)), ";")
            return _label(value, rtl)  # the value alone: no source gives another, and it is not ours
        if value is None:
            return ""
        # No source gives a value for it: the event's own, marked, with no key to compare by.
        own = _marked(_label(value, rtl), words[s.status])
        if isinstance(value, Count) and value.total is not None:
            return joined((own, _in_all(value)), ";")
        return own
    kind = KINDS[field]
    own_key = kind.key(value) if value is not None else None
    by_value: dict[object, tuple[str, list[str]]] = {}
    for c in cited:
        if c.field != field or not c.value:
            continue
        if c.derived and own_key is not None and _key(kind, c.derived) == own_key:
            continue  # the source's words, read as the event's value: stated by the "(derived)" mark
        given = _read(kind, c.value)
        if given is None:  # a date in the source's words ("late 2014"), or a value that cannot be read
            key, label = ("words", plain(c.value)), _words_of(c.value, rtl)
        else:
            key, label = kind.key(given), _label(given, rtl)
        label, names = by_value.setdefault(key, (label, []))
        who = _who(dataset, c, rtl)
        if who not in names:
            names.append(who)
    parts: list[str] = []
    if value is not None:
        own = _label(value, rtl)
        names = by_value.pop(own_key, (own, []))[1]
        if names:
            own += f" — {joined(names, ',')}"
        elif s is not None and words.get(s.status):
            own = _marked(own, words[s.status])
        parts.append(own)
        if isinstance(value, Count) and value.total is not None:
            parts.append(_in_all(value))
    for label, names in by_value.values():
        parts.append(f"{label} — {joined(names, ',')}")
    return joined(parts, ";")


def when(dataset: Dataset, event: Event) -> str:
    """The event's date (and end) with how it is known where that is not a
    source's own words, then each source's own words for it where they say
    more: ``Aug 2021 (derived)``; ``2014; “late 2014” — The Epoch Times;
    “2014 or 2015” — Vox``."""
    text = dates_label(event.date, event.end_date)
    found = support(dataset, event)
    status_words = STATUS_WORDS.now()
    marks = dict.fromkeys(
        status_words[s.status] for f in ("date", "end_date") if (s := found.get(f)) and status_words.get(s.status)
    )
    parts = [_marked(text, joined(marks, ",")) if marks else text]
    words: dict[str, list[str]] = {}
    rtl = current_language().rtl
    for c in dataset.citations_for(event.id):
        if c.field in ("date", "end_date") and c.value and not c.derived:
            names = words.setdefault(c.value, [])
            if (who := _who(dataset, c, rtl)) not in names:
                names.append(who)
    parts += [f"{_words_of(value, rtl)} — {joined(names, ',')}" for value, names in words.items()]
    return joined(parts, ";")


_NO_MORE: dict[str, str] = {}


def beyond_labels(dataset: Dataset, event: Event) -> dict[str, str]:
    """What ``when`` and ``said`` state of ``event`` beyond each value's label,
    by field (``when`` for the dates): only the fields where they say more (a
    source's other figure, who claims it, a derived mark, a sum of parts). Most
    events of a big table have none. Worked out once per event and kept in
    ``dataset.statements``."""
    statements = _statements(dataset)
    known = statements.get(event.id)
    if known is not None:
        return known
    found = support(dataset, event)
    more: dict[str, str] = {}
    for s in found.values():  # a loop, not any(): most of a million events are only cited
        if s is not _CITED:
            break
    else:
        statements[event.id] = _NO_MORE  # one empty answer for them all: nobody changes it
        return _NO_MORE
    status_words = STATUS_WORDS.now()
    rtl = current_language().rtl
    marked = {f for f, s in found.items() if status_words.get(s.status)}
    fields = set(marked)
    dated = False
    for c in dataset.citations_for(event.id):
        if c.field and c.value:
            fields.add(c.field)
            if not dated and c.field in ("date", "end_date") and not c.derived:
                dated = True
    fields.update(f for f, count in (("killed", event.killed), ("injured", event.injured)) if count and count.parts)
    if "date" in marked or "end_date" in marked or dated:
        more["when"] = when(dataset, event)
    for field in FIELDS[2:]:  # the dates are stated by ``when``
        if field in fields:
            text = said(dataset, event, field, found)
            value = value_of(event, field)
            if text and text != (_label(value, rtl) if value is not None else ""):
                more[field] = text
    statements[event.id] = more
    return more


def statements(dataset: Dataset) -> dict[str, dict[str, str]]:
    """``dataset.statements`` (``beyond_labels``'s answers, by event id), in the
    language in use: those made in another are dropped (they are words)."""
    return _statements(dataset)


def _statements(dataset: Dataset) -> dict[str, dict[str, str]]:
    language = current_language().code
    if dataset.statements_language != language:
        dataset.statements.clear()
        dataset.statements_language = language
    return dataset.statements


def state_all(dataset: Dataset) -> None:
    """``beyond_labels`` of every event, kept in ``dataset.statements``. A
    build works them out once, before it forks: the pages' data block needs
    them, and so does the embed's hover text, made in the second process,
    which inherits them rather than working them out again."""
    statements = _statements(dataset)
    for event in dataset.events:
        if event.id not in statements:
            beyond_labels(dataset, event)
