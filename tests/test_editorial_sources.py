"""What this edition adds cites only works that `docs/sources.yml` defines.

Editorial notes cite with `[@key]`; glossary entries list keys under `sources:`. A key
that `sources.yml` does not define would send NGO staff quoting the site to a reference
that is not there. The About page lists, with dates, what this edition has corrected.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from conftest import ROOT
from explainer.core.references import load_sources
from explainer.glossary.data import load_glossary
from explainer.sources.citations import CITATION_PATTERN, parse_citation

DOCS = ROOT / "docs"
NOTE_START = re.compile(r'^(?P<indent>[ \t]*)!!! note "Editorial note"\s*$')
CITATION = re.compile(CITATION_PATTERN)


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


@pytest.mark.parametrize("page, line, body", NOTES, ids=[f"{page}:{line}" for page, line, _ in NOTES])
def test_editorial_notes_cite_only_defined_sources(page, line, body):
    unknown = [key for key in cited_keys(body) if key not in SOURCES]
    assert not unknown, f"docs/{page}:{line}: editorial note cites {unknown}, not in sources.yml"


@pytest.mark.parametrize("term", GLOSSARY.terms, ids=lambda term: term.id)
def test_glossary_entries_cite_only_defined_sources(term):
    unknown = [key for key in term.sources if key not in SOURCES]
    assert not unknown, f"glossary entry '{term.id}' cites {unknown}, not in sources.yml"


def test_the_project_has_cited_editorial_notes_and_sourced_entries():
    """The checks above have something to check: notes are found, and they cite."""
    assert len(NOTES) >= 6
    assert sum(bool(cited_keys(body)) for _, _, body in NOTES) >= 4
    assert sum(bool(term.sources) for term in GLOSSARY.terms) >= len(GLOSSARY.terms) // 2


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
