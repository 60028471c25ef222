"""The bibliography's downloads, written by our exporters and read back by independent
parsers field by field, over a table of hard cases (engine tests: no docs/ here).

The same round trip runs over every work of the edition in test_sources_references.py.
"""

from __future__ import annotations

import copy
from urllib.parse import parse_qs

import pytest
import rispy
from pybtex.bibtex.utils import change_case

from exports_read_back import (
    NO_PLACE,
    RIS_PLACES_BY_TYPE,
    bibtex_places,
    differences,
    expected_in_bibtex,
    latex_text,
    read_bibtex,
    read_bibtex_fields,
    read_csl_json,
    read_ris,
    ris_differences,
    ris_places,
)
from explainer.core.references import FIELDS, NAME_FIELDS, Source, add_year_suffixes
from explainer.sources import exports


def work(key: str, kind: str = "report", **fields) -> Source:
    item = {"id": key, "type": kind, "title": "A Title", "issued": {"date-parts": [[2020, 5]]},
            "author": [{"family": "Doe", "given": "Jane"}], **fields}
    if kind in ("article-journal", "article-magazine", "article-newspaper", "chapter"):
        item.setdefault("container-title", "A Container")
    return Source(key, {k: v for k, v in item.items() if v is not None}, 1)


EVERY_ROLE = {role: [{"family": f"{role.title()}family", "given": "Given Name"}] for role in NAME_FIELDS}

HARD_CASES = [
    work("doi-underscore", "article-journal", DOI="10.1007/s11(2018)-5_12", volume="7", issue="2", page="1–20"),
    work("url-specials", "webpage",
         URL="https://e.org/wiki/%E7%BD%91_page?a=1&b=2#frag~x", **{"container-title": "Site & Co."}),
    work("url-braces-space", URL="https://e.org/a{b}c d\\e"),
    work("url-at-sign", URL="https://mastodon.social/@someone/1"),
    work("title-latex-specials", title="50% of {braces}, $dollars$, #hash, a_b, A & B, \\back, ~tilde, ^caret"),
    work("title-ligatures", title="Left -- right --- ``quoted'' 'single'"),
    work("title-first-word-acronym", title="MERICS China Monitor: OECD and the iPhone"),
    work("title-first-word-camel-case", title="iPhone Users in China"),
    work("title-first-word-lowercase", title="baojia 保甲, the communal self-defense system"),
    work("titles-of-a-chapter", "chapter", title="OECD Guidelines", genre="Policy Brief",
         **{"container-title": "Essays: A Reader on China", "collection-title": "MERICS Papers on China",
            "title-short": "OECD Guidelines", "original-title": "Lignes directrices de l'OCDE"}),
    work("title-chinese", "book", title="社会信用体系建设规划纲要（2014—2020年）", language="zh",
         **{"original-title": "Planning Outline", "publisher": "人民出版社", "publisher-place": "北京"}),
    work("title-arabic", "book", title="كتاب عن الائتمان", author=[{"family": "محمود", "given": "أحمد"}],
         publisher="دار", language="ar"),
    work("title-hebrew", "article-journal", title="מאמר על אשראי", author=[{"family": "כהן", "given": "דוד"}]),
    work("names-cjk", "book", author=[{"family": "林", "given": "钧跃"}], translator=[{"family": "吴", "given": "强"}],
         publisher="X"),
    work("literal-organisations", author=[{"literal": "Ministry of Health and Welfare"},
                                          {"literal": "AT&T Research"}], publisher="A & B"),
    work("literal-with-comma", author=[{"literal": "Ministry of Health, Labour and Welfare"}], publisher="X"),
    work("family-only", "book", author=[{"family": "Suharto"}], publisher="X"),
    work("name-suffixes", "chapter", author=[{"family": "King", "given": "Martin Luther", "suffix": "Jr."}],
         editor=[{"family": "Davis", "given": "Sammy", "suffix": "III"}, {"family": "Doe", "given": "Jane"}],
         **{"container-author": [{"family": "Gates", "given": "Henry Louis", "suffix": "Jr."}]}),
    work("particle-and-comma-names", "book", author=[{"family": "van der Berg", "given": "Anna"},
                                                     {"family": "Anderson and Sons", "given": "Bob"}],
         publisher="X"),
    work("every-role-chapter", "chapter", **EVERY_ROLE, page="33-47", edition="2", volume="3",
         **{"collection-title": "Series", "publisher": "P", "publisher-place": "Berlin"}),
    work("every-role-book", "book", **EVERY_ROLE, ISBN="978-3-16-148410-0", publisher="P"),
    work("every-role-report", "report", **EVERY_ROLE, publisher="P"),
    work("every-role-article", "article-journal", **EVERY_ROLE),
    work("every-field-report", "report",
         **{"title-short": "Short", "original-title": "Titre", "collection-title": "Papers", "publisher": "Inst",
            "publisher-place": "Paris", "genre": "Working paper", "number": "WP 12/2020", "edition": "3",
            "language": "fr", "note": "A note.", "abstract": "What it says.", "URL": "https://e.org/r",
            "DOI": "10.1/r_1", "license": "https://creativecommons.org/licenses/by/4.0/",
            "accessed": {"date-parts": [[2024, 1, 31]]}}),
    work("article-with-number-and-issn", "article-magazine", number="e1234", issue="4", ISSN="1234-5679"),
    work("pages-list", "article-journal", page="3, 7–9"),
    work("pages-letters", "article-journal", page="S1–S12"),
    work("pages-one", "article-newspaper", page="A12"),
    work("no-publisher", "legislation", author=[{"literal": "Supreme People's Court"}], number="Fa Shi [2013] No. 17",
         issued={"date-parts": [[2013, 7, 16]]}),
    work("editor-only", "book", author=None, editor=[{"family": "Ed", "given": "Ann"}], publisher="X"),
    work("year-only", "book", issued={"date-parts": [[1963]]}, publisher="X"),
    *(work(f"language-{tag.lower()}", "book", language=tag, publisher="X")
      for tag in ("en", "en-GB", "de", "de-AT", "pt-BR", "ja", "zh-Hant-TW", "yue", "tlh")),
]


