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
   end of the document (`explainer.tips`). A citation of an unknown key becomes
   `<span class="ex-cite-error" data-cite-unknown="KEY">[@KEY]</span>`, which the MkDocs
   hook reports with the page's name.

3. Once every heading has its final id, a last tree processor records what the page
   cites, in document order and by section, in `CitationsExtension.found` (for the
   sources panel and the bibliography's back-links), so nobody parses the HTML again.

The sources panel (`#ex-source-KEY`) is the page template's job: it needs the front
matter, which Python-Markdown never sees.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

from explainer.panel import HEADINGS, Marker, PageCitations
from explainer.references import DEFAULT_STYLE, Source, format_reference
from explainer.tips import TipBlock

# `[`, then `@`, then anything but brackets up to `]`: the shape of a citation. The
# spaces before it go too, so that the raised number sits against the word it follows.
CITATION_PATTERN = r"[ \t]*\[(@[^\[\]\n]*)\]"
# One item inside the brackets: `@key` and an optional locator after a comma.
ITEM = re.compile(r"\s*@(?P<key>[^\s,;@]+)\s*(?:,\s*(?P<locator>[^;]*?))?\s*")
PENDING = "data-ex-cite-pending"
# The number of one work in a marker or a tooltip: <span class="ex-cite__number" data-cite-key="KEY">.
NUMBER, NUMBER_KEY = "ex-cite__number", "data-cite-key"
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

    `defer_tips`: keep the tooltip bodies in `tips.html` instead of the page (`explainer.tips`).
    """

    def __init__(self, sources: Mapping[str, Source], style: str = DEFAULT_STYLE, defer_tips: bool = False,
                 **kwargs):
        self.sources = sources
        self.reference_html = functools.cache(lambda key: format_reference(sources[key].item, style))
        self.found = PageCitations()  # what the page converted last cites
        self.tips = TipBlock(defer_tips)
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # A new Markdown instance, a new page: an empty one runs no tree processor.
        self.found = PageCitations()
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
        for element in markers:
            items = self.pending[int(element.attrib.pop(PENDING))]
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
        lines = []
        for item in items:
            number = f'<span class="{NUMBER}" {NUMBER_KEY}="{escape(item.key)}">{numbers[item.key]}</span>'
            kind = f"{number} · {escape(self.extension.sources[item.key].kind)}"
            line = (f'<p class="ex-cite-tip"><span class="ex-cite-tip__kind">{kind}</span>'
                    f'<span class="ex-cite-tip__reference">{self.extension.reference_html(item.key)}</span>')
            if item.locator:
                line += f'<span class="ex-cite-tip__locator">Cited at: {escape(item.locator)}</span>'
            lines.append(line + "</p>")
        return f'<div class="ex-tip ex-tip--cite" id="{tip_id}" role="tooltip" hidden>{"".join(lines)}</div>'


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
        section = None
        for element in root.iter():
            if element.tag in HEADINGS and element.get("id"):
                section = element.get("id")
            elif element.tag == "a" and "ex-cite" in (element.get("class") or "").split() and element.get("data-cite"):
                keys = tuple(element.get("data-cite").split())
                found.markers.append(Marker(element.get("id", ""), keys, section))
            elif element.get("data-cite-unknown"):
                found.unknown.extend(element.get("data-cite-unknown").split())
