"""timeline.parallel: work in a forked child gives what the work gives, errors included."""

from __future__ import annotations

import os

import pytest

from timeline.errors import OutputError
from timeline.parallel import InChild, can_fork


def test_the_child_answers_what_the_work_gives_and_runs_elsewhere() -> None:
    with InChild(lambda: (os.getpid(), "é" * 100_000)) as child:
        pid, text = child.result()
    assert text == "é" * 100_000
    assert (pid != os.getpid()) == can_fork()


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
