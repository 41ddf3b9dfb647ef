"""Every figure, date and perpetrator a surface states is the source's claim in
its words, or is marked derived.

The checker here reads the sources straight from seeds/ with the csv module,
not through timeline.claims: it is a second, independent reading of what the
quotes say, applied to what each surface actually shows (the data block, the
card and the table in the browser, the embed's hover, the alt text and the
deck)."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline import claims
from timeline.cli import main
from timeline.load import load
from timeline.present import decode, event_records
from timeline.values import Count

from .conftest import SEEDS, SHIPPED

MONTHS = dict(
    Jan="January", Feb="February", Mar="March", Apr="April", May="May", Jun="June",
    Jul="July", Aug="August", Sep="September", Oct="October", Nov="November", Dec="December",
)  # fmt: skip
QUALIFIED = r"(?:at least|more than|over|nearly|almost|about|around|up to|fewer than)"


def _plain(text: str) -> str:
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))
    return " ".join(re.sub(r"(?<=\d),(?=\d{3})", "", text).split()).casefold()


class Quotes:
    """The quotes of stored documents cited for each event, read from a seeds folder."""

    def __init__(self, folder: Path):
        with (folder / "sources.csv").open(encoding="utf-8", newline="") as f:
            stored = {row["id"] for row in csv.DictReader(f) if row["document"]}
        self.by_event: dict[str, list[str]] = {}
        with (folder / "citations.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["source_id"] in stored and row["quote"]:
                    self.by_event.setdefault(row["event_id"], []).append(_plain(row["quote"]))

    def say(self, event_id: str, phrase: str) -> bool:
        pattern = rf"(?<!\w){re.escape(_plain(phrase))}(?!\w)"
        return any(re.search(pattern, q) for q in self.by_event.get(event_id, []))

    def unbacked(self, event_id: str, field: str, text: str) -> list[str]:
        """The parts of ``text`` (one surface's statement of ``field``) that
        are neither marked derived nor in the words of a quote cited for the event."""
        bad = []
        for entry in filter(None, (e.strip() for e in text.split("; "))):
            if "derived" in entry or entry in ("unknown", ""):
                continue
            value = entry.split(" — ")[0].strip()
            if not self._backed(event_id, field, value):
                bad.append(entry)
        return bad

    def _backed(self, event_id: str, field: str, value: str) -> bool:
        if field in ("killed", "injured"):
            parts = re.split(rf" and (?={QUALIFIED}?\s*\d)", value)
            return all(self.say(event_id, part) for part in parts)
        if field == "perpetrator":
            match = re.fullmatch(r"(.*?)(?: \((claimed|attributed|alleged|suspected|denied)(?: by (.*))?\))?", value)
            assert match, value
            group, basis, by = match.groups()
            if not self.say(event_id, group) or (by and not self.say(event_id, by)):
                return False
            return basis != "claimed" or any("claim" in q for q in self.by_event.get(event_id, []))
        if field == "date":
            return all(self._date_said(event_id, side) for side in value.split(" – "))
        raise AssertionError(field)

    def _date_said(self, event_id: str, label: str) -> bool:
        match = re.fullmatch(r"(?:(\d+) )?(?:([A-Z][a-z]{2}) )?(\d{4})", label)
        if not match:  # "about 2019": a guess at the year is never a source's words
            return False
        day, month, year = match.groups()
        if not month:
            return self.say(event_id, year)
        name = MONTHS[month]
        if not day:
            return self.say(event_id, f"{name} {year}")
        return self.say(event_id, f"{name} {day}, {year}") or self.say(event_id, f"{day} {name} {year}")


FIELDS = ("date", "killed", "injured", "perpetrator")


def statements_in_block(index_html: str) -> dict[str, dict[str, str]]:
    """What the data block states of each event's date, figures and perpetrator."""
    block = decode(index_html)
    dates, counts = block["dates"], block["counts"]
    found = {}
    for ev in event_records(block):
        said = ev["said"] or {}
        date = dates[ev["date"]][1] + (f" – {dates[ev['end_date']][1]}" if ev["end_date"] >= 0 else "")
        found[ev["id"]] = {
            "date": said.get("when", date),
            "killed": said.get("killed", counts[ev["killed"]][0] if ev["killed"] >= 0 else ""),
            "injured": said.get("injured", counts[ev["injured"]][0] if ev["injured"] >= 0 else ""),
            "perpetrator": said.get("perpetrator", ev["perpetrator"]),
        }
    return found


def check_all(quotes: Quotes, surface: str, statements: dict[str, dict[str, str]]) -> list[str]:
    return [
        f"{surface}: {event_id} {field}: {entry}"
        for event_id, fields in statements.items()
        for field, text in fields.items()
        for entry in quotes.unbacked(event_id, field, text)
    ]


# ---- the shipped table, on every surface -------------------------------------


def test_the_data_block_states_only_what_the_sources_say(shipped_build: Path) -> None:
    quotes = Quotes(SEEDS)
    statements = statements_in_block((shipped_build / "index.html").read_text(encoding="utf-8"))
    assert len(statements) == len(load(SHIPPED).events)
    assert check_all(quotes, "data block", statements) == []


def test_the_card_and_table_state_only_what_the_sources_say(shipped_build: Path, open_page) -> None:
    """In the browser: each event's card (as the map popup and the timeline's
    hover show it) and its row of the table."""
    loaded = open_page(shipped_build / "index.html")
    page = loaded.page
    page.wait_for_selector(".events-table tbody tr[data-event-id]")
    cards = page.evaluate(
        """() => { const T = window.Timeline, data = T.data(), out = {};
          data.events.forEach(ev => {
            const card = T.card(ev, data), rows = {};
            card.querySelectorAll('dt').forEach(dt => {
              const dd = dt.nextElementSibling;
              rows[dt.textContent] = {
                value: dd.firstChild.textContent,
                derived: !!dd.querySelector(':scope > details.derived, :scope > span > .total'),
                how: [...dd.querySelectorAll('details.derived .how')].map(n => n.textContent),
                sources: [...dd.querySelectorAll('.attributions li')].map(li => li.textContent),
              };
            });
            out[ev.id] = rows;
          });
          return out; }"""
    )
    table = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.events-table tbody tr[data-event-id]')]
             .map(tr => [tr.dataset.eventId, [...tr.cells].map(td => td.innerText)]))"""
    )
    quotes = Quotes(SEEDS)
    names = {"date": "Date", "killed": "Killed", "injured": "Injured", "perpetrator": "Perpetrator"}
    from_cards, from_sources = {}, []
    for event_id, rows in cards.items():
        from_cards[event_id] = {}
        for field, name in names.items():
            row = rows[name]
            assert all(row["how"]), f"{event_id} {field}: a derived mark without how"
            from_cards[event_id][field] = row["value"] + (" (derived)" if row["derived"] else "")
            for item in row["sources"]:
                said = re.match(r"“(.*)” — ", item)  # a source's value, in its words
                if said and field != "date" and not quotes._backed(event_id, field, said.group(1)):
                    from_sources.append(f"card: {event_id} {field}: {item}")
    assert check_all(quotes, "card", from_cards) == []
    assert from_sources == []
    assert set(table) == set(cards)  # every event has its row (the table draws rows in view: 23 fit)
    columns = page.evaluate("() => [...document.querySelectorAll('.events-table thead th')].map(th => th.innerText)")
    at = {name: next(i for i, c in enumerate(columns) if c.startswith(name)) for name in ("Date", "Killed", "Injured")}
    at["Perpetrator"] = next(i for i, c in enumerate(columns) if c.startswith("Perpetrator"))
    from_table = {event_id: {field: cells[at[names[field]]] for field in FIELDS} for event_id, cells in table.items()}
    assert check_all(quotes, "table", from_table) == []


def _hovers(embed: str) -> dict[str, dict[str, str]]:
    """The embed's hover texts by event title: {"date": ..., "killed": ..., ...}."""
    found = {}
    for array in re.findall(r'"hovertext":(\[.*?\])(?=,")', embed):
        for text in json.loads(array):
            lines = html.unescape(text).split("<br>")
            title = re.sub(r"</?b>", "", lines[0])
            fields = {"date": lines[1].rsplit(" · ", 1)[0]}
            for line in lines[2:]:
                name, _, value = line.partition(": ")
                fields[name.lower()] = value
            found[title] = fields
    return found


