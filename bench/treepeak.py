"""Run a command and print each process's peak memory (VmHWM), the build's
forked child included, which ``/usr/bin/time``'s %M (the largest single
process) does not tell apart.

    .venv/bin/python bench/treepeak.py [--trace FILE] -- .venv/bin/timeline build EVENTS --out DIR

Prints the wall and CPU time of the whole tree, and one line per process:
parent or child, its pid and its peak resident memory in MB. With
``--trace FILE``: each process's resident memory every quarter second, in
FILE (seconds, then pid=MB for each), to see when each peak comes.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(p) for p in handle.read().split()]
    except OSError:
        pass
    return found


def _peak_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _rss_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def main(argv: list[str]) -> None:
    trace = None
    if argv[:1] == ["--trace"]:
        trace = open(argv[1], "w")  # noqa: SIM115
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    last = 0.0
    started = time.perf_counter()
    process = subprocess.Popen(argv)
    peaks: dict[int, int] = {}
    names: dict[int, str] = {}
    while process.poll() is None:
        tree, todo = [], [process.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += _children(pid)
        for pid in tree:
            kb = _peak_kb(pid)
            if kb is not None:
                peaks[pid] = max(peaks.get(pid, 0), kb)
                if pid not in names:
                    names[pid] = "parent" if pid == process.pid else "child"
        now = time.perf_counter() - started
        if trace is not None and now - last >= 0.25:
            last = now
            rss = " ".join(f"{names.get(pid, '?')}{pid}={(_rss_kb(pid) or 0) / 1024:.0f}" for pid in tree)
            trace.write(f"{now:.2f} {rss}\n")
        time.sleep(0.01)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"exit {process.returncode}: {wall:.2f} s wall, {usage.ru_utime:.2f} user, {usage.ru_stime:.2f} sys (whole tree)"
    )
    for pid in sorted(peaks):
        print(f"  {names[pid]} {pid}: peak {peaks[pid] / 1024:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
