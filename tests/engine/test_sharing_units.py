"""The building blocks of sharing, called directly: no MkDocs, no browser."""

from __future__ import annotations

import datetime
import io

import markdown
import pytest
import lxml.html
from bs4 import BeautifulSoup

from explainer.core.references import format_references
from explainer.sharing.anchors import AnchorsExtension
from explainer.sharing.citing import ACCESSED, STYLES, page_citations, section_citations, section_item
from explainer.sharing.printpage import Chapter, PrintBook, article_tree, combine, content_tree
from explainer.sharing.printer import Printer, PrintError

ARTICLE = {
    "id": "klabisch-2018",
    "type": "report",
    "author": [{"family": "Klabisch", "given": "Joanna"}],
    "title": "China's Social Credit Score – rating a people",
    "publisher": "Stiftung Asienhaus",
    "publisher-place": "Cologne",
    "issued": {"date-parts": [[2018, 7]]},
}


def render(text: str, paragraphs: bool = True, permalink: bool = False) -> tuple[BeautifulSoup, list[str]]:
    extension = AnchorsExtension(paragraphs=paragraphs)
    md = markdown.Markdown(extensions=["attr_list", "toc", extension], extension_configs={"toc": {"permalink": permalink}})
    html = md.convert(text)
    return BeautifulSoup(html, "html.parser"), extension.problems


DAY = datetime.date(2026, 3, 7)


# -- Paragraph anchors -------------------------------------------------------


def test_paragraphs_are_numbered_within_their_section():
    soup, problems = render(
        "# Title {#top}\n\nIntro.\n\n## Data reliability {#data-reliability}\n\nOne.\n\nTwo.\n\n"
        "## Transparency {#transparency}\n\nThree.\n"
    )
    assert [(p["id"], p.get_text()) for p in soup.find_all("p")] == [
        ("top-1", "Intro.¶"),
        ("data-reliability-1", "One.¶"),
        ("data-reliability-2", "Two.¶"),
        ("transparency-1", "Three.¶"),
    ]
    assert problems == []


def test_a_paragraph_permalink_points_at_its_paragraph_and_stays_out_of_search():
    soup, _ = render("## Section {#s}\n\nText.\n")
    link = soup.find("p").find("a")
    assert link["href"] == "#s-1"
    assert "headerlink" in link["class"]  # hover behaviour of Material's permalinks
    assert link.has_attr("data-search-exclude")


@pytest.mark.parametrize("text", [
    "## S {#s}\n\n- a list item\n\n> a quote\n",
    "## S {#s}\n\n<p class='raw'>raw HTML</p>\n",
    "Before any heading.\n",
], ids=["lists-and-quotes", "raw-html", "no-section"])
def test_only_top_level_markdown_paragraphs_under_a_heading_get_anchors(text):
    soup, _ = render(text)
    assert [p.get("id") for p in soup.find_all("p")] == [None] * len(soup.find_all("p"))


def test_paragraph_anchors_are_off_unless_asked_for():
    soup, _ = render("## S {#s}\n\nText.\n", paragraphs=False)
    assert soup.find("p").get("id") is None


def test_an_explicit_paragraph_id_is_kept_and_still_counted():
    soup, _ = render("## S {#s}\n\nOne.\n{: #special }\n\nTwo.\n")
    assert [p["id"] for p in soup.find_all("p")] == ["special", "s-2"]


def test_a_taken_paragraph_id_is_reported_not_duplicated():
    soup, problems = render("## S {#s}\n\nOne.\n\n## Other {#s-1}\n\nTwo.\n")
    assert [p.get("id") for p in soup.find_all("p")] == [None, "s-1-1"]
    assert problems == ["paragraph 1 of section 's' cannot get the id 's-1': it is already used on this page"]


@pytest.mark.parametrize("text, paragraphs, problem", [
    ("## One {#s}\n\n## Two {#s}\n", False,
     "the id 's' is written twice on this page ('One' and 'Two'): a link to it leads to the first only; give each its own"),
    ("## One {#s}\n\nText.\n{: #s }\n", False,
     "the id 's' is written twice on this page ('One' and 'Text.'): a link to it leads to the first only; give each its own"),
    ("## One {#s}\n\nA.\n\n## Two {#s}\n\nB.\n", True,  # on a chapter: before what it makes of the paragraphs
     "the id 's' is written twice on this page ('One' and 'Two'): a link to it leads to the first only; give each its own"),
])
def test_an_id_written_twice_is_reported(text, paragraphs, problem):
    _, problems = render(text, paragraphs=paragraphs, permalink=True)  # the words without the ¶
    assert problems[0] == problem


