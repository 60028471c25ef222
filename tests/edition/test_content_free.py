"""The engine is content-free: it names no article, and speaks the site's language.

Everything of one explainer comes from mkdocs.yml (`extra`) or docs/; the engine's own
words come from a table per language (hooks/explainer/core/strings.py) that the hooks, the
templates and the script share (mistakes in those settings: tests/engine/test_build.py and
test_strict.py).
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

import markdown

from explainer.core.references import KINDS
from explainer.core.strings import ENGLISH, JS_KEYS, LANGUAGES, PLACEHOLDER, interface_strings
from explainer.glossary.page import page_markdown

ROOT = Path(__file__).resolve().parents[2]
# Code, templates, and the scaffold of new explainers (`explainer new`: .jinja, .yml, .md).
ENGINE = [path for folder in ("hooks", "overrides") for path in sorted((ROOT / folder).rglob("*"))
          if path.is_file() and path.suffix in {".py", ".html", ".js", ".css", ".jinja", ".yml", ".md"}]


@functools.cache
def article_words() -> tuple[str, ...]:
    """What names this article: its title, author, publisher and topic, the keys of its
    sources and the names of its glossary terms, from mkdocs.yml and docs/ (read once)."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        config = yaml_load(file)
    sources = yaml.safe_load((ROOT / "docs" / "sources.yml").read_text("utf-8"))
    glossary = yaml.safe_load((ROOT / "docs" / "glossary.yml").read_text("utf-8"))
    article = sources[config["extra"]["article"]["key"]]
    # Only the title is required of the article's record (sources.yml's header).
    words = {config["site_name"], config["site_author"], article["title"], *filter(None, [article.get("publisher")]),
             "Social Credit", "China", *sources}
    words |= {part for person in article.get("author", []) for part in person.values()}
    words |= {"Asienhaus"}  # the publisher's short name
    for entry in glossary.values():
        words |= {entry["term"], *(entry.get("aliases") or []), *filter(None, [entry.get("native")])}
    return tuple(sorted(words, key=len, reverse=True))


@functools.cache
def article_pattern() -> re.Pattern:
    """Any of the article's words, as a whole word, in any case (compiled once: it is long)."""
    return re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in article_words()), re.I)


def test_the_word_list_names_the_article():
    words = article_words()
    assert {"klabisch-2018", "hoffman-2018", "Klabisch", "Joanna", "Stiftung Asienhaus", "Schufa", "芝麻信用"} <= set(words)


