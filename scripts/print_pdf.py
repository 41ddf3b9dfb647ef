"""Print a built briefing page to PDF as a browser would, with its print stylesheet.

Opens the page from disk in headless Chromium (Debian's package) with every
request other than file:, data: and blob: (the page's own worker) refused,
and the browser itself started so that it contacts nothing
(timeline.images.PLAYWRIGHT_FLAGS); waits for the map, the timeline and the
table; lays the page out for print as the browser's own Print does (the
page's 'beforeprint': the map framed on the events that pass the filters,
the filters spelled out, a selected event's card beside the map, the
timeline at the printed width); and prints it, landscape, on A4 or Letter.
With --story, it prints the story a page per step (the step's title and
text, the map framed on it with its events ringed, their rows of the table)
into one PDF.

To look at the pages: pdftoppm -r 60 -png briefing.pdf page   (poppler-utils).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: `timeline` is importable
    sys.path.insert(0, str(ROOT))

from timeline.images import LABELS_FITTED, PAGE_DRAWN, PLAYWRIGHT_FLAGS  # noqa: E402

PAPERS = {"a4": "A4", "letter": "Letter"}

# The page has drawn every view (the map, the timeline, the table): what the
# picture browser waits for too; then for LABELS_FITTED (timeline.images).
# As functions: Playwright polls a bare expression with eval, which the
# pages' policy refuses (and the timeline is drawn after the page's load).
DRAWN = "() => " + PAGE_DRAWN
FITTED = "() => " + LABELS_FITTED

FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def fragment(select: str | None = None, filters: str | None = None, story: tuple[str, int] | None = None) -> str:
    """The URL fragment (state.js's hash) for ``filters`` ("category=attack&from=2022-01-01"),
    a selected event id, and a story's step (its id, and the step from 1)."""
    drop = ("event=", "story=", "step=")
    parts = [p for p in (filters or "").lstrip("#").split("&") if p and not p.startswith(drop)]
    if story:
        parts += [f"story={story[0]}", f"step={story[1]}"]
    if select:
        parts.append(f"event={select}")
    return "&".join(parts)


def prepare(
    page, page_path: Path, select: str | None = None, filters: str | None = None, story: tuple[str, int] | None = None
) -> None:
    """Open ``page_path`` in ``page`` with the filters, selection and story step
    given, and lay it out for print, as the browser does on Print (emulated
    print media, then the page's own 'beforeprint' work, waited for)."""
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "blob:")) else r.abort())
    hash_ = fragment(select, filters, story)
    page.goto(page_path.resolve().as_uri() + (f"#{hash_}" if hash_ else ""))
    page.wait_for_function(DRAWN, timeout=120_000)
    page.evaluate("() => Timeline.state.settled()")
    if not page.evaluate("() => !!(window.Timeline && Timeline.print)"):
        raise SystemExit(f"error: {page_path} is not a briefing page (index.html); rebuild it with `timeline build`")
    if select and page.evaluate("(id) => Timeline.data().byId[id] === undefined", select):
        raise SystemExit(f"error: no event with id {select!r} in {page_path}; use an id from the events table")
    page.emulate_media(media="print")
    page.evaluate("() => Timeline.print.before()")
    page.wait_for_function(FITTED)
    page.evaluate("() => Timeline.state.settled()")
    page.evaluate(FRAMES)


def restep(page, hash_: str, step: int) -> None:
    """Take the page printed by ``prepare`` to another URL fragment, there at
    story step ``step`` (from 1), and lay it out for print again, as a reader
    who prints, follows a link and prints again would."""
    page.evaluate("() => Timeline.print.after()")
    page.emulate_media(media="screen")
    page.evaluate("(hash) => { window.location.hash = hash; }", hash_)
    page.wait_for_function(
        "(at) => { const now = Timeline.state.step(); return !!now && now.at === at; }", arg=step - 1
    )
    page.evaluate("() => Timeline.state.settled()")
    page.emulate_media(media="print")
    page.evaluate("() => Timeline.print.before()")
    page.wait_for_function(FITTED)
    page.evaluate("() => Timeline.state.settled()")
    page.evaluate(FRAMES)


