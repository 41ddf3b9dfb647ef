"""The embed (issue 17): the fragment in a host page that loads plotly.js,
and the standalone page for an iframe. Its labels are laid out again for the
width it is given (360 to 1200 px) and on a resize: each inside the embed,
none over another; it carries the title, "data as of" and credits; a hover
shows the event's figures with their sources; it adds nothing to the host
page but one object and CSS under its own root; the standalone page opens
from disk and fetches nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline import assets
from timeline.embed import IFRAME_HEIGHT, ROOT_ID

from ..conftest import assert_clean

pytestmark = pytest.mark.browser

# Set by the host page before the fragment: what the window held then.
BEFORE = "<script>window.__hostKeys = Object.keys(window);</script>"


def host_page(shipped_build: Path, tmp_path: Path) -> Path:
    """An article that loads plotly.js (the plotly package's) and holds the fragment between paragraphs."""
    fragment = (shipped_build / "embed" / "timeline.html").read_text(encoding="utf-8")
    host = tmp_path / "article.html"
    host.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>An article</title>"
        "<style>body { margin: 0 auto; font: 18px Georgia, serif; } p { margin: 1em 0; }</style>"
        f"<script>{assets.plotly_js()}</script></head><body><h1>An article</h1><p>Before the chart.</p>"
        f"{BEFORE}{fragment}<p>After the chart.</p></body></html>",
        encoding="utf-8",
    )
    return host


def laid_out(page) -> None:
    """Wait until the embed's labels are laid out for the plot's width now."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => done(true)))")
    page.wait_for_selector(f"#{ROOT_ID}[data-ready]")
    page.wait_for_function(
        """id => { const root = document.getElementById(id), plot = document.getElementById(id + '-plot');
          const full = plot && plot._fullLayout;
          // plotly has followed the plot's width (a resize), and the labels have followed plotly
          return full && Math.abs(full.width - plot.clientWidth) < 1
            && (root.dataset.labelsFor || '').split(' ')[0] === String(Math.round(full.xaxis._length)); }""",
        arg=ROOT_ID,
    )
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))")


# Every label drawn: the plot's annotations (event and era labels), the lanes'
# names and the axis's dates, the title, "data as of" and credits.
BOXES = """id => {
  const root = document.getElementById(id);
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const labels = [...root.querySelectorAll('.annotation-text-g')].map(g => ({text: g.textContent, kind: 'annotation', box: box(g)}));
  const ticks = [...root.querySelectorAll('.ytick text, .xtick text')].map(t => ({text: t.textContent, kind: 'tick', box: box(t)}));
  const texts = [...root.querySelectorAll(':scope > p')].map(p => ({text: p.textContent, kind: p.className, box: box(p)}));
  const drawn = l => l.box.right > l.box.left && l.box.bottom > l.box.top;  // not hidden by plotly
  return {root: box(root), labels: labels.filter(drawn), others: ticks.concat(texts).filter(drawn)};
}"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and a["top"] < b["bottom"] - 0.5
        and b["top"] < a["bottom"] - 0.5
    )


def inside(a: dict, outer: dict) -> bool:
    return (
        a["left"] >= outer["left"] - 0.5
        and a["right"] <= outer["right"] + 0.5
        and a["top"] >= outer["top"] - 0.5
        and a["bottom"] <= outer["bottom"] + 0.5
    )


def check_labels(page, width: int) -> list[str]:
    """Every label inside the embed, no two annotations over each other; the annotations' texts."""
    found = page.evaluate(BOXES, ROOT_ID)
    root = found["root"]
    assert root["right"] - root["left"] <= width + 0.5
    for label in found["labels"] + found["others"]:
        assert inside(label["box"], root), f"at {width} px, {label['text']!r} is cut: {label['box']} outside {root}"
    labels = found["labels"]
    for n, a in enumerate(labels):
        for b in labels[n + 1 :]:
            assert not overlap(a["box"], b["box"]), f"at {width} px, {a['text']!r} lies over {b['text']!r}"
    return [label["text"] for label in labels]


