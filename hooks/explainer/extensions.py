"""The explainer's per-page features, loadable by name in any Python-Markdown based builder.

After `pip install .` (or `-e .`) these are entry points of the `markdown.extensions`
group, so a builder's configuration names them like Python-Markdown's own:

    markdown_extensions:
      - explainer_glossary          # glossary terms marked, with tooltips (explainer.glossary.marking)
      - explainer_citations         # [@key] citations, tooltips, the sources panel's data (explainer.sources.citations)
      - explainer_anchors           # paragraph anchors on chapters, id aliases (explainer.sharing.anchors)
      - explainer_page_meta         # values of the link-preview and citation meta tags

(`explainer.extensions:glossary` and so on name the same without the entry points.)

Each is set up when a page is converted, from three places, the first that has it:
its options in the configuration; the builder's context of the page
(`explainer.core.pagecontext`: Zensical gives the page's path, URL and front matter and the
whole configuration, with `extra`); defaults that suit any explainer. Data files are
read once per process and again only when they change. What a page's templates need
(the sources panel, the meta tags' values) goes into the page's metadata, which
Zensical hands to the templates as `page.meta`.

Under MkDocs the hooks (`hooks/*.py`) hand each entry the whole site (`hand_over`, as
mkdocstrings hands itself to autorefs' extension): the entry becomes the same extension,
made with the same options and given the build's feature (`explainer.core.build`), which
tells it about each page and collects what the whole site needs.
"""

from __future__ import annotations

import html
import sys
import xml.etree.ElementTree as etree
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from explainer.core import frontmatter, settings, strings
from explainer.core.datafile import DataError
from explainer.core.pagecontext import PageContext, page_context
from explainer.core.references import DEFAULT_STYLE, Source, csl_locale, load_sources
from explainer.core.theme import theme_folder
from explainer.glossary import page as glossary_page
from explainer.glossary.data import Glossary, load_glossary
from explainer.glossary.marking import GlossaryExtension, PageState, mark_mode
from explainer.pageviews import link_preview, panel_view
from explainer.sharing.anchors import AnchorsExtension
from explainer.sharing.lede import ArticleParts, lede
from explainer.sharing.record import RECORD_FILE, load_record, paragraph_fingerprints
from explainer.sources import exports
from explainer.sources.citations import CitationsExtension
from explainer.sources.panel import bibliography_view, build_panel

# Entry-point names (pyproject.toml) -> what each takes from the configuration.
NAMES = tuple(settings.EXTENSION_OPTIONS)
BIBLIOGRAPHY_TEMPLATE = "partials/ex-bibliography.html"


class ExplainerError(ValueError):
    """A mistake in the docs that must stop the build; the message names the file, in the
    same words as the MkDocs hooks' warning for it (`explainer.core.frontmatter`)."""


def _source(context: PageContext | None) -> str:
    """The page as messages name it, as the hooks do: its path in the docs folder."""
    return context.path if context else "page"


def _stop(problem: str | None) -> None:
    if problem:
        raise ExplainerError(problem)


# How Zensical (0.0.x) words an exception of ours that it raises again, before our message.
ZENSICAL_ERROR = f"Python error: {ExplainerError.__name__}: "


def _one_line_errors() -> None:
    """Have the interpreter print an ExplainerError as its one line, without a traceback.

    A builder without hooks (Zensical) stops on an exception from an extension and prints
    it with `sys.excepthook`, which writes the traceback too: for a mistake in the docs the
    maintainer needs the line that names it, as MkDocs prints it. Zensical 0.0.x raises it
    again as a RuntimeError whose message starts with ZENSICAL_ERROR and holds the inner
    traceback. Other exceptions are printed as before. Installed once per process, by the
    first page converted without hooks.
    """
    previous = sys.excepthook
    if getattr(previous, "explainer_one_line", False):
        return

    def excepthook(kind, error, traceback):
        message = str(error)
        if isinstance(error, ExplainerError):
            print(f"Error: {message}", file=sys.stderr)
        elif isinstance(error, RuntimeError) and message.startswith(ZENSICAL_ERROR):
            print(f"Error: {message[len(ZENSICAL_ERROR):].partition(chr(10))[0]}", file=sys.stderr)
        else:
            previous(kind, error, traceback)

    excepthook.explainer_one_line = True
    sys.excepthook = excepthook


