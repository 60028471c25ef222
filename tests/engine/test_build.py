"""The build object (`explainer.core.build`) and its features, made from a loaded
configuration and called method by method, without running a build.

The configuration is the small German fixture explainer's (tests/fixtures/second-explainer),
on a copy of its docs folder that each test may edit.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.config import load_config

from explainer.core import memo as memo_module
from explainer.core import settings
from explainer.core.build import Build
from explainer.glossary.build import GlossaryBuild, link_target
from explainer.glossary.marking import mark_mode
from explainer.hooks.theme import on_config as add_engine_theme
from explainer.sharing.build import SharingBuild
from explainer.sharing.printer import PrintError
from explainer.sources.build import SourcesBuild

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "second-explainer"
BROKEN_WORK = "broken-1990:\n  type: book\n  title: Nobody wrote this\n  issued: 1990\n"  # no author, editor or publisher


@pytest.fixture
def docs(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture's docs folder, with a cache folder beside it."""
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURE / "docs", folder)
    return folder


def config_of(docs: Path, **settings):
    """The fixture's configuration, loaded as MkDocs loads it, on the docs folder `docs`, with
    the engine's templates behind its own (its hook `theme`, the first to configure)."""
    return add_engine_theme(load_config(config_file=str(FIXTURE / "mkdocs.yml"), docs_dir=str(docs),
                                        site_dir=str(docs.parent / "site"), **settings))


@pytest.fixture
def build(docs) -> Build:
    return Build.of(config_of(docs))


def warnings(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]


# -- The build itself ----------------------------------------------------------------------


def test_one_configuration_has_one_build_and_the_next_configuration_a_new_one(docs):
    config = config_of(docs)
    build = Build.of(config)
    assert Build.of(config) is build
    assert Build.of(config_of(docs)) is not build
    assert build.strings["cite.title"] != "Cite this page"  # theme.language: de


@pytest.mark.parametrize("extra, message", [
    ({"cache_dir": 3}, "extra.cache_dir must be a folder or false, not 3"),
    ({"strings": {"no.such.key": "x"}}, "no.such.key"),
    ({"strings": "not a mapping"}, "extra.strings"),
])
def test_a_wrong_setting_is_one_line_naming_it(docs, extra, message):
    config = config_of(docs)
    config.extra.update(extra)
    with pytest.raises(ValueError) as raised:
        Build(config)
    assert message in str(raised.value) and "\n" not in str(raised.value)


# Each mistake in the settings, and the one line it gives (whole builds that they stop, also
# under -q and -v: tests/engine/test_strict.py).
@pytest.mark.parametrize("change, message", [
    (lambda config: config.extra["article"].pop("key"),
     "mkdocs.yml: extra.article.key is not set: the key of the article's own entry in docs/sources.yml, "
     "e.g. extra: {article: {key: smith-2024}}"),
    (lambda config: config.extra.update(bibliography={"downloads": "Meine Quellen"}),
     "mkdocs.yml: extra.bibliography.downloads must be a file name of lowercase letters, digits, '.', '_' and '-', "
     "not 'Meine Quellen'"),
    (lambda config: config.extra.update(strings={"cite.titel": "Zitieren"}), "mkdocs.yml: extra.strings: unknown key "
     "'cite.titel'"),
    (lambda config: config.extra["glossary"].pop("native_lang"),
     "glossary.yml: terms have 'native' names: say their language in mkdocs.yml, extra.glossary.native_lang "
     "(BCP 47, e.g. ja), for screen readers"),
    (lambda config: config.theme.__setitem__("language", "fr"),
     "mkdocs.yml: theme.language 'fr': the explainer's own words exist in en, de; "),
])
def test_a_mistake_in_the_settings_is_one_line(docs, caplog, change, message):
    config = config_of(docs)
    change(config)
    caplog.clear()
    try:
        build = Build.of(config)
        build.article_key(), settings.download_name(config.extra)
        GlossaryBuild(build)
    except ValueError as error:
        said = [str(error)]
    else:
        said = warnings(caplog)
    assert len(said) == 1 and message in said[0] and "\n" not in said[0], said


