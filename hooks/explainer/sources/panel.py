"""What each page cites, and the views built from it.

The citations extension records each page's markers with their sections
(`explainer.sources.citations`, `PageCitations`); from that and a page's front matter come its
sources panel (`build_panel`) and, once every page is known, the "Cited in" links of
the bibliography (`citing_places`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from explainer.core.references import Source

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass(frozen=True)
class Marker:
    """One citation in a page: its element id, the keys it cites, the section it is in."""

    id: str
    keys: tuple[str, ...]
    section: str | None


@dataclass
class PageCitations:
    markers: list[Marker] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # keys cited but not in sources.yml
    # Citations where no link can stand, as written, with the place: ("[@key]", "a heading").
    misplaced: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class PanelEntry:
    """A work in a page's sources panel: its number and the citations to link back to."""

    number: int
    source: Source
    backrefs: tuple[str, ...]  # ids of the markers citing it, in page order; empty if only listed

    @property
    def anchor(self) -> str:
        return f"ex-source-{self.source.key}"


def build_panel(markers: Iterable[Marker], listed: Iterable[str], sources: Mapping[str, Source]) -> list[PanelEntry]:
    """The panel's works: cited ones numbered by first citation, then those only listed.

    `listed` is the front matter's `sources:`; keys not in `sources` are left out (the
    hook reports them).
    """
    backrefs: dict[str, list[str]] = {}
    for marker in markers:
        for key in marker.keys:
            backrefs.setdefault(key, []).append(marker.id)
    for key in listed:
        backrefs.setdefault(key, [])
    return [
        PanelEntry(number, sources[key], tuple(refs))
        for number, (key, refs) in enumerate(((k, r) for k, r in backrefs.items() if k in sources), start=1)
    ]


@dataclass(frozen=True)
class Citing:
    """A place that cites a work: the page (its URL and title) and the section, if any."""

    page_url: str
    page_title: str
    section_id: str | None = None
    section_title: str | None = None


def citing_places(markers: Iterable[Marker], listed: Iterable[str], page_url: str, page_title: str,
                  section_titles: Mapping[str, str], top_section: str | None) -> dict[str, list[Citing]]:
    """Where one page cites each work: one entry per section, in page order.

    A citation under the page's top heading, or a work only listed in the front
    matter, is cited by the page as a whole.
    """
    places: dict[str, list[Citing]] = {}
    for marker in markers:
        section = marker.section if marker.section != top_section else None
        place = Citing(page_url, page_title, section, section_titles.get(section) if section else None)
        for key in marker.keys:
            if place not in places.setdefault(key, []):
                places[key].append(place)
    for key in listed:
        if not places.get(key):
            places[key] = [Citing(page_url, page_title)]
    return places


def bibliography_view(works: Iterable[tuple[Source, Iterable[Citing]]], reference_html: Callable[[str], str],
                      coins: Callable[[str], str], kind_name: Callable[[str], str],
                      link: Callable[[str], str] = lambda url: url) -> list[dict[str, Any]]:
    """The bibliography (`overrides/partials/ex-bibliography.html`) as plain values: one dict
    per work of `works` ((work, where it is cited) pairs, in the bibliography's order),

        {"key": KEY, "kind": "Report", "reference": HTML, "note": text or "", "coins": COinS title,
         "cited_in": [{"href": "../origins/#data", "page_title": …, "section_title": … or None}, …]}

    `reference_html(key)` and `coins(key)` format a work; `kind_name(type)` names a CSL type
    in the site's language; `link(url)` makes a URL from the site's root a link on the page.
    """
    view = []
    for source, cited_in in works:
        note = source.item.get("note")
        view.append({
            "key": source.key,
            "kind": kind_name(source.item["type"]),
            "reference": reference_html(source.key),
            "note": note if isinstance(note, str) else "",
            "coins": coins(source.key),
            "cited_in": [{"href": link(place.page_url) + (f"#{place.section_id}" if place.section_id else ""),
                          "page_title": place.page_title, "section_title": place.section_title}
                         for place in cited_in],
        })
    return view
