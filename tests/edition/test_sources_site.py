"""The built site: citations, sources panels, the bibliography page and its downloads."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import bibtexparser
import extruct
import pytest
import rispy
from bs4 import BeautifulSoup

from conftest import EDITION
from explainer.core.references import load_sources
from seed import SEED

DATA = Path(__file__).resolve().parents[2] / "docs" / "sources.yml"
BIBLIOGRAPHY = "/sources/"


@pytest.fixture(scope="module")
def sources():
    return load_sources(DATA)[0]


def markers(site, url):
    return site.content(url).select("a.ex-cite[data-cite]")


def panels(site, url):
    return site.soup(url).select("[data-sources-panel]")


def citing_urls(site):
    """Pages with citations of their own (the print page gathers other pages' citations)."""
    gathering = set(gathering_urls(site))
    return [url for url in site.article_urls if markers(site, url) and url not in gathering]


def gathering_urls(site):
    """Pages made of other pages (the print page): one numbering and one bibliography."""
    return [url for url in site.article_urls if site.content(url).select_one("section.ex-print__chapter")]


def resolve(site, base: str, href: str):
    """The page and element a link points to, or (None, None)."""
    target = urlsplit(urljoin(f"http://site{base}", href))
    page = site.page_files.get(target.path)
    if page is None:
        return None, None
    return target.path, (site.soup(target.path).find(id=target.fragment) if target.fragment else True)


# ---------------------------------------------------------------------------
# The citations the article implies are in place, beside the author's words
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, words, key",
    [
        ("/origins/", "(Samantha Hoffman, 12/2017)", "hoffman-2017"),
        ("/origins/", "So, states the planning outline", "state-council-2014"),
        ("/conclusions/", "Stelly and Yang (2006)", "stalley-yang-2006"),
        ("/conclusions/", "(The Banality of Evil, 1968)", "arendt-1963"),
        ("/social-goals/", "like the heroes of the past in posters around town", "mistreanu-2018"),
        ("/social-goals/", "According to the government’s planning outline", "state-council-2014"),
        ("/what-is-social-credit/", "on the Chinese government's planning outline", "state-council-2014"),
        ("/", "in the short time between 2014 and 2020", "state-council-2014"),
        ("/consequences/", "The protagonist in his book: Qualityland", "kling-2017"),
    ],
)
def test_citation_follows_the_authors_words(site, url, words, key):
    for marker in markers(site, url):
        before = "".join(marker.find_all_previous(string=True, limit=12)[::-1])
        if key in marker["data-cite"].split() and " ".join(before.split()).endswith(words):
            return
    pytest.fail(f"{url}: no citation of {key} right after {words!r}")


def test_the_authors_text_is_unchanged_around_citations(site):
    """Removing the markers gives back the article's own sentences."""
    seed = " ".join(SEED.read_text("utf-8").split())
    for url in citing_urls(site):
        for marker in markers(site, url):
            if marker.find_parent(class_="admonition"):
                continue  # an editorial note: this edition's words, not the author's
            heading = marker.find_previous(["h1", "h2"])
            if heading is not None and "ex-edition" in heading.get("class", []):
                continue  # a section or page this edition wrote
            paragraph = copy.copy(marker.find_parent("p"))  # the parsed page is shared: edit a copy
            for other in paragraph.select("a.ex-cite"):
                other.extract()
            text = " ".join(paragraph.get_text().split())
            assert text[:60] in seed.replace("- ", ""), f"{url}: {text[:60]!r} is not the author's text"


# ---------------------------------------------------------------------------
# Each citing page has one panel listing exactly what it cites
# ---------------------------------------------------------------------------


def test_citing_pages(site):
    assert {"/", "/origins/", "/what-is-social-credit/", "/economic-goals/", "/social-goals/",
            "/consequences/", "/conclusions/"} <= set(citing_urls(site))


def test_exactly_one_panel_on_each_page_that_cites_and_none_elsewhere(site):
    for url in set(site.article_urls) - set(gathering_urls(site)):
        listed = site.soup(url).select("[data-sources-panel] li")
        expected = 1 if markers(site, url) or listed else 0
        assert len(panels(site, url)) == expected, url


