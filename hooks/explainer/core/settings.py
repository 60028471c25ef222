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

import re
from collections.abc import Mapping
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
    "explainer_glossary": ("data", "mark", "page", "bibliography", "sources"),
    "explainer_citations": ("data", "style", "bibliography"),
    "explainer_anchors": ("paragraphs", "paragraph_title"),
    "explainer_page_meta": ("data", "article"),
}

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


def unknown_option(name: str, options: Mapping[str, Any]) -> str | None:
    """The first option of the extension `name` (a key of EXTENSION_OPTIONS) that it does
    not take, as one line naming mkdocs.yml, or None. Raises nothing."""
    known = EXTENSION_OPTIONS[name]
    for option in options:
        if option not in known:
            return (f"mkdocs.yml: markdown_extensions: {name} has no option '{option}' "
                    f"(it has: {', '.join(known)})")
    return None


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
