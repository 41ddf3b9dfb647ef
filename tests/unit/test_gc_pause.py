"""pipeline.without_gc_pauses: the collector paused, and on leaving what was
made meanwhile counted as old, so the collector's next young pass does not
go over all of it."""

from __future__ import annotations

import gc

from timeline.pipeline import without_gc_pauses


def _in_young_generations(obj: object) -> bool:
    return any(o is obj for generation in (0, 1) for o in gc.get_objects(generation=generation))


def test_what_was_made_in_the_pause_is_old_after_it_and_the_collector_runs_again() -> None:
    assert gc.isenabled()
    with without_gc_pauses():
        assert not gc.isenabled()
        made = [[] for _ in range(3)]
        assert _in_young_generations(made)
    assert gc.isenabled()
    assert not _in_young_generations(made)
    assert any(o is made for o in gc.get_objects(generation=2))


def test_a_pause_within_a_pause_leaves_the_collector_paused() -> None:
    with without_gc_pauses():
        with without_gc_pauses():
            pass
        assert not gc.isenabled()
        made = [[]]
        assert _in_young_generations(made)
    assert gc.isenabled()
    assert not _in_young_generations(made)
