"""A second explainer, in German, from the same engine (tests/fixtures/second-explainer).

It is built once per session with the project's hooks and templates, like the article's
site. Every feature works there, in German (that nothing of this article appears in it:
tests/edition/test_content_free.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load
from PIL import Image

from conftest import serve_folder, axe_violations

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "second-explainer"
SITE_URL = "https://zweiter-erklaertext.example.org/"
CHAPTER = "/gemeinsam-gaertnern/"
with open(FIXTURE / "mkdocs.yml", encoding="utf-8") as _config:
    CONFIG = yaml_load(_config)


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


# -- Language ----------------------------------------------------------------------------


def test_every_page_is_german(second):
    assert CONFIG["theme"]["language"] == "de"
    for url in second.article_urls:
        assert second.soup(url).html["lang"] == "de", url
    # Material's own words follow the same setting.
    assert second.soup(CHAPTER).select_one("input.md-search__input")["placeholder"] == "Suche"


def test_the_script_gets_its_words_in_german(second):
    for url in second.article_urls:
        words = json.loads(second.soup(url).select_one("script#ex-strings").string)
        assert words == {
            "script.copy_link": "Link zu diesem Abschnitt kopieren",
            "script.share_menu": "Link oder Quellenangabe dieses Abschnitts kopieren",
            "script.copy_link_item": "Link kopieren",
            "script.copy_citation_item": "Quellenangabe kopieren",
            "script.link_copied": "Link kopiert",
            "script.citation_copied": "Quellenangabe kopiert",
            "script.copy_failed": "Kopieren nicht möglich: Ihr Browser hat es blockiert",
        }, url


# -- Glossary terms and their tooltips ---------------------------------------------------


@pytest.mark.parametrize("term, written", [
    ("allmende", "Allmende"),
    ("kleingarten", "Kleingarten"),
    ("satoyama", "里山"),  # its native-script name, in a German sentence
])
def test_terms_are_marked_with_a_tooltip_in_german(second, term, written):
    page = second.soup(CHAPTER)
    marks = page.select(f'a.ex-term[data-term="{term}"]')
    assert [mark.get_text() for mark in marks] == [written]  # first-per-page
    tip = page.find(id=marks[0]["data-tip"])
    assert tip["role"] == "tooltip" and marks[0]["aria-describedby"] == tip["id"]
    more = tip.select_one(".ex-tip__more a")
    assert (more.get_text(), more["href"]) == ("Eintrag im Glossar", f"../glossary/#{term}")


def test_the_native_name_is_in_its_own_language(second):
    tip = second.soup(CHAPTER).find(id="ex-tip-term-satoyama")
    assert [(span["lang"], span.get_text()) for span in tip.select(".ex-tip__title [lang]")] == [
        ("ja", "里山"), ("ja-Latn", "satoyama")]


# -- Citations, the sources panel, the bibliography -------------------------------------


def test_citations_are_numbered_with_german_tooltips(second):
    page = second.soup(CHAPTER)
    markers = page.select("a.ex-cite")
    assert [marker.get_text() for marker in markers] == ["[1, S. 90]", "[2]", "[1]"]
    first = page.find(id=markers[0]["data-tip"])
    assert text(first.select_one(".ex-cite-tip__kind")) == "1 · Buch"
    assert text(first.select_one(".ex-cite-tip__locator")) == "Fundstelle: S. 90"
    assert text(page.find(id=markers[1]["data-tip"]).select_one(".ex-cite-tip__kind")) == "2 · Bericht"


def test_the_sources_panel_speaks_german(second):
    panel = second.soup(CHAPTER).select_one("aside.ex-sources")
    assert text(panel.select_one("h2")) == "Quellen auf dieser Seite"
    items = panel.select("li.ex-sources__item")
    assert [item["id"] for item in items] == ["ex-source-ostrom-1990", "ex-source-mustermann-2024"]
    assert [text(item.select_one(".ex-sources__kind")) for item in items] == ["Buch", "Bericht"]
    full = items[0].select_one(".ex-sources__links a")
    assert (full.get_text(), full["href"]) == ("Vollständiger Eintrag", "../sources/#ostrom-1990")
    assert "Zurück zum Text" in text(items[0])
    assert [a["aria-label"] for a in items[0].select("a.ex-sources__backref")] == [
        "Zurück zum Text, Zitat 1", "Zurück zum Text, Zitat 2"]


def test_the_bibliography_lists_both_works_with_where_they_are_cited(second):
    page = second.soup("/sources/")
    about = text(page.select_one(".ex-bibliography__about"))
    assert about.startswith("Die Angaben folgen dem Chicago Manual of Style, 16. Auflage")
    items = page.select("li.ex-bibliography__item")
    assert [item["id"] for item in items] == ["mustermann-2024", "ostrom-1990"]
    cited = {item["id"]: [a["href"] for a in item.select(".ex-bibliography__cited a")] for item in items}
    assert cited == {
        "mustermann-2024": ["../gemeinsam-gaertnern/#regeln"],
        "ostrom-1990": ["../gemeinsam-gaertnern/", "../gemeinsam-gaertnern/#japan"],
    }
    assert text(items[0].select_one(".ex-bibliography__cited")).startswith("Zitiert in:")


@pytest.mark.parametrize("name, label", [("sources.bib", "BibTeX"), ("sources.ris", "RIS"), ("sources.json", "CSL-JSON")])
def test_the_downloads_hold_both_works(second, name, label):
    links = {a.get_text(): a["href"] for a in second.soup("/sources/").select("a.ex-bibliography__download")}
    assert links[label] == name
    content = (second.folder / "sources" / name).read_text("utf-8")
    assert "Mustermann" in content and "Ostrom" in content


def test_a_german_title_keeps_its_own_capitals_and_the_styles_speak_german(second):
    # Title case is for English titles; a style's own words follow the site's language.
    cite = second.soup(CHAPTER).select_one("section.ex-cite-page")
    assert "Gärten für alle – Gemeinschaftsgärten erklärt" in text(cite)
    assert "Verfügbar unter" in text(cite) and "Available at" not in text(cite)


# -- The glossary page ------------------------------------------------------------------


def test_the_glossary_page_is_german(second):
    page = second.soup("/glossary/")
    content = second.content("/glossary/")
    assert text(content.select_one("h1")) == "Glossar ¶"  # with its permalink
    assert "auf jeder Seite unterstrichen" in text(content)  # says how this site marks terms
    assert [h2["id"] for h2 in content.select("h2[id]")] == ["allmende", "kleingarten", "satoyama"]
    facts = [text(fact) for fact in content.select(".ex-glossary__fact")]
    assert "Siehe auch: Satoyama" in facts and "Quellen: Ostrom 1990" in facts
    assert "Auch geschrieben: Kleingärten" in facts
    assert "Kommt vor in: Gemeinsam gärtnern › Ein Blick nach Japan" in facts
    native = content.select_one(".ex-glossary__native")
    assert [(span["lang"], span.get_text()) for span in native.select("[lang]")] == [
        ("ja", "里山"), ("ja-Latn", "satoyama")]
    description = page.select_one('meta[name="description"]')["content"]
    assert description.startswith("Namen und Begriffe aus „Gärten für alle")


# -- Sharing: cite, print, previews -----------------------------------------------------


def sections_first_id(second) -> str:
    """The id of the chapter's first h2, which offers a section citation."""
    return second.soup(CHAPTER).select_one("article h2[id]")["id"]


