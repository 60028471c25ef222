"""MkDocs hook: citations, each page's sources panel, the bibliography and its downloads.

A thin adapter over `explainer.core.references` (data, formatting), `explainer.sources.citations`
(the Markdown extension), `explainer.sources.panel` (what a page cites) and `explainer.sources.exports`.
Pages are collected while they render; the bibliography's "Cited in" links are
resolved once every page is known (`on_page_context` runs after all pages render).
The bibliography's works are the page template's, after the page's text: the search
plugin is given them with that text (`on_env`), and they leave it once indexed.
The markup lives in `overrides/partials/ex-sources-panel.html` and
`overrides/bibliography.html`.

Settings in mkdocs.yml (`explainer.core.settings`): `extra.article.key`, the article's own
entry (required), and `extra.bibliography.downloads`, the downloads' file name.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from explainer.core import settings, strings
from explainer.core.datafile import PARSED, DataError, load_entries
from explainer.core.memo import open_memos
from explainer.core.references import DEFAULT_STYLE, REFERENCES, Source, csl_locale, format_reference, load_sources
from explainer.extensions import adopt
from explainer.pageviews import panel_view
from explainer.sources import bibliography, exports
from explainer.sources.citations import CitationsExtension
from explainer.sources.panel import Citing, PanelEntry, build_panel, citing_places

log = logging.getLogger("mkdocs.plugins.sources")

DATA_FILE = "sources.yml"
BIBLIOGRAPHY_PAGE = "sources.md"
DOWNLOADS = {  # extension of a file inside the bibliography page's folder -> (label, writer)
    ".bib": ("BibTeX", exports.to_bibtex),
    ".ris": ("RIS", exports.to_ris),
    ".json": ("CSL-JSON", exports.to_csl_json),
}

MEMOS = (PARSED, REFERENCES)  # what this hook keeps for the next build (explainer.core.memo)

_sources: dict[str, Source] = {}
_panels: dict[str, list[PanelEntry]] = {}  # src_uri -> the works in the page's sources panel
_cited_in: dict[str, list[Citing]] = {}
_invalid: set[str] = set()  # keys whose entries have errors (already reported)
_urls: dict[str, str] = {}  # the bibliography page's URL and each download's, by name
_citations: CitationsExtension | None = None  # knows what the page converted last cites
_tips: dict[str, str] = {}  # src_uri -> the tooltip bodies of its citations (HTML)
_article_context: dict = {}  # the article's citation metadata, for every page's template
_downloads: dict[str, str] = {}  # extension -> file name of each download
_strings: dict[str, str] = {}  # the interface words (explainer.core.strings)
_for_search: dict[str, str] = {}  # src_uri -> what the page's content carries for search only


# ---------------------------------------------------------------------------
# Hooks
# ---------------------------------------------------------------------------


def on_config(config):
    global _citations
    try:
        open_memos(MEMOS, config.extra, config.config_file_path)
        article_key = settings.article_key(config.extra)
        download_name = settings.download_name(config.extra)
        _strings.clear()
        _strings.update(strings.for_config(config))
    except ValueError as error:
        raise PluginError(str(error)) from None
    _downloads.clear()
    _downloads.update({extension: download_name + extension for extension in DOWNLOADS})
    path = Path(config.docs_dir) / DATA_FILE
    try:
        sources, problems = load_sources(path)
    except DataError as error:
        raise PluginError(str(error)) from None
    for problem in problems:
        log.warning(str(problem))
    _sources.clear()
    _sources.update(sources)
    _invalid.clear()
    _invalid.update(entry.id for entry in load_entries(path) if entry.id not in sources)
    _panels.clear()
    _cited_in.clear()
    _tips.clear()
    _references.cache.clear()
    _article_context.clear()
    if article_key not in _sources:
        raise PluginError(
            f"{path}: no valid entry '{article_key}' (extra.article.key: the article itself, used for citations)")
    article = _sources[article_key].item  # the same on every page: made once per build
    _article_context.update(
        ex_article_tags=exports.highwire_tags(article),
        ex_article_jsonld=exports.schema_org_article(article, config.site_url),
        ex_article_license=article.get("license"),
    )
    # mkdocs.yml names the extension for other builders (explainer.extensions); here this hook runs it.
    adopt(config.markdown_extensions, config.mdx_configs, "explainer_citations")
    # Tooltip bodies wait for `on_page_context`: the search plugin need not parse them.
    _references.locale = csl_locale(config.theme.get("language"))
    _citations = CitationsExtension(_sources, DEFAULT_STYLE, defer_tips=True, strings=_strings,
                                    locale=_references.locale)
    config.markdown_extensions.append(_citations)
    return config


def on_files(files: Files, config):
    data = files.get_file_from_path(DATA_FILE)
    if data is not None:  # maintainers' data, not a page of the site
        files.remove(data)
    page = files.get_file_from_path(BIBLIOGRAPHY_PAGE)
    if page is None:
        raise PluginError(f"{BIBLIOGRAPHY_PAGE}: the bibliography page is missing from the docs folder")
    _urls[BIBLIOGRAPHY_PAGE] = page.url
    works = _alphabetical()
    for extension, (_, writer) in DOWNLOADS.items():
        name = _downloads[extension]
        download = File.generated(config, f"{Path(BIBLIOGRAPHY_PAGE).stem}/{name}", content=writer(works))
        files.append(download)
        _urls[extension] = download.url
    return files


def on_page_content(html, page, config, files):
    src = page.file.src_uri
    found = _citations.found  # of this page: MkDocs converts it right before this hook
    _tips[src] = _citations.tips.html
    for key in dict.fromkeys(found.unknown):
        log.warning(f"{src}: {_unknown(key)} in [@{key}]")
    for written, place in dict.fromkeys(found.misplaced):
        log.warning(f"{src}: the citation {written} is in {place}, where it cannot be a link; cite in the text instead")
    listed = _listed_sources(page)
    _panels[src] = build_panel(found.markers, listed, _sources)
    # The panel is in the page template, not the content: tell MkDocs' link check its anchors.
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= {entry.anchor for entry in _panels[src]}
    titles = {anchor.id: anchor.title for anchor in _flatten(page.toc)}
    top = page.toc.items[0].id if page.toc.items and page.toc.items[0].level == 1 else None
    for key, places in citing_places(found.markers, listed, page.url, page.title, titles, top).items():
        _cited_in.setdefault(key, []).extend(places)
    return html


def on_page_context(context, page, config, nav):
    # Hooks run after plugins: the search plugin has indexed the page without the bodies.
    page.content += _tips.pop(page.file.src_uri, "")
    # ... and with the bibliography's works, which the page template shows.
    searched = _for_search.pop(page.file.src_uri, None)
    if searched:
        page.content = page.content.replace(searched, "", 1)
    # Plain values, as the citations extension gives Zensical's templates (explainer.pageviews).
    context["ex_sources_panel"] = panel_view(_panels.get(page.file.src_uri, []), _references.html, _references.coins,
                                           lambda kind: _strings["kind." + kind])
    context["ex_references"] = _references
    context["ex_bibliography_url"] = _urls.get(BIBLIOGRAPHY_PAGE, "")
    context.update(_article_context)
    if page.file.src_uri == BIBLIOGRAPHY_PAGE:
        order = {p.url: i for i, p in enumerate(nav.pages)}
        context["ex_bibliography"] = [
            (source, sorted(_cited_in.get(source.key, []), key=lambda c: order.get(c.page_url, len(order))))
            for source in _alphabetical()
        ]
        context["ex_downloads"] = [(_urls[extension], label) for extension, (label, _) in DOWNLOADS.items()]
    return context


def on_env(env, config, files):
    env.globals["ex_t"] = _strings  # the interface words, for our templates
    # Every page is converted and none indexed yet: give the search plugin the works.
    page = files.get_file_from_path(BIBLIOGRAPHY_PAGE).page
    _for_search.clear()
    if page is not None and page.content is not None:
        _for_search[BIBLIOGRAPHY_PAGE] = bibliography.search_html(_alphabetical(), _references.html)
        page.content += _for_search[BIBLIOGRAPHY_PAGE]
    return env


def on_post_build(config):
    for memo in MEMOS:
        memo.save()  # for the next build


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _listed_sources(page) -> list[str]:
    """The front matter's `sources: [key, ...]`, with a warning for each unknown key."""
    listed = page.meta.get("sources") or []
    src = page.file.src_uri
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not all(isinstance(key, str) for key in listed):
        log.warning(f"{src}: front matter 'sources' must be a list of source keys")
        return []
    for key in listed:
        if key not in _sources:
            log.warning(f"{src}: {_unknown(key)} in front matter 'sources'")
    return [key for key in dict.fromkeys(listed) if key in _sources]


def _unknown(key: str) -> str:
    if key in _invalid:
        return f"source '{key}' (its entry in {DATA_FILE} has errors, see above)"
    return f"unknown source key '{key}' (not in {DATA_FILE})"


def _alphabetical() -> list[Source]:
    return sorted(_sources.values(), key=lambda source: source.sort_key)


def _flatten(toc):
    for anchor in toc:
        yield anchor
        yield from _flatten(anchor.children)


class _References:
    """For templates: a work's formatted reference and its COinS, by key, made once per build."""

    def __init__(self):
        self.cache: dict[tuple[str, str], str] = {}
        self.locale: str | None = None  # CSL locale of the site's language (None: English)

    def html(self, key: str) -> str:
        if ("html", key) not in self.cache:
            self.cache["html", key] = format_reference(_sources[key].item, DEFAULT_STYLE, locale=self.locale)
        return self.cache["html", key]

    def coins(self, key: str) -> str:
        if ("coins", key) not in self.cache:
            self.cache["coins", key] = exports.coins(_sources[key].item)
        return self.cache["coins", key]


_references = _References()
