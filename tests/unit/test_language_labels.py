"""The labels the Python side writes for the pages (the data block, the
plotly figure) in the reader's language, with the table's text isolated for
the bidirectional algorithm where it stands among our words.

Expected words are read from the shipped catalogues (timeline/locales/*.po),
never written here; digits and country names are facts known apart from
the code (Persian digits are U+06F0..U+06F9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline import bidi, catalogue, chart, claims, datablock, language, prepare
from timeline.values import Blame, Count

DATA = Path(__file__).resolve().parents[1] / "data"
MIXED = DATA / "mixed-script" / "events.csv"
SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "events.csv"
ISOLATES = (bidi.FSI, bidi.PDI, "\u2066", "\u2067")
PERSIAN_DIGITS = str.maketrans({str(d): chr(0x06F0 + d) for d in range(10)})


def words(code: str) -> dict[str, str]:
    """The catalogue's translation of each message (a plural's: its first form)."""
    found = {}
    for m in catalogue.read(code):
        if m.id:
            key = m.id[0] if isinstance(m.id, tuple) else m.id
            found[key] = m.string[0] if isinstance(m.string, tuple) else m.string
    return found


def plain(text: str) -> str:
    """Text without any isolate (FSI, LRI, RLI, PDI)."""
    for c in ISOLATES:
        text = text.replace(c, "")
    return text


@pytest.fixture(autouse=True)
def english_after():
    yield
    language.use("en")


@pytest.fixture(scope="module")
def mixed():
    return prepare(MIXED)


@pytest.fixture(scope="module")
def made(mixed):
    """The mixed-script table's data block and figures in each shipped language."""
    out = {}
    try:
        for code in ("en", "ru", "fa"):
            language.use(code)
            out[code] = {
                "block": datablock.data_block(mixed.dataset, mixed.placements),
                "page": chart.build_figure(mixed.dataset, points=False),
                "embed": chart.build_figure(mixed.dataset, hover=True),
            }
    finally:
        language.use("en")
    return out


def labels(figure: dict) -> dict[str, str]:
    """The figure's event labels, by event id."""
    return {a["name"]: a["text"] for a in figure["layout"]["annotations"] if not a["name"].startswith("era:")}


@pytest.mark.parametrize("code", ["ru", "fa"])
def test_the_blocks_words_come_from_the_catalogue(made, code):
    english, block, said = made["en"]["block"], made[code]["block"], words(code)
    assert [c["label"] for c in block["categories"]] == [said[c["label"]] for c in english["categories"]]
    assert [c["description"] for c in block["categories"]] == [said[c["description"]] for c in english["categories"]]
    assert block["precisions"] == {k: said[v] for k, v in english["precisions"].items()}
    assert block["support_words"] == {k: said[v] for k, v in english["support_words"].items()}
    sizes = [s["label"] for s in block["sizes"]]
    assert sizes[0] == said["unknown"]
    assert sizes[1:] == (["۱۰", "۱۰۰"] if code == "fa" else ["10", "100"])
    names = {c["code"]: c["name"] for c in block["countries"]}
    assert names["AF"] == {"ru": "Афганистан", "fa": "افغانستان"}[code]
    assert names["RU"] == {"ru": "Россия", "fa": "روسیه"}[code]
    # the table's own text is never translated
    english_events = datablock.event_records(english)
    for n, e in enumerate(datablock.event_records(block)):
        assert (e["title"], e["place"], e["summary"]) == (
            english_events[n]["title"],
            english_events[n]["place"],
            english_events[n]["summary"],
        )


def test_english_words_and_no_isolates_in_an_all_english_table(tmp_path):
    table = tmp_path / "events.csv"
    table.write_text(
        "id,date,title,category,place,killed,perpetrator\n"
        "a,2021-08-26,Kabul airport bombing,attack,Kabul,13 U.S. service members + more than 150 Afghans,"
        "ISIS-K (attributed by the White House)\n"
        'b,2022-09,Embassy bombing,attack,"Kabul, Afghanistan",,ISIS-K (claimed)\n'
        "c,~2019,Founding,context,,,\n",
        encoding="utf-8",
    )
    prepared = prepare(table)
    block = datablock.data_block(prepared.dataset, prepared.placements)
    figures = [chart.build_figure(prepared.dataset, points=False), chart.build_figure(prepared.dataset, hover=True)]
    text = json.dumps([block, figures], ensure_ascii=False)
    assert not any(c in text for c in ISOLATES)
    assert [c["label"] for c in block["categories"]] == ["Attack", "Context"]
    assert [s["label"] for s in block["sizes"]] == ["unknown", "10", "100"]
    assert "perpetrator_labels" not in block  # the cells are shown as written
    # The same table in Persian: a cell's basis in the catalogue's words, the names as written.
    said = words("fa")
    language.use("fa")
    persian = datablock.data_block(prepared.dataset, prepared.placements)["perpetrator_labels"]
    assert {cell: plain(label) for cell, label in persian.items()} == {
        "ISIS-K (attributed by the White House)": said["{group} (attributed by {by})"].format(
            group="ISIS-K", by="the White House"
        ),
        "ISIS-K (claimed)": said["{group} (claimed)"].format(group="ISIS-K"),
    }