@pytest.mark.parametrize("article, problem", [
    ({}, None),  # optional
    ({"updates": "seither.md"}, None),
    ({"updates": "seit.md"}, "extra.article.updates names 'seit.md', which is not a page in nav"),
    ({"updates": "seither"}, "extra.article.updates names 'seither', which is not a page in nav"),
])
def test_the_updates_page_must_be_a_page_of_the_navigation(article, problem):
    """A misspelt page would silently drop the line "This article dates from …" from every chapter."""
    found = settings.updates_problem({"article": article}, {"index.md", "gemeinsam-gaertnern.md", "seither.md"})
    assert (found is None) if problem is None else (problem in found and "\n" not in found)


def test_the_memos_are_opened_when_it_starts_and_saved_once_when_it_ends(build, monkeypatch):
    saved = []
    monkeypatch.setattr(memo_module.Memo, "save", lambda memo: saved.append(memo.name))
    build.end()
    build.end()
    assert sorted(saved) == ["data-files", "references"]
    assert all(memo.path == build.cache / f"{memo.name}.json" for memo in build.memos)


@pytest.mark.parametrize("key, error", [
    ("mustermann-2024", None),
    ("no-such-work", "sources.yml: no valid entry 'no-such-work' (extra.article.key"),
    ("broken-1990", "sources.yml: no valid entry 'broken-1990' (extra.article.key"),
])
def test_the_article_is_a_valid_work(docs, key, error):
    (docs / "sources.yml").write_text((docs / "sources.yml").read_text("utf-8") + "\n" + BROKEN_WORK, "utf-8")
    build = Build.of(config_of(docs))
    if error is None:
        assert build.article(key).key == key
    else:
        with pytest.raises(ValueError, match=re.escape(error)):
            build.article(key)


@pytest.mark.parametrize("sources_yml, labels", [
    (None, None),  # no sources.yml yet: the glossary's `sources` are not checked
    ("a-1: [not, a, mapping]\n", None),  # unreadable: reported once, by the sources feature
    ("ostrom-1990:\n  type: book\n  author: [{family: Ostrom, given: Elinor}]\n  title: Governing the Commons\n"
     "  issued: 1990\n" + BROKEN_WORK, {"ostrom-1990": "Ostrom 1990", "broken-1990": "broken-1990"}),
])
def test_source_labels_for_the_glossary(docs, sources_yml, labels):
    if sources_yml is None:
        (docs / "sources.yml").unlink()
    else:
        (docs / "sources.yml").write_text(sources_yml, "utf-8")
    assert Build.of(config_of(docs)).source_labels() == labels


def test_work_titles_are_also_read_without_their_subtitle(build):
    titles = build.work_titles()
    assert {"Governing the Commons: The Evolution of Institutions for Collective Action",
            "Governing the Commons"} <= titles


# -- Sources -------------------------------------------------------------------------------


@pytest.fixture
def sources(docs) -> SourcesBuild:
    (docs / "sources.yml").write_text((docs / "sources.yml").read_text("utf-8") + "\n" + BROKEN_WORK, "utf-8")
    build = Build.of(config_of(docs))
    return SourcesBuild(build)


def test_the_sources_report_each_bad_entry_once_when_they_start(docs, caplog):
    (docs / "sources.yml").write_text((docs / "sources.yml").read_text("utf-8") + "\n" + BROKEN_WORK, "utf-8")
    SourcesBuild(Build.of(config_of(docs)))
    assert [message for message in warnings(caplog) if "broken-1990" in message] == [
        f"{docs / 'sources.yml'}:{len((docs / 'sources.yml').read_text('utf-8').splitlines()) - 3}: "
        "entry 'broken-1990': needs an 'author' (or an 'editor' or 'publisher')"]


@pytest.mark.parametrize("key, message", [
    ("no-such-work", "unknown source key 'no-such-work' (not in sources.yml)"),
    ("broken-1990", "source 'broken-1990' (its entry in sources.yml has errors, see above)"),
])
def test_a_cited_key_that_is_no_work_is_named(sources, key, message):
    assert sources.unknown(key) == message


