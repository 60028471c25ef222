"""sources.yml: its checks, the formatted references, and the exports read back by real parsers."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from urllib.parse import parse_qs

import bibtexparser
import pytest
import rispy
from bs4 import BeautifulSoup
from citeproc.source.json import CiteProcJSON

from explainer.core import weblinks
from explainer.core.datafile import DataError
from explainer.core.references import KINDS, Source, format_reference, format_references, load_sources
from explainer.sources import bibliography, exports
from exports_read_back import (
    NO_PLACE,
    bibtex_places,
    differences,
    expected_in_bibtex,
    read_bibtex,
    read_csl_json,
    read_ris,
    ris_differences,
)

DATA = Path(__file__).resolve().parents[2] / "docs" / "sources.yml"
LITERATURE = ["hoffman-2018", "hoffman-2017", "meissner-2017", "mistreanu-2018", "stalley-yang-2006",
              "state-council-2014"]


@pytest.fixture(scope="module")
def sources():
    sources, problems = load_sources(DATA)
    assert problems == []
    return sources


@pytest.fixture(scope="module")
def works(sources):
    return sorted(sources.values(), key=lambda s: s.sort_key)


# ---------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------


def test_the_literature_list_and_the_article_itself_are_present(sources):
    assert set(LITERATURE) | {"klabisch-2018"} <= set(sources)


@pytest.mark.parametrize(
    "key, kind, expected",
    [
        ("hoffman-2018", "Report", ["Hoffman, Samantha. 2018.", "Social Credit", "6/2018",
                                    "Australian Strategic Policy Institute"]),
        ("hoffman-2017", "Report", ["Hoffman, Samantha. 2017.", "Programming China", "MERICS China Monitor"]),
        ("meissner-2017", "Report", ["Meissner, Mirjam. 2017.", "China's Social Credit System", "MERICS"]),
        ("mistreanu-2018", "Magazine article", ["Mistreanu, Simina. 2018.",
                                                "“Life Inside China's Social Credit Laboratory.”",
                                                "<i>Foreign Policy</i>, April 3."]),
        ("stalley-yang-2006", "Journal article", ["Stalley, Phillip, and Dongning Yang. 2006.",
                                                  "“An Emerging Environmental Movement in China?” <i>",
                                                  "<i>The China Quarterly</i> 186: 333–56."]),
        ("state-council-2014", "Report", ["State Council of the People's Republic of China. 2014.",
                                          "Planning Outline for the Construction of a Social Credit "
                                          "System (2014–2020)", "State Council notice Guofa [2014] No. 21"]),
        ("spc-2013-defaulters", "Legislation", ["Supreme People's Court. 2013.",
                                                "Several Provisions on the Release of the Judgment Defaulters List"]),
        ("klabisch-2018", "Report", ["Klabisch, Joanna. 2018.", "Cologne: Stiftung Asienhaus."]),
    ],
)
def test_references_in_chicago_author_date(sources, key, kind, expected):
    assert sources[key].kind == kind
    html = format_reference(sources[key].item)
    for part in expected:
        assert part in html
    assert "<" not in format_reference(sources[key].item, output="text")


@pytest.mark.parametrize("key, label, reference", [
    ("reuters-2018-airlines", "Reuters 2018a", "Reuters. 2018a. “White House Slams"),
    ("reuters-2018-airlines-may", "Reuters 2018b", "Reuters. 2018b. “Airlines Comply"),
    ("reuters-2018-airlines-july", "Reuters 2018c", "Reuters. 2018c. “US Airlines"),
    ("hoffman-2018", "Hoffman 2018", "Hoffman, Samantha. 2018. Social Credit"),
    ("state-council-2014", "State Council of the People's Republic of China 2014", "Translated by Rogier Creemers."),
    ("govcn-2014-outline", "中国政府网 (gov.cn) 2014", "中国政府网 (gov.cn). 2014."),
])
def test_the_editions_works_are_labelled_apart(sources, key, label, reference):
    """Three Reuters reports of 2018: 2018a, 2018b and 2018c, in labels (search, glossary) and references."""
    assert sources[key].short_label == label
    assert reference in format_reference(sources[key].item, output="text")


def test_another_csl_style_can_be_asked_for(sources):
    apa = format_reference(sources["stalley-yang-2006"].item, style="apa", output="text")
    assert "Stalley, P." in apa and "(2006)" in apa


def test_references_keep_the_order_given(works):
    html = format_references([w.item for w in reversed(works)])
    assert [h.split(".")[0] for h in html] == [
        format_reference(w.item).split(".")[0] for w in reversed(works)]


# ---------------------------------------------------------------------------
# Mistakes in the data: one located message each
# ---------------------------------------------------------------------------

VALID = """\
    type: report
    author:
      - family: Doe
        given: Jane
    title: A report
    publisher: Someone
    issued: 2020
