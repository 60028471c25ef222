"""Inputs from public bug reports against tools like ours (issue 13), one table per kind.

1. text that is the same to a reader but not to the matcher
2. text that only looks like prose (addresses, file names)
3. Chinese (and other unspaced) forms inside other words
4. citations and terms where a link or a section cannot hold them
5. data files that lose what the maintainer wrote
6. Markdown links inside definitions
(7. redirects into a page: tests/engine/test_redirects.py)
and, throughout, their neighbours (issue 13, kind 8).
"""

from __future__ import annotations

import subprocess
import textwrap
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import markdown
import material
import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.utils import meta as mkdocs_meta
from mkdocs.utils.meta import YAML_RE

from conftest import ROOT, mkdocs_build
from explainer.core.build import Build
from explainer.core.datafile import DataError, load_entries
from explainer.core.references import Source, load_sources
from explainer.glossary.build import GlossaryBuild
from explainer.glossary.data import Glossary, Term, definition_links, load_glossary, render_definition
from explainer.glossary.marking import GlossaryExtension, Occurrence, PageState
from explainer.glossary.termmatch import INVISIBLE, TermMatcher, Form, form_key, inside_address
from explainer.sources.citations import CitationsExtension

TERMS = (
    Term("bonitaet", "Bonitätsprüfung", "A credit check."),
    Term("scs", "Social Credit System", "The system.", native="社会信用体系"),
    Term("schufa", "Schufa", "Germany's credit bureau."),
    Term("profile", "Profile", "A record."),
    Term("sesame", "Sesame Credit", "A score.", native="芝麻信用"),
    Term("state-council", "State Council", "China's cabinet.", native="国务院", blocked_by=("美国国务院",)),
    Term("credit-score", "信用スコア", "A score, in Japanese."),
    Term("rating", "신용평가", "A credit rating, in Korean."),
    Term("thai-credit", "เครดิต", "Credit, in Thai."),
    Term("ext-b", "𠮷野家", "A name with a character beyond the BMP."),
    Term("left", "Left", "Overlap, left.", native="信用体系"),
    Term("right", "Right", "Overlap, right.", native="体系建设"),
)
GLOSSARY = Glossary("glossary.yml", TERMS)


def render(text: str, extensions=(), titles=(), mark="first-per-section"):
    page = PageState(glossary_url="glossary.md")
    extension = GlossaryExtension(GLOSSARY, mark, page, titles=titles)
    html = markdown.markdown(text, extensions=[*extensions, extension])
    return html, page


def marks(text: str, **options) -> list[tuple[str, str]]:
    html, _ = render(text, **options)
    return [(a.get_text(), a["data-term"]) for a in BeautifulSoup(html, "html.parser").select("a.ex-term")]


# -- 1. the same to a reader ------------------------------------------------------------

NFD = unicodedata.normalize("NFD", "Bonitätsprüfung")


