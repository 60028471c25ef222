"""Every page in a real browser: no errors, nothing from other origins, accessible in
light and dark, readable on a phone."""

import pytest
from playwright.sync_api import expect

from conftest import EDITION, axe_violations, highlight_held, page_opener, settled

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
# The narrowest common phone: no breakpoint of Material's or ours lies between it and 390 px
# (the first is 30em, 480 px), so what it shows, a 390 px phone shows too.
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def urls(site):
    return site.article_urls


# Every page once in light on a laptop, once in dark on a phone: one side of each layout
# breakpoint and each scheme. Every template at every size in both schemes, and each control
# open, is checked on the engine's fixture (tests/engine/test_accessibility_browser.py); these
# sweeps check this article's content. Each page is loaded once per device for every check.
SWEEPS = {"light-laptop": ("light", LAPTOP), "dark-phone": ("dark", PHONE)}


@pytest.fixture(scope="module")
def on_device(browser, base_url, site):
    """on_device(sweep) -> PageWatch: one browser page on each device of SWEEPS, shared by the
    tests of this module that only read the site (a browser context costs a process of its own),
    its records of console errors and other origins emptied for the test that asks for it."""
    watches = {}
    with page_opener(browser, base_url, site) as open_page:
        def _on_device(sweep: str):
            if sweep not in watches:
                scheme, device = SWEEPS[sweep]
                watches[sweep] = open_page(None, color_scheme=scheme, **device)
            watches[sweep].console_errors.clear()
            watches[sweep].foreign_requests.clear()
            return watches[sweep]
        yield _on_device


@pytest.mark.parametrize("sweep", SWEEPS)
def test_every_page_loads_cleanly_fits_the_screen_and_passes_axe(on_device, urls, sweep):
    """Each page with nothing from another origin and no error in the console (on the laptop
    after the network has gone quiet, with what loads late), the reader's scheme applied, no
    sideways scrolling, and no violation of axe's WCAG 2.0-2.2 A/AA and best-practice rules."""
    assert len(urls) >= 8
    scheme, device = SWEEPS[sweep]
    watch = on_device(sweep)
    page = watch.page
    failures = []
    for url in urls + ["/404.html"]:
        page.goto(watch.base_url + url)
        if device is LAPTOP:
            page.wait_for_load_state("networkidle")
        applied = page.get_attribute("body", "data-md-color-scheme")
        if applied != SCHEMES[scheme]:
            failures.append(f"{url}: palette {applied!r} for the {scheme} preference")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            failures.append(f"{url}: scrolls sideways by {overflow}px")
        failures += [f"{url}: axe: {violation}" for violation in axe_violations(page)]
    assert failures == []
    assert watch.console_errors == [], "errors in the console"
    assert watch.foreign_requests == [], "requests to other origins"


@pytest.mark.parametrize("sweep", SWEEPS)
def test_this_editions_tooltips_previews_and_share_menu_pass_axe_while_open(on_device, sweep):
    """This edition's own glossary definitions and references, open: a term's tooltip, a
    citation's preview (phone) or its source pointed out in the margin (laptop), a share menu;
    axe on the control and what it opened (the rest of the page is checked above)."""
    watch = on_device(sweep)
    page = watch.page
    page.goto(watch.base_url + EDITION["page"])
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
    if sweep == "dark-phone":  # no margin beside the text
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