def adopt(markdown_extensions: list, mdx_configs: dict, name: str) -> dict[str, Any] | None:
    """Take the entry `name` out of a builder's extension list; its options, or None if absent."""
    if name not in markdown_extensions:
        return None
    markdown_extensions.remove(name)
    return dict(mdx_configs.pop(name, None) or {})


def hand_over(markdown_extensions: list, mdx_configs: dict, name: str, site: Any) -> Extension:
    """Under MkDocs: the entry `name` (one of NAMES) of the extension list becomes the
    extension, made with its options and given `site`, the build's feature, which tells it
    about each page (`explainer.glossary.build`, `explainer.sources.build`,
    `explainer.sharing.build`). Added where mkdocs.yml does not name it. Returns it.
    """
    options = adopt(markdown_extensions, mdx_configs, name) or {}
    extension = _BY_NAME[name](site=site, **options)
    markdown_extensions.append(extension)
    return extension


# ---------------------------------------------------------------------------
# Loading data once per process
# ---------------------------------------------------------------------------


class _DataFiles:
    """Data files as loaded, by kind and path, until the file changes, for the life of the
    process: a builder without hooks converts page after page and never says when a build
    starts or ends. (Under MkDocs the build object loads them, `explainer.core.build`.)"""

    def __init__(self):
        self.loaded: dict[tuple[str, Path], tuple[int, Any]] = {}

    def load(self, kind: str, path: Path, loader) -> Any:
        """`loader(path)`, remembered until the file changes. A DataError stops the build with
        its line (ExplainerError)."""
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:  # missing: the loader says so, in the line a strict MkDocs build stops with
            stamp = None
        cached = self.loaded.get((kind, path))
        if cached is None or cached[0] != stamp or stamp is None:
            try:
                cached = self.loaded[kind, path] = (stamp, loader(path))
            except DataError as error:
                raise ExplainerError(str(error)) from None
        return cached[1]


_DATA_FILES = _DataFiles()
_load = _DATA_FILES.load


def _data_path(context: PageContext | None, name: str) -> Path:
    """A file of the docs folder, by its name there."""
    folder = context.docs_dir if context else Path("docs")
    return folder / name


def _words(context: PageContext | None) -> dict[str, str]:
    """The interface words in the site's language (`theme.language`, `extra.strings`)."""
    if context is None:
        return strings.ENGLISH
    theme = context.config.get("theme") or {}
    language = theme.get("language") if isinstance(theme, dict) else None
    try:
        return strings.interface_strings(language or "en", context.extra.get("strings"))
    except ValueError as error:  # its line names mkdocs.yml
        raise ExplainerError(str(error)) from None


def _locale(context: PageContext | None) -> str | None:
    theme = (context.config.get("theme") or {}) if context else {}
    return csl_locale(theme.get("language") if isinstance(theme, dict) else None)


def _sources(path: Path) -> dict[str, Source]:
    """The works of sources.yml; the first entry with a mistake stops the build, as its
    warning stops a strict MkDocs build."""
    sources, problems = _load("sources", path, load_sources)
    if problems:
        raise ExplainerError(str(problems[0]))
    return sources


# ---------------------------------------------------------------------------
# The adapters
# ---------------------------------------------------------------------------


class _SetUp(Preprocessor):
    """Runs first on each page: reads the builder's context and registers the feature."""

    def __init__(self, md: Markdown, adapter: _Adapter):
        super().__init__(md)
        self.adapter = adapter

    def run(self, lines: list[str]) -> list[str]:
        context = page_context(self.md)
        if context is not None:
            _one_line_errors()
        _stop(settings.option_problem(self.adapter.NAME, self.adapter.options))
        if context is not None:
            _stop(settings.unknown_setting(context.extra))
        self.adapter.set_up(self.md, context)
        return lines


class _Adapter(Extension):
    """A feature: given the build's `site` (MkDocs), or set up by each page's context."""

    NAME = ""  # its entry-point name, one of NAMES

    def __init__(self, site: Any = None, **options: Any):
        super().__init__()
        self.site = site
        self.options = settings.given(options)

    def extendMarkdown(self, md: Markdown) -> None:
        if self.site is not None:  # the hooks tell the site about each page before it is converted
            self.site.extension.extendMarkdown(md)
            return
        # The work waits for a page: builders also make Markdown instances to check
        # their configuration, which convert nothing.
        md.preprocessors.register(_SetUp(md, self), f"ex-setup-{type(self).__name__}", 1000)

    def set_up(self, md: Markdown, context: PageContext | None) -> None:
        raise NotImplementedError

    def shared_file(self, context: PageContext | None, extension: str, option: str) -> str:
        """A file the features share, named once (`settings.SHARED_FILES`): by this entry's
        options if it is the one that names it, else by the other entry's, as the builder
        loaded mkdocs.yml (the MkDocs build reads them the same way, `explainer.core.build`)."""
        config = context.config if context else {}
        options = settings.extension_options(config.get("markdown_extensions") or (), config.get("mdx_configs") or {})
        options[self.NAME] = self.options
        return settings.shared_file(options, extension, option)


