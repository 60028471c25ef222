"""The search hook's own functions (hooks/search.py)."""

from __future__ import annotations

import pytest

from search import join_mixed_words

Z = "\u200b"  # the zero-width space the search plugin puts around Chinese words


@pytest.mark.parametrize(("indexed", "joined"), [
    (f"({Z}芝麻{Z}Credit: a", f"({Z}芝麻Credit: a"),  # Chinese, then Latin: one word
    (f"Credit{Z}芝麻{Z})", f"Credit芝麻{Z})"),  # Latin, then Chinese
    (f"2014{Z}年{Z}", f"2014年{Z}"),  # digits too
    (f"Chin.: {Z}社会{Z}信用{Z}体系{Z})", f"Chin.: {Z}社会{Z}信用{Z}体系{Z})"),  # between Chinese words: kept
    (f"Café{Z}咖啡{Z}", f"Café咖啡{Z}"),  # Latin letters with accents too
    ("no Chinese here", "no Chinese here"),
])
def test_chinese_and_latin_written_together_stay_one_word(indexed, joined):
    assert join_mixed_words(indexed) == joined


def _page(content: str):
    from mkdocs.structure.toc import get_toc

    class Page:  # what the search plugin reads of a page
        url, title, meta, toc = "sources/", "Sources", {}, get_toc([])
    page = Page()
    page.content = content
    return page


@pytest.mark.parametrize("sections", [
    '<h3 id="smith-2020">Smith 2020</h3>\n<p>Smith, J. (2020). <em>A title</em>.</p>\n<p>A note.</p>',
    '<h2 id="a">A</h2><p>one</p><h2 id="b">B</h2><p>two</p><div data-search-exclude><p>not indexed</p></div>',
    '<p>Text before any heading is left out</p><h2 id="c">芝麻Credit</h2><p>three</p>',
])
def test_sections_reach_the_index_as_if_they_ended_the_page(sections):
    """`add_sections` gives the index the entries the plugin made when the sections were
    appended to the page's content (as they were until the hook used the plugin's index)."""
    from material.plugins.search.plugin import SearchIndex

    from search import add_sections

    content = '<h1 id="sources">Sources</h1><p>The works this edition cites.</p>'
    appended, added = SearchIndex(), SearchIndex()
    # Text before the first heading would have joined the page's last section: left out.
    appended.add_entry_from_context(_page(content + "\n" + sections[sections.index("<h"):]))
    added.add_entry_from_context(_page(content))
    add_sections(added, _page(content), sections)
    assert added.entries == appended.entries
    assert len(added.entries) == 1 + sections.count(' id="')


def _search_words(language: str) -> dict[str, str]:
    """Material's words of the search results as a site in `language` gets them, through
    our partials/language.html (MkDocs' theme environment, overrides/ before Material)."""
    from mkdocs.theme import Theme

    from conftest import ROOT

    env = Theme(name="material", custom_dir=str(ROOT / "overrides"), language=language).get_env()
    words = env.get_template("partials/language.html").make_module({"config": {"theme": {"language": language}}})
    return {key: str(words.t(f"search.result.{key}")) for key in ("none", "one", "other", "more.other")}


@pytest.mark.parametrize(("language", "none", "one", "other", "more"), [
    # Results are grouped by page: a reader counts pages, not "matching documents".
    ("en", "No pages found", "1 page", "# pages", "# more on this page"),
    ("de", "Keine Seiten gefunden", "1 Seite", "# Seiten", "# weitere Suchergebnisse auf dieser Seite"),
    # A language the engine does not ship keeps Material's words.
    ("fr", "Aucun document trouvé", "1 document trouvé", "# documents trouvés", "# de plus sur cette page"),
])
def test_the_search_counts_its_results_in_pages(language, none, one, other, more):
    assert _search_words(language) == {"none": none, "one": one, "other": other, "more.other": more}
