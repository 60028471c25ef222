"""Names and labels as the CSL style wants them, in every style and every place a work is
named: a table of names and a table of works, no docs/ here (engine tests)."""

from __future__ import annotations

import copy
import datetime
import json
import textwrap
import unicodedata

import pytest

from explainer.core.references import (
    Source,
    add_year_suffixes,
    disambiguated_labels,
    format_reference,
    label,
    load_sources,
    written_name,
)
from explainer.sharing.citing import page_citations, section_citations
from explainer.sources import bibliography, exports

CHICAGO, APA, HARVARD = "chicago-author-date-16th-edition", "apa", "harvard-cite-them-right"
LIN = {"family": "林", "given": "钧跃"}
WU = {"family": "吴", "given": "强"}
ARABIC = {"family": "محمود", "given": "أحمد"}
HEBREW = {"family": "כהן", "given": "דוד"}


def book(*authors, key="w", issued=(2012,), title="Title", **fields) -> dict:
    item = {"id": key, "type": "book", "title": title, "publisher": "Press",
            "issued": {"date-parts": [list(issued)]}, **fields}
    if authors:
        item["author"] = list(authors)
    return item


# One name as first author, in the positions styles write differently: inverted first
# author (Chicago), every author inverted with initials (APA, Harvard), a later author
# in display order (Chicago's second), and a translator ("Translated by").
NAMES = [
    # name, Chicago (first author), APA, Harvard, Chicago (second author), written_name
    (LIN, "林钧跃. 2012.", "林钧跃. (2012).", "林钧跃 (2012)", "and 林钧跃. 2012.", "林钧跃"),
    ({"family": "김", "given": "민수"}, "김민수. 2012.", "김민수. (2012).", "김민수 (2012)", "and 김민수. 2012.", "김민수"),
    ({"family": "山田", "given": "たろう"}, "山田たろう. 2012.", "山田たろう. (2012).", "山田たろう (2012)",
     "and 山田たろう. 2012.", "山田たろう"),
    ({"family": "欧阳", "given": "修"}, "欧阳修. 2012.", "欧阳修. (2012).", "欧阳修 (2012)", "and 欧阳修. 2012.", "欧阳修"),
    (ARABIC, "محمود, أحمد. 2012.", "محمود, أحمد. (2012).", "محمود, أحمد (2012)", "and أحمد محمود. 2012.",
     "أحمد محمود"),
    (HEBREW, "כהן, דוד. 2012.", "כהן, דוד. (2012).", "כהן, דוד (2012)", "and דוד כהן. 2012.", "דוד כהן"),
    ({"family": "hooks", "given": "bell"}, "hooks, bell. 2012.", "hooks, bell. (2012).", "hooks, bell (2012)",
     "and bell hooks. 2012.", "bell hooks"),
    ({"family": "Hoffman", "given": "Samantha"}, "Hoffman, Samantha. 2012.", "Hoffman, S. (2012).",
     "Hoffman, S. (2012)", "and Samantha Hoffman. 2012.", "Samantha Hoffman"),
    ({"family": "King", "given": "Martin Luther", "suffix": "Jr."}, "King, Martin Luther, Jr. 2012.",
     "King, M. L., Jr. (2012).", "King, M.L., Jr. (2012)", "and Martin Luther King Jr. 2012.",
     "Martin Luther King Jr."),
    ({"family": "Иванов", "given": "Иван"}, "Иванов, Иван. 2012.", "Иванов, И. (2012).", "Иванов, И. (2012)",
     "and Иван Иванов. 2012.", "Иван Иванов"),
    ({"family": "Παπαδόπουλος", "given": "Γιώργος"}, "Παπαδόπουλος, Γιώργος. 2012.", "Παπαδόπουλος, Γ. (2012).",
     "Παπαδόπουλος, Γ. (2012)", "and Γιώργος Παπαδόπουλος. 2012.", "Γιώργος Παπαδόπουλος"),
    ({"family": "शर्मा", "given": "राहुल"}, "शर्मा, राहुल. 2012.", "शर्मा, राहुल. (2012).", "शर्मा, राहुल (2012)",
     "and राहुल शर्मा. 2012.", "राहुल शर्मा"),
    ({"family": "ใจดี", "given": "สมชาย"}, "ใจดี, สมชาย. 2012.", "ใจดี, สมชาย. (2012).", "ใจดี, สมชาย (2012)",
     "and สมชาย ใจดี. 2012.", "สมชาย ใจดี"),
    ({"family": "林", "given": "Junyue"}, "林, Junyue. 2012.", "林, J. (2012).", "林, J. (2012)",
     "and Junyue 林. 2012.", "Junyue 林"),
    ({"literal": "中国政府网 (gov.cn)"}, "中国政府网 (gov.cn). 2012.", "中国政府网 (gov.cn). (2012).",
     "中国政府网 (gov.cn) (2012)", "and 中国政府网 (gov.cn). 2012.", "中国政府网 (gov.cn)"),
    ({"literal": "Ministry of Health, Labour and Welfare"}, "Ministry of Health, Labour and Welfare. 2012.",
     "Ministry of Health, Labour and Welfare. (2012).", "Ministry of Health, Labour and Welfare (2012)",
     "and Ministry of Health, Labour and Welfare. 2012.", "Ministry of Health, Labour and Welfare"),
]


