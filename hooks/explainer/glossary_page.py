"""The glossary page, written as Markdown so that MkDocs builds it like any other page.

Every entry is a heading whose id is the entry's id (the address `/glossary/#ID`), so
the page gets a table of contents, permalinks and search like the article pages, and
MkDocs checks every link on it. Definitions are inserted already rendered (raw HTML
escaped, see `glossary_data.render_definition`) so that a tooltip and the glossary
show exactly the same text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from explainer.glossary_data import Glossary, Term

FRONT_MATTER = """\
---
title: Glossary
description: >-
  Names and terms from China's Social Credit System explained: what they are, how they
  are written in Chinese, and where the article mentions them.
glossary: false
---
"""

INTRO = """\
# Glossary {#glossary}

Names and terms the article uses, explained for readers new to China's politics. In the
chapters, the first mention of a term in each section is underlined: point at it, focus it
or tap it to read its definition without leaving the page. The definitions were written for
this edition and are not part of the original article.
"""


@dataclass(frozen=True)
class Link:
    """A Markdown link: its text, and its target as written on the glossary page."""

    text: str
    href: str

    def markdown(self) -> str:
        """A link MkDocs resolves and checks (`origins.md#id`)."""
        return f"[{escape_markdown(self.text)}]({self.href})"

    def html(self) -> str:
        """A link to a final URL that MkDocs leaves alone."""
        return f'<a href="{html.escape(self.href)}">{html.escape(self.text)}</a>'


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written: its punctuation escaped, `<` and `&` as entities."""
    text = re.sub(r"([\\`*_{}\[\]()#+\-.!>])", r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;")


def glossary_markdown(
    glossary: Glossary,
    appearances: dict[str, list[Link]],
    sources: dict[str, Link],
) -> str:
    """The page's Markdown (without `FRONT_MATTER`): introduction, then every entry A to Z.

    `appearances` maps a term id to the sections where it is marked, as Markdown links
    that MkDocs checks; `sources` maps a source id to the URL of its entry on the sources
    page (unknown ids are left out). That page is another hook's: its entries may get
    their ids after Markdown, where MkDocs cannot check them, so those are final URLs.
    """
    parts = [INTRO]
    parts += [_entry(term, glossary, appearances.get(term.id, []), sources) for term in glossary.alphabetical()]
    return "\n".join(parts)


def _entry(term: Term, glossary: Glossary, appearances: list[Link], sources: dict[str, Link]) -> str:
    lines = [f"## {escape_markdown(term.term)} {{#{term.id}}}", ""]
    if term.native or term.pinyin:
        names = [f'<span lang="zh">{html.escape(term.native)}</span>'] if term.native else []
        names += [f'<span lang="zh-Latn-pinyin">{html.escape(term.pinyin)}</span>'] if term.pinyin else []
        lines += [f'<p class="ex-glossary__native">{" · ".join(names)}</p>', ""]
    lines += ['<div class="ex-glossary__definition">', term.definition_html, "</div>", ""]
    other_forms = [form for form in term.aliases if form != term.term]
    facts = [
        ("Also written", ", ".join(escape_markdown(form) for form in other_forms)),
        ("See also", ", ".join(Link(glossary.by_id[id].term, f"#{id}").markdown() for id in term.see)),
        ("Sources", ", ".join(sources[id].html() for id in term.sources if id in sources)),
        ("Appears in", ", ".join(link.markdown() for link in appearances)),
    ]
    for label, value in facts:
        if value:
            lines += [f"**{label}:** {value}", "{: .ex-glossary__fact }", ""]
    return "\n".join(lines)
