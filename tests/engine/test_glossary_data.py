"""Bad glossary data gets one clear line naming the file, the line and the entry."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.utils import meta as front_matter

from conftest import ROOT, mkdocs_build
from explainer.core.build import Build
from explainer.core.datafile import DataError
from explainer.glossary.build import GlossaryBuild
from explainer.glossary.data import load_glossary, render_definition
from explainer.glossary.page import Link, entries, entries_html, letter_index, search_html

HOOK = Path(__file__).resolve().parents[2] / "hooks" / "glossary.py"

GOOD = """\
schufa:
  term: Schufa
  definition: Germany's credit bureau.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize("text, line, message", [
    ("schufa:\n  term: [Schufa\n", 3, "invalid YAML"),
    (GOOD + "bad_id:\n  term: X\n  definition: Y.\n", 4, "'bad_id' is not a valid id"),
    (GOOD + "rongcheng:\n  definition: A city.\n", 4, "entry 'rongcheng': 'term' is missing or empty"),
    (GOOD + "rongcheng:\n  term: Rongcheng\n", 4, "entry 'rongcheng': 'definition' is missing or empty"),
    (GOOD + "rongcheng:\n  term: Rongcheng\n  definition: '  '\n", 4,
     "entry 'rongcheng': 'definition' is missing or empty"),
    (GOOD + "schufa-2:\n  term: SCHUFA\n  definition: Again.\n", 4,
     "entry 'schufa-2': the form 'SCHUFA' is already claimed by entry 'schufa' (line 1)"),
    (GOOD + "credit:\n  term: Credit\n  aliases: [schufa]\n  definition: Y.\n", 4,
     "entry 'credit': the form 'schufa' is already claimed by entry 'schufa' (line 1)"),
    (GOOD + "credit:\n  term: Credit\n  definition: Y.\n  see: [blacklist]\n", 4,
     "entry 'credit': 'see' names 'blacklist', which is not an entry of the glossary"),
    (GOOD + "credit:\n  term: Credit\n  defintion: Y.\n", 4, "entry 'credit': unknown field 'defintion'"),
    (GOOD + "credit:\n  term: Credit\n  definition: Y.\n  aliases: 3\n", 4,
     "entry 'credit': 'aliases' must be a list of non-empty texts"),
    (GOOD + "credit:\n  term: Credit\n  definition: Y.\n  case_sensitive: sometimes\n", 4,
     "entry 'credit': 'case_sensitive' must be true or false"),
    (GOOD + "schufa:\n  term: Other\n  definition: Y.\n", 4, "duplicate id 'schufa' (first on line 1)"),
])
def test_bad_data_is_reported_on_one_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(DataError) as caught:
        load_glossary(path)
    error = str(caught.value)
    assert error.startswith(f"{path}:{line}: ")
    assert message in error
    assert "\n" not in error


# A native name in any script, and its romanisation under `romanised` or its former name `pinyin`.
@pytest.mark.parametrize("fields, native, romanised", [
    ("  native: 里山\n  romanised: satoyama\n", "里山", "satoyama"),
    ("  native: 里山\n  pinyin: satoyama\n", "里山", "satoyama"),
    ("  native: 'Αθήνα'\n  romanised: Athína\n", "Αθήνα", "Athína"),
    ("  native: Київ\n  romanised: ' Kyiv '\n", "Київ", "Kyiv"),
    ("  native: القاهرة\n  romanised: al-Qāhirah\n", "القاهرة", "al-Qāhirah"),
    ("  native: 서울\n", "서울", ""),
    ("  romanised: Moskva\n", "", "Moskva"),
    ("", "", ""),
])
def test_native_names_and_their_romanisation(tmp_path, fields, native, romanised):
    glossary, _ = load_glossary(write(tmp_path, GOOD + "city:\n  term: City\n  definition: A place.\n" + fields))
    city = glossary.by_id["city"]
    assert (city.native, city.romanised) == (native, romanised)


