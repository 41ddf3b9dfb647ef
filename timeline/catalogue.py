"""The message catalogues kept up to date with the code.

Every word we write for a reader is marked where it is written:
``_("unknown")`` or ``ngettext("event", "events", n)`` in Python (from
``timeline.language``), ``T._("Filters")`` or ``T.n_("event", "events", n)``
in the page's scripts, ``{{ _("Sources") }}`` in the templates. A message
may name values in braces, ``{shown} of {total} events``, filled in after
it is translated so a language can put them in its own order.

``python -m timeline.catalogue`` (or ``scripts/catalogues.py``) finds them all and
brings every ``timeline/locales/<code>.po`` up to date: new messages added
untranslated, gone ones dropped, translations kept. Entries name the files
they come from (the page's are those from ``timeline/static/``), without
line numbers, so an edit elsewhere in a file does not touch the catalogues.
``tests/unit/test_catalogues.py`` fails when a catalogue is behind the code
or a shipped language lacks a translation.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

PACKAGE = Path(__file__).parent
ROOT = PACKAGE.parent
LOCALES = PACKAGE / "locales"

METHODS = [
    ("timeline/**.py", "python"),
    ("timeline/static/**.js", "javascript"),
    ("timeline/templates/**.j2", "jinja2"),
]
KEYWORDS = {"_": None, "ngettext": (1, 2), "T._": None, "T.n_": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def extract():
    """Every message the code marks, as a Babel ``Catalog`` (a template)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(project="timeline", fuzzy=False)
    for path, _line, message, comments, context in extract_from_dir(
        str(ROOT),
        method_map=METHODS,
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        directory_filter=lambda d: not Path(d).name.startswith((".", "__")) and "node_modules" not in d,
    ):
        template.add(message, None, [(Path(path).as_posix(), 0)], auto_comments=comments, context=context)
    return template


def read(code: str):
    from babel.messages.pofile import read_po

    with (LOCALES / f"{code}.po").open("rb") as f:
        return read_po(f, locale=code)


def text(catalog) -> bytes:
    """``catalog`` as its ``.po`` file's bytes: sorted, no line numbers, no dates."""
    from babel.messages.pofile import write_po

    fixed = datetime(2024, 1, 1, tzinfo=UTC)  # same code, same bytes
    catalog.creation_date = catalog.revision_date = fixed
    name = catalog.locale.english_name if catalog.locale else "The"
    catalog.header_comment = (
        f"# {name} words of the timeline's pages, pictures and deck.\n"
        "# Kept up to date with the code by scripts/catalogues.py; translate each msgstr (README: Languages)."
    )
    catalog.version, catalog.msgid_bugs_address = "1", ""
    catalog.last_translator = catalog.language_team = "timeline contributors"
    buffer = BytesIO()
    write_po(buffer, catalog, width=0, sort_output=True, include_lineno=False, ignore_obsolete=True)
    return buffer.getvalue()


def updated(code: str, template=None) -> bytes:
    """The catalogue for ``code`` brought up to date with the code."""
    from babel.messages.catalog import Catalog

    template = template if template is not None else extract()
    path = LOCALES / f"{code}.po"
    catalog = read(code) if path.exists() else Catalog(locale=code, project="timeline", fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True)
    return text(catalog)


def placeholders(message: str) -> set[str]:
    return set(PLACEHOLDER.findall(message))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    codes = args or sorted(p.stem for p in LOCALES.glob("*.po"))
    template = extract()
    for code in codes:
        data = updated(code, template)
        path = LOCALES / f"{code}.po"
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            print(f"updated {path.relative_to(ROOT)}")
    untranslated = {
        code: [
            m.id
            for m in read(code)
            if m.id and code != "en" and not all(m.string if isinstance(m.string, tuple) else [m.string])
        ]
        for code in codes
    }
    for code, missing in untranslated.items():
        if missing:
            print(f"{code}: {len(missing)} to translate in timeline/locales/{code}.po")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