KEYS = [case.key for case in HARD_CASES]


@pytest.fixture(scope="module")
def hard_cases() -> dict[str, Source]:
    cases = copy.deepcopy(HARD_CASES)
    add_year_suffixes([case.item for case in cases])  # every case is Doe 2020: a, b, c ...
    return {case.key: case for case in cases}


@pytest.mark.parametrize("key", KEYS)
def test_bibtex_reads_back_whole(hard_cases, key):
    case = hard_cases[key]
    back = read_bibtex(exports.to_bibtex([case]), {case.key: case.item["type"]})[case.key]
    assert back["_type"] == exports.BIBTEX_TYPES[case.item["type"]]
    places = bibtex_places(case.item["type"])
    expected = expected_in_bibtex(case.item)
    assert differences(expected, back, places, NO_PLACE["bibtex"]) == []
    assert back.get("language") == expected.get("language")  # no langid babel cannot name


@pytest.mark.parametrize("key", KEYS)
def test_ris_reads_back_whole(hard_cases, key):
    case = hard_cases[key]
    back = read_ris(exports.to_ris([case]))[case.key]
    assert back["_type"] == exports.RIS_TYPES[case.item["type"]]
    assert ris_differences(case.item, back) == []


def test_csl_json_is_valid_and_reads_back_whole(hard_cases):
    back = read_csl_json(exports.to_csl_json(hard_cases.values()))
    for case in hard_cases.values():
        wanted = {k: v for k, v in case.item.items() if k not in ("license", "year-suffix")}
        assert back[case.key] == wanted


# Fields styles may sentence-case: BibTeX styles' title and type (plain.bst), biblatex
# styles' titles, book titles and series (biblatex-apa).
SENTENCE_CASED = {"title", "shorttitle", "origtitle", "booktitle", "series", "type"}


