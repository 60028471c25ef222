"""Citations of the article for readers to copy: of one section, and of a whole page.

Built from the article's entry in `docs/sources.yml` (the data the sources panel uses),
formatted by `explainer.core.references` with real CSL styles: one formatter, so that a
section's citation and the page's "Cite this page" follow the same style rules.

- A page is cited as the article, read at the page's address.
- A section is cited as a part of the article (CSL type `chapter`: "a chapter, section
  or other part of a book or report"), titled with its heading, read at its address;
  a section of an article in a journal, newspaper or other container keeps that
  container and is named after the article's title (`section_item`).

Styles that print an access date (Harvard) get the date of the build, marked up so
that the browser can put in the day the reader copies it (see `accessed_form`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

import lxml.html
from citeproc.model import TextCased
from citeproc.string import String

from explainer.core import fragments, weblinks
from explainer.core.references import format_reference

# Label shown to readers -> CSL style. MLA is left out: citeproc-py 0.11 abbreviates
# given names in it ("Smith, J."), which MLA does not do.
STYLES = {
    "Chicago": "chicago-author-date-16th-edition",
    "APA": "apa",
    "Harvard": "harvard-cite-them-right",
}
# Where the access date goes in a section citation's text; the browser puts in the day.
ACCESSED = "{accessed}"
# Pages' citations differ only in their URL: the article is formatted once per style
# with this one, which each page's then replaces (citeproc-py takes milliseconds a go).
STAND_IN_URL = "https://stand-in.invalid/ex-page-url"
# The same for sections' headings: words in lower and upper case, so that any change of
# case by a style (title case, capitalising the first word) shows in its citation.
STAND_IN_TITLE = "ex stand-in of Section"
# What a report's section would lose as a `chapter` (`section_item`), and the marks
# after which a title needs no colon before the section's heading.
NOT_IN_CHAPTERS = ("genre", "number", "collection-title")
TITLE_ENDS = ("?", "!", ".", ":")
QUOTATION_MARKS = "\"'‘’‚“”„«»‹›「」『』"
# How CSL's English locales write a full date: en-GB "29 November 2026", en-US
# "November 29, 2026". The key tells the browser which order to write today in.
DATE_FORMS = {"dmy": "{day} {month} {year}", "mdy": "{month} {day}, {year}"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # CSL's English month terms


@dataclass(frozen=True)
class Citation:
    """One citation as shown (`html`) and as copied (`text`); `date_form`: the key of
    DATE_FORMS its access date is written in, or None when the style prints none."""

    style: str
    html: str
    text: str
    date_form: str | None = None


def page_citations(item: Mapping[str, Any], url: str, accessed: datetime.date,
                   locale: str | None = None) -> list[Citation]:
    """The article, read at `url` on `accessed`, in each of STYLES; `locale` as in
    `explainer.core.references.format_reference`.

    In `html`, the access date (where the style prints one) is a
    `<time class="ex-accessed" datetime="YYYY-MM-DD">` element for the browser to update.
    """
    citations = []
    for label, style in STYLES.items():
        dated = {**item, "accessed": _csl_date(accessed)}
        html, text = _read_at(dated, url, style, "html", locale), _read_at(dated, url, style, "text", locale)
        form = accessed_form(text, accessed)
        if form:
            html = weblinks.wrap_first(html, {_written(accessed, form): lambda text, tail: _time(text, tail, accessed)})
        citations.append(Citation(label, html, text, form))
    return citations


def _time(text: str, tail: str, accessed: datetime.date) -> lxml.html.HtmlElement:
    """The access date as printed, for the browser to put in the reader's day (explainer.js)."""
    element = lxml.html.Element("time", {"class": "ex-accessed", "datetime": accessed.isoformat()})
    element.text, element.tail = text, tail
    return element


def section_item(item: Mapping[str, Any], section: str, url: str) -> dict[str, Any]:
    """The CSL item of one section of the article `item` (a CSL-JSON item), titled
    `section` (its heading) and read at `url`.

    A book or report in no container is cited as a part of it (CSL type `chapter`, "a
    chapter, section or other part of a book or report": CSL 1.0.2, Appendix III), the
    work's title becoming the book's ("“Faction.” In Liberty and Opinion …"), unless it
    is a report with a genre, number or series, which STYLES do not print for a chapter.
    Any other work keeps its own type, container, volume, issue, page and date, and the
    section is named after the work's title (“Liberty and Opinion: Faction.” The Daily
    Advertiser, November 22): made a part, a newspaper or journal article would lose its
    newspaper or journal, and CSL's `section` variable, the other place for it, is
    printed by none of STYLES but Chicago's for newspaper articles
    (tests/engine/test_sharing_sections.py checks every type in every style).
    """
    part = {key: value for key, value in item.items() if key not in ("note", "abstract")}
    if _cited_as_part(item):
        return {**part, "type": "chapter", "title": section, "container-title": item["title"], "URL": url}
    title = item["title"].rstrip()
    joined = f"{title} {section}" if title[-1:] in TITLE_ENDS else f"{title}: {section}"
    return {**part, "title": joined, "URL": url}


