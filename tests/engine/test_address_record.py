"""Published paragraph addresses follow their text (explainer.sharing.anchors, .record).

A section of five paragraphs is published; the record keeps the first words of each.
Each row edits the Markdown as a maintainer repairing extraction damage might, and says
where every published address now points, which addresses new paragraphs get, and what
the build reports.
"""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from explainer.core.datafile import DataError
from explainer.sharing.anchors import AnchorsExtension, fingerprint, words
from explainer.sharing.record import load_record, paragraph_fingerprints, write_record

PARAGRAPHS = {
    "a": "Alpha: the idea of a social credit system is neither new nor surprising.",
    "b": "Bravo: in Germany we know the impact our credit report has on renting a flat.",
    "c": "Charlie: trustworthiness is the base on which the government builds the project.",
    "d": "Delta: the government has always had a key role in the moral education of its people.",
    "e": "Echo: self-policing has a long-standing tradition going back to the Song dynasty.",
}


def page(*paragraphs: str, heading: str = "## Origins {#s}") -> str:
    return heading + "\n\n" + "\n\n".join(paragraphs) + "\n"


PUBLISHED = page(*PARAGRAPHS.values())


def render(text: str, published: dict[str, str]) -> tuple[list[tuple[str, list[str], str]], list[str]]:
    """Each paragraph as (its id, its alias anchors, the first word of its text); the problems."""
    extension = AnchorsExtension(paragraphs=True)
    extension.published = published
    soup = BeautifulSoup(markdown.Markdown(extensions=["attr_list", "toc", extension]).convert(text), "html.parser")
    found = [(p.get("id"), [a["id"] for a in p.select("span.ex-alias")], p.get_text().split(":")[0].split()[0])
             for p in soup.find_all("p")]
    return found, extension.problems


def record_of(text: str) -> dict[str, str]:
    """What --update-addresses records of a page: each paragraph's id and fingerprint."""
    extension = AnchorsExtension(paragraphs=True)
    soup = BeautifulSoup(markdown.Markdown(extensions=["attr_list", "toc", extension]).convert(text), "html.parser")
    return {p["id"]: fingerprint(p.get_text().rstrip("¶")) for p in soup.find_all("p")}


RECORD = record_of(PUBLISHED)
A, B, C, D, E = PARAGRAPHS.values()


@pytest.mark.parametrize("edited, expected, problems", [
    pytest.param(PUBLISHED, [("s-1", [], "Alpha"), ("s-2", [], "Bravo"), ("s-3", [], "Charlie"),
                             ("s-4", [], "Delta"), ("s-5", [], "Echo")], [], id="unchanged"),
    # The example: a paragraph split in two. The first half keeps the address, the
    # second gets one never published, and every later paragraph keeps its own.
    pytest.param(page(A, B.replace(" has ", ".\n\nHas "), C, D, E),
                 [("s-1", [], "Alpha"), ("s-2", [], "Bravo"), ("s-6", [], "Has"), ("s-3", [], "Charlie"),
                  ("s-4", [], "Delta"), ("s-5", [], "Echo")], [], id="split"),
    pytest.param(page(A, B + " " + C, D, E),
                 [("s-1", [], "Alpha"), ("s-2", ["s-3"], "Bravo"), ("s-4", [], "Delta"), ("s-5", [], "Echo")],
                 [], id="join"),
    pytest.param(page("Zulu: a new first paragraph by the editor of this edition.", A, B, C, D, E),
                 [("s-6", [], "Zulu"), ("s-1", [], "Alpha"), ("s-2", [], "Bravo"), ("s-3", [], "Charlie"),
                  ("s-4", [], "Delta"), ("s-5", [], "Echo")], [], id="insert-before"),
    pytest.param(page(A, B, C, D, E, "Zulu: a new last paragraph."),
                 [("s-1", [], "Alpha"), ("s-2", [], "Bravo"), ("s-3", [], "Charlie"), ("s-4", [], "Delta"),
                  ("s-5", [], "Echo"), ("s-6", [], "Zulu")], [], id="append"),
    pytest.param(page(A, B, D, E),
                 [("s-1", [], "Alpha"), ("s-2", [], "Bravo"), ("s-4", [], "Delta"), ("s-5", [], "Echo")],
                 ["s-3"], id="delete"),
    pytest.param(page(A, B, D + '\n{: aliases="s-3" }', E),
                 [("s-1", [], "Alpha"), ("s-2", [], "Bravo"), ("s-4", ["s-3"], "Delta"), ("s-5", [], "Echo")],
                 [], id="delete-kept-by-alias"),
    pytest.param(page(A, B, C, E, D),
                 [("s-1", [], "Alpha"), ("s-2", [], "Bravo"), ("s-3", [], "Charlie"), ("s-5", [], "Echo"),
                  ("s-4", [], "Delta")], [], id="reorder"),
    # Repairs of extraction damage leave the text recognisable.
    pytest.param(page(A.replace("the idea", "teh idea"), B, C, D, E),
                 [("s-1", [], "Alpha"), ("s-2", [], "Bravo"), ("s-3", [], "Charlie"), ("s-4", [], "Delta"),
                  ("s-5", [], "Echo")], [], id="typo"),
    pytest.param(page(A, B.replace("Germany", "Ger\u00admany").replace("the impact", "the\n   impact"), C,
                      D.replace("government", "govern- ment"), E),
                 [("s-1", [], "Alpha"), ("s-2", [], "Bravo"), ("s-3", [], "Charlie"), ("s-4", [], "Delta"),
                  ("s-5", [], "Echo")], [], id="soft-hyphen-whitespace-broken-word"),
    pytest.param(page(A, B, C, D, E).replace("Alpha:", "ALPHA –"),
                 [("s-1", [], "ALPHA"), ("s-2", [], "Bravo"), ("s-3", [], "Charlie"), ("s-4", [], "Delta"),
                  ("s-5", [], "Echo")], [], id="case-and-punctuation"),
    # A paragraph this edition wrote is numbered apart (explainer.sharing.anchors): no author's moves.
    pytest.param(page(A, "Zulu: an editorial paragraph.\n{: .ex-edition }", B, C, D, E),
                 [("s-1", [], "Alpha"), ("s-edition-1", [], "Zulu"), ("s-2", [], "Bravo"), ("s-3", [], "Charlie"),
                  ("s-4", [], "Delta"), ("s-5", [], "Echo")], [], id="edition-paragraph"),
    # A paragraph moved to another section keeps its old address as an alias.
    pytest.param(page(A, B, C, D) + "\n## Later {#t}\n\n" + E,
                 [("s-1", [], "Alpha"), ("s-2", [], "Bravo"), ("s-3", [], "Charlie"), ("s-4", [], "Delta"),
                  ("t-1", ["s-5"], "Echo")], [], id="moved-to-another-section"),
    # A heading renamed with its old id as an alias: the paragraphs keep theirs too.
    pytest.param(page(A, B, C, D, E, heading='## Beginnings {#r aliases="s"}'),
                 [("r-1", ["s-1"], "Alpha"), ("r-2", ["s-2"], "Bravo"), ("r-3", ["s-3"], "Charlie"),
                  ("r-4", ["s-4"], "Delta"), ("r-5", ["s-5"], "Echo")], [], id="renamed-section"),
    # A whole new paragraph that only starts like a published one is not taken for it.
    pytest.param(page("Alpha: a different text under the same first word.", B, C, D, E),
                 [("s-6", [], "Alpha"), ("s-2", [], "Bravo"), ("s-3", [], "Charlie"), ("s-4", [], "Delta"),
                  ("s-5", [], "Echo")], ["s-1"],
                 id="rewritten"),
])
def test_published_paragraph_addresses_follow_their_text(edited, expected, problems):
    found, reported = render(edited, RECORD)
    assert found == expected
    assert [problem.split("#", 1)[1].split(" ")[0] for problem in reported] == problems
    assert all("has lost its text" in problem for problem in reported)


