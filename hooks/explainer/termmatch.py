"""Find glossary terms in running text: whole words, longest form first, in one pass.

A text is cut into tokens by one compiled regex: runs of letters and digits (a whole
word), single CJK characters, whitespace runs and single other characters. Every
written form of every term is cut the same way and stored in a trie keyed by token.
Scanning a text walks the trie from each token, so the cost depends on the length of
the text, not on the number of terms: a dictionary lookup per token whether the
glossary has 20 forms or 2,000.

Because words are whole tokens, "Atlas" never matches inside "Atlases", while
"Atlas's" and "ATLAS" do. CJK characters are one token each, so "里山" matches in
the middle of a Japanese sentence, where there are no word boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

# Han, kana and hangul have no spaces between words: each character is a token.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[^\W{_CJK}]+|\s+|.", re.DOTALL)
# Typographic apostrophes and dashes are written both ways in running text.
_SAME_CHARACTER = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


@dataclass(frozen=True)
class Form:
    """One written form of a term: its text, the term it belongs to, and case rule."""

    text: str
    term_id: str
    case_sensitive: bool = False


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term_id: str


def _key(token: str) -> str:
    """The trie key of a token: whitespace runs are one space; case is folded."""
    return " " if token.isspace() else token.translate(_SAME_CHARACTER).casefold()


def _exact(token: str) -> str:
    return " " if token.isspace() else token.translate(_SAME_CHARACTER)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    forms: list[tuple[tuple[str, ...], Form]] = field(default_factory=list)


class TermMatcher:
    """All forms of a glossary, compiled once into a token trie."""

    def __init__(self, forms: tuple[Form, ...]):
        self._root = _Node()
        for form in forms:
            tokens = [m.group() for m in _TOKEN.finditer(form.text.strip())]
            if not tokens:
                continue
            node = self._root
            for token in tokens:
                node = node.children.setdefault(_key(token), _Node())
            node.forms.append((tuple(_exact(t) for t in tokens), form))

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches, left to right; at each start the longest form wins."""
        # The hot path of every page. The text is normalised and case-folded at once,
        # then cut into tokens; most texts hold no token that starts a form, and the
        # others are looked at only where one does. Tokens tile the text, so their
        # offsets are running sums.
        text = text.translate(_SAME_CHARACTER)  # one character for one: offsets stay
        folded = text.casefold()
        if len(folded) == len(text):  # no character folded into two (ß → ss): tokens align
            tokens = keys = _TOKEN.findall(folded)
        else:
            tokens = _TOKEN.findall(text)
            keys = [token.casefold() for token in tokens]
        starts = self._root.children
        if starts.keys().isdisjoint(keys):
            return []
        offsets = list(accumulate(map(len, tokens), initial=0))
        matches: list[Match] = []
        after = 0  # matches do not overlap: the next starts after the last one's end
        for i in [i for i, key in enumerate(keys) if key in starts]:
            if i < after:
                continue
            found = self._longest_at(text, keys, offsets, i)
            if found is not None:
                last, term_id = found
                matches.append(Match(offsets[i], offsets[last + 1], term_id))
                after = last + 1
        return matches

    def _longest_at(self, text: str, keys: list[str], offsets: list[int], first: int) -> tuple[int, str] | None:
        node, best = self._root, None
        for i in range(first, len(keys)):
            node = node.children.get(" " if keys[i].isspace() else keys[i])
            if node is None:
                break
            for exact, form in node.forms:
                if not form.case_sensitive or exact == tuple(
                    _exact(text[offsets[j]:offsets[j + 1]]) for j in range(first, i + 1)
                ):
                    best = (i, form.term_id)
                    break
        return best


@lru_cache(maxsize=8)
def matcher_for(forms: tuple[Form, ...]) -> TermMatcher:
    """The matcher of a glossary, built once and reused by every page and rebuild."""
    return TermMatcher(forms)
