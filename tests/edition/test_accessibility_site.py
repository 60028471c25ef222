"""Accessibility of the built pages that a parser can check: every dialog has a name.

Material's search dialog has none (axe and Lighthouse: `aria-dialog-name`); our copy of
its partial, overrides/partials/search.html, adds one. The browser tests run axe-core on
the served pages as well (tests/edition/test_site_browser.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
import zensical
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
OUR_SEARCH = ROOT / "overrides" / "partials" / "search.html"
MATERIAL_SEARCH = Path(material.__file__).parent / "templates" / "partials" / "search.html"
ZENSICAL_SEARCH = Path(zensical.__file__).parent / "templates" / "partials" / "search.html"
DIALOG_ROLES = {"dialog", "alertdialog"}


def accessible_name(element, soup: BeautifulSoup) -> str:
    """The name WAI-ARIA gives an element from `aria-labelledby` (the referenced
    elements' text) or else `aria-label`; '' if neither names it."""
    ids = (element.get("aria-labelledby") or "").split()
    if ids:
        texts = [soup.find(id=id_).get_text(" ", strip=True) for id_ in ids if soup.find(id=id_)]
        if " ".join(texts).strip():
            return " ".join(texts).strip()
    return (element.get("aria-label") or "").strip()


def unnamed_dialogs(soup: BeautifulSoup) -> list[str]:
    """The dialogs (role dialog or alertdialog, or a <dialog>) without an accessible name,
    each as its tag and classes."""
    found = []
    for element in soup.find_all(True):
        if element.name == "dialog" or (element.get("role") or "").strip() in DIALOG_ROLES:
            if not accessible_name(element, soup):
                found.append(f"{element.name}.{'.'.join(element.get('class', []))}")
    return found


def test_every_dialog_on_every_page_has_a_name(site):
    pages = [*site.article_urls, "/404/"] if "/404/" in site.page_files else site.article_urls
    assert len(pages) >= 9
    found = {url: unnamed_dialogs(site.soup(url)) for url in pages}
    assert not {url: dialogs for url, dialogs in found.items() if dialogs}
    # The search dialog is there to be named: the check above looked at something.
    assert all(site.soup(url).select_one("[data-md-component=search][role=dialog]") for url in pages)


def test_the_search_dialog_is_named_search(site):
    dialog = site.soup("/").select_one("[data-md-component=search]")
    assert accessible_name(dialog, site.soup("/")) == "Search"


def template_markup(path: Path) -> str:
    """A template's markup without its Jinja comments, white space collapsed."""
    text = re.sub(r"\{#.*?#\}", "", path.read_text("utf-8"), flags=re.DOTALL)
    return " ".join(text.split())


def test_our_search_partial_is_materials_plus_the_dialog_name():
    """When an upgrade of Material changes its search partial, our copy must follow it; under
    Zensical, whose search needs its own markup (and names its dialog), it is Zensical's."""
    added = """ aria-label="{{ lang.t('search') }}\""""
    ours = template_markup(OUR_SEARCH)
    zensical, material_branch = ours.removeprefix("{%- if mkdocs_version is not defined %} ").removesuffix(
        " {%- endif %}").split(" {%- else %} ")
    assert zensical == template_markup(ZENSICAL_SEARCH)
    assert added in material_branch
    assert material_branch.replace(added, "", 1) == template_markup(MATERIAL_SEARCH)


@pytest.mark.parametrize(
    "html, unnamed",
    [
        ('<div role="dialog"><p>Text</p></div>', ["div."]),
        ('<div class="md-search" role="dialog" aria-label=" "></div>', ["div.md-search"]),
        ('<div role="alertdialog" aria-labelledby="missing"></div>', ["div."]),
        ("<dialog open><p>Text</p></dialog>", ["dialog."]),
        ('<div role="dialog" aria-label="Search"></div>', []),
        ('<h2 id="t">Settings</h2><div role="dialog" aria-labelledby="t"></div>', []),
        ('<h2 id="t"> </h2><div role="dialog" aria-labelledby="t" aria-label="Settings"></div>', []),
        ('<div role="search"><form></form></div>', []),
    ],
)
def test_unnamed_dialogs(html, unnamed):
    assert unnamed_dialogs(BeautifulSoup(html, "lxml")) == unnamed