@pytest.mark.parametrize("name, chicago, apa, harvard, second, written", NAMES,
                         ids=[written for *_, written in NAMES])
def test_a_name_is_written_as_the_style_wants_it(name, chicago, apa, harvard, second, written):
    alone = book(name)
    assert format_reference(alone, CHICAGO, "text").startswith(chicago)
    assert format_reference(alone, APA, "text").startswith(apa)
    assert format_reference(alone, HARVARD, "text").startswith(harvard)
    assert f"Doe, Jane, {second}" in format_reference(book({"family": "Doe", "given": "Jane"}, name), CHICAGO, "text")
    assert written_name(name) == written


@pytest.mark.parametrize("style, expected", [
    (CHICAGO, "Translated by 吴强."),
    (APA, "(吴强, trans.)"),
    (HARVARD, "Translated by 吴强."),
])
def test_a_translator_in_chinese_is_named_family_name_first(style, expected):
    assert expected in format_reference(book(LIN, translator=[WU]), style, "text")


@pytest.mark.parametrize("style", [CHICAGO, APA, HARVARD])
def test_names_in_html_are_the_same_as_in_text(style):
    html = format_reference(book(LIN, ARABIC, translator=[WU]), style)
    assert "林钧跃" in html and "吴强" in html and "أحمد" in html and ". أحمد ." not in html


# -- Labels ------------------------------------------------------------------

LABELS = [
    # works (title, authors, date) -> their labels, in the table's order
    ([("B", [LIN], (2012,))], ["林 2012"]),
    ([("B", [LIN, WU], (2012,))], ["林 and 吴 2012"]),
    ([("B", [LIN, WU, ARABIC], (2012,))], ["林 et al. 2012"]),
    ([("B", [ARABIC], (2012,))], ["محمود 2012"]),
    ([("B", [{"literal": "State Council"}], (2014,))], ["State Council 2014"]),
    # one author, one year: a, b in bibliography order (date, then title)
    ([("Social Credit", [{"family": "Hoffman", "given": "Samantha"}], (2018, 6)),
      ("Programming China", [{"family": "Hoffman", "given": "Samantha"}], (2018, 12))],
     ["Hoffman 2018a", "Hoffman 2018b"]),
    ([("Zeta", [{"family": "Hoffman", "given": "Samantha"}], (2018,)),
      ("Alpha", [{"family": "Hoffman", "given": "Samantha"}], (2018,)),
      ("Other year", [{"family": "Hoffman", "given": "Samantha"}], (2017,))],
     ["Hoffman 2018b", "Hoffman 2018a", "Hoffman 2017"]),
    # the same family name, other people: their given names, not a suffix (add-givenname)
    ([("A", [{"family": "Wang", "given": "Li"}], (2018,)), ("B", [{"family": "Wang", "given": "Fang"}], (2018,))],
     ["L. Wang 2018", "F. Wang 2018"]),
    ([("A", [{"family": "Wang", "given": "Li"}], (2018,)), ("B", [{"family": "Wang", "given": "Lei"}], (2018,)),
      ("C", [{"family": "Wang", "given": "Li"}], (2018,)), ("D", [{"family": "Wang", "given": "Li"}], (2019,))],
     ["Li Wang 2018a", "Lei Wang 2018", "Li Wang 2018b", "Wang 2019"]),
    ([("A", [LIN], (2018,)), ("B", [{"family": "林", "given": "强"}], (2018,))], ["林钧跃 2018", "林强 2018"]),
    # et al. hiding other co-authors: more names (add-names)
    ([("A", [{"family": "Smith"}, {"family": "Jones"}, {"family": "Brown"}], (2019,)),
      ("B", [{"family": "Smith"}, {"family": "Lee"}, {"family": "Kim"}], (2019,)),
      ("C", [{"family": "Smith"}, {"family": "Lee"}, {"family": "Kim"}], (2020,))],
     ["Smith, Jones, and Brown 2019", "Smith, Lee, and Kim 2019", "Smith et al. 2020"]),
    # the same names in another order are other authors
    ([("A", [LIN, WU], (2018,)), ("B", [WU, LIN], (2018,))], ["林 and 吴 2018", "吴 and 林 2018"]),
    ([("A", [{"literal": "Reuters"}], (2018, 5)), ("B", [{"literal": "Reuters"}], (2018, 7, 26)),
      ("C", [{"literal": "Reuters"}], (2018, 7, 3))],
     ["Reuters 2018a", "Reuters 2018c", "Reuters 2018b"]),
    # a suffix is no part of the label
    ([("B", [{"family": "King", "given": "Martin Luther", "suffix": "Jr."}], (1963,))], ["King 1963"]),
]


