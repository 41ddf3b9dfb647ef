"""Nominatim, OpenStreetMap's geocoder: asked only when a build goes online.

``Nominatim(url)`` is the ``lookup(query)`` a build calls for a place the
offline gazetteer does not know. It answers a ``gazetteer.Match`` (method
``nominatim``, status always ``review``: an online result is a guess until a
person accepts it; the note says what was chosen and what to check, the
candidates list the other results) or a ``gazetteer.Unfound`` saying why not.
Nothing a server does makes it raise.

geopy builds the query (``geopy.geocoders.Nominatim``: the ``/search`` URL,
its parameters, the User-Agent header). The request is made by ``Fetch``, a
geopy adapter of our own over the standard library's ``http.client``, and
not by geopy's requests or urllib adapters, because a server we cannot trust
needs what neither gives:

* one deadline for the whole request: connecting, sending, the headers and
  every byte of the answer. A socket timeout bounds each read alone, so a
  server that drips a byte every few seconds was never timed out;
* no redirect followed: the query and our User-Agent go to the configured
  host and nowhere else, and no other host name is looked up;
* no retries inside the HTTP library (urllib3 retried, and printed
  "Retrying (Retry(...", even with ``max_retries=0``). Ours are on 429 and
  5xx only, after the wait the server asks for (``Retry-After``, honoured up
  to ``max_wait``; a longer one is not retried) or a doubling back-off, and
  never sooner than ``min_delay`` after the previous request;
* the answer's size capped (``max_bytes``) and read in bounded pieces.

A plain HTTP proxy named in the environment ($https_proxy, $http_proxy, less
$no_proxy) is used as urllib would (a tunnel for https), never for this
machine's own addresses. Looking up the server's host name is left to the
system's resolver, outside the deadline.

Nominatim's usage policy (operations.osmfoundation.org/policies/nominatim):
at most one request a second, a User-Agent naming the application, results
cached (the places cache) and attributed (OpenStreetMap, ODbL).

Every field of an answer is checked before it is used or cached:
coordinates finite numbers within ±90/±180, ``display_name`` a string
(control characters removed, length capped), ``place_rank`` and
``importance`` numbers. An answer that fails is a warning for that place
naming the problem, and nothing of it is cached. When the server itself
fails ``give_up_after`` times in a row (no answer in time, unreachable,
redirecting, overloaded), the places left are not asked, and each says so:
a server that is down costs a build seconds, not a timeout per place.
"""

from __future__ import annotations

import http.client
import io
import json
import math
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import cache
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

from .countries import countries, country_at, geonames, known, name
from .errors import TimelineError, shorten
from .gazetteer import COUNTRY_ALIASES, Entry, Match, Unfound
from .version import __version__

USER_AGENT = f"timeline-event-map/{__version__} (offline event map and timeline builder)"
DEFAULT_URL = "https://nominatim.openstreetmap.org"
ATTRIBUTION = "OpenStreetMap data via Nominatim (ODbL)"
CANDIDATES = 5  # results asked for, to see whether they agree
MAX_BYTES = 1 << 20  # the largest answer read; Nominatim's for 5 results is a few KB
MAX_NAME = 300  # characters kept of a result's name
MINOR = 0.1  # a best result less important than this (Nominatim's 0-1 scale) is worth a look
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

AGAIN = "try again later, or add it to places.csv"
BY_HAND = "add it to places.csv, or give lat and lon"


class NominatimAddressError(TimelineError, ValueError):
    """The address given for the Nominatim server is not one."""


@dataclass(frozen=True)
class Candidate:
    """One result of a Nominatim search, checked and cleaned."""

    name: str
    lat: float
    lon: float
    precision: str
    country: str  # ISO alpha-2 upper case, or ""
    importance: float | None
    rank: int | None

    def label(self) -> str:
        return f"{shorten(self.name, 100)} ({', '.join(filter(None, (self.country, self.precision)))})"