class _Glossary(_Adapter):
    """Options: `data` (glossary.yml in the docs folder), `mark` (else extra.glossary.mark),
    `page` (glossary.md: where term links lead). Front matter `glossary: false` turns it off.
    Its entries' sources are read from, and link to, the files `explainer_citations` names."""

    NAME = "explainer_glossary"

    def set_up(self, md: Markdown, context: PageContext | None) -> None:
        meta = context.meta if context else {}
        page_file = self.shared_file(context, self.NAME, "page")
        data = _data_path(context, self.shared_file(context, self.NAME, "data"))
        glossary: Glossary = _load("glossary", data, lambda path: load_glossary(path)[0])
        if context and not (context.docs_dir / page_file).is_file():  # the hooks make it; term links would lead nowhere
            raise ExplainerError(f"{page_file}: the glossary page is missing from the docs folder (only the MkDocs "
                                 "hooks make it): write it with a title and description, its entries follow them")
        if context and context.path == page_file:
            # The glossary page itself: its entries follow the introduction written in docs/.
            bibliography = context.link_from_source(self.shared_file(context, "explainer_citations", "bibliography"))
            works = self._sources(context)
            if works:  # an entry's source that is no work: checked once, on this page, as MkDocs checks it
                _stop(next(iter(load_glossary(data, set(works))[1]), None))
            sources = {key: glossary_page.Link(source.short_label, f"{bibliography}#{key}")
                       for key, source in works.items()}
            entries = glossary_page.entries(glossary, {}, sources)
            permalink = self._permalink(context)
            langs = self._langs(context)
            md.treeprocessors.register(_Append(md, glossary_page.entries_html(entries, *permalink, _words(context),
                                                                              *langs)),
                                       "ex-glossary-entries", 1)
        _stop(frontmatter.switch_problem(_source(context), meta, "glossary"))
        if meta.get("glossary", True) is False:
            return
        try:
            mark = mark_mode(self.options, context.extra if context else {})
        except ValueError as error:
            raise ExplainerError(str(error)) from None
        # Builders rewrite links to Markdown files, also in raw HTML (Zensical) or only in
        # the tree (MkDocs, where the hook gives the tooltips final URLs instead).
        url = context.link_from_source(page_file) if context else page_file
        GlossaryExtension(glossary, mark, PageState(glossary_url=url), strings=_words(context),
                          native_lang=self._langs(context)[0], romanised_lang=self._langs(context)[1]).extendMarkdown(md)

    @staticmethod
    def _langs(context: PageContext | None) -> tuple[str | None, str | None]:
        """The languages of the native names and their romanisations (extra.glossary)."""
        glossary = (context.extra.get("glossary") if context else None) or {}
        if not isinstance(glossary, dict):
            return None, None
        return glossary.get("native_lang"), glossary.get("romanised_lang")

    @staticmethod
    def _permalink(context: PageContext) -> tuple[str | None, str]:
        """The permalink symbol (HTML) and title the toc extension gives headings."""
        settings = (context.config.get("mdx_configs") or {}).get("toc") or {}
        permalink = settings.get("permalink")
        symbol = "&para;" if permalink is True else (html.escape(str(permalink)) if permalink else None)
        return symbol, str(settings.get("permalink_title") or "Permanent link")

    def _sources(self, context: PageContext) -> dict[str, Source]:
        path = _data_path(context, self.shared_file(context, "explainer_citations", "data"))
        return _sources(path) if path.exists() else {}


