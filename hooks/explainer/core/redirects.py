"""Old addresses that point into a page: checked targets and stubs that keep a #fragment.

mkdocs-redirects writes, for each `old.md: new.md#section` of `redirect_maps`, a stub
page at the old address. Two of its faults are fixed here:

- A target page that is missing is only a warning after the build, and a missing
  `#section` is not noticed at all. `check_redirects` checks both, once every page is
  rendered and its anchors are known.
- Its stub appends the fragment a reader arrives with to a target that may already
  have one, which gives an address with two `#`. `stub_html` writes a stub that chooses
  one: the reader's fragment if the new page has that anchor (a section that moved with
  its id), otherwise the mapped one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup


@dataclass(frozen=True)
class Redirect:
    """One entry of `redirect_maps`: the old page, and the target it sends readers to."""

    old: str  # the old Markdown path, relative to docs/
    target: str  # as written: `new.md`, `new.md#section` or an http(s) address

    @property
    def external(self) -> bool:
        return self.target.lower().startswith(("http://", "https://"))

    @property
    def page(self) -> str:
        return self.target.partition("#")[0]

    @property
    def fragment(self) -> str:
        return self.target.partition("#")[2]


def check_redirects(redirects: Mapping[str, str], pages: Mapping[str, set[str] | None]) -> list[str]:
    """Problems with `redirect_maps`, one line each; empty if every target exists.

    `pages`: every Markdown page of the site (path relative to docs/) -> the ids of its
    anchors (None when they are not known). An old path that is still a page is a
    problem too: its stub would silently replace the page. (An old path that is not a
    Markdown file is reported by the plugin itself.)
    """
    problems = []
    for old, target in redirects.items():
        redirect = Redirect(str(old), str(target))
        where = f"mkdocs.yml: redirect_maps: '{old}: {target}'"
        if old in pages:
            problems.append(f"{where}: '{old}' is still a page; its redirect would replace it (remove one of them)")
        if redirect.external:
            continue
        if redirect.page not in pages:
            problems.append(f"{where}: the target page '{redirect.page}' does not exist")
            continue
        anchors = pages[redirect.page]
        if redirect.fragment and anchors is not None and redirect.fragment not in anchors:
            problems.append(f"{where}: '{redirect.page}' has no heading or anchor '#{redirect.fragment}'")
    return problems


# The stub page (redirect.html), compiled when the module is imported.
STUB = jinja2.Environment(autoescape=True, keep_trailing_newline=True).from_string(
    Path(__file__).with_name("redirect.html").read_text("utf-8"))


def stub_html(url: str, anchors: set[str] | None) -> str:
    """The stub page at an old address that sends readers to `url` (relative or absolute).

    `anchors`: the ids of the target page; a reader's `#fragment` that is one of them
    replaces the mapped fragment (None: any fragment does, for an external target).
    """
    def js(value) -> str:  # a JSON value that cannot end the script element
        return json.dumps(value).replace("</", "<\\/")

    ids = None if anchors is None else sorted(anchors)
    return STUB.render(url=url, url_js=Markup(js(url)), ids_js=Markup(js(ids)))


def stubs(redirects: Mapping[str, str], pages: Mapping[str, set[str] | None], url_of: Callable[[str], str],
          relative: Callable[[str, str], str]) -> dict[str, str]:
    """The stubs of the valid redirects: old page path -> stub HTML.

    `url_of(path)`: the URL of a Markdown path from the site's root; `relative(url,
    other)`: `url` as a link written on the page at `other`.
    """
    written = {}
    for old, target in redirects.items():
        redirect = Redirect(str(old), str(target))
        if redirect.external:
            written[redirect.old] = stub_html(redirect.target, None)
        elif redirect.page in pages and redirect.old not in pages:
            url = relative(url_of(redirect.page), url_of(redirect.old))
            if redirect.fragment:
                url += f"#{redirect.fragment}"
            written[redirect.old] = stub_html(url, pages[redirect.page] or set())
    return written
