"""The bibliography's downloads read back by independent parsers, into CSL-JSON field names.

Each reader takes the text an exporter wrote, parses it with a library reference
managers' users rely on (bibtexparser and pylatexenc for BibTeX, rispy for RIS, the
official CSL-JSON schema for CSL-JSON) and maps the parsed fields back to CSL names by
the table in GUIDE.md ("What the downloads carry"), written out again here, so that a
round trip compares field by field what went in with what a reader gets.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import bibtexparser
import jsonschema
import rispy
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text

from explainer.core.references import NAME_FIELDS

ARTICLES = {"article-journal", "article-magazine", "article-newspaper"}

# --- BibTeX (biblatex) -------------------------------------------------------

BIBTEX_NAMES = {"author": "author", "editor": "editor", "translator": "translator",
                "container-author": "bookauthor", "illustrator": "illustrator"}
BIBTEX_TEXT = {"title": "title", "title-short": "shorttitle", "original-title": "origtitle",
               "collection-title": "series", "publisher-place": "address", "volume": "volume",
               "edition": "edition", "genre": "type", "note": "note", "abstract": "abstract",
               "language": "langid", "ISBN": "isbn", "ISSN": "issn", "page": "pages"}
# What biblatex users write in `langid` for a work's language (a babel language name: the
# biblatex manual, 2.2.3, and the babel manual); a language with no babel name has no langid.
BABEL_NAMES = {"zh": "chinese", "zh-Hant-TW": "chinese", "ar": "arabic", "fr": "french", "en-GB": "british",
               "en": "english", "de": "ngerman", "de-AT": "naustrian", "pt-BR": "brazil", "ja": "japanese"}
BIBTEX_VERBATIM = {"URL": "url", "DOI": "doi"}


def bibtex_places(kind: str) -> dict[str, str]:
    """CSL field -> biblatex field for a work of CSL type `kind`."""
    places = {**BIBTEX_TEXT, **BIBTEX_VERBATIM, **BIBTEX_NAMES, "issued": "date", "accessed": "urldate"}
    places["container-title"] = ("journal" if kind in ARTICLES else
                                 {"chapter": "booktitle", "webpage": "organization"}.get(kind, "howpublished"))
    places["publisher"] = "institution" if kind == "report" else "publisher"
    places.update({"issue": "number", "number": "eid"} if kind in ARTICLES else {"number": "number", "issue": "issue"})
    return places


def latex_text(latex: str) -> str:
    # pylatexenc writes \textasciicircum as the modifier letter ˆ; LaTeX prints ^.
    return LatexNodes2Text().latex_to_text(latex).replace("ˆ", "^")


def _bibtex_names(value: str) -> list[dict[str, str]]:
    names = []
    for written in split_multiple_persons_names(value):
        if _one_group(written):  # {Institution}: one name, never split
            names.append({"literal": latex_text(written)})
            continue
        parts = parse_single_name_into_parts(written)
        name = {"family": latex_text(" ".join(parts.von + parts.last))}
        if parts.first:
            name["given"] = latex_text(" ".join(parts.first))
        if parts.jr:
            name["suffix"] = latex_text(" ".join(parts.jr))
        names.append(name)
    return names


def _one_group(written: str) -> bool:
    """Whether `written` is one brace group, `{...}`, from its first character to its last."""
    depth = 0
    for index, char in enumerate(written):
        depth += {"{": 1, "}": -1}.get(char, 0) if index == 0 or written[index - 1] != "\\" else 0
        if depth == 0:
            return index == len(written) - 1 and index > 0
    return False


def read_bibtex_fields(text: str) -> dict[str, dict[str, str]]:
    """key -> biblatex field -> value as written (LaTeX, braces and all)."""
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return {entry.key: {field.key: field.value for field in entry.fields} | {"_type": entry.entry_type}
            for entry in library.entries}


def read_bibtex(text: str, kinds: dict[str, str]) -> dict[str, dict]:
    """key -> the entry's fields as CSL: `kinds` gives each key's CSL type (from
    BIBTEX_TYPES' inverse, which is not one to one)."""
    works = {}
    for key, fields in read_bibtex_fields(text).items():
        back = {}
        for csl, bib in bibtex_places(kinds[key]).items():
            if bib not in fields:
                continue
            if csl in BIBTEX_NAMES:
                back[csl] = _bibtex_names(fields[bib])
            elif csl in BIBTEX_VERBATIM:
                back[csl] = fields[bib]  # verbatim: as written
            elif csl in ("issued", "accessed"):
                back[csl] = {"date-parts": [[int(part) for part in fields[bib].split("-")]]}
            else:
                back[csl] = latex_text(fields[bib])
        back["_type"] = fields["_type"]
        works[key] = back
    return works


# --- RIS ------------------------------------------------------------------------

RIS_PLACES = {
    "author": "AU", "editor": "ED", "translator": "A4",
    "title": "TI", "title-short": "ST", "original-title": "OP", "container-title": "T2", "collection-title": "T3",
    "publisher": "PB", "publisher-place": "CY", "genre": "M3", "volume": "VL", "issue": "IS", "edition": "ET",
    "language": "LA", "abstract": "AB", "DOI": "DO", "license": "CR", "URL": "UR", "note": "N1",
    "issued": "DA", "accessed": "Y2", "page": "SP",
}
# A series editor is A2 of a BOOK or RPRT, A3 of a CHAP; C2 of a CHAP is the book's author
# (RIS specification's reference types, as Zotero reads them); other types have no place for them.
RIS_PLACES_BY_TYPE = {"collection-editor": {"book": "A2", "report": "A2", "chapter": "A3"},
                      "container-author": {"chapter": "C2"}}
RIS_NAME_TAGS = {"AU", "ED", "A2", "A3", "A4", "C2"}
RIS_LISTS = [*rispy.LIST_TYPE_TAGS, "ED", "C2"]
RIS_KINDS = {"JOUR": "article-journal", "MGZN": "article-magazine", "NEWS": "article-newspaper", "BOOK": "book",
             "CHAP": "chapter", "STAT": "legislation", "RPRT": "report", "ELEC": "webpage"}


def ris_places(kind: str) -> dict[str, str]:
    """CSL field -> RIS tag for a work of CSL type `kind`."""
    return {**RIS_PLACES, **{role: by_type[kind] for role, by_type in RIS_PLACES_BY_TYPE.items() if kind in by_type}}


def read_ris(text: str) -> dict[str, dict]:
    """ID -> the record's fields as CSL, by tag (rispy's names are by tag, too)."""
    mapping = {**rispy.TAG_KEY_MAPPING, "ED": "ED", "CR": "CR"}
    works = {}
    for record in rispy.loads(text, mapping=mapping, list_tags=RIS_LISTS):
        by_tag = {tag: record[key] for tag, key in mapping.items() if key in record}
        back = {}
        for csl, tag in ris_places(RIS_KINDS[by_tag["TY"]]).items():
            if tag not in by_tag:
                continue
            value = by_tag[tag]
            if tag in RIS_NAME_TAGS:
                back[csl] = [_ris_name(written) for written in value]
            elif tag in ("UR", "N1"):
                (back[csl],) = value
            elif tag in ("DA", "Y2"):
                back[csl] = {"date-parts": [[int(part) for part in value.strip("/").split("/")]]}
            elif tag == "SP":
                back[csl] = value + ("–" + by_tag["EP"] if "EP" in by_tag else "")
            else:
                back[csl] = value
        back["_type"] = by_tag["TY"]
        back["_serial"] = by_tag.get("SN")
        back["_number"] = by_tag.get("M1")
        works[by_tag["ID"]] = back
    return works


def _ris_name(written: str) -> dict[str, str]:
    # RIS has no way to mark an institution: a name without a comma is read whole, as Zotero
    # does; else "Family, Given" or "Family, Given, Suffix" (RIS specification, AU).
    parts = written.split(", ")
    return dict(zip(("family", "given", "suffix"), parts)) if len(parts) > 1 else {"literal": written}


# --- CSL-JSON ---------------------------------------------------------------------

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "csl-data.json").read_text("utf-8"))


