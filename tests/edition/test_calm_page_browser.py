"""A calmer page of this article, as a reader meets it in Chromium on a phone (390×844,
touch; 320px wide where headings run longest) and a laptop (1440×900), light and dark: one
share control per heading on its last line, targets of at least 24×24 CSS px (WCAG 2.2 SC
2.5.8), tooltips that scroll, and the glossary's letter bar; read from the built HTML, the
citations its sections offer, in one style with the page's.

Each page is loaded once on the phone and once on the laptop (the fixture `pages`): the
tests of the headings, the targets and the letter bar read what was found there. Paragraph
links never alone on a line: tests/edition/test_reading_browser.py, with the citation markers.

How the controls behave on any explainer (the share menu, paragraph links, copying a
citation, editorial notes' size): tests/engine/test_share_controls_browser.py,
tests/engine/test_reading_surface_browser.py, tests/engine/test_citations_browser.py."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from conftest import SITE_URL, attempt, page_opener, settled

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SMALL_PHONE = {"width": 320, "height": 640}  # set in the phone's page
LAPTOP = {"viewport": {"width": 1440, "height": 900}}
DEVICES = {"phone": PHONE, "laptop": LAPTOP}
# The pages each check is made on: the headings' controls on a chapter, a page and the
# glossary (on the small phone, where headings run longest, a chapter and the glossary); the
# targets on pages with each kind of control (cards, contents, letters).
HEADING_PAGES = ["/consequences/", "/about/", "/glossary/"]
SMALL_PHONE_HEADING_PAGES = ["/consequences/", "/glossary/"]
TARGET_PAGES = ["/social-goals/", "/consequences/", "/glossary/", "/"]
GLOSSARY = "/glossary/"
# A long definition where the window leaves it less room than it needs: a phone turned
# sideways, a laptop's short window (each set in the device's page).
TALL_TIP_PAGE = "/consequences/"
SHORT_WINDOWS = {"phone": {"width": 667, "height": 375}, "laptop": {"width": 1280, "height": 400}}
HEADINGS = "article h2[id]:not([id^=ex-]), article h3[id]:not([id^=ex-])"
# Every control of ours a reader can press, with what it is.
CONTROLS = {
    ".ex-share__button": "share button of a heading",
    ".ex-share__item": "item of the share menu",
    "a.ex-para-link": "paragraph link",
    ".ex-cite-page__copy": "Copy button of Cite this page",
    ".ex-sources__links a": "link of the sources panel",
    ".ex-letters a": "letter of the glossary index",
    ".ex-tip__more a": "link to the glossary entry in a tooltip",
    "a.ex-cite": "citation marker",
    ".ex-next__link": "next-chapter card",
    ".ex-contents__link": "chapter on the front page",
}


def press(page, locator, device: str):
    """A tap on the phone, a click on the laptop."""
    locator.tap() if device == "phone" else locator.click()


# For each of the page's first 40 headings: its visible controls, its box and its share
# control's, and its height without the control (the same if the control wraps no line).
# The controls are hidden all at once, to lay the page out once, not once per heading.
HEADING_CONTROLS = """selector => {
  const shown = e => { const box = e.getBoundingClientRect();
                       return box.width > 0 && box.height > 0 && e.checkVisibility({ visibilityProperty: true }); };
  const headings = [...document.querySelectorAll(selector)].slice(0, 40);
  const controls = headings.map(heading => heading.querySelector('.ex-share'));
  const found = headings.map((heading, i) => ({
    id: heading.id, controls: [...heading.querySelectorAll('a, button')].filter(shown).length,
    text: heading.getBoundingClientRect().toJSON(), box: controls[i].getBoundingClientRect().toJSON() }));
  controls.forEach(control => { control.style.display = 'none'; });
  headings.forEach((heading, i) => { found[i].without = heading.getBoundingClientRect().height; });
  controls.forEach(control => { control.style.display = ''; });
  return found;
}"""

# Our visible controls (Playwright's "visible": a box, and not hidden by the visibility
# property): the kinds measured (CONTROLS' selectors), and those smaller than 24×24 CSS px, described.
SMALL_TARGETS = """controls => {
  const seen = [], small = [];
  for (const [selector, what] of Object.entries(controls)) {
    for (const element of document.querySelectorAll(selector)) {
      const box = element.getBoundingClientRect();
      if (!box.width || !box.height || !element.checkVisibility({ visibilityProperty: true })) continue;
      if (!seen.includes(selector)) seen.push(selector);
      if (box.width < 24 || box.height < 24)
        small.push(`${what} ${JSON.stringify(element.innerText)}: ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return { seen, small };
}"""
# Kinds of control the sweep sees on no page of a device, and why.
TOOLTIP_LINK = "shown only in an open tooltip: test_a_tooltip_taller_than_the_space_left_scrolls_to_its_glossary_link measures it"
NOT_IN_THE_SWEEP = {
    "phone": {".ex-tip__more a": TOOLTIP_LINK},
    "laptop": {".ex-tip__more a": TOOLTIP_LINK,
               ".ex-letters a": "hidden where the table of contents lists the letters "
                                "(test_the_glossary_letters_are_at_hand_and_lead_to_the_letter)"},
}


def targets(page, device: str) -> dict:
    """Our visible controls smaller than 24×24 CSS px, described, with the share controls
    shown (on a laptop they show on hover and focus) and the first share menu open; and
    how many items that menu offers (None: the page has no menu)."""
    if device == "laptop":
        page.add_style_tag(content=".ex-share, .ex-para-link { opacity: 1 !important; }")
    menus = page.locator(".ex-share__button[aria-haspopup=menu]")
    items = None
    if menus.count():
        menus.first.click()
        items = page.locator(".ex-share__item").count()
    return {**page.evaluate(SMALL_TARGETS, CONTROLS), "menu items": items}


def glossary_letters_are_at_hand_and_lead_to_the_letter(page, device: str):
    """On a phone the letter bar under the introduction, without opening the menu; where the
    table of contents stands beside the page, its list of the letters (one or the other:
    tests/engine/test_reading_surface_browser.py). A press on "S" brings its letter below
    the header."""
    if device == "phone":
        bar = page.get_by_role("navigation", name="Glossary by first letter")
        expect(bar).to_be_visible()
        assert bar.bounding_box()["height"] <= 3 * 36, "more than three rows of letters"
        assert bar.bounding_box()["y"] < page.viewport_size["height"]
    else:
        bar = page.locator(".md-sidebar--secondary nav")
        expect(bar).to_be_visible()
    letters = bar.get_by_role("link")
    assert letters.count() >= 10
    letter = letters.filter(has_text="S")
    target = letter.get_attribute("href").split("#")[1]
    assert page.locator(f"#{target}").inner_text().upper().startswith("S")
    press(page, letter, device)
    page.wait_for_function(
        """id => { const top = document.getElementById(id).getBoundingClientRect().top;
                   const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
                   return top >= header - 1 && top < innerHeight / 2; }""", arg=target)


def tall_tooltip_scrolls_to_its_link(page, device: str):
    """The tooltip of "social credit system", taller than the space left in SHORT_WINDOWS[device],
    stands below the header and within the window, scrolls to its end as a reader scrolls
    it, and its link to the glossary entry can be pressed there."""
    page.set_viewport_size(SHORT_WINDOWS[device])
    settled(page)
    term = page.locator('a.ex-term[data-term="social-credit-system"]').first
    tip = page.locator("#ex-tip-term-social-credit-system")
    term.scroll_into_view_if_needed()
    page.evaluate("t => scrollBy(0, t.getBoundingClientRect().top - innerHeight / 2)", term.element_handle())
    term.tap() if device == "phone" else term.hover()
    expect(tip).to_be_visible()
    assert tip.evaluate("t => t.scrollHeight > t.clientHeight"), "the tooltip fits: nothing to test"
    box = tip.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert box["y"] >= header["y"] + header["height"] and box["y"] + box["height"] <= page.viewport_size["height"]
    # Scroll inside it as a reader would (touch: the wheel event of a swipe), to its end.
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(8):
        page.mouse.wheel(0, 60)
        page.wait_for_timeout(50)
    page.wait_for_timeout(200)
    assert tip.evaluate("t => t.scrollTop") > 0, "scrolling inside the tooltip was undone"
    # (within a pixel: the tooltip's height may be fractional, its scrollTop is rounded)
    assert tip.evaluate("t => Math.ceil(t.scrollTop + t.clientHeight) >= t.scrollHeight - 1")
    link = tip.locator(".ex-tip__more a")
    link_box, box = link.bounding_box(), tip.bounding_box()
    assert link_box["width"] >= 24 and link_box["height"] >= 24, f"the link is too small to tap: {link_box}"
    assert box["y"] <= link_box["y"] and link_box["y"] + link_box["height"] <= box["y"] + box["height"] + 1
    press(page, link, device)
    page.wait_for_url("**/glossary/#social-credit-system")


@pytest.fixture(scope="module")
def pages(browser, base_url, site) -> dict:
    """Each page loaded once on the phone (its checks at 390px, then at 320px, then at 390px
    with a share menu open) and once on the laptop: {(url, device): what the checks found},
    device "phone", "small phone" or "laptop". The interactions (the glossary's letters, and
    last on TALL_TIP_PAGE, in a short window, a tall tooltip scrolled and its link followed)
    are found None or the error their test raises."""
    found = {}
    with page_opener(browser, base_url, site) as open_page:
        for device in DEVICES:
            page = open_page(None, **DEVICES[device]).page
            for url in dict.fromkeys([*HEADING_PAGES, *TARGET_PAGES]):
                # The device's own window: the tall tooltip's check leaves a short one behind.
                page.set_viewport_size(DEVICES[device]["viewport"])
                page.goto(base_url + url)
                here = found[url, device] = {"width": page.viewport_size["width"]}
                if url in HEADING_PAGES:
                    here["headings"] = page.evaluate(HEADING_CONTROLS, HEADINGS)
                    here["scroll width"] = page.evaluate("document.documentElement.scrollWidth")
                if device == "phone" and url in SMALL_PHONE_HEADING_PAGES:
                    page.set_viewport_size(SMALL_PHONE)
                    settled(page)
                    found[url, "small phone"] = {"headings": page.evaluate(HEADING_CONTROLS, HEADINGS)}
                    page.set_viewport_size(PHONE["viewport"])
                    settled(page)
                if url == GLOSSARY:
                    here["letters"] = attempt(glossary_letters_are_at_hand_and_lead_to_the_letter, page, device)
                if url in TARGET_PAGES:
                    here["targets"] = targets(page, device)
                if url == TALL_TIP_PAGE:  # last: its link opens the glossary
                    if here["targets"]["menu items"]:
                        page.keyboard.press("Escape")  # the menu opened above closes
                        page.locator(".ex-share__item").first.wait_for(state="detached")
                    here["tall tooltip"] = attempt(tall_tooltip_scrolls_to_its_link, page, device)
    return found


# -- One control per heading ----------------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
def test_each_heading_has_one_control_on_its_own_line(pages, device):
    for url in HEADING_PAGES:
        found = pages[url, device]
        assert found["width"] == DEVICES[device]["viewport"]["width"], f"{url} measured {found['width']}px wide"
        assert len(found["headings"]) >= 3, url
        for heading in found["headings"]:
            where, box, text = f"{url}#{heading['id']}", heading["box"], heading["text"]
            assert heading["controls"] == 1, f"{where}: {heading['controls']} controls"
            # Within the heading's box: on its (last) line, not on a line of its own.
            assert heading["without"] == text["height"], f"{where} wraps its control"
            assert text["y"] <= box["y"] and box["y"] + box["height"] <= text["y"] + text["height"] + 1, where
            assert box["x"] + box["width"] <= found["width"], where
        assert found["scroll width"] <= found["width"], url


def test_on_a_small_phone_long_headings_keep_their_control_on_their_last_line(pages):
    """320px wide."""
    for url in SMALL_PHONE_HEADING_PAGES:
        wrapped = 0
        for heading in pages[url, "small phone"]["headings"]:
            box, text = heading["box"], heading["text"]
            assert box["y"] + box["height"] <= text["y"] + text["height"] + 1, f"{url}#{heading['id']}"
            assert box["y"] >= text["y"] + text["height"] - 1.6 * box["height"], \
                f"{url}#{heading['id']}: the control is not on the last line"
            wrapped += text["height"] > 2 * box["height"]
        assert wrapped, f"no heading of {url} runs over two lines here: nothing tested"


def section_citations(site, url: str) -> dict:
    """The section citations a page offers (its #ex-section-citations), {} if none."""
    data = site.soup(url).select_one("#ex-section-citations")
    return json.loads(data.get_text()) if data else {}


def test_a_section_is_cited_as_part_of_this_article(site):
    """What "Copy citation (Chicago)" copies (the menu: tests/engine/test_share_controls_browser.py)."""
    citations = section_citations(site, "/consequences/")
    assert citations["styles"][0] == "Chicago"
    assert citations["sections"]["data-reliability"][0] == (
        "Klabisch, Joanna. 2018. China's Social Credit Score – Rating a People: Data Reliability. "
        f"Blickwechsel. Cologne: Stiftung Asienhaus. {SITE_URL}consequences/#data-reliability.")


@pytest.mark.parametrize("url, heading", [("/", "reading-guide"), ("/glossary/", "schufa"), ("/about/", "licence")])
def test_text_this_edition_wrote_offers_the_link_only(site, url, heading):
    """No citation for a section this edition wrote: its control copies the link at once
    (tests/engine/test_share_controls_browser.py)."""
    assert site.soup(url).find(id=heading) is not None
    assert heading not in section_citations(site, url).get("sections", {})


# -- Target sizes --------------------------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
def test_every_control_of_ours_is_at_least_24_px(pages, device):
    """With a share menu open, where the page has one."""
    for url in TARGET_PAGES:
        assert pages[url, device]["width"] == DEVICES[device]["viewport"]["width"], \
            f"{url} measured {pages[url, device]['width']}px wide"
        found = pages[url, device]["targets"]
        assert found["menu items"] in (None, 2), f"{url}: the share menu offers {found['menu items']} items"
        assert found["small"] == [], url
    assert any(pages[url, device]["targets"]["menu items"] for url in TARGET_PAGES), "no share menu opened"
    seen = {selector for url in TARGET_PAGES for selector in pages[url, device]["targets"]["seen"]}
    unmeasured = set(CONTROLS) - seen - set(NOT_IN_THE_SWEEP[device])
    assert not unmeasured, f"no {', '.join(CONTROLS[s] for s in sorted(unmeasured))} measured on the {device}"


# -- Citations: one formatter (copying in the chosen style, dated the day the reader copies:
# tests/engine/test_share_controls_browser.py) -------------------------------------------------


def test_a_section_is_cited_in_harvard_as_part_of_this_article(site):
    citations = section_citations(site, "/consequences/")
    harvard = citations["styles"].index("Harvard")
    assert citations["dates"][harvard] == "dmy"
    cited = citations["sections"]["reach-and-access"][harvard]
    assert cited.startswith("Klabisch, J. (2018) China's Social Credit Score")
    assert cited.endswith(f"Available at: {SITE_URL}consequences/#reach-and-access (Accessed: {{accessed}}).")


@pytest.mark.parametrize("style", ["Chicago", "APA", "Harvard"])
def test_the_section_and_the_page_citation_follow_the_same_rules(site, style):
    page = site.soup("/consequences/")
    cited = " ".join(page.select_one(f".ex-cite-page__style[data-ex-style={style}] .ex-cite-page__text").get_text().split())
    index = ["Chicago", "APA", "Harvard"].index(style)
    section = section_citations(site, "/consequences/")["sections"]["data-reliability"][index]
    # The same author, year, title casing, publisher (and place) before the address.
    head = cited.split(" http")[0].rstrip(". Available at:")
    author_year, _, rest = head.partition("2018")
    assert section.startswith(author_year + "2018")
    title = "China's Social Credit Score – " + ("Rating a People" if style == "Chicago" else "rating a people")
    assert title in cited and title in section
    # APA names a report's series, "(Blickwechsel)", but not a part's: the style's rule.
    publisher = re.sub(r"^\(.*?\)\.?\s*", "", rest.split(title)[-1].strip(" ."))
    assert publisher and publisher in section


# -- Tooltips that scroll ------------------------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES, ids=["phone-landscape", "laptop-short-window"])
def test_a_tooltip_taller_than_the_space_left_scrolls_to_its_glossary_link(pages, device):
    """A phone turned sideways, a laptop's short window: tried last on the fixture's
    Consequences (tall_tooltip_scrolls_to_its_link)."""
    if error := pages[TALL_TIP_PAGE, device]["tall tooltip"]:
        raise error


# -- The glossary's letter bar ----------------------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
def test_the_glossary_letters_are_at_hand_and_lead_to_the_letter(pages, device):
    """Tried on the glossary the fixture loaded (glossary_letters_are_at_hand_and_lead_to_the_letter)."""
    if error := pages[GLOSSARY, device]["letters"]:
        raise error
