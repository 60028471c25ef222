"""Text as a reader sees it: the normal form in which written forms and paragraph texts
are compared (glossary terms, explainer.glossary.termmatch; paragraph fingerprints,
explainer.sharing.anchors)."""

from __future__ import annotations

import re
import unicodedata

# Typographic apostrophes and dashes are written both ways in running text.
SAME_CHARACTER = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})

# Characters a reader does not see: Unicode's format characters (category Cf, as of
# Unicode 15.1: soft hyphen, zero-width space and joiners, direction marks, word
# joiner, BOM, ...), the combining grapheme joiner and the variation selectors.
# Listed rather than computed: asking unicodedata about every code point takes a second.
INVISIBLE_BMP = (
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
)
INVISIBLE = INVISIBLE_BMP + (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef"
)
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def clean(text: str) -> str:
    """`text` in Unicode's NFKC form without the characters a reader does not see (INVISIBLE)."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def form_key(text: str) -> str:
    """A written form as the matcher compares it: normalised, case-folded, spaces as one."""
    return " ".join(clean(text).translate(SAME_CHARACTER).casefold().split())
