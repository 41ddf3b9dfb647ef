"""The field test's figures: how the offline gazetteer does on
tests/data/places_field.csv (place texts from this field, each with the
country and status expected).

    .venv/bin/python bench/field.py

Prints: place texts, placed, placed in the right country, flagged for review,
and placed in the wrong country without being flagged (the target is 0).
tests/unit/test_places_field.py checks each row and that the last figure is 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.unit.test_places_field import figures  # noqa: E402
from timeline.gazetteer import Gazetteer  # noqa: E402


def main() -> None:
    result = figures(Gazetteer())
    print(f"place texts:                    {result.texts}")
    print(f"placed:                         {result.placed} ({result.placed / result.texts:.0%})")
    print(
        f"in the right country:           {result.right_country} ({result.right_country / result.placed:.0%} of placed)"
    )
    print(f"flagged for review:             {result.flagged}")
    print(f"wrong country and not flagged:  {result.wrong_unflagged}")


if __name__ == "__main__":
    main()
