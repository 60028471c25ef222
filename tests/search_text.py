"""A built site's text as a reader reads it, and the search index's: for the search tests
(tests/engine/test_search_browser.py, tests/edition/test_search_index.py)."""

from __future__ import annotations

import copy
import json
import re

# Inside the content but not its running text: our markup (tooltips, citation markers,
# links to sections) and what the page template adds after the text ("Cite this page",
# the bibliography's downloads, kinds of work and "Cited in" links), which the search
# plugin does not index. The bibliography's references and notes it does index.
NOT_TEXT = (".ex-tips, .ex-tip, a.ex-cite, .headerlink, .ex-share, .ex-cite-page, .ex-bibliography__about, "
            ".ex-bibliography .ex-sources__kind, .ex-bibliography__cited, script, style, "
            # The page template's parts around the text (overrides/partials/ex-article-*.html):
            # other pages' descriptions, the byline, the page's sources panel.
            ".ex-kicker, .ex-standfirst, .ex-byline, .ex-dated, .ex-next, .ex-contents, [data-sources-panel]")
# A citation marker as the text shows it: [3], [3, p. 4], [1; 2].
# Markers number a page's works (1, 2, …), so never four digits: "Guofa [2016] No. 33" is text.
MARKER = re.compile(r"\[\d{1,3}(?:[,;][^\]]*)?\]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def normalise(text: str) -> str:
    """`text` as a reader reads it: one kind of apostrophe, no zero-width spaces, single spaces."""
    return " ".join(text.replace("\u2019", "'").replace("\u200b", "").split())


def contains(text: str, form: str, case_sensitive: bool) -> bool:
    """Whether `form` stands in `text` as a word (Chinese: anywhere), as a reader reads it."""
    form = normalise(form)
    if HAN.search(form):
        return form in text
    pattern = rf"(?<!\w){re.escape(form)}(?!\w)"
    return re.search(pattern, text, 0 if case_sensitive else re.IGNORECASE) is not None


def running_texts_of(site) -> dict[str, str]:
    """Each page of the search index of the built `site` (its path, "/causes/") -> its running text."""
    index = json.loads((site.folder / "search" / "search_index.json").read_text("utf-8"))
    texts = {}
    for doc in index["docs"]:
        url = "/" + doc["location"].split("#")[0]
        if url not in texts:
            content = copy.copy(site.content(url))  # the parsed page is shared: edit a copy
            for element in content.select(NOT_TEXT):
                element.decompose()
            texts[url] = normalise(content.get_text(" "))
    return texts
