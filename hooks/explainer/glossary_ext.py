"""Python-Markdown extension: mark glossary terms in running text and explain them.

A tree processor walks the parsed page once, in document order. Each text node is
scanned once by the glossary's `TermMatcher`; a found term becomes a link to its
glossary entry that names a tooltip body (the shared tooltip contract):

    <a class="ex-term" data-term="ID" href="…#ID" data-tip="ex-tip-term-ID"
       aria-describedby="ex-tip-term-ID">Schufa</a>
    …
    <div class="ex-tip" id="ex-tip-term-ID" role="tooltip" hidden>…</div>

Bodies are appended once per term at the end of the page. Headings, links, code,
abbreviations and other controls are left alone, and so is every attribute.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from explainer.glossary_data import Glossary, Term

# How often a term is marked: where a reader may arrive (each h2 section), once per page, or always.
MARK_MODES = ("first-per-section", "first-per-page", "every")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Text in these is a name, a control or code: a link inside would be wrong or unusable.
SKIPPED_TAGS = HEADINGS | {
    "a", "abbr", "button", "code", "dfn", "img", "kbd", "label", "math", "pre", "samp",
    "script", "select", "style", "summary", "svg", "textarea", "var",
}
SKIPPED_CLASSES = {"admonition-title", "headerlink"}


@dataclass(frozen=True)
class Occurrence:
    """A term marked on the page, in the section under the heading with `section_id`."""

    term_id: str
    section_id: str | None


@dataclass
class PageState:
    """What the extension needs to know about the page being converted, and what it found."""

    glossary_url: str = "glossary.md"  # the glossary page, as a link written on this page
    enabled: bool = True
    occurrences: list[Occurrence] = field(default_factory=list)


def tip_id(term_id: str) -> str:
    return f"ex-tip-term-{term_id}"


class GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, glossary: Glossary, mark: str, page: PageState):
        super().__init__(md)
        self.glossary, self.mark, self.page = glossary, mark, page
        self.matcher = glossary.matcher

    def run(self, root: etree.Element) -> None:
        if not self.page.enabled or not self.glossary.terms:
            return
        self.marked: set[str] = set()
        self.used: list[str] = []
        self.section: str | None = None
        self._walk(root)
        for term_id in self.used:
            root.append(self._tip(self.glossary.by_id[term_id]))

    # -- walking the tree -------------------------------------------------------

    def _walk(self, element: etree.Element) -> None:
        if element.tag in HEADINGS:
            if element.tag in ("h1", "h2"):
                self.section = element.get("id") or self.section
                if self.mark == "first-per-section":  # an h1 starts a page of its own
                    self.marked.clear()
            return
        if element.tag in SKIPPED_TAGS or _is_mark(element):
            return
        children = len(element)
        element.text = self._mark_text(element.text, element, 0)
        index = len(element) - children  # past the links just inserted
        while index < len(element):
            child = element[index]
            self._walk(child)
            inserted = len(element)
            child.tail = self._mark_text(child.tail, element, index + 1)
            index += 1 + len(element) - inserted

    def _mark_text(self, text: str | None, parent: etree.Element, position: int) -> str | None:
        """Mark terms in one text node; new links are inserted into `parent` at `position`."""
        if not text:
            return text
        pieces: list[etree.Element] = []
        kept_until, head = 0, None
        for match in self.matcher.find(text):
            if self.mark != "every" and match.term_id in self.marked:
                continue
            link = self._link(match.term_id, text[match.start:match.end])
            if pieces:
                pieces[-1].tail = text[kept_until:match.start]
            else:
                head = text[:match.start]
            pieces.append(link)
            kept_until = match.end
        if not pieces:
            return text
        pieces[-1].tail = text[kept_until:]
        for offset, link in enumerate(pieces):
            parent.insert(position + offset, link)
        return head

    # -- the markup -------------------------------------------------------------

    def _link(self, term_id: str, text: str) -> etree.Element:
        self.marked.add(term_id)
        if term_id not in self.used:
            self.used.append(term_id)
        self.page.occurrences.append(Occurrence(term_id, self.section))
        link = etree.Element("a", {
            "class": "ex-term",
            "data-term": term_id,
            "href": f"{self.page.glossary_url}#{term_id}",
            "data-tip": tip_id(term_id),
            "aria-describedby": tip_id(term_id),
        })
        link.text = text
        return link

    def _tip(self, term: Term) -> etree.Element:
        tip = etree.Element("div", {
            "class": "ex-tip", "id": tip_id(term.id), "role": "tooltip", "hidden": "hidden",
            # The definition belongs to the glossary page, not to every page's search entry.
            "data-search-exclude": "true",
        })
        title = etree.SubElement(tip, "p", {"class": "ex-tip__title"})
        etree.SubElement(title, "strong").text = term.term
        if term.native:
            etree.SubElement(title, "span", {"lang": "zh"}).text = term.native
        if term.pinyin:
            etree.SubElement(title, "span", {"lang": "zh-Latn-pinyin"}).text = term.pinyin
        body = etree.SubElement(tip, "div", {"class": "ex-tip__body"})
        body.text = self.md.htmlStash.store(term.definition_html)
        more = etree.SubElement(tip, "p", {"class": "ex-tip__more"})
        # The term itself already links here, so this copy stays out of the tab order.
        etree.SubElement(more, "a", {
            "href": f"{self.page.glossary_url}#{term.id}", "tabindex": "-1",
        }).text = "Glossary entry"
        return tip


def _is_mark(element: etree.Element) -> bool:
    """Another mark (a term, a citation), or a title that is not running text."""
    if "data-tip" in element.attrib or "data-term" in element.attrib:
        return True
    return not SKIPPED_CLASSES.isdisjoint((element.get("class") or "").split())


class GlossaryExtension(Extension):
    """Register with a glossary, a mark mode and the `PageState` of the page being converted."""

    def __init__(self, glossary: Glossary, mark: str = "first-per-section", page: PageState | None = None):
        if mark not in MARK_MODES:
            raise ValueError(f"mark must be one of {', '.join(MARK_MODES)}, not {mark!r}")
        super().__init__()
        self.glossary, self.mark = glossary, mark
        self.page = page or PageState()

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline parsing (20), attr_list (8) and toc (5): headings have their ids.
        # Before MkDocs' link rewriting (0), which turns `glossary.md#id` into a URL.
        md.treeprocessors.register(GlossaryTreeprocessor(md, self.glossary, self.mark, self.page), "ex-glossary", 4)
