"""Citations in the browser: the preview by mouse, keyboard and touch; the panel's place; axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import AXE_TAGS, axe_violations

pytestmark = pytest.mark.browser

PAGE = "/social-goals/"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
# Below 960px no margin shows the page's sources beside the text: a citation previews its source.
# Wider, the margin shows it, and a citation points it out there (tests/test_reading_browser.py).
TABLET = {"viewport": {"width": 768, "height": 1024}}
WIDE = {"viewport": {"width": 1280, "height": 800}}


def first_citation(page):
    return page.locator("a.ex-cite[data-cite]").first


def tip_of(page, marker):
    return page.locator(f'[id="{marker.get_attribute("data-tip")}"]')


def test_the_shared_tooltip_component_is_present(open_page):
    watch = open_page(PAGE)
    script = watch.page.evaluate("fetch('../assets/explainer.js').then(r => r.text())")
    assert "data-tip" in script, "the tooltip component in explainer.js is missing"


def test_hovering_a_citation_previews_the_reference(open_page):
    watch = open_page(PAGE, **TABLET)
    page = watch.page
    marker = first_citation(page)
    tip = tip_of(page, marker)
    assert tip.is_hidden()
    marker.scroll_into_view_if_needed()
    marker.hover()
    tip.wait_for(state="visible")
    assert "State Council of the People's Republic of China. 2014." in tip.inner_text()
    box, tip_box = marker.bounding_box(), tip.bounding_box()
    overlaps = not (tip_box["y"] >= box["y"] + box["height"] or tip_box["y"] + tip_box["height"] <= box["y"])
    assert not overlaps, "the preview covers the citation"
    page.mouse.move(5, 400)
    tip.wait_for(state="hidden")
    assert watch.console_errors == [] and watch.foreign_requests == []


@pytest.mark.parametrize("size", ["tablet", "wide"])
def test_keyboard_focus_previews_or_points_out_the_source(open_page, size):
    page = open_page(PAGE, **(TABLET if size == "tablet" else WIDE)).page
    marker = first_citation(page)
    tip = tip_of(page, marker)
    for _ in range(80):  # reach the citation the way a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.ex-cite')"):
            break
    else:
        pytest.fail("no citation can be reached with Tab")
    assert page.evaluate("document.activeElement.dataset.cite") == marker.get_attribute("data-cite")
    key = marker.locator("[data-cite-key]").first.get_attribute("data-cite-key")
    entry = page.locator(f"#ex-source-{key}")
    if size == "tablet":  # the preview opens, and Escape closes it
        tip.wait_for(state="visible")
        page.keyboard.press("Escape")
        tip.wait_for(state="hidden")
        return
    expect(entry).to_have_class("ex-sources__item ex-arrived")  # focus points out the source beside the text
    assert tip.is_hidden()
    page.evaluate("document.querySelectorAll('.ex-arrived').forEach(e => e.classList.remove('ex-arrived'))")
    before = page.evaluate("scrollY")
    page.keyboard.press("Enter")  # and so does Enter, without scrolling
    expect(entry).to_have_class("ex-sources__item ex-arrived")
    assert entry.is_visible() and entry.locator("xpath=ancestor::*[@data-sources-panel]").count() == 1
    assert page.evaluate("location.hash") == "" and page.evaluate("scrollY") == before


def test_a_tap_previews_and_a_second_tap_closes_the_preview(open_page):
    page = open_page(PAGE, **PHONE).page
    marker = first_citation(page)
    tip = tip_of(page, marker)
    marker.scroll_into_view_if_needed()
    marker.tap()
    tip.wait_for(state="visible")
    assert page.evaluate("location.hash") == ""
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.tap("h1")
    tip.wait_for(state="hidden")
    marker.tap()
    tip.wait_for(state="visible")
    marker.tap()  # the reader stays where they are reading
    tip.wait_for(state="hidden")
    assert page.evaluate("location.hash") == ""


def test_panel_beside_the_text_on_wide_screens(open_page):
    page = open_page(PAGE, viewport={"width": 1400, "height": 900}).page
    entries = page.locator("[data-sources-panel] .ex-sources__item")
    assert entries.count() >= 2
    text = page.locator("article.md-content__inner").bounding_box()
    for entry in entries.all():
        expect(entry).to_be_visible()
        box = entry.bounding_box()
        assert box["x"] >= text["x"] + text["width"] and box["x"] + box["width"] <= 1400


def test_panel_follows_the_text_on_phones(open_page):
    page = open_page(PAGE, **PHONE).page
    panel = page.locator("[data-sources-panel]")
    panel.scroll_into_view_if_needed()
    assert panel.is_visible()
    text = page.locator("article.md-content__inner > p[id]").last.bounding_box()
    box = panel.bounding_box()
    assert box["y"] >= text["y"] + text["height"] - 1
    assert box["width"] > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


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
