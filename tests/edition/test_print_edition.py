"""The print edition: /print/ rendered by Chromium to an A4 PDF and read back, and on screen.

pypdf gives each piece of text with its position and size on its page, so the tests
see what a reader of the paper sees: what closes each page, the numbers in the
footer, the raised citation numbers and the numbers of the bibliography.
"""

from __future__ import annotations

import collections
import functools
import io
import re
from dataclasses import dataclass

import pypdf
import pytest

from conftest import CONFIG, EDITION, SITE_URL

pytestmark = pytest.mark.browser

# Measured: 38 pages (Chromium 156, A4, 6 December 2026; 44 earlier that day, before the
# print layout's changes of that day; 32 on 29 November, with 49 glossary entries and 31 works,
# now 54 and 73, and before the update page "What has changed since 2018"). Each chapter starts
# a page (test_sharing_browser). Room for a few more lines of text, not for a layout that
# wastes pages.
PAGE_BUDGET = 42
FOOTER = re.compile(r"(\d+) / (\d+)")
SCREEN = {"width": 1280, "height": 720}  # Playwright's default viewport


@dataclass(frozen=True)
class Line:
    """One line of a PDF page: its height from the page's foot (pt), its text, its largest font size (pt)."""

    y: float
    text: str
    size: float
    pieces: tuple  # (x, text, size) of each piece of text on it


def page_lines(page) -> list[Line]:
    """The lines of text of a pypdf page, from the top of the page down."""
    pieces = collections.defaultdict(list)

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces[round(y)].append((x, text, round(size * abs(tm[3] * cm[3]), 1)))

    page.extract_text(visitor_text=visit)
    lines = []
    for y, found in sorted(pieces.items(), reverse=True):
        found.sort()
        text = " ".join(" ".join(piece for _, piece, _ in found).split())
        lines.append(Line(y, text, max(size for *_, size in found), tuple(found)))
    return lines


