"""Raw inline HTML as Python-Markdown leaves it in the tree: placeholders in the text.

Python-Markdown puts raw inline HTML (`<cite>`, `<a href=…>`, `</a>`) and character
references (`&nbsp;`) aside in its HTML stash and leaves a placeholder (STX wzxhzdk:N
ETX) in the text. A tree processor that must know whether a text stands inside a raw
element reads the stashed pieces with a real HTML parser, not with regexes.
"""

from __future__ import annotations

from html.parser import HTMLParser

from markdown import Markdown
from markdown.util import HTML_PLACEHOLDER_RE

__all__ = ("HTML_PLACEHOLDER_RE", "stashed", "tags")


def stashed(md: Markdown, placeholder: str) -> str | None:
    """The raw HTML a placeholder stands for, or None if it is not one of the stash's."""
    match = HTML_PLACEHOLDER_RE.fullmatch(placeholder)
    blocks = md.htmlStash.rawHtmlBlocks
    if match is None or int(match[1]) >= len(blocks) or not isinstance(blocks[int(match[1])], str):
        return None
    return blocks[int(match[1])]


class _TagReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, True))

    def handle_startendtag(self, tag, attrs):
        pass  # <br/>, <img/>: nothing inside

    def handle_endtag(self, tag):
        self.tags.append((tag, False))


def tags(raw: str) -> list[tuple[str, bool]]:
    """The tags in a piece of raw HTML, in order: (name, True for an opening tag)."""
    reader = _TagReader()
    reader.feed(raw)
    reader.close()
    return reader.tags