def test_ids_the_toc_makes_are_never_reported_twice():
    _, problems = render("## Same\n\n## Same\n", paragraphs=False)
    assert problems == []


# -- Aliases ---------------------------------------------------------------------


def test_a_renamed_heading_keeps_its_old_ids_as_anchors():
    soup, problems = render('## Reliability of data {#reliability aliases="data-reliability data"}\n\nText.\n')
    heading = soup.find("h2")
    assert heading["id"] == "reliability"
    assert [a["id"] for a in heading.select(".ex-alias")] == ["data-reliability", "data"]
    assert not heading.has_attr("aliases")
    assert heading.get_text() == "Reliability of data"  # the aliases add no text
    assert problems == []


def test_a_renumbered_paragraph_keeps_its_old_anchor():
    soup, _ = render('## S {#s}\n\nNew first paragraph.\n\nOld first paragraph.\n{: aliases="s-1-old" }\n')
    second = soup.find_all("p")[1]
    assert second["id"] == "s-2"
    assert second.select_one(".ex-alias")["id"] == "s-1-old"


@pytest.mark.parametrize("alias, reason", [("s", "is already used on this page"), ("#bad", "is not a valid id")])
def test_a_bad_alias_is_reported(alias, reason):
    soup, problems = render(f'## S {{#s aliases="{alias}"}}\n')
    assert soup.select(".ex-alias") == []
    assert problems == [f"the alias '{alias}' of '#s' {reason}"]


# -- Citations -------------------------------------------------------------------


# The three styles' rules, wherever a citation is copied: (style, page citation, section
# citation of "Data reliability" read on DAY). From the style guides: Chicago title-cases
# titles and quotes a part's title; APA keeps sentence case and italicises nothing in
# plain text; Harvard (Cite Them Right) quotes a part in single quotes and ends with
# "Available at: URL (Accessed: day month year)".
PAGE_URL = "https://example.org/consequences/"
SECTION_URL = PAGE_URL + "#data-reliability"
RULES = [
    ("Chicago",
     "Klabisch, Joanna. 2018. China's Social Credit Score – Rating a People. Cologne: Stiftung Asienhaus. "
     "https://example.org/consequences/.",
     "Klabisch, Joanna. 2018. “Data Reliability.” In China's Social Credit Score – Rating a People. "
     "Cologne: Stiftung Asienhaus. https://example.org/consequences/#data-reliability."),
    ("APA",
     "Klabisch, J. (2018). China's Social Credit Score – rating a people. Stiftung Asienhaus. "
     "https://example.org/consequences/",
     "Klabisch, J. (2018). Data reliability. In China's Social Credit Score – rating a people. "
     "Stiftung Asienhaus. https://example.org/consequences/#data-reliability"),
    ("Harvard",
     "Klabisch, J. (2018) China's Social Credit Score – rating a people. Cologne: Stiftung Asienhaus. "
     "Available at: https://example.org/consequences/ (Accessed: 7 March 2026).",
     "Klabisch, J. (2018) ‘Data reliability’, China's Social Credit Score – rating a people. Cologne: "
     "Stiftung Asienhaus. Available at: https://example.org/consequences/#data-reliability "
     "(Accessed: 7 March 2026)."),
]


@pytest.mark.parametrize("style, page, section", RULES, ids=[rule[0] for rule in RULES])
def test_page_and_section_citations_follow_the_same_style_rules(style, page, section):
    index = list(STYLES).index(style)
    assert page_citations(ARTICLE, PAGE_URL, DAY)[index].text == page
    copied = section_citations(ARTICLE, [(SECTION_URL, "Data reliability")], DAY)[SECTION_URL][index]
    assert copied.replace(ACCESSED, "7 March 2026") == section


# Headings as maintainers write them: each section's citation is what citeproc itself
# writes for it, whether it comes from the formatted stand-in or from citeproc directly.
HEADINGS = [
    "Data reliability", "data reliability in lower case", "Was ist das Sozialkreditsystem?",
    "Sesame Credit: 芝麻信用", "“Quoted” words", "It's Alibaba's score", "Schufa & Co.", "Ends with a colon:",
    "1984", "Ünïcode and dashes – all", "A heading with a URL https://example.org/", "  Spaces around  ",
    # Title case (Chicago): stop words, words after a colon, hyphens, capitals kept, one letter.
    "economic goals to be achieved by the SCS", "origins: of the idea", "an over-the-top iPhone rating",
    "The people's score and the state", "x", "Ex stand-in of section in a heading",
]


