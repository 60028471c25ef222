"""The bibliography's works as the search index needs them.

The bibliography page's list of works comes from its page template
(`overrides/partials/ex-bibliography.html`), after the page's own text, and a search
plugin indexes only that text (Material's indexes `page.content`). So that a reader
who types an author's name, a title or a publisher finds the work, the works are given
to the search index (hooks/search.py) in the markup it needs and no more (`search.html`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import jinja2
from markupsafe import Markup

from explainer.core.references import Source

# The template (search.html), compiled when the module is imported.
SEARCH_TEMPLATE = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
    Path(__file__).with_name("search.html").read_text("utf-8"))


def search_html(works: Iterable[Source], reference_html: Callable[[str], str]) -> str:
    """Each work as a section of its own: a heading with its key as id and its short
    label ("Mistreanu 2018") as text, then its formatted reference and its note, if any.

    `works`: the bibliography's works, in its order; `reference_html`: a key -> the
    work's reference as the bibliography shows it (HTML). Returns HTML for the search
    plugin: Material's makes each heading with an id a result of its own, at `#id`,
    which is the work's entry in the bibliography. What the bibliography shows besides
    (the kind of work, "Cited in", COinS) would only be noise in results.
    """
    shown = []
    for work in works:
        note = work.item.get("note")
        shown.append({"key": work.key, "label": work.short_label, "reference": Markup(reference_html(work.key)),
                      "note": note if isinstance(note, str) and note.strip() else ""})
    return SEARCH_TEMPLATE.render(works=shown).rstrip("\n")
