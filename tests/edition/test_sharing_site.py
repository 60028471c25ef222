"""Link previews, canonical addresses, paragraph anchors, "Cite this page" and the
whole-explainer page, read from the built site with real parsers."""

from __future__ import annotations

import collections
import io
import json
import re
from urllib.parse import urljoin

import extruct
import pytest
import yaml
from PIL import Image

from conftest import CONFIG, EDITION, ROOT, SITE_URL


def front_matter(src: str) -> dict:
    """A Markdown page's front matter; {} for a page that a hook generates (the glossary)."""
    path = ROOT / "docs" / src
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1]) if path.exists() else {}


def nav_sources() -> list[str]:
    return [entry if isinstance(entry, str) else next(iter(entry.values())) for entry in CONFIG["nav"]]


def url_of(src: str) -> str:
    return "/" if src == "index.md" else f"/{src.removesuffix('.md')}/"


CHAPTERS = [src for src in nav_sources() if front_matter(src).get("chapter") is True]


def open_graph(site, url: str) -> dict:
    html = site.page_files[url].read_text("utf-8")
    found = extruct.extract(html, base_url=urljoin(SITE_URL, url), syntaxes=["opengraph"], uniform=True)
    assert len(found["opengraph"]) == 1, f"{url}: expected one Open Graph object"
    return found["opengraph"][0]


def meta(site, url: str, **attrs) -> str | None:
    tags = site.soup(url).head.find_all("meta", attrs=attrs)
    assert len(tags) <= 1, f"{url}: {attrs} appears {len(tags)} times"
    return tags[0]["content"] if tags else None


# -- Link previews and canonical addresses ------------------------------------------


def test_the_article_has_chapters():
    assert len(CHAPTERS) >= 7 and CHAPTERS[0] == "index.md"


def test_every_page_has_exactly_one_canonical_link_to_its_published_address(site):
    for url in site.article_urls:
        links = site.soup(url).head.select("link[rel=canonical]")
        assert [link["href"] for link in links] == [urljoin(SITE_URL, url.lstrip("/"))], url


def test_every_page_has_a_complete_open_graph_preview(site):
    for url in site.article_urls:
        og = open_graph(site, url)
        assert og["og:url"] == urljoin(SITE_URL, url.lstrip("/")), url
        assert og["og:site_name"] == CONFIG["site_name"]
        assert og["@type"] in {"article", "website"}
        assert og["og:title"].strip() and og["og:image:alt"].strip(), url
        assert og["og:description"] == meta(site, url, name="description"), url
        assert og["og:image"].startswith(SITE_URL), url
        assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")


@pytest.mark.parametrize("src", [p.name for p in sorted((ROOT / "docs").glob("*.md"))])
def test_the_preview_description_is_the_one_written_for_the_page(site, src):
    description = front_matter(src).get("description")
    assert description, f"docs/{src}: no description in the front matter"
    og = open_graph(site, url_of(src))
    assert og["og:description"] == description.strip()
    assert og["og:title"] == (CONFIG["site_name"] if src == "index.md" else front_matter(src)["title"])


def test_descriptions_and_images_differ_from_page_to_page(site):
    previews = [open_graph(site, url) for url in site.article_urls]
    assert len({og["og:description"] for og in previews}) == len(previews)
    assert len({og["og:image"] for og in previews}) == len(previews)


def test_a_preview_image_is_named_after_its_page_and_what_it_shows(site):
    """A digest in the name: when the title changes, platforms fetch the new card (tests/edition/test_previews.py)."""
    for url in site.article_urls:
        stem = url.strip("/").replace("/", "-") or "home"
        assert re.fullmatch(rf"{SITE_URL}assets/previews/{stem}\.[0-9a-f]{{12}}\.png", open_graph(site, url)["og:image"])


def test_twitter_cards_repeat_the_open_graph_preview(site):
    for url in site.article_urls:
        og = open_graph(site, url)
        assert meta(site, url, name="twitter:card") == "summary_large_image"
        assert meta(site, url, name="twitter:title") == og["og:title"]
        assert meta(site, url, name="twitter:description") == og["og:description"]
        assert meta(site, url, name="twitter:image") == og["og:image"]
        assert meta(site, url, name="twitter:image:alt") == og["og:image:alt"]


def test_every_preview_image_is_a_real_image_in_the_site(site):
    pixels = set()
    for url in site.article_urls:
        path = site.folder / open_graph(site, url)["og:image"].removeprefix(SITE_URL)
        assert path.is_file(), f"{url}: preview image {path} missing"
        image = Image.open(io.BytesIO(path.read_bytes()))
        assert (image.format, image.size) == ("PNG", (1200, 630))
        assert len(image.convert("L").getcolors(65536)) > 10, f"{url}: preview has no drawing on it"
        pixels.add(image.tobytes())
    assert len(pixels) == len(site.article_urls)  # one picture per page, not one for all


