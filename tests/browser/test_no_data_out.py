"""No control of a library we embed sends the user's data anywhere: every
button of plotly's toolbar, on every page and in the embed, is clicked with
the network blocked, and nothing is requested (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline import assets

from ..conftest import assert_clean, page_drawn

pytestmark = pytest.mark.browser

BUTTONS = "() => [...document.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('data-title'))"
# What the toolbar may hold: nothing that uploads, shares or opens a remote page.
ALLOWED = {"Download plot as a PNG", "Zoom", "Pan", "Zoom in", "Zoom out", "Reset axes", "Box Select",
           "Lasso Select", "Autoscale"}  # fmt: skip


def click_every_button(page) -> list[str]:
    page.wait_for_selector(".modebar-btn", state="attached")
    titles = page.evaluate(BUTTONS)
    for n in range(len(titles)):
        page.locator("#timeline-chart, .plotly-graph-div").first.hover()
        page.locator(".modebar-btn").nth(n).click()
    return titles


def remote_links(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('.modebar a[href], .js-plotly-plot a[href]')]"
        ".map(a => a.href).filter(h => !h.startsWith('file:') && !h.startsWith('data:') && !h.startsWith('blob:'))"
    )


@pytest.mark.parametrize("name", ["index.html", "timeline.html"])
def test_every_toolbar_button_keeps_the_data_here(shipped_build: Path, open_page, name: str) -> None:
    loaded = open_page(shipped_build / name)
    page = page_drawn(loaded)
    titles = click_every_button(page)
    assert "Download plot as a PNG" in titles
    assert set(titles) <= ALLOWED, titles
    assert remote_links(page) == []
    assert_clean(loaded)  # no request was attempted, nothing logged


@pytest.mark.parametrize("name", ["timeline.html", "timeline-standalone.html"])
def test_the_embeds_offer_nothing_that_sends_data(shipped_build: Path, tmp_path: Path, open_page, name: str) -> None:
    """The fragment in a host page that loads plotly.js, and the standalone page
    (plotly.js of its own): no toolbar at all, plotly told of no server and no
    cloud, no link out; the range buttons clicked, nothing requested."""
    path = shipped_build / "embed" / name
    if name == "timeline.html":
        path = tmp_path / "article.html"
        fragment = (shipped_build / "embed" / name).read_text(encoding="utf-8")
        path.write_text(f"<html><body><script>{assets.plotly_js()}</script>{fragment}</body></html>", encoding="utf-8")
    loaded = open_page(path)
    page = loaded.page
    page.wait_for_selector("#timeline-embed[data-ready]")
    assert page.locator(".modebar, .modebar-btn").count() == 0
    context = page.evaluate(
        """() => { const c = document.getElementById('timeline-embed-plot')._context;
          return [c.displayModeBar, c.displaylogo, c.showSendToCloud, !!c.showEditInChartStudio, c.plotlyServerURL]; }"""
    )
    assert context == [False, False, False, False, ""]
    for label in ("1y", "3y", "all"):
        page.locator("#timeline-embed .rangeselector .button", has_text=label).click()
    assert remote_links(page) == []
    assert_clean(loaded)


@pytest.mark.parametrize("name", ["index.html", "map.html"])
def test_the_map_credits_leaflet_without_a_link_out(shipped_build: Path, open_page, name: str) -> None:
    """Leaflet's credit stays, as words: its link would leave the page for a
    website (offline, an error page where the briefing was)."""
    loaded = open_page(shipped_build / name)
    page = loaded.page
    page.wait_for_selector("body[data-ready]", state="attached")
    corner = page.locator(".leaflet-control-attribution")
    assert "Leaflet" in corner.inner_text()
    links = page.evaluate(
        "() => [...document.querySelectorAll('.leaflet-control-attribution a[href]')].map(a => a.href)"
        ".filter(h => !h.startsWith('file:') && !h.startsWith('data:') && !h.startsWith('blob:'))"
    )
    assert links == []
    assert_clean(loaded)