@pytest.mark.parametrize("key", KEYS)
def test_bibtex_titles_keep_their_capitals_in_sentence_case_styles(hard_cases, key):
    """Styles that sentence-case a title (BibTeX's change.case$ "t", as pybtex implements it;
    biblatex's \\MakeSentenceCase alike) change nothing a brace protects."""
    case = hard_cases[key]
    written = read_bibtex_fields(exports.to_bibtex([case]))[case.key]
    for csl, bib in bibtex_places(case.item["type"]).items():
        if bib in SENTENCE_CASED and csl in case.item:
            assert latex_text(change_case(written[bib], "t")) == case.item[csl], bib


@pytest.mark.parametrize("field, value", [
    ("url", "https://e.org/wiki/%E7%BD%91_page?a=1&b=2#frag~x"),
    ("doi", "10.1007/s11(2018)-5_12"),
])
def test_bibtex_writes_addresses_verbatim(hard_cases, field, value):
    """biblatex reads `url` and `doi` verbatim: `\\_` or `\\%` there would become part of the link."""
    assert f"{field} = {{{value}}}" in exports.to_bibtex(hard_cases.values())


@pytest.mark.parametrize("page, first, last", [
    ("333–356", "333", "356"),
    ("33-47", "33", "47"),
    ("S1–S12", "S1", "S12"),
    ("3, 7–9", "3, 7–9", None),  # no one first and last page: written whole
    ("e1234", "e1234", None),
    ("A12", "A12", None),
])
def test_a_page_range_is_split_only_where_it_is_one_range(page, first, last):
    """RIS's SP and EP, and COinS' spage and epage, are a start and an end page (EndNote
    reads them so); other pages go whole into SP and rft.pages."""
    item = work("p", "article-journal", page=page).item
    (record,) = rispy.loads(exports.to_ris([Source("p", item, 1)]))
    assert (record["start_page"], record.get("end_page")) == (first, last)
    pairs = parse_qs(exports.coins(item))
    assert pairs.get("rft.spage", pairs.get("rft.pages")) == [first] and pairs.get("rft.epage", [None]) == [last]


def test_every_role_and_field_of_sources_yml_has_a_place_or_is_declared_lost():
    for kind in exports.BIBTEX_TYPES:
        unplaced = FIELDS - {"type"} - set(bibtex_places(kind)) - NO_PLACE["bibtex"]
        assert unplaced == set(), (kind, unplaced)
    for kind in exports.RIS_TYPES:
        unplaced = FIELDS - {"type", "number", "ISBN", "ISSN"} - set(ris_places(kind)) - NO_PLACE["ris"]
        assert unplaced <= set(RIS_PLACES_BY_TYPE), (kind, unplaced)


@pytest.mark.parametrize("key, expected", [
    # what Zotero's OpenURL reader (zotero/utilities, openurl.js) takes from each pair
    ("every-role-chapter", {"rft.genre": ["bookitem"], "rft.atitle": ["A Title"], "rft.btitle": ["A Container"],
                            "rft.spage": ["33"], "rft.epage": ["47"], "rft.edition": ["2"], "rft.volume": ["3"],
                            "rft.series": ["Series"], "rft.pub": ["P"], "rft.place": ["Berlin"]}),
    ("every-role-book", {"rft.genre": ["book"], "rft.btitle": ["A Title"], "rft.isbn": ["978-3-16-148410-0"]}),
    ("article-with-number-and-issn", {"rft.genre": ["article"], "rft.atitle": ["A Title"],
                                      "rft.jtitle": ["A Container"], "rft.issue": ["4"], "rft.issn": ["1234-5679"]}),
    ("names-cjk", {"rft.aulast": ["林"], "rft.aufirst": ["钧跃"]}),
    ("name-suffixes", {"rft.aulast": ["King"], "rft.aufirst": ["Martin Luther"], "rft.ausuffix": ["Jr."]}),
    ("no-publisher", {"rft_val_fmt": ["info:ofi/fmt:kev:mtx:dc"], "rft.creator": ["Supreme People's Court"]}),
])
def test_coins_give_each_field_the_key_zotero_reads(hard_cases, key, expected):
    pairs = parse_qs(exports.coins(hard_cases[key].item))
    assert {name: pairs.get(name) for name in expected} == expected