def test_cite_this_page_is_german(second):
    cite = second.soup(CHAPTER).select_one("section.ex-cite-page")
    assert text(cite.h2) == "Diese Seite zitieren"
    assert {text(button) for button in cite.select("button[data-ex-copy]")} == {"Kopieren"}
    sections = json.loads(cite.select_one("script#ex-section-citations").string)
    chicago = sections["sections"][sections_first_id(second)][sections["styles"].index("Chicago")]
    # The section as a part of the article, in the style's German words.
    assert chicago.startswith("Mustermann, Erika. 2024.") and "Gärten für alle" in chicago
    assert "In " in chicago and "Beispielverlag" in chicago
    link = cite.select_one(".ex-cite-page__print a")
    assert (link.get_text(), link["href"]) == ("alle Kapitel auf einer Seite", "../print/")
    assert text(cite.select_one(".ex-cite-page__print")).startswith("Um den ganzen Erklärtext zu drucken")


def test_the_article_is_described_for_reference_managers(second):
    page = second.soup(CHAPTER)
    tags = {meta["name"]: meta["content"] for meta in page.select('meta[name^="citation_"]')}
    assert tags["citation_title"] == "Gärten für alle – Gemeinschaftsgärten erklärt"
    assert tags["citation_author"] == "Mustermann, Erika"
    assert page.select_one('link[rel="license"]')["href"] == "https://creativecommons.org/licenses/by/4.0/"


def test_paragraphs_have_german_permalinks(second):
    permalinks = second.content(CHAPTER).select("p[id] > a.headerlink")
    assert permalinks and {a["title"] for a in permalinks} == {"Link zu diesem Absatz"}