"""


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize("field, value", [
    ("ISBN", "978-3-16-148410-0"), ("ISBN", "9783161484100"), ("ISBN", "3-16-148410-X"), ("ISBN", "0-306-40615-2"),
    ("ISBN", "978 0 306 40615 7"), ("ISSN", "0305-7410"), ("ISSN", "2049-3630"), ("ISSN", "2434-561X"),
])
def test_valid_isbns_and_issns_are_accepted(tmp_path, field, value):
    sources, problems = load_sources(write(tmp_path, "ok-2020:\n" + textwrap.indent(
        textwrap.dedent(VALID) + f"{field}: {value}\n", "  ")))
    assert problems == [] and sources["ok-2020"].item[field] == value


@pytest.mark.parametrize(
    "entry, message",
    [
        (VALID.replace("    title: A report\n", ""), "missing required field 'title'"),
        (VALID.replace("    issued: 2020\n", ""), "missing required field 'issued'"),
        (VALID.replace("type: report", "type: blog"), "type 'blog' is not one of"),
        (VALID.replace("type: report", "type: article-journal"), "needs 'container-title'"),
        (VALID.replace("issued: 2020", "issued: last year"), "'issued' must be a year or a date"),
        (VALID.replace("issued: 2020", "issued: \"2020-02-30\""), "'issued' is not a real date"),
        (VALID.replace("issued: 2020", "issued: 2020-05\n    accessed: 2020-04-30"), "'accessed' (2020-04-30) is befo"),
        (VALID.replace("issued: 2020", "issued: 2020\n    accessed: 2019-12-31"), "'accessed' (2019-12-31) is before"),
        (VALID.replace("publisher: Someone", "url: https://example.org"), "unknown field 'url'"),
        (VALID.replace("publisher: Someone", "URL: example.org"), "'URL' must start with https://"),
        (VALID.replace("publisher: Someone", "DOI: https://doi.org/10.1000/xyz"), "'DOI' is the DOI alone"),
        (VALID.replace("publisher: Someone", "language: Chinese"), "'language' is a language tag such as zh"),
        (VALID.replace("publisher: Someone", "ISBN: 978-3-16-148410-1"), "'ISBN' 978-3-16-148410-1 is not a valid"),
        (VALID.replace("publisher: Someone", "ISBN: 3-16-148410-1"), "'ISBN' 3-16-148410-1 is not a valid ISBN"),
        (VALID.replace("publisher: Someone", "ISBN: 978-3-16-14841"), "'ISBN' 978-3-16-14841 is not a valid ISBN"),
        (VALID.replace("publisher: Someone", "ISSN: 0305-7412"), "'ISSN' 0305-7412 is not a valid ISSN"),
        (VALID.replace("publisher: Someone", "language: en_GB"), "'language' is a language tag such as zh"),
        (VALID.replace("publisher: Someone", "language: zh, en"), "'language' is a language tag such as zh"),
        (VALID.replace("publisher: Someone", "DOI: \"doi:10.1000/xyz\""), "'DOI' is the DOI alone"),
        (VALID.replace("publisher: Someone", "DOI: dx.doi.org/10.1000/xyz"), "'DOI' is the DOI alone"),
        (VALID.replace("- family: Doe", "- name: Doe"), "each name in 'author' needs 'family'"),
        (VALID.replace("given: Jane", "suffix: Jr."), "a name in 'author' with a 'suffix' (Jr.) needs its 'given'"),
        (VALID.replace("title: A report", "title: [A, report]"), "'title' must be a single line of text"),
        (VALID.replace("title: A report", "title: \"A\\nreport\""), "'title' must be a single line of text (it has"),
        (VALID.replace("publisher: Someone", "publisher: |\n      Some\n      one"), "'publisher' must be a single line"),
    ],
)
def test_an_invalid_entry_gets_one_line_naming_file_line_and_key(tmp_path, entry, message):
    path = write(tmp_path, "fine-2020:\n" + textwrap.indent(textwrap.dedent(VALID), "  ")
                 + "broken-2021:\n" + textwrap.indent(textwrap.dedent(entry), "  "))
    sources, problems = load_sources(path)
    assert list(sources) == ["fine-2020"]
    (problem,) = problems
    text = str(problem)
    assert "\n" not in text
    assert text.startswith(f"{path}:9: entry 'broken-2021': ")
    assert message in text


@pytest.mark.parametrize(
    "text, message",
    [
        ("a-1:\n  type: report\na-1:\n  type: book\n", "duplicate id 'a-1' (first on line 1)"),
        ("Bad Key:\n  type: report\n", "'Bad Key' is not a valid id"),
        ("a-1: [unclosed\n", "invalid YAML"),
        ("a-1:\n  type: report\n  issued: 2020-02-30\n", "entry 'a-1': unreadable value"),
    ],
)
def test_an_unreadable_file_raises_one_located_error(tmp_path, text, message):
    with pytest.raises(DataError) as caught:
        load_sources(write(tmp_path, text))
    assert str(caught.value).startswith(str(tmp_path / "sources.yml"))
    assert message in str(caught.value)


def test_a_note_written_over_several_lines_is_one_paragraph(tmp_path):
    """As the site shows it, and as RIS can carry it (a line break would end the field)."""
    path = write(tmp_path, "a-1:\n" + textwrap.indent(textwrap.dedent(VALID), "  ")
                 + "  note: |\n    First line.\n    ER  - second line.\n\n    Another paragraph.\n")
    sources, problems = load_sources(path)
    assert problems == []
    assert sources["a-1"].item["note"] == "First line. ER - second line. Another paragraph."


def test_dates_may_be_written_as_years_months_or_days(tmp_path):
    path = write(tmp_path, "a-1:\n" + textwrap.indent(textwrap.dedent(VALID), "  ").replace(
        "issued: 2020", "issued: 2017-12-12") + "b-2:\n" + textwrap.indent(textwrap.dedent(VALID), "  ").replace(
        "issued: 2020", "issued: 2018-07"))
    sources, _ = load_sources(path)
    assert sources["a-1"].item["issued"] == {"date-parts": [[2017, 12, 12]]}
    assert sources["b-2"].item["issued"] == {"date-parts": [[2018, 7]]}


# ---------------------------------------------------------------------------
# Exports: read back by real parsers, carrying the same works
# ---------------------------------------------------------------------------


def test_bibtex_parses_back_with_the_same_works(works):
    library = bibtexparser.parse_string(exports.to_bibtex(works))
    assert library.failed_blocks == []
    entries = {entry.key: entry for entry in library.entries}
    assert list(entries) == [w.key for w in works]
    stalley = entries["stalley-yang-2006"]
    assert stalley.entry_type == "article"
    assert stalley["author"] == "Stalley, Phillip and Yang, Dongning"
    assert stalley["journal"] == "The China Quarterly"
    assert stalley["pages"] == "333--356" and stalley["volume"] == "186" and stalley["year"] == "2006"
    assert entries["hoffman-2018"].entry_type == "techreport"
    assert entries["hoffman-2018"]["institution"] == "Australian Strategic Policy Institute"
    # An institution stays one name rather than being split into first and last names.
    assert entries["state-council-2014"]["author"] == "{State Council of the People's Republic of China}"
    for work in works:
        title = re.sub(r"\\([$%&#_])", r"\1", entries[work.key]["title"])  # LaTeX escapes, as in "\$200"
        assert title.replace("{", "").replace("}", "") == work.item["title"]


def test_ris_parses_back_with_the_same_works(works):
    records = rispy.loads(exports.to_ris(works))
    assert [r["id"] for r in records] == [w.key for w in works]
    by_key = {r["id"]: r for r in records}
    assert by_key["stalley-yang-2006"]["type_of_reference"] == "JOUR"
    assert by_key["stalley-yang-2006"]["authors"] == ["Stalley, Phillip", "Yang, Dongning"]
    assert (by_key["stalley-yang-2006"]["start_page"], by_key["stalley-yang-2006"]["end_page"]) == ("333", "356")
    assert by_key["mistreanu-2018"]["type_of_reference"] == "MGZN"
    assert by_key["mistreanu-2018"]["urls"] == [
        "https://foreignpolicy.com/2018/04/03/life-inside-chinas-social-credit-laboratory/"]
    assert by_key["state-council-2014"]["type_of_reference"] == "RPRT"
    assert by_key["spc-2013-defaulters"]["type_of_reference"] == "STAT"
    assert by_key["hoffman-2017"]["date"] == "2017/12/12/"
    for work in works:
        assert by_key[work.key]["title"] == work.item["title"]


def test_csl_json_parses_back_and_citeproc_reads_it(works):
    items = json.loads(exports.to_csl_json(works))
    assert [item["id"] for item in items] == [w.key for w in works]
    readable = [{k: v for k, v in item.items() if k != "license"} for item in items]
    assert set(CiteProcJSON(readable)) == {w.key for w in works}


# Every work of the edition, written by each exporter and read back field by field by an
# independent parser (the same round trip as the engine's hard cases, test_sources_exports.py).
EDITION = sorted(load_sources(DATA)[0].values(), key=lambda s: s.sort_key)


@pytest.fixture(scope="module")
def read_back(works) -> dict[str, dict[str, dict]]:
    """Each download of all the works (BibTeX, RIS, CSL-JSON), written and read back once: by work's key."""
    return {"bibtex": read_bibtex(exports.to_bibtex(works), {w.key: w.item["type"] for w in works}),
            "ris": read_ris(exports.to_ris(works)), "csl": read_csl_json(exports.to_csl_json(works))}


