"""Link-ready sections in one MkDocs build: share, cite, preview, print.

Made by `hooks/sharing.py` in `on_config` and kept by the build (`explainer.core.build`):
- the Markdown extension for paragraph anchors and id aliases (`explainer.sharing.anchors`),
  with paragraph anchors on chapter pages (front matter `chapter: true`);
- a "Cite this page" block after every chapter (`explainer.sharing.citing`), with the
  citations of its sections for the share buttons, except of sections this edition
  wrote (headings with the class `ex-edition`): `page.meta.ex_cite_page`, which the page
  template shows (overrides/partials/ex-cite-page.html);
- the "whole explainer" page `/print/` from every page in the navigation, in its order,
  as rendered (`explainer.sharing.printer`): it is the last page MkDocs renders;
- every page's link preview: values for the meta tags in `overrides/main.html` and a
  preview image drawn in the build's worker threads while the pages render, kept on disk
  in `previews/` of the cache folder (`extra.cache_dir`).

Options: those of the `explainer_anchors` entry of `markdown_extensions`
(`explainer.sharing.anchors.AnchorsExtension`; `paragraphs` follows each page's `chapter`).
The article's own entry in docs/sources.yml is `extra.article.key` of mkdocs.yml; the print
page's description is `extra.print.description`, or one made from the site's name.
"""

from __future__ import annotations

import dataclasses
import html
import json
import logging
from concurrent.futures import Future
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.structure.files import File

from explainer.core import frontmatter, settings, strings
from explainer.core.build import Build
from explainer.sharing.anchors import AnchorsExtension
from explainer.sharing.citing import STYLES, Citation, page_citations, section_citations
from explainer.sharing.lede import ArticleParts, lede
from explainer.sharing.previews import Fonts, PreviewCache, PreviewRenderer, missing_glyphs, preview_name
from explainer.sharing.printer import Printer, PrintError
from explainer.sharing.printpage import Chapter
from explainer.sharing.record import RECORD_FILE, load_record, paragraph_fingerprints

log = logging.getLogger("mkdocs.plugins.sharing")

PRINT_PAGE = "print.md"
PREVIEW_FOLDER = "assets/previews"
TEMPLATES = "partials/ex-sharing.html"
# Its title and description come from `print_front_matter`. It repeats the chapters, so search
# engines should list them, not it: `robots` (overrides/partials/ex-link-preview.html, sitemap.xml).
PRINT_FRONT_MATTER = {"hide": ["navigation", "toc"], "search": {"exclude": True}, "robots": "noindex, follow"}


