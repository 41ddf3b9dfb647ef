"""Shared fixtures: the repository's paths, a build of the shipped table, and a
headless Chromium whose pages may load nothing but file: and data: URLs."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHIPPED = SEEDS / "events.csv"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped table built once, into a temporary folder."""
    from timeline import build

    out = tmp_path_factory.mktemp("shipped")
    build(SHIPPED, out)
    return out


def chromium_path() -> str | None:
    return shutil.which(os.environ.get("CHROMIUM", "chromium")) or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped table built once with --images: pages, pictures, alt text and deck."""
    from click.testing import CliRunner

    from timeline.cli import main

    if chromium_path() is None:
        message = "Chromium not found: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("pictures")
    result = CliRunner().invoke(main, ["build", str(SHIPPED), "--out", str(out), "--images"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system (Debian's package), driven by Playwright.

    Skipped when Chromium is missing, except under CI=true, where that fails."""
    path = chromium_path()
    if path is None:
        message = "Chromium not found: apt-get install chromium, or set CHROMIUM=/path/to/chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    from timeline.images import PLAYWRIGHT_FLAGS

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-gpu", *PLAYWRIGHT_FLAGS],
        )
        yield browser
        browser.close()


@dataclass
class Loaded:
    """A page opened from disk, with what it tried to fetch and what it logged."""

    page: object
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser):
    """``open_page(path, width, height, fragment)``: load a file (with ``#fragment``
    if given) in a fresh context where every request other than file: and data:
    is aborted and recorded."""
    contexts = []

    def open_(
        path: Path, width: int = 1280, height: int = 720, fragment: str = "", *, before: str | None = None
    ) -> Loaded:
        context = browser.new_context(viewport={"width": width, "height": height})
        # A page of 100,000 events takes minutes, not seconds, to open on a small machine.
        context.set_default_navigation_timeout(300_000)
        if before:  # a script run before the page's own, e.g. to take away a browser feature
            context.add_init_script(before)
        contexts.append(context)
        page = context.new_page()
        loaded = Loaded(page)

        def route(r) -> None:
            url = r.request.url
            if url.startswith(("file:", "data:", "blob:")):
                r.continue_()
            else:
                loaded.blocked.append(url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: m.type in ("error", "warning") and loaded.errors.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: loaded.errors.append(f"pageerror: {e}"))
        page.goto(path.resolve().as_uri() + (f"#{fragment}" if fragment else ""))
        page.wait_for_load_state("load")
        return loaded

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def synthetic_builds(tmp_path_factory: pytest.TempPathFactory):
    """``synthetic_builds(n)``: a table of n synthetic events (scripts/synthetic.py,
    seed 1), built once per session; returns (output folder, prepared table)."""
    import subprocess
    import sys

    from timeline import build

    built = {}

    def get(n: int):
        if n not in built:
            folder = tmp_path_factory.mktemp(f"synthetic{n}")
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "synthetic.py"), str(n), "--out", str(folder)],
                check=True,
                capture_output=True,
            )
            report = build(folder / "events.csv", folder / "out")
            built[n] = (folder / "out", report.prepared)
        return built[n]

    return get
