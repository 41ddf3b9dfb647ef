"""Nothing lost: a build is one transaction. Killed at any moment, run
beside another build into the same folder, or failing on a full disk, it
leaves the folder holding one build's whole set of files (each file's build
id says which), the previous one or the new one; and the inputs are never changed."""

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

from ..conftest import ROOT, SEEDS, alive

KILL_RUNS = 12
FILES = (
    "index.html",
    "map.html",
    "timeline.html",
    "embed/timeline.html",
    "embed/map-iframe.html",
    "embed/index-iframe.html",
)


def table(folder: Path, title: str, n: int) -> Path:
    """A small table with coordinates (no gazetteer to load: quick builds);
    one event in ten an attack (the deck draws a small map for each)."""
    folder.mkdir(parents=True, exist_ok=True)
    category = ("attack", *["context"] * 9)
    rows = "".join(
        f"e{i},2020-{1 + i % 12:02d},{title} {i},{category[i % 10]},{10 + i},{20 + i},{i}\n" for i in range(n)
    )
    path = folder / "events.csv"
    path.write_text("id,date,title,category,lat,lon,killed\n" + rows, encoding="utf-8")
    return path


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def every_file(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_build(folder: Path, *references: dict[str, bytes]) -> str:
    """The build id every file in ``folder`` carries; the files must be exactly
    one reference build's, byte for byte. Nothing but the folder is left
    beside it (no staging folder)."""
    from timeline.stamp import read_id

    found = every_file(folder)
    ids = {name: read_id(name.rsplit("/", 1)[-1], data) for name, data in found.items()}
    assert len(set(ids.values())) == 1, f"files from more than one build: {ids}"
    assert any(found == reference for reference in references), "the folder is not one build's whole set of files"
    return next(iter(ids.values()))


def kill_moments(runs: int, low: float, high: float, rng: random.Random) -> list[float]:
    """``runs`` moments between ``low`` and ``high`` (in build durations), one
    at random in each of ``runs`` equal slices, in a shuffled order: every part
    of a build is hit by some kill however few the runs, and the builds that
    finish are spread out among those that are killed."""
    width = (high - low) / runs
    moments = [low + width * (n + rng.random()) for n in range(runs)]
    rng.shuffle(moments)
    return moments


def run_build(events: Path, out: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "timeline", "build", str(events), "--out", str(out), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
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
    killed = 0
    for run, moment in enumerate(kill_moments(KILL_RUNS, 0.4, 1.6, random.Random(2024))):
        source = b if run % 2 == 0 else a
        began = time.perf_counter()
        process = run_build(source, out)
        time.sleep(moment * duration)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        else:  # it finished: how long a build takes now, on a machine whose load changes
            duration = time.perf_counter() - began
        process.wait()
        for name, data in outputs(out).items():
            assert data in (ref_a[name], ref_b[name]), f"run {run}: {name} is neither build's whole file"
        one_build(out, every_file(two_tables_root(a) / "ref-a"), every_file(two_tables_root(a) / "ref-b"))
    # Kills land before, during and after the writing: some builds die, some finish.
    assert 0 < killed < KILL_RUNS, f"{killed} of {KILL_RUNS} runs were killed"
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
        one_build(out, every_file(two_tables_root(a) / "ref-a"), every_file(two_tables_root(a) / "ref-b"))


def two_tables_root(a: Path) -> Path:
    return a.parent.parent


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


@pytest.mark.parametrize("failing", range(len(FILES)))
def test_a_full_disk_at_any_file_changes_nothing(two_tables, tmp_path: Path, monkeypatch, failing: int) -> None:
    """The disk fills up while the n-th file is written (simulated: the write
    raises ENOSPC): the error names the file, and the folder is as it was."""
    import errno

    from timeline import atomic
    from timeline.errors import OutputError

    a, b, _, _ = two_tables
    out = tmp_path / "out"
    build(a, out)
    before = every_file(out)
    written = []
    real = atomic._write_file

    def fill_up(path: Path, data) -> None:
        if len(written) == failing:
            whole = b"".join(atomic.pieces_of(data))  # bytes, or bytes in pieces
            path.write_bytes(whole[: len(whole) // 2])  # part of it got there
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(path)
        real(path, data)

    monkeypatch.setattr(atomic, "_write_file", fill_up)
    with pytest.raises(
        OutputError, match=r"could not be written \(No space left on device\); nothing in .* was changed"
    ):
        build(b, out)
    assert every_file(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "a staging folder was left behind"


def test_a_real_full_disk_changes_nothing(two_tables, tmp_path: Path) -> None:
    """On a small tmpfs (mounted as root; skipped otherwise) the second build
    does not fit beside the first: it fails with one line, the first stays."""
    a, b, _, _ = two_tables
    # Room for one build and half of another: a build is staged whole beside the last one.
    probe = tmp_path / "probe"
    assert run_build(a, probe).wait() == 0
    one = sum(-(-p.stat().st_size // 4096) * 4096 for p in probe.rglob("*") if p.is_file())
    disk = tmp_path / "disk"
    disk.mkdir()
    size = f"size={one * 3 // 2 // 1024}k"
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", size, "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        out = disk / "out"
        first = run_build(a, out)
        assert first.wait() == 0, first.stderr.read()
        before = every_file(out)
        second = run_build(b, out)
        assert second.wait() == 1
        stderr = second.stderr.read().decode()
        assert "Traceback" not in stderr
        assert stderr.strip().splitlines() == [
            f"Error: {out}/{stderr.split(out.as_posix() + '/', 1)[1].split(':', 1)[0]}: could not be written "
            f"(No space left on device); nothing in {out} was changed"
        ]
        assert every_file(out) == before
        assert sorted(p.name for p in disk.iterdir()) == ["out"]
    finally:
        subprocess.run(["umount", str(disk)], check=True)


@pytest.mark.parametrize("where", ["embed", "index.html/", "out"])
def test_a_folder_of_the_wrong_shape_changes_nothing(two_tables, tmp_path: Path, where: str) -> None:
    """``out/embed`` a file, ``out/index.html`` a folder, ``out`` itself a file:
    one line naming it, and nothing changed."""
    from click.testing import CliRunner

    from timeline.cli import main

    a, _, _, _ = two_tables
    out = tmp_path / "out"
    if where == "out":
        out.write_text("not a folder", encoding="utf-8")
    else:
        build(a, out)
        target = out / where.rstrip("/")
        target.unlink() if target.is_file() else __import__("shutil").rmtree(target)
        target.mkdir() if where.endswith("/") else target.write_text("mine", encoding="utf-8")
    before = {str(p): p.read_bytes() if p.is_file() else None for p in sorted(tmp_path.rglob("*"))}
    result = CliRunner().invoke(main, ["build", str(a), "--out", str(out)])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(
        f"Error: {out / where.rstrip('/')}" if where != "out" else f"Error: {out}: is a file"
    )
    assert {str(p): p.read_bytes() if p.is_file() else None for p in sorted(tmp_path.rglob("*"))} == before


def test_other_files_are_kept_and_an_earlier_builds_pictures_removed(two_tables, tmp_path: Path) -> None:
    """A file of the user's in the folder stays; pictures of an earlier build
    (another table) would not match the new pages, so they go, and are named."""
    from timeline.stamp import read_id

    a, b, _, _ = two_tables
    out = tmp_path / "out"
    build(a, out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "embed" / "mine.html").write_text("mine", encoding="utf-8")
    (out / "map.png").write_bytes(b"an earlier build's picture")
    (tmp_path / ".out.build-killed").mkdir()  # left by a build that was killed
    report = build(b, out)
    assert report.removed == ["map.png"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "embed" / "mine.html").read_text(encoding="utf-8") == "mine"
    assert not (out / "map.png").exists()
    assert {read_id(n, (out / n).read_bytes()) for n in FILES} == {report.build_id}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def chromium_or_skip() -> None:
    from ..conftest import chromium_path

    if chromium_path() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium not found")
        pytest.skip("Chromium not found")


def descendants(pid: int) -> list[int]:
    """Every process started by ``pid``, and by those, and so on."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


IMAGE_KILLS = 4


@pytest.mark.browser
def test_builds_with_pictures_killed_or_side_by_side_leave_one_builds_files(two_tables, tmp_path: Path) -> None:
    """With --images: two builds of different tables run side by side, and
    builds killed at random moments (pages, pictures, deck or the swap), leave
    every file in the folder from one build, pictures and deck included; the
    browser a killed build started goes with it."""

    chromium_or_skip()
    a, b, _, _ = two_tables
    references = {name: run_build(path, tmp_path / f"ref-{name}", "--images") for name, path in (("a", a), ("b", b))}
    refs = {}
    for name, process in references.items():  # built side by side, each into its own folder
        assert process.wait() == 0, process.stderr.read()
        refs[name] = every_file(tmp_path / f"ref-{name}")
    out = tmp_path / "out"
    started = time.perf_counter()
    first, second = run_build(a, out, "--images"), run_build(b, out, "--images")
    assert first.wait() == 0 and second.wait() == 0
    duration = (time.perf_counter() - started) / 2
    one_build(out, refs["a"], refs["b"])
    killed = 0
    for run, moment in enumerate(kill_moments(IMAGE_KILLS, 0.1, 1.1, random.Random(14))):
        process = run_build(b if run % 2 == 0 else a, out, "--images")
        time.sleep(moment * duration)
        started_by = descendants(process.pid)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        one_build(out, refs["a"], refs["b"])
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(p) for p in started_by):
            time.sleep(0.1)
        left = [p for p in started_by if alive(p)]
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert not left, f"run {run}: processes outlived the killed build: {left}"
    assert killed > 0, f"none of {IMAGE_KILLS} builds was killed mid-build"


def test_a_folder_a_program_works_in_is_updated_in_place(two_tables, tmp_path: Path) -> None:
    """A web server started in the output folder would go on serving the old,
    deleted folder after a swap: such a folder has its files replaced in it."""
    a, b, _, _ = two_tables
    out = tmp_path / "out"
    build(a, out)
    inode = out.stat().st_ino
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], cwd=out)
    try:
        report = build(b, out)
    finally:
        server.kill()
        server.wait()
    assert out.stat().st_ino == inode  # the same folder, its files replaced
    from timeline.stamp import read_id

    assert {read_id(n, (out / n).read_bytes()) for n in FILES} == {report.build_id}
    build(a, out)
    assert out.stat().st_ino != inode  # no one works there now: swapped
