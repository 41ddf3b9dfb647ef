"""Going online: Nominatim asked through our own adapter, against fake servers
on 127.0.0.1 (real HTTP, never the internet), well-behaved, broken and
hostile; and the places cache the answers are appended to, in the file's own
form, under a lock, by several builds at once."""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from timeline import cli
from timeline.errors import shorten
from timeline.gazetteer import Gazetteer, Match, Unfound
from timeline.geocode import place_events
from timeline.model import Event, Place
from timeline.online import USER_AGENT, Nominatim
from timeline.placescache import PlacesCache
from timeline.values import PartialDate

from ..conftest import ROOT, Server, result


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def event(event_id: str, place: str = "") -> Event:
    return Event(event_id, PartialDate(2024), event_id, line=2, place=place)


def quick(server: Server, **settings) -> Nominatim:
    """The lookup, without the 1 s spacing and with short waits, for tests that are not about them."""
    return Nominatim(server.address, **{"min_delay": 0, "backoff": 0.01, "timeout": 2, **settings})


# --- what is asked, and what is taken ---------------------------------------


def test_online_results_are_appended_to_the_places_cache(
    tmp_path: Path, server: Server, nominatim: str, gazetteer: Gazetteer
) -> None:
    path = tmp_path / "places.csv"
    original = b"query,lat,lon,precision,provider,resolved_name,note\nKabul,34.5,69.2,city,manual,Kabul,\n"
    path.write_bytes(original)
    cache = PlacesCache.load(path)
    server.answers["Server Trouble"] = (500, b"oops", {})
    events = [
        event("gate", "Abbey Gate, Kabul Airport"),
        event("province", "Shinwar District"),
        event("again", "shinwar district "),  # the same place: asked once
        event("trouble", "Server Trouble"),
        event("nowhere", "Nowhere Special"),
        event("cached", "Kabul"),  # in the cache: not asked
    ]
    result_ = place_events(events, cache, gazetteer=gazetteer, online=quick(server, retries=0))
    gate = result_.get("gate")
    assert (gate.precision, gate.provider, gate.method, gate.status) == ("venue", "nominatim", "nominatim", "review")
    assert result_.get("province").precision == "region"
    assert result_.get("again") == result_.get("province")
    assert [(u.event.id, u.reason) for u in result_.unplaced] == [
        ("trouble", "could not be looked up online: the server answered with an error (HTTP 500)"),
        ("nowhere", "was found neither offline nor online"),
    ]
    assert server.queries() == ["Abbey Gate, Kabul Airport", "Shinwar District", "Server Trouble", "Nowhere Special"]
    assert path.read_bytes().startswith(original)  # what people wrote is kept as it was
    added = PlacesCache.load(path)
    assert sorted(added.places) == ["abbey gate, kabul airport", "kabul", "shinwar district"]
    gate = added.get("abbey gate, kabul airport")
    assert (gate.lat, gate.lon, gate.name) == (34.5622, 69.2069, "Abbey Gate, Kabul")
    assert (gate.method, gate.status) == ("nominatim", "review")  # still a guess when read back


def test_several_candidates_are_asked_for_with_an_identifying_user_agent(server: Server) -> None:
    server.answers["Nangarhar"] = [result("Nangarhar, Afghanistan", "34.3", "70.5", 8, "af")]
    found = quick(server).lookup("Nangarhar")
    assert isinstance(found, Match)
    (asked,) = server.seen
    assert asked["path"] == "/search"
    assert asked["params"] == {"q": "Nangarhar", "format": "json", "limit": "5", "addressdetails": "1"}
    version = (ROOT / "pyproject.toml").read_text().split('version = "')[1].split('"')[0]
    assert asked["User-Agent"] == f"timeline-event-map/{version} (offline event map and timeline builder)"
    assert asked["User-Agent"] == USER_AGENT


def test_an_online_result_is_always_for_review_and_says_where_it_came_from(server: Server) -> None:
    server.answers["Nangarhar"] = [result("Nangarhar, Afghanistan", "34.3", "70.5", 8, "af", 0.6)]
    found = quick(server).lookup("Nangarhar")
    assert isinstance(found, Match)
    assert (found.method, found.status, found.candidates) == ("nominatim", "review", ())
    e = found.entry
    assert (e.name, e.lat, e.lon, e.precision, e.provider, e.country) == (
        "Nangarhar, Afghanistan", 34.3, 70.5, "region", "nominatim", "AF",
    )  # fmt: skip
    assert found.note == (
        "OpenStreetMap data via Nominatim (ODbL): took Nangarhar, Afghanistan (AF, region), its only result"
    )


