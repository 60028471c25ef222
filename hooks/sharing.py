"""MkDocs hook: link-ready sections (share, cite, preview, print).

A thin adapter over `explainer`:
- registers the Markdown extension for paragraph anchors and id aliases
  (`explainer.sharing.anchors`) and switches paragraph anchors on for chapter pages;
- appends a "Cite this page" block to every chapter (`explainer.sharing.citing`), with the
  citations of its sections for the share buttons, except of sections this edition
  wrote (headings with the class `ex-edition`, see `explainer.sharing.anchors`);
- generates the "whole explainer" page `/print/` from every page in the navigation,
  in its order, as rendered (`explainer.sharing.printpage`): each page is rewritten as it
  is rendered (`explainer.sharing.printer`), and the print page filled once the site is built;
- gives every page its link preview: values for the meta tags in `overrides/main.html`
  and a preview image drawn at build time (`explainer.sharing.previews`), in worker threads while
  the pages render, and cached: in memory across `mkdocs serve` rebuilds, and on disk in
  `previews/` of the cache folder that `extra.cache_dir` of mkdocs.yml names.

A page is a chapter of the article when its front matter says `chapter: true`. The
article's own entry in docs/sources.yml is `extra.article.key` of mkdocs.yml; the print
page's description is `extra.print.description`, or one made from the site's name.
"""

from __future__ import annotations

import datetime
import html
import json
import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from explainer.core import settings, strings
from explainer.core.datafile import PARSED, DataError
from explainer.core.memo import cache_folder, open_memos
from explainer.core.references import REFERENCES, csl_locale, load_sources
from explainer.extensions import adopt
from explainer.pageviews import link_preview
from explainer.sharing.anchors import AnchorsExtension
from explainer.sharing.citing import STYLES, Citation, page_citations, section_citations
from explainer.sharing.previews import Fonts, PreviewCache, PreviewRenderer, missing_glyphs
from explainer.sharing.printpage import Chapter
from explainer.sharing.printer import Printer, PrintError

log = logging.getLogger("mkdocs.plugins.sharing")

SOURCES_FILE = "sources.yml"
PRINT_PAGE = "print.md"
PREVIEW_FOLDER = "assets/previews"
MEMOS = (PARSED, REFERENCES)  # what this hook keeps for the next build (explainer.core.memo)
# Our own element in the rendered print page, replaced by the chapters after the build.
PRINT_MARKER = '<div class="ex-print__chapters" data-ex-print-chapters></div>'
TEMPLATES = "partials/ex-sharing.html"
# Its title and description come from `_print_front_matter`.
PRINT_FRONT_MATTER = {"hide": ["navigation", "toc"], "search": {"exclude": True}}


@dataclass
class _Build:
    anchors: AnchorsExtension
    article: dict
    previewer: PreviewRenderer
    macros: jinja2.Template
    strings: dict[str, str]  # the interface words (explainer.core.strings)
    locale: str | None  # the CSL locale of citations (explainer.core.references.csl_locale)
    print_file: File | None = None
    nav_order: list[str] = field(default_factory=list)
    in_nav: set[str] = field(default_factory=set)
    pages: dict[str, Page] = field(default_factory=dict)  # src_uri -> page, for the print page
    previews: dict[str, Future] = field(default_factory=dict)  # file -> its PNG, being drawn and written
    printed: set[str] = field(default_factory=set)  # src_uri of the pages the printer has
    edition_sections: dict[str, set[str]] = field(default_factory=dict)  # src_uri -> ids this edition wrote
    # The access date that styles like Harvard print; the browser puts in the reader's day.
    accessed: datetime.date = field(default_factory=datetime.date.today)