class SharingBuild:
    """What the sharing feature knows and collects in one build.

    Raises ValueError (a setting in mkdocs.yml, no article entry), DataError (sources.yml or
    the record of published addresses, docs/addresses.yml, cannot be read) and
    FileNotFoundError (the preview font is not installed), each with a one-line message.
    """

    def __init__(self, build: Build, options: dict[str, Any] | None = None):
        options = options or {}
        config = build.config
        self.build = build
        self.article = build.article(build.article_key()).item
        self.anchors = AnchorsExtension(**{"paragraph_title": build.strings["anchors.paragraph_title"],
                                           **{k: v for k, v in options.items() if k != "paragraphs"}})
        # `explainer_anchors: {paragraphs: …}` in mkdocs.yml, for every page; unset, each page's `chapter`
        # decides (as under a builder without hooks, explainer.extensions).
        self.paragraphs_option: bool | None = options.get("paragraphs")
        self.previewer = PreviewRenderer(Fonts.bundled(), PreviewCache(build.cache / "previews" if build.cache else None),
                                         build.workers())
        self.macros = macros(config.theme.dirs, build.strings)
        self.print_description = settings.text(config.extra, "print.description")
        self.updates = settings.text(config.extra, "article.updates")  # checked against the navigation (hooks/sharing.py)
        # The reading time and lede of each page (`explainer_page_meta`, explainer.extensions).
        self.article_parts = ArticleParts(build.strings)
        self.printer = Printer()  # the print page's chapters, collected as the pages render
        self.print_file = None  # the print page's File
        self.nav_order: list[str] = []  # src_uri of the pages in the navigation, in order
        self.in_nav: set[str] = set()
        self.pages: dict[str, Any] = {}  # src_uri -> page, for the print page
        self.previews: dict[str, Future] = {}  # file -> its PNG, being drawn and written
        self.printed: set[str] = set()  # src_uri of the pages the printer has
        self.edition_sections: dict[str, set[str]] = {}  # src_uri -> ids this edition wrote
        # docs/addresses.yml: address -> fingerprint of its text (explainer.sharing.record)
        self.published = load_record(Path(config.docs_dir) / RECORD_FILE)

    @property
    def extension(self) -> AnchorsExtension:
        """The Markdown extension of the page being converted (`explainer.extensions.anchors`)."""
        return self.anchors

    def print_front_matter(self) -> str:
        """The print page's front matter: its title and description in the site's language."""
        words = self.build.strings
        description = self.print_description
        if description is None:
            description = strings.fill(words["print.description"], site_name=self.build.config.site_name)
        front_matter = {"title": words["print.title"], "description": description, **PRINT_FRONT_MATTER}
        # JSON is YAML: every value quoted, whatever it contains.
        lines = [f"{name}: {json.dumps(value, ensure_ascii=False)}" for name, value in front_matter.items()]
        return "---\n" + "\n".join(lines) + "\n---\n"

    def navigation(self, pages: list) -> None:
        """The pages of the navigation, in order: the print page's chapters."""
        self.nav_order = [page.file.src_uri for page in pages]
        self.in_nav = set(self.nav_order)
        self.printer.begin([page.url for page in pages], self.print_file.url)

    def page_starts(self, src_uri: str, meta: dict[str, Any], url: str = "", text: str = "") -> None:
        """Before a page's Markdown is converted: paragraph anchors on chapters, where its
        published paragraph addresses point (`url`: the page's, 'origins/'); its checks
        (`text`: the page's file as written, for what its front matter lost)."""
        for problem in frontmatter.page_problems(src_uri, meta, text):
            log.warning(problem)
        chosen = self.paragraphs_option
        self.anchors.paragraphs = (meta.get("chapter") is True) if chosen is None else bool(chosen)
        self.anchors.published = self.published_paragraphs(src_uri, url)
        self.article_parts.start(meta, lede(meta, self.article, self.build.strings, home=url in ("", "index.html"),
                                            src_uri=src_uri, updates=self.updates))

    def published_paragraphs(self, src_uri: str, url: str) -> dict[str, str]:
        """The page's published paragraph addresses (docs/addresses.yml), also those published
        at an old address of the page that `redirect_maps` sends here (the stub keeps the #id)."""
        config = self.build.config
        plugin = config.plugins.get("redirects")
        maps = (plugin.config.get("redirect_maps") or {}) if plugin is not None else {}
        urls = [File(old, config.docs_dir, config.site_dir, config.use_directory_urls).url
                for old, new in maps.items() if new == src_uri]
        found: dict[str, str] = {}
        for address in [*urls, url]:  # the page's own addresses last: they win
            found.update(paragraph_fingerprints(self.published, "/" + address))
        return found

    def page_converted(self, src_uri: str) -> None:
        for problem in self.anchors.problems:
            log.warning(f"{src_uri}: {problem}")
        self.edition_sections[src_uri] = set(self.anchors.edition_sections)

    def page_context(self, page, nav) -> dict[str, Any]:
        """The print page's frame, a chapter's "Cite this page", and every page's link
        preview: its image is submitted, its tags' values returned (`explainer.pageviews.link_preview`)."""
        config = self.build.config
        self.pages[page.file.src_uri] = page
        if page.file.src_uri == PRINT_PAGE:  # the last page: every other one is rendered and written
            page.content = str(self.macros.module.print_page(
                chapters=Markup(self.print_chapters(Path(config.site_dir))), cover=print_cover(config),
                contents=print_contents(nav)))
        if page.meta.get("chapter") is True:
            # For the page template (overrides/partials/ex-cite-page.html), not the content: a
            # search for the article should not find "Cite this page" in every chapter.
            citations = page_citations(self.article, page.canonical_url, self.build.accessed, self.build.locale)
            page.meta["ex_cite_page"] = {
                "citations": [dataclasses.asdict(citation) for citation in citations],
                "sections": self.section_citations(page, citations),
                "print_url": self.print_file.url_relative_to(page.file),
            }
        title = config.site_name if page.is_homepage else page.meta.get("title") or page.title
        subtitle = urlsplit(config.site_url or "").netloc if page.is_homepage else config.site_name
        stem = page.url.strip("/").replace("/", "-") or "home"
        # Named after what it shows: a changed image gets a new address (platforms cache cards by it).
        name = f"{PREVIEW_FOLDER}/{preview_name(stem, title, subtitle, self.previewer.fonts)}"
        if missing := missing_glyphs(title + subtitle, self.previewer.fonts):
            log.warning(f"{page.file.src_uri}: the link preview's font has no glyph for {missing!r} in the title "
                        "or site name (it would show empty boxes)")
        self.previews[name] = self.previewer.submit(title, subtitle, Path(config.site_dir) / name)
        return {
            "title": title, "site_name": config.site_name, "site_url": config.site_url or "", "page_url": page.url,
            "description": page.meta.get("description") or config.site_description or "",
            "chapter": page.meta.get("chapter") is True, "home": page.is_homepage, "image": name,
        }

    def section_citations(self, page, citations: list[Citation]) -> dict:
        """What the heading buttons of a chapter copy (JSON for explainer.js): the styles,
        how each writes an access date, and by heading id (h2 and h3) one citation per
        style; sections this edition wrote (`explainer.sharing.anchors`: class ex-edition) have none."""
        edition = self.edition_sections.get(page.file.src_uri, set())
        headings = [(item.id, html.unescape(item.title)) for item in _breadth_first(page.toc)
                    if item.level in (2, 3) and item.id not in edition]
        located = {f"{page.canonical_url}#{id}": id for id, _ in headings}
        texts = section_citations(self.article, zip(located, (title for _, title in headings)), self.build.accessed,
                                  self.build.locale)
        return {
            "styles": list(STYLES),
            "dates": [citation.date_form for citation in citations],
            "sections": {located[url]: cited for url, cited in texts.items()},
        }

    def keep_for_print(self, page, content: str) -> str:
        """A page's content as rendered by the template: to the printer, for the print page.
        Raises PrintError."""
        if page.file.src_uri in self.in_nav:
            self.printer.add(Chapter(page.url, page.title), content)
            self.printed.add(page.file.src_uri)
        return content

    def print_chapters(self, site_dir: Path) -> str:
        """Every page of the navigation as the print page shows it, once all are rendered
        and written to `site_dir` (HTML). PrintError if one is not, or cannot be read."""
        for uri in self.nav_order:
            page = self.pages.get(uri)
            if page is None:
                raise PrintError(f"the print page: rendered before {uri} (it must be the last page of the site)")
            if uri not in self.printed:  # not rendered by overrides/main.html: read what is in the site
                self.printer.add_page(Chapter(page.url, page.title), (site_dir / page.file.dest_uri).read_text("utf-8"))
        return self.printer.html()

    def finish(self) -> None:
        """After the build: wait for the preview images; raises what went wrong in one."""
        for image in self.previews.values():
            image.result()  # written by the worker threads; raises what went wrong


