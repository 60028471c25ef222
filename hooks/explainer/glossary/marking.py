"""Python-Markdown extension: mark glossary terms in running text and explain them.

A tree processor walks the parsed page once, in document order. Each text node is
scanned once by the glossary's `TermMatcher`; a found term becomes a link to its
glossary entry that names a tooltip body (the shared tooltip contract):

    <a class="ex-term" data-term="ID" href="…#ID" data-tip="ex-tip-term-ID"
       aria-describedby="ex-tip-term-ID">Term</a>
    …
    <div class="ex-tip" id="ex-tip-term-ID" role="tooltip" hidden>…</div>

Bodies come once per term, at the end of the page (`explainer.core.tips`). Only running text
is marked: headings, links, code, abbreviations, titles of works (`<cite>`) and other
controls are left alone, also when written as raw inline HTML, and so is every
attribute. An italic that is the title of a known work (`titles`: e.g. the titles in
`sources.yml`) is a name too; a title (italic or `<cite>`) that is as a whole one form
of a term, the entry about that work, is marked. A footnote belongs to the section that holds its reference: its terms are
marked and credited as if they stood there.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any

import jinja2
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from explainer.core.rawhtml import HTML_PLACEHOLDER_RE, stashed, tags
from explainer.core.strings import ENGLISH
from explainer.core.tips import TipBlock
from explainer.glossary.data import Glossary, Term, render_definition
from explainer.glossary.termmatch import STX, Conflict, form_key

# A term's tooltip body (tip.html), compiled when the module is imported.
TIP_TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    Path(__file__).with_name("tip.html").read_text("utf-8").rstrip("\n"))

# How often a term is marked: where a reader may arrive (each h2 section), once per page, or always.
MARK_MODES = ("first-per-section", "first-per-page", "every")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Text in these is a name, a control or code: a link inside would be wrong or unusable.
# `cite` holds the title of a work: a name, not running text.
SKIPPED_TAGS = HEADINGS | {
    "a", "abbr", "button", "cite", "code", "dfn", "img", "kbd", "label", "math", "pre", "samp",
    "script", "select", "style", "summary", "svg", "textarea", "var",
}
SKIPPED_CLASSES = {"admonition-title", "headerlink"}
# A character reference as Python-Markdown puts it aside: `&nbsp;`, `&#160;`, `&#xA0;`.
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


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
    page_url: str = ""  # the page's own URL from the site's root, for links in definitions
    enabled: bool = True
    occurrences: list[Occurrence] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)  # overlapping forms: neither marked


def mark_mode(options: Mapping[str, Any], extra: Mapping[str, Any]) -> str:
    """How often a term is marked: the option `mark`, else `extra.glossary.mark`, else the
    first of MARK_MODES. ValueError naming the setting for any other value."""
    if options.get("mark") is not None:
        mark, where = options["mark"], "markdown_extensions: explainer_glossary: mark"
    else:
        glossary = extra.get("glossary") or {}
        mark = glossary.get("mark", MARK_MODES[0]) if isinstance(glossary, dict) else None
        where = "extra.glossary.mark"
    if mark not in MARK_MODES:
        raise ValueError(f"mkdocs.yml: {where} must be one of {', '.join(MARK_MODES)}, not {mark!r}")
    return mark


def tip_id(term_id: str) -> str:
    return f"ex-tip-term-{term_id}"


def tip_html(term: Term, glossary_url: str, definition_html: str | None = None,
             entry_label: str = ENGLISH["tip.glossary_entry"],
             native_lang: str | None = None, romanised_lang: str | None = None) -> str:
    """The tooltip body of a term: its names, its definition, a link to its glossary entry.

    `definition_html`: the definition with its links resolved for the page (default: as written).
    `entry_label`: that link's text; `native_lang`, `romanised_lang`: BCP 47 languages
    of the term's native name and its romanisation, for screen readers (None: not said).
    """
    definition = Markup(term.definition_html if definition_html is None else definition_html)
    return TIP_TEMPLATE.render(id=tip_id(term.id), term=term, definition=definition, glossary_url=glossary_url,
                               entry_label=entry_label, native_lang=native_lang, romanised_lang=romanised_lang)


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
        self.marked_in: dict[str | None, set[str]] = {None: self.marked}  # section -> terms marked there
        self.used: list[str] = []
        self.section: str | None = None
        self.footnote_sections: dict[str, str | None] = {}  # footnote id -> section of its reference
        self.raw_skipped = 0  # raw inline HTML elements open around the text, e.g. <cite>…</cite>
        self._walk(root)
        url = self.page.glossary_page_url or self.page.glossary_url
        self.extension.tips.place(self.md, root, [self.extension.tip(term_id, url) for term_id in self.used])

    # -- walking the tree -------------------------------------------------------

    def _walk(self, element: etree.Element) -> None:
        if element.tag in HEADINGS:
            if element.tag in ("h1", "h2"):
                self.section = element.get("id") or self.section
                if self.mark == "first-per-section":  # an h1 starts a page of its own
                    self.marked = self.marked_in[self.section] = set()
            return
        if element.tag == "a" and "footnote-ref" in (element.get("class") or "").split():
            self.footnote_sections.setdefault((element.get("href") or "").lstrip("#"), self.section)
        if (element.tag in SKIPPED_TAGS and not (element.tag == "cite" and self._names_a_term(element))) or (
            _is_mark(element)
        ):
            return
        if element.tag in ("em", "i") and self.extension.titles and (
            form_key("".join(element.itertext())) in self.extension.titles
        ) and not self._names_a_term(element):
            return  # the title of a work, written in italics
        footnote = element.get("id")
        if footnote in self.footnote_sections:  # a footnote: marked as in the section that cites it
            outside = self.section, self.marked
            self.section = self.footnote_sections[footnote]
            if self.mark == "first-per-section":
                self.marked = self.marked_in.setdefault(self.section, set())
            self._walk_children(element)
            self.section, self.marked = outside
        else:
            self._walk_children(element)

    def _names_a_term(self, title: etree.Element) -> bool:
        """Whether a title of a work is, as a whole, one form of a term (a glossary entry
        about the work itself): then it is marked; a term inside a longer title is not."""
        return not len(title) and self._is_one_form(title.text or "")

    def _is_one_form(self, text: str) -> bool:
        found = self.matcher.find(text.strip(), self._stands_for)
        return len(found) == 1 and found[0].start == 0 and found[0].end == len(text.strip())

    def _walk_children(self, element: etree.Element) -> None:
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
        skipped = self._raw_skipped_spans(text) if STX in text else ()
        if self.raw_skipped and not skipped:
            return text  # inside raw inline HTML that is not running text
        found = self.matcher.scan(text, self._stands_for)
        self.page.conflicts.extend(found.conflicts)
        pieces: list[etree.Element] = []
        kept_until, head = 0, None
        for match in found.matches:
            if self.mark != "every" and match.term_id in self.marked:
                continue
            if any(start < match.end and match.start < end for start, end in skipped):
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

    def _stands_for(self, placeholder: str) -> str | None:
        """The character(s) a stashed character reference stands for; None for other HTML."""
        raw = self._stashed(placeholder)
        return unescape(raw) if raw is not None and _ENTITY.fullmatch(raw) else None

    def _stashed(self, placeholder: str) -> str | None:
        return stashed(self.md, placeholder)

    def _raw_skipped_spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of `text` inside raw inline HTML elements that are not running text.

        Raw tags such as `<cite>` reach the tree as placeholders in the text; the count of
        open ones carries over to the following text nodes until the closing tag.
        """
        spans, start, inner = [], 0 if self.raw_skipped else None, None
        for placeholder in HTML_PLACEHOLDER_RE.finditer(text):
            raw = self._stashed(placeholder.group())
            for tag, opening in tags(raw) if raw else ():
                if tag not in SKIPPED_TAGS or tag in ("img", "br"):
                    continue
                if opening:
                    if not self.raw_skipped:
                        start, inner = placeholder.start(), placeholder.end()
                    self.raw_skipped += 1
                elif self.raw_skipped:
                    self.raw_skipped -= 1
                    if not self.raw_skipped and not (
                        tag == "cite" and inner is not None and self._is_one_form(text[inner:placeholder.start()])
                    ):
                        spans.append((start, placeholder.end()))
        if self.raw_skipped:
            spans.append((start or 0, len(text)))
        return spans

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

    `defer_tips`: keep the tooltip bodies in `tips.html` instead of the page (`explainer.core.tips`).
    `links(href, page_url)`: the final URL of a link written in a definition, on the page
    at `page_url` (None: links stay as written).
    `titles`: titles of works; an italic with one of these texts is not marked.
    `strings`: the interface words (`explainer.core.strings`); `native_lang`, `romanised_lang`:
    the languages of the glossary's native names and their romanisations (BCP 47).
    """

    def __init__(self, glossary: Glossary, mark: str = "first-per-section", page: PageState | None = None,
                 defer_tips: bool = False, links: Callable[[str, str], str] | None = None,
                 titles: Iterable[str] = (), strings: dict[str, str] = ENGLISH,
                 native_lang: str | None = None, romanised_lang: str | None = None):
        if mark not in MARK_MODES:
            raise ValueError(f"mark must be one of {', '.join(MARK_MODES)}, not {mark!r}")
        super().__init__()
        self.glossary, self.mark = glossary, mark
        self.page = page or PageState()
        self.tips = TipBlock(defer_tips)
        self.links = links
        self.titles = frozenset(form_key(title) for title in titles)
        self.entry_label = strings["tip.glossary_entry"]
        self.native_lang, self.romanised_lang = native_lang, romanised_lang
        self._tip_html: dict[tuple[str, str], str] = {}

    def tip(self, term_id: str, glossary_url: str) -> str:
        """A term's tooltip body, made once per build for every page at the same depth."""
        key = (term_id, glossary_url)
        if key not in self._tip_html:
            term, definition = self.glossary.by_id[term_id], None
            if self.links is not None:
                page_url = self.page.page_url
                definition = render_definition(term.definition, lambda href: self.links(href, page_url))
            self._tip_html[key] = tip_html(term, glossary_url, definition, self.entry_label,
                                           self.native_lang, self.romanised_lang)
        return self._tip_html[key]

    def extendMarkdown(self, md: Markdown) -> None:
        self.tips.reset()  # a new page; an empty one runs no tree processor
        # After inline parsing (20), attr_list (8) and toc (5): headings have their ids.
        # Before MkDocs' link rewriting (0), which turns `glossary.md#id` into a URL.
        md.treeprocessors.register(GlossaryTreeprocessor(md, self), "ex-glossary", 4)