def attack_labels(shipped) -> set[str]:
    """The attacks' label texts as the figure names them (chart.label_text), and their places alone."""
    from timeline.chart import label_text

    whole = {label_text(e) for e in shipped.dataset.events if e.category == "attack"}
    return whole | {text.split(" · ")[0] for text in whole}


@pytest.mark.parametrize("width", [360, 768, 1200])
def test_the_labels_fit_the_width_the_embed_is_given(shipped_build, shipped, tmp_path, open_page, width) -> None:
    loaded = open_page(host_page(shipped_build, tmp_path), width=width, height=900)
    laid_out(loaded.page)
    texts = check_labels(loaded.page, width)
    shown = set(texts) & attack_labels(shipped)
    # Fewer labels where there is less room, never none; at 1200 px every attack's whole label.
    assert len(shown) >= (2 if width < 768 else 4), texts
    if width == 1200:
        assert any(" · " in t for t in shown), texts
    assert_clean(loaded)


def test_a_resize_lays_the_labels_out_again(shipped_build, tmp_path, open_page) -> None:
    loaded = open_page(host_page(shipped_build, tmp_path), width=1200, height=900)
    page = loaded.page
    laid_out(page)
    wide = check_labels(page, 1200)
    page.set_viewport_size({"width": 360, "height": 900})
    laid_out(page)
    narrow = check_labels(page, 360)
    assert narrow != wide  # laid out again: shorter texts, fewer labels
    page.set_viewport_size({"width": 1200, "height": 900})
    laid_out(page)
    assert check_labels(page, 1200) == wide
    assert_clean(loaded)


def test_title_as_of_and_credits_are_text_in_the_embed(shipped_build, shipped, tmp_path, open_page) -> None:
    loaded = open_page(host_page(shipped_build, tmp_path), width=768)
    page = loaded.page
    laid_out(page)
    settings = shipped.dataset.settings
    assert settings.title and settings.data_as_of and settings.credits
    text = page.evaluate("id => document.getElementById(id).innerText", ROOT_ID)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[0] == settings.title
    assert lines[1] == f"Data as of {settings.data_as_of}"
    assert lines[-1] == settings.credits


def test_the_embed_keeps_to_itself(shipped_build, tmp_path, open_page) -> None:
    """One object on the host's window, every CSS rule under the embed's root."""
    loaded = open_page(host_page(shipped_build, tmp_path), width=768)
    page = loaded.page
    laid_out(page)
    added = page.evaluate("() => Object.keys(window).filter(k => k !== '__hostKeys' && !window.__hostKeys.includes(k))")
    assert added == ["TimelineEmbed"]
    selectors = page.evaluate(
        """id => [...document.styleSheets].filter(s => s.ownerNode && document.getElementById(id).contains(s.ownerNode))
          .flatMap(s => [...s.cssRules].map(r => r.selectorText))""",
        ROOT_ID,
    )
    assert len(selectors) > 5
    for selector in selectors:
        for part in selector.split(","):
            assert part.strip().startswith(f"#{ROOT_ID}"), selector
    # The host's own paragraphs keep their looks.
    assert page.evaluate("() => getComputedStyle(document.querySelector('body > p')).fontFamily").startswith("Georgia")


def hover_event(page, index: int) -> str:
    """Move the pointer onto the marker of the event at ``index`` in the table; the card's text."""
    at = page.evaluate(
        """([id, index]) => { const plot = document.getElementById(id + '-plot');
          const full = plot._fullLayout, box = plot.getBoundingClientRect();
          for (const t of plot._fullData) {
            if (!t.meta || t.meta.role !== 'events') continue;
            const k = Array.from(t.customdata).indexOf(index);
            if (k < 0) continue;
            return [box.left + full.xaxis._offset + full.xaxis.l2p(t.x[k]), box.top + full.yaxis._offset + full.yaxis.l2p(t.y[k])];
          }
          return null; }""",
        [ROOT_ID, index],
    )
    assert at is not None, f"no marker for event {index}"
    page.mouse.move(at[0], at[1] - 60)
    page.mouse.move(at[0], at[1], steps=4)
    card = page.locator(f"#{ROOT_ID} .timeline-embed-card[data-event-index='{index}']")
    card.wait_for(state="visible")
    return card.inner_text()