def _cited_as_part(item: Mapping[str, Any]) -> bool:
    if "container-title" in item:
        return False
    return item["type"] == "book" or item["type"] == "report" and not any(field in item for field in NOT_IN_CHAPTERS)


def section_citations(item: Mapping[str, Any], sections: Iterable[tuple[str, str]],
                      accessed: datetime.date, locale: str | None = None) -> dict[str, list[str]]:
    """Plain-text citations of sections, one per style of STYLES (in its order); `locale`
    as in `explainer.core.references.format_reference`.

    `sections`: (address, heading text) pairs. Returns address -> citations, with
    ACCESSED in place of the access date where a style prints one.
    """
    dated = {**item, "accessed": _csl_date(accessed)}
    stand_ins = {style: format_reference(section_item(dated, STAND_IN_TITLE, STAND_IN_URL), style, "text", locale)
                 for style in STYLES.values()}
    result = {}
    for url, title in sections:
        texts = []
        for style, stand_in in stand_ins.items():
            text = _section_at(dated, title, url, style, stand_in, locale)
            form = accessed_form(text, accessed)
            texts.append(text.replace(_written(accessed, form), ACCESSED) if form else text)
        result[url] = texts
    return result


def _section_at(item: Mapping[str, Any], title: str, url: str, style: str, template: str,
                locale: str | None) -> str:
    """What `format_reference` gives in plain text for the section `title` at `url`.

    A site has hundreds of sections, and citeproc-py takes up to 25 ms a citation (APA):
    `template`, the style's citation of a stand-in section (STAND_IN_TITLE at STAND_IN_URL),
    is formatted once, and each section's heading and address replace the stand-ins where
    that is exactly what citeproc would write: the style writes the stand-in heading as
    given (APA, Harvard) or in citeproc's title case (Chicago's `text-case="title"`), and
    the heading ends in no punctuation and has no quotation marks, which styles move or merge.
    """
    plain_title = title.strip() == title and not any(mark in title for mark in QUOTATION_MARKS) \
        and title[-1:].isalnum() and STAND_IN_TITLE.casefold() not in title.casefold() and STAND_IN_URL not in url
    if plain_title and template.count(STAND_IN_URL) == 1:
        for written in (str, title_case):
            if template.count(written(STAND_IN_TITLE)) == 1:
                return template.replace(written(STAND_IN_TITLE), written(title)).replace(STAND_IN_URL, url)
    return format_reference(section_item(item, title, url), style, "text", locale)


def title_case(text: str) -> str:
    """`text` in title case as citeproc-py writes a CSL `text-case="title"` in English
    (its `citeproc.model.TextCased`: lower-case words capitalised, stop words kept)."""
    return str(_TitleCase().case(String(text), "en"))


class _TitleCase(TextCased):
    """citeproc-py's text-case rules, with `text-case="title"` as the only attribute.
    (Should a later citeproc-py case the stand-in differently, it no longer matches and
    `_section_at` asks citeproc itself for each heading: slower, still right.)"""

    def get(self, name: str, default: str | None = None) -> str | None:
        return "title" if name == "text-case" else default


def accessed_form(text: str, accessed: datetime.date) -> str | None:
    """Which of DATE_FORMS `text` writes the date `accessed` in; None if it has no access date."""
    for form in DATE_FORMS:
        if _written(accessed, form) in text:
            return form
    return None


def _written(day: datetime.date, form: str) -> str:
    return DATE_FORMS[form].format(day=day.day, month=MONTHS[day.month - 1], year=day.year)


def _csl_date(day: datetime.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def _read_at(item: Mapping[str, Any], url: str, style: str, output: str, locale: str | None) -> str:
    """What `format_reference` gives for the article with `url` as its URL."""
    template = format_reference({**item, "URL": STAND_IN_URL}, style, output, locale)
    # Exactly what citeproc would write, when it writes the URL once and as given (in
    # HTML, as a link with the URL as its text: explainer.core.weblinks, which shows a
    # percent-encoded URL decoded and percent-encodes other characters in the link).
    written = 2 if output == "html" else 1
    plain_url = url.isascii() and url == escape(url) and "%" not in url and STAND_IN_URL not in url
    if template.count(STAND_IN_URL) == written and plain_url:
        return _url_in_html(template, url) if output == "html" else template.replace(STAND_IN_URL, url)
    return format_reference({**item, "URL": url}, style, output, locale)


def _url_in_html(reference: str, url: str) -> str:
    """`reference` (HTML) with `url` in place of STAND_IN_URL, in its link's address and
    text: edited as a parsed tree (`explainer.core.fragments`)."""
    root = fragments.parse(reference)
    for element in root.iter():
        for name, value in element.items():
            if STAND_IN_URL in value:
                element.set(name, value.replace(STAND_IN_URL, url))
        for attribute in ("text", "tail"):
            value = getattr(element, attribute)
            if value and STAND_IN_URL in value:
                setattr(element, attribute, value.replace(STAND_IN_URL, url))
    return fragments.inner_html(root)
