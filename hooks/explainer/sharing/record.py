"""The record of published addresses: every address the site has published, and for a
paragraph's address the text it points at.

An edition keeps it in `docs/addresses.yml` (a data file: not published). Each line is
one address, from the site's root; for a paragraph the `fingerprint` of its text (its
first words, normalised, `explainer.sharing.anchors`), for a heading (a section, a
glossary entry) the same of its text after `# `, for a work of the bibliography the
same of its reference after `@ `:

    "/history/":
    "/history/#history": "# history"
    "/history/#history-3": "in 1850 the town council issued a plan"
    "/sources/#smith-2018": "@ smith jane 2018 a history of the town"

The build reads it (`paragraph_fingerprints`) so that published paragraph addresses
follow their text (`explainer.sharing.anchors`); the edition's tests compare it with
the built site and write it (`write_record`), never by hand.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import yaml

from explainer.core.datafile import DataError

RECORD_FILE = "addresses.yml"
HEADING = "# "  # before the fingerprint of a heading's text (a paragraph's has words only)
WORK = "@ "  # before the fingerprint of a work's reference in the bibliography (/sources/#key)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HEADER = """\
# Every address this site has published (generated: do not edit by hand).
#
# NGO staff paste these into briefings that outlive the page, so none may silently
# disappear or point at other text. A paragraph's address also records the first words
# of its paragraph: the build keeps the address on the paragraph that begins with them,
# wherever splitting, joining, inserting or reordering paragraphs moved it, and stops
# with one line per address whose text is gone from its page. A heading's address
# (a section, a glossary entry) records its words after "# ", a work's (/sources/#key)
# the first words of its reference after "@ ": the tests stop when another heading or
# work has taken the id; after rewording a heading, update the record.
#
# After adding pages, sections or paragraphs, record their addresses with
#   .venv/bin/pytest tests/test_addresses.py --update-addresses
# and, only for an edition that has never been published, start the record anew with
#   .venv/bin/pytest tests/test_addresses.py --update-addresses=new
"""


def load_record(path: Path) -> dict[str, str | None]:
    """The record at `path`: address -> fingerprint (None: not a paragraph's own address).

    An absent file is an empty record. Raises DataError (one line, naming the file) when the
    file is not a mapping of addresses to texts."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return {}
    try:
        data = yaml.load(text, Loader=_LOADER) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DataError(path, mark.line + 1 if mark else None, "not valid YAML (a merge conflict?): take "
                        "one side whole (git checkout --theirs), then add the rest with "
                        "pytest tests/test_addresses.py --update-addresses") from None
    if not isinstance(data, Mapping) or not all(
        isinstance(address, str) and address.startswith("/") and (printed is None or isinstance(printed, str))
        for address, printed in data.items()
    ):
        raise DataError(path, None, "must map addresses ('/page/#id') to the first words of their text, "
                                    "or to nothing")
    return dict(data)


def paragraph_fingerprints(record: Mapping[str, str | None], page_url: str) -> dict[str, str]:
    """The published paragraph addresses of the page at `page_url` ('/origins/'): id -> fingerprint."""
    prefix = page_url + "#"
    return {address[len(prefix):]: printed for address, printed in record.items()
            if printed and not printed.startswith((HEADING, WORK)) and address.startswith(prefix)}


def write_record(path: Path, record: Mapping[str, str | None]) -> None:
    """Write `record` to `path`, sorted, one address a line, after the explaining header."""
    lines = [f"{json.dumps(address, ensure_ascii=False)}:"
             + (f" {json.dumps(printed, ensure_ascii=False)}" if printed else "")
             for address, printed in sorted(record.items())]
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n", "utf-8")