def read_csl_json(text: str) -> dict[str, dict]:
    """id -> item, after validating the whole file against the CSL-JSON 1.0.2 schema."""
    items = json.loads(text)
    jsonschema.validate(items, SCHEMA, cls=jsonschema.Draft7Validator)
    return {item["id"]: item for item in items}


# --- Comparing ---------------------------------------------------------------------

# What each format has no place for (GUIDE.md's table says the same).
NO_PLACE = {
    "bibtex": {"collection-editor", "editorial-director", "original-author", "composer", "interviewer",
               "recipient", "license"},
    "ris": {"editorial-director", "original-author", "illustrator", "composer", "interviewer", "recipient"},
}


def differences(item: dict, back: dict, places: dict[str, str], lost: set[str]) -> list[tuple]:
    """(field, what went in, what came back) for each field of `item` that did not come
    back the same, ignoring those in `lost` (no place in the format)."""
    found = []
    for field, value in item.items():
        if field in ("id", "type", "year-suffix") or field in lost:
            continue
        if field not in places:
            found.append((field, value, "no place in the format, and not declared lost"))
        elif back.get(field) != value:
            found.append((field, value, back.get(field)))
    return found


def expected_in_bibtex(item: dict) -> dict:
    expected = copy.deepcopy(item)
    if "language" in expected:  # langid: babel's name for it, if it has one
        if expected["language"] in BABEL_NAMES:
            expected["language"] = BABEL_NAMES[expected["language"]]
        else:
            del expected["language"]
    for field in ("URL", "DOI"):  # a verbatim field takes no brace, space or backslash: %-encoded
        if field in expected:
            expected[field] = "".join(f"%{ord(c):02X}" if c in "{}\\ " else c for c in expected[field])
    return expected


