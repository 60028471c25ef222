"""Find glossary terms in running text: whole words, longest form first, in one pass.

A text is cut into tokens by one compiled regex: runs of letters and digits (a whole
word), single CJK characters, whitespace runs and single other characters. Every
written form of every term is cut the same way and stored in a trie keyed by token.
Scanning a text walks the trie from each token, so the cost depends on the length of
the text, not on the number of terms: a dictionary lookup per token whether the
glossary has 20 forms or 2,000.

Because words are whole tokens, "Schufa" never matches inside "Schufas", while
"Schufa's" and "SCHUFA" do. Chinese characters are one token each, so "芝麻信用"
matches in the middle of a Chinese sentence, where there are no word boundaries.
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
        # The hot path of every page. The text is normalised at once (one character for
        # one, so offsets stay); tokens tile it, so offsets are running sums; and the
        # tokens that start no form (most of them) cost one dictionary lookup.
        tokens = _TOKEN.findall(text.translate(_SAME_CHARACTER))
        keys = [" " if token.isspace() else token.casefold() for token in tokens]
        offsets = list(accumulate(map(len, tokens), initial=0))
        starts = self._root.children
        matches: list[Match] = []
        i = 0
        while i < len(tokens):
            found = self._longest_at(tokens, keys, i) if keys[i] in starts else None
            if found is None:
                i += 1
                continue
            last, term_id = found
            matches.append(Match(offsets[i], offsets[last + 1], term_id))
            i = last + 1
        return matches

    def _longest_at(self, tokens: list[str], keys: list[str], first: int) -> tuple[int, str] | None:
        node, best = self._root, None
        for i in range(first, len(tokens)):
            node = node.children.get(keys[i])
            if node is None:
                break
            for exact, form in node.forms:
                if not form.case_sensitive or exact == tuple(_exact(t) for t in tokens[first:i + 1]):
                    best = (i, form.term_id)
                    break
        return best


@lru_cache(maxsize=8)
def matcher_for(forms: tuple[Form, ...]) -> TermMatcher:
    """The matcher of a glossary, built once and reused by every page and rebuild."""
    return TermMatcher(forms)
