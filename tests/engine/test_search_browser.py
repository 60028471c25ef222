"""Search, typed into Material's search box in headless Chromium, on the English fixture.

One table of real searches, one of each kind: a Latin word, a Chinese name, a Greek word,
an author of the bibliography, words beside punctuation. The pages each must find are read
from the built site: those in the search index whose running text contains the query.
That every written form of every glossary entry of this edition is indexed on every page
that contains it is checked on the search index itself (tests/edition/test_search_index.py).
"""

from __future__ import annotations

import functools
import json
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES
from search_text import MARKER, contains, normalise, running_texts_of
from explainer.core.references import load_sources
from explainer.glossary.data import load_glossary

EXPLAINER = FIXTURES / "english-explainer"
GLOSSARY, _ = load_glossary(EXPLAINER / "docs" / "glossary.yml")
SOURCES, _ = load_sources(EXPLAINER / "docs" / "sources.yml")
# Who wrote each work, as the bibliography names them: family names, or an institution's name.
AUTHORS = sorted({name.get("family") or name["literal"] for source in SOURCES.values()
                  for name in source.item.get("author", [])})

@pytest.fixture(scope="module")
def running_texts(english) -> dict[str, str]:
    return running_texts_of(english)


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
            "() => /\\d+ pages?|No pages/.test(document.querySelector('.md-search-result__meta').textContent)")
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
def search_box(browser, english_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(english_url + "/")
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


@pytest.mark.browser
@pytest.mark.parametrize("query, case_sensitive", [
    ("faction", False),  # a Latin glossary term
    ("Publius", True),  # a term that is also a name, matched with its capital
    ("欧阳修", False),  # a Chinese name, in brackets beside Latin text
    ("δημοκρατία", False),  # a Greek word, before a comma
    ("Adair", False),  # an author of the bibliography
    ("Madisonian", False),  # after a quotation mark
    ("adversed", False),  # in quotes, in a footnote
])
def test_a_search_lists_every_page_that_contains_the_query(search_box, running_texts, query, case_sensitive):
    _check(search_box, running_texts, query, case_sensitive)


def test_every_author_in_the_bibliography_is_in_its_text(running_texts):
    assert AUTHORS and [author for author in AUTHORS if not contains(running_texts["/sources/"], author, False)] == []


@functools.cache
def _index(folder) -> dict:
    return json.loads((folder / "search" / "search_index.json").read_text("utf-8"))


def test_the_search_index_holds_no_markup_of_ours(english):
    """Citation markers, tooltips and paragraph links are ours, not the text's."""
    definitions = [normalise(BeautifulSoup(term.definition_html, "html.parser").get_text())
                   for term in GLOSSARY.terms]
    for doc in _index(english.folder)["docs"]:
        text = normalise(doc["text"])
        assert not MARKER.search(text), f"{doc['location']}: citation marker in the index"
        assert "¶" not in text and "Glossary entry" not in text, doc["location"]
        if not doc["location"].startswith("glossary/"):
            shown = [d for d in definitions if d in text]
            assert shown == [], f"{doc['location']}: tooltip text in the index"
