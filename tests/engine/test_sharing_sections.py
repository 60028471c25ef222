"""Citations of one section of the article, for every kind of work the article may be
(the CSL types of `sources.yml`'s header), in every style the share menu offers: a
section's citation keeps what the style prints of the whole work, its container, volume,
issue, page and date, and names the section (engine tests: no docs/ here).
"""

from __future__ import annotations

import datetime

import pytest

from explainer.core.references import KINDS, format_references
from explainer.sharing.citing import ACCESSED, STYLES, page_citations, section_citations, section_item

DAY = datetime.date(2026, 3, 7)
PAGE_URL = "https://example.org/federalist/"
SECTION_URL = PAGE_URL + "#faction"
MADISON = {"id": "madison-1787", "author": [{"family": "Madison", "given": "James"}],
           "title": "Liberty and Opinion", "issued": {"date-parts": [[1787, 11, 22]]}}
# Each kind of work with every field that places it (its container and where in it).
WORKS = {
    "article-newspaper": {"container-title": "The Daily Advertiser", "volume": "31", "issue": "917", "page": "B5"},
    "article-journal": {"container-title": "The China Quarterly", "volume": "186", "issue": "2", "page": "333–356"},
    "article-magazine": {"container-title": "Foreign Policy", "volume": "12", "issue": "4", "page": "18–24"},
    "chapter": {"container-title": "Essays on Liberty", "editor": [{"family": "Hamilton", "given": "Alexander"}],
                "publisher": "J. and A. McLean", "publisher-place": "New York", "page": "33–47"},
    "webpage": {"container-title": "The Federalist Online"},
    "report": {"publisher": "Federal Society", "publisher-place": "New York"},
    "report-in-series": {"publisher": "Federal Society", "publisher-place": "New York", "genre": "Paper",
                         "number": "10", "collection-title": "Federal Papers"},
    "book": {"publisher": "J. and A. McLean", "publisher-place": "New York", "edition": "9", "volume": "4"},
    "legislation": {"container-title": "Statutes at Large", "volume": "41", "page": "506"},
}
assert {case.split("-in-")[0] for case in WORKS} == set(KINDS), "every CSL type of sources.yml's header has a case"
PLACING = ("container-title", "volume", "issue", "page", "publisher", "collection-title", "genre", "number",
           "edition")


def work(case: str) -> dict:
    return {**MADISON, "type": case.split("-in-")[0], **WORKS[case]}


def cited(item: dict) -> list[str]:
    """The section "Faction" of `item`, in each of STYLES, read on DAY."""
    texts = section_citations(item, [(SECTION_URL, "Faction")], DAY)[SECTION_URL]
    return [text.replace(ACCESSED, "7 March 2026") for text in texts]


def printed_dates(text: str) -> set[str]:
    return {date for date in ("November 22", "22 November", "1787") if date in text}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", WORKS)
def test_a_section_keeps_what_the_style_prints_of_the_whole_work(kind, style):
    index = list(STYLES).index(style)
    whole = page_citations(work(kind), PAGE_URL, DAY)[index].text
    section = cited(work(kind))[index]
    kept = [work(kind)[field] for field in PLACING if field in work(kind) and work(kind)[field] in whole]
    assert [value for value in kept if value not in section] == []
    assert printed_dates(whole) <= printed_dates(section)
    assert "Faction" in section and "Liberty and Opinion" in section and SECTION_URL in section


# The example, whole: the newspaper, its date, volume, issue and page stay.
NEWSPAPER = [
    ("Chicago", "Madison, James. 1787. “Liberty and Opinion: Faction.” The Daily Advertiser, November 22. "
                "https://example.org/federalist/#faction."),
    ("APA", "Madison, J. (1787, November 22). Liberty and Opinion: Faction. The Daily Advertiser, 31(917), B5. "
            "https://example.org/federalist/#faction"),
    ("Harvard", "Madison, J. (1787) ‘Liberty and Opinion: Faction’, The Daily Advertiser, 22 November, p. B5. "
                "Available at: https://example.org/federalist/#faction (Accessed: 7 March 2026)."),
]


@pytest.mark.parametrize("style, expected", NEWSPAPER, ids=[style for style, _ in NEWSPAPER])
def test_a_section_of_a_newspaper_article_names_the_newspaper(style, expected):
    assert cited(work("article-newspaper"))[list(STYLES).index(style)] == expected


# What the section is, by the kind of the work: a part of a book or report (CSL `chapter`,
# the work its book), else the work itself with the section after its title.
AS_ITEM = [
    ("report", "chapter", "Faction", "Liberty and Opinion"),
    ("report-in-series", "report", "Liberty and Opinion: Faction", None),
    ("book", "chapter", "Faction", "Liberty and Opinion"),
    ("article-newspaper", "article-newspaper", "Liberty and Opinion: Faction", "The Daily Advertiser"),
    ("article-journal", "article-journal", "Liberty and Opinion: Faction", "The China Quarterly"),
    ("chapter", "chapter", "Liberty and Opinion: Faction", "Essays on Liberty"),
    ("webpage", "webpage", "Liberty and Opinion: Faction", "The Federalist Online"),
]


@pytest.mark.parametrize("kind, as_type, title, container", AS_ITEM, ids=[case[0] for case in AS_ITEM])
def test_a_section_is_a_part_of_a_book_or_report_and_else_the_work_itself(kind, as_type, title, container):
    item = section_item({**work(kind), "note": "About it.", "abstract": "What it says."}, "Faction", SECTION_URL)
    assert (item["type"], item["title"], item.get("container-title"), item["URL"]) == (as_type, title, container,
                                                                                  SECTION_URL)
    assert item["issued"] == MADISON["issued"] and item["author"] == MADISON["author"]
    assert "note" not in item and "abstract" not in item


@pytest.mark.parametrize("title, joined", [
    ("Liberty and Opinion", "Liberty and Opinion: Faction"),
    ("An Emerging Environmental Movement in China?", "An Emerging Environmental Movement in China? Faction"),
    ("Stop!", "Stop! Faction"),
    ("Vol. 1.", "Vol. 1. Faction"),
    ("Ends in a colon:", "Ends in a colon: Faction"),
])
def test_the_section_follows_the_title_with_a_colon_unless_it_ends_in_punctuation(title, joined):
    assert section_item({**work("article-journal"), "title": title}, "Faction", SECTION_URL)["title"] == joined


HEADINGS = ["Faction", "data reliability in lower case", "Was ist das?", "Sesame Credit: 芝麻信用", "“Quoted”",
            "The people's score and the state", "Ex stand-in of section in a heading"]


@pytest.mark.parametrize("kind", ["article-journal", "article-newspaper", "chapter", "webpage"])
def test_each_heading_s_citation_is_what_citeproc_makes_of_its_section_item(kind):
    sections = [(f"{PAGE_URL}#s{number}", heading) for number, heading in enumerate(HEADINGS)]
    copied = section_citations(work(kind), sections, DAY)
    for url, heading in sections:
        located = {**section_item(work(kind), heading, url), "accessed": {"date-parts": [[2026, 3, 7]]}}
        wanted = [format_references([located], style, "text")[0] for style in STYLES.values()]
        assert [text.replace(ACCESSED, "7 March 2026") for text in copied[url]] == wanted, heading
