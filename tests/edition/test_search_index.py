"""Search finds this edition's terms: checked on the search index, page by page.

Every written form of every glossary entry (term, aliases, Chinese name) in
docs/glossary.yml, and words that stand beside punctuation in the article, must be found
by Material's search on every page whose running text contains them. What the browser
does with a query is checked once, on the English fixture (tests/engine/test_search_browser.py);
here, for each form, that each such page is indexed with text that holds the form as a
word: as the separator of mkdocs.yml cuts the index's text into the words search looks up.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import CONFIG, ROOT
from explainer.core.references import load_sources
from explainer.glossary.data import load_glossary
from search_text import HAN, contains, normalise, running_texts_of

GLOSSARY, _ = load_glossary(ROOT / "docs" / "glossary.yml")
FORMS = [(term, form) for term in GLOSSARY.terms for form in term.forms]
SOURCES, _ = load_sources(ROOT / "docs" / "sources.yml")
AUTHORS = sorted({name.get("family") or name["literal"] for source in SOURCES.values()
                  for name in source.item.get("author", [])})
SEPARATOR = re.compile(next(plugin["search"]["separator"] for plugin in CONFIG["plugins"]
                            if isinstance(plugin, dict) and "search" in plugin))


@pytest.fixture(scope="module")
def running_texts(site) -> dict[str, str]:
    return running_texts_of(site)


@pytest.fixture(scope="module")
def indexed(site) -> dict[str, list[str]]:
    """Each page's path ("/origins/") -> the words search looks up in its entries of the index."""
    index = json.loads((site.folder / "search" / "search_index.json").read_text("utf-8"))
    words: dict[str, list[str]] = {}
    for doc in index["docs"]:
        text = " ".join(filter(None, SEPARATOR.split(f"{doc['title']} {doc['text']}".lower())))
        words.setdefault("/" + doc["location"].split("#")[0], []).append(text)
    return {url: " ".join(texts) for url, texts in words.items()}


def found_in_index(words: str, form: str) -> bool:
    """Whether search finds `form` in a page's indexed `words`: each of its words (a Chinese
    form: its characters, as words of the index, one after another) stands there."""
    parts = [part for part in SEPARATOR.split(form.lower()) if part]
    if HAN.search(form):  # jieba cut the index's Chinese into words: they follow each other
        return "".join(parts) in words.replace(" ", "")
    return re.search(r"(?<!\S)" + r" ".join(map(re.escape, parts)) + r"(?!\S)", words) is not None


def check(running_texts, indexed, form: str, case_sensitive: bool = False):
    pages = sorted(url for url, text in running_texts.items() if contains(text, form, case_sensitive))
    assert pages, f"no page contains {form!r}: the case tests nothing"
    missing = [url for url in pages if not found_in_index(indexed[url], normalise(form))]
    assert missing == [], f"{form!r} is on {missing} but not in their entries of the search index"


@pytest.mark.parametrize(("term", "form"), FORMS, ids=[f"{term.id}:{form}" for term, form in FORMS])
def test_every_glossary_form_is_indexed_on_every_page_that_contains_it(running_texts, indexed, term, form):
    check(running_texts, indexed, form, term.case_sensitive)


@pytest.mark.parametrize("author", AUTHORS)
def test_every_author_in_the_bibliography_is_indexed(running_texts, indexed, author):
    assert contains(running_texts["/sources/"], author, False), f"{author} is not in the bibliography"
    check(running_texts, indexed, author)


@pytest.mark.parametrize("word", [
    "sesame",  # “Sesame Score”, after a quotation mark
    "Bonitätsprüfung",  # (Bonitätsprüfung), in brackets
    "trustworthiness",  # “trustworthiness”, in quotes
    "芝麻",  # (芝麻Credit, Chinese before Latin
    "Orwellian",
])
def test_words_beside_punctuation_are_words_of_the_index(running_texts, indexed, word):
    check(running_texts, indexed, word)


@pytest.mark.parametrize("words, form, found", [
    ("the social credit system", "Social Credit System", True),
    ("the social credit systems", "Social Credit System", False),  # search looks up whole words
    ("social credit", "Credit", True),
    ("芝麻 credit", "芝麻", True),
    ("社会 信用 体系", "社会信用体系", True),
    ("sesame“score", "sesame", False),  # a word the separator did not cut out
])
def test_the_index_check_reads_words_as_search_does(words, form, found):
    assert found_in_index(words, form) is found