@pytest.mark.parametrize("text, marked, kept", [
    # Decomposed umlauts, as PDFs give them: marked, and written as they were.
    (f"Die {NFD}.", [(NFD, "bonitaet")], NFD),
    ("Die Bonitätsprüfung.", [("Bonitätsprüfung", "bonitaet")], "Bonitätsprüfung"),
    # Character references reach the matcher as placeholders; the page keeps the reference.
    ("Social&nbsp;Credit&nbsp;System", [("Social\xa0Credit\xa0System", "scs")], "Social&nbsp;Credit&nbsp;System"),
    ("Social&#160;Credit&#xA0;System", [("Social\xa0Credit\xa0System", "scs")], "Social&#160;Credit&#xA0;System"),
    ("Bonit&auml;tspr&uuml;fung", [("Bonitätsprüfung", "bonitaet")], "Bonit&auml;tspr&uuml;fung"),
    ("Bonit&#228;tspr&#x00FC;fung", [("Bonitätsprüfung", "bonitaet")], "Bonit&#228;tspr&#x00FC;fung"),
    ("Social\xa0Credit\xa0System", [("Social\xa0Credit\xa0System", "scs")], "Social\xa0Credit\xa0System"),
    # Other spaces: narrow no-break, ideographic, thin, a line break.
    ("Social\u202fCredit\u3000System", [("Social\u202fCredit\u3000System", "scs")], "Social\u202fCredit"),
    ("Social\u2009Credit\nSystem", [("Social\u2009Credit\nSystem", "scs")], "Social\u2009Credit"),
    # Invisible formatting characters inside a word or between words.
    ("Boni\u00adtäts\u00adprüfung", [("Boni\u00adtäts\u00adprüfung", "bonitaet")], "Boni\u00adtäts"),
    ("Boni&shy;tätsprüfung", [("Boni\u00adtätsprüfung", "bonitaet")], "Boni&shy;tätsprüfung"),
    ("Bonitäts\u200bprüfung", [("Bonitäts\u200bprüfung", "bonitaet")], "Bonitäts\u200bprüfung"),
    ("\ufeffSchufa\u2060", [("Schufa", "schufa")], "Schufa</a>\u2060"),
    ("Social\u200d Credit\u200e System", [("Social\u200d Credit\u200e System", "scs")], "Social\u200d"),
    ("芝\ufe00麻信用", [("芝\ufe00麻信用", "sesame")], "芝\ufe00麻信用"),
    # Compatibility forms: ligatures from PDFs, full-width letters, compatibility ideographs.
    ("Pro\ufb01le", [("Pro\ufb01le", "profile")], "Pro\ufb01le"),
    ("ＳＣＨＵＦＡ", [("ＳＣＨＵＦＡ", "schufa")], "ＳＣＨＵＦＡ"),
    # Still whole words: a composed or decomposed word inside a longer one is not a match.
    (unicodedata.normalize("NFD", "Bonitätsprüfungen"), [], "Bonita"),
    ("Schufa&shy;auskunft", [], "Schufa&shy;auskunft"),
    # Raw HTML is not a character reference: it stays opaque.
    ("Social<br>Credit System", [], "Social<br>Credit"),
])
def test_text_is_matched_as_a_reader_sees_it(text, marked, kept):
    html, _ = render(text)
    assert [(a.get_text(), a["data-term"]) for a in BeautifulSoup(html, "html.parser").select("a.ex-term")] == marked
    assert kept in html  # the page keeps the characters the maintainer wrote


def test_every_invisible_format_character_is_ignored():
    """The hard-coded list holds every format character (Cf) that Unicode knows."""
    matcher = TermMatcher((Form("Schufa", "schufa"),))
    missing = [f"U+{c:04X}" for c in range(0x110000)
               if unicodedata.category(chr(c)) == "Cf" and form_key(f"Sch{chr(c)}ufa") != "schufa"]
    assert missing == []
    assert [m.term_id for m in matcher.find(f"Sch{INVISIBLE[0]}ufa")] == ["schufa"]


@pytest.mark.parametrize("forms, message", [
    (("Schufa", NFD), None),
    (("Bonitätsprüfung", NFD), "already claimed"),  # the same form to a reader, in two entries
    (("Social Credit", "Social\u00a0Credit"), "already claimed"),
])
def test_forms_that_a_reader_cannot_tell_apart_belong_to_one_entry(tmp_path, forms, message):
    path = tmp_path / "glossary.yml"
    path.write_text("".join(f"t{i}:\n  term: \"{form}\"\n  definition: D.\n" for i, form in enumerate(forms)), "utf-8")
    if message is None:
        assert len(load_glossary(path)[0].terms) == 2
    else:
        with pytest.raises(DataError, match=message):
            load_glossary(path)


# -- 2. text that only looks like prose -------------------------------------------------

@pytest.mark.parametrize("text, marked", [
    ("Source: https://www.example.org/schufa/faq.html\n\nSchufa checks credit.", [("Schufa", "schufa")]),
    ("http://schufa.example/ and schufa", [("schufa", "schufa")]),
    ("See www.schufa.de.", []),
    ("See schufa.de, then Schufa.", [("Schufa", "schufa")]),
    ("(schufa.de)", []),
    ("“https://example.org/Schufa”", []),
    ("Write to info@schufa.de or schufa@example.org.", []),
    ("mailto:schufa@example.org", []),
    ("ftp://files.example.org/schufa", []),
    ("doi:10.1000/schufa", []),
    ("Open schufa.pdf or faq-schufa.html or schufa_2018.docx.", []),
    ("docs/schufa/index.md", []),
    ("./schufa and ../schufa and ~/schufa and /srv/schufa", []),
    ("C:\\reports\\schufa", []),
    ("网址：www.schufa.de。", []),
    # Prose that merely has punctuation around the term is still prose.
    ("Schufa.", [("Schufa", "schufa")]),
    ("Schufa/Sesame", [("Schufa", "schufa")]),
    ("(Schufa)", [("Schufa", "schufa")]),
    ("Schufa’s", [("Schufa", "schufa")]),
    ("Schufa…", [("Schufa", "schufa")]),
    ("the U.S. Schufa, e.g. here", [("Schufa", "schufa")]),
    ("Schufa: the bureau", [("Schufa", "schufa")]),
    ("2.5 Schufa", [("Schufa", "schufa")]),
])
def test_nothing_is_marked_inside_an_address(text, marked):
    assert marks(text) == marked


