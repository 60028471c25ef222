"""MkDocs hook: glossary tooltips and the glossary page.

A thin adapter over `explainer`: it loads `docs/glossary.yml`, registers the Markdown
extension that marks terms (`explainer.glossary.marking`), tells it about each page,
collects where terms were marked, and builds `/glossary/` once every page is known.

Settings in mkdocs.yml (all optional; the page's texts default to the interface words
of `theme.language`, `explainer.core.strings`):

    extra:
      glossary:
        mark: first-per-section   # or first-per-page, every
        native_lang: ja           # BCP 47 language of the terms' `native` names
        romanised_lang: ja-Latn   # and of their romanisations (`pinyin`)
        description: …            # the glossary page's description (link previews)
        intro: …                  # its introduction, Markdown
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
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import YAML_RE

from explainer.core import settings, strings
from explainer.core.datafile import PARSED, DataError, check_front_matter, load_entries
from explainer.core.memo import open_memos
from explainer.core.references import load_sources
from explainer.extensions import adopt
from explainer.glossary import page as glossary_page
from explainer.glossary.data import DEFINITIONS, Glossary, definition_links, load_glossary, render_definition
from explainer.glossary.marking import MARK_MODES, GlossaryExtension, Occurrence, PageState
from explainer.glossary.page import Link

log = logging.getLogger("mkdocs.plugins.glossary")

DATA_FILE = "glossary.yml"
SOURCES_FILE = "sources.yml"
PAGE = "glossary.md"
SOURCES_PAGE = "sources.md"
MEMOS = (PARSED, DEFINITIONS)  # what this hook keeps for the next build (explainer.core.memo)


@dataclass
class _Build:
    glossary: Glossary
    page: PageState
    sources: dict[str, str]  # source id -> label, empty until sources.yml exists
    extension: GlossaryExtension
    strings: dict[str, str]  # the interface words (explainer.core.strings)
    langs: tuple[str | None, str | None]  # languages of the native names and their romanisations
    nav_order: list[str] = field(default_factory=list)
    marked: dict[str, tuple[Page, list[Occurrence]]] = field(default_factory=dict)
    tips: dict[str, str] = field(default_factory=dict)  # src_uri -> its tooltip bodies (HTML)
    glossary_page: str = ""  # the glossary page's content, once search has indexed the page
    files: Files | None = None  # the site's files, for links in definitions


_build: _Build | None = None

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    try:
        open_memos(MEMOS, config.extra, config.config_file_path)
        words = strings.for_config(config)
        langs = tuple(settings.text(config.extra, f"glossary.{name}") for name in ("native_lang", "romanised_lang"))
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
    if langs[0] is None and any(term.native for term in glossary.terms):
        log.warning(f"{docs / DATA_FILE}: terms have 'native' names: say their language in mkdocs.yml, "
                    "extra.glossary.native_lang (BCP 47, e.g. ja), for screen readers")
    page = PageState()
    # mkdocs.yml names the extension for other builders (explainer.extensions); here this hook runs it.
    options = adopt(config.markdown_extensions, config.mdx_configs, "explainer_glossary") or {}
    # Tooltip bodies wait for `on_page_context`: the search plugin need not parse them.
    extension = GlossaryExtension(glossary, options.get("mark") or _mark_mode(config), page, defer_tips=True, links=_definition_link,
                                  titles=_work_titles(docs / SOURCES_FILE), strings=words,
                                  native_lang=langs[0], romanised_lang=langs[1])
    config.markdown_extensions.append(extension)
    _build = _Build(glossary, page, sources or {}, extension, words, langs)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    data = files.get_file_from_path(DATA_FILE)
    if data is not None:
        files.remove(data)  # data for the build, not a file to publish
    # Only its title and introduction go through Markdown: `on_env` adds the entries
    # from a template once their back-links are known. They are docs/glossary.md where that
    # exists (a page other builders publish too, explainer.extensions), else made from
    # mkdocs.yml's extra.glossary or the defaults.
    if files.get_file_from_path(PAGE) is None:
        files.append(File.generated(config, PAGE, content=_page_markdown(config)))
    _build.files = files
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _build.nav_order = [page.file.src_uri for page in nav.pages]
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    front_matter = YAML_RE.match(page.file.content_string)
    if front_matter:  # data too: a key written twice would silently lose one value
        try:
            check_front_matter(page.file.src_uri, front_matter.group(1))
        except DataError as error:
            log.warning(str(error))
    enabled = page.meta.get("glossary", True)
    if not isinstance(enabled, bool):
        log.warning(f"{page.file.src_uri}: front matter 'glossary' must be true or false, not {enabled!r}")
    _build.page.enabled = enabled is not False
    _build.page.glossary_url = _link_from(page.file, PAGE)
    _build.page.glossary_page_url = files.get_file_from_path(PAGE).url_relative_to(page.file)
    _build.page.page_url = page.url
    _build.page.occurrences = []
    _build.page.conflicts = []
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for conflict in dict.fromkeys(_build.page.conflicts):
        first, second = conflict.term_ids
        log.warning(
            f"{page.file.src_uri}: '{conflict.text}' holds the glossary forms of both '{first}' and '{second}', "
            f"so neither is marked; add '{conflict.text}' (or the longer word it belongs to) to the "
            f"'blocked_by' of the entry that must not match here ({DATA_FILE})"
        )
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
    (`explainer.glossary.page`), and its table of contents lists letters, so that a
    glossary of thousands of terms costs neither a Markdown conversion nor a table of
    contents (and search sections looked up in it) of thousands of items.
    """
    glossary_file = files.get_file_from_path(PAGE)
    page = glossary_file.page
    appearances: dict[str, dict[Link, None]] = {}  # term id -> its links, once each, in order
    for src_uri in sorted(_build.marked, key=_nav_position):
        marked_page, occurrences = _build.marked[src_uri]
        titles = _section_titles(marked_page)
        url = marked_page.file.url_relative_to(glossary_file)
        for occurrence in dict.fromkeys(occurrences):
            section = titles.get(occurrence.section_id)
            text = f"{marked_page.title} › {section}" if section else marked_page.title
            link = Link(text, f"{url}#{occurrence.section_id}" if section else url)
            appearances.setdefault(occurrence.term_id, {})[link] = None
    sources_file = files.get_file_from_path(SOURCES_PAGE)
    sources = {
        id: Link(label, f"{sources_file.url_relative_to(glossary_file)}#{id}")
        for id, label in _build.sources.items()
    } if sources_file else {}
    entries = glossary_page.entries(
        _build.glossary, appearances, sources,
        lambda term: render_definition(term.definition, lambda href: _definition_link(href, page.url)),
    )
    _build.glossary_page = page.content + glossary_page.entries_html(
        entries, *_permalink(config), _build.strings, *_build.langs)
    # Until `on_page_context`, the same text in less markup: what the search plugin parses.
    page.content += glossary_page.search_html(entries, _build.strings)
    # Links from other pages to `glossary.md#ID` are checked against these after on_env.
    page.present_anchor_ids = (page.present_anchor_ids or set()) | {entry.term.id for entry in entries}
    for term in _build.glossary.terms:
        for href in definition_links(term.definition):
            problem = _link_problem(href, files)
            if problem:
                log.warning(str(DataError(_build.glossary.path, term.line, f"entry '{term.id}': {problem}")))
    top = page.toc.items[0] if page.toc.items else None
    letters = [AnchorLink(letter, id, 2) for letter, id in glossary_page.letter_index(entries)]
    if top is not None and top.level == 1:
        top.children = letters
    else:
        page.toc = TableOfContents(letters)
    env.globals["ex_t"] = _build.strings  # the interface words, for our templates
    return env


