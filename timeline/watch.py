"""``timeline watch``: build, serve the pages on 127.0.0.1, rebuild on every
save, and have the open page follow.

The build is ``pipeline.build``, run again in this same process (everything
already imported) whenever an input is saved: the table and its companion
files beside it (and any given by option), found by ``watchfiles`` in their
folders, a burst of saves (an editor's temporary file, then the rename)
taken as one. Each build is the usual transaction, so the output folder
always holds the last good build; a failed one changes nothing there.

The server (``http.server`` in threads, bound to 127.0.0.1 only) sends the
built files as they are on disk, byte for byte, with one exception: into an
HTML page it adds ``static/watch.js`` (with the build it was served from)
just before ``</body>``, and the two things that script needs to the page's
own policy, as the policy is a ``<meta>`` element that a header cannot widen:
the script's hash in ``script-src``, and the one address it listens on in
``connect-src`` (``/__timeline/events``, Server-Sent Events). Nothing else
of the policy changes, and the files on disk never do. The script reloads the
page (same URL, so the state in its hash is kept) after a good build that
changed the pages, and shows a failed build's problems (the lines printed in
the terminal) in a banner.
"""

from __future__ import annotations

import base64
import errno
import functools
import hashlib
import html
import json
import mimetypes
import os
import re
import signal
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import assets, pipeline, stamp
from .errors import InvalidInputError, TimelineError, counted, printable, problem_lines
from .load import COMPANIONS
from .project import TABLE_NAMES

HOST = "127.0.0.1"  # the only address served: nothing here is for other machines
DEFAULT_PORT = 8000  # taken: any free port, said; a port asked for and taken is an error
EVENTS_PATH = "/__timeline/events"
# The files a table's build reads beside it (``load``): a save of any of them rebuilds.
STEP_MS = 50  # quiet this long after a save: the burst is over, build
DEBOUNCE_MS = 1600  # saves that never stop are built this often
KEEPALIVE = 15.0  # seconds between comments on a quiet event stream (a closed tab is noticed)

_CSP_META = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@dataclass(frozen=True)
class Status:
    """What the pages should know: the build served (its id; blank before the
    first good one), whether the last build went well, and if not, its problems."""

    build: str = ""
    ok: bool = True
    lines: tuple[str, ...] = ()

    def event(self) -> bytes:
        data = json.dumps({"build": self.build, "ok": self.ok, "lines": list(self.lines)}, ensure_ascii=True)
        return f"event: build\ndata: {data}\n\n".encode("ascii")


def script() -> str:
    """The reload script, as served."""
    return assets.own("watch.js")


@functools.cache
def script_hash() -> str:
    digest = hashlib.sha256(f"\n{script()}\n".encode()).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inject(page: bytes, build: str, origin: str) -> bytes:
    """``page`` (a built HTML page) as served: the reload script added before
    ``</body>`` and allowed by the page's policy; unchanged if the page has no
    policy or no body (an embed fragment). Done on the bytes: decoding and
    encoding the 5 MB of a page would take ten times as long."""
    meta = _CSP_META.search(page)
    end = page.rfind(b"</body>")
    if meta is None or end < meta.end():
        return page
    rules = [rule.strip() for rule in meta.group(1).decode("utf-8").split(";") if rule.strip()]
    events = f"{origin}{EVENTS_PATH}"
    added_script = added_connect = False
    for i, rule in enumerate(rules):
        name = rule.split(" ", 1)[0]
        if name == "script-src":
            rules[i], added_script = f"{rule} {script_hash()}", True
        elif name == "connect-src":
            rules[i], added_connect = f"{rule} {events}", True
    if not added_script:
        rules.append(f"script-src {script_hash()}")
    if not added_connect:
        rules.append(f"connect-src {events}")
    tag = f'<script data-build="{html.escape(build)}" data-events="{EVENTS_PATH}">\n{script()}\n</script>'
    policy = "; ".join(rules).encode("utf-8")
    return b"".join([page[: meta.start(1)], policy, page[meta.end(1) : end], tag.encode("utf-8"), page[end:]])


# Served for a page while no build has succeeded yet: the reload script shows why.
NO_PAGES = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
    "<title>No pages yet — timeline watch</title>\n</head>\n<body>\n"
    '<p style="font: 15px system-ui, sans-serif; margin: 8em 2em">No pages built yet. '
    "When the table builds, this page reloads itself.</p>\n</body>\n</html>\n"
).encode()


