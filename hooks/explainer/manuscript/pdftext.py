"""Repair the line-break damage of text extracted from a PDF, and list what is doubtful.

A PDF's text comes out with the layout's breaks in it. Two kinds of damage are repaired
when the text itself shows the repair is right; every other suspicious break is listed
for the maintainer and left exactly as it is:

- A word hyphenated across a line or page end ("environ-" … "ment"): joined when the
  joined word occurs elsewhere in the text or is a word of the language's dictionary
  (pyspellchecker's word lists), while the hyphenated form does not occur; kept with
  its hyphen when only the hyphenated form occurs ("self-" … "policing"). Both or
  neither: doubtful.
- A paragraph split by a page break: a line ending without sentence punctuation, then
  blank lines, then a line that begins in lower case: joined with a space. When the
  next line begins with a capital or a digit it may as well be a new paragraph (or a
  page's running head or number): doubtful.

Headings, list markers, table rows, rules and code blocks are never joined to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from explainer.manuscript.findings import Finding

# A word, with the hyphens inside a compound ("self-policing"), in any alphabet.
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# A line broken after a hyphen that follows a letter: "the credit environ-".
HYPHEN_END = re.compile(r"([^\W\d_]+)-$")
FIRST_WORD = re.compile(r"[^\W\d_]+")
# A sentence ends in . ? ! : or … , perhaps followed by closing quotes, brackets or emphasis.
SENTENCE_END = re.compile(r"[.?!:…][\"”’»)\]*_]*$")
# Lines that are Markdown structure, not running text.
STRUCTURE = re.compile(r"^\s*(#{1,6}\s|[-*_]{3,}\s*$|\||```|~~~|>)")
LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s")
# A break after fewer words than this is a label or a heading ("Imprint"), not a cut paragraph.
RUNNING_TEXT_WORDS = 8


@dataclass
class Repaired:
    """The text after repair, what was repaired and what was left for the maintainer."""

    text: str
    repairs: list[Finding] = field(default_factory=list)
    doubts: list[Finding] = field(default_factory=list)


@cache
def _dictionary(language: str):
    """pyspellchecker's word list for a language ('en', 'de', …), or None if it has none."""
    from spellchecker import SpellChecker

    try:
        return SpellChecker(language=language.split("-")[0].lower())
    except ValueError:
        return None


def repair(text: str, language: str | None = "en") -> Repaired:
    """Repair the unambiguous line-break damage of PDF-extracted `text` (see the module docstring).

    `language` is the text's language as a BCP 47 tag (mkdocs.yml's `theme.language`); its
    dictionary is a second witness that a joined word is a word. None, or a language
    pyspellchecker has no list for, leaves the text as the only witness. Line numbers in
    the findings are 1-based lines of `text`. Raises nothing.
    """
    text = text.replace("\f", "")  # pdftotext's page feeds: the blank lines around them mark the break
    words = Counter(word.casefold() for word in WORD.findall(text))
    dictionary = _dictionary(language) if language else None
    result = Repaired("")
    lines = list(enumerate(text.split("\n"), start=1))
    out: list[str] = []
    in_code = False
    index = 0
    while index < len(lines):
        number, line = lines[index]
        index += 1
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if in_code or not line.strip() or STRUCTURE.match(line):
            out.append(line)
            continue
        # Join as long as this line's end is a repaired break.
        while True:
            following = _next_text_line(lines, index)
            if following is None:
                break
            gap_end, next_line = following
            joined = _join(number, line, next_line, gap_end > index, words, dictionary, result)
            if joined is None:
                break
            line = joined
            index = gap_end + 1
        out.append(line)
    result.text = "\n".join(out)
    return result


def _next_text_line(lines: list[tuple[int, str]], index: int) -> tuple[int, str] | None:
    """The index and text of the next non-blank line from `index`, if it is running text."""
    while index < len(lines) and not lines[index][1].strip():
        index += 1
    if index == len(lines) or STRUCTURE.match(lines[index][1]):
        return None
    return index, lines[index][1]


def _join(number: int, line: str, next_line: str, across_blank: bool, words: Counter, dictionary,
          result: Repaired) -> str | None:
    """`line` joined with `next_line` if the break between them is damage; None otherwise.

    Records a repair or a doubt in `result`.
    """
    rest = next_line.lstrip()
    hyphen = HYPHEN_END.search(line.rstrip())
    if hyphen:
        head = FIRST_WORD.match(rest)
        if not head:
            return None
        first, second = hyphen.group(1), head.group(0)
        joined, hyphenated = first + second, f"{first}-{second}"
        in_text, hyphenated_in_text = words[joined.casefold()] > 0, words[hyphenated.casefold()] > 0
        in_dictionary = bool(second[0].islower() and dictionary is not None
                             and dictionary.known([joined.casefold()]))
        what = f"'{first}-' + '{second}'"
        if hyphenated_in_text and not (in_text or in_dictionary):
            result.repairs.append(Finding(number, what,
                                          f"joined as '{hyphenated}', the form used elsewhere in the text"))
            return line.rstrip() + rest
        if (in_text or in_dictionary) and not hyphenated_in_text and second[0].islower():
            witness = "occurs elsewhere in the text" if in_text else "is in the dictionary"
            result.repairs.append(Finding(number, what, f"joined as '{joined}' (the word {witness})"))
            return line.rstrip()[:-1] + rest
        reason = ("both forms occur in the text" if hyphenated_in_text
                  else f"neither '{joined}' nor '{hyphenated}' is a word found in the text or the dictionary")
        result.doubts.append(Finding(number, what, f"a word broken at a line end? {reason}; left as it is"))
        return None
    if not across_blank or SENTENCE_END.search(line.rstrip()):
        return None
    tail, start = _excerpt_end(line), _excerpt_start(rest)
    first_letter = rest.lstrip("*_\"“‘«([")[:1]  # past emphasis and opening quotes
    if first_letter.islower():
        result.repairs.append(Finding(
            number, f"'{tail}' + '{start}'",
            "joined one paragraph split by a page break (no sentence punctuation, lower-case continuation)"))
        return line.rstrip() + " " + rest
    if ((first_letter.isupper() or first_letter.isdigit()) and len(line.split()) >= RUNNING_TEXT_WORDS
            and not LIST_ITEM.match(line)):
        first = "a digit" if first_letter.isdigit() else "a capital"
        result.doubts.append(Finding(
            number, f"'{tail}' + '{start}'",
            f"a paragraph split by a page break? The line ends without sentence punctuation, but the next "
            f"begins with {first}; left as it is"))
    return None


def _excerpt_end(line: str) -> str:
    """The last words of a line, for a message: '…be implemented starting'."""
    return "…" + " ".join(line.split()[-3:])


def _excerpt_start(line: str) -> str:
    """The first words of a line, for a message: '2020. Basing the…'."""
    return " ".join(line.split()[:3]) + "…"