@pytest.mark.parametrize("text, term, expected", [
    ("https://x.org/schufa", "schufa", True),
    ("schufa.de", "schufa", True),
    ("Schufa.", "Schufa", False),
    ("Schufa.The", "Schufa", True),  # two words run together look like a domain: left alone
])
def test_inside_address(text, term, expected):
    start = text.index(term)
    assert inside_address(text, start, start + len(term)) is expected


# -- 3. forms inside other words --------------------------------------------------------

@pytest.mark.parametrize("text, marked, conflicts", [
    ("美国国务院发表了声明。", [], []),
    ("国务院发表了声明。", [("国务院", "state-council")], []),
    ("美国国务院和国务院", [("国务院", "state-council")], []),  # the blocker is only the longer word
    ("the State Council and 美国国务院", [("State Council", "state-council")], []),
    # Two forms overlap and neither contains the other: the data cannot decide.
    ("信用体系建设", [], [("信用体系建设", ("left", "right"))]),
    ("信用体系和体系建设", [("信用体系", "left"), ("体系建设", "right")], []),
    ("芝麻信用体系", [], [("芝麻信用体系", ("sesame", "left"))]),
    # The longest form that contains another wins (no conflict).
    ("社会信用体系", [("社会信用体系", "scs")], []),
    # Japanese kana and Korean hangul have no spaces either.
    ("社会信用スコア制度", [("信用スコア", "credit-score")], []),
    ("개인신용평가제도", [("신용평가", "rating")], []),
    # Thai has no spaces between words either; Han beyond the BMP is one character a token.
    ("ระบบเครดิตสังคม", [("เครดิต", "thai-credit")], []),
    ("在𠮷野家吃饭", [("𠮷野家", "ext-b")], []),
    # Words with spaces: the leftmost form wins, as before; no conflict.
    ("Sesame Credit System", [("Sesame Credit", "sesame")], []),
])
def test_forms_inside_other_words(text, marked, conflicts):
    html, page = render(text, mark="every")
    found = [(a.get_text(), a["data-term"]) for a in BeautifulSoup(html, "html.parser").select("a.ex-term")]
    assert found == marked
    assert [(c.text, c.term_ids) for c in page.conflicts] == conflicts


@pytest.mark.parametrize("entry, message", [
    ("  native: 国务院\n  blocked_by: [美国国务院]\n", None),
    ("  blocked_by: [Council]\n", "must be longer than one of the entry's forms and contain it"),
    ("  blocked_by: [State Council]\n", "must be longer than one of the entry's forms"),
    ("  blocked_by: ['']\n", "'blocked_by' must be a list of non-empty texts"),
    ("  blocked_by: {a: b}\n", "'blocked_by' must be a list of non-empty texts"),
])
def test_blocked_by_is_checked(tmp_path, entry, message):
    path = tmp_path / "glossary.yml"
    path.write_text("state-council:\n  term: State Council\n  definition: D.\n" + entry, "utf-8")
    if message is None:
        assert load_glossary(path)[0].terms[0].blocked_by == ("美国国务院",)
    else:
        with pytest.raises(DataError, match=message):
            load_glossary(path)