def write_pdf(page, out: Path, paper: str = "a4") -> Path:
    """Print the prepared ``page`` to ``out``: landscape on ``paper`` (a4 or letter)."""
    page.pdf(path=str(out), format=PAPERS[paper], landscape=True, print_background=True)
    return out


def launch(playwright):
    chromium = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    if chromium is None:
        raise SystemExit("error: Chromium not found; apt-get install chromium, or set CHROMIUM=/path/to/chromium")
    return playwright.chromium.launch(
        executable_path=chromium, args=["--no-sandbox", "--disable-gpu", *PLAYWRIGHT_FLAGS]
    )


def print_pdf(
    page_path: Path,
    out: Path,
    paper: str = "a4",
    select: str | None = None,
    filters: str | None = None,
    *,
    browser=None,
) -> Path:
    """Print the briefing page ``page_path`` to the PDF ``out``. ``browser``: a
    Playwright browser to use (one is started and closed if not given)."""
    if paper not in PAPERS:
        raise SystemExit(f"error: paper {paper!r}: use one of {', '.join(PAPERS)}")
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = launch(p)
            try:
                return print_pdf(page_path, out, paper, select, filters, browser=own)
            finally:
                own.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        prepare(page, page_path, select, filters)
        return write_pdf(page, out, paper)
    finally:
        context.close()


def print_story(
    page_path: Path, out: Path, story: str, paper: str = "a4", filters: str | None = None, *, browser=None
) -> Path:
    """Print story ``story`` of the briefing page ``page_path``, a page per
    step (each as the page prints in that step: its text, the map framed on
    it, its events' rows), into the one PDF ``out``; written whole or not at all."""
    from pypdf import PdfWriter

    if paper not in PAPERS:
        raise SystemExit(f"error: paper {paper!r}: use one of {', '.join(PAPERS)}")
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = launch(p)
            try:
                return print_story(page_path, out, story, paper, filters, browser=own)
            finally:
                own.close()
    writer = PdfWriter()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        prepare(page, page_path, None, filters, (story, 1))
        steps = page.evaluate(
            "(id) => { const s = (Timeline.data().stories || []).find(s => s.id === id); return s ? s.steps.length : 0; }",
            story,
        )
        if not steps:
            known = page.evaluate("() => (Timeline.data().stories || []).map(s => s.id)")
            raise SystemExit(
                f"error: no story {story!r} in {page_path}; "
                + (f"use one of: {', '.join(known)}" if known else "the table has no story.csv")
            )
        for step in range(1, steps + 1):
            if step > 1:  # the page loaded once: back to the screen, on to the step's URL, laid out for print again
                restep(page, fragment(None, filters, (story, step)), step)
            writer.append(io.BytesIO(page.pdf(format=PAPERS[paper], landscape=True, print_background=True)))
    finally:
        context.close()
    staged = out.with_name(f".{out.name}.part")
    with staged.open("wb") as f:
        writer.write(f)
    staged.replace(out)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="scripts/print_pdf.py",
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1].strip(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "page",
        nargs="?",
        type=Path,
        default=ROOT / "output" / "index.html",
        help="the built briefing page (default: output/index.html)",
    )
    parser.add_argument(
        "out", nargs="?", type=Path, default=Path("briefing.pdf"), help="the PDF to write (default: briefing.pdf)"
    )
    parser.add_argument(
        "--paper", choices=sorted(PAPERS), default="a4", help="paper size, printed landscape (default: a4)"
    )
    parser.add_argument(
        "--select", metavar="EVENT_ID", help="print this event's card beside the map, its marker ringed"
    )
    parser.add_argument(
        "--filters",
        metavar="URL-HASH",
        help="the filters as in the page's address after #, e.g. 'category=attack&from=2022-01-01&q=kabul'",
    )
    parser.add_argument(
        "--story",
        metavar="NAME",
        help="print this story (story.csv's story column, e.g. isis-k) a page per step instead",
    )
    args = parser.parse_args(argv)
    if not args.page.is_file():
        parser.error(f"{args.page} not found: build it first (timeline build), or name the page to print")
    if args.story and args.select:
        parser.error("--story prints each step's events; leave out --select")
    if args.story:
        print_story(args.page, args.out, args.story, args.paper, args.filters)
    else:
        print_pdf(args.page, args.out, args.paper, args.select, args.filters)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
