"""Search, typed into Material's search box in headless Chromium.

The cases are every written form of every glossary entry (term, aliases, Chinese
name) in docs/glossary.yml; the pages each must find are read from the built site:
those in the search index whose running text contains the form.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from explainer.core.references import load_sources
from explainer.glossary.data import load_glossary

pytestmark = pytest.mark.browser

GLOSSARY, _ = load_glossary(ROOT / "docs" / "glossary.yml")
FORMS = [(term, form) for term in GLOSSARY.terms for form in term.forms]
# Inside the content but not its running text: our markup (tooltips, citation markers,
# links to sections) and what the page template adds after the text ("Cite this page",
# the bibliography's downloads, kinds of work and "Cited in" links), which the search
# plugin does not index. The bibliography's references and notes it does index.
NOT_TEXT = (".ex-tips, .ex-tip, a.ex-cite, .headerlink, .ex-share, .ex-cite-page, .ex-bibliography__about, "
            ".ex-bibliography .ex-sources__kind, .ex-bibliography__cited, script, style, "
            # The page template's parts around the text (overrides/partials/ex-article-*.html):
            # other pages' descriptions, the byline, the page's sources panel.
            ".ex-kicker, .ex-standfirst, .ex-byline, .ex-dated, .ex-next, .ex-contents, [data-sources-panel]")
SOURCES, _ = load_sources(ROOT / "docs" / "sources.yml")
# Who wrote each work, as the bibliography names them: family names, or an institution's name.
AUTHORS = sorted({name.get("family") or name["literal"] for source in SOURCES.values()
                  for name in source.item.get("author", [])})
# A citation marker as the text shows it: [3], [3, p. 4], [1; 2].
# Markers number a page's works (1, 2, …), so never four digits: "Guofa [2016] No. 33" is text.
MARKER = re.compile(r"\[\d{1,3}(?:[,;][^\]]*)?\]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def normalise(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u200b", "").split())


def contains(text: str, form: str, case_sensitive: bool) -> bool:
    """Whether `form` stands in `text` as a word (Chinese: anywhere), as a reader reads it."""
    form = normalise(form)
    if HAN.search(form):
        return form in text
    pattern = rf"(?<!\w){re.escape(form)}(?!\w)"
    return re.search(pattern, text, 0 if case_sensitive else re.IGNORECASE) is not None


@pytest.fixture(scope="module")
def running_texts(site) -> dict[str, str]:
    """Each page of the search index (its path, "/origins/") -> its running text."""
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


class SearchBox:
    """Material's search dialog on one open page, reused for many queries."""

    def __init__(self, page):
        self.page = page
        page.keyboard.press("/")  # Material's shortcut: opens the search dialog
        self.input = page.locator("input.md-search__input")
        self.meta = page.locator(".md-search-result__meta")

    def search(self, query: str) -> tuple[set[str], list[str]]:
        """The pages (paths) that `query` lists, and the text of every result shown."""
        self.input.press("Control+A")  # Material searches on key presses: a reader's keys
        self.input.press("Backspace")
        self.page.wait_for_function("() => !document.querySelector('.md-search-result__list li')")
        self.input.press_sequentially(query)
        # Characters without a key of their own (Chinese) are inserted as an input method
        # inserts them, with no key released; a reader's last key press (as it commits
        # the input method's text) is what Material's search waits for.
        self.input.press("End")
        return self.shown()

    def shown(self) -> tuple[set[str], list[str]]:
        """The pages (paths) the results list now, and the text of every result shown."""
        self.page.wait_for_function(
            "() => /matching|No matching/i.test(document.querySelector('.md-search-result__meta').textContent)")
        expected = int(re.search(r"\d+", self.meta.inner_text()).group()) if "No" not in self.meta.inner_text() else 0
        items = self.page.locator("li.md-search-result__item")
        for _ in range(50):  # Material shows ten results and the rest as the list scrolls
            if items.count() >= expected:
                break
            self.page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTo(0, el.scrollHeight)")
            self.page.wait_for_timeout(100)
        links = self.page.locator("li.md-search-result__item a.md-search-result__link")
        pages = {urlsplit(href).path for href in links.evaluate_all("links => links.map(a => a.href)")}
        return pages, items.all_inner_texts()


@pytest.fixture(scope="module")
def search_box(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url + "/")
    page.wait_for_load_state("load")
    yield SearchBox(page)
    context.close()


def _check(search_box, running_texts, query: str, case_sensitive: bool = False):
    wanted = {url for url, text in running_texts.items() if contains(text, query, case_sensitive)}
    assert wanted, f"no page contains {query!r}: the case tests nothing"
    found, results = search_box.search(query)
    # The results of a query's first letters can show before those of the whole query (the
    # search worker answers each key press in turn): a reader who stops typing sees the last.
    for _ in range(20):
        if wanted <= found:
            break
        search_box.page.wait_for_timeout(250)
        found, results = search_box.shown()
    assert wanted <= found, f"{query!r} does not list {sorted(wanted - found)}"
    shown_markers = [MARKER.search(text).group() for text in results if MARKER.search(text)]
    assert shown_markers == [], f"{query!r}: search results show citation markers"


@pytest.mark.parametrize(("term", "form"), FORMS, ids=[f"{term.id}:{form}" for term, form in FORMS])
def test_every_glossary_form_lists_every_page_that_contains_it(search_box, running_texts, term, form):
    _check(search_box, running_texts, form, term.case_sensitive)


@pytest.mark.parametrize("author", AUTHORS)
def test_every_author_in_the_bibliography_is_found(search_box, running_texts, author):
    assert contains(running_texts["/sources/"], author, False), f"{author} is not in the bibliography"
    _check(search_box, running_texts, author)


@pytest.mark.parametrize("word", [
    "sesame",  # “Sesame Score”, after a quotation mark
    "Bonitätsprüfung",  # (Bonitätsprüfung), in brackets
    "trustworthiness",  # “trustworthiness”, in quotes
    "芝麻",  # (芝麻Credit, Chinese before Latin
    "Orwellian",
])
def test_words_beside_punctuation_are_found(search_box, running_texts, word):
    _check(search_box, running_texts, word)


@functools.cache
def _index(folder) -> dict:
    return json.loads((folder / "search" / "search_index.json").read_text("utf-8"))


def test_the_search_index_holds_no_markup_of_ours(site):
    """Citation markers, tooltips and paragraph links are ours, not the text's."""
    definitions = [normalise(BeautifulSoup(term.definition_html, "html.parser").get_text())
                   for term in GLOSSARY.terms]
    for doc in _index(site.folder)["docs"]:
        text = normalise(doc["text"])
        assert not MARKER.search(text), f"{doc['location']}: citation marker in the index"
        assert "¶" not in text and "Glossary entry" not in text, doc["location"]
        if not doc["location"].startswith("glossary/"):
            shown = [d for d in definitions if d in text]
            assert shown == [], f"{doc['location']}: tooltip text in the index"
