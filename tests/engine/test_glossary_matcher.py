"""Where glossary terms are marked, and where they are not: the Markdown extension on its own."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from explainer.glossary.data import Glossary, Term
from explainer.glossary.marking import GlossaryExtension, Occurrence, PageState
from explainer.glossary.termmatch import Form, TermMatcher, matcher_for

TERMS = (
    Term("schufa", "Schufa", "Germany's credit bureau."),
    Term("sesame-credit", "Sesame Credit", "A score.", aliases=("Sesame Score", "芝麻Credit"), native="芝麻信用",
         romanised="Zhīma xìnyòng"),
    Term("credit", "Credit", "Trust in repayment."),
    Term("payback", "Payback", "A loyalty card.", aliases=("Payback Points",), case_sensitive=True),
    Term("spc", "Supreme People's Court", "China's highest court."),
    Term("social-credit", "Social Credit", "Overlap, left part."),
    Term("credit-system", "Credit System", "Overlap, right part."),
    Term("att", "AT&T <2>", 'Has "special" <characters> & <b>markup</b> in **Markdown**.'),
)


def render(text: str, mark: str = "first-per-section", extensions=(), enabled: bool = True):
    page = PageState(glossary_url="../glossary.md", enabled=enabled)
    html = markdown.markdown(
        text, extensions=[*extensions, GlossaryExtension(Glossary("glossary.yml", TERMS), mark, page,
                                                         native_lang="zh", romanised_lang="zh-Latn-pinyin")]
    )
    return BeautifulSoup(html, "lxml"), page


def marked(text: str, **options) -> list[tuple[str, str]]:
    soup, _ = render(text, **options)
    return [(a.get_text(), a["data-term"]) for a in soup.select("a.ex-term")]


# -- whole words, case, Chinese, longest form ------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Ask Schufa first.", [("Schufa", "schufa")]),
    ("SCHUFA and schufa", [("SCHUFA", "schufa")]),
    ("Schufa's report", [("Schufa", "schufa")]),
    ("Schufa’s report", [("Schufa", "schufa")]),
    ("Schufas and Schufaauskunft", []),
    ("preSchufa", []),
    ("Schufa-Auskunft", [("Schufa", "schufa")]),
    # The longest form wins where forms overlap.
    ("the Sesame Credit score", [("Sesame Credit", "sesame-credit")]),
    ("Sesame\nCredit across a line break", [("Sesame\nCredit", "sesame-credit")]),
    ("Credit alone", [("Credit", "credit")]),
    ("a Social Credit System", [("Social Credit", "social-credit")]),  # leftmost start first
    # Chinese forms need no word boundaries.
    ("“Sesame Score” (芝麻Credit: a reward system)", [("Sesame Score", "sesame-credit")]),
    ("(芝麻Credit: a reward system)", [("芝麻Credit", "sesame-credit")]),
    ("阿里巴巴的芝麻信用评分", [("芝麻信用", "sesame-credit")]),
    ("用Schufa的", [("Schufa", "schufa")]),
    # case_sensitive terms match only as written.
    ("payback time, PAYBACK", []),
    ("Payback Points and Payback", [("Payback Points", "payback")]),
    ("the Supreme People’s Court", [("Supreme People’s Court", "spc")]),
    ("AT&T <2> again", [("AT&T <2>", "att")]),
])
def test_matching_rules(text, expected):
    assert marked(text) == expected


def test_matcher_finds_every_occurrence_with_offsets():
    matcher = TermMatcher((Form("Schufa", "schufa"), Form("芝麻信用", "sesame")))
    text = "Schufa, 芝麻信用 and SCHUFA"
    assert [(text[m.start:m.end], m.term_id) for m in matcher.find(text)] == [
        ("Schufa", "schufa"), ("芝麻信用", "sesame"), ("SCHUFA", "schufa"),
    ]


def test_matcher_is_built_once_per_glossary():
    forms = Glossary("glossary.yml", TERMS).forms
    assert matcher_for(forms) is matcher_for(Glossary("glossary.yml", TERMS).forms)
    assert matcher_for(forms) is not matcher_for(forms[:2])


# -- where terms are never marked ---------------------------------------------------

@pytest.mark.parametrize("text, extensions", [
    ("# Schufa {#schufa-heading}", ["attr_list"]),
    ("### About Schufa", []),
    ("[Schufa](https://www.schufa.de/)", []),
    ("<https://schufa.example/Schufa>", []),
    ("`Schufa`", []),
    ("    Schufa in an indented code block", []),
    ("```\nSchufa in a fenced block\n```", ["fenced_code"]),
    ("![Schufa logo](logo.png)", []),
    ("Schufa\n\n*[Schufa]: Schutzgemeinschaft für allgemeine Kreditsicherung", ["abbr"]),
    ('<p title="Schufa">raw HTML is left alone</p>', []),
    ("A paragraph\n{: title=\"Schufa\" }", ["attr_list"]),
    ('<div data-tip="ex-tip-cite-x" markdown>Schufa</div>', ["md_in_html"]),
    ('!!! note "Schufa"\n\n    text', ["admonition"]),
    ('??? note "Schufa"\n\n    text', ["pymdownx.details"]),
])
def test_never_marked(text, extensions):
    soup, _ = render(text, extensions=extensions)
    assert soup.select("a.ex-term") == []
    assert "Schufa" in str(soup)  # left exactly where it was


def test_attributes_are_never_changed():
    soup, _ = render("![Schufa](logo.png) and Schufa", extensions=[])
    assert soup.img["alt"] == "Schufa"
    assert [a.get_text() for a in soup.select("a.ex-term")] == ["Schufa"]


# -- where terms are marked ---------------------------------------------------------

@pytest.mark.parametrize("text, extensions", [
    ("Schufa in a paragraph", []),
    ("- a list with Schufa", []),
    ("| A |\n| - |\n| Schufa |", ["tables"]),
    ("> a quote about Schufa", []),
    ("*emphasised Schufa*", []),
    ('!!! note "Note"\n\n    Schufa in an admonition', ["admonition"]),
    ("Text[^1]\n\n[^1]: Schufa in a footnote.", ["footnotes"]),
    ('<div markdown>\nSchufa in a block\n</div>', ["md_in_html"]),
])
def test_marked_in_running_text(text, extensions):
    soup, _ = render(text, extensions=extensions)
    assert [a.get_text() for a in soup.select("a.ex-term")] == ["Schufa"]


def test_marked_link_follows_the_tooltip_contract():
    soup, page = render("Schufa and Sesame Credit, then Schufa again.")
    link = soup.select_one("a.ex-term")
    assert link.attrs == {
        "class": ["ex-term"], "data-term": "schufa", "href": "../glossary.md#schufa",
        "data-tip": "ex-tip-term-schufa", "aria-describedby": "ex-tip-term-schufa",
    }
    tips = soup.select("div.ex-tip")
    assert [tip["id"] for tip in tips] == ["ex-tip-term-schufa", "ex-tip-term-sesame-credit"]
    assert all(tip["role"] == "tooltip" and tip.has_attr("hidden") for tip in tips)
    # At the end of the page, in one block, out of the search index.
    assert soup.select("body > div.ex-tips:last-child > div.ex-tip") == tips
    assert soup.select_one("div.ex-tips").has_attr("data-search-exclude")
    sesame = tips[1]
    assert sesame.select_one(".ex-tip__title strong").get_text() == "Sesame Credit"
    assert sesame.select_one('[lang="zh"]').get_text() == "芝麻信用"
    assert sesame.select_one('[lang="zh-Latn-pinyin"]').get_text() == "Zhīma xìnyòng"
    assert sesame.select_one(".ex-tip__body").get_text(strip=True) == "A score."
    assert sesame.select_one(".ex-tip__more a")["href"] == "../glossary.md#sesame-credit"


def test_tip_bodies_link_to_the_glossary_page_url_when_given():
    # A final URL: the bodies are HTML that no link rewriting reaches.
    page = PageState(glossary_url="../glossary.md", glossary_page_url="../glossary/")
    html = markdown.markdown("Schufa", extensions=[GlossaryExtension(Glossary("glossary.yml", TERMS), page=page)])
    soup = BeautifulSoup(html, "lxml")
    assert soup.select_one("a.ex-term")["href"] == "../glossary.md#schufa"
    assert soup.select_one(".ex-tip__more a")["href"] == "../glossary/#schufa"


def test_deferred_tip_bodies_are_kept_aside_for_each_page():
    extension = GlossaryExtension(Glossary("glossary.yml", TERMS), defer_tips=True)
    first = markdown.markdown("Schufa and Credit", extensions=[extension])
    assert len(BeautifulSoup(first, "lxml").select("a.ex-term")) == 2
    assert BeautifulSoup(first, "lxml").select(".ex-tips, .ex-tip") == []
    aside = BeautifulSoup(extension.tips.html, "lxml")
    assert [tip["id"] for tip in aside.select("div.ex-tips > div.ex-tip")] == ["ex-tip-term-schufa", "ex-tip-term-credit"]
    markdown.markdown("", extensions=[extension])  # an empty page runs no tree processor
    assert extension.tips.html == ""


def test_definitions_are_rendered_and_html_in_them_is_escaped():
    soup, _ = render("AT&T <2>")
    tip = soup.select_one("#ex-tip-term-att")
    assert tip.select_one(".ex-tip__title strong").get_text() == "AT&T <2>"
    body = tip.select_one(".ex-tip__body")
    assert body.get_text() == 'Has "special" <characters> & <b>markup</b> in Markdown.'
    assert body.select_one("strong").get_text() == "Markdown"
    assert body.find("b") is None


# -- how often ------------------------------------------------------------------------

SECTIONS = "Schufa and Schufa.\n\n## One {#one}\n\nSchufa, Schufa.\n\n### Sub\n\nSchufa\n\n## Two {#two}\n\nSchufa."


@pytest.mark.parametrize("mark, count", [("first-per-section", 3), ("first-per-page", 1), ("every", 6)])
def test_mark_modes(mark, count):
    assert len(marked(SECTIONS, mark=mark, extensions=["attr_list"])) == count


def test_occurrences_name_their_h2_section():
    text = "# Page {#page}\n\nSchufa\n\n## One {#one}\n\nSchufa\n\n### Sub {#sub}\n\nCredit"
    _, page = render(text, extensions=["attr_list"])
    assert page.occurrences == [
        Occurrence("schufa", "page"), Occurrence("schufa", "one"), Occurrence("credit", "one"),
    ]


def test_a_page_can_opt_out():
    soup, page = render("Schufa", enabled=False)
    assert soup.select("a.ex-term, div.ex-tip") == [] and page.occurrences == []


def test_unknown_mark_mode_is_refused():
    with pytest.raises(ValueError, match="first-per-section"):
        GlossaryExtension(Glossary("glossary.yml", TERMS), "sometimes")