def test_results_in_several_countries_are_named_in_the_note(server: Server) -> None:
    server.answers["Tripoli"] = [
        result("Tripoli, Libya", "32.89", "13.19", 16, "ly", 0.7),
        result("Tripoli, Lebanon", "34.44", "35.83", 16, "lb", 0.6),
        result("Tripoli, Greece", "37.51", "22.37", 16, "gr", 0.4),
    ]
    found = quick(server).lookup("Tripoli")
    assert isinstance(found, Match)
    assert found.entry.name == "Tripoli, Libya"
    assert found.note == (
        "OpenStreetMap data via Nominatim (ODbL): took Tripoli, Libya (LY, city), its first of 3 results; "
        "they lie in 3 countries (GR, LB, LY); others: Tripoli, Lebanon (LB, city); Tripoli, Greece (GR, city)"
    )
    assert found.candidates == ("Tripoli, Lebanon (LB, city)", "Tripoli, Greece (GR, city)")


def test_a_country_the_text_names_is_never_contradicted(server: Server) -> None:
    server.answers["Tripoli, Lebanon"] = [
        result("Tripoli, Libya", "32.89", "13.19", 16, "ly", 0.7),
        result("Tripoli, Lebanon", "34.44", "35.83", 16, "lb", 0.6),
    ]
    server.answers["Khar, Pakistan"] = [result("Khar, India", "19.07", "72.84", 20, "in")]
    lookup = quick(server)
    found = lookup.lookup("Tripoli, Lebanon")
    assert isinstance(found, Match) and found.entry.country == "LB"
    refused = lookup.lookup("Khar, Pakistan")
    assert refused == Unfound(
        "was found online only outside Pakistan: Khar, India (IN, city)",
        "write the place more fully, or add it to places.csv",
    )


def test_a_minor_best_result_is_flagged(server: Server) -> None:
    server.answers["Paris"] = [result("Café Paris, Some Street", "48.1", "11.5", 30, "de", 0.01)]
    server.answers["Lyon"] = [
        result("Lyon Road", "51.5", "-0.3", 26, "gb", 0.2),
        result("Lyon, France", "45.76", "4.83", 16, "fr", 0.7),
    ]
    lookup = quick(server)
    assert "it is a minor place (importance 0.01)" in lookup.lookup("Paris").note
    assert "another result is far more important" in lookup.lookup("Lyon").note


def test_nothing_found_is_said(server: Server) -> None:
    assert quick(server).lookup("Nowhere Special") == Unfound(
        "was found neither offline nor online", "add it to places.csv, or give lat and lon"
    )


# --- bad answers: a warning for that place, nothing cached, no traceback ----------------------

BAD = {
    "lat 91": (result("X", "91", "10"), "its lat '91' is beyond -90 to 90"),
    "lat NaN": (result("X", "NaN", "10"), "its lat 'NaN' is not a number"),
    "lat inf": (result("X", "inf", "10"), "its lat 'inf' is not a number"),
    "lat north": (result("X", "north", "10"), "its lat 'north' is not a number"),
    "lat null": (result("X", None, "10"), "its lat is null"),
    "lon 999": (result("X", "10", "999"), "its lon '999' is beyond -180 to 180"),
    "no lat": ({"lon": "1", "display_name": "X"}, "its lat is missing"),
    "no name": ({"lat": "1", "lon": "2", "place_rank": 16}, "its display_name is missing"),
    "name a number": (result(12, "1", "2"), "its display_name is not text"),
    "rank abc": (result("X", "1", "2", "abc"), "its place_rank 'abc' is not a number"),
    "rank 99": (result("X", "1", "2", 99), "its place_rank '99' is beyond 0 to 30"),
    "lat true": (result("X", True, "2"), "its lat 'true' is not a number"),
    "lat 1e999": (result("X", 1e999, "2"), "its lat 'Infinity' is not a finite number"),
    "lat underscores": (result("X", "1_0", "2"), "its lat '1_0' is not a number"),
    "not a list": ({"lat": "1"}, "it is not a list of results"),
    "second bad": (
        [result("Good", "1", "2"), result("Bad", "north", "2")],
        "result 2: its lat 'north' is not a number",
    ),
}


