"""Citations of the article for readers to copy: of one section, and of a whole page.

Built from the article's entry in `docs/sources.yml` (the data the sources panel uses),
formatted by `explainer.references` with real CSL styles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from explainer.references import format_reference, year

ARTICLE_KEY = "klabisch-2018"
# Label shown to readers -> CSL style. MLA is left out: citeproc-py 0.11 abbreviates
# given names in it ("Klabisch, J."), which MLA does not do.
STYLES = {
    "Chicago": "chicago-author-date-16th-edition",
    "APA": "apa",
    "Harvard": "harvard-cite-them-right",
}
# Placeholders the browser fills in when a reader copies a section's citation.
SECTION, URL = "{section}", "{url}"


@dataclass(frozen=True)
class Citation:
    style: str
    html: str
    text: str


def names(item: Mapping[str, Any]) -> str:
    """Authors as 'Family, Given', the first inverted, the others 'Given Family'."""
    people = item.get("author") or []
    parts = []
    for number, person in enumerate(people):
        if "literal" in person:
            parts.append(person["literal"])
        elif number == 0:
            parts.append(", ".join(filter(None, (person["family"], person.get("given")))))
        else:
            parts.append(" ".join(filter(None, (person.get("given"), person["family"]))))
    return " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + ", and " + parts[-1]


def section_citation(item: Mapping[str, Any], section: str = SECTION, url: str = URL) -> str:
    """A one-line citation of one section, e.g.

    Klabisch, Joanna. 2018. "China's Social Credit Score – rating a people", section
    "Data reliability". Stiftung Asienhaus. <https://…/consequences/#data-reliability>

    With the default arguments it is a template with `{section}` and `{url}` in it.
    """
    publisher = f" {item['publisher']}." if item.get("publisher") else ""
    return f'{names(item)}. {year(item)}. "{item["title"]}", section "{section}".{publisher} <{url}>'


def page_citations(item: Mapping[str, Any], url: str) -> list[Citation]:
    """The article, read at `url`, in each of STYLES."""
    located = {**item, "URL": url}
    return [
        Citation(label, format_reference(located, style), format_reference(located, style, "text"))
        for label, style in STYLES.items()
    ]