def print_cover(config) -> dict:
    """The print page's first lines, from mkdocs.yml: title, description, licence, address."""
    return {
        "title": config.site_name,
        "description": config.site_description or "",
        "copyright": Markup(config.copyright or ""),  # HTML written by the maintainer
        "address": config.site_url or "",
    }


def print_contents(nav) -> list[dict]:
    """The print page's contents: each chapter's anchor there and its heading (h1), as printed."""
    entries = []
    for page in nav.pages:
        first = page.toc.items[0] if page.toc and page.toc.items else None
        title = first.title if first is not None and first.level == 1 else page.title
        entries.append({"anchor": Chapter(page.url, "").anchor, "title": title})
    return entries


def macros(theme_dirs: list[str], words: dict[str, str]) -> jinja2.Template:
    """Our Jinja macros in overrides/, with autoescaping (MkDocs' own environment has none)."""
    folders = [folder for folder in theme_dirs if Path(folder, TEMPLATES).is_file()]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=True, undefined=jinja2.StrictUndefined)
    env.globals["ex_t"] = words
    return env.get_template(TEMPLATES)


def _breadth_first(toc) -> list:
    items, queue = [], list(toc)
    while queue:
        item = queue.pop(0)
        items.append(item)
        queue.extend(item.children)
    return items