def test_the_print_page_holds_every_page_in_german(second):
    page = second.soup("/print/")
    assert page.title.get_text().startswith("Der ganze Erklärtext")
    # On paper it opens with the explainer's own title, and a contents list in German.
    assert text(page.select_one("article h1")) == "Gärten für alle – Gemeinschaftsgärten erklärt"
    assert text(page.select_one(".ex-print__contents h2")) == "Inhalt"
    assert text(page.select_one(".ex-print__address")).startswith("Diese Ausgabe online")
    note = page.select_one(".ex-print__note")
    assert text(note).startswith("Alle Kapitel auf einer Seite") and note.kbd.get_text() == "Drucken"
    chapters = [section["aria-label"] for section in page.select("section.ex-print__chapter")]
    assert chapters == ["Start", "Gemeinsam gärtnern", "Was seither geschah", "Glossar", "Quellen"]  # as in the nav
    assert page.select_one('meta[name="description"]')["content"] == (
        "Alle Kapitel von „Gärten für alle – Gemeinschaftsgärten erklärt“ auf einer Seite, "
        "zum Drucken oder Speichern als PDF.")


def test_every_page_has_a_link_preview_with_its_image(second):
    for url in second.article_urls:
        page = second.soup(url)
        og = {meta["property"]: meta["content"] for meta in page.select('meta[property^="og:"]')}
        assert og["og:url"] == SITE_URL + url.lstrip("/"), url
        assert og["og:site_name"] == CONFIG["site_name"]
        assert og["og:description"] == page.select_one('meta[name="description"]')["content"], url
        image = second.folder / og["og:image"].removeprefix(SITE_URL)
        with Image.open(image) as png:
            assert (png.format, png.size) == ("PNG", (1200, 630)), url


def test_the_footer_links_to_what_this_edition_changed(second):
    for url in second.article_urls:
        link = second.soup(url).select_one(".md-copyright a[href$='#aenderungen']")
        assert link.get_text() == "Was diese Ausgabe geändert hat", url
        assert "Erstellt mit" in text(second.soup(url).select_one(".md-copyright"))
    assert second.soup("/").find(id="aenderungen") is not None


# -- The article's pages (overrides/partials/ex-article-*.html) ----------------------------------


@pytest.mark.parametrize("url", ["/", CHAPTER])
def test_the_chapters_and_the_front_page_say_when_the_article_was_written(second, url):
    """`extra.article.updates` names the page of what has changed; the date is the article's
    (`issued: 2024-05` of its entry in sources.yml), the words the site's language."""
    dated = second.soup(url).select(".ex-dated")
    assert [text(line) for line in dated] == ["Dieser Text stammt aus dem Mai 2024. Was sich seither geändert hat"]
    assert dated[0].a["href"] in ("seither/", "../seither/")
    assert (second.folder / "seither" / "index.html").is_file()


@pytest.mark.parametrize("url", ["/glossary/", "/sources/", "/seither/"])
def test_other_pages_have_no_date_line(second, url):
    assert second.soup(url).select(".ex-dated") == []


def test_a_chapter_has_its_number_byline_and_the_way_on_in_german(second):
    content = second.content(CHAPTER)
    assert text(content.select_one(".ex-kicker")) == "Kapitel 1 von 1 · 1 Min. Lesezeit"
    assert text(content.select_one(".ex-byline")) == "Von Erika Mustermann · Beispielverlag · Mai 2024"
    assert text(content.select_one(".ex-standfirst")).startswith("Wie Gemeinschaftsgärten als Allmende")
    card = content.select_one("nav.ex-next a")
    assert card["href"] == "../seither/" and text(card).startswith("Weiter Was seither geschah")


# -- In a browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def second_url(second):
    with serve_folder(second.folder) as url:
        yield url


@pytest.mark.browser
def test_tooltips_and_copying_work_in_german(browser, second_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"],
                                  viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(second_url + CHAPTER)
        page.locator('a.ex-term[data-term="satoyama"]').focus()
        tip = page.locator("#ex-tip-term-satoyama")
        tip.wait_for(state="visible")
        assert "Eintrag im Glossar" in tip.inner_text()
        button = page.locator("#regeln .ex-share__button")
        assert button.get_attribute("aria-label") == "Link oder Quellenangabe dieses Abschnitts kopieren"
        button.click()
        page.locator("#regeln [data-ex-share=link]").click()
        page.locator("[role=status]").filter(has_text="Link kopiert").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == f"{SITE_URL}gemeinsam-gaertnern/#regeln"
        page.locator("#japan .ex-share__button").click()
        item = page.locator("#japan [data-ex-share=cite]")
        assert item.inner_text().startswith("Quellenangabe kopieren")
        item.click()
        page.locator("[role=status]").filter(has_text="Quellenangabe kopiert").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("Mustermann, Erika. 2024.") and "Ein Blick nach Japan" in copied
        assert f"{SITE_URL}gemeinsam-gaertnern/#japan" in copied
        assert errors == []
        assert axe_violations(page) == []
    finally:
        context.close()
