"""The scripts a page runs, found by ``str.find`` (page._run_scripts), are
those the regular expression it replaced finds, on tricky text and on pages."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from timeline.page import _run_scripts, script_hashes

REFERENCE = re.compile(r'<script(?: type="text/javascript")?>(.*?)</script>', re.DOTALL)
PIECES = st.sampled_from(
    [
        "<script>",
        '<script type="text/javascript">',
        '<script type="application/json">',
        "<script",
        "</script>",
        "</scrip",
        "<scripts>",
        "x",
        "\n",
        "é",
    ]
)


@given(st.lists(PIECES, max_size=30).map("".join))
def test_the_scripts_found_are_those_the_regular_expression_finds(html: str) -> None:
    assert list(_run_scripts(html)) == REFERENCE.findall(html)


def test_a_page_names_each_script_once_in_order() -> None:
    html = (
        '<head><script>a()</script><script type="application/json">{}</script></head>'
        '<body><script type="text/javascript">b()</script><script>a()</script><script>c()'
    )
    assert list(_run_scripts(html)) == ["a()", "b()", "a()"]
    assert len(script_hashes(html)) == 2