@pytest.mark.parametrize("query", sorted(BAD))
def test_each_bad_answer_leaves_its_place_unplaced_naming_the_problem(server: Server, query: str) -> None:
    answer, problem = BAD[query]
    server.answers[query] = [answer] if isinstance(answer, dict) and query != "not a list" else answer
    assert quick(server).lookup(query) == Unfound(
        f"was not placed: the online answer is unusable ({problem})", "add it to places.csv, or give lat and lon"
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "the server's answer is not JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "the server's answer is not JSON"),  # deeper than the parser goes
        (b'[{"lat": 1' + b"0" * 5000 + b"}]", "the server's answer is not JSON"),  # a number too long to read
        (b"\xff\xfe[]", "the server's answer is not UTF-8 text"),
        (b'{"error": "Unable to geocode"}', "the server answered with an error: 'Unable to geocode'"),
    ],
)
def test_an_answer_that_cannot_be_read_is_said(server: Server, body: bytes, reason: str) -> None:
    server.answers["Garbled"] = body
    found = quick(server).lookup("Garbled")
    assert found == Unfound(f"could not be looked up online: {reason}", "try again later, or add it to places.csv")


def test_names_are_cleaned_and_capped_before_they_are_used(server: Server) -> None:
    server.answers["Controls"] = [result("Ka\x00bul\x1b[31m\u202e\ud800,\r\n\tAfghanistan\x85", "34.5", "69.2")]
    server.answers["Long"] = [result("Ab" * 100_000, "34.5", "69.2")]
    lookup = quick(server)
    assert lookup.lookup("Controls").entry.name == "Ka bul [31m , Afghanistan"
    name = lookup.lookup("Long").entry.name
    assert len(name) == 300 and name.endswith("…")


def test_a_huge_answer_is_not_read_past_the_cap(server: Server) -> None:
    size = 50 << 20

    def flood(handler: BaseHTTPRequestHandler) -> None:  # 50 MB of one name, no Content-Length
        handler.send_response(200)
        handler.end_headers()
        handler.wfile.write(b'[{"lat": "1", "lon": "2", "display_name": "')
        chunk = b"A" * (1 << 20)
        try:
            for _ in range(size >> 20):
                handler.wfile.write(chunk)
        except OSError:
            pass  # the reader hung up, as it should

    server.answers["Flood"] = flood
    server.answers["Declared"] = (200, b"[]" + b" " * (2 << 20), {})  # says its length up front
    lookup = quick(server, timeout=10)
    started = time.monotonic()
    assert lookup.lookup("Flood") == Unfound(
        "could not be looked up online: the server's answer is larger than 1 MB",
        "try again later, or add it to places.csv",
    )
    assert time.monotonic() - started < 5
    assert lookup.lookup("Declared").reason == "could not be looked up online: the server's answer is larger than 1 MB"


