"""What the edition wrote inside the author's text, Markdown in, HTML out: a heading or
paragraph marked `ex-edition` is offered as a link only (no citation crediting the
author), and the author's sections around it keep their citations and the addresses of
their paragraphs (engine tests: no docs/ here)."""

from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup

from explainer.sharing.anchors import AnchorsExtension


def render(text: str) -> tuple[list[tuple[str, str, str]], set[str]]:
    """The headings and paragraphs as (tag, id, text), and the ids offered as links only."""
    extension = AnchorsExtension(paragraphs=True)
    html = markdown.Markdown(extensions=["attr_list", "toc", extension]).convert(text)
    assert extension.problems == []
    soup = BeautifulSoup(html, "html.parser")
    shown = [(element.name, element.get("id"), element.get_text().rstrip("¶"))
             for element in soup.find_all(re.compile(r"^(h[1-6]|p)$"))]
    return shown, extension.edition_sections


AUTHORS = "# Title {#title}\n\n## Hers {#hers}\n\nOne.\n\nTwo.\n\n## Next {#next}\n\nThree.\n"

CASES = {
    "heading added in the author's section": (
        "# Title {#title}\n\n## Hers {#hers}\n\nOne.\n\n### Overview {#overview .ex-edition}\n\nTwo.\n\n"
        "## Next {#next}\n\nThree.\n",
        [("h1", "title", "Title"), ("h2", "hers", "Hers"), ("p", "hers-1", "One."),
         ("h3", "overview", "Overview"), ("p", "hers-2", "Two."), ("h2", "next", "Next"), ("p", "next-1", "Three.")],
        {"overview"}),
    "paragraph added in the author's section": (
        "# Title {#title}\n\n## Hers {#hers}\n\nOne.\n\nOurs.\n{: .ex-edition }\n\nTwo.\n\n## Next {#next}\n\nThree.\n",
        [("h1", "title", "Title"), ("h2", "hers", "Hers"), ("p", "hers-1", "One."), ("p", "hers-edition-1", "Ours."),
         ("p", "hers-2", "Two."), ("h2", "next", "Next"), ("p", "next-1", "Three.")],
        set()),
    "heading and paragraph added": (
        "# Title {#title}\n\n## Hers {#hers}\n\nOne.\n\n### Overview {#overview .ex-edition}\n\nOurs.\n"
        "{: .ex-edition }\n\nTwo.\n\n## Next {#next}\n\nThree.\n",
        [("h1", "title", "Title"), ("h2", "hers", "Hers"), ("p", "hers-1", "One."),
         ("h3", "overview", "Overview"), ("p", "hers-edition-1", "Ours."), ("p", "hers-2", "Two."),
         ("h2", "next", "Next"), ("p", "next-1", "Three.")],
        {"overview"}),
}


@pytest.mark.parametrize("text, shown, link_only", CASES.values(), ids=CASES)
def test_what_the_edition_added_is_link_only_and_the_author_s_addresses_stay(text, shown, link_only):
    assert render(text) == (shown, link_only)
    # The author's paragraphs have the addresses they have without the edition's additions.
    author_s = [(tag, id, words) for tag, id, words in shown if tag != "h3" and "-edition-" not in id]
    assert author_s == render(AUTHORS)[0]


SECTIONS = [
    # A section the edition wrote: its heading and all under it, its paragraphs its own.
    ("# T {#t}\n\n## Guide {#guide .ex-edition}\n\nOurs.\n\n### Part {#part}\n\nMore.\n\n## Hers {#hers}\n\nHers.\n",
     ["t", "guide", "guide-1", "part", "part-1", "hers", "hers-1"], {"guide", "part"}),
    ("## Guide {#guide .ex-edition}\n\nOurs.\n\n## Hers {#hers}\n\nHers.\n",
     ["guide", "guide-1", "hers", "hers-1"], {"guide"}),
    # A heading added in the author's section: the author's subsections under it stay hers.
    ("## Hers {#hers}\n\nOne.\n\n### Overview {#overview .ex-edition}\n\nTwo.\n\n#### Detail {#detail}\n\nThree.\n",
     ["hers", "hers-1", "overview", "hers-2", "detail", "detail-1"], {"overview"}),
    # Added at the level of the author's subsections, between two of them.
    ("## Hers {#hers}\n\n### A {#a}\n\nOne.\n\n### Note {#note .ex-edition}\n\nTwo.\n\n### B {#b}\n\nThree.\n",
     ["hers", "a", "a-1", "note", "a-2", "b", "b-1"], {"note"}),
]


@pytest.mark.parametrize("text, ids, link_only", SECTIONS)
def test_an_edition_section_is_the_edition_s_and_an_added_heading_only_itself(text, ids, link_only):
    shown, found = render(text)
    assert ([id for _, id, _ in shown], found) == (ids, link_only)