def test_a_conflict_is_a_warning_that_names_it(tmp_path, monkeypatch, caplog):
    """A warning, which stops a strict build (tests/engine/test_strict.py)."""
    glossary = ("left:\n  term: Left\n  native: 信用体系\n  definition: L.\n"
                "right:\n  term: Right\n  native: 体系建设\n  definition: R.\n")
    warnings = tiny_page_warnings(tmp_path, monkeypatch, caplog, glossary, "# Home\n\n信用体系建设\n")
    assert len(warnings) == 1
    assert "index.md: '信用体系建设'" in warnings[0] and "'left'" in warnings[0] and "'right'" in warnings[0]
    assert "blocked_by" in warnings[0]


# -- 4. where a link or a section cannot hold a mark --------------------------------------

SOURCES = {
    key: Source(key, {"id": key, "type": "report", "title": key, "issued": {"date-parts": [[2001]]},
                      "author": [{"family": "Adams"}], "publisher": "P"}, 1)
    for key in ("alpha-2001", "beta-2002")
}
EXTENSIONS = ["admonition", "pymdownx.details", "footnotes", "attr_list", "tables", "md_in_html"]


def cite(text: str):
    extension = CitationsExtension(SOURCES)
    html = markdown.markdown(text, extensions=[extension, *EXTENSIONS])
    return BeautifulSoup(html, "html.parser"), extension.found  # html.parser: no repair of nesting


@pytest.mark.parametrize("text, cited, misplaced", [
    ("A link [as argued [@alpha-2001]](https://example.org/) here.", 1, []),
    ("[**bold [@alpha-2001]** text](https://example.org/)", 1, []),
    ("[a [@alpha-2001] b [@beta-2002]](u)", 2, []),
    ('<a href="https://x.org/">as argued [@alpha-2001]</a> here.', 1, []),  # a link in raw HTML
    ('<a href="u">a [@alpha-2001] *b* c</a> d', 1, []),
    ('<a href="u">a *b* [@alpha-2001]</a> d', 1, []),
    ('Before <a href="u">link</a> [@alpha-2001] after', 1, []),
    ("Running text [@alpha-2001].", 1, []),
    ("| A |\n| - |\n| cell [@alpha-2001] |", 1, []),
    ("- item [@alpha-2001]", 1, []),
    ("> quote [@alpha-2001]", 1, []),
    ('!!! note "Title"\n\n    body [@alpha-2001]', 1, []),
    ('??? note "Summary"\n\n    body [@alpha-2001]', 1, []),
    ("Text[^1]\n\n[^1]: In a footnote [@alpha-2001].", 1, []),
    ("## Heading [@alpha-2001]", 0, [("[@alpha-2001]", "a heading")]),
    ("#### Heading [@alpha-2001]", 0, [("[@alpha-2001]", "a heading")]),
    ("## [Linked heading [@alpha-2001]](u)", 0, [("[@alpha-2001]", "a heading")]),
    ('!!! note "Title [@alpha-2001]"\n\n    body', 0, [("[@alpha-2001]", "an admonition title")]),
    ('??? note "Summary [@alpha-2001]"\n\n    body', 0, [("[@alpha-2001]", "a details summary")]),
    ("![A chart [@alpha-2001]](chart.png)", 0, [("[@alpha-2001]", "image text or a link title")]),
    ('[text](u "title [@alpha-2001]")', 0, [("[@alpha-2001]", "image text or a link title")]),
])
def test_citations_where_a_link_cannot_stand(text, cited, misplaced):
    soup, found = cite(text)
    assert soup.select("a a") == []  # never a link in a link
    for marker in soup.select("a.ex-cite"):  # in the order of the text, outside every link
        assert marker.find_previous_sibling("a") is None or marker.find_previous_sibling("a").find("a") is None
    assert len(soup.select("a.ex-cite")) == len(found.markers) == cited
    assert found.misplaced == misplaced
    for marker in soup.select("a.ex-cite"):  # each still says what it cites, right after its text
        assert marker.get_text().startswith("[")
    for place in soup.select("h1, h2, h3, h4, h5, h6, summary, .admonition-title"):
        assert place.select("a.ex-cite") == []
    assert all(img.get("alt", "").count("[@") <= 1 for img in soup.select("img"))