_build: _Build | None = None
# Worker threads for preview images (Pillow's PNG encoder releases the GIL), while
# MkDocs renders the next pages. One pool per process, reused by `mkdocs serve`'s rebuilds.
_workers: ThreadPoolExecutor | None = None
# The print page's chapters, collected as the pages render.
_printer = Printer()

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build, _workers
    if _workers is None:
        _workers = ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1), thread_name_prefix="sharing")
    try:
        words = strings.for_config(config)
        article_key = settings.article_key(config.extra)
    except ValueError as error:
        raise PluginError(str(error)) from None
    # mkdocs.yml names these extensions for other builders (explainer.extensions); here this hook
    # runs the anchors itself, told which pages are chapters, and gives the templates the meta tags.
    anchor_options = adopt(config.markdown_extensions, config.mdx_configs, "explainer_anchors") or {}
    adopt(config.markdown_extensions, config.mdx_configs, "explainer_page_meta")
    anchors = AnchorsExtension(**{"paragraph_title": words["anchors.paragraph_title"],
                                  **{k: v for k, v in anchor_options.items() if k != "paragraphs"}})
    config.markdown_extensions.append(anchors)
    try:
        fonts = Fonts.bundled()
    except FileNotFoundError as error:
        raise PluginError(str(error)) from None
    try:
        cache = cache_folder(config.extra, config.config_file_path)
        open_memos(MEMOS, config.extra, config.config_file_path)
    except ValueError as error:
        raise PluginError(str(error)) from None
    previewer = PreviewRenderer(fonts, PreviewCache(cache / "previews" if cache else None), _workers)
    article = _article(Path(config.docs_dir) / SOURCES_FILE, article_key)
    _build = _Build(anchors, article, previewer, _macros(config, words), words,
                    csl_locale(config.theme.get("language")))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if files.get_file_from_path(PRINT_PAGE) is not None:
        raise PluginError(f"{config.docs_dir}/{PRINT_PAGE}: this page is generated from the chapters; remove the file")
    _build.print_file = File.generated(
        config, PRINT_PAGE, content=_print_front_matter(config), inclusion=InclusionLevel.NOT_IN_NAV)
    files.append(_build.print_file)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _build.nav_order = [page.file.src_uri for page in nav.pages]
    _build.in_nav = set(_build.nav_order)
    _printer.begin([page.url for page in nav.pages], _build.print_file.url)
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    chapter = page.meta.get("chapter", False)
    if not isinstance(chapter, bool):
        log.warning(f"{page.file.src_uri}: front matter 'chapter' must be true or false, not '{chapter}'")
    _build.anchors.paragraphs = chapter is True
    if not page.meta.get("description"):
        log.warning(f"{page.file.src_uri}: front matter has no 'description' (link previews show it)")
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    for problem in _build.anchors.problems:
        log.warning(f"{page.file.src_uri}: {problem}")
    _build.edition_sections[page.file.src_uri] = set(_build.anchors.edition_sections)
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    _build.pages[page.file.src_uri] = page
    if page.file.src_uri == PRINT_PAGE:  # here, not earlier: every page has its headings by now
        page.content = str(_build.macros.module.print_page(
            chapters=PRINT_MARKER, cover=_print_cover(config), contents=_print_contents(nav)))
    if page.meta.get("chapter") is True:
        # Added after the search plugin has indexed the page (hooks run after plugins):
        # a search for the article should not find "Cite this page" in every chapter.
        # str(): adding a str to jinja's Markup would escape the str.
        citations = page_citations(_build.article, page.canonical_url, _build.accessed, _build.locale)
        page.content += str(_build.macros.module.cite_page(
            citations=citations,
            sections=_section_citations(page, citations),
            print_url=_build.print_file.url_relative_to(page.file),
        ))
    name = f"{PREVIEW_FOLDER}/{page.url.strip('/').replace('/', '-') or 'home'}.png"
    title = config.site_name if page.is_homepage else page.meta.get("title") or page.title
    subtitle = urlsplit(config.site_url or "").netloc if page.is_homepage else config.site_name
    if missing := missing_glyphs(title + subtitle, _build.previewer.fonts):
        log.warning(f"{page.file.src_uri}: the link preview's font has no glyph for {missing!r} in the title "
                    "or site name (it would show empty boxes)")
    _build.previews[name] = _build.previewer.submit(title, subtitle, Path(config.site_dir) / name)
    context["link_preview"] = link_preview(
        title=title, site_name=config.site_name, site_url=config.site_url or "", page_url=page.url,
        description=page.meta.get("description") or config.site_description or "",
        chapter=page.meta.get("chapter") is True, home=page.is_homepage, image=name)
    return context


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.globals["ex_keep_for_print"] = _keep_for_print  # called by overrides/main.html
    env.globals["ex_t"] = _build.strings  # the interface words, for our templates
    # The script's words, which overrides/main.html writes into every page.
    env.globals["ex_script_strings"] = {key: _build.strings[key] for key in strings.JS_KEYS}
    return env


