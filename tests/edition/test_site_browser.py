"""Every page in a real browser: no errors, nothing from other origins, accessible in
light and dark, readable on a phone."""

import pytest
from playwright.sync_api import expect

from conftest import EDITION, axe_violations, highlight_held, settled

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def urls(site):
    return site.article_urls


def test_every_page_loads_cleanly_and_only_from_its_own_origin(open_page, urls):
    assert len(urls) >= 8
    watch = open_page(None)
    for url in urls:
        watch.page.goto(watch.base_url + url)
        watch.page.wait_for_load_state("networkidle")
    assert watch.console_errors == []
    assert watch.foreign_requests == []


# Every page once in light on a laptop, once in dark on a phone: one side of each layout
# breakpoint and each scheme. Every template at every size in both schemes, and each control
# open, is checked on the engine's fixture (tests/engine/test_accessibility_browser.py).
@pytest.mark.parametrize("scheme, device", [("light", LAPTOP), ("dark", PHONE)], ids=["light-laptop", "dark-phone"])
def test_every_page_passes_axe_wcag_and_best_practice_rules(open_page, urls, scheme, device):
    watch = open_page(None, color_scheme=scheme, **device)
    failures = {}
    for url in urls + ["/404.html"]:
        watch.page.goto(watch.base_url + url)  # loaded: what the network brings later, the test above waits for
        applied = watch.page.get_attribute("body", "data-md-color-scheme")
        assert applied == SCHEMES[scheme], f"{url}: palette {applied!r} for {scheme} preference"
        if violations := axe_violations(watch.page):
            failures[url] = violations
    assert failures == {}
    assert watch.console_errors == [] and watch.foreign_requests == []


@pytest.mark.parametrize("scheme, device", [("light", LAPTOP), ("dark", PHONE)], ids=["light-laptop", "dark-phone"])
def test_this_editions_tooltips_previews_and_share_menu_pass_axe_while_open(open_page, scheme, device):
    """This edition's own glossary definitions and references, open: a term's tooltip, a
    citation's preview (phone) or its source pointed out in the margin (laptop), a share menu;
    axe on the control and what it opened (the rest of the page is checked above)."""
    watch = open_page(EDITION["page"], color_scheme=scheme, **device)
    page = watch.page
    failures = {}

    def check(state: str, include: list[str] | None = None):
        settled(page)
        if violations := axe_violations(page, include):
            failures[state] = violations

    term = page.locator("article a.ex-term[data-term]").first
    term.focus()
    tip = f'[id="ex-tip-term-{term.get_attribute("data-term")}"]'
    expect(page.locator(tip)).to_be_visible()
    check("glossary tooltip open", ["a.ex-term", tip])
    page.keyboard.press("Escape")
    citation = page.locator("a.ex-cite[data-cite]").first
    citation.focus()
    if device is PHONE:
        tip = f'[id="{citation.get_attribute("data-tip")}"]'
        expect(page.locator(tip)).to_be_visible()
        check("citation preview open", ["a.ex-cite", tip])
        page.keyboard.press("Escape")
    else:  # at once: the highlight goes after 2.5 s
        expect(page.locator("[data-sources-panel] .ex-arrived").first).to_be_visible()
        with highlight_held(page):
            check("citation's source pointed out in the margin", ["a.ex-cite", "[data-sources-panel]"])
    heading = page.locator("article h2[id]:has(.ex-share__button)").first
    heading.locator(".ex-share__button").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("menu")).to_be_visible()
    check("share menu open", [f'[id="{heading.get_attribute("id")}"]'])
    assert failures == {}
    assert watch.console_errors == [] and watch.foreign_requests == []


def test_pages_fit_a_phone_screen(open_page, urls):
    watch = open_page(None, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    for url in urls:
        watch.page.goto(watch.base_url + url)
        overflow = watch.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways on a phone by {overflow}px"


@pytest.mark.parametrize("system, other", [("light", "slate"), ("dark", "default")])
def test_the_palette_follows_the_system_and_its_first_click_switches_it(open_page, system, other):
    watch = open_page("/", color_scheme=system)
    page = watch.page
    toggle = page.locator("form[data-md-component=palette] label:visible")
    assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[system]
    toggle.click()
    page.wait_for_function("scheme => document.body.dataset.mdColorScheme === scheme", arg=other)
    page.reload()
    assert page.get_attribute("body", "data-md-color-scheme") == other
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("scheme => document.body.dataset.mdColorScheme === scheme", arg=SCHEMES[system])