class _Citations(_Adapter):
    """Options: `data` (sources.yml in the docs folder), `style` (a CSL style name),
    `bibliography` (sources.md). The page's sources panel goes into `page.meta.ex_sources_panel`."""

    NAME = "explainer_citations"

    def set_up(self, md: Markdown, context: PageContext | None) -> None:
        data_file = self.shared_file(context, self.NAME, "data")
        sources = _sources(_data_path(context, data_file))
        style = self.options.get("style", DEFAULT_STYLE)
        extension = CitationsExtension(sources, style, strings=_words(context), locale=_locale(context))
        extension.extendMarkdown(md)
        if context is None:
            return
        bibliography_page = self.shared_file(context, self.NAME, "bibliography")
        if not (context.docs_dir / bibliography_page).is_file():  # citations would link nowhere
            raise ExplainerError(settings.missing_bibliography(bibliography_page))
        md.treeprocessors.register(_Panel(md, extension, context, data_file, bibliography_page),
                                   "ex-citations-panel", 2)
        if context.path == bibliography_page:
            bibliography = bibliography_html(context, sources, extension.reference_html, _words(context))
            md.treeprocessors.register(_Append(md, bibliography), "ex-bibliography", 1)


class _Panel(Treeprocessor):
    """After the citations are found: the page's sources panel, as plain values for templates."""

    def __init__(self, md: Markdown, extension: CitationsExtension, context: PageContext, data_file: str,
                 bibliography_page: str):
        super().__init__(md)
        self.extension, self.context = extension, context
        self.data_file, self.bibliography_page = data_file, bibliography_page

    def run(self, root: etree.Element) -> None:
        sources, meta = self.extension.sources, self.context.meta
        found, source, data_file = self.extension.found, _source(self.context), self.data_file
        # Stop rather than publish a raw `[@key]`: such a builder may not fail on warnings.
        for key in found.unknown[:1]:
            raise ExplainerError(f"{source}: {frontmatter.unknown_source(key, (), data_file)} in [@{key}]")
        for written, place in found.misplaced[:1]:
            raise ExplainerError(f"{source}: the citation {written} is in {place}, where it cannot be a link; "
                                 "cite in the text instead")
        listed, problems = frontmatter.listed_sources(source, meta, sources, (), data_file)
        _stop(problems[0] if problems else None)
        entries = build_panel(found.markers, listed, sources)
        bibliography = self.context.url_of(self.bibliography_page)
        words = _words(self.context)
        meta.setdefault("ex_t", words)  # the panel's words, also where explainer_page_meta is not named
        meta["ex_sources_panel"] = panel_view(
            entries, self.extension.reference_html, lambda key: exports.coins(sources[key].item),
            lambda kind: words["kind." + kind])
        meta["ex_bibliography_url"] = self.context.link_to(bibliography)
        site_url = self.context.config.get("site_url") or ""
        meta["ex_bibliography_address"] = site_url.rstrip("/") + "/" + bibliography if site_url else ""


def bibliography_html(context: PageContext, sources: dict[str, Source], reference_html,
                      words: dict[str, str] = strings.ENGLISH) -> str:
    """Every work A to Z, each at the address `#KEY`: the template the hooks' bibliography
    page shows (`partials/ex-bibliography.html` in the theme's `custom_dir`, else the
    engine's theme folder, `explainer.core.theme`), without "Cited in" and downloads, which
    need the whole site. ExplainerError if neither has that template."""
    theme = context.config.get("theme") or {}
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    folder = Path(context.config.get("root_dir") or ".") / (custom_dir or "overrides")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(folder), str(theme_folder())]), autoescape=True)
    try:
        template = env.get_template(BIBLIOGRAPHY_TEMPLATE)
    except jinja2.TemplateNotFound:
        raise ExplainerError(f"{folder}: the bibliography's template {BIBLIOGRAPHY_TEMPLATE} is missing "
                             "(theme.custom_dir)") from None
    works = sorted(sources.values(), key=lambda source: source.sort_key)
    view = bibliography_view([(work, []) for work in works], reference_html, lambda key: exports.coins(sources[key].item),
                             lambda kind: words["kind." + kind])
    # What the template reads, as the page template of an MkDocs build gives it (hooks/sources.py).
    return template.render(page=SimpleNamespace(meta={"ex_bibliography": view, "ex_downloads": [], "ex_t": words}))


class _Anchors(_Adapter):
    """Options as `explainer.sharing.anchors`; `paragraphs` defaults to the front matter's `chapter: true`."""

    NAME = "explainer_anchors"

    def set_up(self, md: Markdown, context: PageContext | None) -> None:
        options = dict(self.options)
        _stop(frontmatter.switch_problem(_source(context), context.meta if context else {}, "chapter"))
        if "paragraphs" not in options:
            options["paragraphs"] = bool(context and context.meta.get("chapter") is True)
        extension = AnchorsExtension(**options)
        record = _data_path(context, RECORD_FILE)
        if context is not None and record.is_file():  # published paragraph addresses follow their text
            extension.published = paragraph_fingerprints(_load("record", record, load_record), "/" + context.url)
        extension.extendMarkdown(md)
        md.treeprocessors.register(_Report(md, extension, context), "ex-anchors-report", 1)