@pytest.mark.parametrize("fields, message", [
    ("  pinyin: shì\n  romanised: shi\n",
     "entry 'city': 'pinyin' and 'romanised' are the same field ('pinyin' is its former name): keep one"),
    ("  romanised: shi\n  pinyin: shì\n",
     "entry 'city': 'pinyin' and 'romanised' are the same field ('pinyin' is its former name): keep one"),
    ("  romanised: 3\n", "entry 'city': 'romanised' must be text"),
    ("  pinyin: [shi]\n", "entry 'city': 'pinyin' must be text"),
    ("  native: 4\n", "entry 'city': 'native' must be text"),
    ("  romanized: shi\n", "entry 'city': unknown field 'romanized' (allowed: aliases, blocked_by, case_sensitive, "
                            "definition, native, romanised, see, sources, term)"),
])
def test_romanisation_mistakes_are_one_line(tmp_path, fields, message):
    path = write(tmp_path, GOOD + "city:\n  term: City\n  definition: A place.\n" + fields)
    with pytest.raises(DataError) as caught:
        load_glossary(path)
    assert str(caught.value) == f"{path}:4: {message}"


def test_the_former_name_shows_the_same_page_and_tooltip(tmp_path):
    """An entry written with `pinyin` reads exactly as one written with `romanised`."""
    from explainer.glossary.marking import tip_html

    pages = []
    for name in ("romanised", "pinyin"):
        folder = tmp_path / name
        folder.mkdir()
        glossary, _ = load_glossary(write(folder, GOOD + f"city:\n  term: City\n  definition: A place.\n"
                                                         f"  native: 里山\n  {name}: satoyama\n"))
        pages.append((entries_html(entries(glossary, {}, {}), None, "", native_lang="ja", romanised_lang="ja-Latn"),
                      tip_html(glossary.by_id["city"], "../glossary/", native_lang="ja", romanised_lang="ja-Latn"),
                      search_html(entries(glossary, {}, {}))))
    assert pages[0] == pages[1]
    page, tip, search = pages[0]
    assert '<span lang="ja-Latn">satoyama</span>' in page and '<span lang="ja-Latn">satoyama</span>' in tip
    assert "里山 · satoyama" in search


def test_case_sensitive_entries_may_share_a_form_in_other_cases(tmp_path):
    text = GOOD + (
        "grid:\n  term: Grid\n  case_sensitive: true\n  definition: A.\n"
        "grid-2:\n  term: GRID\n  case_sensitive: true\n  definition: B.\n"
    )
    glossary, warnings = load_glossary(write(tmp_path, text))
    assert [t.id for t in glossary.terms] == ["schufa", "grid", "grid-2"] and warnings == []


def test_unknown_sources_warn_only_once_sources_exist(tmp_path):
    path = write(tmp_path, GOOD + "credit:\n  term: Credit\n  definition: Y.\n  sources: [hoffman-2018, nobody-1999]\n")
    assert load_glossary(path, None)[1] == []
    assert load_glossary(path, {"hoffman-2018"})[1] == [
        f"{path}:4: entry 'credit': unknown source 'nobody-1999' (not in sources.yml)"
    ]


@pytest.mark.parametrize("markdown_text, html", [
    ("A **bold** claim with `code`.", "<p>A <strong>bold</strong> claim with <code>code</code>.</p>"),
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ('Fish & chips <b onclick="x">', "<p>Fish &amp; chips &lt;b onclick=\"x\"&gt;</p>"),
    ("A&nbsp;B", "<p>A&nbsp;B</p>"),
    ("[A link](https://example.org/)", '<p><a href="https://example.org/">A link</a></p>'),
])
def test_definitions_render_markdown_and_escape_html(markdown_text, html):
    assert render_definition(markdown_text) == html


