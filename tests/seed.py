"""The reference text: the article as extracted from its PDF, with the extraction's
page-end damage repaired independently of the site, so tests can compare the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# The original text, committed with the tests (tests/original/README.md says where it comes from).
SEED = Path(__file__).resolve().parent / "original" / "klabisch-2018-social-credit-score.txt"

# A run-in head: "*Data reliability* – Researchers have ..."
RUN_IN_HEAD = re.compile(r"^\*([^*]+)\* [–-] ")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z“\"(])")


@dataclass
class Seed:
    paragraphs: list[str]  # article paragraphs, breaks repaired, Markdown emphasis removed
    joins: list[str]  # the words on both sides of each repaired break, as they read now
    run_in_heads: list[str]
    literature: list[str]


def _blocks(text: str) -> list[str]:
    return [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]


def load_seed() -> Seed:
    text = SEED.read_text(encoding="utf-8")
    article, _, _ = text.partition("## Literature")
    literature_part = text.partition("## Literature")[2].partition("---")[0]

    paragraphs: list[str] = []
    joins: list[str] = []
    for block in _blocks(article):
        if block.startswith("#"):
            continue
        previous = paragraphs[-1] if paragraphs else ""
        # A page end split the paragraph: the previous block stops mid-sentence
        # and this one continues in lower case or with a number.
        if previous and not previous.endswith((".", "?", "!", ":", "”", '"')) and re.match(r"[a-z0-9]", block):
            # "environ-" + "ment" is one word again; "starting" + "2020." two.
            before = previous[:-1] if previous.endswith("-") else previous + " "
            joined = before + block
            # The seam as it reads now: whole words within 25 characters of the break.
            window = joined[max(0, len(before) - 25) : len(before) + 25]
            joins.append(" ".join(window.split()[1:-1]))
            paragraphs[-1] = joined
        else:
            paragraphs.append(block)

    run_in_heads = []
    cleaned = []
    for paragraph in paragraphs[2:]:  # skip the byline ("by Joanna Klabisch", "July 2018")
        match = RUN_IN_HEAD.match(paragraph)
        if match:
            run_in_heads.append(match.group(1))
            paragraph = paragraph[match.end():]
        cleaned.append(paragraph.replace("*", ""))
    literature = [line[2:].strip() for line in literature_part.splitlines() if line.startswith("- ")]
    return Seed(cleaned, joins, run_in_heads, literature)


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(paragraph) if s.strip()]