@pytest.mark.parametrize("work", EDITION, ids=[w.key for w in EDITION])
def test_every_work_reads_back_whole_from_each_download(read_back, work):
    key, item = work.key, work.item
    bib = read_back["bibtex"][key]
    assert differences(expected_in_bibtex(item), bib, bibtex_places(item["type"]), NO_PLACE["bibtex"]) == []
    assert ris_differences(item, read_back["ris"][key]) == []
    assert read_back["csl"][key] == {k: v for k, v in item.items() if k not in ("license", "year-suffix")}


def test_every_kind_of_work_exports(tmp_path):
    body = ""
    for kind in KINDS:
        body += f"k-{kind}:\n  type: {kind}\n  title: T\n  container-title: C\n  issued: 2001\n" \
                "  author:\n    - literal: An Institution\n"
    sources, problems = load_sources(write(tmp_path, body))
    assert problems == []
    works = list(sources.values())
    assert len(bibtexparser.parse_string(exports.to_bibtex(works)).entries) == len(KINDS)
    assert len(rispy.loads(exports.to_ris(works))) == len(KINDS)
    assert all(format_reference(w.item) for w in works)


@pytest.mark.parametrize(
    "key, expected",
    [
        ("stalley-yang-2006", {"rft_val_fmt": ["info:ofi/fmt:kev:mtx:journal"], "rft.genre": ["article"],
                               "rft.atitle": ["An Emerging Environmental Movement in China?"],
                               "rft.jtitle": ["The China Quarterly"], "rft.spage": ["333"], "rft.epage": ["356"],
                               "rft.aulast": ["Stalley"], "rft.au": ["Yang, Dongning"], "rft.date": ["2006"]}),
        ("hoffman-2018", {"rft_val_fmt": ["info:ofi/fmt:kev:mtx:book"], "rft.genre": ["report"],
                          "rft.pub": ["Australian Strategic Policy Institute"], "rft.date": ["2018-06"]}),
        ("state-council-2014", {"rft_val_fmt": ["info:ofi/fmt:kev:mtx:book"], "rft.genre": ["report"],
                                "rft.aucorp": ["State Council of the People's Republic of China"]}),
        ("spc-2013-defaulters", {"rft_val_fmt": ["info:ofi/fmt:kev:mtx:dc"],
                                 "rft.creator": ["Supreme People's Court"]}),
    ],
)
def test_coins_describe_the_work(sources, key, expected):
    fields = parse_qs(exports.coins(sources[key].item))
    assert fields["ctx_ver"] == ["Z39.88-2004"]
    for name, value in expected.items():
        assert fields[name] == value


