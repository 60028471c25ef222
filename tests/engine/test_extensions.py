"""The per-page features as installed Python-Markdown extensions, loaded by name.

A builder that is not MkDocs (Zensical) names them in `markdown_extensions` and gives
each page's context through a preprocessor named `rendering_context`; here a stand-in
of that preprocessor plays the builder, on the English fixture explainer's docs folder.
"""

from __future__ import annotations

import copy
import sys
from types import SimpleNamespace

import markdown
import pytest
from bs4 import BeautifulSoup
from markdown.preprocessors import Preprocessor
from mkdocs.utils.yaml import yaml_load

from conftest import FIXTURES, read_config
from explainer import extensions
from explainer.core.pagecontext import PageContext
from explainer.extensions import NAMES, ZENSICAL_ERROR, ExplainerError, hand_over

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

    def __init__(self, md, path: str, url: str, meta: dict, root=EXPLAINER):
        super().__init__(md)
        self.page = SimpleNamespace(path=path, url=url, meta=meta)
        self.config = {**copy.deepcopy(CONFIG), "root_dir": str(root), "docs_dir": "docs", "use_directory_urls": True,
                       "mdx_configs": {"toc": {"permalink": True, "permalink_title": "Link to this section"}}}

    def run(self, lines):
        return lines


def convert(text: str, *, path: str = "causes.md", url: str = "causes/", meta: dict | None = None,
            names=NAMES, root=EXPLAINER) -> tuple[BeautifulSoup, dict]:
    meta = {"title": "Causes", "description": "A page.", "chapter": True} if meta is None else meta
    md = markdown.Markdown(extensions=["attr_list", "toc", *names])
    md.preprocessors.register(StandInContext(md, path, url, meta, root), "rendering_context", 0)
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


@pytest.mark.parametrize("name, options, message", [
    ("explainer_glossary", {"mark": "often"},
     "mkdocs.yml: markdown_extensions: explainer_glossary: mark must be one of first-per-section, "
     "first-per-page, every, not 'often'"),
    ("explainer_glossary", {"marks": "every"},
     "mkdocs.yml: markdown_extensions: explainer_glossary has no option 'marks' "
     "(it has: data, mark, page, bibliography, sources)"),
    ("explainer_citations", {"styles": "apa"},
     "mkdocs.yml: markdown_extensions: explainer_citations has no option 'styles' (it has: data, style, bibliography)"),
    ("explainer_anchors", {"paragraph": True},
     "mkdocs.yml: markdown_extensions: explainer_anchors has no option 'paragraph' (it has: paragraphs, paragraph_title)"),
    ("explainer_page_meta", {"key": "x"},
     "mkdocs.yml: markdown_extensions: explainer_page_meta has no option 'key' (it has: data, article)"),
])
def test_an_option_is_checked_as_under_mkdocs(name, options, message):
    md = markdown.Markdown(extensions=[extensions._BY_NAME[name](**options)])
    md.preprocessors.register(StandInContext(md, "causes.md", "causes/", {}), "rendering_context", 0)
    with pytest.raises(ExplainerError) as raised:
        md.convert(TEXT)
    assert str(raised.value) == message


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
