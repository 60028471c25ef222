"""The print page, chapter by chapter as the pages render.

Each page's content is parsed and rewritten (`explainer.sharing.printpage`) as the page
template hands it over, and the chapters go into the print page, which MkDocs renders
last:

    printer = Printer()
    printer.begin(urls, page_url)    # each build: the chapters' URLs in order, the page's
    printer.add(chapter, content)    # each page, as the template rendered it
    printer.add_page(chapter, page)  # a page the template did not render, from its file
    printer.html()                   # the chapters as one HTML fragment, for the print page

The build's own process does this work: a worker process on the other processor, tried
before, showed no gain in the build benchmark (`benchmarks/README.md`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import lxml.etree

from explainer.sharing.printpage import Chapter, PrintBook, article_tree, content_tree


class PrintError(Exception):
    """The print page could not be made; the message says why."""


class Printer:
    """Collects the chapters of one print page per build (`mkdocs serve` builds again)."""

    def __init__(self):
        self._book = PrintBook([], "")

    def begin(self, urls: Sequence[str], page_url: str) -> None:
        """A new print page, at `page_url`, of the chapters at `urls` (as in `Chapter.url`)."""
        self._book = PrintBook(list(urls), page_url)

    def add(self, chapter: Chapter, content: str) -> None:
        """A chapter's content, as the page template rendered it. Raises PrintError."""
        self._add(chapter, content_tree, content)

    def add_page(self, chapter: Chapter, page: str) -> None:
        """A chapter from its whole rendered page (one not rendered by our template).
        Raises PrintError, naming the chapter, if the page has no single article."""
        self._add(chapter, article_tree, page)

    def html(self) -> str:
        """Every chapter, in order, as one HTML fragment (`PrintBook.html`). Raises PrintError."""
        try:
            return self._book.html()
        except Exception as problem:  # noqa: BLE001 (any failure, named for the maintainer)
            raise PrintError(f"the print page: {problem!r}") from None

    def _add(self, chapter: Chapter, parse: Callable[[str], lxml.etree._Element], html: str) -> None:
        try:
            self._book.add(chapter, parse(html))
        except Exception as problem:  # noqa: BLE001 (any failure, named for the maintainer)
            raise PrintError(f"the print page, chapter '/{chapter.url}': {problem}") from None
