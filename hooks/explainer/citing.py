"""Citations of the article for readers to copy: of one section, and of a whole page.

Built from the article's entry in `docs/sources.yml` (the data the sources panel uses),
formatted by `explainer.references` with real CSL styles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from explainer.references import format_reference, year
from explainer.strings import ENGLISH, fill

# Label shown to readers -> CSL style. MLA is left out: citeproc-py 0.11 abbreviates
# given names in it ("Smith, J."), which MLA does not do.
STYLES = {
    "Chicago": "chicago-author-date-16th-edition",
    "APA": "apa",
    "Harvard": "harvard-cite-them-right",
}
# Placeholders the browser fills in when a reader copies a section's citation.
SECTION, URL = "{section}", "{url}"
# Pages' citations differ only in their URL: the article is formatted once per style
# with this one, which each page's then replaces (citeproc-py takes milliseconds a go).
STAND_IN_URL = "https://stand-in.invalid/ex-page-url"


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


def section_citation(item: Mapping[str, Any], section: str = SECTION, url: str = URL, *,
                     wording: str = ENGLISH["cite.section"]) -> str:
    """A one-line citation of one section, e.g.

    Smith, Jane. 2024. "Rivers and Rights", section "Who owns the water". Example Press.
    <https://…/rights/#who-owns-the-water>

    `wording` is the part before the publisher, in the site's language (`cite.section`
    of `explainer.strings`). With the default arguments the result is a template with
    `{section}` and `{url}` in it.
    """
    publisher = f" {item['publisher']}." if item.get("publisher") else ""
    cited = fill(wording, authors=names(item), year=year(item), title=item["title"], section=section)
    return f"{cited}{publisher} <{url}>"


def page_citations(item: Mapping[str, Any], url: str, locale: str | None = None) -> list[Citation]:
    """The article, read at `url`, in each of STYLES; `locale` as in `format_reference`."""
    return [
        Citation(label, _read_at(item, url, style, "html", locale), _read_at(item, url, style, "text", locale))
        for label, style in STYLES.items()
    ]


def _read_at(item: Mapping[str, Any], url: str, style: str, output: str, locale: str | None) -> str:
    """What `format_reference` gives for the article with `url` as its URL."""
    template = format_reference({**item, "URL": STAND_IN_URL}, style, output, locale)
    # Exactly what citeproc would write, when it writes the URL once and as given.
    if template.count(STAND_IN_URL) == 1 and url == escape(url) and STAND_IN_URL not in url:
        return template.replace(STAND_IN_URL, url)
    return format_reference({**item, "URL": url}, style, output, locale)
