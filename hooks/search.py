"""MkDocs hook: the glossary's Chinese names as whole words in the search index.

Material's search plugin splits Chinese text into words with jieba, when it is
installed (it is a dependency of this project), and puts a zero-width space between
them; the `separator` of the search plugin in mkdocs.yml splits there. jieba's own
dictionary does not know names like 里山林 or 北海道大学 and may cut them into pieces, so
that a reader typing a name would also be shown pages that have only a piece of it.
This hook adds every Chinese name of `docs/glossary.yml` to jieba's dictionary before
the pages are indexed. (Material's search box cuts a typed Chinese query into the
words of the index, so a name that is one word there is searched as one word.)

After the build it joins again what the plugin split between Chinese characters and
the Latin letters next to them (`里山Project`), in the written index (`join_mixed_words`).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from explainer.core.build import Build
from explainer.core.datafile import DataError

INDEX_FILE = "search/search_index.json"
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


def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / INDEX_FILE
    if jieba is None or not path.is_file():
        return
    index = json.loads(path.read_text("utf-8"))
    for doc in index.get("docs", []):
        for field in ("title", "text"):
            if isinstance(doc.get(field), str):
                doc[field] = join_mixed_words(doc[field])
    # As the search plugin writes it: compact.
    path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), "utf-8")


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
