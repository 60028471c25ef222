"""Every page in a real browser: no errors, nothing from other origins, accessible in
light and dark, readable on a phone."""

import pytest

from conftest import axe_violations

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}


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


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_passes_axe_wcag_and_best_practice_rules(open_page, urls, scheme):
    watch = open_page(None, color_scheme=scheme)
    failures = {}
    for url in urls:
        watch.page.goto(watch.base_url + url)
        watch.page.wait_for_load_state("networkidle")
        applied = watch.page.get_attribute("body", "data-md-color-scheme")
        assert applied == SCHEMES[scheme], f"{url}: palette {applied!r} for {scheme} preference"
        if violations := axe_violations(watch.page):
            failures[url] = violations
    assert failures == {}


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
