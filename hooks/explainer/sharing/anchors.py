"""Stable addresses inside a page: paragraph anchors and id aliases.

A Python-Markdown extension, so that it works in any Python-Markdown based generator:

- **Paragraph anchors** (when `paragraphs` is on): every top-level paragraph gets an id
  numbered within its section, `data-reliability-2` for the second paragraph after the
  heading `{#data-reliability}`, and a permalink shown on hover like a heading's.
- **Published paragraph addresses follow their text** (when the page's `published`
  addresses are given: the record of the edition, `explainer.sharing.record`): a
  paragraph address that has been published keeps pointing at the paragraph that
  begins with the text it was published for, wherever splitting, joining, inserting
  or reordering paragraphs moved it. It is that paragraph's id when both are in the
  same section, else an alias in it; an address whose text now stands inside a
  paragraph (two were joined) is an alias there. A paragraph whose text was never
  published gets its position's id if no published address uses it, else the next
  number that none uses: a published address never names other text. An address
  whose text is gone from the page is a problem, unless the maintainer gave it to a
  paragraph as an alias or an id.
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
from difflib import SequenceMatcher

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from explainer.core.readertext import form_key

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
EDITION_CLASS = "ex-edition"
AUTHOR, EDITION, ADDED = "author", "edition", "added"  # whose a heading is: `heading_roles`
ALIAS_ATTRIBUTE = "aliases"
ID = re.compile(r"[A-Za-z0-9][\w.:-]*")
PARAGRAPH_ID = re.compile(r"(.+)-([0-9]+)")
# A paragraph's fingerprint: its first words, normalised. Eight words tell the paragraphs
# of an article apart; a repair of the extraction's damage (a typo, a word broken by a
# hyphen, a soft hyphen, white space) leaves them at least this similar (difflib's ratio).
FINGERPRINT_WORDS = 8
SIMILAR = 0.9
_WORD = re.compile(r"\w+")


def paragraph_id(section_id: str, number: int, edition: bool = False) -> str:
    """The address of the `number`th paragraph (from 1) of the section `section_id`, or
    of its `number`th paragraph that this edition wrote (`edition`)."""
    return f"{section_id}-edition-{number}" if edition else f"{section_id}-{number}"


def words(text: str) -> str:
    """A paragraph's text as its fingerprint compares it: its words, normalised (NFKC, no
    invisible characters, case folded, see `explainer.glossary.termmatch.form_key`), one
    space apart; Python-Markdown's placeholders of raw HTML count as a space."""
    return " ".join(_WORD.findall(form_key(HTML_PLACEHOLDER_RE.sub(" ", text))))


def fingerprint(text: str) -> str:
    """What the record of published addresses keeps of a paragraph: its first words."""
    return " ".join(words(text).split(" ")[:FINGERPRINT_WORDS])


def likeness(text_words: str, printed: str) -> float:
    """How alike the beginning of a paragraph (its `words`) and a fingerprint are, from 0 to 1
    (difflib's ratio of the two texts, 1 when the paragraph begins with the fingerprint)."""
    if not printed:
        return 0.0
    if text_words.startswith(printed) or (
        printed.startswith(text_words) and text_words.count(" ") >= 3  # split inside its first words
    ):
        return 1.0
    return SequenceMatcher(None, printed, text_words[:len(printed)]).ratio()


def begins_with(text_words: str, printed: str) -> bool:
    """Whether a paragraph (its `words`) begins with the text of the fingerprint `printed`."""
    return likeness(text_words, printed) >= SIMILAR


def holds(text_words: str, printed: str) -> bool:
    """Whether the fingerprint's text begins anywhere inside a paragraph (its `words`)."""
    if not printed or printed in text_words:
        return bool(printed)
    first = printed.split(" ", 1)[0]
    starts = [m.end() for m in re.finditer(" ", text_words)]
    return any(text_words.startswith(first, start) and begins_with(text_words[start:], printed)
               for start in starts)


class AnchorsTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: AnchorsExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        self.report_twice_given(root)
        taken = {el.get("id") for el in root.iter() if el.get("id")}
        if self.extension.paragraphs:
            given = {alias for el in root.iter() for alias in el.get(ALIAS_ATTRIBUTE, "").split()}
            self.number_paragraphs(root, taken, given)
        self.extension.edition_sections |= edition_sections(root)
        for element in list(root.iter()):
            if ALIAS_ATTRIBUTE in element.attrib:
                self.add_aliases(element, element.attrib.pop(ALIAS_ATTRIBUTE).split(), taken)

    def report_twice_given(self, root: etree.Element) -> None:
        """An id written on two elements of the page (`## A {#x}` and `## B {#x}`; Python-Markdown's
        `toc` makes only the ids it writes itself unique): an address that leads to the first only."""
        first: dict[str, etree.Element] = {}
        for element in root.iter():
            ident = element.get("id")
            if not ident:
                continue
            if ident not in first:
                first[ident] = element
                continue
            words = [_words_of(found)[:40] for found in (first[ident], element)]
            self.extension.problems.append(f"the id '{ident}' is written twice on this page ('{words[0]}' and "
                                           f"'{words[1]}'): a link to it leads to the first only; give each its own")

    def number_paragraphs(self, root: etree.Element, taken: set[str], given: set[str]) -> None:
        """Ids for the top-level paragraphs: by position, or where published addresses
        point (see the module's docstring). `given`: ids the page gives as aliases."""
        roles = heading_roles(root)
        # (section, the ids' stem: the section's or its edition paragraphs', position, paragraph)
        paragraphs: list[tuple[str, str, int, etree.Element]] = []
        section, counts = None, {False: 0, True: 0}  # the author's paragraphs, the edition's
        for child in root:
            if child.tag in HEADINGS and child.get("id") and roles[child] != ADDED:
                section, counts = child.get("id"), {False: 0, True: 0}
            elif child.tag == "p" and section is not None and not is_raw_html(child):
                edition = has_class(child, EDITION_CLASS)
                counts[edition] += 1
                if not child.get("id"):  # an explicit id wins; the count stays the same
                    stem = paragraph_id(section, 0, edition).removesuffix("-0")
                    paragraphs.append((section, stem, counts[edition], child))
        published = {id: printed for id, printed in self.extension.published.items()
                     if id not in taken and id not in given}
        carried = self.follow_text([(stem, n, child) for _, stem, n, child in paragraphs], published) \
            if published else {}
        recorded = set(self.extension.published)
        for id in (id for ids in carried.values() for id in ids):
            taken.add(id)
        highest: dict[str, int] = {}  # stem -> the highest number published or given
        for id in recorded | taken:
            if (parts := PARAGRAPH_ID.fullmatch(id)) is not None:
                highest[parts[1]] = max(highest.get(parts[1], 0), int(parts[2]))
        for section, stem, number, child in paragraphs:
            ids = carried.get(child, [])
            own = next((id for id in ids if (parts := PARAGRAPH_ID.fullmatch(id)) and parts[1] == stem), None)
            if own is not None:
                anchor, aliases = own, [id for id in ids if id != own]
            else:
                anchor, aliases = paragraph_id(stem, number), ids
                if anchor in recorded or (anchor in taken and published):
                    highest[stem] = highest.get(stem, 0) + 1
                    anchor = paragraph_id(stem, highest[stem])
            if anchor in taken and anchor not in ids:
                self.extension.problems.append(
                    f"paragraph {number} of section '{section}' cannot get the id "
                    f"'{anchor}': it is already used on this page"
                )
                continue
            taken.add(anchor)
            child.set("id", anchor)
            if aliases:
                child.set(ALIAS_ATTRIBUTE, " ".join([*aliases, *child.get(ALIAS_ATTRIBUTE, "").split()]))
                taken.difference_update(aliases)  # add_aliases takes them again
            child.append(permalink(anchor, self.extension.paragraph_title))

    def follow_text(self, paragraphs: list[tuple[str, int, etree.Element]],
                    published: dict[str, str]) -> dict[etree.Element, list[str]]:
        """Where each published paragraph address points now: paragraph -> its addresses.

        In turn: the paragraph at the address's own position, if it still begins with the
        address's text; else another that begins with it; else one that holds it. An
        address found nowhere is reported in `problems`."""
        texts = {child: words("".join(child.itertext())) for _, _, child in paragraphs}
        at = {paragraph_id(section, number): child for section, number, child in paragraphs}
        carried: dict[etree.Element, list[str]] = {}
        first = set()  # paragraphs that kept or took a published address of their own position
        unplaced = []
        for id, printed in published.items():
            child = at.get(id)
            if printed and child is not None and begins_with(texts[child], printed):
                carried.setdefault(child, []).insert(0, id)
                first.add(child)
            else:
                unplaced.append(id)
        for id in unplaced:
            printed = published[id]
            alike = max(((likeness(texts[c], printed), c) for c in texts if c not in first),
                        default=(0.0, None), key=lambda pair: pair[0])
            found = alike[1] if alike[0] >= SIMILAR else next((c for c in texts if holds(texts[c], printed)), None)
            if found is None:
                self.extension.problems.append(
                    f"the published address #{id} (“{printed} …”) has lost its text: no paragraph here "
                    f"begins with it or holds it. Keep the address: write {{: {ALIAS_ATTRIBUTE}=\"{id}\" }} "
                    "under the paragraph it should lead to"
                )
                continue
            if begins_with(texts[found], printed):
                first.add(found)
            carried.setdefault(found, []).append(id)
        return carried

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


def _words_of(element: etree.Element) -> str:
    """The element's words as a reader sees them: without a heading's permalink (`toc`'s ¶)."""
    parts = [element.text or ""]
    for child in element:
        if not has_class(child, "headerlink"):
            parts.append(_words_of(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


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
        # The page's published paragraph addresses: id -> `fingerprint` of its text. Set
        # per page from the record (explainer.sharing.record); empty: ids by position.
        self.published: dict[str, str] = {}
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
