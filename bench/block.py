"""The pages' making at scale, step by step: where pipeline.render's time goes.

    .venv/bin/python bench/block.py EVENTS_CSV [--runs 3]

Reads and places the table once, then times, best of the runs (wall and CPU
seconds, CPU counting every thread): the three pages (pipeline.render, the
first run with claims' statements not yet worked out, as in a build), the data
block (datablock.data_block, its statements kept from the run before), packing
it (datablock.pack), deflating it (datablock.gzip_in_pieces, ISA-L; and
zlib's level 6 beside it, as it was) and the pages' figure; then the sizes,
packed and deflated, and the load average. Over 200,000 events: run it under
`flock /tmp/heavy.lock` (a million events take 4 GB).
"""

from __future__ import annotations

import argparse
import gc
import os
import time
import zlib
from pathlib import Path


def timed(runs: int, work, fresh=None) -> tuple[float, float, object]:
    """(best wall, best CPU, last value) of ``runs`` calls of ``work``."""
    walls, cpus, value = [], [], None
    for _ in range(runs):
        if fresh is not None:
            fresh()
        wall, cpu = time.perf_counter(), time.process_time()
        value = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    gc.disable()  # as a build does (pipeline.without_gc_pauses)
    import timeline.pipeline as pipeline
    from timeline.datablock import data_block, gzip_in_pieces, pack
    from timeline.load import load

    dataset = load(args.events)
    prepared = pipeline.place(dataset)

    def fresh() -> None:  # each step works out the chart's geometry itself, as in a build
        dataset.drawn.clear()

    def line(name: str, wall: float, cpu: float) -> None:
        print(f"{name:58s} {wall:7.2f} s wall {cpu:7.2f} s CPU", flush=True)

    wall, cpu, pages = timed(1, lambda: pipeline.render(prepared), fresh)
    line("three pages (pipeline.render), claims' statements unknown", wall, cpu)
    sizes = {name: len(text) for name, text in pages.items()}
    del pages
    wall, cpu, block = timed(args.runs, lambda: data_block(dataset, prepared.placements), fresh)
    line("- the data block (data_block), statements kept", wall, cpu)
    wall, cpu, parts = timed(args.runs, lambda: pack(block))
    line("- packing it (pack)", wall, cpu)
    wall, cpu, deflated = timed(args.runs, lambda: [gzip_in_pieces(part) for part in parts])
    line("- deflating it (gzip_in_pieces: ISA-L, two threads)", wall, cpu)
    wall, cpu, level6 = timed(1, lambda: [zlib.compress(part, 6) for part in parts])
    line("  (zlib's level 6, one thread, as before)", wall, cpu)
    wall, cpu, _ = timed(args.runs, lambda: pipeline.page_figure(dataset), fresh)
    line("- the pages' figure (page_figure)", wall, cpu)
    mb = 1e6
    print(
        f"block: {sum(map(len, parts)) / mb:.1f} MB packed, {sum(map(len, deflated)) / mb:.1f} MB deflated "
        f"({sum(map(len, level6)) / mb:.1f} MB by zlib's level 6); pages: "
        + ", ".join(f"{name} {size / mb:.1f} MB" for name, size in sizes.items())
    )
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
