"""Citations in Markdown, the way Pandoc and Quarto write them: `[@key]`, `[@key, p. 4]`, `[@a; @b]`.

A Python-Markdown extension in three steps:

1. An inline processor turns each citation into a pending element. It runs after code
   spans and backslash escapes, so `` `[@key]` `` and `\\[@key]` stay text.
2. A tree processor walks the finished tree in document order, numbers the works by
   first citation, and completes each marker into the shared tooltip contract:

       <a class="ex-cite" id="ex-cite-1" href="#ex-source-KEY" data-cite="KEY"
          data-tip="ex-tip-cite-1" aria-describedby="ex-tip-cite-1" data-search-exclude
          >[<span class="ex-cite__number" data-cite-key="KEY">1</span>]</a>

   with one `<div class="ex-tip" role="tooltip" hidden>` per distinct citation at the
   end of the document (`explainer.core.tips`). A citation of an unknown key becomes
   `<span class="ex-cite-error" data-cite-unknown="KEY">[@KEY]</span>`, which the MkDocs
   hook reports with the page's name.

3. Once every heading has its final id, a last tree processor records what the page
   cites, in document order and by section, in `CitationsExtension.found` (for the
   sources panel and the bibliography's back-links), so nobody parses the HTML again.

Where a citation stands decides what it becomes, so that the HTML is always valid and
every name stays a name:

- in running text, list items, table cells, quotes, admonition and `details` bodies
  and footnotes: a marker. A footnote's citations belong to the section that holds the
  footnote's reference.
- in the text of a link, where a link cannot stand: moved to just after that link
  (a link written in raw HTML, `<a href="…">…</a>`, too).
- in a name that the table of contents, search and copied section names are built from
  (a heading, an admonition title, a `details` summary) or in text that becomes an
  attribute (image text, a link's title): refused. It stays as written, in
  `<span class="ex-cite-error" data-cite-misplaced="…">`, and the hook warns.

The sources panel (`#ex-source-KEY`) is the page template's job: it needs the front
matter, which Python-Markdown never sees.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString
from markupsafe import Markup

from explainer.core.rawhtml import HTML_PLACEHOLDER_RE, stashed, tags
from explainer.core.references import DEFAULT_STYLE, Source, format_reference
from explainer.core.strings import ENGLISH, fill
from explainer.core.tips import TipBlock
from explainer.sources.panel import HEADINGS, Marker, PageCitations

# `[`, then `@`, then anything but brackets up to `]`: the shape of a citation. The
# spaces before it go too, and a line break of the source, so that the raised number
# sits against the word it follows.
CITATION_PATTERN = r"[ \t]*(?:\n[ \t]*)?\[(@[^\[\]\n]*)\]"
# One item inside the brackets: `@key` and an optional locator after a comma.
ITEM = re.compile(r"\s*@(?P<key>[^\s,;@]+)\s*(?:,\s*(?P<locator>[^;]*?))?\s*")
PENDING = "data-ex-cite-pending"
# Places that hold a name, not running text: a citation there is refused.
NAMES = {**{h: "a heading" for h in HEADINGS}, "summary": "a details summary"}
NAME_CLASSES = {"admonition-title": "an admonition title"}
# The number of one work in a marker or a tooltip: <span class="ex-cite__number" data-cite-key="KEY">.
NUMBER, NUMBER_KEY = "ex-cite__number", "data-cite-key"
# A citation's tooltip body (tip.html), compiled when the module is imported.
TIP_TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    Path(__file__).with_name("tip.html").read_text("utf-8").rstrip("\n"))
# A backslash-escaped character, as Python-Markdown keeps it until its unescape step.
ESCAPED = re.compile(f"{STX}(\\d+){ETX}")


@dataclass(frozen=True)
class CiteItem:
    key: str
    locator: str = ""


def parse_citation(body: str) -> list[CiteItem] | None:
    """The items of a citation's inside (`@a, p. 4; @b`), or None if it is not a citation."""
    items = []
    for part in body.split(";"):
        match = ITEM.fullmatch(part)
        if not match:
            return None
        items.append(CiteItem(match["key"], (match["locator"] or "").strip()))
    return items


class CitationsExtension(Extension):
    """`CitationsExtension(sources)`: citations of the works in `sources` (key -> Source).

    `defer_tips`: keep the tooltip bodies in `tips.html` instead of the page (`explainer.core.tips`).
    `strings`: the interface words (`explainer.core.strings`): kinds of work, "Cited at";
    `locale`: the CSL locale of the references (`explainer.core.references.format_reference`).
    """

    def __init__(self, sources: Mapping[str, Source], style: str = DEFAULT_STYLE, defer_tips: bool = False,
                 strings: Mapping[str, str] = ENGLISH, locale: str | None = None, **kwargs):
        self.sources = sources
        self.strings = strings  # the interface words (explainer.core.strings)
        self.reference_html = functools.cache(lambda key: format_reference(sources[key].item, style, locale=locale))
        self.found = PageCitations()  # what the page converted last cites
        self.misplaced: list[tuple[str, str]] = []  # found while converting, before `found` is made
        self.tips = TipBlock(defer_tips)
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # A new Markdown instance, a new page: an empty one runs no tree processor.
        self.found = PageCitations()
        self.misplaced = []
        self.tips.reset()
        pending: list[list[CiteItem]] = []
        # 175: after code spans (190) and escapes (180), before links (160), so that
        # a citation is never read as a link or reference.
        md.inlinePatterns.register(CitationInlineProcessor(CITATION_PATTERN, md, pending), "ex-citation", 175)
        # 19: right after inline processing (20), before anything that serialises.
        md.treeprocessors.register(CitationTreeprocessor(md, pending, self), "ex-citations", 19)
        # 3: after toc and the anchors (5), when every heading has its final id.
        md.treeprocessors.register(FoundCitationsTreeprocessor(md, self), "ex-citations-found", 3)


class CitationInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, pending: list[list[CiteItem]]):
        super().__init__(pattern, md)
        self.pending = pending

    def handleMatch(self, m: re.Match[str], data: str):
        items = parse_citation(self.as_written(m.group(1)))
        if items is None:
            return None, None, None
        element = etree.Element("a", {PENDING: str(len(self.pending))})
        element.text = AtomicString(self.as_written(m.group(0)))
        self.pending.append(items)
        return element, m.start(0), m.end(0)

    def as_written(self, text: str) -> str:
        """`text` with backslash escapes (`p. 4\\*`), which inline processing has already
        put aside by now, back as the characters they stand for (`p. 4*`)."""
        return ESCAPED.sub(lambda m: chr(int(m[1])), self.unescape(text))


class CitationTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, pending: list[list[CiteItem]], extension: CitationsExtension):
        super().__init__(md)
        self.pending = pending
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        markers = [element for element in root.iter("a") if PENDING in element.attrib]
        numbers: dict[str, int] = {}  # key -> its number on this page
        tips: dict[tuple[CiteItem, ...], str] = {}  # distinct citation -> its tooltip id
        cited = 0
        placed = {int(element.get(PENDING)) for element in markers}
        for index, items in enumerate(self.pending):
            if index not in placed:  # its text went into an attribute: image text, a link title
                written = "; ".join(f"@{item.key}" + (f", {item.locator}" if item.locator else "") for item in items)
                self.extension.misplaced.append((f"[{written}]", "image text or a link title"))
        parents = {child: parent for parent in root.iter() for child in parent} if markers else {}
        moved: dict[etree.Element, etree.Element] = {}  # link -> the last marker moved out of it
        for element in markers:
            items = self.pending[int(element.attrib.pop(PENDING))]
            name = _name_around(element, parents)
            if name is not None:
                element.tag = "span"
                element.attrib.update({"class": "ex-cite-error", "data-cite-misplaced": name})
                self.extension.misplaced.append((element.text.strip(), name))
                continue
            _move_out_of_links(element, parents, moved)
            _move_out_of_raw_links(self.md, element, parents)
            unknown = [item.key for item in items if item.key not in self.extension.sources]
            if unknown:
                element.tag = "span"
                element.attrib.update({"class": "ex-cite-error", "data-cite-unknown": " ".join(unknown)})
                continue
            cited += 1
            for item in items:
                numbers.setdefault(item.key, len(numbers) + 1)
            tip_id = tips.setdefault(tuple(items), f"ex-tip-cite-{len(tips) + 1}")
            keys = list(dict.fromkeys(item.key for item in items))
            element.attrib.update({
                "class": "ex-cite",
                "id": f"ex-cite-{cited}",
                "href": f"#ex-source-{keys[0]}",
                "data-cite": " ".join(keys),
                "data-tip": tip_id,
                "aria-describedby": tip_id,
                # Material's search leaves it out of the index: not a word of the text.
                "data-search-exclude": "",
            })
            _number_items(element, items, numbers)
        self.extension.tips.place(self.md, root, [self.tip(tip_id, items, numbers) for items, tip_id in tips.items()])
        self.pending.clear()

    def tip(self, tip_id: str, items: tuple[CiteItem, ...], numbers: dict[str, int]) -> str:
        """The tooltip body of one citation: each work's number, kind and full reference."""
        strings = self.extension.strings
        works = [{
            "key": item.key,
            "number": numbers[item.key],
            "kind": strings["kind." + self.extension.sources[item.key].item["type"]],
            "reference": Markup(self.extension.reference_html(item.key)),
            "locator": fill(strings["tip.cited_at"], locator=item.locator) if item.locator else "",
        } for item in items]
        return TIP_TEMPLATE.render(id=tip_id, works=works, number_class=NUMBER, number_key=NUMBER_KEY)


def _number_items(element: etree.Element, items: list[CiteItem], numbers: dict[str, int]) -> None:
    """Write the marker's text, `[1]`, `[1, p. 4; 2]`, each number in a span that names
    its work, for a page that numbers the works its own way (the print page)."""
    element.text = AtomicString("[")
    for index, item in enumerate(items):
        number = etree.SubElement(element, "span", {"class": NUMBER, NUMBER_KEY: item.key})
        number.text = AtomicString(str(numbers[item.key]))
        locator = f", {item.locator}" if item.locator else ""
        number.tail = AtomicString(locator + ("]" if index == len(items) - 1 else "; "))


