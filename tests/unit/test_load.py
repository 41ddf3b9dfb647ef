"""Reading tables: every problem named by file, line, column and value, with a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.errors import InvalidInputError
from timeline.load import load

HEADER = "id,date,end_date,title,category,place,lat,lon,killed,injured,perpetrator,summary\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path, **kwargs) -> list[str]:
    with pytest.raises(InvalidInputError) as err:
        load(path, **kwargs)
    return [str(p) for p in err.value.problems]


def test_only_id_date_and_title_are_needed(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", "id,date,title\na,2024,First\nb,2024-03-22,Second\n")
    dataset = load(path)
    assert [e.id for e in dataset.events] == ["a", "b"]
    assert dataset.events[0].killed is None  # blank is unknown, never zero
    assert dataset.sources == {} and dataset.citations == []


def test_missing_required_column_names_the_fix(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", "id,title\na,First\n")
    assert problems(path) == [f"{path}:1: column 'date' — is missing from the header; add a column named 'date'"]


def test_misspelt_header_suggests_the_right_name(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", "id,Date,titel\na,2024,First\n")
    assert problems(path) == [
        f"{path}:1: column 'date' — is missing from the header; rename column 'Date' to 'date'",
        f"{path}:1: column 'title' — is missing from the header; rename column 'titel' to 'title'",
    ]


def test_every_bad_cell_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        HEADER
        + "a,2024-02-30,,Bad day,attack,,,,,,,\n"
        + "a,2024,,Same id,attack,,,,,,,\n"
        + ",2024,,No id,attack,,,,,,,\n"
        + "c,2024-05,2024-04,Ends early,attack,,,,,,,\n"
        + 'd,2024,,"Quoted, with comma",attack,,91,100,-3,150-100,,\n',
    )
    assert problems(path) == [
        f"{path}:2: column 'date': value '2024-02-30' — has day 30, but Feb 2024 has 29 days; write YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source (~YYYY when even the year is approximate)",
        f"{path}:3: column 'id': value 'a' — is already used on line 2; give each event its own id",
        f"{path}:4: column 'id': value '' — is empty; give every row an id",
        f"{path}:5: column 'end_date': value '2024-04' — is before the date 2024-05; put the later date in end_date, or clear it",
        f"{path}:6: column 'lat': value '91' — is beyond ±90; write decimal degrees, lat from -90 to 90 and lon from -180 to 180, or leave both blank",
        f"{path}:6: column 'killed': value '-3' — is negative; write the figure as the source words it: 13, 133-145, at least 100 (or 100+), more than 150 (>150), nearly 100, about 100 (~100), up to 50, fewer than 10 (<10), parts joined by ' + ' (13 U.S. service members + more than 150 Afghans), or leave it blank if unknown",
        f"{path}:6: column 'injured': value '150-100' — is a range from 150 down to 100; write it low-high: 100-150",
    ]


def test_line_numbers_count_lines_inside_quoted_cells(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", 'id,date,title,summary\na,2024,First,"two\nlines"\nb,20244,Second,\n')
    assert problems(path) == [
        f"{path}:4: column 'date': value '20244' — is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source (~YYYY when even the year is approximate)"
    ]


def test_line_separators_pasted_into_cells_stay_in_their_cell(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", "id,date,title\na,2024,Para\u2028graph and\u2029more\nb,2024x,Next\n")
    with pytest.raises(InvalidInputError) as err:
        load(path)
    assert [(p.line, p.column) for p in err.value.problems] == [(3, "date")]
    path.write_text("id,date,title\na,2024,Para\u2028graph\n", encoding="utf-8")
    assert load(path).events[0].title == "Para\u2028graph"


def test_categories_ignore_case_and_spacing(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", "id,date,title,category\na,2024,First, Foiled  Plot \nb,2024,Second,riot\n")
    assert [e.category for e in load(path).events] == ["foiled plot", "riot"]


def test_a_utf8_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(b"\xef\xbb\xbfid,date,title\na,2024,First\n")
    assert load(path).events[0].id == "a"


def test_a_windows_1252_file_is_read_and_said(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes("id,date,title\na,2024,Café\n".encode("cp1252"))
    dataset = load(path)
    assert dataset.events[0].title == "Café"
    assert [str(n) for n in dataset.notes] == [
        f"{path} — is not UTF-8; read as Windows-1252 (Excel's usual 'CSV' on Windows); "
        "if accented letters look wrong, name the encoding with --encoding, or save the file as 'CSV UTF-8'"
    ]


def test_a_file_in_no_encoding_we_can_tell_names_the_option(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(b"id,date,title\na,2024,Caf\x81\xe9\n")
    assert problems(path) == [
        f"{path}:2 — is not UTF-8 text; save the file as 'CSV UTF-8', or name its encoding with --encoding"
    ]


def test_citations_are_checked_against_events_sources_and_documents(tmp_path: Path) -> None:
    write(tmp_path, "events.csv", "id,date,title\na,2024,First\n")
    write(tmp_path, "doc.txt", "He said “it’s done” — and left.")
    write(tmp_path, "sources.csv", "id,title,document\ndoc,A document,doc.txt\nweb,A web page,\n")
    citations = write(
        tmp_path,
        "citations.csv",
        "event_id,source_id,field,value,quote,note\n"
        "a,doc,,,He said “it’s done”,\n"  # verbatim: fine
        "a,web,place,Kabul,,\n"  # a reference without a stored copy needs no quote
        "b,doc,,,He said,\n"
        "a,nope,,,x,\n"
        "a,doc,killed,lots,He said,\n"
        'a,doc,,,"He said ""it\'s done""",\n'
        "a,doc,,,,\n"
        "a,doc,weather,,He said,\n",
    )
    doc = tmp_path / "doc.txt"
    assert problems(tmp_path / "events.csv") == [
        f"{citations}:4: column 'event_id': value 'b' — names no event in the events table; use an id from the events table's id column",
        f"{citations}:5: column 'source_id': value 'nope' — names no source in sources.csv; add the source to sources.csv or fix the id",
        f"{citations}:6: column 'value': value 'lots' — is not a count; write the figure as the source words it: 13, 133-145, at least 100 (or 100+), more than 150 (>150), nearly 100, about 100 (~100), up to 50, fewer than 10 (<10), parts joined by ' + ' (13 U.S. service members + more than 150 Afghans), or leave it blank if unknown",
        f"{citations}:7: column 'quote': value 'He said \"it's done\"' — is not in {doc} (it differs only in quote marks, dashes or spacing); copy the words exactly from the document, curly quotes and dashes included",
        f"{citations}:8: column 'quote': value '' — is empty, but doc has a stored document; copy the supporting sentence from {doc}",
        f"{citations}:9: column 'field': value 'weather' — is not a field a citation can support; leave it blank or use one of: date, end_date, place, killed, injured, perpetrator",
    ]


