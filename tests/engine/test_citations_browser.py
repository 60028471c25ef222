"""Citations in Chromium, on the English fixture explainer (tests/fixtures/english-explainer):
the preview by mouse, keyboard and touch where no margin shows the sources; where it does
(from 60em), the source pointed out there instead; a citation that never scrolls the page;
the sources panel's place and its labelled links."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kept_pages import kept_pages

pytestmark = pytest.mark.browser

PAGE = "/causes/"
# Below 960px (60em) no margin shows the page's sources beside the text: a citation
# previews its source. Wider, the margin shows it, and a citation points it out there.
# The phone (390px, touch) and these screens (width, height), a mouse: 1024px has the margin
# but not yet the navigation beside the text (from 76.25em).
SCREENS = {"tablet": (768, 1024), "1024": (1024, 768), "wide": (1280, 800), "1440": (1440, 900)}
REFERENCE = "Madison, James. 1787. “The Federalist No. 10: The Same Subject Continued.”"


@pytest.fixture(scope="module")
def visit(browser, english_url, english):
    """visit(size) -> PageWatch of the fixture's PAGE, freshly loaded on the phone or a screen of SCREENS."""
    with kept_pages(browser, english_url, english) as visit_page:
        def visit(size: str):
            if size == "phone":
                return visit_page(PAGE, "phone")
            width, height = SCREENS[size]
            return visit_page(PAGE, width=width, height=height)
        yield visit


def first_citation(page):
    return page.locator("article > p a.ex-cite[data-cite]").first


def tip_of(page, marker):
    return page.locator(f'[id="{marker.get_attribute("data-tip")}"]')


def source_of(page, marker):
    key = marker.locator("[data-cite-key]").first.get_attribute("data-cite-key")
    return page.locator(f"#ex-source-{key}")


def test_the_shared_tooltip_component_is_served(english):
    script = (english.folder / "assets" / "explainer.js").read_text("utf-8")
    assert "data-tip" in script, "the tooltip component in explainer.js is missing"


# -- Where no margin shows the sources: a preview -------------------------------------------


def test_a_citations_preview_names_its_source_as_the_panel_does(english):
    """Each citation marker is described by its preview (what a screen reader hears, whether
    the preview or the margin shows the source), which names the work as the page's sources
    panel does."""
    page = english.soup(PAGE)
    citations = page.select("article > p a.ex-cite[data-cite]")
    assert citations, f"no citation on {PAGE}"
    for citation in citations:
        tip = page.find(id=citation["data-tip"])
        assert citation["aria-describedby"] == tip["id"], citation
        keys = [number["data-cite-key"] for number in citation.select("[data-cite-key]")]
        references = [page.select_one(f"#ex-source-{key} .ex-sources__reference") for key in keys]
        assert [" ".join(r.get_text().split()) for r in tip.select(".ex-cite-tip__reference")] == \
            [" ".join(r.get_text().split()) for r in references], citation


def test_hovering_a_citation_previews_the_reference(visit):
    """Without the margin (768px): the preview shows the source. A glossary term keeps its own."""
    watch = visit("tablet")
    page = watch.page
    marker = first_citation(page)
    tip = tip_of(page, marker)
    assert tip.is_hidden()
    marker.scroll_into_view_if_needed()
    marker.hover()
    tip.wait_for(state="visible")
    assert REFERENCE in " ".join(tip.inner_text().split())
    box, tip_box = marker.bounding_box(), tip.bounding_box()
    overlaps = not (tip_box["y"] >= box["y"] + box["height"] or tip_box["y"] + tip_box["height"] <= box["y"])
    assert not overlaps, "the preview covers the citation"
    page.mouse.move(5, 400)
    tip.wait_for(state="hidden")
    term = page.locator("article > p a.ex-term").first
    term.hover()
    expect(page.locator(f"#{term.get_attribute('data-tip')}")).to_be_visible()
    assert watch.console_errors == [] and watch.foreign_requests == []


@pytest.mark.parametrize("size", ["tablet", "wide"])
def test_keyboard_focus_previews_or_points_out_the_source(visit, size):
    page = visit(size).page
    marker = first_citation(page)
    tip = tip_of(page, marker)
    for _ in range(80):  # reach the citation the way a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.ex-cite')"):
            break
    else:
        pytest.fail("no citation can be reached with Tab")
    assert page.evaluate("document.activeElement.dataset.cite") == marker.get_attribute("data-cite")
    entry = source_of(page, marker)
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


def test_a_tap_previews_and_a_second_tap_closes_the_preview(visit):
    page = visit("phone").page
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


# -- Activating a citation --------------------------------------------------------------------


