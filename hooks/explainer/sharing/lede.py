"""What a page says about itself as part of the article: the lede under its title and its reading time.

Made by the extension `explainer_page_meta` (`explainer.extensions`) under every builder,
so that MkDocs and Zensical show the same:

- The lede, under the title of a chapter (front matter `chapter: true`) and of the front
  page: the standfirst (the page's `description`), the byline (the article's authors,
  publisher and month of publication, from its entry in sources.yml, `extra.article.key`),
  and, when `extra.article.updates` names a page, the line that says when the article was
  written, with a link to what has changed since. Elements of the page's tree, after its
  first heading (`<h1>`), marked `data-search-exclude`: search finds the front matter and
  the article's record elsewhere, not in every chapter.
- The reading time of every page, `ex_minutes` in the page's metadata (`page.meta` in the
  templates: overrides/partials/ex-article.html): 220 words a minute (a reader of
  non-fiction on a screen; Brysbaert 2019 measured 238), counted as 1,300 characters of its
  Markdown (six to a word with its space and punctuation), at least one.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from explainer.core import strings

CHARACTERS_A_MINUTE = 1300  # of Markdown: 220 words of six characters
SEARCH_EXCLUDE = "data-search-exclude"  # Material's (and Zensical's) search leaves the element out


def reading_minutes(markdown: str) -> int:
    """Minutes to read a page of `markdown` (its source without front matter), at least 1."""
    return max(-(-len(markdown) // CHARACTERS_A_MINUTE), 1)


@dataclass(frozen=True)
class Lede:
    """What stands under a page's title; empty strings are left out."""

    standfirst: str = ""
    authors: tuple[str, ...] = ()
    publisher: str = ""
    date: str = ""  # "July 2018", in the site's language
    updates: str = ""  # the page on what has changed since, as a link written in this page ("since-2018.md")


def lede(meta: Mapping[str, Any], article: Mapping[str, Any] | None, words: Mapping[str, str], *,
         home: bool, src_uri: str, updates: str | None) -> Lede | None:
    """The lede of the page `src_uri` (its docs path) with front matter `meta`, or None
    where there is none (a page that is neither a chapter nor the front page, `home`).

    `article`: the article's CSL-JSON item (None: no byline); `words`: the interface words
    (`explainer.core.strings`); `updates`: `extra.article.updates`, a docs path, or None.
    """
    if meta.get("chapter") is not True and not home:
        return None
    authors: tuple[str, ...] = ()
    publisher = date = ""
    if article is not None:
        authors = tuple(name.get("literal") or " ".join(name[part] for part in ("given", "family", "suffix")
                                                        if part in name)
                        for name in article.get("author", []))
        publisher = str(article.get("publisher") or "")
        parts = article["issued"]["date-parts"][0]
        months = words["article.months"].split()
        date = f"{months[parts[1] - 1]} {parts[0]}" if len(parts) > 1 else str(parts[0])
    link = posixpath.relpath(updates, posixpath.dirname(src_uri) or ".") if updates and date else ""
    description = meta.get("description")
    return Lede(description if isinstance(description, str) else "", authors, publisher, date, link)


def lede_elements(lede: Lede, words: Mapping[str, str]) -> list[etree.Element]:
    """The lede as elements: `p.ex-standfirst`, `p.ex-byline`, `p.ex-dated` (overrides/assets/explainer.css)."""
    elements = []
    if lede.standfirst:
        standfirst = etree.Element("p", {"class": "ex-standfirst", SEARCH_EXCLUDE: ""})
        standfirst.text = lede.standfirst
        elements.append(standfirst)
    if lede.authors or lede.date:
        byline = etree.Element("p", {"class": "ex-byline", SEARCH_EXCLUDE: ""})
        last = None
        if lede.authors:
            last = etree.SubElement(byline, "span", {"class": "ex-byline__authors"})
            last.text = strings.fill(words["article.byline"], authors=", ".join(lede.authors))
        for part in (lede.publisher, lede.date):
            if part:
                if last is None:
                    byline.text = " "
                else:
                    last.tail = (last.tail or "") + " "
                last = etree.SubElement(byline, "span", {"class": "ex-byline__sep", "aria-hidden": "true"})
                last.text, last.tail = "·", f" {part}"
        elements.append(byline)
    if lede.updates:
        before, _, after = strings.fill(words["article.dated"], date=lede.date).partition("{link}")
        dated = etree.Element("p", {"class": "ex-dated", SEARCH_EXCLUDE: ""})
        dated.text = before
        link = etree.SubElement(dated, "a", {"href": lede.updates})
        link.text, link.tail = words["article.dated_link"], after
        elements.append(dated)
    for element in elements:
        element.tail = "\n"
    return elements


class ArticleParts(Extension):
    """Writes the page's reading time into its metadata and puts its lede under its title.

    Before each page: `start(meta, lede)`, with the page's metadata (written to) and its
    `Lede` (None: none). The lede's link is a link to a Markdown file, which the builder
    makes an address (MkDocs' and Zensical's link rewriting run after it).
    """

    MINUTES = "ex-reading-time"  # the preprocessor's name

    def __init__(self, words: Mapping[str, str] = strings.ENGLISH):
        super().__init__()
        self.words = words
        self.meta: dict[str, Any] = {}
        self.lede: Lede | None = None

    def start(self, meta: dict[str, Any], lede: Lede | None) -> None:
        self.meta, self.lede = meta, lede

    def extendMarkdown(self, md: Markdown) -> None:
        # After a builder's set-up (explainer.extensions: 1000), before any other preprocessor.
        md.preprocessors.register(_Minutes(md, self), self.MINUTES, 999)
        # After paragraph anchors (5), glossary terms (4) and citations (3): the lede has none of
        # them; before link rewriting (MkDocs: 0).
        md.treeprocessors.register(_Lede(md, self), "ex-lede", 1.5)


class _Minutes(Preprocessor):
    def __init__(self, md: Markdown, parts: ArticleParts):
        super().__init__(md)
        self.parts = parts

    def run(self, lines: list[str]) -> list[str]:
        self.parts.meta["ex_minutes"] = reading_minutes("\n".join(lines))
        return lines


class _Lede(Treeprocessor):
    def __init__(self, md: Markdown, parts: ArticleParts):
        super().__init__(md)
        self.parts = parts

    def run(self, root: etree.Element) -> None:
        if self.parts.lede is None:
            return
        title = next((index for index, element in enumerate(root) if element.tag == "h1"), None)
        at = 0 if title is None else title + 1  # no title: the template writes it above the content
        for offset, element in enumerate(lede_elements(self.parts.lede, self.parts.words)):
            root.insert(at + offset, element)
