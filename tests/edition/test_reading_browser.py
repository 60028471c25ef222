"""This article's chapters as a reader meets them in Chromium, at a phone's 390×844 (touch),
768×1024, 1024×768, 1440×900 and 1920×1080, light and dark: a column of 60–75 characters a
line from 768px up with its own text, its notes and sources beside the text where there is
room for them (level with what they belong to, within a line), citation markers that never
start a line and paragraph links never alone on one (on phones 390 and 320px wide too), its
chapters' openings, ends and contents, and axe's rules kept.

The front page and each chapter are loaded once on a phone (390px, then 320px in the same
page) and once in a window widened across the breakpoints, and the 404 page in each (the
fixture `pages`); the browser tests below read what it found there.

The engine's reading surface on any explainer (type sizes, the title's weight, the cards'
and the navigation's behaviour, the glossary's letters, notes without JavaScript, the
citations' behaviour): tests/engine/test_reading_surface_browser.py and
tests/engine/test_citations_browser.py."""

from __future__ import annotations

import json
import statistics
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from conftest import attempt, axe_violations, page_opener, settled

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SMALL_PHONE = {"width": 320, "height": 640}  # set in the phone's page, where lines are shortest
SIZES = {
    "phone": PHONE,
    "tablet": {"viewport": {"width": 768, "height": 1024}},
    "1024": {"viewport": {"width": 1024, "height": 768}},
    "1440": {"viewport": {"width": 1440, "height": 900}},
    "1920": {"viewport": {"width": 1920, "height": 1080}},
}
# One width on each side of the stylesheet's and Material's breakpoints: 60em (the margin for
# the notes), 76.25em (the navigation beside the page), 100em (Material's larger root type).
SCREENS = ["tablet", "1024", "1440", "1920"]
WIDE = ["1024", "1440", "1920"]  # with a margin for the notes (60em and up)
BYLINE = "By Joanna Klabisch · Stiftung Asienhaus · July 2018"
CHAPTERS = ["/what-is-social-credit/", "/origins/", "/economic-goals/", "/social-goals/",
            "/consequences/", "/conclusions/"]
MEASURED = ["/origins/", "/consequences/"]  # long enough to count the characters of their lines
WITH_NOTES = ["/origins/", "/consequences/", "/conclusions/"]  # editorial notes and sources to place
SCROLLED_UP = "/consequences/"  # long enough to scroll up in
MOMENTUM_PAGE = "/consequences/"  # a glossary link in its section "reach-and-access"
NOT_FOUND = "/404.html"

# The characters of each line each text paragraph is set in, from the boxes of its
# characters: a line ends where the next character starts to the left of it and lower.
# Citation markers and the paragraph's link are not text.
LINES = """() => [...document.querySelectorAll('article > p[id]')].map(p => {
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const lines = [];
  let count = 0, left = null, top = null;
  for (let node; (node = walker.nextNode());) {
    if (node.parentElement.closest(".ex-para-link, .ex-cite, .headerlink")) continue;
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box || !box.width) continue;
      if (top !== null && box.left < left - 1 && box.top > top + 2) { lines.push(count); count = 0; }
      count++; left = box.left; top = box.top;
    }
  }
  lines.push(count);
  return lines;
})"""

# For each citation marker in the text that follows a printed character (not a space):
# whether it starts on the line that character ends.
MARKERS_ON_THEIR_LINE = """() => [...document.querySelectorAll('article p a.ex-cite')].flatMap(a => {
  const before = a.previousSibling;
  if (!before || before.nodeType !== Node.TEXT_NODE || !before.length || /\\s$/.test(before.data)) return [];
  const range = document.createRange();
  range.setStart(before, before.length - 1);
  range.setEnd(before, before.length);
  const char = range.getClientRects()[0], marker = a.getClientRects()[0];
  return [{ id: a.id, same: marker.top < char.bottom && marker.right > char.right }];
})"""