def test_settings_come_from_timeline_toml(tmp_path: Path) -> None:
    write(tmp_path, "events.csv", "id,date,title\na,2024,First\n")
    write(tmp_path, "timeline.toml", 'title = "My briefing"\ndata_as_of = "1 May 2024"\n')
    settings = load(tmp_path / "events.csv").settings
    assert (settings.title, settings.data_as_of) == ("My briefing", "1 May 2024")


def test_unknown_setting_is_named(tmp_path: Path) -> None:
    write(tmp_path, "events.csv", "id,date,title\na,2024,First\n")
    toml = write(tmp_path, "timeline.toml", 'titel = "x"\n')
    assert problems(tmp_path / "events.csv") == [
        f"{toml} — setting 'titel' is not known; use one of: credits, data_as_of, language, subtitle, title"
    ]


def test_a_language_with_no_catalogue_is_named(tmp_path: Path) -> None:
    write(tmp_path, "events.csv", "id,date,title\na,2024,First\n")
    toml = write(tmp_path, "timeline.toml", 'language = "xx"\n')
    assert problems(tmp_path / "events.csv") == [
        f"{toml}: value 'xx' — setting 'language' names a language with no catalogue; "
        "use one of en, fa, ru, or add timeline/locales/xx.po (README: Languages)"
    ]
    write(tmp_path, "timeline.toml", 'language = "fa"\n')
    assert load(tmp_path / "events.csv").settings.language == "fa"


def test_a_named_companion_file_must_exist(tmp_path: Path) -> None:
    events = write(tmp_path, "events.csv", "id,date,title\na,2024,First\n")
    missing = tmp_path / "nowhere.csv"
    assert problems(events, sources_path=missing) == [f"{missing} — file not found; check the path"]


def test_text_cells_guarded_against_spreadsheets_are_read_unguarded(tmp_path: Path) -> None:
    """A cell csvfile.spreadsheet_safe guarded (as the briefing page's Download
    writes it) reads as it was: one leading apostrophe before a formula sign
    comes off; anywhere else an apostrophe stays."""
    path = write(
        tmp_path,
        "events.csv",
        HEADER + "a,2024,,'=1+2,'@attack,'-north,,,,,'+group,''=sum\n" + "b,2024,,'quoted',attack,'Kabul,,,,,,'x\n",
    )
    a, b = load(path).events
    assert (a.title, a.category, a.place, a.perpetrator, a.summary) == ("=1+2", "@attack", "-north", "+group", "'=sum")
    assert (b.title, b.place, b.summary) == ("'quoted'", "'Kabul", "'x")


def test_a_bad_event_row_is_one_problem_not_one_more_for_each_row_naming_it(tmp_path: Path) -> None:
    """The row with a bad date is left out; the citation and the story step that
    name it are not reported again, while one naming no row at all still is."""
    path = write(tmp_path, "events.csv", "id,date,title\na,2024-13,Bad month\nb,2024,Fine\n")
    write(tmp_path, "sources.csv", "id,title\ns,A source\n")
    write(tmp_path, "citations.csv", "event_id,source_id\na,s\nb,s\nz,s\n")
    write(tmp_path, "story.csv", "story,step,event_id,title,text\nt,1,a b,One,Both\nt,2,y,Two,None such\n")
    found = problems(path)
    assert [p.split(" — ")[0] for p in found] == [
        f"{path}:2: column 'date': value '2024-13'",
        f"{tmp_path / 'citations.csv'}:4: column 'event_id': value 'z'",
        f"{tmp_path / 'story.csv'}:3: column 'event_id': value 'y'",
    ]
