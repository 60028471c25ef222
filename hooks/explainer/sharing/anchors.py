"""Stable addresses inside a page: paragraph anchors and id aliases.

A Python-Markdown extension, so that it works in any Python-Markdown based generator:

- **Paragraph anchors** (when `paragraphs` is on): every top-level paragraph gets an id
  numbered within its section, `data-reliability-2` for the second paragraph after the
  heading `{#data-reliability}`, and a permalink shown on hover like a heading's.
- **Aliases**: an element that carries `aliases="old-id other-old-id"` (written with
  `attr_list`, e.g. `## Data quality {#data-quality aliases="data-reliability"}`, or
  `{: aliases="data-reliability-3"}` under a paragraph) keeps those old ids as empty
  anchors inside it, so links published with an old id still land on it.

- **Edition sections**: a heading with the class `ex-edition` (`## Reading guide
  {#reading-guide .ex-edition}`) starts a section that this edition wrote, not the
  author: its id and those of the headings under it, up to the next heading of its
  level or above, are collected in `extension.edition_sections`, so that no citation
  crediting the author is offered for them.
- **Edition headings and paragraphs in the author's text**: a heading with the class
  `ex-edition` inside a section of the author's (an `### Overview {#overview
  .ex-edition}` under the author's `##`) is only a heading the edition added: it is
  collected too, but the text and headings under it stay the author's, and the
  author's paragraphs go on being numbered in the author's section, as if it were not
  there. A paragraph with the class (`{: .ex-edition }` under it) is not counted
  among the author's either: the edition's paragraphs of a section are numbered apart
  (`data-reliability-edition-1`), so neither changes an address of the author's text.

Problems (an alias or a paragraph id that is already taken) are collected in
`extension.problems` for the caller to report, because a Markdown extension does not
know which file it is rendering.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
EDITION_CLASS = "ex-edition"
AUTHOR, EDITION, ADDED = "author", "edition", "added"  # whose a heading is: `heading_roles`
ALIAS_ATTRIBUTE = "aliases"
ID = re.compile(r"[A-Za-z0-9][\w.:-]*")


def paragraph_id(section_id: str, number: int, edition: bool = False) -> str:
    """The address of the `number`th paragraph (from 1) of the section `section_id`, or
    of its `number`th paragraph that this edition wrote (`edition`)."""
    return f"{section_id}-edition-{number}" if edition else f"{section_id}-{number}"


class AnchorsTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: AnchorsExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        taken = {el.get("id") for el in root.iter() if el.get("id")}
        if self.extension.paragraphs:
            self.number_paragraphs(root, taken)
        self.extension.edition_sections |= edition_sections(root)
        for element in list(root.iter()):
            if ALIAS_ATTRIBUTE in element.attrib:
                self.add_aliases(element, element.attrib.pop(ALIAS_ATTRIBUTE).split(), taken)

    def number_paragraphs(self, root: etree.Element, taken: set[str]) -> None:
        roles = heading_roles(root)
        section, counts = None, {False: 0, True: 0}  # the author's paragraphs, the edition's
        for child in root:
            if child.tag in HEADINGS and child.get("id") and roles[child] != ADDED:
                section, counts = child.get("id"), {False: 0, True: 0}
            elif child.tag == "p" and section is not None and not is_raw_html(child):
                edition = has_class(child, EDITION_CLASS)
                counts[edition] += 1
                number = counts[edition]
                if child.get("id"):
                    continue  # an explicit id wins; the count stays the same
                anchor = paragraph_id(section, number, edition)
                if anchor in taken:
                    self.extension.problems.append(
                        f"paragraph {number} of section '{section}' cannot get the id "
                        f"'{anchor}': it is already used on this page"
                    )
                    continue
                taken.add(anchor)
                child.set("id", anchor)
                child.append(permalink(anchor, self.extension.paragraph_title))

    def add_aliases(self, element: etree.Element, aliases: list[str], taken: set[str]) -> None:
        anchors = []
        for alias in aliases:
            if not ID.fullmatch(alias) or alias in taken:
                reason = "is not a valid id" if not ID.fullmatch(alias) else "is already used on this page"
                self.extension.problems.append(f"the alias '{alias}' of '#{element.get('id')}' {reason}")
                continue
            taken.add(alias)
            anchors.append(etree.Element("span", {"id": alias, "class": "ex-alias"}))
        if not anchors:
            return
        # First inside the element, so that the old address lands on its start.
        anchors[-1].tail, element.text = element.text, None
        for position, anchor in enumerate(anchors):
            element.insert(position, anchor)


def edition_sections(root: etree.Element) -> set[str]:
    """Ids of the top-level headings this edition wrote (`heading_roles`: EDITION or ADDED)."""
    return {heading.get("id") for heading, role in heading_roles(root).items() if role != AUTHOR and heading.get("id")}


def heading_roles(root: etree.Element) -> dict[etree.Element, str]:
    """Each top-level heading's author: AUTHOR; EDITION, in a section this edition wrote
    (a heading with the class EDITION_CLASS that no section of the author's holds, and
    every heading under it); or ADDED, a heading with the class inside a section of the
    author's (below an unmarked h2 to h6, the h1 being the page's title), whose text and
    subheadings stay the author's."""
    roles, open_sections = {}, []  # (level, role) of the sections the heading is in
    for child in root:
        if child.tag not in HEADINGS:
            continue
        level = int(child.tag[1])
        while open_sections and open_sections[-1][0] >= level:
            open_sections.pop()
        in_edition = any(role == EDITION for _, role in open_sections)
        in_author = any(role != EDITION and outer >= 2 for outer, role in open_sections)
        if in_edition or has_class(child, EDITION_CLASS) and not in_author:
            roles[child] = EDITION
        else:
            roles[child] = ADDED if has_class(child, EDITION_CLASS) else AUTHOR
        open_sections.append((level, roles[child]))
    return roles


def has_class(element: etree.Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def is_raw_html(paragraph: etree.Element) -> bool:
    """A paragraph that only holds the placeholder of a raw HTML block (the author's text is Markdown)."""
    return len(paragraph) == 0 and HTML_PLACEHOLDER_RE.fullmatch((paragraph.text or "").strip()) is not None


def permalink(anchor: str, title: str) -> etree.Element:
    link = etree.Element("a", {
        "class": "headerlink ex-para-link",
        "href": f"#{anchor}",
        "title": title,
        "aria-label": title,
        # The pilcrow is not text of the paragraph: keep it out of the search index.
        "data-search-exclude": "",
    })
    link.text = "¶"
    return link


class AnchorsExtension(Extension):
    """`paragraphs` may be switched per page between conversions (the hook does)."""

    def __init__(self, **kwargs):
        self.config = {
            "paragraphs": [False, "Give top-level paragraphs numbered anchors"],
            "paragraph_title": ["Link to this paragraph", "Title of a paragraph's permalink"],
        }
        super().__init__(**kwargs)
        self.paragraphs = self.getConfig("paragraphs")
        self.paragraph_title = self.getConfig("paragraph_title")
        self.problems: list[str] = []
        self.edition_sections: set[str] = set()  # of the page converted last

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Same priority as `toc` and registered after it, so it runs once every heading
        # has its final id; MkDocs registers its anchor collector (also 5) later still,
        # so the ids added here count for `validation: anchors`.
        md.treeprocessors.register(AnchorsTreeprocessor(md, self), "ex_anchors", 5)

    def reset(self) -> None:
        self.problems = []
        self.edition_sections = set()


def makeExtension(**kwargs) -> AnchorsExtension:  # noqa: N802 (Python-Markdown's API name)
    return AnchorsExtension(**kwargs)
