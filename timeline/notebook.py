"""Show the built pages inside a Jupyter notebook, offline.

from timeline import prepare, render
from timeline.notebook import show
pages = render(prepare("seeds/events.csv"))
show(pages["map.html"])
"""

from __future__ import annotations

from html import escape


def show(page: str, height: int = 520):
    """An IPython display object holding ``page`` in a sandboxed iframe."""
    from IPython.display import HTML  # lazy: only in a notebook, where IPython is

    frame = (
        f'<iframe srcdoc="{escape(page, quote=True)}" sandbox="allow-scripts allow-popups" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe>'
    )
    return HTML(frame)
