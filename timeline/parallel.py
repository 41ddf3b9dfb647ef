"""Work done on a second CPU while the build goes on.

A big table's build has parts that need nothing from each other (the pages
and the embed fragment, each seconds of pure Python at 200,000 events).
Python runs one thread of Python at a time, so the second part runs in a
forked child process: it starts with a copy of everything the build has
read, and sends back only its result.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Forking is safe and worth it: Linux (elsewhere fork is missing, or
    unsafe once system frameworks are loaded), with more than one CPU to use."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return sys.platform.startswith("linux") and usable > 1


def _end_with_parent(parent: int) -> None:
    """Have Linux end this (child) process when its parent ends (prctl
    PR_SET_PDEATHSIG); if the parent has already ended, end now."""

    # Without prctl to be had, the closed pipe still ends the child once it has its answer.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(0)


class InChild(Generic[T]):
    """``work()``, started now in a forked child process; ``result()`` waits
    for its value (or raises what it raised), and gives the same value when
    asked again. Where forking is not possible, the first ``result()`` does
    the work itself, so the answer is the same either way."""

    def __init__(self, work: Callable[[], T]):
        self.work = work
        self.process = None
        self._answer: tuple[bool, object] | None = None
        if can_fork():
            context = multiprocessing.get_context("fork")
            self.receiver, sender = context.Pipe(duplex=False)
            self.process = context.Process(target=self._run, args=(sender, os.getpid()), daemon=True)
            self.process.start()
            sender.close()

    def _run(self, sender, parent: int) -> None:  # in the child
        # A parent killed outright (SIGKILL) runs no clean-up: the child must
        # not work on, nor wait forever to hand its answer to nobody (with the
        # pipe's reading end still open here, sending more than the pipe holds
        # would). So it lets go of that end and asks Linux to end it with its parent.
        self.receiver.close()
        _end_with_parent(parent)
        try:
            outcome = (True, self.work())
        except BaseException as err:  # sent to the parent, which raises it
            outcome = (False, err)
        try:
            sender.send(outcome)
        except BrokenPipeError:  # the parent is gone
            return
        sender.close()

    def __enter__(self) -> InChild[T]:
        return self

    def __exit__(self, *exc) -> None:
        """Leaving before the result was asked for (an error meanwhile) stops the child."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()

    def result(self) -> T:
        if self._answer is None:
            self._answer = self._receive() if self.process is not None else self._here()
        ok, value = self._answer
        if not ok:
            raise value
        return value

    def _here(self) -> tuple[bool, object]:
        try:
            return (True, self.work())
        except Exception as err:
            return (False, err)

    def _receive(self) -> tuple[bool, object]:
        try:
            answer = self.receiver.recv()
        except EOFError:
            self.process.join()
            raise RuntimeError(f"the child process doing {self.work!r} ended without an answer") from None
        finally:
            self.receiver.close()
        self.process.join()
        return answer
