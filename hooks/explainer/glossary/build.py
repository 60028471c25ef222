"""The glossary of one MkDocs build: terms marked in every page, and the glossary page.

Made by `hooks/glossary.py` in `on_config` and kept by the build (`explainer.core.build`).
It tells the Markdown extension about each page (`explainer.glossary.marking`), collects
where terms were marked, and completes `/glossary/` once every page is known.

Options (the `explainer_glossary` entry of `markdown_extensions`, as under every builder):
`mark`, how often a term is marked (else `extra.glossary.mark`, else the first per section);
`page`, the glossary page's Markdown file (glossary.md); `data`, the data file (`explainer.core.build`).
Its entries' sources link to the citations' bibliography page (`explainer_citations: bibliography`).
Settings in mkdocs.yml (all optional; the page's texts default to the interface words
of `theme.language`, `explainer.core.strings`):

    extra:
      glossary:
        mark: first-per-section   # or first-per-page, every
        native_lang: ja           # BCP 47 language of the terms' `native` names
        romanised_lang: ja-Latn   # and of their romanisations (`romanised`)
        description: …            # the glossary page's description (link previews)
        intro: …                  # its introduction, Markdown
"""

from __future__ import annotations

import html
import logging
import posixpath
import xml.etree.ElementTree as etree
from typing import Any

from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url

from explainer.core import frontmatter, settings, strings
from explainer.core.build import Build, link_from, section_titles
from explainer.core.datafile import DataError, check_front_matter
from explainer.core.tips import for_template
from explainer.glossary import page as glossary_page
from explainer.glossary.data import DEFINITIONS, definition_links, load_glossary, render_definition
from explainer.glossary.marking import GlossaryExtension, Occurrence, PageState, mark_mode
from explainer.glossary.page import Link

log = logging.getLogger("mkdocs.plugins.glossary")

PAGE = "glossary.md"


