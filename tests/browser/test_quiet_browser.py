"""The Chromium started for --images contacts nothing: watched under strace,
no name is looked up (nothing sent to port 53, no resolver socket opened)
and nothing is sent to, nor any TCP connection opened with, an address that
is not this machine's. What Chromium still tries on its own (an update
check, a sign-in check) goes to the proxy at 127.0.0.1:9, where nothing
listens. Chromium also connect()s a UDP socket to 2001:4860:4860::8888 to
learn whether IPv6 is reachable; a UDP connect sends nothing, and the test
checks nothing is sent on it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, chromium_path

pytestmark = pytest.mark.browser

LOOPBACK = re.compile(r'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"|inet_pton\(AF_INET6, "::ffff:127\.')
RESOLVER_SOCKETS = ("nscd", "resolve", "dns")


def test_the_picture_browser_sends_nothing_out(tmp_path: Path) -> None:
    strace = shutil.which("strace")
    if strace is None or chromium_path() is None:
        message = "strace or Chromium not found: apt-get install strace chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    events = tmp_path / "events.csv"
    events.write_text(
        "id,date,title,category,place,killed\na,2024-03-22,Crocus City Hall,attack,Moscow,145\n"
        "b,2021-08-26,Kabul airport,attack,Kabul,183\n",
        encoding="utf-8",
    )
    log = tmp_path / "trace.log"
    result = subprocess.run(
        [
            strace, "-f", "-qq", "-yy", "-s", "200", "-e", "trace=connect,sendto,sendmsg", "-o", str(log),
            sys.executable, "-m", "timeline", "build", str(events), "--out", str(tmp_path / "out"), "--images",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    if result.returncode != 0 and "ptrace" in result.stderr:
        pytest.skip(f"strace cannot trace here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "map.png").exists()
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    inet = [line for line in lines if re.search(r"\((\d+)<(TCP|UDP)", line)]
    assert inet, "no network call seen at all: is strace following the browser?"
    # Nothing to a name server.
    assert not [line for line in lines if "htons(53)" in line]
    assert not [
        line for line in lines if "AF_UNIX" in line and any(s in line.split("sun_path=")[-1] for s in RESOLVER_SOCKETS)
    ]
    # No TCP connection but to this machine.
    tcp_out = [line for line in inet if "connect(" in line and "<TCP" in line and not LOOPBACK.search(line)]
    assert tcp_out == []
    # Nothing sent anywhere else: no sendto/sendmsg naming, or on a UDP socket
    # connected to, an address that is not this machine's.
    udp_out = {
        re.search(r"\((\d+<UDP[^>]*>)", line).group(1)
        for line in inet
        if "connect(" in line and "<UDP" in line and not LOOPBACK.search(line)
    }
    sent = [
        line
        for line in inet
        if re.search(r"(sendto|sendmsg)\(", line)
        and (any(f"({fd}" in line for fd in udp_out) or ("sin" in line and not LOOPBACK.search(line)))
    ]
    assert sent == []
    to_proxy = [line for line in inet if "connect(" in line and "htons(9)" in line]
    print(f"\n{len(inet)} network calls traced; {len(to_proxy)} refused at the 127.0.0.1:9 proxy; 0 sent out")
