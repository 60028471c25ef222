"""Tooltip bodies: where an extension puts the ones of the page it converts.

The glossary and the citations each end the page with one block of bodies,

    <div class="ex-tips" data-search-exclude="true"><div class="ex-tip" id="…" role="tooltip" hidden>…</div>…</div>

written as HTML text from a template (`tips.html`; the bodies from
`glossary/tip.html` and `sources/tip.html`, the same for every page that explains the
same term, so built once) and stashed whole, so that no later tree processor touches it: links in it must
already be final URLs.

`deferred` keeps the block out of the page and in `TipBlock.html` instead, for a
caller that gives it to the page's template: the MkDocs hooks do (`for_template`), so
that the search plugin, which indexes the page's content, does not parse the bodies of
every page (which were most of the site's HTML) only to leave them out of the index.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

import jinja2
import markupsafe
from markdown import Markdown

BLOCK_CLASS = "ex-tips"
# The block (tips.html), compiled when the module is imported.
BLOCK_TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    Path(__file__).with_name("tips.html").read_text("utf-8").rstrip("\n"))


def block_html(bodies: list[str]) -> str:
    """The block that holds the tooltip `bodies` (HTML, trusted: made by our templates)."""
    return BLOCK_TEMPLATE.render(block_class=BLOCK_CLASS, bodies=[markupsafe.Markup(body) for body in bodies])


# Where the page's template finds the deferred blocks, in page order: after the page's
# content (overrides/partials/content.html).
META_KEY = "ex_tips"


def for_template(meta: dict, block: str) -> None:
    """Give a deferred block (HTML) to the page's template through the page's metadata
    `meta` (MkDocs' `page.meta`), after those given before it; an empty block adds nothing."""
    if block:
        meta.setdefault(META_KEY, []).append(block)


def unwritten(meta: dict, output: str, source: str) -> str | None:
    """The line for a page whose template wrote none of the blocks given to it (`for_template`),
    or None. `output`: the page as its template wrote it (read, not changed); `source`: the
    page as messages name it. A `partials/content.html` of the explainer's own, copied from
    Material's, writes `page.content` alone: its terms and citations would open no tooltip."""
    if meta.get(META_KEY) and f'class="{BLOCK_CLASS}"' not in output:
        return (f"{source}: its template wrote none of its tooltips: a partials/content.html of your own "
                f"(theme.custom_dir) must write page.meta.{META_KEY} after page.content, as the engine's does")
    return None


class TipBlock:
    def __init__(self, deferred: bool = False):
        self.deferred = deferred
        self.html = ""  # the block of the page converted last, when deferred

    def reset(self) -> None:
        self.html = ""

    def place(self, md: Markdown, root: etree.Element, bodies: list[str]) -> None:
        """End the page with the tooltip `bodies` (HTML), or keep them aside when deferred."""
        block = block_html(bodies) if bodies else ""
        if self.deferred:
            self.html = block
        elif block:
            # A paragraph that holds only a stashed block is replaced by the block.
            etree.SubElement(root, "p").text = md.htmlStash.store(block)
