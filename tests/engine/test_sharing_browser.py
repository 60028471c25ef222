"""Sharing in a real browser: copy a section's link or citation, arrive at #section
(full load and instant navigation, with and without a text fragment), print; on the English
fixture explainer (tests/fixtures/english-explainer)."""

from __future__ import annotations


import pytest

from conftest import (FIXTURES, assert_in_view_below_header, clipboard, page_opener, read_config,
                      wait_for_clipboard)

pytestmark = pytest.mark.browser

CLIPBOARD = {"permissions": ["clipboard-read", "clipboard-write"]}
SITE_URL = read_config(FIXTURES / "english-explainer")["site_url"]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def tabs(browser, english_url, english):
    """open(url, **context_options) -> PageWatch of the English fixture, kept for the module:
    tests that read the same page share one load (a page load costs far more than a test)."""
    with page_opener(browser, english_url, english) as _open:
        yield _open


@pytest.fixture(scope="module")
def causes_tab(tabs):
    """The causes page on a laptop, loaded once for the module, the clipboard readable."""
    return tabs("/causes/", **CLIPBOARD)


@pytest.fixture
def causes(causes_tab):
    """The causes page on a laptop, as a reader finds it who has copied nothing, chosen no
    citation style and opened no menu (the tab is shared by the tests of this module)."""
    page = causes_tab.page
    page.emulate_media(media="screen")
    page.mouse.move(0, 0)
    page.keyboard.press("Escape")
    page.evaluate("() => { localStorage.clear(); return navigator.clipboard.writeText(''); }")
    page.evaluate("scrollTo(0, 0)")
    return page


@pytest.fixture(scope="module")
def clock_tab(tabs):
    """A laptop tab for tests that open pages of their own, its clock installed (it runs on as
    usual until a test moves it on)."""
    page = tabs(None).page
    page.clock.install()
    return page


@pytest.fixture
def tab(clock_tab):
    """The laptop tab, on the page the last test left it, shown on a screen to a reader who has
    asked for no less motion, whatever that test emulated (or left emulated when it failed)."""
    clock_tab.emulate_media(media="screen", reduced_motion="no-preference")
    return clock_tab


def status(page, message: str) -> str:
    """What the live region announces (Material's snackbar, made a status region), once it
    says `message`."""
    region = page.locator("[role=status]")
    region.filter(has_text=message).wait_for()
    return region.inner_text().strip()


def share(page, section: str, kind: str):
    """Press the section's share button, then its menu item "Copy link" or "Copy citation"."""
    page.hover(f"#{section}")
    page.click(f"#{section} .ex-share__button")
    page.click(f"#{section} [role=menuitem][data-ex-share={kind}]")


# -- Copy link, copy citation ---------------------------------------------------------


def test_copy_link_copies_the_sections_published_address_and_says_so(causes):
    share(causes, "removing-causes", "link")
    assert status(causes, "Link copied") == "Link copied"
    assert clipboard(causes) == f"{SITE_URL}causes/#removing-causes"


def test_copy_citation_copies_a_ready_made_citation_of_the_section(causes):
    share(causes, "removing-causes", "cite")
    assert status(causes, "Citation copied") == "Citation copied"
    assert clipboard(causes) == (
        "Madison, James. 1787. “The Federalist No. 10: The Same Subject Continued: Two Methods of Removing the "
        f"Causes.” The Daily Advertiser, November 22. {SITE_URL}causes/#removing-causes."
    )


def test_the_share_button_is_reached_and_used_with_the_keyboard(causes):
    page = causes
    page.focus("#causes-2 .ex-para-link")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Copy link or citation of this section"
    page.wait_for_function("getComputedStyle(document.activeElement.parentNode).opacity === '1'")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    wait_for_clipboard(page, f"{SITE_URL}causes/#removing-causes")


def test_the_share_button_shows_and_works_on_a_touch_screen(open_english):
    page = open_english("/causes/", **PHONE, **CLIPBOARD).page
    heading = page.locator("article h2[id]:not([id^=ex-])").first
    button = heading.locator(".ex-share__button")
    assert button.evaluate("b => getComputedStyle(b.parentNode).opacity") == "1"
    box = button.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.5.8 target size
    button.tap()
    heading.locator("[role=menuitem][data-ex-share=link]").tap()
    assert clipboard(page) == f"{SITE_URL}causes/#{heading.get_attribute('id')}"


def test_cite_this_page_copies_each_style(causes):
    page = causes
    buttons = page.locator(".ex-cite-page__copy")
    assert buttons.count() >= 2
    for index in range(buttons.count()):
        buttons.nth(index).click()
        expected = page.locator(".ex-cite-page__text").nth(index).inner_text().strip()
        wait_for_clipboard(page, expected)
    assert "Madison" in clipboard(page) and f"{SITE_URL}causes/" in clipboard(page)


