"""Python-Markdown extension: mark glossary terms in running text and explain them.

A tree processor walks the parsed page once, in document order. Each text node is
scanned once by the glossary's `TermMatcher`; a found term becomes a link to its
glossary entry that names a tooltip body (the shared tooltip contract):

    <a class="ex-term" data-term="ID" href="…#ID" data-tip="ex-tip-term-ID"
       aria-describedby="ex-tip-term-ID">Term</a>
    …
    <div class="ex-tip" id="ex-tip-term-ID" role="tooltip" hidden>…</div>

Bodies come once per term, at the end of the page (`explainer.tips`). Headings, links,
code, abbreviations and other controls are left alone, and so is every attribute.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html import escape

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from explainer.glossary_data import Glossary, Term
from explainer.strings import ENGLISH
from explainer.tips import TipBlock

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
    # The same as a final URL, for the tooltip bodies, which no link rewriting reaches
    # (MkDocs turns `glossary.md` into `glossary/` only in the tree). None: `glossary_url`.
    glossary_page_url: str | None = None
    enabled: bool = True
    occurrences: list[Occurrence] = field(default_factory=list)


def tip_id(term_id: str) -> str:
    return f"ex-tip-term-{term_id}"


def tip_html(term: Term, glossary_url: str, entry_label: str = ENGLISH["tip.glossary_entry"],
             native_lang: str | None = None, romanised_lang: str | None = None) -> str:
    """The tooltip body of a term: its names, its definition, a link to its glossary entry.

    `entry_label`: that link's text; `native_lang`, `romanised_lang`: BCP 47 languages
    of the term's native name and its romanisation, for screen readers (None: not said).
    """
    title = f"<strong>{escape(term.term)}</strong>"
    if term.native:
        title += f"<span{lang_attribute(native_lang)}>{escape(term.native)}</span>"
    if term.pinyin:
        title += f"<span{lang_attribute(romanised_lang)}>{escape(term.pinyin)}</span>"
    return (
        f'<div class="ex-tip" id="{tip_id(term.id)}" role="tooltip" hidden>'
        f'<p class="ex-tip__title">{title}</p>'
        f'<div class="ex-tip__body">{term.definition_html}</div>'
        # The term itself already links there, so this copy stays out of the tab order.
        f'<p class="ex-tip__more"><a href="{escape(glossary_url)}#{term.id}" tabindex="-1">'
        f"{escape(entry_label)}</a></p>"
        "</div>"
    )


def lang_attribute(lang: str | None) -> str:
    """` lang="…"` for an element in `lang`, or nothing when it is not known."""
    return f' lang="{escape(lang)}"' if lang else ""


class GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: GlossaryExtension):
        super().__init__(md)
        self.extension = extension
        self.glossary, self.mark, self.page = extension.glossary, extension.mark, extension.page
        self.matcher = self.glossary.matcher

    def run(self, root: etree.Element) -> None:
        if not self.page.enabled or not self.glossary.terms:
            return
        self.marked: set[str] = set()
        self.used: list[str] = []
        self.section: str | None = None
        self._walk(root)
        url = self.page.glossary_page_url or self.page.glossary_url
        self.extension.tips.place(self.md, root, [self.extension.tip(term_id, url) for term_id in self.used])

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


def _is_mark(element: etree.Element) -> bool:
    """Another mark (a term, a citation), or a title that is not running text."""
    if "data-tip" in element.attrib or "data-term" in element.attrib:
        return True
    return not SKIPPED_CLASSES.isdisjoint((element.get("class") or "").split())


class GlossaryExtension(Extension):
    """Register with a glossary, a mark mode and the `PageState` of the page being converted.

    `defer_tips`: keep the tooltip bodies in `tips.html` instead of the page (`explainer.tips`).
    `strings`: the interface words (`explainer.strings`); `native_lang`, `romanised_lang`:
    the languages of the glossary's native names and their romanisations (BCP 47).
    """

    def __init__(self, glossary: Glossary, mark: str = "first-per-section", page: PageState | None = None,
                 defer_tips: bool = False, strings: dict[str, str] = ENGLISH,
                 native_lang: str | None = None, romanised_lang: str | None = None):
        if mark not in MARK_MODES:
            raise ValueError(f"mark must be one of {', '.join(MARK_MODES)}, not {mark!r}")
        super().__init__()
        self.glossary, self.mark = glossary, mark
        self.page = page or PageState()
        self.tips = TipBlock(defer_tips)
        self.entry_label = strings["tip.glossary_entry"]
        self.native_lang, self.romanised_lang = native_lang, romanised_lang
        self._tip_html: dict[tuple[str, str], str] = {}

    def tip(self, term_id: str, glossary_url: str) -> str:
        """A term's tooltip body, made once per build for every page at the same depth."""
        key = (term_id, glossary_url)
        if key not in self._tip_html:
            self._tip_html[key] = tip_html(self.glossary.by_id[term_id], glossary_url, self.entry_label,
                                           self.native_lang, self.romanised_lang)
        return self._tip_html[key]

    def extendMarkdown(self, md: Markdown) -> None:
        self.tips.reset()  # a new page; an empty one runs no tree processor
        # After inline parsing (20), attr_list (8) and toc (5): headings have their ids.
        # Before MkDocs' link rewriting (0), which turns `glossary.md#id` into a URL.
        md.treeprocessors.register(GlossaryTreeprocessor(md, self), "ex-glossary", 4)