@pytest.mark.parametrize("listed, kept, messages", [
    (None, [], []),
    ("ostrom-1990", ["ostrom-1990"], []),
    (["ostrom-1990", "ostrom-1990"], ["ostrom-1990"], []),
    (["ostrom-1990", "nope"], ["ostrom-1990"],
     ["page.md: unknown source key 'nope' (not in sources.yml) in front matter 'sources'"]),
    (["broken-1990"], [],
     ["page.md: source 'broken-1990' (its entry in sources.yml has errors, see above) in front matter 'sources'"]),
    ({"a": 1}, [], ["page.md: front matter 'sources' must be a list of source keys"]),
    ([3], [], ["page.md: front matter 'sources' must be a list of source keys"]),
])
def test_front_matter_sources(sources, caplog, listed, kept, messages):
    caplog.clear()
    assert sources.listed_sources("page.md", {"sources": listed}) == kept
    assert warnings(caplog) == messages


def test_the_citation_style_option_is_the_references_style(docs):
    build = Build.of(config_of(docs))
    default, apa = SourcesBuild(build), SourcesBuild(build, {"style": "apa"})
    assert apa.style == "apa"
    assert apa.references.html("ostrom-1990") != default.references.html("ostrom-1990")
    assert apa.extension.reference_html("ostrom-1990") == apa.references.html("ostrom-1990")  # the tooltips too


@pytest.mark.parametrize("options, strings, name", [
    ({}, {}, "Chicago Manual of Style, 16. Auflage (Autor-Jahr-System)"),  # the fixture is German
    ({"style": "apa"}, {}, "APA Style 7th edition"),  # the style's own title
    ({"style": "nature-communications"}, {}, "Nature Communications"),  # a dependent style's own, not Nature's
    ({"style": "apa"}, {"bibliography.style_name": "APA, 7. Auflage"}, "APA, 7. Auflage"),  # the maintainer's
])
def test_the_bibliography_names_the_style_its_references_follow(docs, options, strings, name):
    config = config_of(docs)
    config.extra["strings"] = strings
    build = Build.of(config)
    SourcesBuild(build, options)
    assert build.strings["bibliography.style_name"] == name


def test_the_works_are_alphabetical_and_downloads_named_after_the_setting(sources):
    keys = [source.key for source in sources.alphabetical()]
    assert keys == sorted(keys, key=lambda key: sources.sources[key].sort_key)
    made = {}
    sources.add_downloads("quellen/", lambda path, content: made.setdefault(path, content) and path)
    assert sorted(made) == sorted(f"sources/{name}" for name in sources.downloads.values())
    assert "Ostrom" in made[f"sources/{sources.downloads['.bib']}"]


TERM_TIPS, SOURCE_TIPS = '<div class="ex-tips">Begriffe</div>', '<div class="ex-tips">Quellen</div>'


@pytest.mark.parametrize("page_file, content, tips", [
    ("kapitel.md", "<p>Text</p>", [TERM_TIPS, SOURCE_TIPS]),
    ("glossary.md", "<h1>Glossar</h1>", [SOURCE_TIPS]),  # the glossary page, made whole by complete_page
])
def test_tooltip_bodies_follow_the_content_in_the_template_and_search_never_sees_them(build, page_file, content,
                                                                                        tips):
    """The search plugin indexes `page.content` before the hooks' `on_page_context`: the bodies
    go to the page's template (overrides/partials/content.html: `page.meta.ex_tips`), in page order."""
    glossary, sources = GlossaryBuild(build), SourcesBuild(build)
    glossary.page_html = "<h1>Glossar</h1>"
    page = SimpleNamespace(file=SimpleNamespace(src_uri=page_file), url="x/", content="<p>Text</p>", meta={})
    glossary.tips[page_file], sources.tips[page_file] = TERM_TIPS, SOURCE_TIPS
    glossary.page_context(page)
    sources.page_context(page, nav=None)
    assert (page.content, page.meta["ex_tips"]) == (content, tips)


# -- Glossary -------------------------------------------------------------------------------


