"""A formatted reference's web address as a link a reader can follow.

citeproc-py writes a work's URL or DOI as plain text (and leaves an `&` in it raw).
`link_addresses` finds the address in the parsed reference and makes it a link.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

import lxml.html

from explainer.core import fragments

URL_CLASS = "ex-url"  # overrides/assets/explainer.css: breaks anywhere, prints without its address again
DOI_RESOLVER = "https://doi.org/"  # DOI Handbook 3.8.3.2: the preferred way to write a DOI as a URL


def work_addresses(item: Mapping[str, Any]) -> dict[str, str]:
    """How CSL styles print a work's addresses -> the address to link to.

    `item`: a CSL-JSON item. Its `URL` as written; its `DOI` as `https://doi.org/DOI`
    (APA, Harvard) and as `doi:DOI` (Chicago 16th), both linking to the resolver.
    """
    addresses = {}
    if isinstance(item.get("URL"), str):
        addresses[item["URL"]] = item["URL"]
    if isinstance(item.get("DOI"), str):
        resolved = DOI_RESOLVER + item["DOI"]
        addresses.update({resolved: resolved, "doi:" + item["DOI"]: resolved})
    return addresses


def link_addresses(html: str, addresses: Mapping[str, str]) -> str:
    """`html` (a formatted reference) with the first occurrence of each of `addresses`
    (printed text -> URL to link to) in its text made an `<a class="ex-url" href>`.

    A percent-encoded address is shown decoded (`%E7%BD%91` as 网), as browsers show it
    in their address bar; the link keeps it as written. Text already inside a link is
    left alone. Returns the fragment serialised by lxml, so `&` in the text is `&amp;`.
    """
    root = fragments.parse(html)
    link_addresses_in(root, addresses)
    return fragments.inner_html(root)


def link_addresses_in(root: lxml.html.HtmlElement, addresses: Mapping[str, str]) -> None:
    """`link_addresses` on a parsed fragment (`explainer.core.fragments.parse`), in place."""
    links = {printed: lambda text, tail, href=href: _link(text, href, tail) for printed, href in addresses.items()}
    wrap_first_in(root, dict(sorted(links.items(), key=lambda pair: -len(pair[0]))))  # longest first


def wrap_first(html: str, wrappers: Mapping[str, Any]) -> str:
    """`html` (a fragment) with the first occurrence of each text of `wrappers`, outside
    links, made an element: `wrappers[text](text, tail)` returns it, its tail the text
    that followed. Edited as a parsed tree and serialised by lxml, so `&` in the text is `&amp;`."""
    root = fragments.parse(html)
    wrap_first_in(root, wrappers)
    return fragments.inner_html(root)


def wrap_first_in(root: lxml.html.HtmlElement, wrappers: Mapping[str, Any]) -> None:
    """`wrap_first` on a parsed fragment (`explainer.core.fragments.parse`), in place."""
    for printed, make in wrappers.items():
        _wrap_first(root, printed, make)


def _wrap_first(root: lxml.html.HtmlElement, printed: str, make) -> None:
    for element in root.iter():
        in_link = any(parent.tag == "a" for parent in element.iterancestors())  # where its tail is
        if element.tag != "a" and not in_link and element.text and printed in element.text:
            before, after = element.text.split(printed, 1)
            element.text = before
            element.insert(0, make(printed, after))
            return
        if element is not root and not in_link and element.tail and printed in element.tail:
            before, after = element.tail.split(printed, 1)
            element.tail = before
            parent = element.getparent()
            parent.insert(parent.index(element) + 1, make(printed, after))
            return


def _link(printed: str, href: str, tail: str) -> lxml.html.HtmlElement:
    link = lxml.html.Element("a", {"class": URL_CLASS, "href": href})
    decoded = unquote(printed)
    link.text = decoded if decoded.isprintable() and not any(char.isspace() for char in decoded) else printed
    link.tail = tail
    return link
