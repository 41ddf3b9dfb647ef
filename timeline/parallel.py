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
import io
import multiprocessing
import os
import pickle
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
    the work itself, so the answer is the same either way.

    With ``pieces=n``, ``work()`` yields ``n`` values, each sent to the parent
    as soon as it is made: ``result(i)`` waits for the ``i``-th alone (so the
    build can use the first while the child makes the next), and raises what
    the work raised before making it."""

    def __init__(self, work: Callable[[], T], *, pieces: int = 0):
        self.work = work
        self.pieces = pieces
        self.process = None
        self._answers: list[tuple[bool, object]] = []
        self._iterator = None
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
            for outcome in self._outcomes():
                _send(sender, outcome)
                del outcome  # not held while the next is made
        except BrokenPipeError:  # the parent is gone
            return
        sender.close()

    def _outcomes(self):
        """(True, value) for each value the work gives, or (False, error) for
        what it raised, as each is made."""
        try:
            if not self.pieces:
                yield (True, self.work())
                return
            for value in self.work():
                yield (True, value)
        except GeneratorExit:  # closed before it was done (here, not in a child)
            raise
        except BaseException as err:  # sent to the parent, which raises it
            yield (False, err)

    def __enter__(self) -> InChild[T]:
        return self

    def __exit__(self, *exc) -> None:
        """Leaving before the result was asked for (an error meanwhile) stops the child."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()

    def result(self, index: int = 0) -> T:
        """The work's value (with ``pieces``: its ``index``-th value)."""
        while len(self._answers) <= index and (not self._answers or self._answers[-1][0]):
            self._answers.append(self._receive() if self.process is not None else self._here())
        ok, value = self._answers[min(index, len(self._answers) - 1)]
        if not ok:
            raise value
        return value

    def _here(self) -> tuple[bool, object]:
        if self._iterator is None:
            self._iterator = self._outcomes()
        try:
            ok, value = next(self._iterator)
        except StopIteration:
            return (False, RuntimeError(f"{self.work!r} gave fewer than {self.pieces} values"))
        if not ok and not isinstance(value, Exception):
            raise value  # KeyboardInterrupt and the like, here as they came
        return (ok, value)

    def _receive(self) -> tuple[bool, object]:
        try:
            answer = _receive(self.receiver)
        except EOFError:
            self.receiver.close()
            self.process.join()
            raise RuntimeError(f"the child process doing {self.work!r} ended without an answer") from None
        if not answer[0] or len(self._answers) + 1 >= max(1, self.pieces):  # the last it sends
            self.receiver.close()
            self.process.join()
        return answer


# Bytes objects this long cross from the child as messages of their own.
BIG = 1 << 16


class _Sender(pickle.Pickler):
    """Pickles all but long bytes objects, which it lists in ``big``."""

    def __init__(self, file, big: list[bytes]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.big = big
        self.seen: dict[int, int] = {}  # id -> index in big: one sent once, however often it is found

    def persistent_id(self, obj):
        if obj.__class__ is bytes and len(obj) >= BIG:
            if id(obj) not in self.seen:
                self.seen[id(obj)] = len(self.big)
                self.big.append(obj)  # held, so its id is not another's meanwhile
            return self.seen[id(obj)]
        return None


class _Receiver(pickle.Unpickler):
    def __init__(self, file, big: list[bytes]):
        super().__init__(file)
        self.big = big

    def persistent_load(self, pid: int) -> bytes:
        return self.big[pid]


def _send(sender, value) -> None:
    """``value`` to the parent, its long bytes objects (a million events'
    embeds: hundreds of megabytes) each sent as they are: ``send`` would copy
    them into one pickle, and the parent hold that and its copy at once."""
    big: list[bytes] = []
    pickled = io.BytesIO()
    _Sender(pickled, big).dump(value)
    sender.send_bytes(len(big).to_bytes(4, "little"))
    for data in big:
        sender.send_bytes(data)
    sender.send_bytes(pickled.getbuffer())


def _receive(receiver):
    """What ``_send`` sent."""
    count = int.from_bytes(receiver.recv_bytes(), "little")
    big = [receiver.recv_bytes() for _ in range(count)]
    return _Receiver(io.BytesIO(receiver.recv_bytes()), big).load()
