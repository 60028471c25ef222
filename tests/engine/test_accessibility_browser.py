"""axe-core (WCAG 2.0–2.2 A and AA, and its best practices) on every template of the engine, on
the English fixture explainer (tests/fixtures/english-explainer): each page in light and dark,
on a phone and on each side of the layout's breakpoints, and with each of the engine's controls
open. What axe finds depends on the size (target sizes, what is shown at all) and on the scheme
(contrast): every element a reader can see is checked in both schemes, every layout at least once.
This edition's own pages are checked in tests/edition/test_site_browser.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, highlight_held, settled

pytestmark = pytest.mark.browser

SCHEMES = {"light": "default", "dark": "slate"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1440, "height": 900}}
# The layout's breakpoints: below 60em (960 px) no margin beside the text, and only a touch
# screen (the phone) is checked there; from 60em a margin for the notes and sources, with the
# navigation in a drawer; from 76.25em (1220 px) both sidebars. 1024 in one scheme: what it
# shows, the phone or 1440 shows too, in both. From 100em (1600 px) Material sets the 1440
# layout larger (its root font size): no other element, no smaller target.
WIDTHS = {"light": [1440, 1024], "dark": [1440]}
CLIPBOARD = {"permissions": ["clipboard-read", "clipboard-write"]}
TERM = 'a.ex-term[data-term="faction"]'


@pytest.fixture(scope="module")
def templates(english):
    """Every page of the fixture: front page, chapters, a plain page, glossary, sources, print, 404."""
    return english.article_urls + ["/404.html"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_every_template_passes_axe_at_every_size_in_both_schemes(open_english, templates, device, scheme):
    watch = open_english(None, color_scheme=scheme, **(PHONE if device == "phone" else LAPTOP))
    page = watch.page
    failures = {}
    for url in templates:
        page.goto(watch.base_url + url)
        assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme], url
        for width in [390] if device == "phone" else WIDTHS[scheme]:
            if device == "laptop":
                page.set_viewport_size({"width": width, "height": 900})
                settled(page)
            if violations := axe_violations(page):
                failures[f"{url} at {width}px"] = violations
    assert failures == {}
    page.wait_for_load_state("networkidle")
    assert watch.console_errors == [] and watch.foreign_requests == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_every_control_passes_axe_while_open(open_english, device, scheme):
    """The glossary tooltip (focused, and hovered on a laptop), a citation's preview (phone) or
    its source pointed out in the margin (laptop), the share menu, and "Link copied": axe on the
    whole page as it stands, so that a control that changes the page elsewhere (hides the text
    from a screen reader, covers a target) is caught too."""
    watch = open_english("/causes/", color_scheme=scheme, **(PHONE if device == "phone" else LAPTOP), **CLIPBOARD)
    page = watch.page
    failures = {}

    def check(state: str):
        settled(page)
        if violations := axe_violations(page):
            failures[state] = violations

    term = page.locator(TERM).first
    term.focus()
    expect(page.locator("#ex-tip-term-faction")).to_be_visible()
    check("glossary tooltip open")
    if device == "laptop":
        term.hover()
        check("glossary term hovered, its tooltip open")
        page.mouse.move(5, 5)
    page.keyboard.press("Escape")
    expect(page.locator("#ex-tip-term-faction")).to_be_hidden()

    citation = page.locator("a.ex-cite[data-cite]").first
    citation.focus()
    if device == "phone":
        tip = f'[id="{citation.get_attribute("data-tip")}"]'
        expect(page.locator(tip)).to_be_visible()
        check("citation preview open")
        page.keyboard.press("Escape")
    else:  # at once: the highlight goes after 2.5 s
        expect(page.locator("[data-sources-panel] .ex-arrived").first).to_be_visible()
        with highlight_held(page):
            check("citation's source pointed out in the margin")

    page.focus("#removing-causes .ex-share__button")
    page.keyboard.press("Enter")
    expect(page.locator("#removing-causes [role=menu]")).to_be_visible()
    check("share menu open")
    page.keyboard.press("Enter")
    page.locator("[role=status]").filter(has_text="Link copied").wait_for()
    check("Link copied")  # once faded in, before it goes
    assert failures == {}
    assert watch.console_errors == [] and watch.foreign_requests == []