def test_every_citation_links_to_its_entry_in_the_pages_panel(site):
    for url in citing_urls(site):
        (panel,) = panels(site, url)
        for marker in markers(site, url):
            assert marker["href"].startswith("#")
            entry = panel.find(id=marker["href"][1:])
            assert entry is not None and entry.name == "li", f"{url}: {marker['href']}"
            assert entry["id"] == f"ex-source-{marker['data-cite'].split()[0]}"


def test_citations_on_a_page_gathering_chapters_resolve_to_its_numbered_bibliography(site):
    """On paper a reader looks [7] up in one list, on the same page, numbered in order."""
    assert gathering_urls(site)
    for url in gathering_urls(site):
        content = site.content(url)
        items = content.select("li.ex-bibliography__item")
        numbers = {item["id"]: item.select_one(".ex-bibliography__number").get_text() for item in items}
        assert list(numbers.values()) == [f"[{n}]" for n in range(1, len(items) + 1)]
        assert markers(site, url)
        for marker in markers(site, url):
            target, first = marker["href"], marker["data-cite"].split()[0]
            assert target.startswith("#") and target[1:] in numbers, target
            prefix = target[1:].removesuffix(first)
            shown = [(span["data-cite-key"], span.get_text()) for span in marker.select(".ex-cite__number")]
            assert shown and all(f"[{number}]" == numbers[prefix + key] for key, number in shown), shown


def test_panel_numbers_works_by_first_citation_and_matches_the_markers(site):
    for url in citing_urls(site):
        order = list(dict.fromkeys(key for m in markers(site, url) for key in m["data-cite"].split()))
        entries = panels(site, url)[0].select("li.ex-sources__item")
        cited = [e["id"].removeprefix("ex-source-") for e in entries if e.select("a.ex-sources__backref")]
        assert cited == order, url
        assert [int(e["value"]) for e in entries] == list(range(1, len(entries) + 1))
        for marker in markers(site, url):
            numbers = [int(n) for n in re.findall(r"(?:^\[|; )(\d+)", marker.get_text())]
            assert numbers == [order.index(k) + 1 for k in marker["data-cite"].split()], marker


def test_panel_lists_exactly_the_cited_and_front_matter_works(site):
    front_matter = {"/economic-goals/": {"meissner-2017"}, "/conclusions/": {"hoffman-2018"}}
    for url in citing_urls(site):
        cited = {key for m in markers(site, url) for key in m["data-cite"].split()}
        listed = {e["id"].removeprefix("ex-source-") for e in panels(site, url)[0].select("li")}
        assert listed == cited | front_matter.get(url, set()), url


def test_panel_back_links_return_to_each_citation(site):
    for url in citing_urls(site):
        content = site.content(url)
        for entry in panels(site, url)[0].select("li"):
            key = entry["id"].removeprefix("ex-source-")
            backrefs = [a["href"][1:] for a in entry.select("a.ex-sources__backref")]
            citing = [m["id"] for m in markers(site, url) if key in m["data-cite"].split()]
            assert backrefs == citing, (url, key)
            assert all(content.find(id=i) for i in backrefs)


def test_panel_entries_show_kind_reference_bibliography_link_and_coins(site, sources):
    for url in citing_urls(site):
        for entry in panels(site, url)[0].select("li"):
            key = entry["id"].removeprefix("ex-source-")
            assert entry.select_one(".ex-sources__kind").get_text(strip=True) == sources[key].kind
            # The title, its own quotation marks aside (the style writes them nested as it wants).
            unquoted = str.maketrans("", "", "“”‘’„‚\"")
            assert (sources[key].item["title"].split(":")[0][:20].lower().translate(unquoted)
                    in entry.get_text().lower().translate(unquoted))
            (full,) = [a for a in entry.select("a") if a.get_text(strip=True) == "Full entry"]
            assert resolve(site, url, full["href"]) == (BIBLIOGRAPHY, site.soup(BIBLIOGRAPHY).find(id=key))
            assert entry.select_one("span.Z3988")["title"].startswith("ctx_ver=Z39.88-2004")