@pytest.mark.parametrize("text", ["A*B_C [x](y) #1 <b>&", "{#id} `code` \\ !", '"quoted" & <i>'])
def test_glossary_page_shows_names_as_written(tmp_path, text):
    """Names from the data reach the page escaped, so the reader sees them verbatim."""
    from bs4 import BeautifulSoup

    glossary, _ = load_glossary(write(tmp_path, f"x:\n  term: {json.dumps(text)}\n  definition: D.\n"
                                                 f"  aliases: [{json.dumps(text + 's')}]\n"))
    html = entries_html(entries(glossary, {"x": [Link(text, "a.html")]}, {}), "&para;", text)
    soup = BeautifulSoup(html, "lxml")
    assert soup.h2.contents[0] == text and soup.h2.a["title"] == text
    assert [fact.get_text() for fact in soup.select(".ex-glossary__fact")] == [
        f"Also written: {text}s", f"Appears in: {text}",
    ]


def test_glossary_page_lists_entries_alphabetically(tmp_path):
    from bs4 import BeautifulSoup

    text = GOOD + "abc:\n  term: ABC\n  definition: First.\n  see: [schufa]\n"
    glossary, _ = load_glossary(write(tmp_path, text))
    listed = entries(glossary, {"schufa": [Link("Origins", "../origins/")]}, {})
    soup = BeautifulSoup(entries_html(listed), "lxml")
    assert [h2["id"] for h2 in soup.select("h2")] == ["abc", "schufa"]
    assert soup.select_one("h2 a") is None  # no permalink unless the toc extension makes them
    see, appears = soup.select(".ex-glossary__fact")
    assert see.get_text() == "See also: Schufa" and see.a["href"] == "#schufa"
    assert appears.get_text() == "Appears in: Origins" and appears.a["href"] == "../origins/"
    assert letter_index(listed) == [("A", "abc"), ("S", "schufa")]


def search_entries(html: str) -> list[dict]:
    """What Material's search plugin indexes of a glossary page with this content."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex()
    index.add_entry_from_context(SimpleNamespace(content=html, meta={}, title="Glossary", toc=[], url="glossary/"))
    return index.entries


@pytest.mark.parametrize("text", ["A*B_C #1 <b>&", '"quoted" & <i>'])
def test_search_indexes_the_same_from_less_markup(tmp_path, text):
    """`search_html` is what search parses of the glossary page; the reader sees `entries_html`."""
    real, _ = load_glossary(ROOT / "tests" / "fixtures" / "english-explainer" / "docs" / "glossary.yml")
    made_up, _ = load_glossary(write(tmp_path, f"x:\n  term: {json.dumps(text)}\n  definition: D *{text}*.\n"
                                                f"  aliases: [{json.dumps(text + 's')}]\n  native: 芝麻\n  pinyin: Zhīma\n"
                                                f"  see: [x]\n  sources: [s]\n"))
    for glossary in (real, made_up):
        appearances = {term.id: [Link("Origins › Data", "../origins/#data")] for term in glossary.terms}
        sources = {id: Link(f"Source {id}", f"../sources/#{id}") for term in glossary.terms for id in term.sources}
        listed = entries(glossary, appearances, sources)
        full = search_entries(entries_html(listed, "&para;", "Permanent link"))
        assert search_entries(search_html(listed)) == full
        assert [entry["location"] for entry in full if entry["location"] != "glossary/"] == [
            f"glossary/#{term.id}" for term in glossary.alphabetical()]


# -- The build's glossary, on a tiny project ------------------------------------------


def project(tmp_path: Path, glossary: str, pages: dict[str, str] | None = None, extra: str = "") -> Path:
    """A tiny project with only the glossary's hook: its glossary.yml, its pages, its mkdocs.yml."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "glossary.yml").write_text(glossary, encoding="utf-8")
    for name, text in (pages or {"index.md": "# Home\n\nSchufa and Schufa.\n"}).items():
        (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        # The engine's templates: they write the tooltip bodies on the page (page.meta.ex_tips).
        f"site_name: Test\ntheme:\n  name: material\n  custom_dir: {HOOK.parents[1] / 'overrides'}\n"
        f"hooks:\n  - {HOOK}\nmarkdown_extensions:\n  - attr_list\n{extra}",
        encoding="utf-8",
    )
    return tmp_path