@pytest.mark.parametrize("text, reads, links", [
    ("A link [as argued [@alpha-2001]](https://example.org/) here.", "A link as argued[1] here.", ["as argued", "[1]"]),
    ("[a [@alpha-2001] b [@beta-2002]](u) c", "a b[1][2] c", ["a b", "[1]", "[2]"]),
    ('<a href="u">a [@alpha-2001] b</a> c', "a b[1] c", ["a b", "[1]"]),
    ("[*a* [@alpha-2001]](u) and [b [@beta-2002]](v)", "a[1] and b[2]", ["a", "[1]", "b", "[2]"]),
])
def test_a_citation_moved_out_of_a_link_keeps_its_place_in_the_sentence(text, reads, links):
    soup, _ = cite(text)
    paragraph = soup.p
    assert paragraph.get_text() == reads
    assert [a.get_text() for a in paragraph.find_all("a", recursive=False)] == links


FOOTNOTES = ("# Page {#page}\n\n## One {#one}\n\nText[^a] and more.\n\n## Two {#two}\n\nText[^b].\n\n"
             "## Three {#three}\n\nLast.\n\n[^a]: Schufa in a footnote [@alpha-2001].\n"
             "[^b]: Schufa again [@beta-2002].\n")


def test_a_footnote_belongs_to_the_section_of_its_reference():
    _, found = cite(FOOTNOTES)
    assert [(m.keys, m.section) for m in found.markers] == [(("alpha-2001",), "one"), (("beta-2002",), "two")]
    html, page = render(FOOTNOTES, extensions=["footnotes", "attr_list"])
    assert page.occurrences == [Occurrence("schufa", "one"), Occurrence("schufa", "two")]


def test_a_footnote_term_already_marked_in_its_section_is_not_marked_again():
    text = "## One {#one}\n\nSchufa text[^a].\n\n## Two {#two}\n\nNothing.\n\n[^a]: Schufa.\n"
    html, page = render(text, extensions=["footnotes", "attr_list"])
    assert page.occurrences == [Occurrence("schufa", "one")]


@pytest.mark.parametrize("text, extensions, titles, marked", [
    ("<cite>Schufa Report</cite> and Schufa", [], (), [("Schufa", "schufa")]),
    ('<a href="https://example.org/">Schufa</a> and Schufa', [], (), [("Schufa", "schufa")]),
    ("<cite>The *Schufa* book</cite>, Schufa", [], (), [("Schufa", "schufa")]),
    ("<code>Schufa</code> <kbd>Schufa</kbd> Schufa", [], (), [("Schufa", "schufa")]),
    ("<b>Schufa</b>", [], (), [("Schufa", "schufa")]),  # raw HTML that is still running text
    ("*The Schufa Files* and Schufa", [], ("The Schufa Files: A History",), [("Schufa", "schufa")]),
    ("*the schufa files* and Schufa", [], ("The Schufa Files",), [("Schufa", "schufa")]),
    ("*Schufa* is emphasised", [], ("The Schufa Files",), [("Schufa", "schufa")]),
    # A title that is as a whole the name of an entry (the entry about the work) is marked.
    ("*Schufa*", [], ("Schufa",), [("Schufa", "schufa")]),
    ("<cite>Schufa</cite>", [], (), [("Schufa", "schufa")]),
    ("*Schufa Report*", [], ("Schufa Report",), []),
])
def test_names_of_works_and_raw_html_are_not_running_text(text, extensions, titles, marked):
    html, _ = render(text, extensions=extensions, titles=titles)
    soup = BeautifulSoup(html, "html.parser")
    assert [(a.get_text(), a["data-term"]) for a in soup.select("a.ex-term")] == marked
    assert soup.select("a a") == []


# -- 5. data files that lose what the maintainer wrote -------------------------------------