def test_each_citation_has_its_tooltip_body_once(site):
    for url in citing_urls(site):
        content = site.content(url)
        for marker in markers(site, url):
            assert marker["aria-describedby"] == marker["data-tip"]
            (body,) = content.select(f'[id="{marker["data-tip"]}"]')
            assert body["role"] == "tooltip" and body.has_attr("hidden") and "ex-tip" in body["class"]


def test_search_does_not_index_tooltip_bodies(site):
    """A search for a reference finds the sources page, not every page that cites the work."""
    index = json.loads((site.folder / "search" / "search_index.json").read_text("utf-8"))
    for url in citing_urls(site):
        indexed = " ".join(e["text"] for e in index["docs"] if "/" + e["location"].split("#")[0] == url)
        bodies = site.content(url).select(".ex-tip--cite .ex-cite-tip__reference")
        assert bodies and indexed
        for body in bodies:
            assert body.get_text(" ", strip=True)[:60] not in indexed, url


def test_panel_sits_after_the_text_in_reading_order(site):
    soup = site.soup("/origins/")
    order = {id(element): number for number, element in enumerate(soup.find_all(True))}
    panel, text = soup.select_one("[data-sources-panel]"), soup.select_one(".md-content__inner")
    assert order[id(panel)] > order[id(text)]


# ---------------------------------------------------------------------------
# The bibliography page and its downloads
# ---------------------------------------------------------------------------


def test_bibliography_lists_every_work_alphabetically(site, sources):
    items = site.content(BIBLIOGRAPHY).select("li.ex-bibliography__item")
    assert [i["id"] for i in items] == [s.key for s in sorted(sources.values(), key=lambda s: s.sort_key)]
    families = [i.select_one(".ex-bibliography__reference").get_text()[:3] for i in items]
    assert families == sorted(families, key=str.casefold)
    for item in items:
        assert item.select_one(".ex-sources__kind").get_text(strip=True) == sources[item["id"]].kind
        assert item.select_one("span.Z3988")


def _search_text(site, path: str) -> str:
    """What the search index holds of one page (its sections' titles and texts), as read."""
    index = json.loads((site.folder / "search" / "search_index.json").read_text("utf-8"))
    docs = [doc for doc in index["docs"] if doc["location"].split("#")[0] == path]
    text = " ".join(BeautifulSoup(f"{doc['title']} {doc['text']}", "lxml").get_text(" ") for doc in docs)
    return text.replace("\u200b", "")  # where the search plugin cut Chinese into words


def test_search_indexes_every_work_of_the_bibliography_once(site, sources):
    """A reader who searches for an author, a title or a note's words finds the bibliography;
    the page itself shows each work once (what search was given has left the page)."""
    indexed = " ".join(_search_text(site, BIBLIOGRAPHY.strip("/") + "/").split())
    page_text = " ".join(site.content(BIBLIOGRAPHY).get_text().split())
    items = site.content(BIBLIOGRAPHY).select("li.ex-bibliography__item")
    assert len(items) == len(sources)
    for item in items:
        for part in item.select(".ex-bibliography__reference, .ex-bibliography__note"):
            shown = " ".join(part.get_text().split())
            assert shown in indexed, f"{item['id']}: not in the search index: {shown[:60]}"
            assert page_text.count(shown) == 1, f"{item['id']}: shown {page_text.count(shown)} times"
    assert "Cited in" not in indexed  # the links to citing pages would only be noise in results
    # Each work is a result of its own that opens at its entry.
    index = json.loads((site.folder / "search" / "search_index.json").read_text("utf-8"))
    located = {doc["location"] for doc in index["docs"]}
    assert {f"sources/#{item['id']}" for item in items} <= located