class Server(ThreadingHTTPServer):
    """The output folder served on 127.0.0.1, and the pages' event stream."""

    daemon_threads = True

    def __init__(self, out: Path, port: int):
        self.out = Path(out)
        self.status = Status()
        self.changed = threading.Condition()
        self.stopping = False
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise TimelineError(
                    f"port {port} on {HOST} is in use; choose another with --port (--port 0: any free port)"
                ) from None
            raise TimelineError(f"cannot serve on {HOST}:{port} ({err.strerror}); choose another --port") from None
        self.thread: threading.Thread | None = None

    def server_bind(self) -> None:
        # HTTPServer's own looks the host's name up (getfqdn): slow, and not needed.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address) -> None:
        """A page closed while it was being sent is nothing to report; anything else is."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> None:
        self.thread = threading.Thread(target=self.serve_forever, name="timeline-watch-server", daemon=True)
        self.thread.start()

    def publish(self, status: Status) -> None:
        with self.changed:
            self.status = status
            self.changed.notify_all()

    def next_status(self, sent: Status | None) -> tuple[Status, bool]:
        """The status once it is not ``sent`` (or KEEPALIVE has passed), and whether the server is stopping."""
        with self.changed:
            self.changed.wait_for(lambda: self.status is not sent or self.stopping, timeout=KEEPALIVE)
            return self.status, self.stopping

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
        if self.thread is not None:
            self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = "timeline-watch"
    sys_version = ""

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal is for builds and their problems

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _origin(self) -> str | None:
        """The page's origin, if the request was addressed to this server by
        its own name: anything else (another site's name pointed at
        127.0.0.1) is refused."""
        host = self.headers.get("Host", "")
        if host in (f"{HOST}:{self.server.port}", f"localhost:{self.server.port}"):
            return f"http://{host}"
        return None

    def _answer(self, *, body: bool) -> None:
        origin = self._origin()
        if origin is None:
            self.send_error(HTTPStatus.FORBIDDEN, "Address this server as 127.0.0.1")
            return
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS_PATH:
            self._events()
            return
        file = self._file(path)
        status = self.server.status
        data = None
        if file is not None:
            try:
                data = file.read_bytes()
            except OSError:  # gone between the look and the read: a build put another in its place
                data = None
        kind = mimetypes.guess_type(path if file is None else file.name)[0] or "application/octet-stream"
        code = HTTPStatus.OK
        if data is None:
            if not (path.endswith((".html", "/")) and not status.build):
                self.send_error(HTTPStatus.NOT_FOUND, "Not in the output folder")
                return
            data, kind, code = NO_PAGES, "text/html", HTTPStatus.SERVICE_UNAVAILABLE
        if kind == "text/html":
            # The build the page is from, as it says (a build may have been put in place since the status was read).
            data = inject(data, stamp.read_id("page.html", data) or status.build, origin)
            kind = "text/html; charset=utf-8"
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _file(self, path: str) -> Path | None:
        """The file of the output folder that ``path`` names (``/`` is
        ``index.html``), or None: nothing outside it, nothing hidden."""
        parts = [p for p in path.split("/") if p]
        if path.endswith("/"):
            parts.append("index.html")
        if any(p.startswith(".") or "\\" in p or "\0" in p for p in parts):
            return None
        file = self.server.out.joinpath(*parts)
        return file if file.is_file() else None

    def _events(self) -> None:
        """The build events: the status now, then each change of it."""
        server = self.server
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sent = None
        while True:
            status, stopping = server.next_status(sent)
            if stopping:
                return
            try:
                if status is sent:
                    self.wfile.write(b": waiting for a save\n\n")
                else:
                    self.wfile.write(status.event())
                    sent = status
                self.wfile.flush()
            except OSError:  # the page went away
                return


def failed_lines(err: TimelineError, *, served: bool) -> list[str]:
    """A failed build's lines, as ``timeline build`` prints them; ``served``:
    pages of an earlier build are there."""
    kept = "the last good pages are still served" if served else "no pages yet"
    if not isinstance(err, InvalidInputError):
        return [f"{printable(str(err))}; {kept}"]
    return problem_lines(err.problems, kept)


def inputs_of(table: Path, paths: dict) -> set[Path]:
    """The files whose saving rebuilds: the table (any a project folder may
    hold, when ``table`` is one), its companions beside it, and those given by option."""
    table = Path(table).absolute()
    if table.is_dir():
        found = {*(table / name for name in TABLE_NAMES), *(table / name for name in COMPANIONS)}
    else:
        found = {table, *(table.parent / name for name in COMPANIONS)}
    found.update(Path(p).absolute() for p in paths.values() if isinstance(p, (str, os.PathLike)))
    return found


def fingerprint(files: Iterable[Path]) -> dict[Path, tuple | None]:
    """What each file is now (None: not there): a save changes it."""
    seen: dict[Path, tuple | None] = {}
    for file in files:
        try:
            s = os.stat(file)
            seen[file] = (s.st_ino, s.st_size, s.st_mtime_ns)
        except OSError:
            seen[file] = None
    return seen


@dataclass
class Watch:
    """A table built into ``out`` and served, rebuilt on every save."""

    table: Path
    out: Path
    port: int | None = None  # None: DEFAULT_PORT, or any free one if it is taken
    options: dict = field(default_factory=dict)  # for pipeline.build: strict, images, the inputs' paths and options
    say: Callable[[str], None] = print
    complain: Callable[[str], None] = print

    def __post_init__(self) -> None:
        self.inputs = inputs_of(self.table, self.options)
        self.server: Server | None = None

    def open(self) -> Server:
        """Take the port (before building: a port in use is said at once)."""
        if self.port is None:
            try:
                self.server = Server(self.out, DEFAULT_PORT)
            except TimelineError:
                self.server = Server(self.out, 0)
                self.say(f"port {DEFAULT_PORT} is in use; serving on {self.server.port} instead")
        else:
            self.server = Server(self.out, self.port)
        return self.server

    def build(self) -> None:
        """Build until the inputs stay as they were read (a save during a build builds again)."""
        while True:
            before = fingerprint(self.inputs)
            self.build_once()
            if fingerprint(self.inputs) == before:
                return

    def build_once(self) -> None:
        assert self.server is not None
        clock = time.strftime("%H:%M:%S")
        started = time.perf_counter()
        try:
            report = pipeline.build(self.table, self.out, **self.options)
        except TimelineError as err:
            lines = failed_lines(err, served=bool(self.server.status.build))
            for line in lines:
                self.complain(line)
            self.server.publish(Status(self.server.status.build, ok=False, lines=tuple(lines)))
            return
        self.server.publish(Status(report.build_id))
        seconds = time.perf_counter() - started
        notes = len(report.warnings) + len(report.reviews)
        self.say(
            f"{clock} built {printable(str(self.out))}/ from {printable(str(self.table))} in {seconds:.2f} s: "
            + counted(report.events, "event")
            + (f", {counted(notes, 'warning')} (`timeline validate` lists them)" if notes else "")
        )

    def folders(self) -> list[Path]:
        return sorted({file.parent for file in self.inputs})

    def changed(self, _change, path: str) -> bool:
        return Path(path).absolute() in self.inputs

    def run(self, stop: threading.Event | None = None) -> None:
        """Build, serve, and build again on every save, until ``stop`` is set
        or Ctrl-C (KeyboardInterrupt, left to the caller)."""
        import watchfiles

        folder = Path(self.table).parent
        if not folder.is_dir():
            raise TimelineError(
                f"{printable(str(self.table))}: the folder {printable(str(folder))} does not exist; "
                "give the path of an events table"
            )
        if Path(self.out).absolute() in self.folders():
            raise TimelineError(
                f"--out {printable(str(self.out))} is the folder of the tables watched, which a build replaces "
                "whole; give the pages a folder of their own, such as --out output"
            )
        server = self.server or self.open()
        # A kill (SIGTERM) stops it as Ctrl-C does: the build under way given up, the server closed.
        on_term = threading.current_thread() is threading.main_thread()
        before = signal.signal(signal.SIGTERM, _interrupt) if on_term else None
        try:
            self.build()
            server.start()
            self.say(f"Serving {server.url} (the pages in {printable(str(self.out))}/); Ctrl-C stops")
            folders = [f for f in self.folders() if f.is_dir()]
            for _changes in watchfiles.watch(
                *folders,
                watch_filter=self.changed,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                stop_event=stop,
                recursive=False,
            ):
                self.build()
        finally:
            server.stop()
            if on_term:
                signal.signal(signal.SIGTERM, before)


def _interrupt(_signal, _frame) -> None:
    raise KeyboardInterrupt