def test_article_metadata(sources):
    article = sources["klabisch-2018"].item
    tags = exports.highwire_tags(article)
    assert ("citation_title", "China's Social Credit Score – rating a people") in tags
    assert ("citation_author", "Klabisch, Joanna") in tags
    assert ("citation_publication_date", "2018/07") in tags
    assert ("citation_publisher", "Stiftung Asienhaus") in tags
    data = json.loads(exports.schema_org_article(article, "https://example.org/"))
    assert data["@type"] == "Article" and data["author"][0]["name"] == "Joanna Klabisch"
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert "</" not in exports.schema_org_article({**article, "title": "a</script>b"})


@pytest.mark.parametrize(("note", "after"), [
    (None, ""),
    ("", ""),
    ("  ", ""),
    ("Cited as <Smith>", "\n<p>Cited as &lt;Smith&gt;</p>"),  # a note is text, not markup
])
def test_the_bibliography_for_search_has_a_section_per_work(note, after):
    """Each work a search result of its own, at its entry (#key), titled "Author Year"."""
    item = {"id": "w", "type": "book", "title": "T", "author": [{"family": "Smith"}],
            "issued": {"date-parts": [[2018]]}, **({"note": note} if note is not None else {})}
    work = Source("w", item, 1)
    indexed = '<h3 id="w">Smith 2018</h3>\n<p>REF</p>' + after
    assert bibliography.search_html([work], lambda key: "REF") == indexed
    assert bibliography.search_html([work, work], lambda key: "REF") == indexed + "\n" + indexed