class Failed(Exception):
    """A request that brought no usable answer: ``reason`` in a few words.
    ``server``: the server failed (not one answer); ``wait``: it may be asked
    again after that many seconds (``None``: not again)."""

    def __init__(self, reason: str, *, fix: str = AGAIN, server: bool = True, wait: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.fix = fix
        self.server = server
        self.wait = wait


class BadAnswer(Exception):
    """An answer that is not what Nominatim sends: ``str(err)`` says what."""


class Nominatim:
    """``lookup(query)`` (or calling it) asks Nominatim at ``url``; see the module's text.

    ``timeout`` bounds each request whole; ``clock`` and ``sleep`` are seams
    for the tests."""

    def __init__(
        self,
        url: str = DEFAULT_URL,
        *,
        timeout: float = 10.0,
        min_delay: float = 1.0,
        retries: int = 2,
        backoff: float = 2.0,
        max_wait: float = 30.0,
        max_bytes: int = MAX_BYTES,
        give_up_after: int = 2,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise NominatimAddressError(
                f"'{shorten(url)}' is not the address of a Nominatim server; "
                "give http:// or https:// and a host, e.g. http://127.0.0.1:8080"
            )
        try:
            parts.port  # noqa: B018  (a port that is not a number raises here)
        except ValueError:
            raise NominatimAddressError(f"'{shorten(url)}' has a port that is not a number; e.g. :8080") from None
        self.url = url
        self.timeout, self.min_delay, self.retries = timeout, min_delay, retries
        self.backoff, self.max_wait, self.give_up_after = backoff, max_wait, give_up_after
        self.clock, self.sleep = clock, sleep
        self._geocoder = _geocoder(parts.scheme, parts.netloc + parts.path.rstrip("/"), timeout, max_bytes, clock)
        self._last: float | None = None  # when the previous request was sent
        self._failures = 0  # the server's failures in a row
        self._down: str | None = None  # why no more are asked

    def __call__(self, query: str) -> Match | Unfound:
        return self.lookup(query)

    def lookup(self, query: str) -> Match | Unfound:
        if self._down is not None:
            return Unfound(f"was not looked up online: {self._down}", AGAIN)
        try:
            raw = self._ask(query)
            found = candidates(raw)
        except Failed as failure:
            if failure.server:
                self._failures += 1
                if self._failures >= self.give_up_after:
                    self._down = f"{failure.reason} for {self._failures} places in a row, so no more were asked"
            return Unfound(f"could not be looked up online: {failure.reason}", failure.fix)
        except BadAnswer as problem:
            self._failures = 0
            return Unfound(f"was not placed: the online answer is unusable ({problem})", BY_HAND)
        self._failures = 0
        return choose(query, found)

    def _ask(self, query: str) -> object:
        """The server's answer (parsed JSON), after retries on 429 and 5xx."""
        for attempt in range(self.retries + 1):
            self._space()
            try:
                return self._geocoder.geocode(query, exactly_one=False, limit=CANDIDATES, addressdetails=True)
            except Failed as failure:
                if failure.wait is None or attempt == self.retries:
                    raise
                if failure.wait > self.max_wait:
                    raise Failed(f"{failure.reason}, and asked us to wait {failure.wait:,.0f} s") from None
                self.sleep(min(max(failure.wait, self.backoff * 2**attempt), self.max_wait))
        raise AssertionError("unreachable")  # pragma: no cover

    def _space(self) -> None:
        """Wait until ``min_delay`` has passed since the previous request was sent."""
        now = self.clock()
        if self._last is not None and now - self._last < self.min_delay:
            self.sleep(self.min_delay - (now - self._last))
            now = self.clock()
        self._last = now


def _geocoder(scheme: str, domain: str, timeout: float, max_bytes: int, clock):
    """geopy's Nominatim, to build the queries, sending them through ``Fetch``
    and handing back the answer unparsed (``candidates`` checks it)."""
    from geopy.geocoders import Nominatim as GeopyNominatim  # lazy, measured: 0.10 s; only --online

    class Query(GeopyNominatim):
        def _parse_json(self, places, exactly_one):
            return places

    def adapter(*, proxies, ssl_context):
        return _fetch_class()(ssl_context=ssl_context, max_bytes=max_bytes, clock=clock)

    return Query(domain=domain, scheme=scheme, timeout=timeout, user_agent=USER_AGENT, adapter_factory=adapter)


@cache
def _fetch_class() -> type:
    from geopy.adapters import BaseSyncAdapter  # lazy: only --online (see above)

    class Fetch(BaseSyncAdapter):
        """A geopy adapter making one GET request, as the module's text says."""

        def __init__(self, *, ssl_context=None, max_bytes: int = MAX_BYTES, clock=time.monotonic):
            super().__init__(proxies=None, ssl_context=ssl_context)
            self.ssl_context = ssl_context
            self.max_bytes = max_bytes
            self.clock = clock

        def get_text(self, url, *, timeout, headers):
            return get(
                url, headers, timeout=timeout, max_bytes=self.max_bytes, clock=self.clock, context=self.ssl_context
            )

        def get_json(self, url, *, timeout, headers):
            return parse_json(self.get_text(url, timeout=timeout, headers=headers))

    return Fetch


def get(
    url: str, headers: dict, *, timeout: float, max_bytes: int = MAX_BYTES, clock=time.monotonic, context=None
) -> str:
    """The body of a 200 answer to GET ``url``, as text; raises ``Failed``."""
    parts = urlsplit(url)
    deadline = clock() + timeout
    late = Failed(f"the server did not answer in time ({timeout:g} s)")
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    host, port = parts.hostname, parts.port
    proxy = _proxy(parts.scheme, host)
    if proxy is not None:
        host, port = proxy
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
        if proxy is not None:  # a tunnel through the proxy; TLS is with the server itself
            connection.set_tunnel(parts.hostname, parts.port)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        if proxy is not None:
            target = url  # a plain HTTP proxy is asked for the whole address
    held = None
    try:
        connection.connect()
        connection.sock = held = _Deadline(connection.sock, deadline, clock)
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        length = response.getheader("Content-Length", "")
        if response.status == 200 and _digits(length) and int(length) > max_bytes:
            raise _too_big(max_bytes)
        body = response.read(max_bytes + 1) if response.status == 200 else b""
        if response.status == 200 and len(body) <= max_bytes and response.length:  # fewer bytes than said
            raise http.client.IncompleteRead(body, response.length)
    except TimeoutError:
        raise late from None
    except http.client.RemoteDisconnected:
        raise Failed("the server closed the connection without answering") from None
    except http.client.IncompleteRead:
        raise Failed("the server's answer was cut short", server=False) from None
    except http.client.HTTPException as err:
        if clock() >= deadline:
            raise late from None
        raise Failed(f"the server's answer is not HTTP ({type(err).__name__})", server=False) from None
    except OSError as err:
        if clock() >= deadline:
            raise late from None
        raise Failed(f"the server could not be reached ({err.strerror or type(err).__name__})") from None
    finally:
        connection.close()
        if held is not None:
            held.sock.close()
    if response.status != 200:
        raise _status_failure(response.status, response.getheader("Retry-After"), response.getheader("Location"))
    if len(body) > max_bytes:
        raise _too_big(max_bytes)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Failed("the server's answer is not UTF-8 text", server=False) from None


def _proxy(scheme: str, host: str | None) -> tuple[str, int] | None:
    """The HTTP proxy (host, port) the environment names for ``scheme`` and
    ``host`` ($https_proxy, $http_proxy, less $no_proxy), as urllib and
    requests read them; never for this machine's own addresses."""
    if not host or host == "localhost" or host.startswith("127.") or host == "::1":
        return None
    named = getproxies().get(scheme)
    if not named or proxy_bypass(host):
        return None
    parts = urlsplit(named if "://" in named else f"http://{named}")
    if parts.scheme != "http" or not parts.hostname:
        return None  # a proxy spoken to in TLS or SOCKS: not supported, go direct
    return parts.hostname, parts.port or 80


def _digits(text: str) -> bool:
    """Is ``text`` a whole number in ASCII digits ("²" and "٣" are digits to ``str.isdigit``, not to ``int``)?"""
    text = text.strip()
    return text.isascii() and text.isdigit()


def _too_big(max_bytes: int) -> Failed:
    return Failed(f"the server's answer is larger than {max_bytes / (1 << 20):g} MB", server=False)


def _status_failure(status: int, retry_after: str | None, location: str | None) -> Failed:
    code = f"HTTP {status}"
    if 300 <= status < 400:
        to = urlsplit(location or "").netloc
        where = f" to {shorten(to, 60)}" if to else ""
        return Failed(
            f"the server sent us elsewhere ({code}{where}); redirects are not followed",
            fix="set the Nominatim address to where the server is, or add it to places.csv",
        )
    if 200 <= status < 300:
        return Failed(f"the server gave no list of places ({code})", server=False)
    wait = None
    if status in RETRY_STATUSES:
        wait = _seconds(retry_after)
    if status == 429:
        return Failed(f"the server asked us to slow down ({code})", wait=wait)
    if status == 503:
        return Failed(f"the server is unavailable ({code})", wait=wait)
    if status >= 500:
        return Failed(f"the server answered with an error ({code})", wait=wait)
    return Failed(
        f"the server refused the request ({code})", fix="check the Nominatim address, or add it to places.csv"
    )


def _seconds(retry_after: str | None) -> float:
    """How long ``Retry-After`` asks to wait: seconds, or an HTTP date; 0 when absent or unreadable."""
    text = (retry_after or "").strip()
    if _digits(text):
        return float(text[:9])
    if text:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return 0.0
        if when is not None and when.tzinfo is not None:
            return max(0.0, when.timestamp() - time.time())
    return 0.0


class _Deadline:
    """A connected socket as ``http.client`` uses it, each send and read
    allowed only the time left until ``deadline``: one deadline for the
    whole request, however slowly the server drips."""

    def __init__(self, sock: socket.socket, deadline: float, clock):
        self.sock, self.deadline, self.clock = sock, deadline, clock

    def _arm(self) -> None:
        left = self.deadline - self.clock()
        if left <= 0:
            raise TimeoutError("the deadline has passed")
        self.sock.settimeout(left)

    def sendall(self, data) -> None:
        self._arm()
        self.sock.sendall(data)

    def recv_into(self, buffer) -> int:
        self._arm()
        return self.sock.recv_into(buffer)

    def makefile(self, mode: str = "rb", *args, **kwargs) -> io.BufferedReader:
        return io.BufferedReader(_Reader(self))

    def close(self) -> None:
        """Nothing yet: ``http.client`` closes the connection while the answer
        is still being read from it; ``get`` closes the socket when done."""


class _Reader(io.RawIOBase):
    def __init__(self, sock: _Deadline):
        self.sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        return self.sock.recv_into(buffer)


def parse_json(text: str) -> object:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # not JSON, nested past the parser's depth, a number too long
        raise Failed("the server's answer is not JSON", server=False) from None


# A decimal number as Nominatim writes coordinates ("34.5622", "-0.1", "1e-3").
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
# What no name shown or cached may hold: control characters (C0, C1), line and
# paragraph separators, marks that reorder text, zero-width characters, lone
# surrogates (JSON can escape them; no file can hold them) and noncharacters.
_UNSEEN = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff\ufff9-\uffff]"
)


