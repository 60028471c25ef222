"""The engine's reading surface in Chromium, on the English fixture explainer
(tests/fixtures/english-explainer): body text of at least 18px at every width, the
serif kept while a paragraph is tapped or arrived at, a title stronger than its text,
the next-chapter card, numbered chapters in the navigation, the glossary's letters
offered once, the footer's links, notes and sources on the page without JavaScript, and
editorial notes close to the body size.

How this article's chapters read (their measure, notes beside their text, their citation
markers): tests/edition/test_reading_browser.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kept_pages import kept_pages

pytestmark = pytest.mark.browser

# The phone (390px, touch) as kept_pages has it, and a laptop's screen, 1440 × 900px.
DEVICES = {"phone": {}, "laptop": {"width": 1440, "height": 900}}
# Widths on each side of the stylesheet's and Material's breakpoints: 45em, 60em (the
# margin, the table of contents beside the page), 76.25em (the navigation beside it),
# 100em (Material's larger root type).
SCREENS = {"tablet": 768, "1024": 1024, "1440": 1440, "1920": 1920}
CHAPTERS = ["/causes/", "/effects/"]
BODY = "article > p[id]"


@pytest.fixture(scope="module")
def visit(browser, english_url, english):
    """visit(url, device) -> PageWatch of the page at `url`, freshly loaded on the phone or the laptop."""
    with kept_pages(browser, english_url, english) as visit_page:
        def visit(url: str, device: str):
            return visit_page(url, "phone" if device == "phone" else "screen", **DEVICES[device])
        yield visit


def at_width(page, width: int):
    """The window `width` px wide, once the script has laid the page out again (in the
    animation frame after a resize)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


# -- Type ------------------------------------------------------------------------------------


def test_body_text_is_at_least_18_px(visit):
    sizes = {}
    phone = visit("/causes/", "phone").page
    sizes["phone"] = phone.locator(BODY).evaluate_all("ps => ps.map(p => parseFloat(getComputedStyle(p).fontSize))")
    page = visit("/causes/", "laptop").page
    for name, width in SCREENS.items():
        at_width(page, width)
        sizes[name] = page.locator(BODY).evaluate_all("ps => ps.map(p => parseFloat(getComputedStyle(p).fontSize))")
    assert all(found and min(found) >= 18 for found in sizes.values()), sizes


def test_a_paragraph_keeps_its_typeface_when_tapped_or_arrived_at(visit):
    """A tap shows a paragraph's link and an address highlights it: both give it a class,
    and it used to switch to the sans-serif of the chrome then."""
    page = visit("/causes/", "phone").page
    page.wait_for_load_state("networkidle")
    paragraphs = page.locator(BODY)
    face = paragraphs.first.evaluate("p => getComputedStyle(p).fontFamily")
    assert "serif" in face and "sans-serif" not in face, face
    same_face_while = """([id, state, face]) => {
      const p = document.getElementById(id);
      return p.classList.contains(state) && getComputedStyle(p).fontFamily === face;
    }"""
    tapped = paragraphs.nth(3)
    tapped.tap(position={"x": 10, "y": 10})
    page.wait_for_function(same_face_while, arg=[tapped.get_attribute("id"), "ex-para-active", face], timeout=2000)
    target = paragraphs.nth(2).get_attribute("id")
    page.evaluate(f"location.hash = '#{target}'")
    page.wait_for_function(same_face_while, arg=[target, "ex-arrived", face], timeout=2000)


def test_a_chapters_title_is_set_stronger_than_its_text_in_the_same_colour(visit):
    page = visit("/causes/", "laptop").page
    title, body = (page.locator(selector).first.evaluate(
        "e => [parseFloat(getComputedStyle(e).fontSize), getComputedStyle(e).fontWeight, getComputedStyle(e).color]")
        for selector in ("article h1", BODY))
    assert title[0] >= 1.8 * body[0] and int(title[1]) >= 700 and title[2] == body[2], (title, body)


@pytest.mark.parametrize("device", DEVICES)
def test_editorial_notes_are_set_close_to_the_body_size(visit, device):
    page = visit("/causes/", device).page
    body = page.locator("article > p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    note = page.locator("article .admonition p").last.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert note >= 0.9 * body, f"notes {note}px against {body}px"


# -- Finding the way ------------------------------------------------------------------------


def test_a_tap_on_the_next_chapters_card_opens_it(visit):
    page = visit("/causes/", "phone").page
    page.locator("nav.ex-next a").tap()
    page.wait_for_url("**/effects/")


NAV_NUMBERS = """() => [...document.querySelectorAll('.md-nav--primary a.md-nav__link')]
  .filter(a => a.getClientRects().length || a.closest('.md-sidebar--primary'))
  .map(a => [new URL(a.href).pathname, getComputedStyle(a, '::before').content])"""


@pytest.mark.parametrize("device", DEVICES)
def test_the_navigation_numbers_the_chapters(visit, device):
    """Navigation is a contents list with chapter numbers, on every page, also after
    instant navigation; the pages that are not chapters have none."""
    page = visit("/causes/", device).page
    for step in range(2):
        links = dict(page.evaluate(NAV_NUMBERS))
        assert [links[url] for url in CHAPTERS] == ['"1"', '"2"'], links
        assert links["/"] == "none" and links["/glossary/"] == "none"
        if step == 0:  # on to the next chapter by its card, Material's instant navigation
            page.locator("nav.ex-next a").click()
            page.wait_for_url("**/effects/")


def test_the_glossary_offers_its_letters_once(visit):
    """The letter bar under the introduction, or, where the table of contents stands beside
    the page (from 60em), its list of the same letters: not both. On a phone, and at 768,
    1024 and 1440px in the same page."""
    shown = {}
    for device, widths in (("phone", [None]), ("laptop", ["tablet", "1024", "1440"])):
        page = visit("/glossary/", device).page
        bar, rail = page.locator("nav.ex-letters"), page.locator(".md-sidebar--secondary .md-nav__link")
        letters = [text.strip() for text in bar.locator("a").all_text_contents()]
        assert len(letters) >= 4 and [text.strip() for text in rail.all_text_contents()] == letters
        for name in widths:
            if name:
                at_width(page, SCREENS[name])
            shown[name or "phone"] = [bar.is_visible(), rail.first.is_visible()]
    assert shown == {"phone": [True, False], "tablet": [True, False], "1024": [False, True], "1440": [False, True]}


def test_the_footers_links_look_like_links(visit):
    """The licence and "What this edition changed" were set in the footer's text colour
    without an underline: a reader could not tell them from the words around them."""
    page = visit("/causes/", "phone").page
    links = page.locator(".md-copyright a")
    assert links.count() >= 2
    for link in links.all():
        assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline", link.inner_text()


# -- Notes and sources -----------------------------------------------------------------------


def test_without_javascript_every_note_and_source_is_on_the_page(open_english):
    page = open_english("/causes/", java_script_enabled=False, viewport={"width": 1440, "height": 900}).page
    items = [*page.locator("article > .admonition.note").all(), *page.locator(".ex-sources__item").all()]
    for item in items:
        expect(item).to_be_visible()
        box = item.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1440
    assert page.locator(".ex-sources__item").count() >= 2 and len(items) >= 3

