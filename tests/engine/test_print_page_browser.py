"""What the speed-ups of benchmarks/README.md ("Lighthouse") must not cost a reader, on the
English fixture explainer's print page (tests/fixtures/english-explainer).

On screen the print page leaves the chapters below the window unrendered until the reader
nears them (`content-visibility: auto`); printed, every chapter is there, and a link into
a late chapter still lands on its heading.
"""

import pytest

from conftest import assert_in_view_below_header
from kept_pages import kept_pages

pytestmark = pytest.mark.browser

CHAPTERS = "section.ex-print__chapter"
DEVICES = {"laptop": "screen", "phone": "phone"}  # a 1280px screen with a mouse; a 390px phone
# Whether the browser skips rendering a chapter's text for now (content-visibility: auto,
# far from the window): checkVisibility's contentVisibilityAuto says so of what it holds.
SKIPPED = "c => !c.querySelector('h2').checkVisibility({ contentVisibilityAuto: true })"


@pytest.fixture(scope="module")
def visit(browser, english_url, english):
    """visit(device) -> PageWatch of the print page, freshly loaded on the laptop or the phone."""
    with kept_pages(browser, english_url, english) as visit_page:
        yield lambda device="laptop": visit_page("/print/", DEVICES[device])


def visibility(page) -> list[str]:
    return page.locator(CHAPTERS).evaluate_all("s => s.map(c => getComputedStyle(c).contentVisibility)")


def test_the_print_page_renders_unseen_chapters_on_screen_only_when_needed(visit):
    """(On a phone too: the landing test below finds its late chapters unrendered.)"""
    page = visit().page
    assert len(visibility(page)) >= 6
    assert set(visibility(page)) == {"auto"}
    assert page.locator(CHAPTERS).last.evaluate(SKIPPED), "the last chapter is rendered from the start: nothing tested"


def test_printed_every_chapter_is_laid_out_in_full(visit):
    page = visit().page
    page.emulate_media(media="print")
    assert set(visibility(page)) == {"visible"}
    # Each chapter as tall as its text, not the 3000 px stand-in of a chapter not rendered.
    heights = page.locator(CHAPTERS).evaluate_all("s => s.map(c => c.getBoundingClientRect().height)")
    assert len(heights) >= 6 and len(set(heights)) == len(heights), heights
    assert max(heights) < 3000, heights


@pytest.mark.parametrize("device", DEVICES)
def test_a_link_into_a_late_chapter_of_the_print_page_lands_on_its_heading(visit, device):
    watch = visit(device)
    ids = watch.page.locator(f"{CHAPTERS} h2[id]").evaluate_all("hs => hs.map(h => h.id)")
    assert len(ids) >= 4
    targets = (ids[-1], ids[len(ids) // 2])
    for target in targets:  # from the top of the page, not rendered yet
        assert watch.page.locator(f"{CHAPTERS}:has(#{target})").evaluate(SKIPPED), f"{target}: nothing tested"
    for target in targets:
        watch.page.goto(f"{watch.base_url}/print/#{target}")
        assert_in_view_below_header(watch.page, target)


# A chapter that is not rendered yet clips what it holds and is the frame of its fixed
# descendants: a tooltip there opened off its term, cut off or unseen.
PAINTED_AT_ITS_CENTRE = """id => {
  const tip = document.getElementById(id), box = tip.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + Math.min(box.height / 2, 20));
  return hit !== null && tip.contains(hit);
}"""


@pytest.mark.parametrize("device", DEVICES)
def test_a_term_in_any_chapter_of_the_print_page_opens_its_definition_beside_it(visit, device):
    page = visit(device).page
    chapters = page.locator(CHAPTERS)
    opened = 0
    for number in range(chapters.count()):
        term = chapters.nth(number).locator("a.ex-term[data-tip]").first
        if not term.count():
            continue
        term.scroll_into_view_if_needed()
        term.tap() if device == "phone" else term.hover()
        tip = page.locator(f"#{term.get_attribute('data-tip')}")
        tip.wait_for(state="visible")
        at, box = term.bounding_box(), tip.bounding_box()
        window = page.viewport_size
        assert box["y"] >= 0 and box["y"] + box["height"] <= window["height"] + 1, (number, box)
        assert abs(box["y"] - (at["y"] + at["height"])) < 12 or abs(box["y"] + box["height"] - at["y"]) < 12, \
            (number, at, box)
        assert page.evaluate(PAINTED_AT_ITS_CENTRE, tip.get_attribute("id")), number
        page.keyboard.press("Escape")
        opened += 1
    assert opened >= 3