def test_no_share_buttons_without_javascript(open_english):
    page = open_english("/effects/#extent", java_script_enabled=False).page
    assert page.locator(".ex-share").count() == 0
    assert page.locator(".ex-cite-page__copy:visible").count() == 0
    assert page.locator("#extent a.headerlink").get_attribute("href") == "#extent"


# -- Arriving by link ---------------------------------------------------------------------


@pytest.mark.parametrize("fragment", [
    "democracy-and-republic",
    "democracy-and-republic:~:text=Democracy",
    "democracy-and-republic-1",
], ids=["heading", "text-fragment", "paragraph"])
def test_arrival_on_a_full_load_shows_the_target_below_the_header(tab, english_url, fragment):
    page = tab
    page.goto("about:blank")  # then a full load, not a move within the page the tab is on
    page.goto(f"{english_url}/effects/#{fragment}")
    target = fragment.split(":~:")[0]
    assert_in_view_below_header(page, target)
    assert "ex-arrived" in page.get_attribute(f"#{target}", "class")
    page.clock.run_for(2600)  # the highlight's 2.5 s, without waiting for them
    page.wait_for_function(f"!document.getElementById('{target}').classList.contains('ex-arrived')", timeout=1000)


def follow(page, href: str) -> None:
    """A click on a link to `href` put at the top of the article, as a reader's would be."""
    page.evaluate(
        """href => { const a = document.createElement('a'); a.href = href; a.id = 'go';
                     a.textContent = 'go'; document.querySelector('article').prepend(a); }""",
        href,
    )
    page.click("#go")


def test_arrival_through_instant_navigation_shows_the_target_below_the_header(open_english):
    """A heading, a text fragment and a paragraph, one after another in the same tab, each on
    the other page than the one the reader is on: both pages reached by instant navigation."""
    page = open_english("/causes/").page
    page.wait_for_load_state("networkidle")  # Material has read the sitemap
    page.evaluate("window.stillTheSameDocument = true")
    for chapter, fragment in [("effects", "democracy-and-republic"), ("causes", "property:~:text=unequal"),
                              ("effects", "extent-1")]:
        follow(page, f"../{chapter}/#{fragment}")
        page.wait_for_url(f"**/{chapter}/**")
        target = fragment.split(":~:")[0]
        page.wait_for_selector(f"#{target}")
        assert page.evaluate("window.stillTheSameDocument") is True, f"navigation to #{fragment} was not instant"
        assert_in_view_below_header(page, target)
        assert "ex-arrived" in (page.get_attribute(f"#{target}", "class") or ""), fragment


def test_the_highlight_does_not_animate_for_readers_who_ask_for_less_motion(tab, english_url):
    page = tab
    page.emulate_media(reduced_motion="reduce")
    try:
        page.goto("about:blank")  # then a full load, not a move within the page the last test left
        page.goto(f"{english_url}/effects/#extent")
        page.wait_for_selector("#extent.ex-arrived")
        assert page.eval_on_selector("#extent", "h => getComputedStyle(h).animationName") == "none"
        assert page.eval_on_selector("#extent", "h => getComputedStyle(h).backgroundColor") != "rgba(0, 0, 0, 0)"
    finally:
        page.emulate_media(reduced_motion="no-preference")


# -- Print ---------------------------------------------------------------------------------


def test_printing_shows_the_text_its_addresses_and_its_sources_only(causes):
    page = causes
    page.emulate_media(media="print")
    for hidden in [".md-header", ".md-sidebar--primary", ".md-footer", ".md-search", ".ex-share",
                   ".ex-cite-page__copy", "#causes a.headerlink"]:
        assert all(not element.is_visible() for element in page.query_selector_all(hidden)), hidden
    assert page.locator("article h1").is_visible()
    link = page.locator("article a[data-ex-href]").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("data-ex-href").startswith(SITE_URL) and link.get_attribute("data-ex-href") in after
    term = page.locator("article a.ex-term").first
    colours = term.evaluate("a => [getComputedStyle(a).color, getComputedStyle(a.parentNode).color]")
    assert colours[0] == colours[1], "a glossary term prints as plain text"
    panel = page.locator("[data-sources-panel]")
    assert panel.is_visible()
    text = page.locator("article > p[id]").last.bounding_box()  # after the text, on wide screens too
    assert panel.bounding_box()["y"] >= text["y"] + text["height"] - 1
    assert page.locator("article .ex-next").is_hidden()


def test_the_whole_explainer_prints_every_chapter_on_new_pages(tab, english_url):
    page = tab
    page.goto(f"{english_url}/print/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    chapters = page.locator("section.ex-print__chapter")
    assert chapters.count() >= 2
    assert page.locator("section.ex-print__chapter#ex-print-causes, section.ex-print__chapter#ex-print-effects").count() == 2
    breaks = chapters.evaluate_all("s => s.slice(1).map(c => getComputedStyle(c).breakBefore)")
    assert set(breaks) == {"page"}
    pdf = page.pdf()
    page.emulate_media(media="screen")
    assert pdf.startswith(b"%PDF")
