"""Published addresses never silently break.

`tests/published_addresses.txt` lists every address the site has published. A build
that drops one fails; a build that adds one fails until it is recorded with
`pytest tests/test_addresses.py --update-addresses` (which only ever adds), so that
the new address is protected from then on.
"""

import re
from pathlib import Path

import pytest

from addresses import published_addresses

RECORD = Path(__file__).with_name("published_addresses.txt")
DOCS = Path(__file__).resolve().parent.parent / "docs"


def recorded_addresses() -> set[str]:
    lines = RECORD.read_text(encoding="utf-8").splitlines() if RECORD.exists() else []
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_no_published_address_disappears(site):
    missing = recorded_addresses() - published_addresses(site)
    assert not missing, (
        "These published addresses no longer exist. Keep them working: a redirect for a moved "
        "page, an id alias for a renamed heading or renumbered paragraph:\n  "
        + "\n  ".join(sorted(missing))
    )


def test_every_address_is_recorded(site, request):
    current = published_addresses(site)
    new = current - recorded_addresses()
    if new and request.config.getoption("--update-addresses"):
        header = "# Every address this site has published. Generated; only ever grows.\n"
        RECORD.write_text(header + "\n".join(sorted(recorded_addresses() | current)) + "\n", "utf-8")
        return
    assert not new, (
        "New addresses are not yet recorded; run `pytest tests/test_addresses.py "
        "--update-addresses` to protect them:\n  " + "\n  ".join(sorted(new))
    )


def headings_without_explicit_id(markdown: str) -> list[str]:
    """ATX headings (outside code fences) that lack an `{#id}` of their own."""
    missing, fenced = [], False
    if markdown.startswith("---\n"):  # YAML front matter: its `#` lines are comments
        markdown = markdown.split("\n---\n", 1)[-1]
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6} ", line) and not re.search(r"\{[^}]*#[\w-]+[^}]*\}\s*$", line):
            missing.append(line)
    return missing


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_every_heading_has_an_explicit_stable_id(page):
    """Ids written in the Markdown, so that rewording a heading never changes its address."""
    assert headings_without_explicit_id(page.read_text("utf-8")) == []


def test_a_heading_without_id_is_caught():
    markdown = "---\n# a comment\n---\n# Fine {#fine}\n## Not fine\n```\n# code\n```"
    assert headings_without_explicit_id(markdown) == ["## Not fine"]


@pytest.mark.parametrize("url", ["/", "/origins/", "/consequences/", "/sources/", "/about/"])
def test_known_addresses_are_recorded(url):
    """The record itself is not empty or truncated: core pages are in it."""
    assert url in recorded_addresses()
