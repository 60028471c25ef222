"""A manuscript's tree cut into chapters: one page per heading of the chosen level.

Each page starts with its chapter heading as `#`, the headings under it move up as
many levels, and every heading gets an explicit id (`## Data reliability
{#data-reliability}`): the author's own where they wrote one, otherwise a slug of its
text made by Python-Markdown's `toc` extension (the ids MkDocs would have made), kept
unique across the site with `-2`, `-3`.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify, slugify_unicode

from explainer.manuscript.findings import Finding, ManuscriptError
from explainer.manuscript.pandoc import stringify

# The headings of a list of works, in the languages of the engine's interface and a few more.
LITERATURE_HEADINGS = {
    "literature", "references", "bibliography", "works cited", "sources", "further reading",
    "literatur", "literaturverzeichnis", "quellen", "quellenverzeichnis", "bibliographie",
    "bibliografie", "références", "bibliografía", "referencias", "bibliografia",
}


@dataclass
class Chapter:
    """One page to be: its title, the id of its heading, and its blocks (headings renumbered, ids set)."""

    title: str
    id: str
    blocks: list = field(default_factory=list)


def heading_levels(blocks: list) -> Counter:
    """How many headings the top level of `blocks` has at each level (1–6)."""
    return Counter(block["c"][0] for block in blocks if block["t"] == "Header")


def default_level(blocks: list) -> int | None:
    """The chapter level to use when the maintainer names none: the highest level that
    has at least two headings (one `#` title above `##` chapters is not a chapter), else
    the highest level there is; None without headings."""
    levels = heading_levels(blocks)
    repeated = [level for level, count in levels.items() if count >= 2]
    return min(repeated or levels or [None])


def take_literature(blocks: list) -> tuple[list, list[list]]:
    """The blocks without their literature sections, and each section's entries.

    A literature section is a heading named as in LITERATURE_HEADINGS ("References",
    "Literatur", …) and what follows it up to the next heading of its level or above.
    Its entries are the items of its lists or, without a list, its paragraphs, each a
    list of blocks.
    """
    kept, entries = [], []
    inside = None  # the level of the literature heading we are in
    for block in blocks:
        if block["t"] == "Header":
            level = block["c"][0]
            if inside is not None and level <= inside:
                inside = None
            if inside is None and stringify(block).strip().rstrip(":").casefold() in LITERATURE_HEADINGS:
                inside = level
                continue
        if inside is None:
            kept.append(block)
        elif block["t"] in ("BulletList", "OrderedList"):
            items = block["c"] if block["t"] == "BulletList" else block["c"][1]
            entries.extend(items)
        elif block["t"] in ("Para", "Plain"):
            entries.append([block])
    return kept, entries


def split(blocks: list, level: int, path, taken: set[str]) -> tuple[list[Chapter], list[Finding]]:
    """One Chapter per heading of `level` or above, with what the maintainer should know.

    `taken` holds the heading ids the site already uses; the ids given here are added to
    it. Text before the first such heading becomes a chapter "Introduction" (reported); a
    heading above `level` with nothing under it, such as the document's title, makes no
    page (reported). Raises ManuscriptError if there is no heading at `level`.
    """
    levels = heading_levels(blocks)
    if levels[level] == 0:
        have = ", ".join(str(n) for n in sorted(levels)) or "none"
        raise ManuscriptError(path, f"no heading at level {level} to cut chapters at (heading levels here: {have}); "
                                    f"choose one with --level")
    parts: list[tuple[dict | None, list]] = [(None, [])]
    for block in blocks:
        if block["t"] == "Header" and block["c"][0] <= level:
            parts.append((block, []))
        else:
            parts[-1][1].append(block)
    chapters, findings = [], []
    for heading, body in parts:
        if heading is None:
            if not body:
                continue
            heading = {"t": "Header", "c": [1, ["", [], []], [{"t": "Str", "c": "Introduction"}]]}
            findings.append(Finding(0, "the text before the first chapter heading",
                                    "became a page titled 'Introduction': give it the title it should have"))
        elif not body and heading["c"][0] < level:
            findings.append(Finding(0, f"the heading '{stringify(heading)}' (level {heading['c'][0]})",
                                    "has no text of its own: not made a page (a document's title belongs in "
                                    "mkdocs.yml's site_name, a part's in the nav)"))
            continue
        chapters.append(_chapter(heading, body, taken, findings))
    return chapters, findings


def _chapter(heading: dict, body: list, taken: set[str], findings: list[Finding]) -> Chapter:
    shift = heading["c"][0] - 1
    blocks = [copy.deepcopy(heading), *copy.deepcopy(body)]
    for block in blocks:
        if block["t"] == "Header":
            block["c"][0] = max(block["c"][0] - shift, 1 if block is blocks[0] else 2)
            _set_id(block, taken, findings)
    return Chapter(stringify(heading).strip(), blocks[0]["c"][1][0], blocks)


def _set_id(header: dict, taken: set[str], findings: list[Finding]) -> None:
    attributes = header["c"][1]
    text = stringify(header).strip()
    wanted = attributes[0] or slug(text)
    unique, number = wanted, 1
    while unique in taken:
        number += 1
        unique = f"{wanted}-{number}"
    if attributes[0] and unique != wanted:
        findings.append(Finding(0, f"the heading '{text}' {{#{wanted}}}",
                                f"that id is already used on the site: it became {{#{unique}}}"))
    taken.add(unique)
    attributes[0] = unique


def slug(text: str) -> str:
    """A heading's id from its text: Python-Markdown's `toc` slugify ('Data reliability' →
    'data-reliability'; accents dropped), its Unicode variant where that leaves nothing
    (a heading in Chinese), else 'section'."""
    return slugify(text, "-") or slugify_unicode(text, "-") or "section"