def test_the_embed_hover_states_only_what_the_sources_say(shipped_build: Path) -> None:
    hovers = _hovers((shipped_build / "embed" / "timeline.html").read_text(encoding="utf-8"))
    events = load(SHIPPED).events
    by_title = {e.title: e.id for e in events}
    assert set(hovers) == set(by_title)
    statements = {by_title[title]: fields for title, fields in hovers.items()}
    assert check_all(Quotes(SEEDS), "embed hover", statements) == []
    crocus = statements["crocus-city-hall-2024"]
    assert crocus["killed"] == "at least 133 — The Epoch Times; at least 139 — Vox; at least 140 — Vox"
    assert crocus["injured"] == "more than 100 — claimed by ISIS, reported by Vox"


def test_the_alt_text_and_deck_state_only_what_the_sources_say(pictures: Path) -> None:
    from pptx import Presentation

    quotes = Quotes(SEEDS)
    events = load(SHIPPED).events
    by_title = {e.title: e.id for e in events}
    alt = (pictures / "images.md").read_text(encoding="utf-8")
    from_alt = {}
    for title, event_id in by_title.items():  # "TITLE (WHEN, PLACE; killed: FIGURES)" for the deadliest
        for when, killed in re.findall(rf"{re.escape(title)} \((.*?), [^;]*; killed: (.*?)\)(?:, | and |\.)", alt):
            from_alt[event_id] = {"date": when, "killed": killed}
    assert {"kabul-airport-2021", "crocus-city-hall-2024", "kerman-2024"} <= set(from_alt)
    assert check_all(quotes, "alt text", from_alt) == []

    deck = Presentation(str(pictures / "briefing.pptx"))
    from_deck = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                for row in list(shape.table.rows)[1:]:
                    when, title, _place, deaths, perpetrator = (cell.text for cell in row.cells)
                    event_id = by_title[title.rsplit(" [", 1)[0]]
                    from_deck[event_id] = {"date": when, "killed": deaths, "perpetrator": perpetrator}
    assert set(from_deck) == set(by_title.values())
    assert check_all(quotes, "deck", from_deck) == []


