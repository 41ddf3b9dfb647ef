"""`timeline watch` as a reader meets it: started on a small table, the page
open in Chromium with an event selected and a filter set; a save of the table
reloads the page with the new title and the same state; a broken save shows
its problems on the page (the lines the terminal printed) while the last good
pages stay served; the fix takes the banner away; Ctrl-C ends it cleanly.
The server binds 127.0.0.1 only, sends the built files as they are (HTML
pages with the reload script added, nothing else changed), and the page asks
it for nothing but the page and its event stream."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from timeline.watch import EVENTS_PATH, script

from ..conftest import ROOT

pytestmark = pytest.mark.browser

HEADER = "id,date,title,category,place,lat,lon,killed\n"
ROWS = {
    "kabul": "kabul,2021-08-26,Kabul airport bombing,attack,Kabul,34.5658,69.2123,183\n",
    "moscow": "moscow,2024-03-22,Crocus City Hall attack,attack,Krasnogorsk,55.8262,37.3891,145\n",
    "kerman": "kerman,2024-01-03,Kerman bombings,attack,Kerman,30.2839,57.0834,95\n",
}
TIMEOUT = 15


class Watcher:
    """``timeline watch`` in a child process, its output lines collected as they come."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.out: list[str] = []
        self.err: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "timeline", "watch", "events.csv", "--out", "out", "--port", "0"],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # Ctrl-C reaches it as it reaches a command typed in a terminal, even
            # when the tests run in the background (where a shell ignores SIGINT,
            # and a Python started so never turns it into KeyboardInterrupt).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True).start()
        self.url = self.wait_for(self.out, r"Serving (http://127\.0\.0\.1:\d+/)").group(1)

    @staticmethod
    def _collect(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))

    def wait_for(self, lines: list[str], pattern: str, start: int = 0) -> re.Match:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            for line in lines[start:]:
                if found := re.search(pattern, line):
                    return found
            assert self.process.poll() is None, f"watch ended: {self.out} {self.err}"
            time.sleep(0.02)
        raise AssertionError(f"no {pattern!r} in {lines}")


