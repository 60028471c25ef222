"""What this edition adds rests on works that `docs/sources.yml` defines.

Editorial notes cite with `[@key]`; glossary entries list keys under `sources:`. A key
that `sources.yml` does not define would send NGO staff quoting the site to a reference
that is not there, and a note or entry that cites nothing cannot be checked at all. The
page "What has changed since 2018" cites a source in every section and every point.
Glossary definitions are read in tooltips, so they stay short. The About page lists, with
dates, what this edition has corrected.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from conftest import EDITION, ROOT
from explainer.core.references import load_sources
from explainer.glossary.data import load_glossary
from explainer.sources.citations import CITATION_PATTERN, parse_citation

DOCS = ROOT / "docs"
NOTE_START = re.compile(r'^(?P<indent>[ \t]*)!!! note "Editorial note"\s*$')
CITATION = re.compile(CITATION_PATTERN)
# A tooltip is read in passing: a definition longer than this belongs on a page of its own.
TOOLTIP_WORDS = 60
UPDATES_PAGE = DOCS / "since-2018.md"


def editorial_notes(text: str) -> list[tuple[int, str]]:
    """The editorial notes of a Markdown page: (line number from 1, body text).

    A note is the admonition `!!! note "Editorial note"` and the lines indented under it
    (Python-Markdown's admonition syntax); blank lines inside it belong to it.
    """
    lines = text.splitlines()
    notes = []
    for number, line in enumerate(lines):
        start = NOTE_START.match(line)
        if not start:
            continue
        indent = len(start["indent"].expandtabs(4))
        body = []
        for following in lines[number + 1:]:
            if following.strip() and len(following.expandtabs(4)) - len(following.lstrip()) <= indent:
                break
            body.append(following)
        notes.append((number + 1, "\n".join(body)))
    return notes


def sections(text: str) -> list[tuple[str, str]]:
    """The sections of a Markdown page: (heading line, or "" for the text before the first
    `## ` heading; the text up to the next `## ` heading). Front matter is left out."""
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    found, heading, body = [], "", []
    for line in text.splitlines():
        if line.startswith("## "):
            found.append((heading, "\n".join(body)))
            heading, body = line, []
        else:
            body.append(line)
    found.append((heading, "\n".join(body)))
    return found


def list_items(text: str) -> list[str]:
    """The top-level items of the Markdown lists in a text, each with its indented lines."""
    items: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith(("- ", "* ")):
            current = [line]
            items.append(current)
        elif current is not None and line.startswith("  ") and line.strip():
            current.append(line)
        elif line.strip():
            current = None  # a paragraph after the list ends it
    return [" ".join(part.strip() for part in item) for item in items]


def words(markdown_text: str) -> int:
    """The number of words a reader sees: a link counts by its text, not its address."""
    return len(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text).split())


def cited_keys(text: str) -> list[str]:
    """The source keys of every `[@key]` citation in a Markdown text, in order."""
    keys = []
    for match in CITATION.finditer(text):
        for item in parse_citation(match.group(1)) or []:
            keys.append(item.key)
    return keys


SOURCES = set(load_sources(DOCS / "sources.yml")[0])
NOTES = [(path.name, line, body) for path in sorted(DOCS.glob("*.md"))
         for line, body in editorial_notes(path.read_text("utf-8"))]
GLOSSARY = load_glossary(DOCS / "glossary.yml")[0]
UPDATE_SECTIONS = sections(UPDATES_PAGE.read_text("utf-8"))
UPDATE_POINTS = [(heading, item) for heading, body in UPDATE_SECTIONS for item in list_items(body)]


@pytest.mark.parametrize("page, line, body", NOTES, ids=[f"{page}:{line}" for page, line, _ in NOTES])
def test_editorial_notes_cite_only_defined_sources(page, line, body):
    unknown = [key for key in cited_keys(body) if key not in SOURCES]
    assert not unknown, f"docs/{page}:{line}: editorial note cites {unknown}, not in sources.yml"


@pytest.mark.parametrize("term", GLOSSARY.terms, ids=lambda term: term.id)
def test_glossary_entries_cite_only_defined_sources(term):
    unknown = [key for key in term.sources if key not in SOURCES]
    assert not unknown, f"glossary entry '{term.id}' cites {unknown}, not in sources.yml"


@pytest.mark.parametrize("page, line, body", NOTES, ids=[f"{page}:{line}" for page, line, _ in NOTES])
def test_every_editorial_note_cites_a_source(page, line, body):
    assert cited_keys(body), f"docs/{page}:{line}: editorial note cites no source"


@pytest.mark.parametrize("term", GLOSSARY.terms, ids=lambda term: term.id)
def test_every_glossary_entry_cites_a_source(term):
    assert term.sources, f"glossary entry '{term.id}' cites no source (add `sources:` from sources.yml)"


@pytest.mark.parametrize("term", GLOSSARY.terms, ids=lambda term: term.id)
def test_every_definition_fits_a_tooltip(term):
    assert words(term.definition) <= TOOLTIP_WORDS, (
        f"glossary entry '{term.id}': {words(term.definition)} words, more than {TOOLTIP_WORDS} for a tooltip")


@pytest.mark.parametrize("heading, body", UPDATE_SECTIONS,
                         ids=[heading[3:40] or "introduction" for heading, _ in UPDATE_SECTIONS])
def test_every_section_of_the_update_page_cites_a_source(heading, body):
    assert cited_keys(body), f"{UPDATES_PAGE.name}: section {heading or '(introduction)'!r} cites no source"


@pytest.mark.parametrize("heading, item", UPDATE_POINTS, ids=[item[:40] for _, item in UPDATE_POINTS])
def test_every_point_of_the_update_page_cites_a_source(heading, item):
    assert cited_keys(item), f"{UPDATES_PAGE.name}: a point under {heading!r} cites no source: {item[:60]}"


def test_the_update_page_is_dated_and_its_headings_have_addresses():
    """A reader learns how current the page is; every heading has an explicit id to link to."""
    text = UPDATES_PAGE.read_text("utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings and all(re.search(r"\{#[a-z0-9-]+[ }]", line) for line in headings), headings
    assert "as of December 2026" in text


def test_the_checks_above_have_something_to_check():
    """Notes, entries and the update page's sections and points are found."""
    assert len(NOTES) >= 8
    counts = EDITION["counts"]
    assert len(GLOSSARY.terms) >= counts["glossary_terms"]
    assert len(UPDATE_SECTIONS) >= counts["update_sections"] and len(UPDATE_POINTS) >= counts["update_points"]


@pytest.mark.parametrize("text, count", [
    ("A [linked term](origins.md#heading-id) and *emphasis*.", 5),
    ("   Spread   over\n    lines.  ", 3),
    ("", 0),
])
def test_words_are_counted_as_a_reader_sees_them(text, count):
    assert words(text) == count


def test_sections_and_points_are_found():
    page = ("---\ntitle: T\n---\n\n# T {#t}\n\nIntro [@a].\n\n## One {#one}\n\n- First [@b],\n"
            "  continued.\n- Second.\n\nAfter.\n\n## Two {#two}\n\nText.\n")
    found = sections(page)
    assert [heading for heading, _ in found] == ["", "## One {#one}", "## Two {#two}"]
    assert [cited_keys(body) for _, body in found] == [["a"], ["b"], []]
    assert list_items(found[1][1]) == ["- First [@b], continued.", "- Second."]
    assert list_items("- A\n  b\nNot in the list.\n  indented, not in it either\n") == ["- A b"]


@pytest.mark.parametrize("text, notes, keys", [
    ('Text [@a].\n\n!!! note "Editorial note"\n\n    A fact [@b; @c, p. 4].\n\nMore [@d].\n',
     [3], ["b", "c"]),
    ('!!! note "Editorial note"\n    One [@x].\n\n    Two [@y].\n!!! note "Editorial note"\n    Three.\n',
     [1, 5], ["x", "y"]),
    ('!!! note "Something else"\n\n    Not ours [@z].\n', [], []),
    ('- item\n\n    !!! note "Editorial note"\n\n        Nested [@n].\n\n    Back in the item [@m].\n',
     [3], ["n"]),
])
def test_notes_and_their_citations_are_found(text, notes, keys):
    found = editorial_notes(text)
    assert [line for line, _ in found] == notes
    assert [key for _, body in found for key in cited_keys(body)] == keys


def test_an_unknown_key_in_a_note_is_reported(tmp_path):
    page = tmp_path / "page.md"
    page.write_text('# Page\n\n!!! note "Editorial note"\n\n    Wrong [@nobody-1999].\n', "utf-8")
    [(line, body)] = editorial_notes(page.read_text("utf-8"))
    assert line == 3 and [key for key in cited_keys(body) if key not in SOURCES] == ["nobody-1999"]


# -- the built site -----------------------------------------------------------------


def test_every_citation_in_a_note_leads_to_its_work(site):
    """A note's citation marker links to the work's entry, on the page or on the sources page."""
    checked = 0
    for url in site.article_urls:
        for note in site.content(url).select(".admonition"):
            for marker in note.select("a.ex-cite[data-cite]"):
                keys = marker["data-cite"].split()
                assert set(keys) <= SOURCES, f"{url}: a note cites {keys}, not all in sources.yml"
                target = urljoin(url, marker["href"])
                page, _, anchor = target.partition("#")
                assert site.soup(page).find(id=anchor), f"{url}: {marker['href']} leads nowhere"
                checked += 1
    assert checked >= 8


def test_the_update_page_is_linked_and_marked_as_the_editions(site):
    """About links to the page; its headings are the edition's (share: link only)."""
    about = site.content("/about/")
    assert about.find("a", href=re.compile(r"(^|/)since-2018/$")), "About links to the update page"
    headings = [heading for heading in site.content("/since-2018/").find_all(["h1", "h2"])
                if not heading.get("id", "").startswith("ex-")]  # not the sources panel's
    assert len(headings) >= 8
    assert all("ex-edition" in heading.get("class", []) for heading in headings)


# The home page and every chapter (front matter `chapter: true`), by address.
DATED_PAGES = ["/"] + sorted(
    f"/{path.stem}/" for path in DOCS.glob("*.md")
    if path.stem != "index" and re.search(r"^chapter: true$", path.read_text("utf-8"), re.M)
)


@pytest.mark.parametrize("url", DATED_PAGES)
def test_each_chapter_and_the_home_page_say_when_the_article_was_written(site, url):
    """One line: the article dates from July 2018, with a link to what has changed since."""
    dated = site.soup(url).select("p.ex-dated")
    assert len(dated) == 1, f"{url}: {len(dated)} lines saying when the article was written"
    assert "July 2018" in dated[0].get_text()
    link = dated[0].find("a")
    assert link is not None and urljoin(url, link["href"]) == "/since-2018/"


@pytest.mark.parametrize("url", ["/", EDITION["first_chapter"], EDITION["updates"]])
def test_the_footer_credits_the_article_not_the_tool(site, url):
    footer = " ".join(site.soup(url).select_one(".md-copyright").get_text(" ").split())
    article = EDITION["article"]
    assert article["author"] in footer and article["publisher"] in footer and article["licence"] in footer
    assert "What this edition changed" in footer
    assert "Made with" not in footer and "Material for MkDocs" not in footer


def test_the_about_page_lists_dated_corrections(site):
    section = site.content("/about/").find(id="corrections")
    assert section is not None and section.name == "h2"
    items = section.find_next("ul").find_all("li", recursive=False)
    assert len(items) >= 10
    for item in items:
        time = item.find("time")
        assert time is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", time["datetime"]), item.get_text()[:60]
        assert item.get_text(" ", strip=True).startswith(time.get_text(strip=True))
    dates = [item.find("time")["datetime"] for item in items]
    assert dates == sorted(dates, reverse=True), "newest first"