# ---- the checker can fail: the defects of the old table ------------------------


def _copy_of_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _restore_kabul_164(folder: Path) -> None:
    """The old table's Kabul figure: our sum, as if The Epoch Times had said it."""
    _edit(folder / "events.csv", ",13 U.S. service members + more than 150 Afghans,", ",164+,")
    _edit(folder / "citations.csv", "killed,13 U.S. service members + more than 150 Afghans,", "killed,164+,")


def test_validate_strict_passes_the_shipped_table_and_refuses_kabul_164(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["validate", "--strict", str(SHIPPED)]).exit_code == 0
    folder = _copy_of_seeds(tmp_path)
    _restore_kabul_164(folder)
    result = runner.invoke(main, ["validate", "--strict", str(folder / "events.csv")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{folder / 'citations.csv'}:13: column 'value': value '164+' — is not in the quote in these words; "
        "write the value as the quote words it, and what you worked out from it in 'derived' with a note saying how",
        f"{folder / 'events.csv'}:10: column 'killed': value 'at least 164' — is in no quote cited for it and is "
        "not marked derived; cite the sentence that says it (citations.csv, field 'killed'), write it in the "
        "source's words, or give the worked-out value in 'derived' with a note saying how",
    ]
    # Without --strict it still builds, and says so.
    result = runner.invoke(main, ["validate", str(folder / "events.csv")])
    assert result.exit_code == 0 and result.stderr.count("warning: ") == 2


def test_the_checker_finds_the_old_tables_defects_on_the_surfaces(tmp_path: Path) -> None:
    """Kabul's 164 credited to The Epoch Times, Kerman's "nearly" made "about", a
    derived date shown as the source's: each is found on the page's data block."""
    folder = _copy_of_seeds(tmp_path)
    _restore_kabul_164(folder)
    _edit(folder / "events.csv", ",nearly 100,", ",~100,")
    _edit(folder / "citations.csv", "killed,nearly 100,", "killed,~100,")
    _edit(folder / "citations.csv", "date,five years ago,,~2019,", "date,five years ago,,,")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder / "events.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    statements = statements_in_block((out / "index.html").read_text(encoding="utf-8"))
    found = check_all(Quotes(folder), "data block", statements)
    assert found == [
        "data block: isis-territorial-defeat date: about 2019 (no source gives this)",
        "data block: kabul-airport-2021 killed: at least 164 — The Epoch Times",
        "data block: kerman-2024 killed: about 100 — The Epoch Times",
    ]


# ---- the rules, on small tables ----------------------------------------------


def _table(tmp_path: Path, events: str, citations: str, places: str = "") -> Path:
    (tmp_path / "events.csv").write_text(
        "id,date,title,category,place,killed,injured,perpetrator\n" + events, encoding="utf-8"
    )
    (tmp_path / "doc.txt").write_text(
        "On 3 May 2023 nearly 40 people were killed in Xtown, officials said. "
        "The Front claimed responsibility. The ministry blamed the Union. A week later, a second blast followed.",
        encoding="utf-8",
    )
    (tmp_path / "sources.csv").write_text(
        "id,title,publisher,document\nd,Report,The Paper,doc.txt\nr,Atlas,Reference Works,\n", encoding="utf-8"
    )
    (tmp_path / "citations.csv").write_text(
        "event_id,source_id,field,value,claimed_by,derived,quote,note\n" + citations, encoding="utf-8"
    )
    if places:
        (tmp_path / "places.csv").write_text("query,lat,lon,precision,provider,resolved_name,note,country\n" + places)
    return tmp_path / "events.csv"


QUOTE = "On 3 May 2023 nearly 40 people were killed in Xtown, officials said."


def test_each_kind_of_support(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "a,2023-05-03,A,attack,Xtown,nearly 40,,The Front (claimed)\n"
        "b,2023-05-10,B,attack,Ytown,~40,,The Union (alleged by the ministry)\n",
        f'a,d,,,,,"{QUOTE}",\n'
        "a,d,perpetrator,The Front (claimed),,,The Front claimed responsibility.,\n"
        'b,d,date,A week later,,2023-05-10,"A week later, a second blast followed.",A week after 3 May 2023.\n'
        "b,r,place,Ytown,,,,\n"
        "b,d,perpetrator,The Union (alleged by the ministry),,,The ministry blamed the Union.,\n",
    )
    dataset = load(path)
    a, b = dataset.events
    status = {e.id: {f: s.status for f, s in claims.support(dataset, e).items()} for e in (a, b)}
    assert status["a"] == {"date": "quoted", "place": "quoted", "killed": "quoted", "perpetrator": "quoted"}
    # "about 40" is not "nearly 40"; a place from a reference; a date we worked out, with how.
    assert status["b"] == {"date": "derived", "place": "reference", "killed": "unsupported", "perpetrator": "quoted"}
    assert claims.support(dataset, b)["date"].how == "A week after 3 May 2023."
    assert [(p.line, p.column, p.message) for p in dataset.warnings] == [
        (3, "killed", "is in no quote cited for it and is not marked derived")
    ]


def test_a_figure_claimed_by_one_and_reported_by_another(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "a,2023-05-03,A,attack,Xtown,nearly 40,,\n",
        f'a,d,killed,nearly 40,officials,,"{QUOTE}",\n',
    )
    dataset = load(path)
    assert (
        claims.said(dataset, dataset.events[0], "killed") == "nearly 40 — claimed by officials, reported by The Paper"
    )
    assert dataset.warnings == []


def test_citations_that_overstate_are_warned_of(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "a,2023-05-03,A,atack,Xtown,nearly 40,,The Front (according to the Paper)\n",
        f'a,d,killed,40,,,"{QUOTE}",\n'
        f'a,d,killed,nearly 40,the army,,"{QUOTE}",\n'
        f'a,d,date,3 May,,2023-05-03,"{QUOTE}",\n',
    )
    messages = sorted((p.column, p.message) for p in load(path).warnings)
    assert messages == [
        ("category", "is not a category (did you mean 'attack'?)"),
        ("claimed_by", "is not named in the quote"),
        ("derived", "does not say how it was worked out"),
        ("perpetrator", "has '(according to the Paper)', which is not a basis for blame"),
        ("perpetrator", "is in no quote cited for it and is not marked derived"),
        ("value", "is not in the quote in these words"),  # "40" where the quote says "nearly 40"
    ]


def test_a_compound_figure_is_kept_as_its_parts_and_its_sum_is_ours() -> None:
    count = Count.parse("13 U.S. service members + more than 150 Afghans")
    assert count.label == "13 U.S. service members and more than 150 Afghans"
    assert [p.label for p in count.parts] == ["13 U.S. service members", "more than 150 Afghans"]
    assert (count.total.label, count.total_how) == ("at least 164", "our sum of 13 and more than 150")
    assert Count.parse("13 soldiers + nearly 100 civilians").total is None  # "nearly" has no floor to add


def test_a_place_spanning_countries_is_not_drawn_but_found_by_country(tmp_path: Path, open_page) -> None:
    path = _table(
        tmp_path,
        "a,2023,A,warning,Italy and France,,,\nb,2023,B,warning,Rome,,,\n",
        "",
        "Italy and France,,,,manual,Italy and France,No one point stands for two countries.,IT FR\n",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 on the map, 0 with no place given, 1 spanning several countries (not drawn), 0 not placed" in (
        result.stdout
    )
    page = open_page(out / "index.html").page
    page.wait_for_selector(".events-table tbody tr[data-event-id]")
    shown = page.evaluate("() => Timeline.map.current.shown()")
    assert "a" not in str(shown)
    page.evaluate("() => Timeline.state.setFilters({country: ['FR']}, 'test')")
    page.wait_for_function("() => document.querySelectorAll('.events-table tbody tr[data-event-id]').length === 1")
    row = page.locator(".events-table tbody tr[data-event-id]").first
    assert row.get_attribute("data-event-id") == "a"
    assert "not on the map" in row.inner_text()
    card = page.evaluate(
        "() => { const d = Timeline.data(); return Timeline.card(d.events[d.byId.a], d).textContent; }"
    )
    assert "Not on the map: it spans Italy and France, and no one point stands for it" in card


@pytest.mark.parametrize(
    ("text", "label", "low", "high"),
    [
        ("nearly 100", "nearly 100", 99, 99),
        ("almost 1,200", "almost 1,200", 1199, 1199),
        ("around 100", "around 100", 100, 100),
        ("up to 50", "up to 50", 50, 50),
        ("<10", "fewer than 10", 9, 9),
        ("over 100 people", "over 100 people", 101, None),
    ],
)
def test_figures_keep_the_source_s_word(text: str, label: str, low: int, high: int | None) -> None:
    count = Count.parse(text)
    assert (count.label, count.low, count.high) == (label, low, high)