def test_a_build_with_hostile_answers_finishes_and_caches_only_what_is_good(
    tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's cases, end to end through ``timeline build --online``: each
    bad answer is one warning line for its place, the build finishes, and
    the places cache it leaves reads back (and holds only the good answers)."""
    for query, (answer, _) in BAD.items():
        server.answers[query] = [answer] if isinstance(answer, dict) and query != "not a list" else answer
    server.answers["Control Name"] = [result("Evil\x00\x07Name\x1b]0;x\x07", "10", "20", 16, "af")]
    server.answers["Long Name"] = [result("N" * 200_000, "11", "21", 16)]
    server.answers["Formula"] = [result('=HYPERLINK("http://x";"y")', "12", "22", 16)]
    server.answers["Good Place"] = [result("Good Place, Afghanistan", "34.5", "69.2", 16, "af")]
    places = ["Good Place", "Control Name", "Long Name", "Formula", *BAD]
    events = tmp_path / "events.csv"
    rows = [f'e{n},2024,Event {n},"{p}"' for n, p in enumerate(places)]
    events.write_text("id,date,title,place\n" + "\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(cli, "_online_geocoder", lambda: quick(server))  # no 1 s spacing: 20 places
    done = CliRunner().invoke(cli.main, ["build", str(events), "--out", str(tmp_path / "out"), "--online"])
    assert done.exit_code == 0, done.output
    assert done.exception is None
    assert f"looked up {len(places)} places online; 4 added to the places cache" in done.stdout
    warned = [line for line in done.stderr.splitlines() if "the online answer is unusable" in line]
    assert len(warned) == len(BAD)
    assert (
        f"{events}:{2 + places.index('lat north')}: column 'place': value 'lat north' — was not placed: " in done.stderr
    )
    cache = PlacesCache.load(tmp_path / "places.csv")
    assert sorted(cache.places) == ["control name", "formula", "good place", "long name"]
    assert cache.get("Control Name").name == "Evil Name ]0;x"
    assert len(cache.get("Long Name").name) == 300
    assert cache.get("Formula").name == '=HYPERLINK("http://x";"y")'  # read back as the server sent it
    with open(tmp_path / "places.csv", encoding="utf-8", newline="") as handle:
        written = {row["query"]: row for row in csv.DictReader(handle)}
    assert written["Formula"]["resolved_name"] == '\'=HYPERLINK("http://x";"y")'  # a spreadsheet shows it as text
    again = run_build(events, tmp_path / "out", server.address, online=False)  # and a later build reads it
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr


def run_build(events: Path, out: Path, url: str, *args: str, online: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TIMELINE_NOMINATIM_URL": url}
    command = [sys.executable, "-m", "timeline", "build", str(events), "--out", str(out), *args]
    return subprocess.run(
        command + (["--online"] if online else []), capture_output=True, text=True, env=env, timeout=300
    )


# --- a server that misbehaves ---------------------------------------------------------


def test_no_redirect_is_followed_to_another_host(server: Server) -> None:
    elsewhere = Server("127.0.0.2")
    try:
        server.answers["Moved"] = (302, b"", {"Location": f"{elsewhere.address}/search?q=Moved"})
        found = quick(server).lookup("Moved")
    finally:
        elsewhere.close()
    assert elsewhere.seen == []  # neither the query nor our User-Agent went there
    assert found == Unfound(
        f"could not be looked up online: the server sent us elsewhere (HTTP 302 to {elsewhere.address[7:]}); "
        "redirects are not followed",
        "set the Nominatim address to where the server is, or add it to places.csv",
    )


def test_a_redirect_to_a_name_makes_no_dns_lookup(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []
    real = socket.getaddrinfo

    def recording(host, *args, **kwargs):
        looked_up.append(host)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", recording)
    server.answers["Moved"] = (301, b"", {"Location": "https://nominatim.example.invalid/search?q=Moved"})
    found = quick(server).lookup("Moved")
    assert "HTTP 301 to nominatim.example.invalid" in found.reason
    assert set(looked_up) == {"127.0.0.1"}


def drip(delay: float) -> Callable[[BaseHTTPRequestHandler], None]:
    """A server that sends its answer one byte every ``delay`` seconds."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        data = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]"
        stop = handler.server.stop  # type: ignore[attr-defined]
        for byte in data:
            try:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
            except OSError:
                return
            if stop.wait(delay):
                return

    return answer


def silent(handler: BaseHTTPRequestHandler) -> None:
    handler.server.stop.wait(30)  # type: ignore[attr-defined]


@pytest.fixture
def patient_server(server: Server):
    server.http.stop = server.stop  # the slow answers end when the test does
    return server


@pytest.mark.parametrize("behaviour", ["drip", "silent"])
def test_one_deadline_bounds_the_whole_request(patient_server: Server, behaviour: str, capfd) -> None:
    server = patient_server
    server.answers["Slow"] = drip(4) if behaviour == "drip" else silent
    lookup = quick(server, timeout=1.5)
    started = time.monotonic()
    found = lookup.lookup("Slow")
    took = time.monotonic() - started
    assert found.reason == "could not be looked up online: the server did not answer in time (1.5 s)"
    assert 1.4 < took < 3
    assert len(server.seen) == 1  # a timeout is not retried
    captured = capfd.readouterr()
    assert "Retrying" not in captured.out + captured.err


def test_a_server_that_drips_the_body_is_cut_off_too(patient_server: Server) -> None:
    def slow_body(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(1000):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            if handler.server.stop.wait(0.5):  # type: ignore[attr-defined]
                return

    patient_server.answers["Slow Body"] = slow_body
    started = time.monotonic()
    found = quick(patient_server, timeout=1.5).lookup("Slow Body")
    assert "did not answer in time" in found.reason
    assert time.monotonic() - started < 3


def raw(data: bytes, *, then: bytes = b"", forever: bool = False) -> Callable[[BaseHTTPRequestHandler], None]:
    """An answer written byte for byte, not by the HTTP server's own code."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        try:
            handler.wfile.write(data)
            while forever and not handler.server.stop.is_set():  # type: ignore[attr-defined]
                handler.wfile.write(then)
        except OSError:
            pass  # the reader hung up

    return answer


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (raw(b""), "the server closed the connection without answering"),
        (raw(b"SPAM SPAM SPAM\r\n\r\n"), "the server's answer is not HTTP (BadStatusLine)"),
        (
            raw(b"HTTP/1.1 200 OK\r\n", then=b"X-Flood: 1\r\n", forever=True),
            "the server's answer is not HTTP (HTTPException)",
        ),
        (
            raw(b"HTTP/1.1 200 OK\r\nX-Long: " + b"x" * 100_000 + b"\r\n\r\n[]"),
            "the server's answer is not HTTP (LineTooLong)",
        ),
        (raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[]"), "the server's answer was cut short"),
    ],
)
def test_an_answer_that_is_not_http_is_said(patient_server: Server, answer, reason: str) -> None:
    patient_server.answers["Broken"] = answer
    found = quick(patient_server, retries=0).lookup("Broken")
    assert found.reason == f"could not be looked up online: {reason}"


def test_odd_numbers_in_headers_are_not_taken_for_numbers(server: Server) -> None:
    server.answers["Odd Length"] = raw(b"HTTP/1.1 200 OK\r\nContent-Length: \xb2\r\n\r\n[]")
    server.answers["Odd Wait"] = (429, b"", {"Retry-After": "\u00b2"})
    server.answers["No Content"] = (204, b"", {})
    lookup = quick(server, retries=1)
    assert lookup.lookup("Odd Length").reason == "was found neither offline nor online"
    assert (
        lookup.lookup("Odd Wait").reason == "could not be looked up online: the server asked us to slow down (HTTP 429)"
    )
    assert (
        lookup.lookup("No Content").reason
        == "could not be looked up online: the server gave no list of places (HTTP 204)"
    )


def test_https_to_a_server_that_never_answers_is_timed_out_too(patient_server: Server) -> None:
    """The TLS handshake is within the deadline: a server that takes the connection and says nothing."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        started = time.monotonic()
        found = Nominatim(f"https://127.0.0.1:{port}", min_delay=0, timeout=1).lookup("Somewhere")
    assert found.reason == "could not be looked up online: the server did not answer in time (1 s)"
    assert time.monotonic() - started < 2.5


def test_https_to_a_plain_http_server_is_said(server: Server) -> None:
    found = Nominatim(server.address.replace("http:", "https:"), min_delay=0, timeout=2).lookup("Somewhere")
    assert found.reason.startswith("could not be looked up online: the server could not be reached (")


def test_a_proxy_named_in_the_environment_is_used(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake server stands in for an HTTP proxy: it is asked for the whole
    address, and the server's name is not looked up here (the proxy does that)."""
    looked_up: list[str] = []
    real = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: looked_up.append(host) or real(host, *a, **k))
    monkeypatch.setenv("http_proxy", server.address)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    server.default = lambda query: [result(f"{query}, Afghanistan", "34.5", "69.2", 16, "af")]
    found = Nominatim("http://nominatim.example.invalid", min_delay=0).lookup("Qzx Proxied")
    assert isinstance(found, Match) and found.entry.name == "Qzx Proxied, Afghanistan"
    (asked,) = server.seen
    assert (asked["Host"], asked["path"], asked["params"]["q"]) == (
        "nominatim.example.invalid",
        "/search",
        "Qzx Proxied",
    )
    assert looked_up == ["127.0.0.1"]
    monkeypatch.setenv("no_proxy", "example.invalid")  # and not when $no_proxy says so
    bypassed = Nominatim("http://nominatim.example.invalid", min_delay=0).lookup("Qzx Direct")
    assert bypassed.reason.startswith("could not be looked up online: the server could not be reached (")
    assert looked_up[-1] == "nominatim.example.invalid" and len(server.seen) == 1


def test_503_is_retried_then_reported_as_unavailable(server: Server) -> None:
    server.answers["Busy"] = (503, b"", {})
    found = quick(server, retries=2).lookup("Busy")
    assert found.reason == "could not be looked up online: the server is unavailable (HTTP 503)"
    assert server.queries() == ["Busy"] * 3


def test_retry_after_is_honoured_and_then_the_answer_taken(server: Server) -> None:
    answers = iter([(429, b"", {"Retry-After": "1"}), [result("Later, Afghanistan", "34", "69", 16, "af")]])
    server.answers["Later"] = lambda handler: respond(handler, next(answers))
    found = quick(server).lookup("Later")
    assert isinstance(found, Match) and found.entry.name == "Later, Afghanistan"
    first, second = (s["time"] for s in server.seen)
    assert second - first >= 0.95


def test_a_retry_after_too_long_is_not_waited_for(server: Server) -> None:
    server.answers["Too Many"] = (429, b"", {"Retry-After": "3600"})
    started = time.monotonic()
    found = quick(server, max_wait=5).lookup("Too Many")
    assert (
        found.reason
        == "could not be looked up online: the server asked us to slow down (HTTP 429), and asked us to wait 3,600 s"
    )
    assert time.monotonic() - started < 2
    assert len(server.seen) == 1


def test_other_refusals_are_not_retried(server: Server) -> None:
    server.answers["Forbidden"] = (403, b"", {})
    server.answers["Broken"] = (500, b"oops", {})
    lookup = quick(server, retries=1)
    assert lookup.lookup("Forbidden") == Unfound(
        "could not be looked up online: the server refused the request (HTTP 403)",
        "check the Nominatim address, or add it to places.csv",
    )
    assert (
        lookup.lookup("Broken").reason == "could not be looked up online: the server answered with an error (HTTP 500)"
    )
    assert server.queries() == ["Forbidden", "Broken", "Broken"]


def test_after_two_failures_of_the_server_in_a_row_no_more_are_asked(server: Server) -> None:
    server.answers["A"] = (503, b"", {})
    server.answers["B"] = (503, b"", {})
    lookup = quick(server, retries=0)
    lookup.lookup("A")
    lookup.lookup("B")
    rest = lookup.lookup("C")
    assert rest == Unfound(
        "was not looked up online: the server is unavailable (HTTP 503) for 2 places in a row, so no more were asked",
        "try again later, or add it to places.csv",
    )
    assert server.queries() == ["A", "B"]


def test_a_refused_connection_is_reported() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    found = Nominatim(f"http://127.0.0.1:{port}", min_delay=0).lookup("Nowhere At All")
    assert found.reason == "could not be looked up online: the server could not be reached (Connection refused)"


def test_lookups_are_at_least_a_second_apart(server: Server) -> None:
    lookup = Nominatim(server.address)  # the default spacing
    for query in ("One", "Two", "Three"):
        lookup.lookup(query)
    times = [s["time"] for s in server.seen]
    # the server sees arrivals, which jitter can bring a few milliseconds closer
    assert all(later - earlier >= 0.95 for earlier, later in itertools.pairwise(times))


@pytest.mark.parametrize(("backoff", "waits"), [(2, [2, 4]), (0.25, [0.25, 0.75, 0.5, 0.5])])
def test_retries_back_off_and_keep_the_spacing(server: Server, backoff: float, waits: list[float]) -> None:
    """With a clock and a sleep of our own, the waits asked for: the back-off
    doubles, and a retry is still a second after the request before it."""
    now = [0.0]
    asked: list[float] = []

    def sleep(seconds: float) -> None:
        asked.append(round(seconds, 3))
        now[0] += seconds

    server.answers["Busy"] = (503, b"", {})
    Nominatim(server.address, retries=2, backoff=backoff, clock=lambda: now[0], sleep=sleep).lookup("Busy")
    assert asked == waits
    assert server.queries() == ["Busy"] * 3


def respond(handler: BaseHTTPRequestHandler, answer) -> None:
    status, body, headers = answer if isinstance(answer, tuple) else (200, answer, {})
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Length", str(len(data)))
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(data)


def test_a_bad_address_is_one_clear_line(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("id,date,title,place\na,2024,A,Nowhere Special\n", encoding="utf-8")
    done = run_build(events, tmp_path / "out", "ftp://example")
    assert done.returncode == 1
    assert done.stderr == (
        "Error: TIMELINE_NOMINATIM_URL: 'ftp://example' is not the address of a Nominatim server; "
        "give http:// or https:// and a host, e.g. http://127.0.0.1:8080\n"
    )


# --- the places cache: appended in its own form, safely --------------------------------

HEADER = ["query", "lat", "lon", "precision", "provider", "resolved_name", "note", "country", "reviewed"]


def guess(name: str, lat: float = 34.5, lon: float = 69.2, note: str = "found online") -> Place:
    return Place(lat, lon, "city", "nominatim", name, note, "AF", method="nominatim", status="review")


def cache_file(path: Path, rows: list[list[str]], *, delimiter: str, newline: str, encoding: str, bom: bytes = b""):
    text = newline.join(delimiter.join(row) for row in [HEADER, *rows]) + newline
    path.write_bytes(bom + text.encode(encoding))
    return path.read_bytes()


@pytest.mark.parametrize(
    ("delimiter", "newline", "encoding", "bom"),
    [
        (";", "\r\n", "cp1252", b""),  # Excel's "CSV" in a European locale on Windows
        ("\t", "\r\n", "utf-16-le", codecs.BOM_UTF16_LE),  # Excel's "Unicode text"
        ("\t", "\n", "utf-16-be", codecs.BOM_UTF16_BE),
        (",", "\r\n", "utf-8", codecs.BOM_UTF8),  # Excel's "CSV UTF-8"
        (";", "\n", "utf-8", b""),
    ],
)
def test_rows_are_appended_in_the_files_own_form(
    tmp_path: Path, delimiter: str, newline: str, encoding: str, bom: bytes
) -> None:
    path = tmp_path / "places.csv"
    old = cache_file(
        path, [["Köln", "50.94", "6.96", "city", "manual", "Köln", "", "DE", ""]],
        delimiter=delimiter, newline=newline, encoding=encoding, bom=bom,
    )  # fmt: skip
    cache = PlacesCache.load(path)
    cache.add("Qalat; Zabul", guess("Qalat; Zabul, Afghanistan"))
    cache.add("Zürich", guess('Zürich, "Schweiz"', 47.37, 8.54, note="-1 cell"))
    data = path.read_bytes()
    assert data.startswith(old)  # not a byte of what was there changes
    added = data[len(old) :].decode(encoding)
    quoted, name = (f'"{c}"' if delimiter in c else c for c in ("Qalat; Zabul", "Qalat; Zabul, Afghanistan"))
    assert added == newline.join(
        [
            delimiter.join([quoted, "34.500000", "69.200000", "city", "nominatim", name, "found online", "AF", ""]),
            delimiter.join(["Zürich", "47.370000", "8.540000", "city", "nominatim", '"Zürich, ""Schweiz"""', "'-1 cell", "AF", ""]),
            "",
        ]
    )  # fmt: skip
    again = PlacesCache.load(path)
    assert sorted(again.places) == ["köln", "qalat; zabul", "zürich"]
    assert (again.get("Zürich").name, again.get("Zürich").note) == ('Zürich, "Schweiz"', "-1 cell")


def test_a_windows_1252_cache_gets_only_what_it_can_hold(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "places.csv"
    old = cache_file(path, [["Köln", "50.94", "6.96", "city", "manual", "Köln", "", "DE", ""]], delimiter=",",
                     newline="\r\n", encoding="cp1252")  # fmt: skip
    cache = PlacesCache.load(path)
    cache.add("Mazar", guess("Mazār-e Šarīf, بلخ"))  # the name loses its marks, and what has no Latin form
    cache.add("Кабул", guess("Кабул"))  # the place text itself cannot be written: not added, and said
    data = path.read_bytes()
    assert data.startswith(old)
    assert (
        data[len(old) :].decode("cp1252")
        == 'Mazar,34.500000,69.200000,city,nominatim,"Mazar-e Sarif, ???",found online,AF,\r\n'
    )
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}: Кабул was not added: the file is cp1252 text, which cannot hold its letters; save it as 'CSV UTF-8'"
    ]
    assert sorted(PlacesCache.load(path).places) == ["köln", "mazar"]


def test_text_that_looks_like_a_formula_is_guarded_and_read_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    cache = PlacesCache.load(path)
    texts = ["=1+2", "+49 Main Street", "-Kabul", "@home", "'=quoted already"]
    for n, text in enumerate(texts):
        cache.add(text, guess(text, 10 + n, -(20 + n), note=text))
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row, text in zip(rows, texts, strict=True):
        guarded = "'" + text  # each, "'=quoted already" too: read back, it loses one apostrophe
        assert (row["query"], row["resolved_name"], row["note"]) == (guarded, guarded, guarded)
        assert row["lon"].startswith("-")  # numbers are not text: left alone
    again = PlacesCache.load(path)
    for text in texts:
        assert (again.get(text).name, again.get(text).note) == (text, text)


def test_a_file_without_a_last_line_end_or_some_columns(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    old = b"query,lat,lon,precision,provider,resolved_name,note\nKabul,34.5,69.2,city,manual,Kabul,"
    path.write_bytes(old)
    cache = PlacesCache.load(path)
    cache.add("Herat", guess("Herat, Afghanistan"))
    cache.accept([("Jalalabad", Place(34.43, 70.45, "city", "geonames", "Jalalabad, Afghanistan", "", "AF"))])
    data = path.read_bytes()
    assert data.startswith(old)  # the header and the rows stay as they were written
    assert data[len(old) :].decode().split("\n") == [
        "",  # the last line's end, which it lacked
        'Herat,34.500000,69.200000,city,nominatim,"Herat, Afghanistan",found online',
        'Jalalabad,34.430000,70.450000,city,geonames,"Jalalabad, Afghanistan",',
        "",
    ]
    again = PlacesCache.load(path)
    assert (again.get("Herat").status, again.get("Jalalabad").status) == ("review", "ok")


def test_a_missing_cache_is_made_with_its_header(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    PlacesCache.load(path).add("Herat", guess("Herat"))
    assert path.read_text(encoding="utf-8") == (
        "query,lat,lon,precision,provider,resolved_name,note,country,reviewed\n"
        "Herat,34.500000,69.200000,city,nominatim,Herat,found online,AF,\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["places.csv"]  # no lock or temporary file left


def test_rows_written_meanwhile_are_kept_and_not_written_twice(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    cache = PlacesCache.load(path)  # read before another build adds to the file
    with path.open("a", encoding="utf-8") as other:
        other.write("herat,1,2,city,nominatim,Herat (the other build's),,AF,\nKabul,34.5,69.2,city,manual,Kabul,,AF,\n")
    cache.add("Herat", guess("Herat (ours)"))
    cache.add("Kandahar", guess("Kandahar"))
    again = PlacesCache.load(path)  # would refuse a query written twice
    assert sorted(again.places) == ["herat", "kabul", "kandahar"]
    assert again.get("Herat").name == "Herat (the other build's)"


def test_concurrent_online_builds_lose_no_row_and_write_none_twice(tmp_path: Path, server: Server) -> None:
    """Six ``timeline build --online`` processes at once, one places cache:
    each table has three places of its own and three all of them share.
    Every place ends up in the file once, and each build says so."""
    server.default = lambda query: [result(f"{query}, Afghanistan", "34.5", "69.2", 16, "af")]
    builds = 6
    cache = tmp_path / "places.csv"
    cache.write_text("query;lat;lon;precision;provider;resolved_name;note\r\n", encoding="cp1252")  # as Excel saves
    running = []
    for b in range(builds):
        folder = tmp_path / f"build{b}"  # builds into one folder take turns: each its own
        folder.mkdir()
        places = [f"Qzx Shared {n}" for n in range(3)] + [f"Qzx Own {b}-{n}" for n in range(3)]
        rows = [f"e{n},2024,Event {n},{place}" for n, place in enumerate(places)]
        (folder / "events.csv").write_text("id,date,title,place\n" + "\n".join(rows) + "\n", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TIMELINE_NOMINATIM_URL": server.address}
        command = [sys.executable, "-m", "timeline", "build", str(folder / "events.csv"), "--out", str(folder / "out")]
        running.append(
            subprocess.Popen(
                [*command, "--places", str(cache), "--online"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for process in running:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        # a build that starts late finds the shared places in the cache already
        asked, added = map(
            int, re.search(r"looked up (\d) places online; (\d) added to the places cache", out).groups()
        )
        assert 3 <= asked == added <= 6
    with open(cache, encoding="cp1252", newline="") as handle:
        queries = [row["query"] for row in csv.DictReader(handle, delimiter=";")]
    wanted = [f"Qzx Shared {n}" for n in range(3)] + [f"Qzx Own {b}-{n}" for b in range(builds) for n in range(3)]
    assert sorted(queries) == sorted(wanted)  # each once
    assert sorted(PlacesCache.load(cache).places) == sorted(q.casefold() for q in wanted)
    assert 3 * builds + 3 <= len(server.seen) <= 6 * builds


@pytest.mark.parametrize(
    ("query", "place", "why"),
    [
        ("Nowhere", Place(float("nan"), 1.0, "city", "nominatim"), "its point (nan, 1.0) is not on the globe"),
        ("Far", Place(10.0, 999.0, "city", "nominatim"), "its point (10.0, 999.0) is not on the globe"),
        (
            "Odd",
            Place(10.0, 10.0, "street", "nominatim"),
            "its precision 'street' is not one of venue, city, region, country",
        ),
        ("Zz", Place(10.0, 10.0, "city", "nominatim", country="ZZ"), "its country 'ZZ' is not ISO 3166 codes"),
        ("Bell\x07", Place(10.0, 10.0, "city", "nominatim"), "it holds an invisible control character"),
        ("  ", Place(10.0, 10.0, "city", "nominatim"), "it is blank"),
    ],
)
def test_a_row_the_reader_would_refuse_is_never_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, query: str, place: Place, why: str
) -> None:
    path = tmp_path / "places.csv"
    cache = PlacesCache.load(path)
    cache.add(query, place)
    cache.add("Herat", guess("Herat"))
    assert [r.getMessage() for r in caplog.records] == [f"{path}: {shorten(query)} was not added: {why}"]
    assert sorted(PlacesCache.load(path).places) == ["herat"]


def test_a_cache_that_cannot_be_added_to_is_one_clear_error(tmp_path: Path) -> None:
    from timeline.errors import OutputError

    path = tmp_path / "places.csv"
    path.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    cache = PlacesCache.load(path)
    path.unlink()
    path.mkdir()  # replaced by a folder after it was read
    with pytest.raises(OutputError, match=r"places.csv: cannot be added to \(Is a directory\); check the file"):
        cache.add("Herat", guess("Herat"))
    nested = PlacesCache.load(tmp_path / "new" / "folder" / "places.csv")
    nested.add("Herat", guess("Herat"))  # a folder not there yet is made
    assert sorted(PlacesCache.load(tmp_path / "new" / "folder" / "places.csv").places) == ["herat"]