# At 360 px Crocus City Hall's marker lies under Kerman's (two months apart): Kerman's is on top.
@pytest.mark.parametrize(("width", "event_id"), [(360, "kerman-2024"), (1200, "crocus-city-hall-2024")])
def test_hover_shows_the_sources_figures(shipped_build, shipped, tmp_path, open_page, width, event_id) -> None:
    dataset = shipped.dataset
    index = next(n for n, e in enumerate(dataset.events) if e.id == event_id)
    event = dataset.events[index]
    cited = [c for c in dataset.citations if c.event_id == event.id and c.field in ("killed", "injured") and c.value]
    assert "killed" in {c.field for c in cited}
    loaded = open_page(host_page(shipped_build, tmp_path), width=width, height=900)
    page = loaded.page
    laid_out(page)
    text = hover_event(page, index)
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0] == event.title
    assert event.date.label in lines[1]
    for c in cited:
        line = next(line for line in lines if line.startswith("Killed:" if c.field == "killed" else "Injured:"))
        publisher = dataset.sources[c.source_id].publisher
        assert c.value in line and publisher in line, (c, line)
        if not c.claimed_by:
            assert f"{c.value} — {publisher}" in line
    # The card stays inside the embed, wrapped to its width.
    card = page.locator(f"#{ROOT_ID} .timeline-embed-card").bounding_box()
    root = page.locator(f"#{ROOT_ID}").bounding_box()
    assert root["x"] - 0.5 <= card["x"] and card["x"] + card["width"] <= root["x"] + root["width"] + 0.5
    assert_clean(loaded)


@pytest.mark.parametrize("width", [360, 1200])
def test_the_standalone_page_opens_from_disk_and_fetches_nothing(shipped_build, open_page, width) -> None:
    standalone = shipped_build / "embed" / "timeline-standalone.html"
    loaded = open_page(standalone, width=width, height=IFRAME_HEIGHT)
    page = loaded.page
    laid_out(page)
    check_labels(page, width)
    assert page.evaluate("() => typeof Plotly") == "object"  # its own plotly.js
    policy = page.evaluate("() => document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    assert (
        "default-src 'none'" in policy
        and "script-src 'sha256-" in policy
        and "unsafe-inline" not in policy.split(";")[1]
    )
    # The iframe tag's height holds it whole at the narrowest width.
    assert page.evaluate("() => document.documentElement.scrollHeight") <= IFRAME_HEIGHT
    assert page.locator(".modebar, a[href]").count() == 0  # nothing to share or upload, no link out
    assert_clean(loaded)
    iframe = (shipped_build / "embed" / "timeline-iframe.html").read_text(encoding="utf-8")
    assert '<iframe src="timeline-standalone.html"' in iframe and f"height:{IFRAME_HEIGHT}px" in iframe


def test_without_plotly_the_fragment_says_what_it_needs(shipped_build, tmp_path, open_page) -> None:
    fragment = (shipped_build / "embed" / "timeline.html").read_text(encoding="utf-8")
    host = tmp_path / "bare.html"
    host.write_text(f"<!DOCTYPE html><html><body>{fragment}</body></html>", encoding="utf-8")
    loaded = open_page(host, width=768)
    note = loaded.page.locator(f"#{ROOT_ID} .timeline-embed-missing")
    assert note.inner_text() == "This timeline needs plotly.js on the page: load it before this fragment."
    assert_clean(loaded)