def works_of(rows) -> list[dict]:
    return [book(*authors, key=f"w{index}", title=title, issued=date)
            for index, (title, authors, date) in enumerate(rows)]


@pytest.mark.parametrize("rows, labels", LABELS, ids=[" | ".join(labels) for _, labels in LABELS])
def test_labels(rows, labels):
    items = works_of(rows)
    add_year_suffixes(items)
    assert list(disambiguated_labels(items).values()) == labels


def test_a_work_without_an_author_is_labelled_by_its_editor_then_its_title():
    assert label(book(editor=[{"family": "Ed", "given": "Ann"}])) == "Ed 2012"
    assert label(book(translator=[WU])) == "吴 2012"
    assert label(book(title="Anonymous Pamphlet")) == "Anonymous Pamphlet 2012"


def test_suffixes_go_past_z():
    items = [book({"family": "Prolific"}, key=f"w{i:02d}", title=f"T{i:02d}") for i in range(28)]
    add_year_suffixes(items)
    assert [item["year-suffix"] for item in items][-3:] == ["z", "aa", "ab"]


@pytest.fixture
def two_by_hoffman():
    items = works_of(LABELS[5][0])
    add_year_suffixes(items)
    return [Source(item["id"], item, 1) for item in items]


@pytest.mark.parametrize("style, first, second", [
    (CHICAGO, "Hoffman, Samantha. 2018a.", "Hoffman, Samantha. 2018b."),
    (APA, "Hoffman, S. (2018a).", "Hoffman, S. (2018b)."),
    (HARVARD, "Hoffman, S. (2018a)", "Hoffman, S. (2018b)"),
])
def test_references_carry_the_suffix_in_every_style(two_by_hoffman, style, first, second):
    """Tooltips, panels and the bibliography all show `format_reference`."""
    assert format_reference(two_by_hoffman[0].item, style, "text").startswith(first)
    assert format_reference(two_by_hoffman[1].item, style, "text").startswith(second)
    assert format_reference(two_by_hoffman[0].item, style).startswith(first)


def test_a_suffix_goes_after_the_first_year_only():
    """Chicago writes a newspaper's date twice: the suffix goes after the first (CSL 1.0.2, year-suffix)."""
    items = [{"id": f"n{day}", "type": "article-newspaper", "title": "T", "container-title": "The Times",
              "author": [{"literal": "Reuters"}], "issued": {"date-parts": [[2018, 7, day]]}} for day in (3, 26)]
    add_year_suffixes(items)
    assert format_reference(items[0], CHICAGO, "text") == "Reuters. 2018a. “T.” The Times, July 3."
    # Numbers in the work's own text stay as they are.
    assert format_reference({**items[1], "title": "Year 2018 in 7919"}, CHICAGO, "text") == (
        "Reuters. 2018b. “Year 2018 in 7919.” The Times, July 26.")


def test_search_results_carry_the_suffix(two_by_hoffman):
    html = bibliography.search_html(two_by_hoffman, lambda key: "REF")
    assert '<h3 id="w0">Hoffman 2018a</h3>' in html and '<h3 id="w1">Hoffman 2018b</h3>' in html