def expected_in_ris(item: dict) -> tuple[dict, set[str]]:
    """What a RIS reader gets back, and what RIS has no place for in this work."""
    expected, lost = copy.deepcopy(item), set(NO_PLACE["ris"])
    for role in NAME_FIELDS:  # RIS has no mark for an institution (GUIDE.md, "What the downloads carry")
        for index, name in enumerate(expected.get(role, [])):
            if set(name) == {"family"}:  # one name, as an institution's
                expected[role][index] = {"literal": name["family"]}
            elif ", " in name.get("literal", ""):  # read as family, given
                family, _, given = name["literal"].partition(", ")
                expected[role][index] = {"family": family, "given": given}
    if "page" in expected:
        expected["page"] = expected["page"].replace("-", "–")
    lost |= {role for role, by_type in RIS_PLACES_BY_TYPE.items() if item["type"] not in by_type}
    return expected, lost


def ris_differences(item: dict, back: dict) -> list[tuple]:
    """`differences` for a RIS record, with what RIS has no place for in this work."""
    expected, lost = expected_in_ris(item)
    return ris_numbers(expected, back) + differences(expected, back, ris_places(item["type"]), lost | {"number", "ISBN", "ISSN"})


def ris_numbers(item: dict, back: dict) -> list[tuple]:
    """RIS has one SN: a report's number, else the ISBN, else the ISSN; any other number is M1."""
    serials = [item[field] for field in ("number", "ISBN", "ISSN")
               if field in item and (field != "number" or item["type"] == "report")]
    wrong = []
    if (serials[0] if serials else None) != back["_serial"]:
        wrong.append(("SN", serials[:1], back["_serial"]))
    number = item.get("number") if item["type"] != "report" else None
    if number != back["_number"]:
        wrong.append(("M1", number, back["_number"]))
    return wrong
