"""What a builder tells a Python-Markdown extension about the page it converts.

Zensical builds each page with a fresh Python-Markdown instance and registers its
`zensical.extensions.context` extension in it: a preprocessor named
`rendering_context` that holds the page (its path in the docs folder, its URL, its
front matter as a dict whose changes reach the templates as `page.meta`) and the whole
configuration (mkdocs.yml with Zensical's defaults). `page_context(md)` reads it
without importing Zensical, by the preprocessor's name and attributes.

MkDocs has no such thing: there the hooks (`hooks/*.py`) construct the extensions and
tell them about each page. Plain Python-Markdown tells nothing: `page_context` is None.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Markdown

# The name Zensical registers its context preprocessor under (zensical/extensions/context.py).
CONTEXT_PREPROCESSOR = "rendering_context"


@dataclass
class PageContext:
    """The page being converted and the site's configuration, as the builder gives them.

    `path`: the Markdown file, relative to the docs folder, with `/` ("origins.md").
    `url`: the page's address relative to the site's root ("origins/", "" for the home page).
    `meta`: the page's front matter; keys an extension adds reach the templates.
    `config`: the site's configuration (mkdocs.yml keys: `docs_dir`, `site_url`, `extra`, …).
    """

    path: str
    url: str
    meta: dict[str, Any]
    config: dict[str, Any]

    @property
    def docs_dir(self) -> Path:
        root = Path(self.config.get("root_dir") or ".")
        return root / self.config.get("docs_dir", "docs")

    @property
    def source(self) -> str:
        """The page's file as a maintainer finds it ("docs/origins.md")."""
        return f"{self.config.get('docs_dir', 'docs')}/{self.path}"

    @property
    def extra(self) -> dict[str, Any]:
        extra = self.config.get("extra")
        return extra if isinstance(extra, dict) else {}

    def url_of(self, source: str) -> str:
        """The address of another Markdown file of the docs folder ("glossary.md" -> "glossary/")."""
        stem = source[:-3] if source.endswith(".md") else source
        if not self.config.get("use_directory_urls", True):
            return f"{stem}.html"
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return f"{stem}/"

    def link_from_source(self, source: str) -> str:
        """A link to another Markdown file as written in this one ("glossary.md", "../glossary.md"):
        builders turn such links into addresses, in the tree and (Zensical) in raw HTML too."""
        return posixpath.relpath(source, posixpath.dirname(self.path) or ".")

    def link_to(self, url: str) -> str:
        """`url` (relative to the site's root) as a link written on this page."""
        folder = self.url if not self.url or self.url.endswith("/") else posixpath.dirname(self.url) + "/"
        target = posixpath.relpath("/" + url, "/" + folder)
        if target == ".":
            return "./"
        return target + "/" if url == "" or url.endswith("/") else target


def page_context(md: Markdown) -> PageContext | None:
    """The builder's context of the page `md` converts, or None outside Zensical."""
    for processor in md.preprocessors:
        if getattr(processor, "name", None) == CONTEXT_PREPROCESSOR and hasattr(processor, "page"):
            page, config = processor.page, processor.config or {}
            meta = page.meta if isinstance(page.meta, dict) else {}
            return PageContext(str(page.path).replace("\\", "/"), str(page.url or ""), meta, config)
    return None