@pytest.mark.parametrize("options, extra, expected", [
    ({}, {}, "first-per-section"),
    ({}, {"glossary": {"mark": "every"}}, "every"),
    ({"mark": "first-per-page"}, {"glossary": {"mark": "every"}}, "first-per-page"),
    ({}, {"glossary": {"mark": "sometimes"}},
     "mkdocs.yml: extra.glossary.mark must be one of first-per-section, first-per-page, every, not 'sometimes'"),
    ({"mark": "often"}, {},
     "mkdocs.yml: markdown_extensions: explainer_glossary: mark must be one of first-per-section, first-per-page, "
     "every, not 'often'"),
])
def test_the_mark_mode_comes_from_the_option_then_the_setting(options, extra, expected):
    if expected in ("first-per-section", "first-per-page", "every"):
        assert mark_mode(options, extra) == expected
    else:
        with pytest.raises(ValueError) as raised:
            mark_mode(options, extra)
        assert str(raised.value) == expected


def test_the_glossary_option_overrides_the_setting(build):
    assert GlossaryBuild(build).mark == "first-per-page"  # the fixture's extra.glossary.mark
    assert GlossaryBuild(build, {"mark": "every"}).extension.mark == "every"


@pytest.mark.parametrize("meta, messages", [
    ({}, []),
    ({"glossary": False}, []),
    ({"glossary": "no"}, ["page.md: front matter 'glossary' must be true or false, not 'no'"]),
])
def test_a_page_tells_the_glossary_whether_to_mark_it(build, caplog, meta, messages):
    glossary = GlossaryBuild(build)
    caplog.clear()
    glossary.page_starts("page.md", meta, None, "page/", "../glossary/")
    assert warnings(caplog) == messages
    assert glossary.page.enabled is (meta.get("glossary", True) is not False)
    assert glossary.page.glossary_url == "glossary.md" and glossary.page.glossary_page_url == "../glossary/"


def test_a_key_written_twice_in_the_front_matter_is_named_with_its_line(build, caplog):
    glossary = GlossaryBuild(build)
    caplog.clear()
    glossary.page_starts("page.md", {}, "title: A\ntitle: B\n", "page/", "../glossary/")
    assert warnings(caplog) == ["page.md:3: front matter: duplicate key 'title' (first on line 2)"]


@pytest.mark.parametrize("href, page, target", [
    ("#allmende", "glossary.md", ("glossary.md", "allmende")),
    ("#allmende", "begriffe/index.md", ("begriffe/index.md", "allmende")),
    ("sources.md#ostrom-1990", "glossary.md", ("sources.md", "ostrom-1990")),
    ("./gemeinsam-gaertnern.md", "glossary.md", ("gemeinsam-gaertnern.md", "")),
])
def test_where_a_link_in_a_definition_points(href, page, target):
    assert link_target(href, page) == target


# -- Sharing --------------------------------------------------------------------------------


@pytest.mark.parametrize("meta, messages", [
    ({"chapter": True, "description": "D"}, []),
    ({"description": "D"}, []),
    ({"chapter": "yes", "description": "D"}, ["page.md: front matter 'chapter' must be true or false, not 'yes'"]),
    ({"chapter": True}, ["page.md: front matter has no 'description' (link previews show it)"]),
])
def test_a_page_tells_the_sharing_whether_it_is_a_chapter(build, caplog, meta, messages):
    sharing = SharingBuild(build)
    caplog.clear()
    sharing.page_starts("page.md", meta)
    assert warnings(caplog) == messages
    assert sharing.anchors.paragraphs is (meta.get("chapter") is True)


@pytest.mark.parametrize(("option", "meta", "numbered"), [
    (None, {"chapter": True}, True),
    (None, {}, False),
    (True, {}, True),  # `explainer_anchors: {paragraphs: true}`: every page, as under Zensical
    (False, {"chapter": True}, False),
])
def test_the_paragraphs_option_of_mkdocs_yml_decides_before_the_front_matter(build, option, meta, numbered):
    sharing = SharingBuild(build, {} if option is None else {"paragraphs": option})
    sharing.page_starts("page.md", meta)
    assert sharing.anchors.paragraphs is numbered