# -- Paragraph anchors ----------------------------------------------------------------


# What the page template puts around the text (overrides/partials/ex-article-*.html): not
# paragraphs of the text, without anchors; the print page leaves all but the standfirst out.
ARTICLE_PARTS = {"ex-kicker", "ex-standfirst", "ex-byline", "ex-dated"}


def text_paragraphs(content) -> list:
    return [p for p in content.find_all("p", recursive=False) if ARTICLE_PARTS.isdisjoint(p.get("class", []))]


@pytest.mark.parametrize("src", CHAPTERS)
def test_chapter_paragraphs_have_anchors_numbered_within_their_section(site, src):
    content = site.content(url_of(src))
    section, number, seen = None, 0, 0
    for element in content.find_all(["h1", "h2", "h3", "h4", "p"], recursive=False):
        if element.name != "p":
            section, number = element.get("id"), 0
        elif ARTICLE_PARTS.isdisjoint(element.get("class", [])):
            number += 1
            seen += 1
            assert element.get("id") == f"{section}-{number}", element.get_text()[:60]
            assert element.select_one(f"a.headerlink[href='#{section}-{number}']"), element["id"]
    assert seen >= 1


def test_a_paragraph_anchor_names_the_paragraph_a_reader_expects(site):
    paragraph = site.content(EDITION["page"]).find(id=EDITION["paragraph"])
    assert paragraph.get_text().startswith("Researchers have always encountered")


def test_pages_that_are_not_chapters_have_no_paragraph_anchors(site):
    for src in nav_sources():
        if src not in CHAPTERS:
            assert site.content(url_of(src)).select("p > a.ex-para-link") == [], src


# -- Cite this page --------------------------------------------------------------------


@pytest.mark.parametrize("src", CHAPTERS)
def test_every_chapter_ends_with_cite_this_page(site, src):
    content = site.content(url_of(src))
    block = content.select_one(".ex-cite-page")
    assert block is not None and block.h2.get_text() == "Cite this page"
    texts = [p.get_text() for p in block.select(".ex-cite-page__text")]
    assert len(texts) >= 2
    assert all("Klabisch" in text and urljoin(SITE_URL, url_of(src).lstrip("/")) in text for text in texts)
    assert [b["data-ex-copy"] for b in block.select("button")] == [p["id"] for p in block.select(".ex-cite-page__text")]
    sections = json.loads(block.select_one("script#ex-section-citations").string)
    assert sections["styles"] == [label.get_text() for label in block.select(".ex-cite-page__label")]
    for id, cited in sections["sections"].items():
        heading = content.find(id=id)
        assert heading is not None and heading.name in ("h2", "h3"), (src, id)
        assert len(cited) == len(sections["styles"])
        assert all("Klabisch" in text and f"#{id}" in text for text in cited)
    assert block.select_one("a[href='../print/'], a[href='print/']"), "no way to the printable page"


def test_sections_this_edition_wrote_offer_no_citation_of_the_author(site):
    home = site.content("/")
    sections = json.loads(home.select_one("script#ex-section-citations").string)["sections"]
    assert "ex-edition" in home.find(id="reading-guide")["class"]
    assert "reading-guide" not in sections
    consequences = json.loads(site.content("/consequences/").select_one("script#ex-section-citations").string)
    assert set(consequences["sections"]) == {
        h["id"] for h in site.content("/consequences/").select("h2[id], h3[id]") if not h["id"].startswith("ex-")}


def test_search_does_not_offer_cite_this_page_in_every_chapter(site):
    index = json.loads((site.folder / "search" / "search_index.json").read_text("utf-8"))
    assert [e["location"] for e in index["docs"] if e["title"] == "Cite this page"] == []
    assert [e for e in index["docs"] if "ex-cite-page" in e["location"]] == []


def test_pages_that_are_not_chapters_have_no_citation_block(site):
    for src in nav_sources():
        if src not in CHAPTERS:
            assert site.content(url_of(src)).select(".ex-cite-page") == [], src


# -- The whole explainer on one page ---------------------------------------------------


@pytest.fixture(scope="module")
def print_page(site):
    return site.content("/print/")


def test_the_print_page_has_every_page_of_the_navigation_in_order(site, print_page):
    sections = print_page.select("section.ex-print__chapter")
    expected = [site.content(url_of(src)).h1.get_text() for src in nav_sources()]
    assert [section.h1.get_text() for section in sections] == expected


