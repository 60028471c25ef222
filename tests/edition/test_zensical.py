"""The site built with Zensical, Material's successor, which runs no MkDocs hooks.

Zensical is installed with the tests' dependencies (the `test` extra, as `make zensical` uses
it): the test runs the `zensical` command of its own environment on a copy of mkdocs.yml,
docs/ and overrides/ only, so the extensions must come from the installed package, not from
hooks/. `/origins/` is checked against the session's MkDocs build for every per-page feature
(term marks and tooltips, citations and their tooltips, paragraph anchors, the sources panel,
the meta tags), in the HTML and in Chromium. What needs the whole site and is missing there is
in the README ("Building with Zensical").
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import ROOT, serve_folder

PAGE = "/origins/"


def zensical_command() -> Path:
    """The `zensical` command installed beside this Python (the `test` extra pins it)."""
    command = Path(sys.executable).parent / "zensical"
    if not command.exists():
        pytest.fail(f"{command} is missing: install the tests' dependencies (`make`, the `test` extra)",
                    pytrace=False)
    return command


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The folder Zensical built from this repository's mkdocs.yml, docs/ and overrides/."""
    project = tmp_path_factory.mktemp("zensical-project")
    shutil.copy(ROOT / "mkdocs.yml", project)
    for folder in ("docs", "overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    result = subprocess.run([str(zensical_command()), "build", "--strict", "--clean"], cwd=project,
                            capture_output=True, text=True,
                            env={**os.environ, "EXPLAINER_CACHE_DIR": str(tmp_path_factory.mktemp("zensical-cache"))})
    if result.returncode != 0:
        pytest.fail(f"zensical build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return project / "site"


@functools.cache
def _soup(folder: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((folder / url.strip("/") / "index.html").read_text("utf-8"), "lxml")


def _article(folder: Path, url: str = PAGE):
    return _soup(folder, url).select_one("article.md-content__inner")


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


# ---------------------------------------------------------------------------
# What each builder shows of one page, as plain values
# ---------------------------------------------------------------------------


def terms(folder: Path) -> list[tuple]:
    article = _article(folder)
    return [(a["data-term"], _text(a), a["href"], a["data-tip"]) for a in article.select("a.ex-term")]


def citations(folder: Path) -> list[tuple]:
    article = _article(folder)
    return [(a["id"], a["data-cite"], _text(a), a["href"], a["data-tip"]) for a in article.select("a.ex-cite")]


def tooltips(folder: Path) -> dict[str, str]:
    return {tip["id"]: _text(tip) for tip in _soup(folder, PAGE).select('.ex-tip[role="tooltip"]')}


def tooltip_links(folder: Path) -> dict[str, list[str]]:
    return {tip["id"]: [a["href"] for a in tip.select("a[href]")]
            for tip in _soup(folder, PAGE).select('.ex-tip[role="tooltip"]')}


def paragraph_anchors(folder: Path) -> list[str]:
    return [p["id"] for p in _article(folder).select("p[id]") if p.select_one("a.ex-para-link")]


def sources_panel(folder: Path) -> list[tuple]:
    return [
        (item["id"], item["value"], _text(item.select_one(".ex-sources__kind")),
         _text(item.select_one(".ex-sources__reference")),
         [a["href"] for a in item.select(".ex-sources__links a")], item.select_one(".Z3988")["title"])
        for item in _soup(folder, PAGE).select("[data-sources-panel] li")
    ]


def meta_tags(folder: Path) -> dict[str, list[str]]:
    head = _soup(folder, PAGE).head
    tags: dict[str, list[str]] = {}
    for tag in head.find_all("meta"):
        name = tag.get("property") or tag.get("name") or ""
        if name.startswith(("og:", "twitter:", "citation_")) and "image" not in name:
            tags.setdefault(name, []).append(tag["content"])
    tags["license"] = [link["href"] for link in head.select('link[rel="license"]')]
    tags["json-ld"] = [json.dumps(json.loads(s.string), sort_keys=True)
                       for s in head.select('script[type="application/ld+json"]')]
    return tags


# ---------------------------------------------------------------------------
# The same per-page features as under MkDocs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("view", [terms, citations, tooltips, paragraph_anchors, sources_panel],
                         ids=lambda view: view.__name__)
def test_origins_has_what_mkdocs_builds(site, zensical_site, view):
    ours = view(zensical_site)
    assert ours, f"no {view.__name__} on {PAGE}"
    assert ours == view(site.folder)


def test_tooltip_links_lead_to_the_same_places(site, zensical_site):
    # MkDocs' hook writes final URLs, Zensical rewrites links to Markdown files: same address.
    ours, theirs = tooltip_links(zensical_site), tooltip_links(site.folder)
    assert ours.keys() == theirs.keys()
    base = "https://example.invalid" + PAGE
    assert {k: [urljoin(base, h) for h in v] for k, v in ours.items()} == \
        {k: [urljoin(base, h) for h in v] for k, v in theirs.items()}


def test_origins_meta_tags_match_mkdocs_but_for_the_preview_image(site, zensical_site):
    ours, theirs = meta_tags(zensical_site), meta_tags(site.folder)
    theirs["twitter:card"] = ["summary"]  # no preview image is drawn under Zensical
    assert ours["og:title"] and ours["citation_title"] and ours["json-ld"]
    assert ours == theirs


def article_head(folder: Path, url: str) -> dict[str, list]:
    """What a reader sees around a page's title and at its end: "Chapter n of N · n min
    read", the title, the standfirst, the byline, the line on what has changed since (with
    the address it links to), and the way on to the next chapter with its reading time."""
    article = _article(folder, url)

    def texts(selector: str) -> list[str]:
        return [_text(element) for element in article.select(selector)]

    return {
        "kicker": texts(".ex-kicker"),
        "title": texts("h1"),
        "standfirst": texts(".ex-standfirst"),
        "byline": texts(".ex-byline"),
        "dated": [(_text(p), urljoin("https://example.invalid" + url, p.a["href"])) for p in article.select(".ex-dated")],
        "next": texts(".ex-next__label, .ex-next__time"),
        "contents": texts(".ex-contents__meta"),
    }


@pytest.mark.parametrize(("url", "chapter"), [("/origins/", True), ("/conclusions/", True), ("/", False),
                                              ("/about/", False)])
def test_a_page_has_the_same_head_as_under_mkdocs(site, zensical_site, url, chapter):
    ours = article_head(zensical_site, url)
    assert ours == article_head(site.folder, url)
    if chapter:  # the head is there, with its reading time counted from the page's text
        assert ours["kicker"] and ours["standfirst"] and ours["byline"] and ours["dated"]
        assert not ours["kicker"][0].endswith(" 1 min read"), ours["kicker"]


# ---------------------------------------------------------------------------
# Nothing silent: no raw citation, no dead navigation, no data file published
# ---------------------------------------------------------------------------


def _pages(folder: Path) -> list[str]:
    return sorted("/" + p.parent.relative_to(folder).as_posix().removeprefix(".") + "/"
                  for p in folder.rglob("index.html"))


def test_no_page_publishes_a_raw_citation(zensical_site):
    raw = {url: _text(_article(zensical_site, url)) for url in _pages(zensical_site)}
    assert {url: text for url, text in raw.items() if "[@" in text} == {}


def test_every_navigation_link_leads_to_a_page(zensical_site):
    dead = set()
    for url in _pages(zensical_site):
        for link in _soup(zensical_site, url).select("nav a[href]"):
            href = link["href"].split("#")[0]
            if not href or href.startswith(("http:", "https:")):
                continue
            target = (zensical_site / url.strip("/") / href).resolve()
            if not (target / "index.html").is_file() and not target.is_file():
                dead.add(link["href"])
    assert dead == set()


def test_data_files_are_not_published(zensical_site):
    assert sorted(p.name for p in zensical_site.rglob("*.yml")) == []


def test_glossary_and_bibliography_pages_have_every_entry(site, zensical_site):
    for url, selector in (("/glossary/", "article h2[id]"), ("/sources/", ".ex-bibliography__item")):
        ours = [e["id"] for e in _soup(zensical_site, url).select(selector)]
        assert ours and ours == [e["id"] for e in _soup(site.folder, url).select(selector)], url


# ---------------------------------------------------------------------------
# In Chromium
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def zensical_url(zensical_site):
    with serve_folder(zensical_site) as url:
        yield url


@pytest.fixture(scope="module")
def zensical_page(browser):
    """One browser page for the browser tests of the Zensical build, with the errors its
    documents raise (a browser context costs a process of its own); sized by each test."""
    context = browser.new_context()
    watch = SimpleNamespace(page=context.new_page(), errors=[])
    watch.page.on("pageerror", lambda error: watch.errors.append(str(error)))
    yield watch
    context.close()


TIPS = [  # (what is focused, the tooltip it opens)
    ('a.ex-term[data-term="schufa"]', "#ex-tip-term-schufa"),
    ("a.ex-cite#ex-cite-1", "#ex-tip-cite-1"),
]


@pytest.mark.browser
def test_a_tooltip_opens_on_keyboard_focus(zensical_page, zensical_url, site):
    """A term's and a citation's, one after the other on one page load."""
    page, errors = zensical_page.page, zensical_page.errors
    # Narrower than the margin (960px), where a citation opens its tooltip instead of
    # pointing out its source beside the text.
    page.set_viewport_size({"width": 768, "height": 1024})
    errors.clear()
    page.goto(zensical_url + PAGE)
    for trigger, tip in TIPS:
        expect(page.locator(tip), f"{tip} before {trigger} is focused").to_be_hidden()
        page.locator(trigger).first.focus()
        expect(page.locator(tip), f"{tip} once {trigger} is focused").to_be_visible()
        # The same text as the MkDocs build's tooltip (whitespace aside).
        expected = "".join(_soup(site.folder, PAGE).select_one(tip).get_text().split())
        assert "".join(page.locator(tip).evaluate("tip => tip.textContent").split()) == expected, tip
        page.keyboard.press("Escape")
        expect(page.locator(tip), f"{tip} after Escape").to_be_hidden()
    assert errors == []


SEARCHES = [  # (viewport, page, the control that opens the search)
    ({"width": 1280, "height": 800}, PAGE, "[data-md-component=search] :is(input, button)"),  # the header's field
    ({"width": 390, "height": 844}, "/404.html", "[data-ex-search]"),  # the "page not found" page's Search button
]


@pytest.mark.browser
def test_the_search_fits_in_the_header_and_finds_a_term(zensical_page, zensical_url):
    """Zensical's search needs its own markup: with Material's, the header on a laptop was three
    lines tall, a bare search field, its icons and "Initializing search" stacked in it. On a
    laptop from the header's field, on a phone from the "page not found" page's button."""
    page = zensical_page.page
    for viewport, url, control in SEARCHES:
        page.set_viewport_size(viewport)
        page.goto(zensical_url + url)
        expect(page.get_by_text("Initializing search"), url).to_be_hidden()
        assert page.locator(".md-header").bounding_box()["height"] <= 64, url
        opener = page.locator(control).locator("visible=true").first
        expect(opener, f"{control} on {url}").to_be_visible()  # (the script shows the Search button)
        opener.focus()
        page.keyboard.press("Enter")
        page.keyboard.type("Schufa")
        expect(page.locator("a[href*='/glossary/'][href$='#schufa']").first, f"a result on {url}").to_be_visible()