def printed(page, url: str) -> list[list[Line]]:
    """Every page of `url` printed to A4 by Chromium in the browser page `page`, as its lines."""
    page.set_viewport_size(SCREEN)  # as a new context's page has it, whatever a test set before
    page.goto(url)
    page.wait_for_load_state("load")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    return [page_lines(sheet) for sheet in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def browser_pages(browser):
    """browser_pages(javascript=True) -> one browser page, with JavaScript on or off, for all
    the tests of this file (a browser context costs a process of its own)."""
    contexts = {}

    def _page(javascript: bool = True):
        if javascript not in contexts:
            contexts[javascript] = browser.new_context(java_script_enabled=javascript)
            contexts[javascript].new_page()
        return contexts[javascript].pages[0]

    yield _page
    for context in contexts.values():
        context.close()


@pytest.fixture(scope="module")
def print_of(browser_pages, base_url):
    """print_of(url, javascript=True): every page of the site's `url` printed, as its lines;
    each page is printed once for all the tests of this file."""
    @functools.cache
    def _print_of(url: str, javascript: bool = True) -> list[list[Line]]:
        return printed(browser_pages(javascript), base_url + url)
    return _print_of


@pytest.fixture(scope="module")
def paper(print_of):
    """Every page of the printed /print/, as its lines."""
    return print_of("/print/")


@pytest.fixture(scope="module")
def body_size(paper) -> float:
    """The font size of running text: the size most characters are set in."""
    sizes = collections.Counter()
    for lines in paper:
        for line in lines:
            for _, text, size in line.pieces:
                sizes[size] += len(text)
    return sizes.most_common(1)[0][0]


def text_lines(lines: list[Line]) -> list[Line]:
    """The lines of a page without its footer."""
    return [line for line in lines if not FOOTER.fullmatch(line.text)]


def test_the_print_edition_keeps_to_its_page_budget(paper):
    assert 20 <= len(paper) <= PAGE_BUDGET, f"{len(paper)} pages"


def test_every_page_shows_its_number_and_the_count_in_its_footer(paper):
    for number, lines in enumerate(paper, start=1):
        assert lines[-1].text == f"{number} / {len(paper)}", f"page {number}: {lines[-1].text!r}"


def test_the_first_page_has_the_title_the_licence_and_the_contents(site, paper):
    first = " ".join(line.text for line in paper[0])
    assert " ".join(CONFIG["site_name"].split()) in first
    licence = EDITION["article"]
    assert licence["licence"] in first and licence["licence_url"].removeprefix("https://").rstrip("/") in first
    chapters = [a.get_text() for a in site.content("/print/").select(".ex-print__contents a")]
    assert chapters and all(" ".join(title.split()) in first for title in chapters)


def heading_ending_at(lines: list[Line], index: int, headings: set[str], body_size: float) -> str | None:
    """The heading whose last line is `lines[index]`, if it is one: the line and up to
    two before it, all set larger than the text, read as a whole heading. (Its last line
    alone is not enough: "Internationality" also ends a wrapped link to a section.)"""
    for first in range(index, max(index - 3, -1), -1):
        if lines[first].size <= body_size * 1.1:
            return None
        text = " ".join(line.text for line in lines[first:index + 1])
        if text in headings:
            return text
    return None


@pytest.mark.parametrize("lines, heading", [
    ([(10.5, "the text"), (16, "Standards and"), (16, "Internationality")], "Standards and Internationality"),
    ([(10.5, "the text"), (16, "Conclusions")], "Conclusions"),
    ([(12, "Appears in: Consequences › Standards and"), (12, "Internationality")], None),
    ([(16, "Internationality")], None),  # the end of a heading only
    ([(16, "Conclusions"), (10.5, "the text")], None),
])
def test_a_heading_is_recognised_by_all_its_lines(lines, heading):
    lines = [Line(y, text, size, ()) for y, (size, text) in enumerate(lines)]
    headings = {"Standards and Internationality", "Conclusions"}
    assert heading_ending_at(lines, len(lines) - 1, headings, body_size=10.5) == heading


def test_no_page_ends_with_a_heading(site, paper, body_size):
    headings = {" ".join(h.find(string=True, recursive=False).split())
                for h in site.content("/print/").select("h1, h2, h3, h4")}
    found = {heading_ending_at(lines, index, headings, body_size)
             for lines in paper for index in range(len(lines))} - {None}
    assert len(found) >= len(headings) * 0.9, f"headings not recognised on paper: {headings - found}"
    ends = [(number, heading_ending_at(text_lines(lines), len(text_lines(lines)) - 1, headings, body_size))
            for number, lines in enumerate(paper[:-1], start=1)]
    assert [(number, heading) for number, heading in ends if heading] == []


def test_screen_instructions_are_not_printed(site, paper):
    printed = " ".join(line.text for lines in paper for line in lines)
    screen_only = [" ".join(e.get_text().split()) for e in site.content("/print/").select(".ex-screen-only")]
    assert screen_only, "nothing marked as screen-only: the test tests nothing"
    assert "Underlined terms open a short definition" not in printed
    assert [text for text in screen_only if text[:50] in printed] == []


def compact(text: str) -> str:
    """Text without spaces: the pieces of a PDF line are spaced unevenly."""
    return "".join(text.split())


def printed_on(lines: list[str], text: str) -> bool:
    """Whether `text` (compact) is printed on a page of these lines (compact), as a table
    cell is: its first part on a line and each further part on one of the next lines,
    whatever other cells the same lines hold beside it."""
    @functools.cache
    def rest_from(line: int, start: int) -> bool:
        if start == len(text):
            return True
        return any(text[start:end] in lines[next_line] and rest_from(next_line, end)
                   for next_line in range(line + 1, min(line + 4, len(lines)))
                   for end in range(len(text), start, -1))
    return any(text[:end] in lines[line] and rest_from(line, end)
               for line in range(len(lines)) if text[:8] in lines[line]
               for end in range(len(text), 0, -1))


def latin(text: str) -> str:
    """Compact text in Latin letters only: without a Chinese font, Chromium prints
    the Chinese names of the glossary as empty boxes, which pypdf reads as NUL."""
    return re.sub(r"[^!-\u024f]", "", compact(text))


def test_every_glossary_entry_is_printed_on_one_page(site, paper):
    glossary = site.content("/print/").select_one("section:has(.ex-glossary__definition)")
    entries = []
    for heading in glossary.select("h2:has(~ .ex-glossary__definition)"):
        parts = [heading.find(string=True, recursive=False)]
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            if {"ex-glossary__definition", "ex-glossary__fact"} & set(sibling.get("class", [])):
                parts.append(sibling.get_text())
        entries.append([latin(part) for part in parts])
    assert len(entries) > 10, "no glossary entries found: the test tests nothing"
    pages = [[latin(line.text) for line in lines] for lines in paper]
    split = [entry[0] for entry in entries
             if not any(all(printed_on(page, part) for part in entry) for page in pages)]
    assert split == []


@pytest.mark.parametrize("lines, printed", [
    (["Chapterwhatitcovers", "WhatistheSocialCreditWhatthesystemis", "System?andisnot."], True),
    (["WhatistheSocialCreditWhatthesystemis"], False),  # the rest is on the next page
    (["WhatistheSocialCredit", "Otherwords", "System?"], True),
    (["System?", "WhatistheSocialCredit"], False),  # in the wrong order
])
def test_a_cell_is_read_across_the_lines_it_shares_with_other_cells(lines, printed):
    assert printed_on(lines, "WhatistheSocialCreditSystem?") is printed


def test_every_printed_citation_number_is_in_the_numbered_bibliography(paper, body_size):
    cited, listed = [], []
    for lines in paper:
        for line in text_lines(lines):
            raised = "".join(text for _, text, size in line.pieces if size < body_size * 0.85)
            for inside in re.findall(r"\[([^\]]+)\]", raised):
                cited += [int(re.match(r"\s*(\d+)", part).group(1)) for part in inside.split(";")]
            first = line.pieces[0]
            if re.fullmatch(r"\[\d+\]", first[1]) and first[2] >= body_size:
                listed.append(int(first[1][1:-1]))
    assert listed == list(range(1, len(listed) + 1)), "the bibliography is numbered 1, 2, 3…"
    assert cited, "no citation number found on paper"
    assert sorted(set(cited) - set(listed)) == []


def test_a_printed_chapter_gives_the_bibliographys_address_once_and_no_back_links(print_of):
    """Paper has no links to follow: under the sources, once, where their full entries are
    (a "Full entry <address>" under every source took a line each)."""
    pages = print_of("/origins/")
    assert [lines[-1].text if lines else "(blank)" for lines in pages] == [
        f"{number} / {len(pages)}" for number in range(1, len(pages) + 1)], "a blank or unnumbered page"
    text = " ".join(line.text for lines in pages for line in lines)
    assert "cited at" not in text and "↩" not in text and "Full entry" not in text
    assert "1. Report State Council of the People's Republic of China. 2014." in text  # the sources are there
    # Long addresses break across lines: read them without spaces.
    addresses = re.findall(r"<([^>]+)>", text.replace(" ", ""))
    assert [a for a in addresses if "/sources/" in a] == [f"{SITE_URL}sources/"], addresses
    assert "Fullentriesinthebibliography<" in text.replace(" ", "")


@pytest.mark.parametrize("url", ["/origins/", "/consequences/", "/print/"])
def test_printed_text_is_set_at_60_to_75_characters_a_line(print_of, url):
    pages = print_of(url)
    if url == "/print/":  # its chapters, up to the glossary, whose lists run across the sheet
        pages = pages[:next(i for i, lines in enumerate(pages) if lines and lines[0].text == "Glossary")]
    sizes = collections.Counter(size for lines in pages for line in lines for _, text, size in line.pieces
                                for _ in text)
    body = sizes.most_common(1)[0][0]
    assert body >= 10, f"body text at {body}pt"
    # A paragraph's last line may be short: the lines of body text longer than 40 characters.
    lengths = [len(line.text) for lines in pages for line in lines if line.size == body and len(line.text) > 40]
    assert len(lengths) >= 20
    mean = sum(lengths) / len(lengths)
    assert 60 <= mean <= 75, f"{mean:.1f} characters a line"


def filled(lines: list[Line], height: float) -> float:
    """How far down its sheet the text of a printed page reaches, as a share of `height`
    (pt), the tallest any sheet's text runs: from its first line to its last."""
    text = text_lines(lines)
    return (text[0].y - text[-1].y) / height if text else 0.0


@pytest.fixture(scope="module")
def sheet_height(paper) -> float:
    """The height of a full sheet's text (pt): the fullest sheet of the print edition."""
    return max(text_lines(lines)[0].y - text_lines(lines)[-1].y for lines in paper if text_lines(lines))


@pytest.mark.parametrize("url", ["/", "/what-is-social-credit/", "/origins/", "/economic-goals/",
                                 "/social-goals/", "/consequences/", "/conclusions/"])
def test_a_printed_chapter_does_not_end_on_a_near_empty_sheet(print_of, url, sheet_height):
    """Its last sheet holds more than the page's citation and the bibliography's address, and
    no sheet before it ends with a gap: the citation, its heading keeping room under it for
    lines that never came, took a sheet of its own, and with it a chapter took three sheets
    whose text and sources fill two."""
    pages = print_of(url)
    last = [line.text for line in text_lines(pages[-1])]
    assert last and not last[0].startswith(("CITE THIS PAGE", "Full entries in the bibliography")), last
    assert any(line.startswith("CITE THIS PAGE") for line in last), last
    gaps = {number: f"{filled(lines, sheet_height):.0%}" for number, lines in enumerate(pages[:-1], start=1)
            if filled(lines, sheet_height) < 0.9}
    assert gaps == {}, f"sheets that end with a tenth or more empty: {gaps}"


@pytest.mark.parametrize("javascript", [True, False])
def test_the_printed_bibliography_gives_each_works_address_once(print_of, javascript):
    """A work's web address is its link's text: printed as it is, not again after it."""
    pages = print_of("/sources/", javascript)
    text = " ".join(line.text for lines in pages for line in lines).replace(" ", "")
    assert "digichina.stanford.edu/work/planning-outline" in text
    assert "<https://digichina" not in text and "<https://doi.org" not in text


CHARACTERS_PER_LINE = """p => {
    const lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
    return p.textContent.length / lines;
}"""


def test_on_screen_the_print_page_keeps_the_chapters_measure(browser_pages, base_url):
    """About 75 characters a line, as in the chapters (it was 130), measured on the longest paragraph,
    on a laptop and on a phone."""
    page = browser_pages()
    sizes = [{"width": 1440, "height": 900}, {"width": 390, "height": 844}]
    measures = {}  # (size, page): characters a line of its longest paragraph
    for url, paragraphs in [("/origins/", "article > p"), ("/print/", "#ex-print-origins > p")]:
        page.set_viewport_size(sizes[0])
        page.goto(base_url + url)
        page.wait_for_load_state("load")
        longest = max(page.locator(paragraphs).all(), key=lambda p: len(p.text_content()))
        for size in sizes:  # the same page, laid out again at each size
            page.set_viewport_size(size)
            measures[size["width"], url] = longest.evaluate(CHARACTERS_PER_LINE)
    for size in sizes:
        chapter, printed = measures[size["width"], "/origins/"], measures[size["width"], "/print/"]
        assert printed <= chapter * 1.1 and printed <= 90, (size, measures)