def clean(text: str, limit: int) -> str:
    """``text`` with what cannot be seen made a space, spaces run together, at most ``limit`` characters."""
    text = " ".join(_UNSEEN.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quoted(value: object) -> str:
    return f"'{shorten(value if isinstance(value, str) else json.dumps(value)[:100], 40)}'"


def _number(result: dict, key: str, low: float, high: float) -> float:
    value = result.get(key)
    if value is None:
        raise BadAnswer(f"its {key} is missing" if key not in result else f"its {key} is null")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadAnswer(f"its {key} {_quoted(value)} is not a number")
    if isinstance(value, str) and not _NUMBER.fullmatch(value.strip()[:50]):
        raise BadAnswer(f"its {key} {_quoted(value)} is not a number")
    try:
        number = float(value)
    except (OverflowError, ValueError):
        raise BadAnswer(f"its {key} {_quoted(value)} is not a number") from None
    if not math.isfinite(number):
        raise BadAnswer(f"its {key} {_quoted(value)} is not a finite number")
    if not low <= number <= high:
        raise BadAnswer(f"its {key} {_quoted(value)} is beyond {low:g} to {high:g}")
    return number


def candidates(raw: object) -> list[Candidate]:
    """The results of an answer, checked; raises ``BadAnswer`` (or ``Failed``
    for an error the server reports) naming the first thing wrong."""
    if isinstance(raw, dict) and "error" in raw:
        error = raw["error"]
        message = error.get("message", "") if isinstance(error, dict) else error
        said = f": {_quoted(message)}" if isinstance(message, str) and message.strip() else ""
        raise Failed(f"the server answered with an error{said}", server=False)
    if not isinstance(raw, list):
        raise BadAnswer("it is not a list of results")
    found = []
    for n, result in enumerate(raw[:CANDIDATES], 1):
        try:
            found.append(_candidate(result))
        except BadAnswer as problem:
            raise BadAnswer(f"result {n}: {problem}" if len(raw) > 1 else str(problem)) from None
    return found


def _candidate(result: object) -> Candidate:
    if not isinstance(result, dict):
        raise BadAnswer(f"a result {_quoted(result)} is not an object")
    lat = _number(result, "lat", -90, 90)
    lon = _number(result, "lon", -180, 180)
    name = result.get("display_name")
    if not isinstance(name, str) or not clean(name, MAX_NAME):
        raise BadAnswer("its display_name is missing" if name is None else "its display_name is not text")
    rank = None
    if result.get("place_rank") is not None:
        rank_number = _number(result, "place_rank", 0, 30)
        if rank_number != int(rank_number):
            raise BadAnswer(f"its place_rank {_quoted(result['place_rank'])} is not a whole number")
        rank = int(rank_number)
    importance = _number(result, "importance", 0, 10) if result.get("importance") is not None else None
    address = result.get("address")
    code = address.get("country_code") if isinstance(address, dict) else None
    country = code.upper() if isinstance(code, str) and _known_country(code.upper()) else ""
    kind = next((result[k] for k in ("addresstype", "type") if isinstance(result.get(k), str)), "")
    return Candidate(clean(name, MAX_NAME), lat, lon, precision(rank, kind), country, importance, rank)


def _known_country(code: str) -> bool:
    return len(code) == 2 and code.isascii() and code.isalpha() and known(code)


def precision(rank: int | None, kind: str = "") -> str:
    """How precise a Nominatim result is, from its ``place_rank`` (or its type)."""
    if rank is not None:
        if rank <= 4:
            return "country"
        if rank <= 12:
            return "region"
        if rank <= 20:
            return "city"
        return "venue"
    if kind == "country":
        return "country"
    if kind in ("state", "region", "province", "county", "state_district", "continent"):
        return "region"
    if kind in ("city", "town", "village", "municipality", "suburb", "hamlet", "administrative"):
        return "city"
    return "venue"


def choose(query: str, found: list[Candidate]) -> Match | Unfound:
    """The result to take for ``query``, and what a person should check.

    A country the text names after its last comma is a constraint: results
    elsewhere are never taken. Of the rest, Nominatim's first (its most
    important) is taken; the note says when the results lie in several
    countries, or when the one taken is a minor place, and lists the others."""
    if not found:
        return Unfound("was found neither offline nor online", BY_HAND)
    wanted = _country_named(query)
    if wanted:
        inside = [c for c in found if (c.country or _country_of(c)) == wanted]
        if not inside:
            return Unfound(
                f"was found online only outside {name(wanted)}: {found[0].label()}",
                "write the place more fully, or add it to places.csv",
            )
        found = inside
    best, others = found[0], found[1:]
    checks = []
    countries = sorted({c.country or _country_of(c) for c in found} - {""})
    if len(countries) > 1:
        checks.append(f"they lie in {len(countries)} countries ({', '.join(countries)})")
    if best.importance is not None and best.importance < MINOR:
        checks.append(f"it is a minor place (importance {best.importance:.2f})")
    elif best.importance is not None and any((c.importance or 0) > 2 * best.importance for c in others):
        checks.append("another result is far more important")
    taken = f"its first of {len(found)} results" if others else "its only result"
    note = "; ".join(
        [f"{ATTRIBUTION}: took {best.label()}, {taken}", *checks]
        + ([f"others: {'; '.join(c.label() for c in others)}"] if others else [])
    )
    entry = Entry(best.name, best.lat, best.lon, best.precision, "nominatim", best.country or _country_of(best))
    return Match(entry, "nominatim", "review", note, tuple(c.label() for c in others))


def _country_of(candidate: Candidate) -> str:
    return country_at(candidate.lat, candidate.lon)


def _country_named(query: str) -> str:
    """The ISO code of the country the text's last comma-separated part names, if it names one."""
    parts = [p for p in query.split(",") if p.strip()]
    if len(parts) < 2:
        return ""
    return _country_names().get(" ".join(parts[-1].split()).casefold(), "")


@cache
def _country_names() -> dict[str, str]:
    names = {alias: code for alias, code in COUNTRY_ALIASES.items()}
    for code, c in geonames("countries").items():
        names.setdefault(c["name"].casefold(), code)
    for code, c in countries().items():
        names.setdefault(c.name.casefold(), code)
    return names