def test_the_kabul_label_keeps_the_place_before_the_date(made):
    """The issue's label, "26 · کابل Aug 2021": the Persian place is isolated, so
    nothing outside it reads right to left and the date keeps its order."""
    for code in ("en", "ru"):
        for figure in (made[code]["page"], made[code]["embed"]):
            label = labels(figure)["kabul-airport"]
            assert label.startswith(f"{bidi.FSI}کابل{bidi.PDI} · ")
            outside = label.split(bidi.PDI, 1)[1]
            assert not bidi.has_rtl(outside)
            assert outside.endswith(made[code]["block"]["dates"][0][1])  # the date as the block gives it
            # a place in the line's own direction needs no isolate
            assert labels(figure)["crocus"].startswith("Красногорск · ")


def test_persian_labels_read_right_to_left_with_latin_places_isolated(made):
    kabul_date = "۲۶"  # 26 in Persian digits: the day of the Kabul row
    found = labels(made["fa"]["page"])
    # Between place and date the catalogue's mark, not a middle dot: beside
    # Persian digits a middle dot reads as their zero (۰).
    between = {m.id: m.string for m in catalogue.read("fa") if m.id}[" · "].rstrip()
    assert "·" not in between
    for event_id, place in (("russian-embassy", "Kabul"), ("crocus", "Красногорск")):
        label = found[event_id]
        assert label.startswith("\u2067") and label.endswith(bidi.PDI)  # right to left as a whole
        assert f"{bidi.FSI}{place}{bidi.PDI}{between} " in label
    assert plain(found["kabul-airport"]).startswith(f"کابل{between} ")
    assert kabul_date in found["kabul-airport"]
    assert bidi.FSI not in found["kabul-airport"]  # Persian in a Persian line needs no isolate


@pytest.mark.parametrize("code", ["ru", "fa"])
def test_hover_lines_and_names_in_the_language(made, code):
    said = words(code)
    hovers = [h for t in made[code]["embed"]["data"] for h in t.get("hovertext") or ()]
    killed = said["Killed: {killed}"].format(killed=said["unknown"])
    assert hovers and all(killed in plain(h) for h in hovers)
    names = {t["name"] for t in made[code]["embed"]["data"]}
    assert said["Attack"] in names
    assert plain(said["{category} spans"].format(category=said["Attack"])) in {plain(n) for n in names}
    assert [plain(t) for t in made[code]["page"]["layout"]["yaxis"]["ticktext"]] == [said["Attack"]]


@pytest.mark.parametrize("code", ["ru", "fa"])
def test_our_sum_in_our_words_and_the_readers_digits(code):
    said = words(code)
    count = Count.parse("13 U.S. service members + more than 150 Afghans")
    language.use(code)
    number = "۱۶۴" if code == "fa" else "164"
    assert count.total.label == said["at least {number}"].format(number=number)
    how = plain(count.total_how)
    assert how == said["our sum of {figures}"].format(figures=f"13 {said['and']} more than 150")
    assert count.label == "13 U.S. service members and more than 150 Afghans"  # the source's words stay
    language.use("en")
    assert count.total.label == "at least 164"


@pytest.mark.parametrize("code", ["ru", "fa"])
def test_blame_basis_in_our_words_names_as_written(code):
    said = words(code)
    blame = Blame.read("ISIS-K (attributed by the White House)")
    language.use(code)
    label = blame.label
    assert plain(label) == said["{group} (attributed by {by})"].format(group="ISIS-K", by="the White House")
    if code == "fa":
        assert f"{bidi.FSI}ISIS-K{bidi.PDI}" in label and f"{bidi.FSI}the White House{bidi.PDI}" in label
    else:
        assert bidi.FSI not in label
    language.use("en")
    assert blame.label == "ISIS-K (attributed by the White House)"


def test_statements_follow_the_language_of_each_build():
    """What claims.said states is kept per table; a table built again in
    another language states it in that one."""
    dataset = prepare(SEEDS).dataset
    event = next(e for e in dataset.events if e.id == "kabul-airport-2021")
    made = {}
    for code in ("en", "fa", "ru", "en"):
        language.use(code)
        claims.state_all(dataset)
        made.setdefault(code, []).append(claims.statements(dataset)[event.id])
    assert made["en"][0] == made["en"][1]
    for code in ("fa", "ru"):
        said = words(code)
        text = plain(" ".join(made[code][0].values()))
        assert said["derived"] in text
        assert said["{group} (attributed by {by})"].format(group="ISIS-K", by="the White House") in text
        assert "derived" not in text
    assert "(derived)" in " ".join(made["en"][0].values())