@pytest.mark.parametrize("heading", HEADINGS)
def test_a_section_citation_is_what_citeproc_makes_for_its_heading_and_address(heading):
    url = "https://example.org/a/?q=1&r=2#section-" + str(HEADINGS.index(heading))
    copied = section_citations(ARTICLE, [(url, heading)], DAY)[url]
    for text, style in zip(copied, STYLES.values()):
        located = {**section_item(ARTICLE, heading, url), "accessed": {"date-parts": [[2026, 3, 7]]}}
        assert text.replace(ACCESSED, "7 March 2026") == format_references([located], style, "text")[0]


def test_section_citations_run_citeproc_once_per_style_for_plain_headings(monkeypatch):
    from explainer.core import references

    calls = []
    format_all = references.format_references
    monkeypatch.setattr(references, "format_references", lambda *args: calls.append(args[1]) or format_all(*args))
    article = {**ARTICLE, "title": "Another title no other test formats"}
    sections = [(f"https://example.org/p/#s{number}", f"Section number {number}") for number in range(20)]
    section_citations(article, sections, DAY)
    # APA and Harvard keep headings as written, Chicago title-cases them: one stand-in each.
    assert sorted(calls) == sorted(STYLES.values())


def test_the_access_date_is_left_for_the_browser_to_fill_in_where_a_style_prints_one():
    copied = section_citations(ARTICLE, [(SECTION_URL, "Data reliability")], DAY)[SECTION_URL]
    assert [ACCESSED in text for text in copied] == [style == "Harvard" for style in STYLES]
    harvard = page_citations(ARTICLE, PAGE_URL, DAY)[list(STYLES).index("Harvard")]
    assert harvard.date_form == "dmy"
    assert '<time class="ex-accessed" datetime="2026-03-07">7 March 2026</time>' in harvard.html


def test_a_page_citation_comes_in_three_styles_with_the_pages_address():
    citations = page_citations(ARTICLE, "https://example.org/origins/", DAY)
    assert [c.style for c in citations] == ["Chicago", "APA", "Harvard"]
    for citation in citations:
        assert "Klabisch" in citation.text and "2018" in citation.text
        assert "https://example.org/origins/" in citation.text
        assert "<" not in citation.text and "<i>" in citation.html


@pytest.mark.parametrize("url", [
    "https://example.org/origins/", "https://example.org/", "https://example.org/a/b/?q=1&r=2",
    "https://example.org/ünïcode/",
])
def test_a_page_citation_is_what_citeproc_makes_with_the_pages_address(url):
    # The article is formatted once with a stand-in address, which each page's replaces.
    citations = page_citations(ARTICLE, url, DAY)
    for citation, style in zip(citations, STYLES.values()):
        located = {**ARTICLE, "URL": url, "accessed": {"date-parts": [[2026, 3, 7]]}}
        assert citation.text == format_references([located], style, "text")[0]
        if not citation.date_form:
            assert citation.html == format_references([located], style, "html")[0]


def test_page_citations_run_citeproc_once_per_style_not_once_per_page(monkeypatch):
    from explainer.core import references

    calls = []
    format_all = references.format_references
    monkeypatch.setattr(references, "format_references", lambda *args: calls.append(1) or format_all(*args))
    article = {**ARTICLE, "title": "A title no other test formats"}
    for number in range(5):
        page_citations(article, f"https://example.org/page-{number}/", DAY)
    assert len(calls) == len(STYLES) * 2  # html and text


# -- Edition sections ------------------------------------------------------------


@pytest.mark.parametrize("text, edition", [
    ("## Guide {#guide .ex-edition}\n\nOurs.\n\n## Hers {#hers}\n\nHers.\n", {"guide"}),
    ("## Guide {#guide .ex-edition}\n\n### Part {#part}\n\n## Hers {#hers}\n", {"guide", "part"}),
    ("## Hers {#hers}\n\n### Note {#note .ex-edition}\n\n### More {#more}\n", {"note"}),
    ("## Hers {#hers}\n\nHers.\n", set()),
], ids=["section", "with-subsections", "subsection-only", "none"])
def test_sections_this_edition_wrote_are_collected(text, edition):
    extension = AnchorsExtension(paragraphs=True)
    markdown.Markdown(extensions=["attr_list", "toc", extension]).convert(text)
    assert extension.edition_sections == edition


