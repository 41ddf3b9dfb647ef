#!/usr/bin/env python3
"""Bring timeline/locales/*.po up to date with the words the code marks.

    .venv/bin/python scripts/catalogues.py          # every shipped language
    .venv/bin/python scripts/catalogues.py uk       # start (or update) Ukrainian

New messages are added untranslated, gone ones dropped, translations kept;
it then says how many each language has left to translate. See
timeline/catalogue.py for how messages are marked.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timeline.catalogue import main

if __name__ == "__main__":
    raise SystemExit(main())
