"""Published addresses never silently break or change meaning.

`docs/addresses.yml` records every address the site has published and, for a
paragraph, a heading or a work, the first words of its text (`explainer.sharing.record`).
A build that drops an address fails; a paragraph address follows its text, and the build
stops when that text is gone (tests/engine/test_address_record.py); a heading's id or a work's
key taken by another fails. A build that adds an address fails until it is recorded with `pytest tests/edition/test_addresses.py --update-addresses`, which adds the new
addresses and refreshes the recorded words; `--update-addresses=new` starts the record
anew from this build (for an edition that has never been published).
"""

import re
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from addresses import published_addresses, published_record
from explainer.sharing.anchors import SIMILAR, likeness, words
from explainer.sharing.record import HEADING, RECORD_FILE, WORK, load_record, write_record

DOCS = Path(__file__).resolve().parents[2] / "docs"
RECORD = DOCS / RECORD_FILE
# How alike two references of one work are at least, however the style writes names and
# labels; two works of one author and year are less alike (tests below).
WORK_SIMILAR = 0.75


def recorded() -> dict[str, str | None]:
    return load_record(RECORD)


def recorded_addresses() -> set[str]:
    return set(recorded())


def test_no_published_address_disappears(site, request):
    if request.config.getoption("--update-addresses") == "new":
        pytest.skip("the record starts anew")
    missing = recorded_addresses() - published_addresses(site)
    assert not missing, (
        "These published addresses no longer exist. Keep them working: a redirect for a moved "
        "page, an id alias for a renamed heading or renumbered paragraph:\n  "
        + "\n  ".join(sorted(missing))
    )


def test_every_address_points_at_its_recorded_text(site, request):
    """The build carried each paragraph address to its text (else it would have failed); a
    heading's id is not taken by another heading (a glossary entry's by another entry), nor
    a work's key by another work (/sources/#key)."""
    if request.config.getoption("--update-addresses"):
        pytest.skip("the record is being updated")
    current = published_record(site)
    moved = [f"{address}: recorded “{printed}”, now “{current[address]}”"
             for address, printed in recorded().items()
             if printed and current.get(address) and not same_text(current[address], printed)]
    assert not moved, "\n  ".join([
        "These addresses now point at other text. If a heading was only reworded, record its new words "
        "(pytest tests/edition/test_addresses.py --update-addresses); if another section or entry took its id, "
        "give that one an id of its own and keep the old id with the text it named (aliases):", *moved])


def same_text(now: str, then: str) -> bool:
    """Whether two fingerprints (`explainer.sharing.record`) name the same text: a paragraph
    or heading that begins alike; a work whose reference begins much alike (a style may
    write its names and labels anew: "Hoffman 2018a", "林钧跃", "Creemers, Rogier")."""
    def kind(printed: str) -> str:
        return printed[:2] if printed.startswith((HEADING, WORK)) else ""

    if kind(now) != kind(then):
        return False
    if kind(then) == WORK:
        return SequenceMatcher(None, words(now), words(then)).ratio() >= WORK_SIMILAR
    return likeness(words(now), words(then)) >= SIMILAR


@pytest.mark.parametrize("now, then, same", [
    ("# state council", "# state council", True),
    ("# state council of china", "# state council", True),  # words added at the end
    ("# data reliabilty", "# data reliability", True),  # a typo repaired
    ("# us state department", "# state council", False),  # another entry took the id
    ("# reliability of data", "# data reliability", False),  # reworded: record the new words
    ("in 2014 the state council", "# in 2014 the state council", False),  # a paragraph took a heading's id
    ("in 2014 the state council issued", "in 2014 the state council issued", True),
    # A work's reference, as the style writes it, may change its label or a name's form ...
    ("@ hoffman samantha 2018a social credit technology enhanced", "@ hoffman samantha 2018 social credit technology "
     "enhanced", True),
    ("@ 林钧跃 2012 社会信用体系原理", "@ 林 钧跃 2012 社会信用体系原理", True),
    # ... but another work under the same key is another work, even by the same author.
    ("@ hoffman samantha 2018 managing the state social credit", "@ hoffman samantha 2018 social credit technology "
     "enhanced", False),
    ("@ rogier creemers 2018 china s social credit system", "@ creemers rogier 2018 china s social credit system",
     True),
    ("@ state council 2014 planning outline", "# state council", False),
])
def test_same_text(now, then, same):
    assert same_text(now, then) is same


def test_every_address_is_recorded(site, request):
    current = published_record(site)
    update = request.config.getoption("--update-addresses")
    if update:
        # Addresses that left the site stay recorded (the test above keeps them working),
        # unless the record starts anew; the words of every paragraph are refreshed.
        before = recorded()
        kept = {} if update == "new" else {a: p for a, p in before.items() if a not in current}
        write_record(RECORD, {**kept, **{a: p or before.get(a) for a, p in current.items()}})
        return
    new = set(current) - recorded_addresses()
    assert not new, (
        "New addresses are not yet recorded; run `pytest tests/edition/test_addresses.py "
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


def test_the_record_has_one_place():
    """Branches made before the record moved may bring the old file back in a merge."""
    old = DOCS.parent / "tests" / "published_addresses.txt"
    assert not old.exists(), (
        f"{old} is the old record: delete it and regenerate {RECORD} with "
        "`pytest tests/edition/test_addresses.py --update-addresses`")


@pytest.mark.parametrize("url", ["/", "/origins/", "/consequences/", "/sources/", "/about/"])
def test_known_addresses_are_recorded(url):
    """The record itself is not empty or truncated: core pages are in it."""
    assert url in recorded_addresses()