def test_the_message_names_the_address_its_words_and_the_way_to_keep_it():
    _, (problem,) = render(page(A, B, D, E), RECORD)
    assert problem == (
        "the published address #s-3 (“charlie trustworthiness is the base on which the …”) has lost "
        "its text: no paragraph here begins with it or holds it. Keep the address: write "
        '{: aliases="s-3" } under the paragraph it should lead to')


def test_without_a_record_paragraphs_are_numbered_by_position():
    found, problems = render(page(A, B.replace(" has ", ".\n\nHas "), C), {})
    assert [id for id, _, _ in found] == ["s-1", "s-2", "s-3", "s-4"] and problems == []


@pytest.mark.parametrize("text, expected", [
    ("In  2014 the State\u00adCouncil’s “Planning Outline” (规划纲要) was pub-\nlished at last, in June.",
     "in 2014 the statecouncil s planning outline 规划纲要"),
    ("Short text.", "short text"),
    ("\x02wzxhzdk:0\x03Screen\x02wzxhzdk:1\x03 only", "screen only"),
])
def test_a_fingerprint_is_the_first_words_normalised(text, expected):
    assert fingerprint(text) == expected
    assert words(text).startswith(expected)


# -- The record file ----------------------------------------------------------------------

def test_the_record_is_written_and_read_back(tmp_path):
    path = tmp_path / "addresses.yml"
    record = {"/": None, "/origins/#origins": None, "/origins/#origins-3": "trustworthiness is the base",
              '/odd/#a"b': "quotes \" and: colons"}
    write_record(path, record)
    text = path.read_text("utf-8")
    assert text.startswith("# Every address this site has published")
    assert '"/origins/#origins-3": "trustworthiness is the base"\n' in text and '"/":\n' in text
    assert load_record(path) == record
    assert paragraph_fingerprints(record, "/origins/") == {"origins-3": "trustworthiness is the base"}


@pytest.mark.parametrize("content, message", [
    ("- /origins/\n", "must map addresses"),
    ('"origins/#x": words\n', "must map addresses"),
    ('"/origins/#x": [a, b]\n', "must map addresses"),
    ('"/origins/#x": "a\n', "addresses.yml:2: not valid YAML"),
])
def test_a_damaged_record_is_one_line_naming_the_file(tmp_path, content, message):
    path = tmp_path / "addresses.yml"
    path.write_text(content, "utf-8")
    with pytest.raises(DataError, match=message) as caught:
        load_record(path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


def test_no_record_is_an_empty_record(tmp_path):
    assert load_record(tmp_path / "addresses.yml") == {}