@pytest.mark.parametrize("text, line, message", [
    ("schufa:\n  term: Schufa\n  definition: One.\n  definition: Two.\n", 4,
     "entry 'schufa': duplicate key 'definition' (first on line 3)"),
    ("schufa:\n  term: Schufa\n  definition: One.\n  term: SCHUFA\n", 4, "duplicate key 'term'"),
    ("a:\n  author:\n    - family: X\n      family: Y\n", 4, "entry 'a': duplicate key 'family' (first on line 3)"),
    ("a:\n  x:\n    y:\n      z: 1\n      z: 2\n", 5, "duplicate key 'z'"),
    ("a:\n  term: A\nb:\n  term: B\n  term: C\n", 5, "entry 'b': duplicate key 'term'"),
    ("a:\n  {term: A, term: B}\n", 2, "duplicate key 'term'"),
    ("a:\n  term: A\na:\n  term: B\n", 3, "duplicate id 'a' (first on line 1)"),
    ("a:\n\tterm: A\n", 2, "a tab character where YAML allows only spaces"),
    ("a:\n  term: A\n  aliases:\n  \t- B\n", 4, "a tab character"),
    ("a:\n  term: 'A\n", 3, "invalid YAML"),
    ("A:\n  term: A\n", 1, "'A' is not a valid id"),
    ("a_b:\n  term: A\n", 1, "'a_b' is not a valid id"),
    ("a: text\n", 1, "entry 'a': must be a mapping of fields"),
    ("- a\n- b\n", 1, "the file must be a mapping of id: entry"),
    ("a:\n  term: A\n---\nb:\n  term: B\n", 3, "invalid YAML"),
])
def test_a_data_file_mistake_is_one_line_naming_file_line_and_entry(tmp_path, text, line, message):
    path = tmp_path / "data.yml"
    path.write_text(text, "utf-8")
    with pytest.raises(DataError) as caught:
        load_entries(path)
    assert str(caught.value).startswith(f"{path}:{line}: ") and message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path):
    path = tmp_path / "data.yml"
    path.write_bytes("a:\n  term: A\n  definition: Bonitätsprüfung\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"data\.yml:3: the file is not UTF-8 text"):
        load_entries(path)


@pytest.mark.parametrize("fields, message", [
    ("  term: ''\n  definition: D.\n", "'term' is missing or empty"),
    ("  term: '\u200b'\n  definition: D.\n", "has no letters or digits a reader could see"),
    ("  term: A\n  definition: D.\n  aliases: ['\u00ad']\n", "has no letters or digits"),
    ("  term: A\n  definition: 42\n", "'definition' is missing or empty"),
    ("  term: [A]\n  definition: D.\n", "'term' is missing or empty"),
    ("  term: A\n  definition: D.\n  native: 3\n", "'native' must be text"),
    ("  term: A\n  definition: D.\n  aliases: [B, '']\n", "'aliases' must be a list of non-empty texts"),
    ("  term: A\n  definition: D.\n  aliases: [[B]]\n", "'aliases' must be a list of non-empty texts"),
    ("  term: A\n  definition: D.\n  see: a\n", None),  # one id as text is a list of one
    ("  term: A\n  definition: D.\n  case_sensitive: 'yes'\n", "'case_sensitive' must be true or false"),
    ("  term: A\n  definition: D.\n  sources: [~]\n", "'sources' must be a list of non-empty texts"),
])
def test_wrong_types_and_empty_texts_in_the_glossary(tmp_path, fields, message):
    path = tmp_path / "glossary.yml"
    path.write_text("a:\n" + fields, "utf-8")
    if message is None:
        load_glossary(path)
    else:
        with pytest.raises(DataError, match=message):
            load_glossary(path)


@pytest.mark.parametrize("fields, message", [
    ("  type: report\n  title: ''\n  issued: 2018\n  publisher: P\n", "missing required field 'title'"),
    ("  type: report\n  title: T\n  issued: 2018\n  author: Hoffman\n", "'author' must be a list of names"),
    ("  type: report\n  title: T\n  issued: 2018\n  publisher: [P]\n", "'publisher' must be a single line of text"),
    ("  type: report\n  title: T\n  issued: 2018-02-30\n  publisher: P\n", "unreadable value"),
    ("  type: report\n  title: T\n  issued: true\n  publisher: P\n", "'issued' must be a year or a date"),
    ("  type: report\n  title: T\n  issued: 2018\n  publisher: P\n  URL: www.x.org\n", "'URL' must start with"),
])
def test_wrong_types_and_empty_texts_in_the_sources(tmp_path, fields, message):
    path = tmp_path / "sources.yml"
    path.write_text("a-2018:\n" + fields, "utf-8")
    try:
        sources, problems = load_sources(path)
    except DataError as error:
        problems = [error]
    assert len(problems) == 1 and message in str(problems[0])


def problems(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode != 0 and "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]


# A key written twice in an entry stops the build with one message, from the glossary that reads
# it first (an id that is no valid id in sources.yml: tests/engine/test_sources_messages.py).
def test_one_mistake_in_a_data_file_gives_one_message(tmp_path, monkeypatch, caplog):
    caplog.clear()
    with pytest.raises(DataError) as raised:
        tiny_glossary(tmp_path, monkeypatch, GLOSSARY_YML + "  definition: Again.\n")
    assert str(raised.value).startswith(f"{tmp_path / 'docs' / 'glossary.yml'}:")
    assert "entry 'schufa': duplicate key 'definition'" in str(raised.value) and "\n" not in str(raised.value)
    assert [record.getMessage() for record in caplog.records if record.levelname in ("WARNING", "ERROR")] == []


@pytest.mark.parametrize("front_matter, message", [
    # Lines of the page: line 1 is the opening ---.
    ("title: A\nsources: [a]\nsources: [b]\n", "index.md:4: front matter: duplicate key 'sources' (first on line 3)"),
    ("title: A\nglossary: true\ntitle: B\n", "index.md:4: front matter: duplicate key 'title' (first on line 2)"),
    ("title: A\nextra:\n  a: 1\n  a: 2\n", "index.md:5: front matter: duplicate key 'a' (first on line 4)"),
])
def test_a_key_written_twice_in_front_matter_is_named(tmp_path, monkeypatch, caplog, front_matter, message):
    """A warning, which stops a strict build (tests/engine/test_strict.py)."""
    assert tiny_page_warnings(tmp_path, monkeypatch, caplog, GLOSSARY_YML, f"---\n{front_matter}---\n# Home\n") == [
        message]


# -- 6. links inside definitions -------------------------------------------------------------

GLOSSARY_YML = "schufa:\n  term: Schufa\n  definition: D.\n"


def tiny_project(folder: Path, glossary: str, pages: dict[str, str]) -> Path:
    """A tiny project with only the glossary's hook: its glossary.yml, its pages, its mkdocs.yml."""
    docs = folder / "docs"
    for name, text in {"glossary.yml": glossary, **pages}.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        # The engine's templates: they put the tooltip bodies on the page (page.meta.ex_tips).
        f"site_name: Test\ntheme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n"
        f"hooks:\n  - {ROOT / 'hooks' / 'glossary.py'}\n"
        "markdown_extensions:\n  - attr_list\n"
        "extra:\n  glossary:\n    native_lang: zh\n", encoding="utf-8")
    return folder


def tiny_build(folder: Path, glossary: str, pages: dict[str, str]) -> subprocess.CompletedProcess:
    return mkdocs_build(tiny_project(folder, glossary, pages))


def tiny_glossary(folder: Path, monkeypatch, glossary: str) -> GlossaryBuild:
    """The build's glossary of a tiny project, made as the hook makes it when the build starts."""
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(folder / ".cache"))
    tiny_project(folder, glossary, {})
    return GlossaryBuild(Build.of(load_config(config_file=str(folder / "mkdocs.yml"))))