class _Report(Treeprocessor):
    def __init__(self, md: Markdown, extension: AnchorsExtension, context: PageContext | None):
        super().__init__(md)
        self.extension, self.context = extension, context

    def run(self, root: etree.Element) -> None:
        for problem in self.extension.problems[:1]:
            raise ExplainerError(f"{_source(self.context)}: {problem}")


class _PageMeta(_Adapter):
    """Under every builder: the page's reading time (`page.meta.ex_minutes`) and the lede
    under its title (`explainer.sharing.lede`). Without hooks, also the values of a page's
    link-preview tags (`page.meta.ex_link_preview`) and the article's citation tags
    (`ex_article_tags`, `ex_article_jsonld`, `ex_article_license`), from the front matter and
    the article's entry in the sources file `explainer_citations` names (the option
    `article`, else extra.article.key), and the interface
    words for the templates (`ex_t`, `ex_script_strings`), which the MkDocs hooks give there."""

    NAME = "explainer_page_meta"

    def extendMarkdown(self, md: Markdown) -> None:
        if self.site is not None:  # the hooks tell it about each page, and give the templates the rest
            self.site.article_parts.extendMarkdown(md)
            return
        ArticleParts().extendMarkdown(md)  # told about the page by `set_up`
        super().extendMarkdown(md)

    def set_up(self, md: Markdown, context: PageContext | None) -> None:
        if context is None:
            return  # nowhere to put them
        config, meta = context.config, context.meta
        _stop(frontmatter.description_problem(_source(context), meta))
        home = context.url == ""
        title = config.get("site_name", "") if home else meta.get("title") or context.path
        meta["ex_link_preview"] = link_preview(
            title=str(title), site_name=str(config.get("site_name") or ""), site_url=config.get("site_url") or "",
            page_url=context.url, description=meta.get("description") or config.get("site_description") or "",
            chapter=meta.get("chapter") is True, home=home, image=None)
        path = _data_path(context, self.shared_file(context, "explainer_citations", "data"))
        words = _words(context)
        meta["ex_t"] = words
        meta["ex_script_strings"] = {key: words[key] for key in strings.JS_KEYS}
        try:
            key = self.options.get("article") or settings.article_key(context.extra)
            updates = settings.text(context.extra, "article.updates")
        except ValueError as error:
            raise ExplainerError(str(error)) from None
        if updates and not (context.docs_dir / updates).is_file():  # a misspelt page: no line would link to it
            _stop(settings.updates_problem(context.extra, set()))
        article = None
        if path.exists():  # the article must be a valid work, as a strict MkDocs build requires
            article = _sources(path).get(key)
            _stop(settings.no_article(path, key, self.options) if article is None else None)
        parts: ArticleParts = md.preprocessors[ArticleParts.MINUTES].parts
        parts.words = words
        parts.start(meta, lede(meta, article.item if article else None, words, home=home, src_uri=context.path,
                               updates=updates))
        if article is not None:
            meta["ex_article_tags"] = [list(tag) for tag in exports.highwire_tags(article.item)]
            meta["ex_article_jsonld"] = exports.schema_org_article(article.item, config.get("site_url"))
            meta["ex_article_license"] = article.item.get("license")


class _Append(Treeprocessor):
    """Ends the page with a block of HTML that no later step changes."""

    def __init__(self, md: Markdown, html: str):
        super().__init__(md)
        self.html = html

    def run(self, root: etree.Element) -> None:
        etree.SubElement(root, "p").text = self.md.htmlStash.store(self.html)


# ---------------------------------------------------------------------------
# The names builders load (entry points of pyproject.toml)
# ---------------------------------------------------------------------------


def glossary(**options: Any) -> Extension:
    return _Glossary(**options)


def citations(**options: Any) -> Extension:
    return _Citations(**options)


def anchors(**options: Any) -> Extension:
    return _Anchors(**options)


def page_meta(**options: Any) -> Extension:
    return _PageMeta(**options)


_BY_NAME = dict(zip(NAMES, (glossary, citations, anchors, page_meta)))