def test_the_distribution_names_no_article():
    """pyproject.toml describes the engine, `explainer-engine`, which any explainer installs: its name,
    its description and its page on the package index (`readme`, a file or a text)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    readme = project.get("readme", "")
    readme = (ROOT / readme).read_text("utf-8") if isinstance(readme, str) else readme.get("text") or (
        ROOT / readme["file"]).read_text("utf-8")
    assert not article_pattern().findall(project["name"] + " " + project["description"] + " " + readme)


def words_named(text: str, words: tuple[str, ...]) -> list[str]:
    """The words of `words` that `text` names as whole words, ignoring case. Only the words found
    anywhere in the text are tried as whole words (one pattern of all of them over a whole site is slow)."""
    folded = text.casefold()
    candidates = [word for word in words if word.casefold() in folded]
    if not candidates:
        return []
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in candidates), re.I)
    return sorted(set(pattern.findall(text)))


@pytest.mark.parametrize("text, found", [
    ("Published by Stiftung Asienhaus.", ["Stiftung Asienhaus"]),  # the longest name it matches
    ("a SCHUFA score", ["SCHUFA"]),
    ("Schufas", []),  # not a whole word
    ("nothing of it", []),
])
def test_words_named_finds_whole_words_in_any_case(text, found):
    assert words_named(text, article_words()) == found


def article_words_in(path: Path) -> list[str]:
    """Each line of the file that names the article, with the words it names."""
    text = path.read_text("utf-8")
    if not words_named(text, article_words()):
        return []
    pattern = article_pattern()
    return [f"line {number}: {', '.join(pattern.findall(line))}"
            for number, line in enumerate(text.splitlines(), start=1) if pattern.search(line)]


@pytest.mark.parametrize("path", ENGINE, ids=[path.relative_to(ROOT).as_posix() for path in ENGINE])
def test_the_engine_names_nothing_of_the_article(path):
    assert article_words_in(path) == []


def test_the_maintainers_guide_names_nothing_of_the_article():
    """GUIDE.md serves every explainer: its examples are made up."""
    assert article_words_in(ROOT / "GUIDE.md") == []


# -- The interface words ---------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_language_has_every_word_with_its_placeholders(language):
    table = LANGUAGES[language]
    assert set(table) == set(ENGLISH)
    for key, text in table.items():
        assert text.strip(), key
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(ENGLISH[key])), key


def test_every_kind_of_work_has_a_name():
    assert {f"kind.{kind}" for kind in KINDS} == {key for key in ENGLISH if key.startswith("kind.")}


def used_keys() -> set[str]:
    """Keys the templates, hooks and script look up by name."""
    lookup = re.compile(r"""(?:\bex_t|\bt|\bstrings|\bwords|_strings|WORDS)\[["']([a-z_]+\.[\w.-]+)["']\]""")
    return {key for path in ENGINE for key in lookup.findall(path.read_text("utf-8"))}


def test_every_word_looked_up_exists():
    used = used_keys()
    assert len(used) > 25  # the lookups were found
    assert used - set(ENGLISH) == set()


def test_the_script_uses_exactly_the_words_it_is_given():
    script = (ROOT / "overrides" / "assets" / "explainer.js").read_text("utf-8")
    assert set(re.findall(r"""WORDS\[["']([\w.-]+)["']\]""", script)) == set(JS_KEYS)


@pytest.mark.parametrize("language, expected", [
    ("en", "Sources on this page"), ("de", "Quellen auf dieser Seite"), ("de-CH", "Quellen auf dieser Seite"),
    ("fr", "Sources on this page"), (None, "Sources on this page"),
])
def test_the_table_follows_the_language(language, expected):
    assert interface_strings(language)["panel.title"] == expected


def test_a_maintainer_can_change_a_word():
    table = interface_strings("de", {"cite.title": "Dieses Kapitel zitieren"})
    assert table["cite.title"] == "Dieses Kapitel zitieren"
    assert table["cite.copy"] == "Kopieren"


@pytest.mark.parametrize("overrides, message", [
    (["x"], "mkdocs.yml: extra.strings must map interface words' keys to text"),
    ({"cite.titel": "x"}, "mkdocs.yml: extra.strings: unknown key 'cite.titel' (known: "),
    ({"cite.title": 3}, "mkdocs.yml: extra.strings.cite.title must be text, not 3"),
    ({"cite.print": "Drucken"}, "mkdocs.yml: extra.strings.cite.print must contain {link}"),
])
def test_a_wrong_word_is_refused_with_one_line(overrides, message):
    with pytest.raises(ValueError) as error:
        interface_strings("en", overrides)
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


@pytest.mark.parametrize("title", ["Glossar", "Terms & names (A–Z) #1", "*Not* [a] {#link}"])
def test_the_glossary_page_keeps_its_title_as_written_and_its_address(title):
    source = page_markdown(title, 'Says "what": it is', "Intro *text*.")
    front_matter, body = source.removeprefix("---\n").split("\n---\n", 1)
    assert yaml.safe_load(front_matter) == {"title": title, "description": 'Says "what": it is', "glossary": False}
    html = markdown.markdown(body, extensions=["attr_list"])
    heading = re.fullmatch(r'<h1 id="glossary">(.*)</h1>\n<p>Intro <em>text</em>.</p>', html)
    assert heading and heading[1].replace("&amp;", "&") == title


# -- Nothing of the article in the fixture explainers ---------------------------------


@pytest.mark.parametrize("fixture", ["second", "english"])
def test_nothing_of_the_article_appears_in_a_fixture_explainer(request, fixture):
    built = request.getfixturevalue(fixture)
    words = article_words()
    ours = [path for path in built.folder.rglob("*")
            if path.is_file() and path.suffix in {".html", ".xml", ".json", ".bib", ".ris", ".js", ".css"}
            # Material's own bundles are not ours (its minified CSS has words such as "cp").
            and not {"javascripts", "stylesheets"} & set(path.parts)]
    assert len(ours) > 10
    found = {path.relative_to(built.folder).as_posix(): words_named(path.read_text("utf-8"), words) for path in ours}
    assert {path: words for path, words in found.items() if words} == {}


def test_no_address_of_a_fixture_explainer_is_recorded_as_published():
    recorded = (ROOT / "docs" / "addresses.yml").read_text("utf-8")
    for fixture in ("second-explainer", "english-explainer"):
        with open(ROOT / "tests" / "fixtures" / fixture / "mkdocs.yml", encoding="utf-8") as file:
            site_url = yaml_load(file)["site_url"]
        pages = [page.stem for page in (ROOT / "tests" / "fixtures" / fixture / "docs").glob("*.md")
                 if page.stem not in {"index", "glossary", "sources", "about"}]
        assert pages and site_url not in recorded
        assert [page for page in pages if f"/{page}/" in recorded] == [], fixture