@pytest.mark.parametrize(("html", "item", "linked"), [
    ('News, July 30. https://e.org/a?b=1&c=2.', {"URL": "https://e.org/a?b=1&c=2"},
     'News, July 30. <a class="ex-url" href="https://e.org/a?b=1&amp;c=2">https://e.org/a?b=1&amp;c=2</a>.'),
    ('<i>CRS</i> 9 (1): 20–31. doi:10.1/x.', {"DOI": "10.1/x"},  # Chicago 16th
     '<i>CRS</i> 9 (1): 20–31. <a class="ex-url" href="https://doi.org/10.1/x">doi:10.1/x</a>.'),
    ('<i>CRS</i>, <i>9</i>(1). https://doi.org/10.1/x', {"DOI": "10.1/x"},  # APA, after an element
     '<i>CRS</i>, <i>9</i>(1). <a class="ex-url" href="https://doi.org/10.1/x">https://doi.org/10.1/x</a>'),
    ('<i>https://e.org/x</i> text', {"URL": "https://e.org/x"},  # inside an element
     '<i><a class="ex-url" href="https://e.org/x">https://e.org/x</a></i> text'),
    ('Wu. http://e.cn/%E7%BD%91%E6%A0%BC.', {"URL": "http://e.cn/%E7%BD%91%E6%A0%BC"},  # shown decoded
     'Wu. <a class="ex-url" href="http://e.cn/%E7%BD%91%E6%A0%BC">http://e.cn/网格</a>.'),
    ('A. https://e.org/a%20b', {"URL": "https://e.org/a%20b"},  # a space would not read as an address
     'A. <a class="ex-url" href="https://e.org/a%20b">https://e.org/a%20b</a>'),
    ('No address printed.', {"URL": "https://e.org/"}, 'No address printed.'),
    ('A &amp; B, no URL.', {}, 'A &amp; B, no URL.'),
])
def test_a_references_web_address_is_a_link(html, item, linked):
    assert weblinks.link_addresses(html, weblinks.work_addresses(item)) == linked


def test_every_formatted_reference_links_its_address(sources):
    for style in ("chicago-author-date-16th-edition", "apa", "harvard-cite-them-right"):
        # One formatting of all the works per style: a reference's links are its own work's.
        for source, html in zip(sources.values(), format_references([s.item for s in sources.values()], style),
                                strict=True):
            hrefs = [a["href"] for a in BeautifulSoup(html, "html.parser").select("a.ex-url")]
            wanted = [source.item["URL"]] if "URL" in source.item else []
            if "DOI" in source.item:
                wanted.append("https://doi.org/" + source.item["DOI"])
            if wanted:  # each style prints the URL or the DOI, or both
                assert hrefs and set(hrefs) <= set(wanted), (source.key, style, html)
            else:
                assert hrefs == [], (source.key, style, html)


@pytest.mark.parametrize(("formatted", "inside", "corrected"), [
    ("<i>Still Willing?</i>. China Daily.", False, "<i>Still Willing?</i> China Daily."),  # across the element's end
    ("“Still Willing?”. China Daily.", False, "“Still Willing?” China Daily."),
    ("<i>Wow!</i>” <b>x</b>.", False, "<i>Wow!</i>” <b>x</b>."),  # no period after the mark: unchanged
    ("<a>x?.html</a>", False, "<a>x?.html</a>"),  # inside an address: kept
    ("<i>A?</i><b>.</b> x", False, "<i>A?</i><b>.</b> x"),  # a new element starts: kept
    ("a “b”. c, “d’”, e &amp; <i>f</i>", True, "a “b.” c, “d,’” e &amp; <i>f</i>"),  # American English
    ("a “b”. c", False, "a “b”. c"),
])
def test_punctuation_is_corrected_in_the_text_of_the_reference(formatted, inside, corrected):
    from explainer.core.references import _punctuation

    assert _punctuation(formatted, inside) == corrected