@pytest.mark.parametrize("description, expected", [
    (None, "Alle Kapitel von „Gärten für alle – Gemeinschaftsgärten erklärt“ auf einer Seite, "
           "zum Drucken oder Speichern als PDF."),  # made from the site's name
    ('Alles: "gedruckt" # {nicht} [leer]', 'Alles: "gedruckt" # {nicht} [leer]'),
])
def test_the_print_page_front_matter(docs, description, expected):
    config = config_of(docs)
    if description is not None:
        config.extra["print"] = {"description": description}
    front_matter = SharingBuild(Build.of(config)).print_front_matter()
    assert front_matter.startswith("---\n") and front_matter.endswith("\n---\n")
    assert yaml.safe_load(front_matter.strip("-\n")) == {
        "title": "Der ganze Erklärtext", "description": expected, "hide": ["navigation", "toc"],
        "search": {"exclude": True}, "robots": "noindex, follow"}  # it repeats the chapters


# -- The options of the `explainer_*` entries, as every builder reads them -------------------


@pytest.mark.parametrize("entries, sources_file, glossary_file, article, pages", [
    (["explainer_glossary", "explainer_citations"], "sources.yml", "glossary.yml", "mustermann-2024",
     ("glossary.md", "sources.md", "sources.md")),
    ([{"explainer_citations": {"data": "werke.yml", "bibliography": "quellen/werke.md"}},
      {"explainer_glossary": {"data": "begriffe.yml", "page": "begriffe.md"}}],
     "werke.yml", "begriffe.yml", "mustermann-2024", ("begriffe.md", "quellen/werke.md", "quellen/werke.md")),
    ([{"explainer_page_meta": {"article": "ostrom-1990"}}, {"explainer_glossary": {"mark": "every"}}],
     "sources.yml", "glossary.yml", "ostrom-1990", ("glossary.md", "sources.md", "sources.md")),
])
def test_the_build_reads_the_extensions_options(docs, entries, sources_file, glossary_file, article, pages):
    for old, new in (("sources.yml", sources_file), ("glossary.yml", glossary_file)):
        (docs / old).rename(docs / new)
    config = config_of(docs, markdown_extensions=["toc", *entries])
    build = Build.of(config)
    assert (build.sources_path, build.glossary_path) == (docs / sources_file, docs / glossary_file)
    assert build.article_key() == article
    glossary, sources = GlossaryBuild(build, build.options.get("explainer_glossary")), SourcesBuild(build)
    assert glossary.glossary.path == str(docs / glossary_file)
    assert sources.unknown("x") == f"unknown source key 'x' (not in {sources_file})"
    assert (glossary.page_file, glossary.sources_page, sources.page_file) == pages
    made = []
    sources.add_downloads("x/", lambda path, content: made.append(path))
    assert {path.rpartition("/")[0] for path in made} == {pages[2].removesuffix(".md")}


@pytest.mark.parametrize("written, message", [
    ({"extra": {"article": {"key": "mustermann-2024", "change": "about/"}}},
     "mkdocs.yml: extra.article.change is not a setting of the explainer (extra.article has: key, changes, updates)"),
    ({"extra": {"article": {"key": "mustermann-2024"}, "print": {"title": "Alles"}}},
     "mkdocs.yml: extra.print.title is not a setting of the explainer (extra.print has: description)"),
    ({"extra": {"article": {"key": "mustermann-2024"}, "bibliography": {"download": "x"}}},
     "mkdocs.yml: extra.bibliography.download is not a setting of the explainer (extra.bibliography has: downloads)"),
])
def test_a_setting_the_engine_does_not_read_is_named(docs, written, message):
    """(An option of an `explainer_*` entry: tests/engine/test_extensions.py, under both builders.)"""
    with pytest.raises(ValueError) as raised:
        Build.of(config_of(docs, **written))
    assert str(raised.value) == message


def test_the_print_page_needs_every_chapter_rendered_before_it(build, tmp_path):
    sharing = SharingBuild(build)
    sharing.nav_order = ["index.md", "gemeinsam-gaertnern.md"]
    with pytest.raises(PrintError, match=r"^the print page: rendered before index\.md \(it must be the last page"):
        sharing.print_chapters(tmp_path)