def tiny_page_warnings(folder: Path, monkeypatch, caplog, glossary: str, written: str) -> list[str]:
    """The warnings of the build's glossary about index.md (`written`: its file), converted as the
    hook has it converted: told of the page and its front matter first, handed the page after."""
    glossary = tiny_glossary(folder, monkeypatch, glossary)
    caplog.clear()
    written_front_matter = YAML_RE.match(written)
    body, meta = mkdocs_meta.get_data(written)
    glossary.page_starts("index.md", meta, written_front_matter and written_front_matter.group(1), "", "glossary/")
    markdown.markdown(body, extensions=["attr_list", glossary.extension])
    glossary.page_converted(SimpleNamespace(file=SimpleNamespace(src_uri="index.md")))
    return [record.getMessage() for record in caplog.records if record.levelname in ("WARNING", "ERROR")]


LINKED = textwrap.dedent("""\
    schufa:
      term: Schufa
      definition: >-
        See the [origins chapter](origins.md), [its method](origins.md#method),
        [a deep page](deep/er/page.md#inner), [Payback](#payback), [again](glossary.md#payback)
        and [the web](https://example.org/x.md).
    payback:
      term: Payback
      definition: A loyalty card.
    """)
LINKED_PAGES = {
    "index.md": "# Home\n\nSchufa.\n",
    "origins.md": "# Origins\n\n## Method {#method}\n\nSchufa.\n",
    "deep/er/page.md": "# Deep\n\n## Inner {#inner}\n\nSchufa.\n",
}


