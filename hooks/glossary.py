"""MkDocs hook: glossary tooltips and the glossary page.

A thin adapter over `explainer`: it loads `docs/glossary.yml`, registers the Markdown
extension that marks terms (`explainer.glossary_ext`), tells it about each page,
collects where terms were marked, and builds `/glossary/` once every page is known.

Setting in mkdocs.yml (optional):

    extra:
      glossary:
        mark: first-per-section   # or first-per-page, every
"""

from __future__ import annotations

import html
import logging
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from explainer.datafile import PARSED, DataError, load_entries
from explainer.extensions import adopt
from explainer.glossary_data import DEFINITIONS, Glossary, load_glossary
from explainer.glossary_ext import MARK_MODES, GlossaryExtension, Occurrence, PageState
from explainer import glossary_page
from explainer.glossary_page import FRONT_MATTER, INTRO, Link
from explainer.memo import open_memos
from explainer.references import load_sources

log = logging.getLogger("mkdocs.plugins.glossary")

DATA_FILE = "glossary.yml"
SOURCES_FILE = "sources.yml"
PAGE = "glossary.md"
SOURCES_PAGE = "sources.md"
MEMOS = (PARSED, DEFINITIONS)  # what this hook keeps for the next build (explainer.memo)


@dataclass
class _Build:
    glossary: Glossary
    page: PageState
    sources: dict[str, str]  # source id -> label, empty until sources.yml exists
    extension: GlossaryExtension
    nav_order: list[str] = field(default_factory=list)
    marked: dict[str, tuple[Page, list[Occurrence]]] = field(default_factory=dict)
    tips: dict[str, str] = field(default_factory=dict)  # src_uri -> its tooltip bodies (HTML)
    glossary_page: str = ""  # the glossary page's content, once search has indexed the page


_build: _Build | None = None

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    try:
        open_memos(MEMOS, config.extra, config.config_file_path)
    except ValueError as error:
        raise PluginError(str(error)) from None
    docs = Path(config.docs_dir)
    sources = _source_labels(docs / SOURCES_FILE)
    try:
        glossary, warnings = load_glossary(docs / DATA_FILE, set(sources) if sources is not None else None)
    except DataError as error:
        raise PluginError(str(error)) from None
    for warning in warnings:
        log.warning(warning)
    page = PageState()
    # mkdocs.yml names the extension for other builders (explainer.extensions); here this hook runs it.
    options = adopt(config.markdown_extensions, config.mdx_configs, "explainer_glossary") or {}
    # Tooltip bodies wait for `on_page_context`: the search plugin need not parse them.
    extension = GlossaryExtension(glossary, options.get("mark") or _mark_mode(config), page, defer_tips=True)
    config.markdown_extensions.append(extension)
    _build = _Build(glossary, page, sources or {}, extension)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    data = files.get_file_from_path(DATA_FILE)
    if data is not None:
        files.remove(data)  # data for the build, not a file to publish
    # Only its title and introduction go through Markdown: `on_env` adds the entries
    # from a template once their back-links are known. They are docs/glossary.md where that
    # exists (a page other builders publish too, explainer.extensions), else a default.
    if files.get_file_from_path(PAGE) is None:
        files.append(File.generated(config, PAGE, content=FRONT_MATTER + INTRO))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _build.nav_order = [page.file.src_uri for page in nav.pages]
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    enabled = page.meta.get("glossary", True)
    if not isinstance(enabled, bool):
        log.warning(f"{page.file.src_uri}: front matter 'glossary' must be true or false, not {enabled!r}")
    _build.page.enabled = enabled is not False
    _build.page.glossary_url = _link_from(page.file, PAGE)
    _build.page.glossary_page_url = files.get_file_from_path(PAGE).url_relative_to(page.file)
    _build.page.occurrences = []
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _build.page.occurrences:
        _build.marked[page.file.src_uri] = (page, _build.page.occurrences)
    _build.tips[page.file.src_uri] = _build.extension.tips.html
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    # Hooks run after plugins: the search plugin has indexed the page without the bodies.
    page.content += _build.tips.pop(page.file.src_uri, "")
    if page.file.src_uri == PAGE:
        page.content = _build.glossary_page
    return context


