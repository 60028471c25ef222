"""This article's citations: what a preview holds, and axe with a preview open or a source
pointed out. How citations behave in the browser: tests/engine/test_citations_browser.py."""

from __future__ import annotations

import pytest

from conftest import AXE_TAGS, axe_violations

pytestmark = pytest.mark.browser

PAGE = "/social-goals/"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
# Below 960px no margin shows the page's sources beside the text: a citation previews its source.
TABLET = {"viewport": {"width": 768, "height": 1024}}


def first_citation(page):
    return page.locator("a.ex-cite[data-cite]").first


def test_a_citations_preview_holds_its_reference(site):
    """The first citation of the page previews the State Council's plan (the preview's
    behaviour: tests/engine/test_citations_browser.py)."""
    content = site.soup(PAGE)
    marker = content.select_one("article a.ex-cite[data-cite]")
    tip = content.find(id=marker["data-tip"])
    assert "State Council of the People's Republic of China. 2014." in " ".join(tip.get_text().split())


@pytest.mark.parametrize("url", [PAGE, "/conclusions/", "/sources/"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_no_accessibility_violations(open_page, url, device):
    options = PHONE if device == "phone" else {}
    watch = open_page(url, **options)
    if url != "/sources/":
        first_citation(watch.page).focus()  # with a preview open (phone) or the source pointed out
    assert axe_violations(watch.page) == []
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_dark_scheme_is_accessible_too(open_page):
    """Our citation markup in the dark palette (the page as a whole is checked in light)."""
    from axe_playwright_python.sync_playwright import Axe

    watch = open_page(PAGE, color_scheme="dark", **TABLET)  # where a citation opens its preview
    assert watch.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    first_citation(watch.page).focus()
    ours = {"include": [["[data-sources-panel]"], ["a.ex-cite"], [".ex-tip--cite"]]}
    result = Axe().run(watch.page, context=ours, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert [v["id"] for v in result.response["violations"]] == []
    assert result.response["passes"], "axe checked nothing"
