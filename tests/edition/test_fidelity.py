"""The author's words stay the author's: every sentence of the article is on the site,
each page-end break of the PDF extraction is repaired inside one paragraph, and the
run-in heads became linkable headings.
"""

import copy
import re

import pytest

from conftest import EDITION
from seed import load_seed, sentences

SEED = load_seed()
# What is ours, not the author's: editorial notes, permalinks, citation markers,
# tooltips, panels and controls (all our own markup carries an `ex-` class).
NOT_ARTICLE_TEXT = ".admonition, .headerlink, [class^='ex-']:not(.ex-term), [class*=' ex-']:not(.ex-term)"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def block_texts(site) -> list[str]:
    """The text of every paragraph, list item and heading, as a reader sees it."""
    texts = []
    for url in site.article_urls:
        content = copy.copy(site.content(url))  # the parsed pages are shared: work on a copy
        for element in content.select(NOT_ARTICLE_TEXT):
            element.decompose()
        for block in content.find_all(["p", "li", "h1", "h2", "h3", "h4", "td", "blockquote"]):
            texts.append(normalise(block.get_text()))
    return texts


@pytest.fixture(scope="module")
def blocks(site):
    return block_texts(site)


@pytest.fixture(scope="module")
def all_text(blocks):
    return "\n".join(blocks)


@pytest.mark.parametrize(
    "sentence",
    [s for paragraph in SEED.paragraphs for s in sentences(paragraph)],
    ids=lambda s: s[:40],
)
def test_every_sentence_of_the_article_is_published_word_for_word(all_text, sentence):
    assert normalise(sentence) in all_text


@pytest.mark.parametrize("seam", SEED.joins)
def test_each_repaired_break_sits_inside_one_paragraph(site, seam):
    paragraphs = [
        normalise(p.get_text()) for url in site.article_urls for p in site.content(url).find_all("p")
    ]
    assert any(seam in paragraph for paragraph in paragraphs), f"break not repaired: {seam!r}"


@pytest.mark.parametrize("known", ["the promotion of", "credit environment, reducing", "starting 2020."])
def test_the_seed_repair_finds_the_known_breaks(known):
    """Guards the test above: the repair really found the extraction's page-end breaks."""
    assert any(known in seam for seam in SEED.joins)


@pytest.mark.parametrize("head", SEED.run_in_heads)
def test_run_in_heads_are_headings_with_ids(site, head):
    headings = site.content("/consequences/").find_all(["h2", "h3"])
    matching = [h for h in headings if normalise(h.get_text()).rstrip("¶").strip() == head]
    assert matching, f"no heading {head!r} on /consequences/"
    assert matching[0].get("id"), f"heading {head!r} has no id"


@pytest.mark.parametrize("entry", SEED.literature, ids=lambda s: s[:30])
def test_the_literature_list_is_published(site, entry):
    text = normalise(site.content("/sources/").get_text())
    assert normalise(entry) in text


def test_home_page_credits_title_author_publisher_and_date(site):
    text = normalise(site.content("/").get_text())
    article = EDITION["article"]
    for expected in (article["title"], article["author"], article["publisher"], article["date"]):
        assert expected in text


def test_about_page_credits_licence_changes_and_funding(site):
    about = site.content("/about/")
    text = normalise(about.get_text())
    assert about.find("a", href=EDITION["article"]["licence_url"])
    assert "Joanna Klabisch is the project coordinator for the EU-China NGO Twinning" in text
    german = about.find(attrs={"lang": "de"})
    assert german and normalise(
        "Für den Inhalt dieser Publikation ist allein die Stiftung Asienhaus verantwortlich; die hier "
        "dargestellten Positionen geben nicht den Standpunkt von Misereor wieder."
    ) in normalise(german.get_text())
    assert "English translation" in text
    assert about.find(id="changes"), "the page says what this edition changed"


def test_editorial_notes_are_marked_as_such(site):
    notes = [n for url in site.article_urls for n in site.content(url).select(".admonition")]
    assert notes
    for note in notes:
        assert "Editorial note" in note.select_one(".admonition-title").get_text()