def test_copied_citations_carry_the_suffix(two_by_hoffman):
    article = two_by_hoffman[0].item
    for citation in page_citations(article, "https://e.org/page/", datetime.date(2026, 3, 7)):
        assert "2018a" in citation.text and "2018a" in citation.html
    for texts in section_citations(article, [("https://e.org/page/#s", "A Section")],
                                   datetime.date(2026, 3, 7)).values():
        assert all("2018a" in text for text in texts)


def test_labels_come_from_loading_sources_yml(tmp_path):
    """The glossary's "Sources" lines and search titles read `Source.short_label`."""
    entry = """\
        {key}:
          type: report
          author:
            - family: Hoffman
              given: {given}
          title: {title}
          publisher: ASPI
          issued: {issued}
    """
    path = tmp_path / "sources.yml"
    path.write_text("".join(textwrap.dedent(entry).format(key=k, title=t, issued=i, given=g) for k, t, i, g in (
        ("hoffman-2018", "Social Credit", "2018-06", "Samantha"), ("hoffman-2018-b", "Another", "2018-10", "Samantha"),
        ("hoffman-2017", "Programming China", "2017-12-12", "Samantha"),
        ("hoffman-2018-c", "Other Person", "2018", "Zoe"))), "utf-8")
    sources, problems = load_sources(path)
    assert problems == []
    assert {key: s.short_label for key, s in sources.items()} == {
        "hoffman-2018": "S. Hoffman 2018a", "hoffman-2018-b": "S. Hoffman 2018b", "hoffman-2017": "Hoffman 2017",
        "hoffman-2018-c": "Z. Hoffman 2018"}


@pytest.mark.parametrize("family, given", [
    ("Mu\u0308ller", "Jo\u0308rg"),        # u + combining diaeresis, as macOS may save it
    ("Müller", "Jörg  Peter"),              # a doubled space
    ("Nguye\u0302\u0303n", "Va\u0306n An"),  # Vietnamese: two combining marks on one letter
])
def test_a_name_typed_in_another_unicode_form_is_the_same_name(tmp_path, family, given):
    """Composed and decomposed forms look the same to a reader: one author, one label, the
    year suffixes a and b, and composed characters in every download (pdfLaTeX cannot set a
    combining mark)."""
    composed = {"family": unicodedata.normalize("NFC", family),
                "given": " ".join(unicodedata.normalize("NFC", given).split())}
    path = tmp_path / "sources.yml"
    path.write_text("".join(textwrap.dedent(f"""\
        {key}:
          type: book
          author:
            - family: {f}
              given: {g}
          title: {t}
          publisher: P
          issued: 2018
    """) for key, f, g, t in (("a", composed["family"], composed["given"], "A"), ("b", family, given, "B"))), "utf-8")
    sources, problems = load_sources(path)
    assert problems == []
    assert [s.short_label for s in sources.values()] == [f"{composed['family']} 2018a", f"{composed['family']} 2018b"]
    assert sources["b"].item["author"] == [composed]
    bib = exports.to_bibtex(sources.values())
    assert unicodedata.normalize("NFC", bib) == bib


def test_downloads_keep_the_citation_keys_and_leave_suffixes_to_the_readers_processor(two_by_hoffman):
    """Export keys are the keys of sources.yml, which `[@key]` cites: unique, and the same
    in the site and in a LaTeX or Pandoc document. The suffix is this bibliography's, not data."""
    assert [item["id"] for item in json.loads(exports.to_csl_json(two_by_hoffman))] == ["w0", "w1"]
    assert "year-suffix" not in exports.to_csl_json(two_by_hoffman)
    assert "@book{w0," in exports.to_bibtex(two_by_hoffman) and "ID  - w1" in exports.to_ris(two_by_hoffman)


def test_structured_metadata_names_people_as_written():
    data = json.loads(exports.schema_org_article(book(LIN, {"family": "Hoffman", "given": "Samantha"})))
    assert [author["name"] for author in data["author"]] == ["林钧跃", "Samantha Hoffman"]


def test_suffixes_are_given_again_when_the_works_change():
    items = works_of(LABELS[5][0])
    add_year_suffixes(items)
    alone = copy.deepcopy(items[:1])
    add_year_suffixes(alone)
    assert label(alone[0]) == "Hoffman 2018"


