"""Without plotly.js's basic bundle in node_modules (no npm when scripts/setup
ran), a build still makes every page, carrying the full plotly.js, and says
so and how to fix it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from timeline import assets
from timeline.page import packed_scripts

from ..conftest import SHIPPED


def test_without_the_basic_bundle_the_build_carries_the_full_one_and_says_so(tmp_path: Path) -> None:
    env = {**os.environ, "TIMELINE_NODE_MODULES": str(tmp_path / "node_modules")}
    result = subprocess.run(
        [sys.executable, "-m", "timeline", "build", str(SHIPPED), "--out", str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "plotly.js" in line]
    missing = tmp_path / "node_modules" / assets.BASIC_PACKAGE / "plotly-basic.min.js"
    assert notes == [
        "note: the pages carry the full plotly.js (4.8 MB, 1.5 MB compressed) instead of its basic bundle "
        f"(a quarter of it): {missing} is not installed; run scripts/setup (it needs npm) to install it"
    ]
    for name in ("index.html", "timeline.html", "embed/timeline-standalone.html"):
        assert assets.plotly_js() in packed_scripts((tmp_path / "out" / name).read_text(encoding="utf-8")), name
