"""The shipped table built in each shipped language, from the command line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import catalogue, language
from timeline.datablock import decode

from ..conftest import SHIPPED

TIMELINE = [sys.executable, "-m", "timeline"]


@pytest.fixture(scope="module", params=["ru", "fa"])
def built(request, tmp_path_factory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp(f"built-{request.param}")
    done = subprocess.run(
        [*TIMELINE, "build", str(SHIPPED), "--out", str(out), "--language", request.param],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return request.param, out


def test_the_page_says_its_language_and_direction(built) -> None:
    code, out = built
    html = (out / "index.html").read_text(encoding="utf-8")
    direction = ' dir="rtl"' if code == "fa" else ""
    assert f'<html lang="{code}"{direction}>' in html
    # The headings are the catalogue's words for them.
    words = {m.id: m.string for m in catalogue.read(code) if m.id}
    assert f'<h2 id="map-heading">{words["Map"]}</h2>' in html


def test_the_page_carries_every_word_its_scripts_ask_for(built) -> None:
    code, out = built
    html = (out / "index.html").read_text(encoding="utf-8")
    wanted = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue.read(code)
        if m.id and any("/static/" in path for path, _ in m.locations)
    }
    assert wanted, "no script asks for a word"
    match = re.search(r'<script type="application/json" id="timeline-words">(.*?)</script>', html)
    assert match, "no #timeline-words in the page"
    import json

    assert set(json.loads(match.group(1))) == wanted


def test_dates_are_in_the_languages_words_and_digits(built) -> None:
    code, out = built
    block = decode((out / "index.html").read_text(encoding="utf-8"))
    # Each date the table gives, as written there and as people read it.
    shown = {d[0]: d[1] for d in block["dates"]}
    month = language.load(code).month_names("abbreviated")[7]  # August, standing alone
    kabul = shown["2021-08"]  # the Kabul airport bombing: the articles give the month
    assert month.rstrip(".").lower() in kabul.lower()
    assert ("۲۰۲۱" in kabul) if code == "fa" else ("2021" in kabul)
    assert not any(c.isdigit() and c.isascii() for c in kabul) if code == "fa" else True
    assert shown["2014"] == ("۲۰۱۴" if code == "fa" else "2014")


def test_a_language_with_no_catalogue_is_refused_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [*TIMELINE, "build", str(SHIPPED), "--out", str(tmp_path / "out"), "--language", "xx"],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "'xx' has no catalogue; use one of en, fa, ru" in done.stderr.splitlines()[-1]
    assert not (tmp_path / "out").exists()


def test_a_build_leaves_the_language_it_found(tmp_path: Path) -> None:
    from timeline import build

    build(SHIPPED, tmp_path, language="fa")
    assert language.current().code == "en"
