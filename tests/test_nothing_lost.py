"""Nothing lost: a build killed at any moment leaves each output file whole
(the previous one or the new one), two builds into one folder take turns,
and the inputs are never changed."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from timeline import build

from .conftest import ROOT, SEEDS

KILL_RUNS = 24
FILES = (
    "index.html",
    "map.html",
    "timeline.html",
    "embed/timeline.html",
    "embed/map-iframe.html",
    "embed/index-iframe.html",
)


def table(folder: Path, title: str, n: int) -> Path:
    """A small table with coordinates (no gazetteer to load: quick builds)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = "".join(f"e{i},2020-{1 + i % 12:02d},{title} {i},attack,{10 + i},{20 + i},{i}\n" for i in range(n))
    path = folder / "events.csv"
    path.write_text("id,date,title,category,lat,lon,killed\n" + rows, encoding="utf-8")
    return path


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def run_build(events: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "timeline", "build", str(events), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )


@pytest.fixture(scope="module")
def two_tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    root = tmp_path_factory.mktemp("two")
    a, b = table(root / "a", "Alpha", 40), table(root / "b", "Beta", 60)
    build(a, root / "ref-a")
    build(b, root / "ref-b")
    return a, b, outputs(root / "ref-a"), outputs(root / "ref-b")


def test_a_build_killed_at_any_moment_leaves_whole_files(two_tables, tmp_path: Path) -> None:
    a, b, ref_a, ref_b = two_tables
    out = tmp_path / "out"
    build(a, out)
    # How long a build takes here, so the kills land all through it, writes included.
    started = time.perf_counter()
    run_build(b, tmp_path / "timing").wait()
    duration = time.perf_counter() - started
    rng = random.Random(2024)
    killed = 0
    for run in range(KILL_RUNS):
        source = b if run % 2 == 0 else a
        process = run_build(source, out)
        time.sleep(rng.uniform(0.4, 1.6) * duration)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        for name, data in outputs(out).items():
            assert data in (ref_a[name], ref_b[name]), f"run {run}: {name} is neither build's whole file"
    # Kills land before, during and after the writing: some builds die, some finish.
    assert KILL_RUNS // 4 <= killed <= KILL_RUNS - 2, f"{killed} of {KILL_RUNS} runs were killed"
    print(f"\n{KILL_RUNS} builds, {killed} killed mid-build, {KILL_RUNS - killed} finished, 0 torn files")


def test_two_builds_into_one_folder_take_turns(two_tables, tmp_path: Path) -> None:
    a, b, ref_a, ref_b = two_tables
    out = tmp_path / "out"
    for _ in range(3):
        first, second = run_build(a, out), run_build(b, out)
        assert first.wait() == 0 and second.wait() == 0
        found = outputs(out)
        whole_a = all(found[name] == ref_a[name] for name in FILES)
        whole_b = all(found[name] == ref_b[name] for name in FILES)
        assert whole_a or whole_b, "the folder mixes the two builds' files"


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_build_changes_no_input(tmp_path: Path) -> None:
    before = snapshot(SEEDS)
    stamps = {p: p.stat().st_mtime_ns for p in SEEDS.rglob("*") if p.is_file()}
    build(SEEDS / "events.csv", tmp_path)
    assert snapshot(SEEDS) == before
    assert {p: p.stat().st_mtime_ns for p in SEEDS.rglob("*") if p.is_file()} == stamps