# Where the text, its editorial notes and its sources stand: whether the article has the
# margin beside it, its box, its first paragraph's box and line height, and each note's box
# with the top of what it belongs to (a note: the paragraph before it; a source: its citation).
MARGIN = """() => {
  const article = document.querySelector('article');
  const notes = [...article.querySelectorAll(':scope > .admonition.note, .ex-sources__item')];
  return { margin: article.classList.contains('ex-margin'),
           article: article.getBoundingClientRect().toJSON(),
           text: article.querySelector(':scope > p[id]').getBoundingClientRect().toJSON(),
           line: parseFloat(getComputedStyle(article.querySelector(':scope > p[id]')).lineHeight),
           notes: notes.map(note => {
             let anchor;
             if (note.matches('.admonition')) anchor = note.previousElementSibling;
             else { const back = note.querySelector('.ex-sources__backref');
                    anchor = back && document.getElementById(back.hash.slice(1)); }
             return { id: note.id || note.textContent.slice(0, 40), box: note.getBoundingClientRect().toJSON(),
                      anchor: anchor ? anchor.getBoundingClientRect().top : null };
           }) };
}"""


# The paragraphs whose ¶ starts lower than the last line of their text.
PARAGRAPH_LINKS_ALONE = """() => [...document.querySelectorAll('a.ex-para-link')].filter(link => {
  const text = document.createRange();
  text.selectNodeContents(link.previousSibling);
  const lines = [...text.getClientRects()];
  return lines.length && Math.abs(link.getBoundingClientRect().top - lines.at(-1).top) > 8;
}).map(link => link.parentElement.id)"""

def resize(page, size: str):
    """The window at `size`, once the script has laid the margin out again (it does so in
    the animation frame after a resize)."""
    page.set_viewport_size(SIZES[size]["viewport"])
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def scroll_width(page) -> int:
    """The page's width, once nothing moves any more: when the window grows past 60em,
    Material's header search widens in a transition and for a moment runs past its edge."""
    settled(page)
    return page.evaluate("document.documentElement.scrollWidth")


def layout(page, url: str) -> dict:
    """What the tests below read of a chapter as it is laid out now."""
    return {"markers": page.evaluate(MARKERS_ON_THEIR_LINE),
            "lines": page.evaluate(LINES) if url in MEASURED else None,
            "margin": page.evaluate(MARGIN) if url in WITH_NOTES else None,
            "width": page.viewport_size["width"],
            "scroll_width": scroll_width(page) if url in WITH_NOTES else None}


def front_page_lists_the_chapters(page):
    """The byline, the six chapters, each with its description and the line under it, the
    chapters straight after the text and the sources after them; a tap opens a chapter."""
    assert page.locator("article .ex-byline").inner_text() == BYLINE
    chapters = page.get_by_role("navigation", name="Chapters")
    items = chapters.locator("li")
    assert items.count() == 6
    for number, item in enumerate(items.all(), 1):
        assert item.locator(".ex-contents__description").inner_text()
        assert item.locator(".ex-contents__meta").inner_text().startswith(f"Chapter {number} of 6 · ")
    for item in items.all():  # name, description and the line under them start level
        starts = [item.locator(part).evaluate("e => Math.round(e.getClientRects()[0].left)")
                  for part in (".ex-contents__name", ".ex-contents__description", ".ex-contents__meta")]
        assert max(starts) - min(starts) <= 1, starts
    # The chapters, the way in, straight after the text; the sources it cites after them.
    order = page.evaluate("""() => [...document.querySelectorAll('article .ex-contents, article .ex-sources')]
        .map(e => e.className)""")
    assert order == ["ex-contents", "ex-sources"], order
    chapters.get_by_role("link", name="Origins").tap()
    page.wait_for_url("**/origins/")


