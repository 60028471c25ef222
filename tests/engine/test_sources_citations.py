"""Citations in Markdown: what `[@key]` becomes, and what is left alone."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from explainer.core.references import Source
from explainer.sources.citations import CiteItem, CitationsExtension, parse_citation

SOURCES = {
    key: Source(key, {"id": key, "type": "report", "title": title, "issued": {"date-parts": [[year]]},
                      "author": [{"family": family, "given": "A."}], "publisher": "P"}, 1)
    for key, title, family, year in [
        ("alpha-2001", "Alpha", "Adams", 2001),
        ("beta-2002", "Beta", "Brown", 2002),
        ("gamma-2003", "Gamma", "Green", 2003),
    ]
}


def render(text: str) -> BeautifulSoup:
    html = markdown.markdown(text, extensions=[CitationsExtension(SOURCES)])
    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize(
    "body, items",
    [
        ("@alpha-2001", [CiteItem("alpha-2001")]),
        ("@alpha-2001, p. 4", [CiteItem("alpha-2001", "p. 4")]),
        ("@alpha-2001, pp. 333–356", [CiteItem("alpha-2001", "pp. 333–356")]),
        ("@alpha-2001; @beta-2002", [CiteItem("alpha-2001"), CiteItem("beta-2002")]),
        ("@alpha-2001, ch. 2;@beta-2002, p. 9", [CiteItem("alpha-2001", "ch. 2"), CiteItem("beta-2002", "p. 9")]),
        ("@", None),
        ("@alpha-2001; beta", None),
        ("@ alpha", None),
    ],
)
def test_parse_citation(body, items):
    assert parse_citation(body) == items


def test_a_citation_becomes_a_numbered_marker_with_a_tooltip():
    page = render("Text [@beta-2002] and more [@alpha-2001, p. 4] and again [@beta-2002].")
    markers = page.select("a.ex-cite")
    assert [m.get_text() for m in markers] == ["[1]", "[2, p. 4]", "[1]"]
    assert [m["data-cite"] for m in markers] == ["beta-2002", "alpha-2001", "beta-2002"]
    assert [m["href"] for m in markers] == ["#ex-source-beta-2002", "#ex-source-alpha-2001", "#ex-source-beta-2002"]
    assert len({m["id"] for m in markers}) == 3
    for marker in markers:
        assert marker["aria-describedby"] == marker["data-tip"]
        tip = page.find(id=marker["data-tip"])
        assert tip is not None and "ex-tip" in tip["class"] and tip["role"] == "tooltip" and tip.has_attr("hidden")
    # One body per distinct citation: the two plain citations of beta share theirs.
    assert markers[0]["data-tip"] == markers[2]["data-tip"] != markers[1]["data-tip"]
    assert len(page.select(".ex-tip")) == 2
    assert "Cited at: p. 4" in page.find(id=markers[1]["data-tip"]).get_text()
    assert "Adams, A." in page.find(id=markers[1]["data-tip"]).get_text()


def test_several_works_in_one_citation():
    page = render("See [@alpha-2001; @gamma-2003, p. 2].")
    (marker,) = page.select("a.ex-cite")
    assert marker.get_text() == "[1; 2, p. 2]"
    assert marker["data-cite"] == "alpha-2001 gamma-2003"
    tip = page.find(id=marker["data-tip"]).get_text()
    assert "Adams" in tip and "Green" in tip


@pytest.mark.parametrize("text", [
    "the planning outline [@alpha-2001].",
    "the planning outline\t[@alpha-2001].",
    "the planning outline\n[@alpha-2001].",  # the source's line wrapped before it
    "the planning outline \n  [@alpha-2001].",
])
def test_the_marker_sits_against_the_preceding_word(text):
    page = render(text)
    assert page.p.decode_contents().startswith("the planning outline<a ")


@pytest.mark.parametrize(
    "text, literal",
    [
        ("Code: `[@alpha-2001]`.", "[@alpha-2001]"),
        ("Escaped: \\[@alpha-2001].", "[@alpha-2001]"),
        ("```\n[@alpha-2001]\n```", "[@alpha-2001]"),
        ("Mail [me@example.org] please.", "[me@example.org]"),
        ("A link [@alpha](https://example.org).", None),
    ],
)
def test_what_is_not_a_citation_is_left_alone(text, literal):
    page = render(text)
    assert page.select("a.ex-cite") == [] and page.select(".ex-tip") == []
    if literal:
        assert literal in page.get_text()


def test_an_unknown_key_is_marked_for_the_hook_to_report():
    page = render("Text [@nobody-1999] and [@alpha-2001].")
    (error,) = page.select(".ex-cite-error")
    assert error["data-cite-unknown"] == "nobody-1999"
    assert error.get_text().strip() == "[@nobody-1999]"  # the text as written
    assert [m.get_text() for m in page.select("a.ex-cite")] == ["[1]"]


def test_numbering_starts_afresh_on_each_page():
    extension = CitationsExtension(SOURCES)
    first = markdown.markdown("[@alpha-2001] [@beta-2002]", extensions=[extension])
    second = markdown.markdown("[@beta-2002]", extensions=[extension])
    assert BeautifulSoup(second, "html.parser").a.get_text() == "[1]"
    assert "[2]" in BeautifulSoup(first, "html.parser").get_text()


def test_the_extension_records_what_the_page_cites_by_section():
    extension = CitationsExtension(SOURCES)
    text = ("Intro [@alpha-2001].\n\n## First {#first}\n\nText [@beta-2002; @alpha-2001, p. 2] "
            "and [@nobody-1999].\n\n## Second {#second}\n\n- In a list [@gamma-2003]\n")
    html = markdown.markdown(text, extensions=["attr_list", "toc", extension])
    ids = [a["id"] for a in BeautifulSoup(html, "html.parser").select("a.ex-cite")]
    found = extension.found
    assert [(m.id, m.keys, m.section) for m in found.markers] == [
        (ids[0], ("alpha-2001",), None),
        (ids[1], ("beta-2002", "alpha-2001"), "first"),
        (ids[2], ("gamma-2003",), "second"),
    ]
    assert found.unknown == ["nobody-1999"]


def test_a_page_without_text_leaves_no_citations_of_the_page_before():
    extension = CitationsExtension(SOURCES)
    markdown.markdown("[@alpha-2001]", extensions=[extension])
    markdown.markdown("", extensions=[extension])  # Python-Markdown runs no tree processor
    assert extension.found.markers == [] and extension.found.unknown == []


def test_locators_show_as_written_with_html_escaped():
    page = render("Text [@alpha-2001, p. 4\\* & <b>5</b>].")
    marker = page.select_one("a.ex-cite")
    assert marker.get_text() == "[1, p. 4* & <b>5</b>]"
    tip = page.find(id=marker["data-tip"])
    assert tip.select_one(".ex-cite-tip__locator").get_text() == "Cited at: p. 4* & <b>5</b>"
    assert tip.find("b") is None


def test_deferred_tip_bodies_are_kept_aside_for_each_page():
    extension = CitationsExtension(SOURCES, defer_tips=True)
    page = BeautifulSoup(markdown.markdown("Text [@alpha-2001].", extensions=[extension]), "html.parser")
    assert page.select("a.ex-cite") and page.select(".ex-tips, .ex-tip") == []
    aside = BeautifulSoup(extension.tips.html, "html.parser")
    assert [tip["id"] for tip in aside.select("div.ex-tips > div.ex-tip")] == [page.a["data-tip"]]
    markdown.markdown("", extensions=[extension])
    assert extension.tips.html == ""