def started(folder: Path, monkeypatch) -> GlossaryBuild:
    """The build's glossary, made as the hook makes it when the build starts."""
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(folder / ".cache"))
    return GlossaryBuild(Build.of(load_config(config_file=str(folder / "mkdocs.yml"))))


def marks(glossary: GlossaryBuild, src_uri: str, text: str) -> int:
    """How many terms the build's glossary marks on the page `src_uri` (front matter and Markdown)."""
    body, meta = front_matter.get_data(text)
    glossary.page_starts(src_uri, meta, None, "", "glossary/")
    return markdown.markdown(body, extensions=["attr_list", glossary.extension]).count('class="ex-term"')


# Each stops the build at once: the hook raises the message (as one line under every flag:
# tests/engine/test_strict.py).
@pytest.mark.parametrize("glossary, message", [
    ("schufa:\n  term: Schufa\n", "glossary.yml:1: entry 'schufa': 'definition' is missing or empty"),
    ("schufa: [oops\n", "glossary.yml:2: invalid YAML"),
    (GOOD + "x:\n  term: X\n  definition: Y.\n  see: [nothing]\n",
     "glossary.yml:4: entry 'x': 'see' names 'nothing', which is not an entry of the glossary"),
])
def test_build_stops_with_one_line(tmp_path, monkeypatch, glossary, message):
    with pytest.raises(DataError) as raised:
        started(project(tmp_path, glossary), monkeypatch)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_unknown_source_is_a_warning(tmp_path, monkeypatch, caplog):
    """A warning, which stops a strict build (tests/engine/test_strict.py)."""
    folder = project(tmp_path, GOOD + "  sources: [hoffman-2019]\n")
    (folder / "docs" / "sources.yml").write_text("hoffman-2018:\n  title: Social Credit\n", encoding="utf-8")
    caplog.clear()
    started(folder, monkeypatch)
    assert [record.getMessage() for record in caplog.records if record.levelname == "WARNING"] == [
        f"{folder / 'docs' / 'glossary.yml'}:1: entry 'schufa': unknown source 'hoffman-2019' (not in sources.yml)"]


def test_bad_front_matter_and_settings_are_named(tmp_path, monkeypatch, caplog):
    glossary = started(project(tmp_path, GOOD), monkeypatch)
    caplog.clear()
    marks(glossary, "index.md", "---\nglossary: maybe\n---\n# Home\n")
    assert [record.getMessage() for record in caplog.records] == [
        "index.md: front matter 'glossary' must be true or false, not 'maybe'"]
    with pytest.raises(ValueError, match="extra.glossary.mark must be one of"):
        started(project(tmp_path, GOOD, extra="extra:\n  glossary:\n    mark: often\n"), monkeypatch)


@pytest.mark.parametrize("mark, count", [("first-per-section", 2), ("first-per-page", 1), ("every", 3)])
def test_mark_setting_in_mkdocs_yml(tmp_path, monkeypatch, mark, count):
    glossary = started(project(tmp_path, GOOD, extra=f"extra:\n  glossary:\n    mark: {mark}\n"), monkeypatch)
    assert marks(glossary, "index.md", "# Home\n\nSchufa and Schufa.\n\n## Later {#later}\n\nSchufa.\n") == count


def test_front_matter_opts_a_page_out(tmp_path):
    """A whole build: the page is marked or not, and the data file is not published."""
    pages = {"index.md": "# Home\n\nSchufa.\n", "quiet.md": "---\nglossary: false\n---\n# Quiet\n\nSchufa.\n"}
    result = mkdocs_build(project(tmp_path, GOOD, pages))
    assert result.returncode == 0, result.stderr
    assert 'class="ex-term"' in (tmp_path / "site" / "index.html").read_text("utf-8")
    assert 'class="ex-term"' not in (tmp_path / "site" / "quiet" / "index.html").read_text("utf-8")
    assert not (tmp_path / "site" / "glossary.yml").exists()  # data, not published