def get(url: str, host: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.fixture(scope="module")
def watching(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("watched")
    (folder / "events.csv").write_text(HEADER + "".join(ROWS.values()), encoding="utf-8")
    watcher = Watcher(folder)
    yield watcher
    if watcher.process.poll() is None:
        watcher.process.kill()
        watcher.process.wait()


def open_served(browser, url: str):
    """The page at ``url``, every request it makes recorded; none may leave 127.0.0.1."""
    # The session's browser sends every request, loopback too, to a proxy where
    # nothing listens (images.QUIET_FLAGS); this page's own go to 127.0.0.1.
    context = browser.new_context(
        viewport={"width": 1280, "height": 720}, proxy={"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"}
    )
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []

    def route(r) -> None:
        requests.append(r.request.url)
        if r.request.url.startswith(url):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    return context, page, requests, errors


def page_ready(page) -> None:
    page.wait_for_function(
        """() => document.getElementById('timeline-chart')?.getAttribute('data-ready') === 'true'
            && document.body.dataset.ready === 'true'
            && document.querySelector('table.events-table tbody tr')""",
        timeout=TIMEOUT * 1000,
    )
    page.evaluate("() => Timeline.state.settled()")


def test_a_save_reloads_the_page_keeping_its_state_and_a_broken_save_shows_its_problems(watching, browser) -> None:
    table = watching.folder / "events.csv"
    context, page, requests, errors = open_served(browser, watching.url)
    try:
        page.goto(watching.url + "index.html")
        page_ready(page)
        page.evaluate("() => Timeline.state.setFilters({q: 'a'})")
        page.evaluate("() => Timeline.state.select('kerman')")
        page.evaluate("() => Timeline.state.settled()")
        hash_before = page.evaluate("() => location.hash")
        assert "event=kerman" in hash_before and "q=a" in hash_before
        page.evaluate("() => { window.notReloaded = true; }")

        # A save: the page reloads itself, with the new title and the same state.
        table.write_text(HEADER + "".join(ROWS.values()).replace("Kerman bombings", "Kerman cemetery bombings"))
        page.wait_for_function("() => !window.notReloaded", timeout=TIMEOUT * 1000)
        page_ready(page)
        assert page.evaluate("() => location.hash") == hash_before
        assert page.evaluate("() => [Timeline.state.selected, Timeline.state.filters.q]") == ["kerman", "a"]
        assert "Kerman cemetery bombings" in page.locator("table.events-table").inner_text()
        good = (watching.folder / "out" / "index.html").read_bytes()

        # A broken save: the problems on the page as in the terminal; the last good pages stay.
        page.evaluate("() => { window.notReloaded = true; }")
        errors_before = len(watching.err)
        broken = HEADER + "".join(ROWS.values()).replace("Kerman bombings", "Kerman cemetery bombings")
        table.write_text(broken.replace("2024-01-03", "2024-13-03"))
        banner = page.locator("#timeline-watch-problems")
        banner.wait_for(timeout=TIMEOUT * 1000)
        watching.wait_for(watching.err, r"problem.* in the input; the last good pages are still served", errors_before)
        printed = watching.err[errors_before:]
        assert any("events.csv:4: column 'date'" in line and "2024-13-03" in line for line in printed), printed
        shown = page.locator("#timeline-watch-problems pre").all_inner_texts()
        assert shown == printed
        assert page.evaluate("() => window.notReloaded") is True
        assert (watching.folder / "out" / "index.html").read_bytes() == good
        build = re.compile(rb'<meta name="timeline-build" content="([0-9a-f]+)">')
        assert build.search(get(watching.url + "index.html")[1]).group(1) == build.search(good).group(1)

        # The fix: the banner goes (the pages are the ones open, so no reload is needed).
        table.write_text(broken)
        banner.wait_for(state="detached", timeout=TIMEOUT * 1000)
        assert page.evaluate("() => [location.hash, Timeline.state.selected]") == [hash_before, "kerman"]

        served = {u.split("?")[0] for u in requests}
        assert served <= {watching.url + "index.html", watching.url.rstrip("/") + EVENTS_PATH}, requests
        assert errors == [], errors
    finally:
        context.close()


def test_the_files_are_served_as_built_with_only_the_reload_script_added(watching) -> None:
    out = watching.folder / "out"
    watching.wait_for(watching.out, r"built out/")
    extra = out / "notes.bin"  # a file of the reader's own in the output folder, kept by builds
    extra.write_bytes(bytes(range(256)) * 3)
    assert get(watching.url + "notes.bin") == (200, extra.read_bytes())
    fragment = out / "embed" / "timeline.html"
    assert get(watching.url + "embed/timeline.html") == (200, fragment.read_bytes())  # no page of its own: as is

    built = (out / "map.html").read_bytes()
    status, served = get(watching.url + "map.html")
    assert status == 200 and served != built
    tag = re.search(rb"<script data-build=\"[0-9a-f]+\" data-events=\"[^\"]+\">\n(.*?)\n</script>", served, re.S)
    assert tag.group(1).decode() == script()
    policy = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
    built_rules = policy.search(built).group(1).decode().split("; ")
    served_rules = policy.search(served).group(1).decode().split("; ")
    added = [rule for rule in served_rules if rule not in built_rules]
    assert len(served_rules) == len(built_rules) + 1 and len(added) == 2, added  # script-src widened, connect-src new
    assert added[1] == f"connect-src {watching.url.rstrip('/')}{EVENTS_PATH}"
    assert added[0].startswith(next(r for r in built_rules if r.startswith("script-src ")) + " 'sha256-")
    # Take the two additions away and the served page is the built file.
    restored = served[: tag.start()] + served[tag.end() :]
    restored = policy.sub(lambda _: policy.search(built).group(0), restored, count=1)
    assert restored == built

    assert get(watching.url + "../events.csv")[0] == 404
    assert get(watching.url + "index.html", host="rebound.example")[0] == 403


def test_it_listens_on_127_0_0_1_only(watching) -> None:
    port = int(watching.url.rsplit(":", 1)[1].strip("/"))
    listening = [
        line.split()[1]
        for name in ("/proc/net/tcp", "/proc/net/tcp6")
        if Path(name).exists()
        for line in Path(name).read_text().splitlines()[1:]
        if line.split()[3] == "0A"  # LISTEN
    ]
    ours = [address for address in listening if int(address.rsplit(":", 1)[1], 16) == port]
    assert ours == ["0100007F:" + f"{port:04X}"]
    refused = subprocess.run(
        [sys.executable, "-m", "timeline", "watch", "--host", "0.0.0.0"], capture_output=True, text=True, cwd=ROOT
    )
    assert refused.returncode == 2 and "No such option" in refused.stderr


def test_ctrl_c_stops_it_cleanly_and_an_open_page_says_so(watching, browser) -> None:
    context, page, _, _ = open_served(browser, watching.url)
    try:
        page.goto(watching.url + "index.html")
        page_ready(page)
        page.wait_for_function("() => document.documentElement.dataset.watch === 'following'")
        watching.process.send_signal(signal.SIGINT)
        assert watching.process.wait(timeout=TIMEOUT) == 0
        time.sleep(0.1)  # the last lines read
        assert not any("Traceback" in line for line in watching.err), watching.err
        assert watching.err[-1] == "stopped"
        note = page.locator("#timeline-watch-stopped")
        note.wait_for(timeout=TIMEOUT * 1000)
        assert "no longer follows saves" in note.inner_text()
        assert page.locator("#timeline-watch-problems").count() == 0
    finally:
        context.close()