def on_build_error(error: Exception) -> None:
    if _build is not None:  # a failed build needs no images: don't draw the rest
        for image in _build.previews.values():
            image.cancel()


def on_post_build(config: MkDocsConfig) -> None:
    _write_print_page(Path(config.site_dir))
    for memo in MEMOS:
        memo.save()  # for the next build
    for image in _build.previews.values():
        image.result()  # written by the worker threads; raises what went wrong


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------


def _article(path: Path, key: str) -> dict:
    """The article's CSL item from sources.yml (the sources hook reports other entries' problems)."""
    try:
        sources, _ = load_sources(path)
    except DataError as error:
        raise PluginError(str(error)) from None
    if key not in sources:
        raise PluginError(f"{path}: no valid entry '{key}' (extra.article.key: the article itself, used for citations)")
    return sources[key].item


def _print_front_matter(config: MkDocsConfig) -> str:
    """The print page's front matter: its title and description in the site's language."""
    try:
        description = settings.text(config.extra, "print.description")
    except ValueError as error:
        raise PluginError(str(error)) from None
    if description is None:
        description = strings.fill(_build.strings["print.description"], site_name=config.site_name)
    front_matter = {"title": _build.strings["print.title"], "description": description, **PRINT_FRONT_MATTER}
    # JSON is YAML: every value quoted, whatever it contains.
    lines = [f"{name}: {json.dumps(value, ensure_ascii=False)}" for name, value in front_matter.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _section_citations(page: Page, citations: list[Citation]) -> dict:
    """What the heading buttons of a chapter copy (JSON for explainer.js): the styles,
    how each writes an access date, and by heading id (h2 and h3) one citation per
    style; sections this edition wrote (`explainer.sharing.anchors`: class ex-edition) have none."""
    edition = _build.edition_sections.get(page.file.src_uri, set())
    headings, stack = [], list(page.toc)
    while stack:
        item = stack.pop(0)
        if item.level in (2, 3) and item.id not in edition:
            headings.append((item.id, html.unescape(item.title)))
        stack.extend(item.children)
    located = {f"{page.canonical_url}#{id}": id for id, _ in headings}
    texts = section_citations(_build.article, zip(located, (title for _, title in headings)), _build.accessed,
                              _build.locale)
    return {
        "styles": list(STYLES),
        "dates": [citation.date_form for citation in citations],
        "sections": {located[url]: cited for url, cited in texts.items()},
    }


def _keep_for_print(page: Page, content: str) -> str:
    """A page's content as rendered by the template: to the printer, for the print page."""
    if page.file.src_uri in _build.in_nav:
        try:
            _printer.add(Chapter(page.url, page.title), content)
        except PrintError as error:
            raise PluginError(str(error)) from None
        _build.printed.add(page.file.src_uri)
    return content


def _write_print_page(folder: Path) -> None:
    """Fill the rendered print page with every page of the navigation, as rendered."""
    try:
        for uri in _build.nav_order:
            page = _build.pages[uri]
            if uri not in _build.printed:  # not rendered by overrides/main.html: read what is in the site
                _printer.add_page(Chapter(page.url, page.title), (folder / page.file.dest_uri).read_text("utf-8"))
        _printer.fill(folder / _build.pages[PRINT_PAGE].file.dest_uri, PRINT_MARKER)
    except PrintError as error:
        raise PluginError(str(error)) from None


def _print_cover(config: MkDocsConfig) -> dict:
    """The print page's first lines, from mkdocs.yml: title, description, licence, address."""
    return {
        "title": config.site_name,
        "description": config.site_description or "",
        "copyright": Markup(config.copyright or ""),  # HTML written by the maintainer
        "address": config.site_url or "",
    }


def _print_contents(nav: Navigation) -> list[dict]:
    """The print page's contents: each chapter's anchor there and its heading (h1), as printed."""
    entries = []
    for page in nav.pages:
        first = page.toc.items[0] if page.toc and page.toc.items else None
        title = first.title if first is not None and first.level == 1 else page.title
        entries.append({"anchor": Chapter(page.url, "").anchor, "title": title})
    return entries


def _macros(config: MkDocsConfig, words: dict[str, str]) -> jinja2.Template:
    """Our Jinja macros in overrides/, with autoescaping (MkDocs' own environment has none)."""
    folders = [folder for folder in config.theme.dirs if Path(folder, TEMPLATES).is_file()]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals["ex_t"] = words
    return env.get_template(TEMPLATES)
