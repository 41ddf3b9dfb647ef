"""The notebook runs from top to bottom and shows the map and the timeline."""

from __future__ import annotations

import html as html_module

import nbformat
from nbclient import NotebookClient

from timeline.page import packed_scripts

from ..conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_notebook_runs_and_shows_both_views() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), (
        "commit it without outputs"
    )
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    html = [
        output["data"]["text/html"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "text/html" in output.get("data", {})
    ]
    frames = [h for h in html if h.startswith("<iframe srcdoc=")]
    assert len(frames) == 2
    # the map's page, its scripts packed (timeline/static/boot.js runs them)
    map_page = html_module.unescape(frames[0])
    assert "Country outlines (offline)" in map_page + "".join(packed_scripts(map_page))
    assert "timeline-figure" in frames[1]
    assert any("crocus-city-hall-2024" in h for h in html)  # the DataFrame lists the events