class FoundCitationsTreeprocessor(Treeprocessor):
    """Records the page's markers, each in the section of the nearest heading above it,
    and the keys of its unknown citations."""

    def __init__(self, md: Markdown, extension: CitationsExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        found = self.extension.found = PageCitations()
        found.misplaced.extend(self.extension.misplaced)
        self.footnote_sections: dict[str, str | None] = {}  # footnote id -> section of its reference
        self.section: str | None = None
        self._walk(root, found)

    def _walk(self, element: etree.Element, found: PageCitations) -> None:
        for child in element:
            classes = (child.get("class") or "").split()
            if child.tag in HEADINGS and child.get("id"):
                self.section = child.get("id")
            elif child.tag == "a" and "footnote-ref" in classes:
                self.footnote_sections.setdefault((child.get("href") or "").lstrip("#"), self.section)
            elif child.tag == "a" and "ex-cite" in classes and child.get("data-cite"):
                keys = tuple(child.get("data-cite").split())
                found.markers.append(Marker(child.get("id", ""), keys, self.section))
            elif child.get("data-cite-unknown"):
                found.unknown.extend(child.get("data-cite-unknown").split())
            if child.get("id") in self.footnote_sections:  # cited where the footnote's reference is
                outside, self.section = self.section, self.footnote_sections[child.get("id")]
                self._walk(child, found)
                self.section = outside
            else:
                self._walk(child, found)


def _name_around(element: etree.Element, parents: dict[etree.Element, etree.Element]) -> str | None:
    """What kind of name `element` stands in, or None if it stands in running text."""
    parent = parents.get(element)
    while parent is not None:
        if parent.tag in NAMES:
            return NAMES[parent.tag]
        for name in NAME_CLASSES.keys() & set((parent.get("class") or "").split()):
            return NAME_CLASSES[name]
        parent = parents.get(parent)
    return None


def _move_out_of_links(element: etree.Element, parents: dict[etree.Element, etree.Element],
                       moved: dict[etree.Element, etree.Element]) -> None:
    """A marker in a link's text goes to just after the (outermost) link: no link in a link.
    Several go in the order they were written (`moved`: link -> the last one moved)."""
    link, parent = None, parents.get(element)
    while parent is not None:
        if parent.tag == "a":
            link = parent
        parent = parents.get(parent)
    if link is None:
        return
    _remove(element, parents)
    outer, anchor = parents[link], moved.get(link, link)
    outer.insert(list(outer).index(anchor) + 1, element)
    parents[element] = outer
    element.tail, anchor.tail = anchor.tail, None
    moved[link] = element


def _move_out_of_raw_links(md: Markdown, element: etree.Element,
                           parents: dict[etree.Element, etree.Element]) -> None:
    """A marker between a raw `<a …>` and its `</a>` goes to just after the `</a>`."""
    parent = parents[element]
    siblings = list(parent)
    index = siblings.index(element)
    texts_before = [parent.text, *(sibling.tail for sibling in siblings[:index])]
    if not any(text and STX in text for text in texts_before):
        return
    depth = sum(_raw_link_depth(md, text) for text in texts_before if text)
    if depth <= 0:
        return
    # The closing tag: in the marker's own tail or in a later sibling's.
    for holder in [element, *siblings[index + 1:]]:
        text = holder.tail or ""
        for placeholder in HTML_PLACEHOLDER_RE.finditer(text):
            depth += _raw_link_depth(md, placeholder.group())
            if depth <= 0:
                cut = placeholder.end()
                if holder is element:
                    _swap_tail(element, parent, cut, text)
                else:
                    holder.tail = text[:cut]
                    _remove(element, parents)
                    parent.insert(list(parent).index(holder) + 1, element)
                    element.tail = text[cut:]
                return


def _swap_tail(element: etree.Element, parent: etree.Element, cut: int, text: str) -> None:
    """The marker's tail holds the closing tag: what comes before it goes before the marker."""
    index = list(parent).index(element)
    before = text[:cut]
    if index:
        parent[index - 1].tail = (parent[index - 1].tail or "") + before
    else:
        parent.text = (parent.text or "") + before
    element.tail = text[cut:]


def _raw_link_depth(md: Markdown, text: str) -> int:
    """How many raw `<a>` the placeholders in `text` open (positive) or close (negative)."""
    depth = 0
    for placeholder in HTML_PLACEHOLDER_RE.finditer(text):
        raw = stashed(md, placeholder.group())
        for tag, opening in tags(raw) if raw else ():
            if tag == "a":
                depth += 1 if opening else -1
    return depth


def _remove(element: etree.Element, parents: dict[etree.Element, etree.Element]) -> None:
    """Take `element` out of its parent; its tail stays where it was."""
    parent = parents[element]
    index = list(parent).index(element)
    if element.tail:
        if index:
            parent[index - 1].tail = (parent[index - 1].tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    element.tail = None
    parent.remove(element)
