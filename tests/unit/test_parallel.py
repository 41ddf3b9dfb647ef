"""timeline.parallel: work in a forked child gives what the work gives, errors included."""

from __future__ import annotations

import io
import os
import time

import pytest

from timeline.errors import OutputError
from timeline.parallel import InChild, can_fork


def test_the_child_answers_what_the_work_gives_and_runs_elsewhere() -> None:
    with InChild(lambda: (os.getpid(), "é" * 100_000)) as child:
        pid, text = child.result()
    assert text == "é" * 100_000
    assert (pid != os.getpid()) == can_fork()


@pytest.mark.parametrize("fork", [True, False], ids=["in-a-child", "here"])
def test_asked_again_the_result_is_the_same_and_the_work_done_once(monkeypatch, fork: bool) -> None:
    from timeline import parallel

    if not fork:
        monkeypatch.setattr(parallel, "can_fork", lambda: False)
    calls = []

    def work() -> list[int]:
        calls.append(1)
        return [len(calls), os.getpid()]

    with InChild(work) as child:
        first = child.result()
        assert child.result() == first
    assert first[0] == 1
    assert calls == ([] if child.process is not None else [1])  # in a child, the parent's list is untouched


def test_long_bytes_cross_whole_beside_the_rest() -> None:
    from timeline import parallel

    long = bytes(range(256)) * (parallel.BIG // 256 + 3)
    value = {"page": long, "more": [long[::-1], b"short", "é" * 10], "n": 3}
    with InChild(lambda: value) as child:
        assert child.result() == value


def test_long_bytes_are_listed_apart_from_the_pickle() -> None:
    from timeline import parallel

    long = b"\0" * parallel.BIG
    big: list[bytes] = []
    pickled = io.BytesIO()
    parallel._Sender(pickled, big).dump({"a": long, "b": [b"short", long + b"!"]})
    assert big == [long, long + b"!"]
    assert len(pickled.getvalue()) < 200
    back = parallel._Receiver(io.BytesIO(pickled.getvalue()), big).load()
    assert back == {"a": long, "b": [b"short", long + b"!"]}


def test_an_error_in_the_child_is_raised_in_the_parent() -> None:
    def fails() -> None:
        raise OutputError("out/embed/timeline.html: could not be written")

    with InChild(fails) as child, pytest.raises(OutputError, match="could not be written"):
        child.result()


def test_leaving_early_stops_the_child() -> None:
    import time

    with pytest.raises(KeyError), InChild(lambda: time.sleep(60)) as child:
        raise KeyError("the build failed meanwhile")
    if child.process is not None:
        assert not child.process.is_alive()


@pytest.mark.skipif(not can_fork(), reason="one CPU, or no fork here: every build makes its parts in turn")
def test_a_build_on_one_cpu_writes_the_same_bytes_as_on_two(synthetic_builds, tmp_path, monkeypatch) -> None:
    """The figure and the embeds made in a child while the events are placed
    (two CPUs) or in turn (one): the same files, byte for byte."""
    from timeline import build, parallel

    two_cpus, _ = synthetic_builds(600)  # above the WebGL threshold: culled, typed arrays, every part
    events = two_cpus.parent / "events.csv"
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    report = build(events, tmp_path / "out")
    assert report.files
    for name in report.files:
        assert (tmp_path / "out" / name).read_bytes() == (two_cpus / name).read_bytes(), name


def written(pid: int) -> int:
    """Bytes process pid has written so far (0 once it is gone). A write
    counts when it returns: a child blocked handing over a large answer has
    written its length only."""
    try:
        with open(f"/proc/{pid}/io") as io:
            return int(next(line for line in io if line.startswith("wchar:")).split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return 0


# A parent that starts a child, says its pid, and waits without asking for the answer.
PARENT = """
import sys, time
from timeline.parallel import InChild
work = {"working": lambda: time.sleep(60), "answered": lambda: "x" * 10_000_000}[sys.argv[1]]
child = InChild(work)
print(child.process.pid, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not can_fork(), reason="no child process here")
@pytest.mark.parametrize("stage", ["working", "answered"])
def test_a_child_ends_with_its_parent_killed_outright(tmp_path, stage: str) -> None:
    """Killed with SIGKILL, the parent runs no clean-up: its child must not work
    on, nor wait forever to hand over an answer larger than the pipe holds."""
    import signal
    import subprocess
    import sys
    import time

    from ..conftest import ROOT, alive

    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, stage],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    child = int(parent.stdout.readline())
    if stage == "answered":  # wait until the child has its answer and is handing it over
        deadline = time.monotonic() + 30
        while not written(child) and time.monotonic() < deadline:
            time.sleep(0.01)
        # the answer's length went first; its 10 MB cannot all go into the pipe
        assert written(child), "the child never began to hand over its answer"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and alive(child):
        time.sleep(0.05)
    assert not alive(child), f"the child {child} outlived its parent"


@pytest.mark.parametrize("fork", [True, False], ids=["in-a-child", "here"])
def test_pieces_come_as_they_are_made(monkeypatch, tmp_path, fork: bool) -> None:
    """The first piece is had while the work is still making the second:
    the child makes the second only once the parent has the first."""
    from timeline import parallel

    if not fork:
        monkeypatch.setattr(parallel, "can_fork", lambda: False)
    signal = tmp_path / "had-the-first"

    def work():
        yield "first"
        for _ in range(1000):  # up to 10 s, so a wrong answer fails rather than hangs
            if signal.exists():
                yield "made after the first was had"
                return
            time.sleep(0.01)
        yield "made before the first was had"

    with InChild(work, pieces=2) as child:
        assert child.result(0) == "first"
        signal.touch()
        assert child.result(1) == "made after the first was had"
        assert child.result(0) == "first"


@pytest.mark.parametrize("fork", [True, False], ids=["in-a-child", "here"])
def test_an_error_after_a_piece_is_raised_for_the_pieces_after_it(monkeypatch, fork: bool) -> None:
    from timeline import parallel

    if not fork:
        monkeypatch.setattr(parallel, "can_fork", lambda: False)

    def work():
        yield {"figure": 1}
        raise OutputError("out/embed/timeline.html: could not be written")

    with InChild(work, pieces=3) as child:
        assert child.result(0) == {"figure": 1}
        with pytest.raises(OutputError, match="could not be written"):
            child.result(1)
        with pytest.raises(OutputError, match="could not be written"):
            child.result(2)


def test_long_bytes_found_twice_cross_once() -> None:
    from timeline import parallel

    long = b"\1" * parallel.BIG
    big: list[bytes] = []
    pickled = io.BytesIO()
    parallel._Sender(pickled, big).dump({"a": [long, b"short"], "b": [long]})
    assert big == [long]
    back = parallel._Receiver(io.BytesIO(pickled.getvalue()), big).load()
    assert back == {"a": [long, b"short"], "b": [long]} and back["a"][0] is back["b"][0]
