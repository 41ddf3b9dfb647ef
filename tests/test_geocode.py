"""Placing events: explicit coordinates, the places cache, the offline
gazetteer, and Nominatim through geopy against a local server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from timeline.gazetteer import OfflineGazetteer
from timeline.geocode import nominatim_geocoder, place_events
from timeline.model import Event
from timeline.pipeline import prepare
from timeline.places import PlacesCache
from timeline.values import PartialDate

from .conftest import SHIPPED


@pytest.fixture(scope="module")
def gazetteer() -> OfflineGazetteer:
    return OfflineGazetteer()


def event(event_id: str, place: str = "", coordinates: tuple[float, float] | None = None) -> Event:
    return Event(event_id, PartialDate(2024), event_id, line=2, place=place, coordinates=coordinates)


@pytest.mark.parametrize(
    ("query", "name", "precision", "country"),
    [
        ("Moscow", "Moscow, Russia", "city", "RU"),  # not Moscow, Idaho
        ("Kerman, Iran", "Kerman, Iran", "city", "IR"),  # not Kerman, California
        ("Kābol", "Kabul, Afghanistan", "city", "AF"),
        ("Afghanistan", "Afghanistan", "country", "AF"),
        ("United States", "United States", "country", "US"),
        ("Europe", "Europe", "region", ""),
    ],
)
def test_gazetteer_finds_places_offline(
    gazetteer: OfflineGazetteer, query: str, name: str, precision: str, country: str
) -> None:
    location = gazetteer.geocode(query)
    assert location.address == name
    assert (location.raw["precision"], location.raw["country"]) == (precision, country)


def test_gazetteer_says_when_it_fell_back_to_the_city(gazetteer: OfflineGazetteer) -> None:
    location = gazetteer.geocode("Russian Embassy, Kabul")
    assert location.raw["precision"] == "city"
    assert location.raw["note"] == "'Russian Embassy' was not found; placed at Kabul, Afghanistan (city level)"


def test_gazetteer_names_other_places_of_the_same_name(gazetteer: OfflineGazetteer) -> None:
    found = gazetteer.lookup("Moscow")
    assert found.note.startswith("took Moscow, Russia (pop. 10,381,222), by far the largest of ")
    assert "Moscow, Idaho, United States (pop. 25,060)" in found.candidates
    assert found.status == "ok"


def test_gazetteer_returns_none_for_an_unknown_place(gazetteer: OfflineGazetteer) -> None:
    assert gazetteer.geocode("Qwxyzzy Flats") is None


def test_order_explicit_then_cache_then_gazetteer(tmp_path: Path, gazetteer: OfflineGazetteer) -> None:
    path = tmp_path / "places.csv"
    path.write_text(
        "query,lat,lon,precision,provider,resolved_name,note\nKabul,1.5,2.5,city,manual,Pinned Kabul,\n",
        encoding="utf-8",
    )
    cache = PlacesCache.load(path)
    events = [
        event("given", "Kabul", (10.0, 20.0)),
        event("cached", "kabul"),
        event("gazetteer", "Moscow"),
        event("none"),
    ]
    result = place_events(events, cache, gazetteer=gazetteer)
    assert (result.get("given").lat, result.get("given").provider) == (10.0, "explicit")
    assert (result.get("cached").lat, result.get("cached").name) == (1.5, "Pinned Kabul")
    assert result.get("gazetteer").provider == "geonames"
    assert result.get("none") is None and result.unplaced == []


def test_shipped_table_is_placed_offline_with_honest_precision() -> None:
    prepared = prepare(SHIPPED, strict=True)
    places = prepared.placements.places
    assert prepared.placements.unplaced == []
    precision = {event_id: p.precision for event_id, p in places.items()}
    # Venues pinned from a named reference; the rest no finer than the source allows.
    assert precision["kabul-airport-2021"] == "venue"
    assert precision["crocus-city-hall-2024"] == "venue"
    assert precision["russian-embassy-kabul-2022"] == "city"
    assert precision["kabul-hotel-2022"] == "city"
    assert precision["kerman-2024"] == "city"
    assert precision["us-invasion-iraq-2003"] == "country"
    # Places no one point stands for are not drawn, but kept with their countries.
    areas = prepared.placements.areas
    assert {i: a.country for i, a in areas.items()} == {
        "european-cells-dismantled": "AT DE NL GB",
        "italy-france-security-2024": "IT FR",
    }
    assert {places[i].provider for i in ("kabul-airport-2021", "crocus-city-hall-2024")} == {"manual"}
    assert all("Wikipedia" in places[i].note for i in ("kabul-airport-2021", "crocus-city-hall-2024"))


def test_default_build_makes_no_network_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline import build

    attempts: list[object] = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    build(SHIPPED, tmp_path)
    assert attempts == []
    assert (tmp_path / "index.html").exists()


class Nominatim(BaseHTTPRequestHandler):
    """A stand-in for nominatim.openstreetmap.org: canned answers by query."""

    answers: ClassVar[dict[str, tuple[int, object]]] = {}
    seen: ClassVar[list[tuple[float, str, str]]] = []

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
        self.seen.append((time.monotonic(), query, self.headers.get("User-Agent", "")))
        status, body = self.answers.get(query, (200, []))
        if query == "Slow Place":
            time.sleep(1.5)
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def nominatim():
    Nominatim.seen = []
    Nominatim.answers = {
        "Abbey Gate, Kabul Airport": (
            200,
            [{"lat": "34.5622", "lon": "69.2069", "display_name": "Abbey Gate, Kabul", "place_rank": 30}],
        ),
        "Shinwar District": (
            200,
            [
                {
                    "lat": "34.3",
                    "lon": "70.5",
                    "display_name": "Shinwar District, Nangarhar, Afghanistan",
                    "place_rank": 8,
                }
            ],
        ),
        "Server Trouble": (500, b"oops"),
        "Garbled": (200, b"{not json"),
        "Too Many": (429, b"[]"),
        "Slow Place": (200, [{"lat": "1", "lon": "2", "display_name": "Slow", "place_rank": 16}]),
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), Nominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_online_results_are_appended_to_the_places_cache(
    tmp_path: Path, nominatim: str, gazetteer: OfflineGazetteer
) -> None:
    path = tmp_path / "places.csv"
    original = b"query,lat,lon,precision,provider,resolved_name,note\nKabul,34.5,69.2,city,manual,Kabul,\n"
    path.write_bytes(original)
    cache = PlacesCache.load(path)
    online = nominatim_geocoder(domain=nominatim, scheme="http", min_delay_seconds=0)
    events = [
        event("gate", "Abbey Gate, Kabul Airport"),
        event("province", "Shinwar District"),
        event("nowhere", "Nowhere Special"),
    ]
    result = place_events(events, cache, gazetteer=gazetteer, online=online)
    assert (result.get("gate").precision, result.get("gate").provider) == ("venue", "nominatim")
    assert result.get("province").precision == "region"
    assert [(u.event.id, u.reason) for u in result.unplaced] == [("nowhere", "was found neither offline nor online")]
    text = path.read_bytes()
    assert text.startswith(original)  # what people wrote is kept as it was
    added = PlacesCache.load(path)
    assert added.get("abbey gate, kabul airport").lat == pytest.approx(34.5622)
    assert added.get("Shinwar District").precision == "region"
    assert {ua for _, _, ua in Nominatim.seen} == {
        ua for _, _, ua in Nominatim.seen if ua.startswith("timeline-event-map/")
    }


def test_online_failures_are_reported_per_place_and_keep_earlier_results(
    tmp_path: Path, nominatim: str, gazetteer: OfflineGazetteer
) -> None:
    path = tmp_path / "places.csv"
    cache = PlacesCache.load(path)
    online = nominatim_geocoder(domain=nominatim, scheme="http", min_delay_seconds=0)
    events = [event("ok", "Shinwar District"), event("bad", "Server Trouble"), event("garbled", "Garbled")]
    result = place_events(events, cache, gazetteer=gazetteer, online=online)
    assert result.get("ok") is not None
    reasons = {u.event.id: u.reason for u in result.unplaced}
    assert (
        reasons["bad"]
        == "could not be looked up online: the server answered with an error (Non-successful status code 500)"
    )
    assert reasons["garbled"] == "could not be looked up online: the server's answer could not be read"
    assert PlacesCache.load(path).get("Shinwar District") is not None


def test_online_lookups_are_at_least_a_second_apart(
    tmp_path: Path, nominatim: str, gazetteer: OfflineGazetteer
) -> None:
    online = nominatim_geocoder(domain=nominatim, scheme="http")
    place_events(
        [event("a", "Shinwar District"), event("b", "Abbey Gate, Kabul Airport")],
        PlacesCache(None),
        gazetteer=gazetteer,
        online=online,
    )
    times = [t for t, _, _ in Nominatim.seen]
    assert len(times) == 2
    # One a second, as geopy's RateLimiter spaces the calls; the server sees
    # the arrivals, which network jitter can bring a few milliseconds closer.
    assert times[1] - times[0] >= 0.95


def test_each_place_text_is_looked_up_once(nominatim: str, gazetteer: OfflineGazetteer) -> None:
    online = nominatim_geocoder(domain=nominatim, scheme="http", min_delay_seconds=0)
    events = [event("a", "Shinwar District"), event("b", "shinwar district "), event("c", "SHINWAR DISTRICT")]
    result = place_events(events, PlacesCache(None), gazetteer=gazetteer, online=online)
    assert len(result.places) == 3
    assert [q for _, q, _ in Nominatim.seen] == ["Shinwar District"]


@pytest.mark.parametrize(
    ("query", "name", "precision", "country"),
    [
        ("Malta", "Malta", "country", "MT"),  # too small for the outlines: shown at Valletta
        ("Rabat, Malta", "Rabat, Malta", "city", "MT"),  # not Rabat, Morocco (a town of 11,000)
        ("Valletta, Malta", "Valletta, Malta", "city", "MT"),
        ("Йошкар-Ола, Russia", "Yoshkar-Ola, Russia", "city", "RU"),  # й kept as written
    ],
)
def test_small_countries_and_marked_letters(
    gazetteer: OfflineGazetteer, query: str, name: str, precision: str, country: str
) -> None:
    location = gazetteer.geocode(query)
    assert (location.address, location.raw["precision"], location.raw["country"]) == (name, precision, country)
    if query == "Malta":
        assert location.raw["note"] == "shown at its capital, Valletta (country level)"


def test_rate_limits_timeouts_and_refusals_are_reported_per_place(
    tmp_path: Path, nominatim: str, gazetteer: OfflineGazetteer
) -> None:
    path = tmp_path / "places.csv"
    cache = PlacesCache.load(path)
    online = nominatim_geocoder(domain=nominatim, scheme="http", timeout=0.5, min_delay_seconds=0)
    events = [event("ok", "Shinwar District"), event("busy", "Too Many"), event("slow", "Slow Place")]
    result = place_events(events, cache, gazetteer=gazetteer, online=online)
    reasons = {u.event.id: u.reason for u in result.unplaced}
    assert reasons["busy"] == "could not be looked up online: the server asked us to slow down (HTTP 429)"
    assert reasons["slow"] == "could not be looked up online: the server did not answer in time"
    assert result.get("ok") is not None and PlacesCache.load(path).get("Shinwar District") is not None


def test_a_refused_connection_is_reported(gazetteer: OfflineGazetteer) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    online = nominatim_geocoder(domain=f"127.0.0.1:{port}", scheme="http", timeout=2, min_delay_seconds=0)
    result = place_events([event("x", "Nowhere At All")], PlacesCache(None), gazetteer=gazetteer, online=online)
    assert result.unplaced[0].reason == "could not be looked up online: the server could not be reached"


def test_country_at_agrees_with_testing_every_outline_whole() -> None:
    """The grid and the edges kept per row are shortcuts: the answers must be
    those of the even-odd rule over every outline, in order, edges and all
    (also for points on the grid's lines, where a shortcut would slip)."""
    import random

    from timeline.countries import countries, country_at

    def inside(x: float, y: float, ring) -> bool:
        result = False
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
                result = not result
        return result

    def every_outline(lat: float, lon: float) -> str:
        for c in countries().values():
            for (x0, y0, x1, y1), ring in c.rings:
                if x0 <= lon <= x1 and y0 <= lat <= y1 and inside(lon, lat, ring):
                    return c.code
        return ""

    draw = random.Random(6)
    points = [(draw.uniform(-56, 72), draw.uniform(-170, 180)) for _ in range(3000)]
    points += [(float(lat), float(lon)) for lat in range(-56, 72, 2) for lon in range(-170, 180, 5)]
    found = [country_at(lat, lon) for lat, lon in points]
    assert found == [every_outline(lat, lon) for lat, lon in points]
    assert len(set(found)) > 100  # most of the world's countries were hit, and the sea ("")
