"""The "whole explainer" page: every page's rendered content, one after another.

`article_tree` takes the content out of a rendered page, parsed with lxml (so that
whatever templates add to it, like the bibliography, is there too); `combine` rewrites
each chapter's content so that the combined page is valid:
- every id gets the chapter's prefix (`ex-print-origins-…`), so ids from different
  chapters (tooltip bodies, footnotes, paragraph anchors) never collide, and so that
  none of them becomes a published address: the chapter pages are what people cite;
- references to ids (`href="#…"`, `aria-describedby`, `data-tip`, …) follow; a link to
  an id that is not in the chapter's content (e.g. the sources panel in the sidebar)
  goes to the chapter's own page;
- links to another chapter jump inside this page; other relative links and images
  are rebased from the chapter's URL to this page's URL.
"""

from __future__ import annotations

import posixpath
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

PREFIX = "ex-print-"
ID_LIST_ATTRIBUTES = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "for", "data-tip")
ID_ATTRIBUTES = {"id", *ID_LIST_ATTRIBUTES}
URL_ATTRIBUTES = ("href", "src")
# Markup that makes no sense once per chapter: our "Cite this page" block, Material's
# edit buttons and the page's "last updated" footer.
LEFT_OUT = {"ex-cite-page", "md-content__button", "md-source-file"}
# Material's <article class="md-content__inner md-typeset">.
CONTENT = '//article[contains(concat(" ", normalize-space(@class), " "), " md-content__inner ")]'


@dataclass(frozen=True)
class Chapter:
    url: str  # the chapter page's URL from the site root, e.g. "origins/" ("" for home)
    title: str

    @property
    def slug(self) -> str:
        return self.url.strip("/").replace("/", "-") or "home"

    @property
    def prefix(self) -> str:
        return f"{PREFIX}{self.slug}-"

    @property
    def anchor(self) -> str:
        return f"{PREFIX}{self.slug}"


# A parser must not be shared between threads (`article_tree` runs in worker threads).
_local = threading.local()


def _parser() -> lxml.html.HTMLParser:
    if not hasattr(_local, "parser"):
        _local.parser = lxml.html.HTMLParser()
    return _local.parser


def _article(page: str):
    articles = lxml.html.document_fromstring(page, parser=_parser()).xpath(CONTENT)
    if len(articles) != 1:
        raise ValueError(f"expected one article.md-content__inner in the page, found {len(articles)}")
    return articles[0]


def content_tree(content: str):
    """A page's content, as rendered inside Material's `<article>`, as a `<section>` element."""
    return lxml.html.fragment_fromstring(content or "<p></p>", create_parent="section",
                                         parser=_parser())


def article_tree(page: str):
    """The content (Material's `<article>`) of a whole rendered page, as a `<section>` element."""
    article = _article(page)
    article.getparent().remove(article)
    article.tail = None
    article.tag = "section"
    article.attrib.clear()
    if len(article) == 0 and not article.text:
        return lxml.html.fragment_fromstring("<p></p>", create_parent="section")
    if not (article.text or "").strip():
        article.text = None  # as parsing the fragment would: leading blank text is dropped
    return article


def combine(chapters: Sequence[tuple[Chapter, object]], page_url: str) -> str:
    """The chapters, each with its content from `article_tree`, as one HTML fragment, each
    in a `<section class="ex-print__chapter">`. The trees are changed."""
    parsed = [tree for _, tree in chapters]
    chapters = [chapter for chapter, _ in chapters]
    # Where each id lives: "/origins/" -> ids in the Origins chapter's content.
    ids = {"/" + c.url: set(tree.xpath(".//@id")) for c, tree in zip(chapters, parsed)}
    by_path = {"/" + c.url: c for c in chapters}
    return "\n".join(
        rewrite(chapter, tree, by_path, ids, page_url) for chapter, tree in zip(chapters, parsed)
    )


def rewrite(chapter: Chapter, section, chapters: dict[str, Chapter], ids: dict[str, set[str]],
            page_url: str) -> str:
    left_out = []
    rebased: dict[str, str] = {}  # the same links come back many times (glossary, sources)
    for element in section.iter(lxml.etree.Element):  # elements only: no comments
        for name, value in element.items():
            if not value:
                continue
            if name in ID_ATTRIBUTES:
                element.set(name, " ".join(chapter.prefix + ref for ref in value.split()))
            elif name in URL_ATTRIBUTES:
                if value not in rebased:
                    rebased[value] = rebase(value, chapter, chapters, ids, page_url)
                element.set(name, rebased[value])
            elif name == "class" and not LEFT_OUT.isdisjoint(value.split()):
                left_out.append(element)
    for element in left_out:
        element.drop_tree()
    section.set("class", "ex-print__chapter")
    section.set("id", chapter.anchor)
    section.set("aria-label", chapter.title)
    return lxml.html.tostring(section, encoding="unicode")


def rebase(url: str, chapter: Chapter, chapters: dict[str, Chapter], ids: dict[str, set[str]],
           page_url: str) -> str:
    """`url`, written in `chapter`, as seen from the combined page at `page_url`."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/"):
        return url  # another site, or already absolute
    target = urlsplit(urljoin("/" + chapter.url, url))
    if target.path in chapters:
        other = chapters[target.path]
        if not target.fragment:
            return f"#{other.anchor}"
        if target.fragment in ids[target.path]:
            return f"#{other.prefix}{target.fragment}"
        # Not in the content (e.g. the sources panel in the sidebar): the page itself has it.
    relative = posixpath.relpath(target.path, "/" + page_url)
    if target.path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    query = f"?{target.query}" if target.query else ""
    fragment = f"#{target.fragment}" if target.fragment else ""
    return relative + query + fragment
