"""An HTML fragment (a formatted reference: text and inline elements, with no single root)
as an lxml tree, and back.

    root = parse(html)       # the fragment inside a parent element made for it
    ...                      # edit the tree: its text, tails and elements
    html = inner_html(root)  # what the parent holds, serialised by lxml; not the parent itself

The markup is edited as a tree and serialised by lxml, never written or cut as text.
"""

from __future__ import annotations

from html import escape

import lxml.etree
import lxml.html


def parse(html: str) -> lxml.html.HtmlElement:
    """`html` (a fragment, HTML) as the children and text of a new `span` element.
    Raises lxml.etree.ParserError for an empty fragment."""
    return lxml.html.fragment_fromstring(html, create_parent="span")


def inner_html(element: lxml.etree._Element) -> str:
    """What `element` holds, as HTML: its text, escaped as lxml escapes text (`&`, `<`, `>`),
    then each child, serialised by lxml with the text that follows it."""
    children = (lxml.etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in element)
    return escape(element.text or "", quote=False) + "".join(children)
