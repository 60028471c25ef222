"""Glossary tooltips in headless Chromium: mouse, keyboard, touch, instant navigation, print,
on the English fixture explainer (tests/fixtures/english-explainer)."""

from __future__ import annotations


import pytest
from playwright.sync_api import expect

from kept_pages import kept_pages

pytestmark = pytest.mark.browser

TERM = 'a.ex-term[data-term="faction"]'
TIP = "#ex-tip-term-faction"


@pytest.fixture(scope="module")
def visit(browser, english_url, english):
    """visit(url, device="screen") -> PageWatch of the page at `url`, freshly loaded on a 1280px
    screen with a mouse or on the phone (kept_pages.DEVICES)."""
    with kept_pages(browser, english_url, english) as visit:
        yield visit


def boxes_overlap(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def assert_clean(watch):
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_hover_opens_after_a_delay_beside_the_term(visit):
    watch = visit("/causes/")
    page = watch.page
    term, tip = page.locator(TERM).first, page.locator(TIP)
    term.scroll_into_view_if_needed()
    # Not at once: a pointer passing by opens nothing. Measured by the page's own clock (timers
    # fire late under load, never early), from the pointer's arrival to the tooltip's showing.
    term.evaluate("""(term) => {
        term.addEventListener("mouseover", () => { window.exEntered ??= performance.now(); });
        const watch = () => document.querySelector("%s").checkVisibility()
            ? (window.exShown = performance.now()) : requestAnimationFrame(watch);
        requestAnimationFrame(watch);
    }""" % TIP)
    term.hover()
    expect(tip).to_be_visible()
    assert page.evaluate("window.exShown - window.exEntered") >= 150
    expect(tip).to_contain_text("In Madison's sense")
    assert tip.locator(".ex-tip__more a").evaluate("a => a.href").endswith("/glossary/#faction")
    tip_box, term_box = tip.bounding_box(), term.bounding_box()
    assert not boxes_overlap(tip_box, term_box)
    viewport = page.viewport_size
    assert tip_box["x"] >= 0 and tip_box["x"] + tip_box["width"] <= viewport["width"]
    assert tip_box["y"] >= 0 and tip_box["y"] + tip_box["height"] <= viewport["height"]
    page.mouse.move(5, 5)
    expect(tip).to_be_hidden()
    assert_clean(watch)


def test_pointer_can_move_onto_the_tooltip(visit):
    page = visit("/causes/").page
    term, tip = page.locator(TERM).first, page.locator(TIP)
    term.hover()
    expect(tip).to_be_visible()
    box = tip.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    page.wait_for_timeout(600)  # longer than the grace period for leaving the term
    expect(tip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()


def test_keyboard_focus_opens_and_escape_closes(visit):
    page = visit("/causes/").page
    tip = page.locator(TIP)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.term") == "faction":
            break
    else:
        pytest.fail("the term cannot be reached with Tab")
    expect(tip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    assert page.evaluate("document.activeElement.dataset.term") == "faction"  # focus stays
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(tip).to_be_visible()
    page.keyboard.press("Tab")
    expect(tip).to_be_hidden()


def test_touch_first_tap_opens_second_tap_follows(visit):
    page = visit("/causes/", "phone").page
    term, tip = page.locator(TERM).first, page.locator(TIP)
    term.scroll_into_view_if_needed()
    term.tap()
    expect(tip).to_be_visible()
    assert page.url.endswith("/causes/")  # still on the page
    page.locator("article h1").tap()
    expect(tip).to_be_hidden()
    term.tap()
    expect(tip).to_be_visible()
    term.tap()
    page.wait_for_url("**/glossary/#faction")


def test_works_after_instant_navigation(visit):
    page = visit("/").page
    page.wait_for_load_state("networkidle")  # instant navigation needs the sitemap
    page.evaluate("window.__kept = true")
    page.locator('.md-sidebar--primary a.md-nav__link[href$="causes/"]').first.click()
    page.wait_for_url("**/causes/")
    expect(page.locator("article h1")).to_contain_text("The causes of faction")
    assert page.evaluate("window.__kept") is True  # the same document: instant navigation
    term, tip = page.locator(TERM).first, page.locator(TIP)
    term.hover()
    expect(tip).to_be_visible()
    term.focus()
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()


def test_printed_terms_look_like_text(visit):
    page = visit("/causes/").page
    page.emulate_media(media="print")
    styles = page.evaluate("""() => {
        const term = document.querySelector('a.ex-term[data-term="faction"]');
        const t = getComputedStyle(term), p = getComputedStyle(term.parentElement);
        return [t.color, p.color, t.textDecorationLine, getComputedStyle(term, "::after").content];
    }""")
    assert styles[0] == styles[1] and styles[2] == "none" and styles[3] in ("none", "normal")