def on_post_build(config: MkDocsConfig) -> None:
    for memo in MEMOS:
        memo.save()  # for the next build


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------


def _page_markdown(config: MkDocsConfig) -> str:
    """The glossary page's title, description and introduction: mkdocs.yml's, or the defaults."""
    words = _build.strings
    try:
        description = settings.text(config.extra, "glossary.description")
        intro = settings.text(config.extra, "glossary.intro")
    except ValueError as error:
        raise PluginError(str(error)) from None
    if description is None:
        description = strings.fill(words["glossary.description"], site_name=config.site_name)
    if intro is None:
        intro = f"{words['glossary.intro']} {words['glossary.how.' + _build.extension.mark]}"
    return glossary_page.page_markdown(words["glossary.title"], description, intro)


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

    Mistakes in that file are reported by the sources hook, not twice; while it cannot
    be read at all, the glossary's `sources` are not checked against it (None), so that
    one mistake gives one message.
    """
    if not path.exists():
        return None
    try:
        entries = load_entries(path)  # every key, valid or not: invalid ones are not "unknown"
        sources, _ = load_sources(path)
    except DataError:
        return None
    return {e.id: sources[e.id].short_label if e.id in sources else e.id for e in entries}


def _work_titles(path: Path) -> set[str]:
    """The titles of the works in `sources.yml`, each also without its subtitle: an italic
    with one of these texts in a page is the title of a work, not running text."""
    try:
        sources, _ = load_sources(path) if path.exists() else ({}, [])
    except DataError:
        return set()  # reported by the sources hook
    titles = set()
    for source in sources.values():
        for name in ("title", "title-short", "original-title", "container-title", "collection-title"):
            if source.item.get(name):
                titles |= {source.item[name], source.item[name].partition(": ")[0]}
    return titles


def _link_target(href: str) -> tuple[str, str]:
    """(source file, fragment) of a link in a definition: `#id` is an entry of the glossary."""
    path, _, fragment = href.partition("#")
    return (posixpath.normpath(path) if path else PAGE), fragment


def _definition_link(href: str, page_url: str) -> str:
    """The final URL of a link written in a definition, on the page at `page_url`."""
    target, fragment = _link_target(href)
    file = _build.files.get_file_from_path(target) if _build.files else None
    if file is None:
        return href  # reported once every page is known (`_link_problem`)
    if fragment and file.url == page_url:
        return f"#{fragment}"  # an entry of the glossary, on the glossary page
    url = get_relative_url(file.url, page_url)
    return f"{url}#{fragment}" if fragment else url


def _link_problem(href: str, files: Files) -> str | None:
    """What is wrong with a link in a definition, or None: its page and anchor must exist."""
    target, fragment = _link_target(href)
    file = files.get_file_from_path(target)
    if file is None:
        return f"the link '{href}' in its definition points to '{target}', which is not a file in docs/"
    anchors = file.page.present_anchor_ids if file.page is not None else None
    if fragment and anchors is not None and fragment not in anchors:
        where = "an entry of the glossary" if target == PAGE else f"a heading or anchor of {target}"
        return f"the link '{href}' in its definition points to '#{fragment}', which is not {where}"
    return None


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