def a_link_clicked_while_scrolling_lands_at_its_target(page):
    """Trackpad momentum: a wheel scroll, and at once a click on a glossary link, lands at
    the glossary's entry (it used to land at the top of the glossary, the address naming a
    section of the page left)."""
    link = page.locator("#reach-and-access ~ p a.ex-term").first
    href = link.get_attribute("href")
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    page.mouse.wheel(0, 40)
    page.wait_for_timeout(50)
    box = link.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    entry = href.split("#")[1]
    page.wait_for_url(f"**/glossary/#{entry}")
    page.wait_for_timeout(600)
    assert page.evaluate("location.hash") == f"#{entry}"
    top = page.evaluate(f"document.getElementById('{entry}').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2


def not_found_page_offers_search_the_chapters_and_the_front_page(watch, size: str):
    """The 404 page: its title, the six chapters, the front page and a search that opens
    focused; the two buttons one above the other on a phone, beside each other elsewhere;
    axe's rules kept with the search open, and no error in the console."""
    errors = len(watch.console_errors)
    page = watch.page
    page.goto(watch.base_url + NOT_FOUND)
    expect(page.locator("h1")).to_have_text("Page not found")
    assert page.get_by_role("navigation", name="Chapters").get_by_role("link").count() == 6
    home = page.get_by_role("link", name="Go to the front page")
    assert home.is_visible()
    search = page.locator("article").get_by_role("button", name="Search")
    # On a phone the two buttons stand one above the other, equally wide; beside each other elsewhere.
    boxes = [search.bounding_box(), home.bounding_box()]
    if size == "phone":
        assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"] and boxes[0]["width"] == boxes[1]["width"], boxes
    else:
        assert boxes[1]["y"] == boxes[0]["y"] and boxes[1]["x"] > boxes[0]["x"] + boxes[0]["width"], boxes
    search.tap() if size == "phone" else search.click()
    expect(page.locator("input.md-search__input")).to_be_focused()
    # Material fades the search in: axe measures contrast once the fade has ended.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    assert axe_violations(page) == [] and watch.console_errors[errors:] == []


def scrolled_up(page) -> dict:
    """Scrolled near the end, then 400px back up (where Material shows "Back to top"):
    whether the page has the button, and whether it shows."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight - 1200)")
    page.wait_for_timeout(400)
    page.evaluate("window.scrollBy(0, -400)")
    page.wait_for_timeout(600)
    return {"buttons": page.locator(".md-top").count(), "shown": page.locator(".md-top").is_visible()}


@pytest.fixture(scope="module")
def pages(browser, base_url, site) -> dict:
    """The front page and every chapter loaded once on a phone (390px, then 320px, in the same
    page), and every chapter once in a window loaded at 768px and widened to 1024, 1440 and
    1920px in the same page: {(url, size): layout(...)}; the phone's paragraphs with their ¶
    alone on a line, {(url, "phone" or "small phone"): {"alone": [...]}}, and on the phone how
    many paragraph links it has, {(url, "phone"): {"links": ...}}; what the phone
    shows when the reader scrolls up, {(SCROLLED_UP, "scrolled up"): scrolled_up(...)}; and
    the interactions, None or the error their test raises: the front page's chapters and a
    tap on one, {("/", "front page"): ...}, at 1440px a link clicked while the page still
    scrolls, {(MOMENTUM_PAGE, "link clicked while scrolling"): ...}, and last on the phone
    and at 1440px the 404 page, {(NOT_FOUND, "phone" or "1440"): ...}."""
    found = {}
    with page_opener(browser, base_url, site) as open_page:
        watch = open_page(None, **PHONE)
        phone = watch.page
        for url in ["/", *CHAPTERS]:
            phone.goto(base_url + url)
            found[url, "phone"] = {**layout(phone, url), "alone": phone.evaluate(PARAGRAPH_LINKS_ALONE),
                                   "links": phone.locator("a.ex-para-link").count()}
            phone.set_viewport_size(SMALL_PHONE)
            found[url, "small phone"] = {"alone": phone.evaluate(PARAGRAPH_LINKS_ALONE)}
            resize(phone, "phone")
            if url == SCROLLED_UP:
                found[url, "scrolled up"] = scrolled_up(phone)
            if url == "/":  # last: a tap opens a chapter
                found[url, "front page"] = attempt(front_page_lists_the_chapters, phone)
        found[NOT_FOUND, "phone"] = attempt(not_found_page_offers_search_the_chapters_and_the_front_page, watch, "phone")
        watch = open_page(None, **SIZES["tablet"])
        screen = watch.page
        for url in CHAPTERS:
            resize(screen, "tablet")
            screen.goto(base_url + url)
            for size in SCREENS:
                resize(screen, size)
                found[url, size] = layout(screen, url)
            if url == MOMENTUM_PAGE:  # last: the link opens the glossary
                resize(screen, "1440")
                found[url, "link clicked while scrolling"] = attempt(
                    a_link_clicked_while_scrolling_lands_at_its_target, screen)
        resize(screen, "1440")
        found[NOT_FOUND, "1440"] = attempt(not_found_page_offers_search_the_chapters_and_the_front_page, watch, "1440")
    return found


# -- The column ---------------------------------------------------------------------------


def test_the_text_is_set_at_60_to_75_characters_a_line(pages):
    """At each width between the stylesheet's breakpoints (Material's sidebars at 60em and
    76.25em, its larger root type from 100em): 768, 1024, 1440 and 1920px."""
    for url in MEASURED:
        for size in SCREENS:
            lines = [count for paragraph in pages[url, size]["lines"] for count in paragraph[:-1]]  # full lines
            assert len(lines) >= 20, f"{url} at {size}: too few lines to measure"
            assert 60 <= statistics.mean(lines) <= 75, f"{url} at {size}: {statistics.mean(lines):.1f} characters a line"
            assert statistics.quantiles(lines, n=10)[-1] <= 80, f"{url} at {size}: some lines run long"


def test_a_citation_marker_never_starts_a_line_of_its_own(pages):
    """At 1440px Origins set "(Samantha Hoffman, 12/2017)" at the end of a line and its
    "[4]" at the start of the next. Every chapter on a phone, and at 768, 1024, 1440 and 1920px."""
    for size in ["phone", *SCREENS]:
        assert sum(len(pages[url, size]["markers"]) for url in CHAPTERS), f"no citation marker measured at {size}"
    markers = [(size, url, marker["id"]) for url in CHAPTERS for size in ["phone", *SCREENS]
               for marker in pages[url, size]["markers"] if not marker["same"]]
    assert markers == []


def test_a_paragraph_link_never_stands_alone_on_a_line(pages):
    """On phones 390 and 320px wide, where the lines are shortest: the front page and every
    chapter, both widths laid out in the same page (the text is set by the stylesheet, not
    the script)."""
    unlinked = [url for url in ["/", *CHAPTERS] if not pages[url, "phone"]["links"]]
    assert unlinked == [], "pages without paragraph links: nothing measured there"
    alone = [f"{'320px' if size == 'small phone' else '390px'} {url}#{id}"
             for url in ["/", *CHAPTERS] for size in ["phone", "small phone"] for id in pages[url, size]["alone"]]
    assert alone == []


# -- How a chapter opens and ends: read from the built page (the type and the card's tap:
# tests/engine/test_reading_surface_browser.py) -----------------------------------------------


@pytest.mark.parametrize("url", CHAPTERS)
def test_a_chapter_opens_with_its_number_title_standfirst_and_byline(site, url):
    article = site.content(url)
    words = " ".join(article.select_one(".ex-kicker").get_text().split())  # as written, not as capitalised
    assert words.startswith(f"Chapter {CHAPTERS.index(url) + 1} of 6 · ") and words.endswith(" min read")
    order = [e.name.upper() + ("." + " ".join(e["class"]) if e.get("class") else "") for e in article.find_all(recursive=False)[:4]]
    assert order == ["P.ex-kicker", "H1", "P.ex-standfirst", "P.ex-byline"]
    assert " ".join(article.select_one(".ex-byline").get_text().split()) == BYLINE


@pytest.mark.parametrize("url", CHAPTERS[:-1])
def test_a_chapter_ends_with_the_next_one_then_its_citation(site, url):
    following = CHAPTERS[CHAPTERS.index(url) + 1]
    card = site.content(url).select_one("nav.ex-next a")
    assert urljoin(url, card["href"]) == following
    assert card.select_one(".ex-next__label").get_text().lower() == f"next: chapter {CHAPTERS.index(url) + 2} of 6"
    assert card.select_one(".ex-next__description").get_text(strip=True)
    assert card.select_one(".ex-next__time").get_text(strip=True).endswith("min read")
    order = [" ".join(e.get("class") or ["text"]) for e in site.content(url).select(
        "article > p[id], article .ex-sources, article .ex-next, article .ex-cite-page")]
    assert order[-3:] == ["ex-sources", "ex-next", "ex-cite-page"], order[-4:]


# -- Notes beside the text ------------------------------------------------------------------


def test_on_wide_screens_notes_stand_level_with_their_text(pages):
    """At 1024px (the margin, no sidebar), 1440px (the navigation beside the page) and
    1920px (larger type). (The colour scheme changes no place: the palettes set colours only.)"""
    for url in WITH_NOTES:
        for size in WIDE:
            found = pages[url, size]
            layout = found["margin"]
            where = f"{url} at {size}"
            assert layout["margin"] and layout["notes"], where
            width = found["width"]
            text_right = layout["text"]["right"]
            level = 0
            above = None
            for note in sorted(layout["notes"], key=lambda n: n["box"]["top"]):
                box = note["box"]
                assert box["left"] >= text_right + 16, f"{where}: {note['id']} overlaps the text"
                assert box["right"] <= width, f"{where}: {note['id']} is cut off"
                if above is not None:
                    assert box["top"] >= above["bottom"], f"{where}: {note['id']} overlaps the note above it"
                if note["anchor"] is not None:
                    pushed = above is not None and box["top"] <= above["bottom"] + 16
                    # Level with its text within one line, or just below the note before it.
                    assert abs(box["top"] - note["anchor"]) <= layout["line"] or pushed, \
                        (where, note["id"], box["top"], note["anchor"])
                    level += abs(box["top"] - note["anchor"]) <= layout["line"]
                above = box
            assert level >= 1, where
            assert found["scroll_width"] <= width, where


@pytest.mark.parametrize("size", ["phone", "tablet"])
def test_on_narrow_screens_notes_follow_their_paragraph_and_sources_the_text(pages, size):
    found = pages["/origins/", size]
    layout = found["margin"]
    assert not layout["margin"]
    article = layout["article"]
    for note in layout["notes"]:
        assert note["box"]["left"] >= article["left"] - 1 and note["box"]["right"] <= article["right"] + 1, note["id"]
    assert found["scroll_width"] <= found["width"]


# -- Finding the way ------------------------------------------------------------------------


def test_the_front_page_lists_the_chapters_with_descriptions_and_reading_times(pages):
    """On a phone: tried on the front page the fixture loaded (front_page_lists_the_chapters)."""
    if error := pages["/", "front page"]:
        raise error


def test_the_navigation_numbers_this_articles_six_chapters(site):
    """The script numbers the navigation's links to the pages that main.html lists as
    chapters (tests/engine/test_reading_surface_browser.py): this article's six, in order,
    on every page."""
    for url in ["/", "/origins/", "/glossary/"]:
        listed = json.loads(site.soup(url).select_one("script#ex-chapters").get_text())
        assert [urljoin(url, chapter) for chapter in listed] == CHAPTERS, url


@pytest.mark.parametrize("size", ["phone", "1440"])
def test_the_404_page_offers_search_the_chapters_and_the_front_page(pages, size):
    """Tried in the fixture's pages after the chapters
    (not_found_page_offers_search_the_chapters_and_the_front_page)."""
    if error := pages[NOT_FOUND, size]:
        raise error


def test_the_glossary_offers_its_letters_in_a_bar_and_in_its_contents(site):
    """The same letters in the letter bar and in the table of contents, which show one at a
    time (tests/engine/test_reading_surface_browser.py)."""
    page = site.soup("/glossary/")
    letters = [a.get_text(strip=True) for a in page.select("nav.ex-letters a")]
    contents = [a.get_text(strip=True) for a in page.select(".md-sidebar--secondary .md-nav__link")]
    assert len(letters) >= 10 and contents == letters


def test_a_link_clicked_while_the_page_still_scrolls_lands_at_its_target(pages):
    """At 1440px: tried last on the fixture's Consequences
    (a_link_clicked_while_scrolling_lands_at_its_target)."""
    if error := pages[MOMENTUM_PAGE, "link clicked while scrolling"]:
        raise error


def test_on_a_phone_no_back_to_top_button_covers_the_text_when_scrolling_up(pages):
    """Material shows "Back to top" over the first line of text when the reader scrolls up;
    on a phone that is the line being read (the header's search and menu are a tap away)."""
    found = pages[SCROLLED_UP, "scrolled up"]
    assert found["buttons"] == 1  # the feature is on: wide screens keep it
    assert not found["shown"]
