"""The glossary page: its introduction as Markdown, its entries as HTML from a template.

MkDocs converts the short introduction like any other page. The entries, thousands in a
large glossary, skip Markdown: `entries_html` fills `page.html` (beside this module) with the
definitions already rendered for the tooltips (`data.render_definition`), so a
tooltip and the glossary show exactly the same text. Every entry is an `h2` whose id is
the entry's id (the address `/glossary/#ID`) with a permalink like the article's
headings; the table of contents lists letters (`letter_index`), not every entry.
`search_html` (`search.html`) is the same text in less markup, for the search index.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe

from explainer.core.strings import ENGLISH
from explainer.glossary.data import Glossary, Term

# The glossary's heading keeps this id in every language: `/glossary/#glossary`.
HEADING_ID = "glossary"

TEMPLATE = Path(__file__).with_name("page.html")
# Compiled when the module is imported, so `mkdocs serve` rebuilds reuse it.
PAGE_TEMPLATE = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                   keep_trailing_newline=True).from_string(TEMPLATE.read_text(encoding="utf-8"))
SEARCH_TEMPLATE = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
    Path(__file__).with_name("search.html").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Link:
    """A link on the glossary page: its text and its final URL, relative to the page."""

    text: str
    href: str


@dataclass(frozen=True)
class Entry:
    """What the template shows of one term."""

    term: Term
    other_forms: tuple[str, ...]
    see: tuple[Link, ...]
    sources: tuple[Link, ...]
    appears_in: tuple[Link, ...]
    definition_html: str = ""  # with its links resolved for the glossary page


def page_markdown(title: str, description: str, intro: str) -> str:
    """The Markdown source of the page: front matter, its heading and `intro` (Markdown).

    The texts come from mkdocs.yml or the interface words (`hooks/glossary.py`).
    """
    front_matter = {"title": title, "description": description, "glossary": False}
    # JSON is YAML: every value quoted, whatever it contains.
    lines = [f"{name}: {json.dumps(value, ensure_ascii=False)}" for name, value in front_matter.items()]
    return "---\n" + "\n".join(lines) + f"\n---\n\n# {_heading_text(title)} {{#{HEADING_ID}}}\n\n{intro.strip()}\n"


def _heading_text(text: str) -> str:
    """`text` as the literal text of a Markdown heading (no markup, no attribute list)."""
    return "".join(f"\\{char}" if char in "\\`*_{}[]<>()#+-.!|" else char for char in text)


def entries(glossary: Glossary, appearances: Mapping[str, Iterable[Link]], sources: dict[str, Link],
            definition_html: Callable[[Term], str] = lambda term: term.definition_html) -> list[Entry]:
    """Every entry A to Z. `appearances`: term id -> sections where it is marked, in order;
    `sources`: source id -> its entry on the sources page (unknown ids are left out);
    `definition_html`: a term's definition as shown on the glossary page."""
    return [
        Entry(
            term=term,
            other_forms=tuple(form for form in term.aliases if form != term.term),
            see=tuple(Link(glossary.by_id[id].term, f"#{id}") for id in term.see),
            sources=tuple(sources[id] for id in term.sources if id in sources),
            appears_in=tuple(appearances.get(term.id, ())),
            definition_html=definition_html(term),
        )
        for term in glossary.alphabetical()
    ]


def entries_html(entries: list[Entry], permalink: str | None = None, permalink_title: str = "",
                 strings: dict[str, str] = ENGLISH, native_lang: str | None = None,
                 romanised_lang: str | None = None) -> str:
    """The entries' HTML, after a bar of links to each letter; `permalink` is the HTML of
    each heading's link to itself, if any.

    `strings`: the interface words (`explainer.core.strings`); `native_lang`, `romanised_lang`:
    BCP 47 languages of the terms' native names and their romanisations (None: not said).
    """
    permalink = markupsafe.Markup(permalink) if permalink else None
    return PAGE_TEMPLATE.render(entries=entries, letters=letter_index(entries), permalink=permalink,
                              permalink_title=permalink_title, t=strings, native_lang=native_lang,
                              romanised_lang=romanised_lang)


def search_html(entries: list[Entry], strings: dict[str, str] = ENGLISH) -> str:
    """The entries as the search index needs them (`search.html`): each heading and the
    text under it, as `entries_html` has them, without what search leaves out anyway
    (permalinks, "Appears in") and without wrappers. About half the markup for search to parse."""
    return SEARCH_TEMPLATE.render(entries=entries, t=strings)


def letter_index(entries: list[Entry]) -> list[tuple[str, str]]:
    """(letter, id of its first entry), in page order: a table of contents of a few items."""
    index: dict[str, str] = {}
    for entry in entries:
        index.setdefault(entry.term.sort_key[:1].upper(), entry.term.id)
    return list(index.items())
