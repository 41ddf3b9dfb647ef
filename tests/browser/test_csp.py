"""The pages' content security policy lets only the build's own scripts run,
each named by its hash: a script (or an inline handler) injected into a
built page is refused, and the pages still draw without an error, the
WebGL timeline (from 500 events) included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline.page import script_hashes

from ..conftest import assert_clean

pytestmark = pytest.mark.browser

INJECTED = (
    "<script>window.pwned = 'script';</script>"
    '<img src="data:," onerror="window.pwned = \'handler\'">'
    '<a id="pwn" href="javascript:window.pwned=\'link\'">x</a>'
)


def policy(html: str) -> str:
    return re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html).group(1)


@pytest.mark.parametrize("name", ["index.html", "map.html", "timeline.html"])
def test_the_policy_names_each_script_by_hash_and_nothing_else(shipped_build: Path, name: str) -> None:
    html = (shipped_build / name).read_text(encoding="utf-8")
    rules = dict(rule.split(" ", 1) for rule in policy(html).split("; "))
    assert rules["script-src"].split() == [f"'{h}'" for h in script_hashes(html)]
    assert "'unsafe-inline'" not in rules["script-src"] and "'unsafe-eval'" not in rules["script-src"]
    assert rules["object-src"] == "'none'" and rules["base-uri"] == "'none'" and rules["form-action"] == "'none'"
    assert rules["default-src"] == "'none'"


def inject(page_path: Path, out: Path) -> Path:
    html = page_path.read_text(encoding="utf-8")
    body = re.search(r"<body[^>]*>", html).end()
    out.write_text(html[:body] + INJECTED + html[body:], encoding="utf-8")
    return out


@pytest.mark.parametrize("name", ["index.html", "map.html", "timeline.html"])
def test_a_script_injected_into_a_page_is_refused(shipped_build: Path, open_page, name: str) -> None:
    loaded = open_page(inject(shipped_build / name, shipped_build / f"injected-{name}"))
    page = loaded.page
    page.wait_for_selector("body[data-ready], #timeline-chart[data-ready]")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate("() => document.getElementById('pwn').click()")
    assert page.evaluate("() => window.pwned") is None
    refused = [e for e in loaded.errors if "Content Security Policy" in e]
    assert len(refused) >= 2, loaded.errors  # the script and the handler, each said to be refused
    others = [e for e in loaded.errors if "Content Security Policy" not in e]
    loaded.errors[:] = others
    assert_clean(loaded)


def test_the_webgl_page_draws_and_refuses_an_injected_script(synthetic_builds, open_page, tmp_path: Path) -> None:
    """From 500 events the timeline is drawn with WebGL, which needs eval
    (regl compiles its draw commands); scripts are still allowed by hash only."""
    out, _ = synthetic_builds(600)
    html = (out / "index.html").read_text(encoding="utf-8")
    script_src = dict(rule.split(" ", 1) for rule in policy(html).split("; "))["script-src"]
    assert "'unsafe-eval'" in script_src and "'unsafe-inline'" not in script_src
    clean = open_page(out / "index.html")
    clean.page.wait_for_selector("#timeline-chart[data-ready]")
    assert clean.page.evaluate("() => document.querySelectorAll('#timeline-chart .gl-container canvas').length") > 0
    assert_clean(clean)
    loaded = open_page(inject(out / "index.html", tmp_path / "injected.html"))
    loaded.page.wait_for_selector("#timeline-chart[data-ready]")
    assert loaded.page.evaluate("() => window.pwned") is None
    assert any("Content Security Policy" in e for e in loaded.errors)