def test_an_own_content_template_without_the_tooltips_stops_the_build(tmp_path):
    """Material's partials/content.html, copied into an explainer's own overrides/ as Material's
    documentation shows, writes page.content alone: its terms opened no tooltip, and the
    strict build passed."""
    project = tiny_project(tmp_path, GLOSSARY_YML, {"index.md": "# Home\n\nSchufa.\n"})
    own = project / "own" / "partials"
    own.mkdir(parents=True)
    (own / "content.html").write_text((Path(material.__file__).parent / "templates" / "partials" / "content.html")
                                      .read_text("utf-8"), "utf-8")
    config = (project / "mkdocs.yml").read_text("utf-8").replace(f"custom_dir: {ROOT / 'overrides'}", "custom_dir: own")
    (project / "mkdocs.yml").write_text(config.replace("hooks:\n", f"hooks:\n  - {ROOT / 'hooks' / 'theme.py'}\n"), "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert ("index.md: its template wrote none of its tooltips: a partials/content.html of your own "
            "(theme.custom_dir) must write page.meta.ex_tips after page.content") in result.stderr


def test_links_in_definitions_work_on_every_page_that_shows_them(tmp_path):
    result = tiny_build(tmp_path, LINKED, LINKED_PAGES)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    expected = ["/origins/", "/origins/#method", "/deep/er/page/#inner", "/glossary/#payback",
                "/glossary/#payback", "https://example.org/x.md"]
    places = {"/": "#ex-tip-term-schufa .ex-tip__body", "/origins/": "#ex-tip-term-schufa .ex-tip__body",
              "/deep/er/page/": "#ex-tip-term-schufa .ex-tip__body", "/glossary/": "#schufa + div"}
    for url, selector in places.items():
        soup = BeautifulSoup((site / url.strip("/") / "index.html").read_text("utf-8"), "lxml")
        hrefs = [a["href"] for a in soup.select(f"{selector} a")]
        resolved = [urljoin(url, href) for href in hrefs]
        assert resolved == expected, url
        for target in resolved[:-1]:  # each lands on a page and an element that exist
            path, fragment = urlsplit(target).path, urlsplit(target).fragment
            page = BeautifulSoup((site / path.strip("/") / "index.html").read_text("utf-8"), "lxml")
            assert page.find(id=fragment) is not None if fragment else True, target


BROKEN_LINKS = [
    ("[x](gone.md)", "the link 'gone.md' in its definition points to 'gone.md', which is not a file in docs/"),
    ("[x](origins.md#nope)", "points to '#nope', which is not a heading or anchor of origins.md"),
    ("[x](#nobody)", "points to '#nobody', which is not an entry of the glossary"),
    ("[x](glossary.md#nobody)", "points to '#nobody', which is not an entry of the glossary"),
    ("[x](deep/er/page.md#method)", "which is not a heading or anchor of deep/er/page.md"),
]


def test_a_broken_link_in_a_definition_is_a_warning_naming_the_entry(tmp_path):
    """Each broken link of the table, all in one definition (one build): one line each, in order."""
    links = " ".join(link for link, _ in BROKEN_LINKS)
    lines = problems(tiny_build(tmp_path, LINKED.replace("and [the web]", f"{links} and [the web]"), LINKED_PAGES))
    assert len(lines) == len(BROKEN_LINKS), lines
    for line, (link, message) in zip(lines, BROKEN_LINKS):
        assert "glossary.yml:1: entry 'schufa': " in line and message in line and link[4:-1] in line, (link, line)


@pytest.mark.parametrize("text, links", [
    ("No link.", ()),
    ("[a](origins.md) [b](https://x.org/) [c](#id) [d][ref]\n\n[ref]: other.md#x", ("origins.md", "#id", "other.md#x")),
    ("<https://x.org/> and [e](mailto:a@b.org) and [f](/abs/)", ()),
])
def test_definition_links_are_found(text, links):
    assert definition_links(text) == links
    resolved = render_definition(text, lambda href: f"RESOLVED/{href}")
    soup = BeautifulSoup(resolved, "html.parser")
    assert [a["href"].removeprefix("RESOLVED/") for a in soup.select("a") if a["href"].startswith("RESOLVED/")] == list(links)
