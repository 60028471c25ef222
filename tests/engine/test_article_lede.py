"""The lede under a page's title and its reading time (explainer.sharing.lede), as the
extension `explainer_page_meta` makes them under every builder: Markdown in, HTML out.

Engine tests: made-up pages and articles, no docs folder.
"""

from __future__ import annotations

import markdown
import pytest

from explainer.core import strings
from explainer.sharing.lede import ArticleParts, Lede, lede, reading_minutes

ARTICLE = {"type": "report", "title": "T", "author": [{"family": "Klabisch", "given": "Joanna"}],
           "publisher": "Stiftung Asienhaus", "issued": {"date-parts": [[2018, 7]]}}


@pytest.mark.parametrize(("length", "minutes"), [(0, 1), (1, 1), (1300, 1), (1301, 2), (2600, 2), (2601, 3)])
def test_reading_time_counts_1300_characters_a_minute(length, minutes):
    assert reading_minutes("a" * length) == minutes


@pytest.mark.parametrize(("meta", "article", "home", "src_uri", "updates", "expected"), [
    # Neither a chapter nor the front page: no lede.
    ({"description": "D"}, ARTICLE, False, "about.md", None, None),
    ({"chapter": False, "description": "D"}, ARTICLE, False, "about.md", None, None),
    # A chapter: standfirst, byline from the article's record, the month in words.
    ({"chapter": True, "description": "D"}, ARTICLE, False, "origins.md", None,
     Lede("D", ("Joanna Klabisch",), "Stiftung Asienhaus", "July 2018")),
    # The front page, not a chapter; with the page on what has changed since.
    ({"description": "D"}, ARTICLE, True, "index.md", "since-2018.md",
     Lede("D", ("Joanna Klabisch",), "Stiftung Asienhaus", "July 2018", "since-2018.md")),
    # The link is written from the page's folder.
    ({"chapter": True}, ARTICLE, False, "part/one.md", "since-2018.md",
     Lede("", ("Joanna Klabisch",), "Stiftung Asienhaus", "July 2018", "../since-2018.md")),
    # An institution as author, a year alone, no publisher.
    ({"chapter": True}, {"type": "report", "title": "T", "author": [{"literal": "State Council"}],
                         "issued": {"date-parts": [[2014]]}}, False, "a.md", None,
     Lede("", ("State Council",), "", "2014")),
    # No article record: no byline, and so no date to say the article is dated by.
    ({"chapter": True, "description": "D"}, None, False, "a.md", "since-2018.md", Lede("D")),
])
def test_the_lede_of_a_page(meta, article, home, src_uri, updates, expected):
    assert lede(meta, article, strings.ENGLISH, home=home, src_uri=src_uri, updates=updates) == expected


BYLINE = ('<p class="ex-byline" data-search-exclude=""><span class="ex-byline__authors">By Joanna Klabisch</span> '
          '<span aria-hidden="true" class="ex-byline__sep">·</span> Stiftung Asienhaus '
          '<span aria-hidden="true" class="ex-byline__sep">·</span> July 2018</p>')


@pytest.mark.parametrize(("text", "given", "html"), [
    # After the title, before the text; the link as written, for the builder to rewrite.
    ("# Origins {#origins}\n\nThe text.",
     Lede("Why & how.", ("Joanna Klabisch",), "Stiftung Asienhaus", "July 2018", "since-2018.md"),
     '<h1 id="origins">Origins</h1>\n'
     '<p class="ex-standfirst" data-search-exclude="">Why &amp; how.</p>\n'
     + BYLINE + "\n"
     '<p class="ex-dated" data-search-exclude="">This article dates from July 2018. '
     '<a href="since-2018.md">What has changed since</a></p>\n'
     "<p>The text.</p>"),
    # No title in the content (the template writes it above): the lede comes first.
    ("The text.", Lede("D"), '<p class="ex-standfirst" data-search-exclude="">D</p>\n<p>The text.</p>'),
    # A byline without authors.
    ("# T\n\nX", Lede(publisher="P", date="2014"),
     '<h1 id="t">T</h1>\n<p class="ex-byline" data-search-exclude=""> '
     '<span aria-hidden="true" class="ex-byline__sep">·</span> P '
     '<span aria-hidden="true" class="ex-byline__sep">·</span> 2014</p>\n<p>X</p>'),
    # No lede: the page as written.
    ("# T\n\nX", None, '<h1 id="t">T</h1>\n<p>X</p>'),
])
def test_markdown_in_html_out(text, given, html):
    parts = ArticleParts(strings.ENGLISH)
    meta: dict = {}
    parts.start(meta, given)
    assert markdown.markdown(text, extensions=["attr_list", "toc", parts]) == html
    assert meta == {"ex_minutes": 1}


def test_the_lede_speaks_the_site_language():
    german = strings.interface_strings("de", None)
    given = lede({"chapter": True}, ARTICLE, german, home=False, src_uri="a.md", updates="seit-2018.md")
    parts = ArticleParts(german)
    parts.start({}, given)
    html = markdown.markdown("# T", extensions=[parts])
    assert "Von Joanna Klabisch" in html and "Juli 2018" in html and "Dieser Text stammt aus dem Juli 2018." in html
