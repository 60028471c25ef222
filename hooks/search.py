"""MkDocs hook: what Material's search index gets besides the pages' text, and the
glossary's Chinese names as whole words in it.

Material's search plugin indexes each page's content. The bibliography's works and the
glossary's entries are not in it when it is indexed (a template shows the works; the
glossary's entries are added to its page after indexing, in full markup): each feature
leaves them, as HTML sections with an id, in `Build.search_sections`, and this hook adds
them to the plugin's index for that page (`add_sections`), where the page's own sections
were added, through the plugin's own parser, so that each is a result of its own.

Material's search plugin splits Chinese text into words with jieba, when it is
installed (it is a dependency of this project), and puts a zero-width space between
them; the `separator` of the search plugin in mkdocs.yml splits there. jieba's own
dictionary does not know names like 里山林 or 北海道大学 and may cut them into pieces, so
that a reader typing a name would also be shown pages that have only a piece of it.
This hook adds every Chinese name of `docs/glossary.yml` to jieba's dictionary before
the pages are indexed. (Material's search box cuts a typed Chinese query into the
words of the index, so a name that is one word there is searched as one word.)

Before the plugin writes its index, this hook joins again, in the index's entries, what
the plugin split between Chinese characters and the Latin letters next to them
(`里山Project`, `join_mixed_words`).
"""

from __future__ import annotations

import logging
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from explainer.core.build import Build
from explainer.core.datafile import DataError

SEARCH_PLUGIN = "material/search"  # its name in config.plugins, for `search` in mkdocs.yml
# A zero-width space between a Chinese character (CJK Unified Ideographs and their
# extension A, where the glossary's names are) and a Latin letter or digit, either way.
# The pattern starts with the space itself, so that `re` jumps from one to the next
# instead of trying the look-behinds at every character (60x faster on a large index).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_LATIN = "0-9A-Za-z\u00c0-\u024f"
MIXED_BREAK = re.compile(f"\u200b(?:(?<=[{_HAN}]\u200b)(?=[{_LATIN}])|(?<=[{_LATIN}]\u200b)(?=[{_HAN}]))")

try:
    import jieba
except ImportError:  # Material's search then indexes Chinese runs unsplit
    jieba = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        build = Build.of(config)
    except ValueError as error:
        raise PluginError(str(error)) from None
    path = build.glossary_path  # glossary.yml, or the glossary extension's `data`
    if jieba is None or not path.is_file():
        return config
    # jieba reports loading its dictionary on standard error at DEBUG level.
    jieba.setLogLevel(logging.WARNING)
    try:
        # The entries as read, not checked (the glossary hook checks them and reports
        # their mistakes): checking 2,000 terms a second time cost 0.1 s a build.
        entries = build.entries(path)
    except DataError as error:
        raise PluginError(str(error)) from None
    for name in chinese_names(entry.fields for entry in entries):
        jieba.add_word(name)
    return config


def chinese_names(entries) -> list[str]:
    """The Chinese names (field `native`, text) of glossary entries (mappings of their
    fields, as in `docs/glossary.yml`), stripped, once each."""
    names = (fields.get("native") for fields in entries)
    return list(dict.fromkeys(name.strip() for name in names if isinstance(name, str) and name.strip()))


def search_index(config: MkDocsConfig):
    """The index of Material's search plugin (`material.plugins.search.plugin.SearchIndex`),
    or None when the plugin is not used or is disabled."""
    plugin = config.plugins.get(SEARCH_PLUGIN)
    if plugin is None or not plugin.config.enabled:
        return None
    return getattr(plugin, "search_index", None)


def on_page_context(context: dict, page, config: MkDocsConfig, nav) -> dict:
    # Hooks run after plugins: the search plugin has added the page's own sections.
    html = Build.of(config).search_sections.pop(page.file.src_uri, None)
    index = search_index(config)
    if html and index is not None and not (page.meta.get("search") or {}).get("exclude"):
        add_sections(index, page, html)
    return context


def add_sections(index, page, html: str) -> None:
    """Add to `index` (the search plugin's `SearchIndex`) each section of `html` that
    starts with a heading with an id, as a result of its own at `page`'s URL + `#id`:
    parsed by the plugin's own parser and made an entry by its own method, as if the
    sections stood at the end of the page's content. The text before the first such
    heading, if any, is left out."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    for section in parser.data:
        if section.id and not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)


@event_priority(50)  # before the search plugin's (0), which writes the index
def on_post_build(config: MkDocsConfig) -> None:
    index = search_index(config)
    if jieba is None or index is None:
        return
    for entry in index.entries:
        for field in ("title", "text"):
            if isinstance(entry.get(field), str):
                entry[field] = join_mixed_words(entry[field])


def join_mixed_words(text: str) -> str:
    """`text` of the search index without the zero-width spaces that the search plugin
    put between Chinese characters and the Latin letters or digits next to them.

    The plugin cuts runs of Chinese characters only, so `里山Project` became
    `里山<ZWSP>Project`: two words in the index, while a reader who types `里山Project`
    searches for one (the search box splits only where the separator does). Joined
    again, `里山Project` is one word, which `里山` still finds (the search box looks for
    words that begin with what is typed).
    """
    return MIXED_BREAK.sub("", text)