@pytest.mark.parametrize("item, style, isolated", [
    (book(ARABIC, HEBREW, title="كتاب عن 2014 الائتمان"), CHICAGO,
     "<bdi>محمود, أحمد</bdi>, and <bdi>דוד כהן</bdi>. 2012. <i><bdi>كتاب عن 2014 الائتمان</bdi></i>. Press."),
    (book(ARABIC, HEBREW), APA, "<bdi>محمود, أحمد</bdi>, &amp; <bdi>כהן, דוד</bdi>. (2012)."),
    (book({"literal": "وزارة العدل"}, title="Law (قانون)"), HARVARD, "<bdi>وزارة العدل</bdi> (2012) <i>Law (<bdi>قانون</bdi>)"),
    (book(LIN), CHICAGO, "林钧跃. 2012. <i>Title</i>. Press."),
], ids=["arabic-hebrew-chicago", "apa", "literal-and-title", "no-right-to-left"])
def test_right_to_left_names_and_titles_keep_the_references_order(item, style, isolated):
    """Isolated (<bdi>), a right-to-left run reads right to left in place and cannot pull
    the year or the punctuation after it into its own direction."""
    assert format_reference(item, style).startswith(isolated)
    assert "<bdi>" not in format_reference(item, style, "text")


# -- Punctuation around titles -------------------------------------------------

def news(title: str, **fields) -> dict:
    return {"id": "n", "type": "article-newspaper", "title": title, "container-title": "China Daily",
            "author": [{"literal": "China Daily"}], "issued": {"date-parts": [[2011, 6, 29]]}, **fields}


@pytest.mark.parametrize("item, style, locale, expected", [
    # a title's own ? or ! takes no period after it, in every style and language
    (news("Still Willing?"), CHICAGO, None, "China Daily. 2011. “Still Willing?” China Daily, June 29."),
    (news("Still Willing?"), CHICAGO, "de", "China Daily. 2011. „Still Willing?“ China Daily, Juni 29."),
    (news("Still Willing?"), APA, None, "China Daily. (2011, June 29). Still Willing? China Daily."),
    (book({"family": "Doe", "given": "Jane"}, title="Was ist das?", language="de"), APA, "de",
     "Doe, J. (2012). Was ist das? Press."),
    (book({"family": "Doe", "given": "Jane"}, title="Was ist das?", URL="https://e.org/?.html"), HARVARD, None,
     "Doe, J. (2012) Was ist das? Press. Available at: https://e.org/?.html."),
    # a period or comma goes inside closing quotes only where the locale says so (American English)
    (news("On “Quotes”, and More"), APA, None, "China Daily. (2011, June 29). On “Quotes,” and More. China Daily."),
    (news("On “Quotes”, and More"), CHICAGO, "de", "China Daily. 2011. „On ‚Quotes‘, and More“. China Daily, Juni 29."),
    (news("On “Quotes”, and More"), HARVARD, None, "China Daily (2011) ‘On “Quotes”, and More’, China Daily, 29 June."),
    (news("Plain"), CHICAGO, None, "China Daily. 2011. “Plain.” China Daily, June 29."),
    # a title's own quotation is in the locale's inner quotes where the style quotes the title
    (news("推出“诚信身份证”"), CHICAGO, None, "China Daily. 2011. “推出‘诚信身份证.’” China Daily, June 29."),
    (news("推出“诚信身份证”"), CHICAGO, "de", "China Daily. 2011. „推出‚诚信身份证‘“. China Daily, Juni 29."),
    (news('The "Orwellian" Push'), HARVARD, None, "China Daily (2011) ‘The “Orwellian” Push’, China Daily, 29 June."),
    (news("China’s “Push”"), CHICAGO, None, "China Daily. 2011. “China’s ‘Push.’” China Daily, June 29."),
    (book({"family": "Doe", "given": "Jane"}, title='The "Orwellian" Push'), HARVARD, None,
     "Doe, J. (2012) The ‘Orwellian’ Push. Press."),
    (book({"family": "Doe", "given": "Jane"}, title="The “Orwellian” Push"), APA, "de",
     "Doe, J. (2012). The „Orwellian“ Push. Press."),
])
def test_punctuation_after_a_title_follows_the_style_and_its_language(item, style, locale, expected):
    assert format_reference(item, style, "text", locale=locale) == expected
    assert "?." not in format_reference(item, style, locale=locale).replace("?.html", "")
