"""The built site: every glossary term in running text is marked, and the glossary page links back."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import NavigableString, Tag

from conftest import EDITION
from explainer.glossary.data import load_glossary

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY, _ = load_glossary(ROOT / "docs" / "glossary.yml")
# Text in these is not running text: names, controls, code, and our components (citations,
# tooltip bodies, cite blocks), which other features add after the Markdown.
NOT_RUNNING_TEXT = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "abbr", "summary", "button", "script",
                    "style", "svg", "kbd"}
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def form_pattern(form: str, case_sensitive: bool) -> re.Pattern:
    """An independent oracle for 'this form occurs here': whole words unless Chinese."""
    body = re.escape(form).replace(r"\ ", r"\s+").replace("'", "['’]")
    start = "" if CJK.match(form[0]) else r"(?<!\w)"
    end = "" if CJK.match(form[-1]) else r"(?!\w)"
    return re.compile(start + body + end, 0 if case_sensitive else re.IGNORECASE)


PATTERNS = [(term.id, form_pattern(form, term.case_sensitive)) for term in GLOSSARY.terms for form in term.forms]


def is_running_text(node: NavigableString, article: Tag) -> bool:
    for parent in node.parents:
        if parent is article:
            return True
        classes = parent.get("class") or []
        if parent.name in NOT_RUNNING_TEXT or "admonition-title" in classes:
            return False
        if any(c.startswith("ex-") for c in classes):
            return False
    return False


def sections(article: Tag):
    """(section id, text nodes of running text, ids of terms marked) for each h1/h2 section."""
    result = [[None, [], set()]]
    for node in article.descendants:
        if isinstance(node, Tag) and node.name in ("h1", "h2"):
            result.append([node.get("id"), [], set()])
        elif isinstance(node, Tag) and "ex-term" in (node.get("class") or []):
            result[-1][2].add(node["data-term"])
        elif isinstance(node, NavigableString) and is_running_text(node, article):
            result[-1][1].append(str(node))
    return result


# Pages that are not running text opt out in their front matter (`glossary: false`).
OPTED_OUT = {"/glossary/"} | {
    "/" + path.stem + "/" for path in (ROOT / "docs").glob("*.md")
    if yaml.safe_load(path.read_text("utf-8").split("---\n")[1]).get("glossary") is False
}


def glossary_pages(site) -> list[str]:
    return [url for url in site.article_urls if url not in OPTED_OUT]


def test_the_article_uses_the_glossary(site):
    """The site tests below are not vacuous: most entries are marked somewhere."""
    marked = {a["data-term"] for url in glossary_pages(site) for a in site.content(url).select("a.ex-term")}
    assert len(marked) >= EDITION["counts"]["marked_terms"]
    assert set(EDITION["marked_terms"]) <= marked


def test_every_term_in_running_text_is_marked_in_its_section(site):
    missing = []
    for url in glossary_pages(site):
        for section_id, texts, marked in sections(site.content(url)):
            for text in texts:
                for term_id, pattern in PATTERNS:
                    if term_id not in marked and pattern.search(text):
                        missing.append(f"{url}#{section_id}: {term_id} in {text.strip()[:60]!r}")
    assert not missing, "\n".join(missing)


def test_terms_are_never_marked_in_headings_links_or_code(site):
    for url in site.article_urls:
        for link in site.content(url).select("a.ex-term"):
            bad = [p.name for p in link.parents if p.name in NOT_RUNNING_TEXT and p.name != "a"]
            assert not bad and link.find_parent("a") is None, f"{url}: {link} inside {bad}"


def test_a_page_that_opts_out_has_no_marks(site):
    assert site.content("/glossary/").select("a.ex-term, .ex-tip[id^=ex-tip-term-]") == []


def test_every_mark_has_its_tooltip_body_once_and_links_to_the_glossary_entry(site):
    for url in glossary_pages(site):
        article = site.content(url)
        for link in article.select("a.ex-term"):
            term_id = link["data-term"]
            # A page that combines others (print) may prefix ids, consistently.
            assert link["data-tip"] == link["aria-describedby"]
            assert link["data-tip"].endswith(f"ex-tip-term-{term_id}")
            bodies = article.select(f'[id="{link["data-tip"]}"]')
            assert len(bodies) == 1, f"{url}: {len(bodies)} tooltip bodies for {term_id}"
            assert bodies[0]["role"] == "tooltip" and bodies[0].has_attr("hidden")
            assert GLOSSARY.by_id[term_id].term in bodies[0].get_text()
            target = urlsplit(urljoin(url, link["href"]))
            entry = site.content(target.path).find(id=target.fragment)
            assert entry is not None and entry.name == "h2", f"{url}: {link['href']} has no target"
            assert entry.get_text().rstrip("¶") == GLOSSARY.by_id[term_id].term
            assert target.path != "/glossary/" or target.fragment == term_id


def test_glossary_page_lists_every_entry_alphabetically(site):
    article = site.content("/glossary/")
    headings = article.select("h2[id]")
    assert [h["id"] for h in headings] == [t.id for t in GLOSSARY.alphabetical()]
    assert [h.get_text().rstrip("¶") for h in headings] == [t.term for t in GLOSSARY.alphabetical()]
    sesame = article.select_one("#sesame-credit").find_next_sibling("p", class_="ex-glossary__native")
    assert sesame.get_text() == "芝麻信用 · Zhīma xìnyòng"
    assert "Ant Financial" in article.select_one("#sesame-credit ~ .ex-glossary__definition").get_text()


def entry_facts(article: Tag, term_id: str) -> dict[str, Tag]:
    facts = {}
    for sibling in article.select_one(f'h2[id="{term_id}"]').find_next_siblings():
        if sibling.name == "h2":
            break
        if "ex-glossary__fact" in (sibling.get("class") or []):
            facts[sibling.strong.get_text().rstrip(":")] = sibling
    return facts


def test_appears_in_links_back_to_every_section_where_a_term_is_marked(site):
    article = site.content("/glossary/")
    expected = defaultdict(set)
    for url in glossary_pages(site):
        for section_id, _, marked in sections(site.content(url)):
            if section_id and not section_id.startswith("ex-"):  # only published addresses
                for term_id in marked:
                    expected[term_id].add((url, section_id))
    for term in GLOSSARY.terms:
        fact = entry_facts(article, term.id).get("Appears in")
        links = fact.select("a") if fact else []
        found = set()
        for link in links:
            target = urlsplit(urljoin("/glossary/", link["href"]))
            content = site.content(target.path)
            section = target.fragment or content.find("h1")["id"]
            found.add((target.path, section))
        assert found == expected.get(term.id, set()), term.id


@pytest.mark.parametrize("term_id", ["planning-outline", "rongcheng", "modern-grid-policing"])
def test_sources_link_to_the_sources_page(site, term_id):
    fact = entry_facts(site.content("/glossary/"), term_id)["Sources"]
    for link, source in zip(fact.select("a"), GLOSSARY.by_id[term_id].sources, strict=True):
        target = urlsplit(urljoin("/glossary/", link["href"]))
        assert (target.path, target.fragment) == ("/sources/", source)


def test_see_also_links_resolve(site):
    article = site.content("/glossary/")
    for term in GLOSSARY.terms:
        fact = entry_facts(article, term.id).get("See also")
        hrefs = [a["href"] for a in fact.select("a")] if fact else []
        assert hrefs == [f"#{target}" for target in term.see]


def test_search_finds_each_entry_without_its_back_links(site):
    index = json.loads((site.folder / "search" / "search_index.json").read_text("utf-8"))
    entries = {e["location"]: e for e in index["docs"] if e["location"].startswith("glossary/#")}
    entry = entries[f"glossary/#{EDITION['term']}"]
    assert entry["title"] == EDITION["term_name"] and EDITION["term_definition_words"] in entry["text"]
    assert "Appears in" not in entry["text"]  # a chapter's name would find every term it uses
    assert "Also written" in entries["glossary/#sesame-credit"]["text"]


def test_the_headers_blocked_by_examples_are_used_by_their_entries():
    """docs/glossary.yml's header names longer words to block (issue 22): its own entries block them."""
    text = (ROOT / "docs" / "glossary.yml").read_text("utf-8")
    header = " ".join(line.lstrip("#").strip() for line in text.split("\n\n", 1)[0].splitlines())
    examples = re.findall(r"(\S+) \([^)]*\): \[([^\]]+)\]", header)
    assert examples
    for form, blocked in examples:
        (term,) = [term for term in GLOSSARY.terms if form in (term.term, term.native, *term.aliases)]
        assert {word.strip() for word in blocked.split(",")} <= set(term.blocked_by), term.id


# -- the built site (issue 12: marks only in running text) ----------------------------------

@pytest.mark.parametrize("url", ["/about/", "/sources/"])
def test_pages_that_are_not_running_text_have_no_marks(site, url):
    assert site.content(url).select("a.ex-term") == []


def test_appears_in_names_only_running_text(site):
    for fact in site.content("/glossary/").select(".ex-glossary__fact"):
        if fact.get_text().startswith("Appears in"):
            targets = {urlsplit(urljoin("/glossary/", a["href"])).path for a in fact.select("a")}
            assert not targets & {"/about/", "/sources/", "/glossary/"}, fact.get_text()


def test_no_mark_inside_the_title_of_a_work(site):
    for url in site.article_urls:
        article = site.content(url)
        assert article.select("a a") == [], url
        for title in article.select("em, i, cite"):
            for mark in title.select("a.ex-term"):  # only a title that is the entry's own name
                assert mark.get_text() == title.get_text(), f"{url}: {title}"