def text_without_citations(paragraph) -> str:
    """The paragraph's text without citation markers (the print page numbers them its own way)."""
    return "".join(node for node in paragraph.find_all(string=True) if not node.find_parent("a", class_="ex-cite"))


def test_the_print_page_holds_each_page_text_once_in_the_pages_order(site, print_page):
    sections = print_page.select("section.ex-print__chapter")
    for src, section in zip(nav_sources(), sections, strict=True):
        page_text = [text_without_citations(p) for p in text_paragraphs(site.content(url_of(src)))]
        printed = [text_without_citations(p) for p in text_paragraphs(section)]
        assert printed == page_text, src
    # Glossary facts ("Appears in: ...") may read the same for two terms found in the same places.
    everything = [p.get_text() for s in sections for p in s.find_all("p", recursive=False)
                  if len(p.get_text()) > 80 and "ex-glossary__fact" not in p.get("class", [])]
    assert len(everything) == len(set(everything)), "a paragraph is printed twice"


def test_the_print_page_has_no_duplicate_ids_and_no_broken_inner_links(site):
    soup = site.soup("/print/")
    ids = collections.Counter(element["id"] for element in soup.find_all(id=True))
    assert [i for i, count in ids.items() if count > 1] == []
    inner = [a["href"][1:] for a in site.content("/print/").select("a[href^='#']")]
    assert inner and [target for target in inner if target not in ids] == []


def test_the_print_page_publishes_no_addresses_of_its_own(site):
    ids = [element["id"] for element in site.content("/print/").find_all(id=True)]
    assert ids and all(i.startswith("ex-") for i in ids)


def test_the_print_page_is_not_in_the_search_index(site):
    index = (site.folder / "search" / "search_index.json").read_text("utf-8")
    assert '"location":"print/' not in index.replace(" ", "")


# -- One page, one name ------------------------------------------------------------------


@pytest.mark.parametrize("src", [src for src in nav_sources() if src != "index.md"])
def test_a_page_has_one_name_in_the_navigation_tab_preview_and_heading(site, src):
    """The home page is named "Home" in the navigation and the site's name elsewhere."""
    url = url_of(src)
    soup = site.soup(url)
    heading = soup.select_one("article h1").get_text().replace("¶", "").strip()
    in_nav = [a.get_text(" ", strip=True) for a in soup.select(".md-nav--primary a.md-nav__link--active")]
    tab = soup.title.get_text().removesuffix(f" - {CONFIG['site_name']}")
    preview = soup.find("meta", property="og:title")["content"]
    image_alt = soup.find("meta", property="og:image:alt")["content"]
    assert {heading, tab, preview, *in_nav} == {heading}, src
    assert image_alt.startswith(f"{heading} – ")


def test_the_print_page_opens_with_title_licence_address_and_contents(site, print_page):
    cover = print_page.select_one(".ex-print__cover")
    assert cover.h1.get_text() == CONFIG["site_name"]
    licence = cover.select_one(".ex-print__licence a[href]")
    assert licence["href"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert cover.select_one(f'a[href="{SITE_URL}"]')
    contents = print_page.select(".ex-print__contents li a")
    sections = print_page.select("section.ex-print__chapter")
    assert [a["href"] for a in contents] == ["#" + section["id"] for section in sections]
    headings = [section.h1.find(string=True, recursive=False) for section in sections]
    assert [a.get_text() for a in contents] == headings


def test_screen_instructions_are_marked_for_print_to_leave_out(site):
    """The reading guide's "Underlined terms open a short definition" is about the screen."""
    marked = [p.get_text() for p in site.content("/").select(".ex-screen-only")]
    assert any("Underlined terms open a short definition" in text for text in marked)


def test_search_engines_list_the_chapters_not_the_print_page_that_repeats_them(site):
    """Another page a search engine could take for the article: /print/ says noindex, is left
    out of the sitemap, and its canonical address is its own; every other page is listed."""
    sitemap = set(re.findall(r"<loc>([^<]+)</loc>", (site.folder / "sitemap.xml").read_text("utf-8")))
    for url in site.article_urls:
        robots = site.soup(url).find("meta", attrs={"name": "robots"})
        canonical = site.soup(url).find("link", rel="canonical")["href"]
        assert canonical == SITE_URL + url.lstrip("/"), url
        if url == "/print/":
            assert robots["content"] == "noindex, follow" and SITE_URL + "print/" not in sitemap
        else:
            assert robots is None and SITE_URL + url.lstrip("/") in sitemap, url
