"""A calmer page's controls in Chromium, on the English fixture explainer
(tests/fixtures/english-explainer), on a phone (390×844, touch) and a laptop (1440×900):
the share menu of a heading (WAI-ARIA menu button, by touch, mouse and keyboard), the link
alone where a section offers no citation, paragraph links that copy without jumping, and
citations copied in the style the reader chose, dated the day they copy."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from conftest import FIXTURES, clipboard, page_opener, read_config, wait_for_clipboard

pytestmark = pytest.mark.browser

CLIPBOARD = {"permissions": ["clipboard-read", "clipboard-write"]}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1440, "height": 900}}
DEVICES = {"phone": PHONE, "laptop": LAPTOP}
SITE_URL = read_config(FIXTURES / "english-explainer")["site_url"]
SECTION_CITATIONS = "JSON.parse(document.getElementById('ex-section-citations').textContent)"


@pytest.fixture(scope="module")
def tabs(browser, english_url, english):
    """A phone's tab and a laptop's, kept for the module: each test opens its page afresh in
    one of them (a new tab for each test costs about as much again as the page load)."""
    with page_opener(browser, english_url, english) as _open:
        yield {device: _open(None, **options, **CLIPBOARD).page for device, options in DEVICES.items()}


@pytest.fixture
def open_tab(tabs, english_url):
    """open_tab(device, url="/causes/") -> the device's page, loaded afresh at `url`; after the
    test, what it left stored (a chosen citation style, the clipboard) is forgotten."""
    used = []

    def _open(device: str, url: str = "/causes/"):
        page = tabs[device]
        page.mouse.move(0, 0)  # not over what the last test pointed at
        page.goto("about:blank")  # then a full load, even of the address the last test left it at
        page.goto(english_url + url)
        used.append(page)
        return page

    yield _open
    for page in used:
        page.evaluate("() => { localStorage.clear(); return navigator.clipboard.writeText(''); }")


def press(page, locator, device: str):
    """A tap on the phone, a click on the laptop."""
    locator.tap() if device == "phone" else locator.click()


def today(form: str) -> str:
    day = datetime.date.today()
    month = day.strftime("%B")
    return f"{day.day} {month} {day.year}" if form == "dmy" else f"{month} {day.day}, {day.year}"


# -- The share menu ---------------------------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
def test_the_control_offers_the_link_and_the_citation(open_tab, device):
    page = open_tab(device)
    heading = page.locator("#removing-causes")
    button = heading.locator(".ex-share__button")
    if device == "laptop":
        heading.hover()
    assert button.get_attribute("aria-haspopup") == "menu"
    press(page, button, device)
    menu = page.get_by_role("menu")
    expect(menu).to_be_visible()
    items = menu.get_by_role("menuitem")
    expect(items).to_have_text(["Copy link", "Copy citation (Chicago)"])
    assert button.get_attribute("aria-expanded") == "true"
    box = menu.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    press(page, items.first, device)
    wait_for_clipboard(page, f"{SITE_URL}causes/#removing-causes")
    expect(menu).to_be_hidden()
    press(page, button, device)
    press(page, page.get_by_role("menuitem", name="Copy citation (Chicago)"), device)
    wait_for_clipboard(page, page.evaluate(f"{SECTION_CITATIONS}.sections['removing-causes'][0]"))
    assert button.get_attribute("aria-expanded") == "false"


def test_the_menu_works_with_the_keyboard(open_tab):
    page = open_tab("laptop")
    button = page.locator("#property .ex-share__button")
    button.focus()
    expect(button.locator("..")).to_have_css("opacity", "1")
    page.keyboard.press("Enter")
    focused = lambda: page.evaluate("document.activeElement.textContent")  # noqa: E731
    assert focused() == "Copy link"
    page.keyboard.press("ArrowDown")
    assert focused().startswith("Copy citation")
    page.keyboard.press("ArrowDown")
    assert focused() == "Copy link"  # round again
    page.keyboard.press("Escape")
    expect(page.get_by_role("menu")).to_be_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-haspopup')") == "menu"
    page.keyboard.press("ArrowUp")  # opens on the last item
    assert focused().startswith("Copy citation")
    page.keyboard.press("Enter")
    wait_for_clipboard(page, page.evaluate(f"{SECTION_CITATIONS}.sections.property[0]"))
    assert page.evaluate("document.activeElement.getAttribute('aria-haspopup')") == "menu"


def test_a_press_elsewhere_closes_the_menu(open_tab):
    page = open_tab("phone")
    page.locator("#property .ex-share__button").tap()
    expect(page.get_by_role("menu")).to_be_visible()
    page.locator("#property-1").tap()
    expect(page.get_by_role("menu")).to_be_hidden()


def test_a_section_without_a_citation_offers_the_link_only(open_tab):
    """Pages that are not chapters (the glossary, About) offer no section citations."""
    for url, heading in [("/glossary/", "faction"), ("/about/", "changes")]:
        page = open_tab("phone", url)
        assert page.locator("#ex-section-citations").count() == 0, url
        button = page.locator(f"#{heading} .ex-share__button")
        assert button.get_attribute("aria-haspopup") is None
        assert button.get_attribute("aria-label") == "Copy link to this section"
        button.tap()
        wait_for_clipboard(page, f"{SITE_URL}{url.lstrip('/')}#{heading}")
        assert page.get_by_role("menu").count() == 0


# -- Paragraph links -----------------------------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
def test_a_paragraph_link_copies_its_address_without_jumping(open_tab, device):
    page = open_tab(device)
    paragraph = page.locator("#removing-causes-1")
    paragraph.scroll_into_view_if_needed()
    link = paragraph.locator("a.ex-para-link")
    if device == "laptop":
        paragraph.hover()
    else:  # no ¶ after every paragraph on a phone: a tap on the paragraph shows its own
        expect(link).to_have_css("opacity", "0")
        assert page.locator("a.ex-para-link").evaluate_all(
            "links => links.filter(l => getComputedStyle(l).opacity !== '0').length") == 0
        paragraph.tap(position={"x": 10, "y": 10})
    expect(link).to_have_css("opacity", "1")
    before = page.evaluate("scrollY")
    press(page, link, device)
    wait_for_clipboard(page, f"{SITE_URL}causes/#removing-causes-1")
    expect(page.locator("[role=status]")).to_contain_text("Link copied")
    page.wait_for_timeout(300)
    assert page.evaluate("scrollY") == before and page.evaluate("location.hash") != "#removing-causes-1"


# -- Citations: one formatter ----------------------------------------------------------------------


def test_the_access_date_is_the_day_the_reader_copies(open_tab):
    page = open_tab("laptop")
    harvard = page.locator(".ex-cite-page__style[data-ex-style=Harvard]")
    expect(harvard.locator(".ex-cite-page__text")).to_contain_text(f"(Accessed: {today('dmy')})")
    harvard.locator("button").click()
    wait_for_clipboard(page, harvard.locator(".ex-cite-page__text").inner_text().strip())
    assert f"{SITE_URL}causes/ (Accessed: {today('dmy')})." in clipboard(page)


def test_a_section_is_cited_in_the_style_the_reader_chose_for_the_page(open_tab):
    page = open_tab("laptop")
    page.locator(".ex-cite-page__style[data-ex-style=Harvard] button").click()
    page.goto(page.url.replace("/causes/", "/effects/"))  # remembered, like the palette
    section = "democracy-and-republic"
    button = page.locator(f"#{section} .ex-share__button")
    button.hover()
    button.click()
    page.get_by_role("menuitem", name="Copy citation (Harvard)").click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.includes('Available at'))")
    copied = clipboard(page)
    assert copied.startswith("Madison, J. (1787) ‘The Federalist No. 10")
    assert copied.endswith(f"Available at: {SITE_URL}effects/#{section} (Accessed: {today('dmy')}).")
