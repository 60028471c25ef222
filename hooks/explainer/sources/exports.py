"""The bibliography in the formats reference managers import, and COinS for Zotero.

Each writer takes the works (`explainer.core.references.Source`) in the order they should appear
and leans on a maintained library for the syntax: bibtexparser for BibTeX, rispy for
RIS, the standard json module for CSL-JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import urlencode

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field

from explainer.core.references import Source, iso_date, year

# ---------------------------------------------------------------------------
# CSL-JSON (Zotero, Pandoc, Quarto)
# ---------------------------------------------------------------------------


def to_csl_json(sources: Iterable[Source]) -> str:
    return json.dumps([source.item for source in sources], ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------
# BibTeX (biblatex field names where plain BibTeX has none)
# ---------------------------------------------------------------------------

BIBTEX_TYPES = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "legislation": "misc",
    "report": "techreport",
    "webpage": "online",
}
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def to_bibtex(sources: Iterable[Source]) -> str:
    library = bibtexparser.Library()
    for source in sources:
        library.add(Entry(BIBTEX_TYPES[source.item["type"]], source.key, _bibtex_fields(source.item)))
    # Values are enclosed here (braces, or a bare month macro), so no middleware re-encloses them.
    return bibtexparser.write_string(library, unparse_stack=[])


def _bibtex_fields(item: dict) -> list[Field]:
    fields: dict[str, str] = {}
    if "author" in item:
        fields["author"] = " and ".join(_bibtex_name(name) for name in item["author"])
    fields["title"] = _protect_capitals(item["title"])
    container = {"chapter": "booktitle"}.get(item["type"], "journal")
    if "container-title" in item:
        fields[container] = item["container-title"]
    if item["type"] == "report":
        fields["institution"] = item.get("publisher", "")
    elif "publisher" in item:
        fields["publisher"] = item["publisher"]
    for csl, bib in (("publisher-place", "address"), ("volume", "volume"), ("issue", "number"),
                     ("collection-title", "series"), ("DOI", "doi"), ("URL", "url"),
                     ("note", "note"), ("language", "langid"), ("ISBN", "isbn")):
        if csl in item:
            fields[bib] = item[csl]
    if "number" in item:
        fields["number"] = item["number"]
    if "genre" in item:
        fields["type"] = item["genre"]
    if "page" in item:
        fields["pages"] = item["page"].replace("–", "--")
    fields["year"] = str(year(item))
    fields["date"] = iso_date(item)
    result = [Field(key, "{" + _bibtex_escape(value) + "}") for key, value in fields.items() if value]
    parts = item["issued"]["date-parts"][0]
    if len(parts) > 1:  # a month macro, which every BibTeX style prints in its own language
        result.append(Field("month", MONTHS[parts[1] - 1]))
    return result


def _bibtex_name(name: dict) -> str:
    if "literal" in name:
        return "{" + name["literal"] + "}"  # an institution: never split into first and last names
    return f"{name['family']}, {name['given']}" if "given" in name else name["family"]


def _protect_capitals(title: str) -> str:
    # BibTeX styles lowercase titles; braces keep proper nouns and acronyms as written.
    words = title.split(" ")
    return " ".join(
        "{" + word + "}" if index and any(c.isupper() for c in word) else word
        for index, word in enumerate(words)
    )


def _bibtex_escape(text: str) -> str:
    return re.sub(r"(?<!\\)([&%#_$])", r"\\\1", text)


# ---------------------------------------------------------------------------
# RIS (EndNote, Citavi, Mendeley, Zotero)
# ---------------------------------------------------------------------------

RIS_TYPES = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "legislation": "STAT",
    "report": "RPRT",
    "webpage": "ELEC",
}


class _PlainRisWriter(rispy.RisWriter):
    """rispy numbers each record ("1.") by default; the RIS format itself has no such line."""

    def set_header(self, count: int) -> str:
        return ""


def to_ris(sources: Iterable[Source]) -> str:
    return rispy.dumps([_ris_entry(source) for source in sources], implementation=_PlainRisWriter)


def _ris_entry(source: Source) -> dict:
    item = source.item
    entry = {
        "type_of_reference": RIS_TYPES[item["type"]],
        "id": source.key,
        "title": item["title"],
        "year": str(year(item)),
        "date": "/".join(f"{part:02d}" for part in item["issued"]["date-parts"][0]) + "/",
    }
    if "author" in item:
        entry["authors"] = [_ris_name(name) for name in item["author"]]
    for csl, ris in (("container-title", "secondary_title"), ("collection-title", "tertiary_title"),
                     ("publisher", "publisher"), ("publisher-place", "place_published"),
                     ("volume", "volume"), ("issue", "number"), ("number", "number"),
                     ("DOI", "doi"), ("language", "language"), ("genre", "type_of_work")):
        if csl in item:
            entry[ris] = item[csl]
    if "URL" in item:
        entry["urls"] = [item["URL"]]
    if "note" in item:
        entry["notes"] = [item["note"]]
    if "page" in item:
        start, _, end = item["page"].replace("–", "-").partition("-")
        entry["start_page"] = start
        if end:
            entry["end_page"] = end
    return entry


def _ris_name(name: dict) -> str:
    if "literal" in name:
        return name["literal"]
    return f"{name['family']}, {name['given']}" if "given" in name else name["family"]


# ---------------------------------------------------------------------------
# COinS: an OpenURL ContextObject in a span, which Zotero's connector detects
# ---------------------------------------------------------------------------


def coins(item: dict) -> str:
    """The `title` of a `<span class="Z3988">` describing the work (escape it as an attribute)."""
    kind = item["type"]
    pairs = [("ctx_ver", "Z39.88-2004")]
    if kind in ("article-journal", "article-magazine", "article-newspaper"):
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"),
                  ("rft.atitle", item["title"]), ("rft.jtitle", item["container-title"])]
        pairs += [(f"rft.{key}", item[csl]) for csl, key in (("volume", "volume"), ("issue", "issue"))
                  if csl in item]
        if "page" in item:
            start, _, end = item["page"].replace("–", "-").partition("-")
            pairs += [("rft.spage", start)] + ([("rft.epage", end)] if end else [])
    elif kind in ("book", "report", "chapter"):
        genre = {"book": "book", "report": "report", "chapter": "bookitem"}[kind]
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre),
                  ("rft.btitle", item["title"])]
        pairs += [(f"rft.{key}", item[csl]) for csl, key in
                  (("publisher", "pub"), ("publisher-place", "place"), ("collection-title", "series"))
                  if csl in item]
    else:  # legislation, web pages: Dublin Core
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", kind), ("rft.title", item["title"])]
        if "publisher" in item:
            pairs.append(("rft.publisher", item["publisher"]))
    for index, name in enumerate(item.get("author", [])):
        if kind not in ("article-journal", "article-magazine", "article-newspaper", "book", "report", "chapter"):
            pairs.append(("rft.creator", _ris_name(name)))
        elif "literal" in name:
            pairs.append(("rft.aucorp", name["literal"]))
        elif index == 0:  # the first author in parts, the others whole
            pairs += [("rft.aulast", name["family"])] + ([("rft.aufirst", name["given"])] if "given" in name else [])
        else:
            pairs.append(("rft.au", _ris_name(name)))
    pairs.append(("rft.date", iso_date(item)))
    if "URL" in item:
        pairs.append(("rft_id", item["URL"]))
    if "DOI" in item:
        pairs.append(("rft_id", f"info:doi/{item['DOI']}"))
    return urlencode(pairs)


# ---------------------------------------------------------------------------
# Metadata of a page that presents a work: Highwire tags and schema.org
# ---------------------------------------------------------------------------

HIGHWIRE_REPORT = {"report": ("citation_technical_report_institution", "citation_technical_report_number")}


def highwire_tags(item: dict) -> list[tuple[str, str]]:
    """`<meta name=... content=...>` pairs that Zotero and Google Scholar read."""
    tags = [("citation_title", item["title"])]
    tags += [("citation_author", _ris_name(name)) for name in item.get("author", [])]
    tags.append(("citation_publication_date", iso_date(item).replace("-", "/")))
    if "publisher" in item:
        tags.append(("citation_publisher", item["publisher"]))
    if item["type"] in HIGHWIRE_REPORT:
        institution, number = HIGHWIRE_REPORT[item["type"]]
        tags.append((institution, item.get("publisher", "")))
        if "number" in item:
            tags.append((number, item["number"]))
    if "language" in item:
        tags.append(("citation_language", item["language"]))
    return [(name, content) for name, content in tags if content]


def schema_org_article(item: dict, url: str | None = None) -> str:
    """The work as schema.org `Article` JSON-LD, safe to put inside a `<script>` element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": item["title"],
        "author": [
            {"@type": "Organization", "name": name["literal"]} if "literal" in name else
            {"@type": "Person", "name": f"{name.get('given', '')} {name['family']}".strip(),
             "givenName": name.get("given"), "familyName": name["family"]}
            for name in item.get("author", [])
        ],
        "datePublished": iso_date(item),
    }
    if "publisher" in item:
        data["publisher"] = {"@type": "Organization", "name": item["publisher"]}
    for csl, key in (("license", "license"), ("language", "inLanguage")):
        if csl in item:
            data[key] = item[csl]
    if url:
        data["url"] = url
    # "</" would end the script element early.
    return json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")