class GlossaryBuild:
    """What the glossary feature knows and collects in one build.

    Raises ValueError (a setting in mkdocs.yml or an option) and DataError (a mistake in
    glossary.yml), each with a one-line message naming the file.
    """

    def __init__(self, build: Build, options: dict[str, Any] | None = None):
        options = options or {}
        self.build = build
        config = build.config
        self.langs = tuple(settings.text(config.extra, f"glossary.{name}") for name in ("native_lang", "romanised_lang"))
        self.mark = mark_mode(options, config.extra)
        build.keep(DEFINITIONS)
        labels = build.source_labels()
        self.glossary, warnings = load_glossary(build.glossary_path, set(labels) if labels is not None else None,
                                                build.entries(build.glossary_path))
        for warning in warnings:
            log.warning(warning)
        if self.langs[0] is None and any(term.native for term in self.glossary.terms):
            log.warning(f"{build.glossary_path}: terms have 'native' names: say their language in mkdocs.yml, "
                        "extra.glossary.native_lang (BCP 47, e.g. ja), for screen readers")
        self.sources = build.source_labels() or {}  # source id -> label, empty until sources.yml exists
        self.page_file = options.get("page") or PAGE  # the glossary page's Markdown file
        self.sources_page = build.bibliography_page  # where its entries' sources link to
        self.page = PageState()  # the page being converted
        # Tooltip bodies wait for `page_context`: the search plugin need not parse them.
        self.extension = GlossaryExtension(self.glossary, self.mark, self.page, defer_tips=True,
                                           links=self.definition_link, titles=build.work_titles(),
                                           strings=build.strings, native_lang=self.langs[0],
                                           romanised_lang=self.langs[1])
        self.files = None  # the site's files (mkdocs.structure.files.Files), for links in definitions
        self.nav_order: list[str] = []  # src_uri of the pages in the navigation
        self.marked: dict[str, tuple[Any, list[Occurrence]]] = {}  # src_uri -> (page, its marked terms)
        self.tips: dict[str, str] = {}  # src_uri -> its tooltip bodies (HTML)
        self.page_html = ""  # the glossary page's content, once search has indexed the page

    def page_markdown(self) -> str:
        """The glossary page's title, description and introduction: mkdocs.yml's, or the defaults.
        ValueError for a setting that is not text."""
        config, words = self.build.config, self.build.strings
        description = settings.text(config.extra, "glossary.description")
        intro = settings.text(config.extra, "glossary.intro")
        if description is None:
            description = strings.fill(words["glossary.description"], site_name=config.site_name)
        if intro is None:
            # Words about pointing and tapping are for the screen: printing leaves them out.
            how = etree.Element("span", {"class": "ex-screen-only"})
            how.text = words["glossary.how." + self.mark]
            intro = f'{words["glossary.intro"]} {etree.tostring(how, encoding="unicode")}'
        return glossary_page.page_markdown(words["glossary.title"], description, intro)

    def page_starts(self, src_uri: str, meta: dict[str, Any], front_matter: str | None, url: str,
                    glossary_page_url: str) -> None:
        """Before a page's Markdown is converted: tell the extension about it.
        `glossary_page_url`: the glossary page's URL relative to this page."""
        if front_matter is not None:  # data too: a key written twice would silently lose one value
            try:
                check_front_matter(src_uri, front_matter)
            except DataError as error:
                log.warning(str(error))
        if problem := frontmatter.switch_problem(src_uri, meta, "glossary"):
            log.warning(problem)
        self.page.enabled = meta.get("glossary") is not False
        self.page.glossary_url = link_from(src_uri, self.page_file)
        self.page.glossary_page_url = glossary_page_url
        self.page.page_url = url
        self.page.occurrences = []
        self.page.conflicts = []

    def page_converted(self, page) -> None:
        """After a page's Markdown is converted: what was marked, and what could not be."""
        for conflict in dict.fromkeys(self.page.conflicts):
            first, second = conflict.term_ids
            log.warning(
                f"{page.file.src_uri}: '{conflict.text}' holds the glossary forms of both '{first}' and '{second}', "
                f"so neither is marked; add '{conflict.text}' (or the longer word it belongs to) to the "
                f"'blocked_by' of the entry that must not match here ({self.build.glossary_file})"
            )
        if self.page.occurrences:
            self.marked[page.file.src_uri] = (page, self.page.occurrences)
        self.tips[page.file.src_uri] = self.extension.tips.html

    def page_context(self, page) -> None:
        tips = self.tips.pop(page.file.src_uri, "")
        if page.file.src_uri == self.page_file:  # its introduction and entries, as complete_page made them
            page.content = self.page_html
        else:  # after the content, by the template: search indexes the content alone
            for_template(page.meta, tips)

    def complete_page(self, files, permalink: tuple[str | None, str]) -> None:
        """Every page is rendered: add the entries, with their back-links, to the glossary page.

        Only its introduction went through Markdown; the entries come from a template
        (`explainer.glossary.page`), and its table of contents lists letters, so that a
        glossary of thousands of terms costs neither a Markdown conversion nor a table of
        contents (and search sections looked up in it) of thousands of items.
        `permalink`: the symbol (HTML; None: none) and title the toc extension gives headings.
        """
        glossary_file = files.get_file_from_path(self.page_file)
        page = glossary_file.page
        appearances: dict[str, dict[Link, None]] = {}  # term id -> its links, once each, in order
        for src_uri in sorted(self.marked, key=self._nav_position):
            marked_page, occurrences = self.marked[src_uri]
            titles = section_titles(marked_page.toc)
            url = marked_page.file.url_relative_to(glossary_file)
            for occurrence in dict.fromkeys(occurrences):
                section = titles.get(occurrence.section_id)
                text = f"{marked_page.title} › {section}" if section else marked_page.title
                link = Link(text, f"{url}#{occurrence.section_id}" if section else url)
                appearances.setdefault(occurrence.term_id, {})[link] = None
        sources_file = files.get_file_from_path(self.sources_page)
        sources = {
            id: Link(label, f"{sources_file.url_relative_to(glossary_file)}#{id}")
            for id, label in self.sources.items()
        } if sources_file else {}
        entries = glossary_page.entries(
            self.glossary, appearances, sources,
            lambda term: render_definition(term.definition, lambda href: self.definition_link(href, page.url)),
        )
        self.page_html = page.content + glossary_page.entries_html(entries, *permalink, self.build.strings, *self.langs)
        # The same text in less markup, as sections the search index gets for the page (hooks/search.py).
        self.build.search_sections[self.page_file] = glossary_page.search_html(entries, self.build.strings)
        # Links from other pages to `glossary.md#ID` are checked against these after on_env.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | {entry.term.id for entry in entries}
        for term in self.glossary.terms:
            for href in definition_links(term.definition):
                problem = self.link_problem(href, files)
                if problem:
                    log.warning(str(DataError(self.glossary.path, term.line, f"entry '{term.id}': {problem}")))
        top = page.toc.items[0] if page.toc.items else None
        letters = [AnchorLink(letter, id, 2) for letter, id in glossary_page.letter_index(entries)]
        if top is not None and top.level == 1:
            top.children = letters
        else:
            page.toc = TableOfContents(letters)

    # -- Links in definitions ------------------------------------------------------------

    def definition_link(self, href: str, page_url: str) -> str:
        """The final URL of a link written in a definition, on the page at `page_url`."""
        target, fragment = link_target(href, self.page_file)
        file = self.files.get_file_from_path(target) if self.files else None
        if file is None:
            return href  # reported once every page is known (`link_problem`)
        if fragment and file.url == page_url:
            return f"#{fragment}"  # an entry of the glossary, on the glossary page
        url = get_relative_url(file.url, page_url)
        return f"{url}#{fragment}" if fragment else url

    def link_problem(self, href: str, files) -> str | None:
        """What is wrong with a link in a definition, or None: its page and anchor must exist."""
        target, fragment = link_target(href, self.page_file)
        file = files.get_file_from_path(target)
        if file is None:
            return f"the link '{href}' in its definition points to '{target}', which is not a file in docs/"
        anchors = file.page.present_anchor_ids if file.page is not None else None
        if fragment and anchors is not None and fragment not in anchors:
            where = "an entry of the glossary" if target == self.page_file else f"a heading or anchor of {target}"
            return f"the link '{href}' in its definition points to '#{fragment}', which is not {where}"
        return None

    def _nav_position(self, src_uri: str) -> tuple[int, str]:
        order = self.nav_order
        return (order.index(src_uri) if src_uri in order else len(order), src_uri)


def link_target(href: str, page: str = PAGE) -> tuple[str, str]:
    """(source file, fragment) of a link in a definition: `#id` is an entry of the glossary `page`."""
    path, _, fragment = href.partition("#")
    return (posixpath.normpath(path) if path else page), fragment


def permalink(toc_options: dict[str, Any]) -> tuple[str | None, str]:
    """The permalink (HTML; None: no permalinks) and title the toc extension gives headings."""
    symbol = toc_options.get("permalink")
    html_symbol = "&para;" if symbol is True else (html.escape(str(symbol)) if symbol else None)
    return html_symbol, str(toc_options.get("permalink_title") or "Permanent link")