# -- Print page ------------------------------------------------------------------


def rendered(content: str) -> str:
    """A page as MkDocs writes it, with `content` in Material's article element."""
    return (f'<html><body><nav><a href="origins/">menu</a></nav><div>'
            f'<article class="md-content__inner md-typeset">{content}</article></div></body></html>')


def chapters():
    pages = [
        (Chapter("", "Home"), '<h1 id="title">T</h1><p id="title-1">See <a href="origins/#origins-2">origins</a>, '
                              '<a href="sources/">sources</a> and <a href="#title-1">here</a>.</p>'),
        (Chapter("origins/", "Origins"), '<h1 id="origins">O</h1><p id="origins-2">A <a class="ex-term" '
                                         'data-tip="ex-tip-x" aria-describedby="ex-tip-x" href="#x">term</a>'
                                         ' and <a href="#ex-source-1">a source</a>.</p>'
                                         '<div class="ex-tip" id="ex-tip-x" hidden>Tip</div>'
                                         '<section class="ex-cite-page"><h2 id="ex-cite-page-title">Cite</h2></section>'),
        (Chapter("about/", "About"), '<h1 id="about">A</h1><img src="../img/a.png" alt=""><div class="ex-tip" id="ex-tip-x">'),
    ]
    return [(chapter, article_tree(rendered(content))) for chapter, content in pages]


def test_the_print_page_has_every_chapter_in_order_with_unique_ids():
    soup = BeautifulSoup(combine(chapters(), "print/"), "html.parser")
    assert [s["id"] for s in soup.select("section.ex-print__chapter")] == [
        "ex-print-home", "ex-print-origins", "ex-print-about"]
    ids = [e["id"] for e in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("ex-") for i in ids)  # not published addresses of their own


def test_the_print_page_rewrites_links_and_references():
    soup = BeautifulSoup(combine(chapters(), "print/"), "html.parser")
    assert [a["href"] for a in soup.select("#ex-print-home a")] == [
        "#ex-print-origins-origins-2",  # another chapter: inside this page
        "../sources/",  # not a chapter: rebased to /print/
        "#ex-print-home-title-1",
    ]
    term = soup.select_one("#ex-print-origins a.ex-term")
    assert term["data-tip"] == term["aria-describedby"] == "ex-print-origins-ex-tip-x"
    # An id outside the content (the sidebar's sources panel) stays on the chapter's page.
    assert soup.select("#ex-print-origins a")[1]["href"] == "../origins/#ex-source-1"
    assert soup.select_one("img")["src"] == "../img/a.png"
    assert soup.select(".ex-cite-page") == []  # once per chapter would be noise


def test_the_print_page_keeps_tooltip_bodies_after_its_chapters():
    # On screen a chapter is a containment box: a tooltip inside it would be clipped and
    # placed from the chapter's corner (overrides/assets/explainer.css).
    tips = '<div class="ex-tips" data-search-exclude="true"><div class="ex-tip" id="ex-tip-{0}" hidden>{0}</div></div>'
    pages = [(Chapter(url, url or "Home"), article_tree(rendered(
        f'<p><a class="ex-term" data-tip="ex-tip-{name}" href="#x">{name}</a></p>' + tips.format(name))))
        for url, name in (("", "schufa"), ("origins/", "rongcheng"))]
    soup = BeautifulSoup(combine(pages, "print/"), "html.parser")
    assert soup.select(".ex-print__chapter .ex-tip") == []
    blocks = soup.select(".ex-tips")
    assert len(blocks) == 1 and blocks[0].find_previous_sibling("section")["id"] == "ex-print-origins"
    assert blocks[0]["data-search-exclude"] == "true"
    for term in soup.select("a.ex-term"):
        assert blocks[0].find(id=term["data-tip"]).get_text() == term.get_text()


def test_a_link_into_a_chapter_added_later_is_checked_once_all_are_in():
    home = Chapter("", "Home"), article_tree(rendered(
        '<p><a href="origins/#origins-2">there</a> <a href="origins/#not-there">gone</a></p>'))
    origins = Chapter("origins/", "Origins"), article_tree(rendered('<p id="origins-2">O</p>'))
    # Home is added first, so its links into Origins are written before Origins' ids are known.
    soup = BeautifulSoup(combine([home, origins], "print/"), "html.parser")
    assert [a["href"] for a in soup.select("#ex-print-home a")] == [
        "#ex-print-origins-origins-2", "../origins/#not-there"]