def test_every_work_with_an_address_links_to_it_in_the_bibliography_and_panels(site, sources):
    """A reader follows a work's URL or DOI from the bibliography and from a page's sources panel."""
    def wanted(key):
        item = sources[key].item
        return {item.get("URL"), "https://doi.org/" + item["DOI"] if "DOI" in item else None} - {None}

    for item in site.content(BIBLIOGRAPHY).select("li.ex-bibliography__item"):
        hrefs = {a["href"] for a in item.select(".ex-bibliography__reference a.ex-url")}
        assert hrefs <= wanted(item["id"]) and bool(hrefs) == bool(wanted(item["id"])), item["id"]
    for url in citing_urls(site):
        for entry in site.soup(url).select("[data-sources-panel] li[id]"):
            key = entry["id"].removeprefix("ex-source-")
            hrefs = {a["href"] for a in entry.select("a.ex-url")}
            assert hrefs <= wanted(key) and bool(hrefs) == bool(wanted(key)), (url, key)


def test_the_articles_own_list_stays_visible(site):
    own = site.content(BIBLIOGRAPHY).find(id="literature")
    assert own is not None
    text = " ".join(own.find_next("ul").get_text().split())
    assert "Meissner, Miriam. China's Social Credit System. in: Merics China Monitor. May 24, 2017" in text


def test_cited_in_links_resolve_to_each_citing_section(site):
    cited_in = {}
    for item in site.content(BIBLIOGRAPHY).select("li.ex-bibliography__item"):
        links = item.select(".ex-bibliography__cited a")
        for link in links:
            page, element = resolve(site, BIBLIOGRAPHY, link["href"])
            assert page is not None and element, link["href"]
            cited_in.setdefault(item["id"], set()).add(page)
    for url in citing_urls(site):
        for key in {k for m in markers(site, url) for k in m["data-cite"].split()}:
            assert url in cited_in.get(key, set()), (key, url)
    assert any("#transparency" in a["href"] for a in site.content(BIBLIOGRAPHY).select(
        '[id="kling-2017"] .ex-bibliography__cited a'))


@pytest.mark.parametrize("label", ["BibTeX", "RIS", "CSL-JSON"])
def test_downloads_hold_every_work(site, sources, label):
    (link,) = [a for a in site.content(BIBLIOGRAPHY).select("a.ex-bibliography__download")
               if a.get_text(strip=True) == label]
    path = site.folder / urlsplit(urljoin(f"http://site{BIBLIOGRAPHY}", link["href"])).path.lstrip("/")
    text = path.read_text("utf-8")
    if label == "BibTeX":
        keys = [entry.key for entry in bibtexparser.parse_string(text).entries]
    elif label == "RIS":
        keys = [record["id"] for record in rispy.loads(text)]
    else:
        keys = [item["id"] for item in json.loads(text)]
    assert sorted(keys) == sorted(sources)


def test_sources_data_file_is_not_published(site):
    assert not (site.folder / "sources.yml").exists()


# ---------------------------------------------------------------------------
# The article's citation metadata on every page
# ---------------------------------------------------------------------------


def test_every_article_page_names_the_original_work(site):
    for url in site.article_urls:
        head = site.soup(url).head
        meta = {m["name"]: m["content"] for m in head.select('meta[name^="citation_"]')}
        work = EDITION["article"]
        assert meta["citation_title"] == work["title"], url
        assert meta["citation_author"] == work["author_inverted"]
        assert meta["citation_publisher"] == work["publisher"]
        assert meta["citation_publication_date"] == "2018/07"
        assert head.select_one('link[rel="license"]')["href"] == work["licence_url"]
        data = extruct.extract(site.page_files[url].read_text("utf-8"), syntaxes=["json-ld"])["json-ld"]
        (article,) = [d for d in data if d.get("@type") == "Article"]
        assert article["author"][0]["name"] == work["author"]
        assert article["publisher"]["name"] == work["publisher"]
        assert article["datePublished"] == "2018-07"
        assert article["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"


def test_a_citations_preview_holds_its_reference(site):
    """The first citation of the page previews the State Council's plan (the preview's
    behaviour in the browser: tests/engine/test_citations_browser.py)."""
    content = site.soup("/social-goals/")
    marker = content.select_one("article a.ex-cite[data-cite]")
    tip = content.find(id=marker["data-tip"])
    assert "State Council of the People's Republic of China. 2014." in " ".join(tip.get_text().split())
