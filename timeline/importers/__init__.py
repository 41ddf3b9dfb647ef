"""Importers: a database's export turned into this project's tables.

``import_gtd`` reads the Global Terrorism Database's CSV, ``import_acled``
an ACLED export (both column sets); each writes ``events.csv``,
``sources.csv``, ``citations.csv``, ``places.csv`` and ``timeline.toml`` into
a folder, whole or not at all, which ``timeline build`` reads at once
(``common``: reading an export as a stream, and the shared writer).
"""

from .acled import import_acled
from .common import ImportReport
from .gtd import import_gtd

IMPORTERS = {"gtd": import_gtd, "acled": import_acled}

__all__ = ["IMPORTERS", "ImportReport", "import_acled", "import_gtd"]