def on_env(env, config: MkDocsConfig, files: Files):
    """Every page is rendered: add the entries, with their back-links, to the glossary page.

    Only its introduction went through Markdown; the entries come from a template
    (`explainer.glossary_page`), and its table of contents lists letters, so that a
    glossary of thousands of terms costs neither a Markdown conversion nor a table of
    contents (and search sections looked up in it) of thousands of items.
    """
    glossary_file = files.get_file_from_path(PAGE)
    page = glossary_file.page
    appearances: dict[str, list[Link]] = {}
    for src_uri in sorted(_build.marked, key=_nav_position):
        marked_page, occurrences = _build.marked[src_uri]
        titles = _section_titles(marked_page)
        url = marked_page.file.url_relative_to(glossary_file)
        for occurrence in dict.fromkeys(occurrences):
            section = titles.get(occurrence.section_id)
            text = f"{marked_page.title} › {section}" if section else marked_page.title
            link = Link(text, f"{url}#{occurrence.section_id}" if section else url)
            if link not in appearances.setdefault(occurrence.term_id, []):
                appearances[occurrence.term_id].append(link)
    sources_file = files.get_file_from_path(SOURCES_PAGE)
    sources = {
        id: Link(label, f"{sources_file.url_relative_to(glossary_file)}#{id}")
        for id, label in _build.sources.items()
    } if sources_file else {}
    entries = glossary_page.entries(_build.glossary, appearances, sources)
    _build.glossary_page = page.content + glossary_page.entries_html(entries, *_permalink(config))
    # Until `on_page_context`, the same text in less markup: what the search plugin parses.
    page.content += glossary_page.search_html(entries)
    # Links from other pages to `glossary.md#ID` are checked against these after on_env.
    page.present_anchor_ids = (page.present_anchor_ids or set()) | {entry.term.id for entry in entries}
    top = page.toc.items[0] if page.toc.items else None
    letters = [AnchorLink(letter, id, 2) for letter, id in glossary_page.letter_index(entries)]
    if top is not None and top.level == 1:
        top.children = letters
    else:
        page.toc = TableOfContents(letters)
    return env


def on_post_build(config: MkDocsConfig) -> None:
    for memo in MEMOS:
        memo.save()  # for the next build


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------


def _mark_mode(config: MkDocsConfig) -> str:
    settings = config.extra.get("glossary") or {}
    mark = settings.get("mark", MARK_MODES[0]) if isinstance(settings, dict) else None
    if mark not in MARK_MODES:
        raise PluginError(f"mkdocs.yml: extra.glossary.mark must be one of {', '.join(MARK_MODES)}, not {mark!r}")
    return mark


def _permalink(config: MkDocsConfig) -> tuple[str | None, str]:
    """The permalink (HTML; None: no permalinks) and title the toc extension gives headings."""
    settings = config.mdx_configs.get("toc") or {}
    permalink = settings.get("permalink")
    symbol = "&para;" if permalink is True else (html.escape(str(permalink)) if permalink else None)
    return symbol, str(settings.get("permalink_title", "Permanent link"))


def _source_labels(path: Path) -> dict[str, str] | None:
    """Keys and short labels of the sources, or None while `sources.yml` does not exist.

    Mistakes in that file are reported by the sources hook, not twice.
    """
    if not path.exists():
        return None
    try:
        entries = load_entries(path)  # every key, valid or not: invalid ones are not "unknown"
        sources, _ = load_sources(path)
    except DataError:
        return {}
    return {e.id: sources[e.id].short_label if e.id in sources else e.id for e in entries}


def _link_from(file: File, target_src_uri: str) -> str:
    """A link to another source file as written on `file`; MkDocs turns it into the URL."""
    return posixpath.relpath(target_src_uri, posixpath.dirname(file.src_uri) or ".")


def _nav_position(src_uri: str) -> tuple[int, str]:
    order = _build.nav_order
    return (order.index(src_uri) if src_uri in order else len(order), src_uri)


def _section_titles(page: Page) -> dict[str | None, str]:
    """Section ids of a page mapped to their headings; the page's h1 maps to nothing."""
    titles: dict[str | None, str] = {}
    stack = list(page.toc)
    while stack:
        item = stack.pop()
        if item.level == 2:
            titles[item.id] = html.unescape(item.title)
        stack.extend(item.children)
    return titles
