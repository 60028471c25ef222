"""The bibliography's works as the search index needs them.

The bibliography page's list of works comes from its page template
(`overrides/partials/ex-bibliography.html`), after the page's own text, and a search
plugin indexes only that text (Material's indexes `page.content`). So that a reader
who types an author's name, a title or a publisher finds the work, the works are added
to the text the plugin indexes, in the markup it needs and no more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from explainer.core.references import Source


def search_html(works: Iterable[Source], reference_html: Callable[[str], str]) -> str:
    """Each work as a section of its own: a heading with its key as id and its short
    label ("Mistreanu 2018") as text, then its formatted reference and its note, if any.

    `works`: the bibliography's works, in its order; `reference_html`: a key -> the
    work's reference as the bibliography shows it (HTML). Returns HTML for the search
    plugin: Material's makes each heading with an id a result of its own, at `#id`,
    which is the work's entry in the bibliography. What the bibliography shows besides
    (the kind of work, "Cited in", COinS) would only be noise in results.
    """
    parts = []
    for work in works:
        parts.append(f'<h3 id="{escape(work.key)}">{escape(work.short_label)}</h3>')
        parts.append(f"<p>{reference_html(work.key)}</p>")
        note = work.item.get("note")
        if isinstance(note, str) and note.strip():
            parts.append(f"<p>{escape(note)}</p>")
    return "\n".join(parts)