def activate_a_citation_in_place(page, size: str):
    """Activate the page's first citation by touch, click and keyboard; the page never scrolls."""
    citation = first_citation(page)
    citation.scroll_into_view_if_needed()
    page.evaluate("scrollBy(0, document.querySelector('article > p a.ex-cite').getBoundingClientRect().top - 150)")
    page.wait_for_timeout(300)
    before = page.evaluate("scrollY")
    assert before > 0, "the citation is in view from the start: nothing tested"
    citation.tap() if size == "phone" else citation.click()
    page.wait_for_timeout(400)
    assert page.evaluate("scrollY") == before and page.evaluate("location.hash") == ""
    entry = source_of(page, citation)
    if size == "phone":  # the source opens in place, and closes again
        tip = tip_of(page, citation)
        expect(tip).to_be_visible()
        citation.tap()
        expect(tip).to_be_hidden()
    else:  # the source beside the text is pointed out
        expect(entry).to_have_class("ex-sources__item ex-arrived")
        box = entry.bounding_box()
        assert 0 <= box["y"] < page.viewport_size["height"]
    page.keyboard.press("Escape")
    citation.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("scrollY") == before


@pytest.mark.parametrize("device", ["phone", "screen"])
def test_activating_a_citation_never_scrolls_the_page(visit, device):
    """On a phone; on screens with the margin at 1024 (no sidebar) and 1440px."""
    if device == "phone":
        activate_a_citation_in_place(visit("phone").page, "phone")
        return
    for size in ["1024", "1440"]:
        activate_a_citation_in_place(visit(size).page, size)


def test_where_the_margin_shows_a_citations_source_no_tooltip_repeats_it(visit):
    """Pointing at a citation beside the margin (1440px) only points out its source there, as
    a click and focus do: a tooltip repeated the source over the text and the editorial note
    beside it. (Without the margin the tooltip shows the source:
    test_hovering_a_citation_previews_the_reference.)"""
    page = visit("1440").page
    citation = first_citation(page)
    tip = tip_of(page, citation)
    entry = source_of(page, citation)
    citation.scroll_into_view_if_needed()
    citation.hover()
    page.wait_for_timeout(500)  # past the tooltip's delay
    expect(tip).to_be_hidden()
    expect(entry).to_have_class("ex-sources__item ex-arrived")
    assert entry.is_visible()
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()
    # Glossary terms keep their tooltips: the margin holds no definitions.
    term = page.locator("article > p a.ex-term").first
    term.hover()
    expect(page.locator(f"#{term.get_attribute('data-tip')}")).to_be_visible()


# -- The sources panel -------------------------------------------------------------------------


def test_panel_beside_the_text_on_wide_screens(visit):
    page = visit("1440").page
    entries = page.locator("[data-sources-panel] .ex-sources__item")
    assert entries.count() >= 2
    text = page.locator("article.md-content__inner").bounding_box()
    for entry in entries.all():
        expect(entry).to_be_visible()
        box = entry.bounding_box()
        assert box["x"] >= text["x"] + text["width"] and box["x"] + box["width"] <= 1440


def test_panel_follows_the_text_on_phones(visit):
    page = visit("phone").page
    panel = page.locator("[data-sources-panel]")
    panel.scroll_into_view_if_needed()
    assert panel.is_visible()
    text = page.locator("article.md-content__inner > p[id]").last.bounding_box()
    box = panel.bounding_box()
    assert box["y"] >= text["y"] + text["height"] - 1
    assert box["width"] > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_the_sources_panel_links_say_where_they_go_and_can_be_tapped(visit, device):
    page = visit("phone" if device == "phone" else "1440").page
    entry = page.locator(".ex-sources__item").first
    entry.scroll_into_view_if_needed()
    assert entry.locator(".ex-sources__links a").first.inner_text() == "Full entry"
    if device == "laptop":  # beside the text, where "Back to the text" has nothing to do
        assert page.locator("article.ex-margin").count() == 1
        expect(entry.locator(".ex-sources__back")).to_be_hidden()
        return
    back = page.locator(".ex-sources__links a.ex-sources__backref").first
    assert "Back to the text" in (back.get_attribute("aria-label") or back.inner_text())
    for link in entry.locator(".ex-sources__links a").all():
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, link.inner_text()
    target = back.get_attribute("href").split("#")[1]
    assert page.evaluate("id => document.getElementById(id).getBoundingClientRect().top < 0", target), \
        "the citation is in view already: nothing tested"
    back.tap()
    page.wait_for_function(
        """id => { const top = document.getElementById(id).getBoundingClientRect().top;
                   return top > 0 && top < innerHeight; }""", arg=target)
