"""The "whole explainer" page: every page's rendered content, one after another.

`content_tree` parses a page's content as the page template rendered it (so that
whatever templates add to it, like the bibliography, is there too), `article_tree`
takes it out of a whole rendered page; a `PrintBook` rewrites each chapter's content
so that the combined page is valid:
- every id gets the chapter's prefix (`ex-print-origins-…`), so ids from different
  chapters (tooltip bodies, footnotes, paragraph anchors) never collide, and so that
  none of them becomes a published address: the chapter pages are what people cite;
- references to ids (`href="#…"`, `aria-describedby`, `data-tip`, …) follow; a link to
  an id that is not in the chapter's content (e.g. the sources panel in the sidebar)
  goes to the chapter's own page;
- links to another chapter jump inside this page; other relative links and images
  are rebased from the chapter's URL to this page's URL;
- the chapters' tooltip bodies (`explainer.core.tips`) follow the last chapter, in one
  block: on screen each chapter is a containment box (`content-visibility`, see
  overrides/assets/explainer.css), which would clip a fixed tooltip inside it and
  place it from the chapter's corner instead of the window's;
- citations are numbered once for the whole page, by the works' order in its
  bibliography (`<li class="ex-bibliography__item" id="KEY">`), which shows the numbers:
  a reader of the paper looks up [7] in one list, and a citation links to its entry
  there, on the same page. (Each chapter page numbers its own sources.)
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

# The block of tooltip bodies each chapter ends with: moved after the chapters.
from explainer.core.tips import BLOCK_CLASS as TIPS

PREFIX = "ex-print-"
ID_LIST_ATTRIBUTES = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "for", "data-tip")
ID_ATTRIBUTES = {"id", *ID_LIST_ATTRIBUTES}
URL_ATTRIBUTES = ("href", "src")
# Markup that makes no sense once per chapter: our "Cite this page" block, the page's
# sources (the print page has one bibliography), its byline and reading time, the way to
# the next chapter and the front page's chapters (overrides/partials/ex-article-*.html),
# Material's edit buttons and the page's "last updated" footer.
LEFT_OUT = {"ex-cite-page", "ex-sources", "ex-byline", "ex-dated", "ex-kicker__time", "ex-next", "ex-contents",
            "md-content__button", "md-source-file"}
# The citation markup of explainer.sources.citations and the bibliography of
# overrides/partials/ex-bibliography.html (their contract with this module).
CITATION = "ex-cite"  # <a class="ex-cite" data-cite="KEY …">[<span class="ex-cite__number" …>1</span>]</a>
CITATION_NUMBER, CITATION_NUMBER_KEY = "ex-cite__number", "data-cite-key"
BIBLIOGRAPHY_ITEM = "ex-bibliography__item"  # <li class="ex-bibliography__item" id="KEY">
BIBLIOGRAPHY_NUMBER = "ex-bibliography__number"  # what this module adds to each
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


def _document(html: str):
    # A parser of its own (one must not be shared between threads; making one costs
    # microseconds). lxml.etree's, not lxml.html's: its elements need no Python class
    # looked up for each one, which thousands of them feel.
    return lxml.etree.fromstring(html, lxml.etree.HTMLParser())


def content_tree(content: str):
    """A page's content, as rendered inside Material's `<article>`, as a `<section>` element."""
    # lxml.html's fragment parser, given lxml.etree's (see `_document`): it parses the content
    # as the body of a document, so that no element of it goes to a <head>.
    parsed = lxml.html.fragments_fromstring(content, parser=lxml.etree.HTMLParser())
    section = lxml.etree.Element("section")
    if parsed and isinstance(parsed[0], str):
        section.text = parsed.pop(0)
    section.extend(parsed)
    return _as_section(section)


def article_tree(page: str):
    """The content (Material's `<article>`) of a whole rendered page, as a `<section>` element."""
    articles = _document(page).xpath(CONTENT)
    if len(articles) != 1:
        raise ValueError(f"expected one article.md-content__inner in the page, found {len(articles)}")
    return _as_section(articles[0])


def _as_section(element):
    element.tag = "section"
    element.attrib.clear()
    element.tail = None
    if not (element.text or "").strip():
        element.text = None  # leading blank text, as HTML parsers drop it
    return element


def _drop(element) -> None:
    """Remove `element` and what it holds, keeping the text that follows it."""
    parent, previous = element.getparent(), element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


@dataclass(frozen=True)
class Target:
    """Where a relative link written in a chapter points, from the site's root."""

    path: str  # "/origins/"
    query: str
    fragment: str


def link_target(url: str, chapter: Chapter) -> Target | None:
    """The target of `url`, written in `chapter`; None for another site or an absolute path."""
    if url.startswith("#"):  # most links: to an id of the same page
        return Target("/" + chapter.url, "", url[1:])
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/"):
        return None
    target = urlsplit(urljoin("/" + chapter.url, url))
    return Target(target.path, target.query, target.fragment)


def resolve(target: Target, chapters: dict[str, Chapter], ids: dict[str, set[str]], page_url: str,
            assume: bool = False) -> str:
    """The link to `target` from the combined page at `page_url`: inside it where the
    target is in a chapter's content, else relative to the combined page. `assume`: a
    chapter whose ids are not known yet has the target's."""
    if target.path in chapters:
        other = chapters[target.path]
        if not target.fragment:
            return f"#{other.anchor}"
        if target.fragment in ids.get(target.path, ()) or (assume and target.path not in ids):
            return f"#{other.prefix}{target.fragment}"
        # Not in the content (e.g. the sources panel in the sidebar): the page itself has it.
    relative = posixpath.relpath(target.path, "/" + page_url)
    if target.path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    query = f"?{target.query}" if target.query else ""
    fragment = f"#{target.fragment}" if target.fragment else ""
    return relative + query + fragment


class PrintBook:
    """The print page at `page_url`, of the chapters at `urls` (as in `Chapter.url`), in
    that order; they are added in any order, as their pages are rendered.

    `add` rewrites a chapter's tree. A link into a chapter not added yet is taken to find
    its id there; `html` checks that once all are in, rewrites the links of the few
    chapters where it did not, and serialises the chapters as one tree.
    """

    def __init__(self, urls: Sequence[str], page_url: str):
        self.urls = list(urls)
        self.page_url = page_url
        self.chapters = {"/" + url: Chapter(url, "") for url in self.urls}  # titles do not matter here
        self.ids: dict[str, set[str]] = {}  # "/origins/" -> the ids in its content, as written
        self.added: dict[str, _Added] = {}

    def add(self, chapter: Chapter, section) -> None:
        """Add a chapter's content (from `content_tree` or `article_tree`); it is changed."""
        path = "/" + chapter.url
        self.ids[path] = set(section.xpath(".//@id"))
        links, left_out, tips, targets = [], [], [], {}
        citing = _Citing()
        for element in section.iter(lxml.etree.Element):  # elements only: no comments
            for name, value in element.items():
                if not value:
                    continue
                if name in ID_ATTRIBUTES:
                    element.set(name, " ".join(chapter.prefix + ref for ref in value.split()))
                elif name in URL_ATTRIBUTES:
                    if value not in targets:  # the same links come back many times (glossary, sources)
                        targets[value] = link_target(value, chapter)
                    if targets[value] is not None:
                        links.append((element, name, targets[value]))
                elif name == "class":
                    classes = value.split()
                    if not LEFT_OUT.isdisjoint(classes):
                        left_out.append(element)
                    elif TIPS in classes:
                        tips.append(element)
                    elif CITATION in classes and element.get("data-cite"):
                        citing.markers.append(element)
                    elif CITATION_NUMBER in classes and element.get(CITATION_NUMBER_KEY):
                        citing.numbers.append(element)
                    elif BIBLIOGRAPHY_ITEM in classes and element.get("id"):
                        citing.works.append(element)
        # The works' keys: their ids, now with the chapter's prefix.
        citing.works = [(element, element.get("id")[len(chapter.prefix):]) for element in citing.works]
        for element in left_out + tips:
            if element.getparent() is not None:
                _drop(element)
        section.set("class", "ex-print__chapter")
        section.set("id", chapter.anchor)
        section.set("aria-label", chapter.title)
        added = self.added[path] = _Added(section, links, set(), citing, tips)
        for element, name, target in links:
            if target.fragment and target.path in self.chapters and target.path not in self.ids:
                added.assumed.add(target)
            element.set(name, resolve(target, self.chapters, self.ids, self.page_url, assume=True))

    def html(self) -> str:
        """Every chapter, in order, as one HTML fragment, each in a `<section class="ex-print__chapter">`,
        then one `<div class="ex-tips">` with the tooltip bodies of them all: one tree, serialised once."""
        chapters = [self.added["/" + url] for url in self.urls]
        works = {}  # key -> (its number on this page, its entry's id)
        for added in chapters:
            for element, key in added.citing.works:
                works.setdefault(key, (len(works) + 1, element.get("id")))
        book = lxml.etree.Element("div")  # holds the page's content; not itself written
        for added in chapters:
            if any(target.fragment not in self.ids[target.path] for target in added.assumed):
                for element, name, target in added.links:  # not there after all: rewrite the links
                    element.set(name, resolve(target, self.chapters, self.ids, self.page_url))
            if works and added.citing:
                _number_citations(added.citing, works)
            book.append(added.section)
        blocks = [block for added in chapters for block in added.tips]
        if blocks:
            tips = lxml.etree.SubElement(book, blocks[0].tag, dict(blocks[0].attrib))  # as the template wrote it
            for block in blocks:
                for body in list(block):
                    body.tail = None
                    tips.append(body)
        for element in book[:-1]:
            element.tail = "\n"
        return _inner_html(book)


def _number_citations(citing: _Citing, works: dict[str, tuple[int, str]]) -> None:
    """Number the citations of a chapter and its bibliography entries as in `works`
    (key -> number, id of its entry); a work not in `works` keeps its chapter's number."""
    for element, key in citing.works:
        number = element.find(f"span[@class='{BIBLIOGRAPHY_NUMBER}']")
        if number is None:
            number = lxml.etree.Element("span", {"class": BIBLIOGRAPHY_NUMBER})
            number.tail, element.text = element.text, None
            element.insert(0, number)
        number.text = f"[{works[key][0]}]"
    for element in citing.numbers:
        key = element.get(CITATION_NUMBER_KEY)
        if key in works:
            element.text = str(works[key][0])
    for element in citing.markers:
        key = element.get("data-cite").split()[0]
        if key in works:
            element.set("href", f"#{works[key][1]}")


@dataclass
class _Citing:
    """What a chapter cites, and the bibliography it may hold."""

    markers: list = field(default_factory=list)  # <a class="ex-cite">
    numbers: list = field(default_factory=list)  # <span class="ex-cite__number">, in markers and tooltips
    works: list = field(default_factory=list)  # <li class="ex-bibliography__item">, then (it, its key)

    def __bool__(self) -> bool:
        return bool(self.markers or self.numbers or self.works)


@dataclass
class _Added:
    section: object
    links: list[tuple[object, str, Target]]
    assumed: set[Target]  # links into chapters that were not added yet
    citing: _Citing
    tips: list  # its <div class="ex-tips"> blocks, taken out of the section


def _inner_html(element) -> str:
    """What is inside `element`, as HTML (its own tag, text before its first child, left out)."""
    return "".join(lxml.etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in element)


def combine(chapters: Sequence[tuple[Chapter, object]], page_url: str) -> str:
    """The chapters, each with its content from `content_tree` or `article_tree`, in this
    order, as one HTML fragment (`PrintBook.html`). The trees are changed."""
    book = PrintBook([chapter.url for chapter, _ in chapters], page_url)
    for chapter, section in chapters:
        book.add(chapter, section)
    return book.html()
