"""Find glossary terms in running text: whole words, longest form first, in one pass.

A text is first seen the way a reader sees it (`reader_view`): Unicode compatibility
normalisation (NFKC: a decomposed "ä" is "ä", the ligature "ﬁ" is "fi", full-width
"ＡＢＣ" is "ABC"), invisible formatting characters removed (soft hyphens, zero-width
spaces and joiners, direction marks, variation selectors), and character references
that Python-Markdown has put aside (`&nbsp;`, `&auml;`) read as the characters they
stand for. Matches are mapped back to the original text, so the page keeps what the
maintainer wrote.

That text is cut into tokens by one compiled regex: runs of letters and digits (a whole
word), single CJK characters, whitespace runs and single other characters. Every
written form of every term is cut the same way and stored in a trie keyed by token.
Scanning a text walks the trie from each token that starts a form, so the cost depends
on the length of the text, not on the number of terms.

Because words are whole tokens, "Atlas" never matches inside "Atlases", while
"Atlas's" and "ATLAS" do. CJK characters are one token each, so "里山" matches in
the middle of a Japanese sentence, where there are no spaces between words. Where a
form begins or ends between two Chinese characters, it must begin or end a word as
jieba cuts that run of characters (`ChineseWords`), as the search index does:
"北京" (Beijing) is found in "北京的学生" but not inside "北京大学" (Peking University),
which is one word, and "里山" not inside "里山林", which jieba cuts 里/山林 ("南京市长江大桥",
cut 南京市/长江大桥, is a run of whole words: "南京市" is found in it).
jieba cuts Chinese only: kana, hangul, Thai and Han characters beyond its dictionary
(\u4e00-\u9fd5) are words of one character each, as before. A term's `blocked_by`
forms name longer words in which it is never marked, whatever the segmentation says
(the maintainer's override), and two forms that overlap in such a script without one
containing the other are a `Conflict` (neither is marked).

Nothing is marked inside text that only looks like prose: web and e-mail addresses,
domain and file names (`www.example.org`, `faq.html`, `info@example.org`).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from explainer.core.readertext import INVISIBLE, INVISIBLE_BMP, SAME_CHARACTER, clean, form_key  # noqa: F401 (re-exported)

# Scripts written without spaces between words: each character is a token. Han (with
# its extensions beyond the BMP), kana, bopomofo and hangul; Thai, Lao, Myanmar, Khmer.
_CJK = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u318f\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U000323af"
)
_TOKEN = re.compile(rf"[^\W{_CJK}]+|\s+|.", re.DOTALL)
_CJK_CHAR = re.compile(rf"[{_CJK}]")
# A quick test whether a text may hold one: the invisible characters of the Basic
# Multilingual Plane or any character beyond it (rare in prose). Sixteen times faster
# than a character class with ranges beyond the BMP.
_MAYBE_INVISIBLE = re.compile(f"[{INVISIBLE_BMP}\U00010000-\U0010ffff]")
STX, ETX = "\x02", "\x03"  # Python-Markdown's placeholders for what it put aside
# The characters jieba's dictionary cuts into words (its `re_han_default`, Chinese only);
# two in a row: a word may go on across a form's edge there.
_HAN = "\u4e00-\u9fd5"
_HAN_PAIR = re.compile(f"[{_HAN}]{{2}}")
_HAN_CHAR = re.compile(f"[{_HAN}]")
_WORDISH = re.compile(r"\S+")


@dataclass(frozen=True)
class Form:
    """One written form of a term: its text, the term it belongs to, and case rule.

    `blocker`: this text is not a form of the term but a longer word in which the
    term's forms are not marked (the entry's `blocked_by`).
    """

    text: str
    term_id: str
    case_sensitive: bool = False
    blocker: bool = False


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term_id: str


@dataclass(frozen=True)
class Conflict:
    """Two forms of different terms that overlap in `text`; neither was marked."""

    text: str
    term_ids: tuple[str, str]


class Scan(NamedTuple):
    matches: Sequence[Match]
    conflicts: Sequence[Conflict]


_NOTHING = Scan((), ())


# -----------------------------------------------------------------------------
# The text as a reader sees it
# -----------------------------------------------------------------------------


class ReaderView:
    """A text as a reader sees it, with the way back to the original's offsets.

    `anchors` are (offset in `text`, offset in the original) pairs at every point where
    the two stop running in step; between anchors both advance together.
    """

    __slots__ = ("text", "_views", "_originals", "_length")

    def __init__(self, text: str, anchors: list[tuple[int, int]] | None = None, length: int = 0):
        self.text = text
        self._views = [a[0] for a in anchors] if anchors else []
        self._originals = [a[1] for a in anchors] if anchors else []
        self._length = length

    def original(self, offset: int, end: bool = False) -> int:
        """The original offset of `offset` in `text`.

        A start rounds down and an `end` rounds up inside a character cluster that
        changed length; an end leaves out invisible characters that follow the match.
        """
        views = self._views
        if not views:
            return offset
        if end:
            i = bisect_left(views, offset)
            if i < len(views) and views[i] == offset:
                return self._originals[i]
            i -= 1
        else:
            i = bisect_right(views, offset) - 1
        if i < 0:
            return offset
        view, original = views[i], self._originals[i]
        result = original + (offset - view)
        if i + 1 < len(views) and offset > view:
            next_view, next_original = views[i + 1], self._originals[i + 1]
            if next_view - view != next_original - original:  # inside a cluster that changed length
                result = next_original if end else original
        return min(result, self._length)


def reader_view(text: str, resolve: Callable[[str], str | None] | None = None) -> ReaderView:
    """`text` normalised for matching (see the module's docstring), mapped to the original.

    `resolve(placeholder)` gives the text a Python-Markdown placeholder (STX…ETX) stands
    for, or None to leave it as it is. Cost: nothing for ASCII text and for words that
    are already normalised; only words that change are looked at character by character.
    """
    placeholders = resolve is not None and STX in text
    if not placeholders and (text.isascii() or (
        unicodedata.is_normalized("NFKC", text) and not _MAYBE_INVISIBLE.search(text)
    )):
        return ReaderView(text)
    pieces: list[str] = []
    anchors: list[tuple[int, int]] = []
    kept = view = 0  # original offset copied up to; length of the view so far
    for word in _WORDISH.finditer(text):
        chunk = word.group()
        if (chunk.isascii() and STX not in chunk) or (
            STX not in chunk and unicodedata.is_normalized("NFKC", chunk) and not _MAYBE_INVISIBLE.search(chunk)
        ):
            continue
        pieces.append(text[kept:word.start()])
        view += word.start() - kept
        view = _normalise_chunk(chunk, word.start(), view, pieces, anchors, resolve)
        kept = word.end()
        anchors.append((view, kept))
    if not anchors:
        return ReaderView(text)
    pieces.append(text[kept:])
    return ReaderView("".join(pieces), anchors, len(text))


def _normalise_chunk(chunk: str, origin: int, view: int, pieces: list[str], anchors: list[tuple[int, int]],
                     resolve: Callable[[str], str | None] | None) -> int:
    """Append the reader's view of one word to `pieces`, an anchor per character cluster."""
    i = 0
    while i < len(chunk):
        j = i + 1
        if chunk[i] == STX and (end := chunk.find(ETX, i)) != -1:
            j = end + 1
            stands_for = resolve(chunk[i:j]) if resolve else None
            cluster = chunk[i:j] if stands_for is None else stands_for
            piece = cluster if stands_for is None else clean(cluster)
        else:
            while j < len(chunk) and unicodedata.combining(chunk[j]):  # a letter and its accents
                j += 1
            piece = clean(chunk[i:j])
        anchors.append((view, origin + i))
        pieces.append(piece)
        view += len(piece)
        i = j
    return view


# -----------------------------------------------------------------------------
# Text that only looks like prose
# -----------------------------------------------------------------------------

# An address is cut off by white space, brackets, quotation marks and CJK characters.
_ADDRESS_EDGE = re.compile(rf"[\s()\[\]{{}}<>\"“”‘’«»\u3000-\u303f{_CJK}]")
_ADDRESS = re.compile(
    r"[a-z][a-z0-9+.-]*://"  # any scheme: https://…, ftp://…
    r"|^(?:mailto|tel|urn|doi|file|data|news):"
    r"|^www\d?\."
    r"|[^@\s]@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}"  # info@example.org
    r"|(?:^|[/\\])[\w-]+(?:\.[\w-]+)*\.[a-z][a-z0-9]+(?:[/?#:\\]|$)"  # example.org, faq.html, a/faq.html
    r"|^(?:\.{1,2}/|~/|/\w|[a-z]:\\)",  # ./faq, ../faq, ~/faq, /srv/faq, C:\faq
    re.IGNORECASE,
)


# Every address has one of these between two characters that are not spaces; prose rarely does.
_ADDRESS_HINT = re.compile(r"\S[./@:\\]\S")


def inside_address(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is part of a web or e-mail address, a domain or a file name."""
    left = start
    while left > 0 and not _ADDRESS_EDGE.match(text, left - 1):
        left -= 1
    right = end
    while right < len(text) and not _ADDRESS_EDGE.match(text, right):
        right += 1
    word = text[left:right].strip(".,;:!?…'")
    return word != text[start:end] and _ADDRESS.search(word) is not None


# -----------------------------------------------------------------------------
# Chinese words
# -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _jieba():
    """jieba's tokenizer, the one Material's search index cuts the pages with (hooks/search.py
    adds the glossary's Chinese names to its dictionary), so that a page is cut into the
    same words for marking and for search, and its dictionary is loaded (~0.7 s) once per
    process, not twice. None without jieba (then every Chinese character is a word)."""
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(logging.WARNING)  # it reports loading its dictionary at DEBUG level
    jieba.dt.check_initialized()
    return jieba.dt


class ChineseWords:
    """Where the words of a text's runs of Chinese characters begin, as jieba cuts them
    (with its HMM for words not in its dictionary, as Material's search index does).

    A run is cut once, and only when `boundary` is asked about an offset inside it: most
    texts never are (a form stands between punctuation, Latin letters or spaces).
    """

    __slots__ = ("text", "_cuts")

    def __init__(self, text: str):
        self.text = text
        self._cuts: dict[int, set[int]] = {}  # start of a run -> offsets where its words begin

    def boundary(self, offset: int) -> bool:
        """Whether a word may begin (or end) at `offset` of the text."""
        text = self.text
        if not 0 < offset < len(text) or not (_HAN_CHAR.match(text, offset - 1) and _HAN_CHAR.match(text, offset)):
            return True
        start = offset - 1
        while start > 0 and _HAN_CHAR.match(text, start - 1):
            start -= 1
        if start not in self._cuts:
            end = offset + 1
            while end < len(text) and _HAN_CHAR.match(text, end):
                end += 1
            tokenizer = _jieba()
            if tokenizer is None:
                return True
            self._cuts[start] = set(accumulate(map(len, tokenizer.cut(text[start:end])), initial=start))
        return offset in self._cuts[start]


# -----------------------------------------------------------------------------
# The matcher
# -----------------------------------------------------------------------------


def _key(token: str) -> str:
    """The trie key of a token: whitespace runs are one space; case is folded."""
    return " " if token.isspace() else token.translate(SAME_CHARACTER).casefold()


def _exact(token: str) -> str:
    return " " if token.isspace() else token.translate(SAME_CHARACTER)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    forms: list[tuple[tuple[str, ...], Form]] = field(default_factory=list)


class TermMatcher:
    """All forms of a glossary, compiled once into a token trie."""

    def __init__(self, forms: tuple[Form, ...]):
        self._root = _Node()
        for form in forms:
            tokens = _TOKEN.findall(clean(form.text).strip())
            if not tokens:
                continue
            node = self._root
            for token in tokens:
                node = node.children.setdefault(_key(token), _Node())
            node.forms.append((tuple(_exact(t) for t in tokens), form))

    def find(self, text: str, resolve: Callable[[str], str | None] | None = None) -> list[Match]:
        """Non-overlapping matches, left to right; at each start the longest form wins."""
        return list(self.scan(text, resolve).matches)

    def scan(self, text: str, resolve: Callable[[str], str | None] | None = None) -> Scan:
        """The matches in `text` (offsets into `text` as given), and the conflicts met.

        `resolve`: see `reader_view`. A form is found only where it begins and ends a
        Chinese word (`ChineseWords`); a match is dropped when it lies inside one of its
        term's blockers or inside an address; where two forms of different terms overlap
        in CJK characters, neither is kept and the overlap is a `Conflict`.
        """
        # The hot path of every page: most texts hold no token that starts a form and
        # cost one normalisation check, one case fold, one tokenisation and one set test.
        if text.isascii():  # no typographic characters, nothing to normalise
            view = reader_view(text, resolve) if resolve is not None and STX in text else None
        elif (resolve is None or STX not in text) and unicodedata.is_normalized("NFKC", text) and (
            not _MAYBE_INVISIBLE.search(text)
        ):
            view = None
        else:
            view = reader_view(text, resolve)
        seen = text if view is None else view.text
        if not seen.isascii():
            seen = seen.translate(SAME_CHARACTER)  # one character for one: offsets stay
        folded = seen.casefold()
        if len(folded) == len(seen):  # no character folded into two (ß → ss): tokens align
            tokens = keys = _TOKEN.findall(folded)
        else:
            tokens = _TOKEN.findall(seen)
            keys = [token.casefold() for token in tokens]
        starts = self._root.children
        if starts.keys().isdisjoint(keys):
            return _NOTHING
        offsets = list(accumulate(map(len, tokens), initial=0))
        found: list[tuple[int, int, str]] = []  # (first token, last token, term id)
        blocks: list[tuple[int, int, str]] = []
        words = ChineseWords(seen) if _HAN_PAIR.search(seen) else None
        after = 0  # words inside the last form found start nothing new (CJK characters may)
        for i in [i for i, key in enumerate(keys) if key in starts]:
            if i >= after or _CJK_CHAR.match(keys[i]):
                if self._forms_at(seen, keys, offsets, i, found, blocks, words):
                    after = max(after, found[-1][1] + 1)
        if blocks:
            found = [(first, last, term_id) for first, last, term_id in found if not any(
                b_term == term_id and b_first <= first and last <= b_last for b_first, b_last, b_term in blocks)]
        if found and _ADDRESS_HINT.search(seen):
            found = [match for match in found if not inside_address(seen, offsets[match[0]], offsets[match[1] + 1])]
        kept: list[tuple[int, int, str]] = []
        conflicts: list[Conflict] = []
        for first, last, term_id in found:
            if kept and first <= kept[-1][1]:  # overlaps the match before
                before = kept[-1]
                if last > before[1] and term_id != before[2] and _CJK_CHAR.match(seen, offsets[first]):
                    conflicts.append(Conflict(seen[offsets[before[0]]:offsets[last + 1]], (before[2], term_id)))
                    kept[-1] = (before[0], last, "")  # neither: the span is spent
                continue
            kept.append((first, last, term_id))
        if view is None:
            matches = [Match(offsets[first], offsets[last + 1], term_id) for first, last, term_id in kept if term_id]
        else:
            matches = [
                Match(view.original(offsets[first]), view.original(offsets[last + 1], end=True), term_id)
                for first, last, term_id in kept if term_id
            ]
        return Scan(matches, conflicts)

    def _forms_at(self, text: str, keys: list[str], offsets: list[int], first: int,
                  found: list[tuple[int, int, str]], blocks: list[tuple[int, int, str]],
                  words: ChineseWords | None = None) -> bool:
        """Add the longest form that starts at token `first`, and every blocker there.

        `words`: the text's Chinese words; a form must begin and end where they do (None:
        the text has no two Chinese characters in a row). Returns whether a form was found."""
        words_start = words is None or words.boundary(offsets[first])
        node, best = self._root, None
        for i in range(first, len(keys)):
            node = node.children.get(" " if keys[i].isspace() else keys[i])
            if node is None:
                break
            for exact, form in node.forms:
                if form.blocker:
                    blocks.append((first, i, form.term_id))
                elif (best is None or best[1] < i) and words_start:
                    if (not form.case_sensitive or exact == tuple(
                        _exact(text[offsets[j]:offsets[j + 1]]) for j in range(first, i + 1)
                    )) and (words is None or words.boundary(offsets[i + 1])):
                        best = (first, i, form.term_id)
        if best is not None:
            found.append(best)
        return best is not None


@lru_cache(maxsize=8)
def matcher_for(forms: tuple[Form, ...]) -> TermMatcher:
    """The matcher of a glossary, built once and reused by every page and rebuild."""
    return TermMatcher(forms)