def test_chapters_may_come_in_any_order_and_print_in_the_navigations():
    book = PrintBook(["", "origins/", "about/"], "print/")
    for chapter, section in reversed(chapters()):
        book.add(chapter, section)
    assert book.html() == combine(chapters(), "print/")


def cite(number: int, *keys: str, tip: str = "ex-tip-cite-1") -> str:
    """A citation marker as explainer.sources.citations writes it; each work numbered `number`, `number + 1`…"""
    spans = "; ".join(f'<span class="ex-cite__number" data-cite-key="{key}">{number + i}</span>'
                      for i, key in enumerate(keys))
    return (f'<a class="ex-cite" href="#ex-source-{keys[0]}" data-cite="{" ".join(keys)}" data-tip="{tip}" '
            f'aria-describedby="{tip}">[{spans}]</a>')


def test_the_print_page_numbers_citations_once_by_its_bibliography_and_links_them_there():
    book = [
        (Chapter("", "Home"), f'<p>A{cite(1, "kling")} and B{cite(2, "arendt", "kling")}.</p>'
                              '<div class="ex-tip" id="ex-tip-cite-1"><p class="ex-cite-tip"><span class="ex-cite-tip__kind">'
                              '<span class="ex-cite__number" data-cite-key="kling">1</span> · Book</span></p></div>'),
        (Chapter("origins/", "Origins"), f'<p>C{cite(1, "arendt")}, D{cite(2, "unlisted")}.</p>'),
        (Chapter("sources/", "Sources"), '<ul class="ex-bibliography">'
                                         '<li class="ex-bibliography__item" id="arendt"><p>Arendt</p></li>'
                                         '<li class="ex-bibliography__item" id="kling"><p>Kling</p></li></ul>'),
    ]
    soup = BeautifulSoup(combine([(c, article_tree(rendered(html))) for c, html in book], "print/"), "html.parser")
    assert [a.get_text() for a in soup.select("a.ex-cite")] == ["[2]", "[1; 2]", "[1]", "[2]"]
    assert [a["href"] for a in soup.select("a.ex-cite")][:3] == [
        "#ex-print-sources-kling", "#ex-print-sources-arendt", "#ex-print-sources-arendt"]
    # A work missing from the bibliography keeps its chapter's number and link.
    assert soup.select("a.ex-cite")[3]["href"] == "../origins/#ex-source-unlisted"
    assert soup.select_one(".ex-cite-tip__kind").get_text() == "2 · Book"
    assert [li.get_text() for li in soup.select("li.ex-bibliography__item")] == ["[1]Arendt", "[2]Kling"]


CONTENTS = [(chapter, lxml.html.tostring(section, encoding="unicode")) for chapter, section in chapters()]


def test_the_printer_makes_the_print_page_from_chapters_in_any_order():
    printer = Printer()
    printer.begin([chapter.url for chapter, _ in CONTENTS], "print/")
    (home, home_content), (origins, origins_content), (about, about_content) = CONTENTS
    printer.add(origins, origins_content)
    printer.add_page(home, rendered(home_content))  # a page not rendered by our template
    printer.add(about, about_content)
    expected = combine([(chapter, content_tree(content)) for chapter, content in CONTENTS], "print/")
    assert printer.html() == expected
    printer.begin(["about/"], "print/")  # the next build under `mkdocs serve`
    printer.add(about, about_content)
    assert BeautifulSoup(printer.html(), "html.parser").section["id"] == "ex-print-about"


def test_a_page_the_printer_cannot_read_is_named():
    printer = Printer()
    printer.begin(["origins/"], "print/")
    with pytest.raises(PrintError, match="^the print page, chapter ./origins/.: expected one article"):
        printer.add_page(Chapter("origins/", "Origins"), "<html><body><p>No article</p></body></html>")


def test_the_content_of_a_rendered_page_is_its_article_element():
    section = article_tree(rendered('<h1 id="t">T</h1><p>Text</p>'))
    assert lxml.html.tostring(section, encoding="unicode") == '<section><h1 id="t">T</h1><p>Text</p></section>'


def test_an_empty_page_still_makes_a_chapter():
    soup = BeautifulSoup(combine([(Chapter("", "Home"), article_tree(rendered("")))], "print/"), "html.parser")
    assert soup.select_one("section.ex-print__chapter#ex-print-home")

