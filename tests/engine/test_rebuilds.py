"""What the hooks keep between builds (for `mkdocs serve`) never hides an edit.

The data files, formatted references and rendered definitions are kept in memos for
the life of the process (`explainer.core.memo`), so that a rebuild after editing one
page does not parse and format everything again. These tests edit the data between two builds in one process, the way a
maintainer does while `mkdocs serve` runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup

from explainer.core.datafile import DataError, load_entries
from explainer.core.references import format_reference
from explainer.glossary.data import render_definition

EXPLAINER = Path(__file__).resolve().parents[1] / "fixtures" / "english-explainer"

# ---------------------------------------------------------------------------
# The caches, one by one
# ---------------------------------------------------------------------------


def test_an_unchanged_data_file_is_parsed_once_and_an_edited_one_again(tmp_path, monkeypatch):
    from explainer.core import datafile

    parsed = []
    parse = datafile._parse
    monkeypatch.setattr(datafile, "_parse", lambda path, text: parsed.append(text) or parse(path, text))
    path = tmp_path / "glossary.yml"
    path.write_text("schufa:\n  term: Schufa\n  definition: A credit bureau.\n", "utf-8")
    first = load_entries(path)
    assert load_entries(path) == first and len(parsed) == 1  # same text: the entries parsed before

    path.write_text("schufa:\n  term: Schufa\n  definition: Germany's credit bureau.\n", "utf-8")
    assert load_entries(path)[0].fields["definition"] == "Germany's credit bureau."


def test_a_mistake_is_reported_on_every_read_until_it_is_fixed(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text("a-1:\n  title: A\n", "utf-8")
    load_entries(path)
    path.write_text("a-1:\n  title: [A\n", "utf-8")
    for _ in range(2):
        with pytest.raises(DataError, match=r"sources\.yml:\d+: invalid YAML"):
            load_entries(path)
    path.write_text("a-1:\n  title: B\n", "utf-8")
    assert load_entries(path)[0].fields == {"title": "B"}


@pytest.mark.parametrize(
    "text",
    ["a: b: c\n", "a-1:\n  title: [A\n", "a-1:\n  - x\n - y\n", "a-1: {title: 'A}\n"],
)
def test_yaml_errors_keep_the_wording_maintainers_know(tmp_path, text):
    """libyaml parses, but its messages differ: errors are worded by the Python parser."""
    path = tmp_path / "glossary.yml"
    path.write_text(text, "utf-8")
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        expected = f"{path}:{error.problem_mark.line + 1}: invalid YAML: {error.problem}"
    with pytest.raises(DataError) as raised:
        load_entries(path)
    assert str(raised.value) == expected


def test_entries_keep_their_values_and_lines(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text("# works\n\na-1:\n  issued: 2017-12-12\n  page: 333-356\n\nb-2:\n  issued: 2006\n", "utf-8")
    entries = load_entries(path)
    assert [(e.id, e.line) for e in entries] == [("a-1", 3), ("b-2", 7)]
    assert str(entries[0].fields["issued"]) == "2017-12-12" and entries[1].fields["issued"] == 2006


def test_a_reference_is_formatted_again_when_its_work_changes():
    item = {"id": "a-1", "type": "report", "title": "First Title", "issued": {"date-parts": [[2017]]},
            "author": [{"family": "Hoffman", "given": "Samantha"}], "publisher": "ASPI"}
    assert "First Title" in format_reference(item)
    assert "Second Title" in format_reference({**item, "title": "Second Title"})
    assert format_reference(item) == format_reference(dict(reversed(list(item.items()))))


def test_definitions_render_the_same_from_the_cache():
    text = "A *credit* bureau. <b>not bold</b>"
    assert render_definition(text) == render_definition(text)
    assert "<em>credit</em>" in render_definition(text) and "<b>" not in render_definition(text)
    assert "bureaus" in render_definition(text.replace("bureau", "bureaus"))


LINKED = [  # definitions as maintainers write them, with links into the site and out of it
    "A credit bureau, like [Schufa](#schufa).",
    "See [the origins](origins.md) and [a section](origins.md#data-reliability).",
    "Both [Schufa](#schufa) and [Schufa again](#schufa), and [an outside page](https://example.org/).",
    "Plain, without links.",
]


def two_builds(tmp_path, monkeypatch, first_page: str, second_page: str) -> tuple[list, list, list]:
    """Render LINKED for a page at `first_page`, save the memo, then as a new process
    would for `second_page`: the HTML of each build and what the second had to render."""
    from explainer.glossary import data as glossary_data

    def build_once(page: str) -> list[str]:
        glossary_data.DEFINITIONS.open(tmp_path)
        resolve = lambda href: f"{page}|{href}"  # noqa: E731 (each page its own final URLs)
        html = [render_definition(text, resolve) for text in LINKED]
        glossary_data.DEFINITIONS.save()
        return html

    first = build_once(first_page)
    glossary_data.DEFINITIONS.known.clear()  # a new process knows only what is on disk
    rendered = []
    definition_markdown = glossary_data._definition_markdown
    monkeypatch.setattr(glossary_data, "_definition_markdown",
                        lambda *args, **kwargs: rendered.append(args or kwargs) or definition_markdown(*args, **kwargs))
    return first, build_once(second_page), rendered


def test_definitions_with_links_are_not_rendered_again_by_the_next_build(tmp_path, monkeypatch):
    first, second, rendered = two_builds(tmp_path, monkeypatch, "origins/", "origins/")
    assert rendered == [] and second == first
    assert 'href="origins/|#schufa"' in first[0] and 'href="https://example.org/"' in first[2]


def test_a_definition_shown_on_another_page_gets_that_page_s_links(tmp_path, monkeypatch):
    first, second, rendered = two_builds(tmp_path, monkeypatch, "origins/", "glossary/")
    assert second[0] == first[0].replace("origins/|", "glossary/|") and second[3] == first[3]
    assert rendered != []


# ---------------------------------------------------------------------------
# Builds in one process, data edited in between (what `mkdocs serve` does)
# ---------------------------------------------------------------------------


def build(docs: Path, site_dir: Path) -> Path:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(EXPLAINER / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site_dir))
    mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
    return site_dir


def edit_yaml(path: Path, key: str, field: str, value: str) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    data[key][field] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def text_of(site: Path, page: str, selector: str) -> str:
    soup = BeautifulSoup((site / page / "index.html").read_text("utf-8"), "lxml")
    return " ".join(element.get_text(" ") for element in soup.select(selector))


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> SimpleNamespace:
    """Three builds of a copy of the English fixture's docs folder (its configuration is the
    fixture's) in this process: `first`; `edited`, after an edit of glossary.yml and sources.yml,
    as `mkdocs serve` rebuilds; and `anew`, as a new process builds again (it knows only what is on
    disk), with what that had to parse, format and render."""
    from explainer.core import datafile, references
    from explainer.glossary import data as glossary_data

    folder = tmp_path_factory.mktemp("rebuilds")
    docs = folder / "docs"
    shutil.copytree(EXPLAINER / "docs", docs)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(folder / "cache"))  # not the working tree
        first = build(docs, folder / "first")
        edit_yaml(docs / "glossary.yml", "faction", "definition", "An edited definition of faction.")
        edit_yaml(docs / "sources.yml", "adair-1951", "title", "An Edited Title")
        edited = build(docs, folder / "edited")

        # A new process knows only what is on disk: forget what this one made.
        references.REFERENCES.known.clear()
        glossary_data.DEFINITIONS.known.clear()
        datafile.PARSED.known.clear()
        parsed, formatted, rendered = [], [], []
        parse = datafile._parse
        monkeypatch.setattr(datafile, "_parse", lambda path, text: parsed.append(path) or parse(path, text))
        format_references = references.format_references
        monkeypatch.setattr(references, "format_references",
                            lambda items, *args: formatted.append(items) or format_references(items, *args))
        definition_markdown = glossary_data._definition_markdown
        monkeypatch.setattr(glossary_data, "_definition_markdown",
                            lambda *args, **kwargs: rendered.append(1) or definition_markdown(*args, **kwargs))
        anew = build(docs, folder / "anew")
    return SimpleNamespace(first=first, edited=edited, anew=anew, parsed=parsed, formatted=formatted,
                           rendered=rendered)


def test_edits_to_the_glossary_and_sources_show_on_the_next_rebuild(builds):
    first, second = builds.first, builds.edited
    assert "In Madison's sense" in text_of(first, "glossary", "#faction ~ *")
    assert "The Tenth Federalist Revisited" in text_of(first, "sources", "#adair-1951")

    assert "An edited definition of faction." in text_of(second, "glossary", "article")
    assert "An edited definition of faction." in text_of(second, "causes", ".ex-tip")
    assert "In Madison's sense" not in text_of(second, "causes", "article")
    assert "An Edited Title" in text_of(second, "sources", "#adair-1951")
    assert "The Tenth Federalist Revisited" not in text_of(second, "sources", "#adair-1951")


def test_a_new_process_parses_formats_and_renders_nothing_the_last_build_kept(builds):
    assert builds.parsed == []
    assert builds.formatted == [] and builds.rendered == []
    for page in ("sources", "causes", "glossary"):
        assert text_of(builds.anew, page, "article") == text_of(builds.edited, page, "article")
