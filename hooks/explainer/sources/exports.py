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

from explainer.core.references import Source, iso_date, written_name, year

# ---------------------------------------------------------------------------
# CSL-JSON (Zotero, Pandoc, Quarto)
# ---------------------------------------------------------------------------

# Not CSL-JSON 1.0.2 data (its schema allows no other fields): `license` is a CSL 1.1
# variable, and a `year-suffix` belongs to this bibliography, not to the work (the
# reader's own processor gives the suffixes their library needs).
NOT_CSL_JSON = {"license", "year-suffix"}


def to_csl_json(sources: Iterable[Source]) -> str:
    """The works as CSL-JSON 1.0.2, an array of items as written in sources.yml (the CSL
    schema repository's `schemas/input/csl-data.json`), without NOT_CSL_JSON."""
    items = [{key: value for key, value in source.item.items() if key not in NOT_CSL_JSON} for source in sources]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


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
ARTICLES = {"article-journal", "article-magazine", "article-newspaper"}
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
# CSL name variable -> biblatex name list (biblatex manual, 2.2.3). The other roles
# have no field in biblatex (the README lists them).
BIBTEX_NAMES = {"author": "author", "editor": "editor", "translator": "translator",
                "container-author": "bookauthor", "illustrator": "illustrator"}
# CSL variable -> biblatex field, the same for every type of work.
BIBTEX_FIELDS = {
    "title-short": "shorttitle", "original-title": "origtitle", "collection-title": "series",
    "publisher-place": "address", "volume": "volume", "edition": "edition", "genre": "type",
    "note": "note", "abstract": "abstract", "ISBN": "isbn", "ISSN": "issn",
}
# A BCP 47 language tag (its language, or language and region) -> the babel language name
# biblatex's `langid` takes (biblatex manual, 2.2.3: "a language name known to the
# babel/polyglossia packages"; names from the babel manual, as Zotero's BibLaTeX export
# maps them). biblatex switches hyphenation and its own words by it; a code such as `zh`
# is no language to babel. A language not named here has no `langid`.
BABEL_LANGUAGES = {
    "af": "afrikaans", "ar": "arabic", "bg": "bulgarian", "br": "breton", "ca": "catalan", "cs": "czech",
    "cy": "welsh", "da": "danish", "de": "ngerman", "de-at": "naustrian", "de-ch": "nswissgerman",
    "el": "greek", "en": "english", "en-au": "australian", "en-ca": "canadian", "en-gb": "british",
    "en-nz": "newzealand", "en-us": "american", "eo": "esperanto", "es": "spanish", "et": "estonian",
    "eu": "basque", "fa": "persian", "fi": "finnish", "fr": "french", "fr-ca": "canadien", "ga": "irish",
    "gd": "scottish", "gl": "galician", "he": "hebrew", "hi": "hindi", "hr": "croatian", "hu": "magyar",
    "id": "indonesian", "is": "icelandic", "it": "italian", "ja": "japanese", "ko": "korean", "la": "latin",
    "lt": "lithuanian", "lv": "latvian", "mn": "mongolian", "nb": "norsk", "nl": "dutch", "nn": "nynorsk",
    "no": "norsk", "pl": "polish", "pt": "portuguese", "pt-br": "brazil", "ro": "romanian", "ru": "russian",
    "sk": "slovak", "sl": "slovene", "sq": "albanian", "sr": "serbian", "sv": "swedish", "th": "thai",
    "tr": "turkish", "uk": "ukrainian", "vi": "vietnamese", "zh": "chinese",
}
# Titles a style may sentence-case (BibTeX styles' change.case$ on title and type, biblatex
# styles' \MakeSentenceCase on titles, book titles and series), whose capitals are braced;
# the fields Zotero's BibTeX export protects too.
CASE_PROTECTED = {"title", "shorttitle", "origtitle", "booktitle", "series", "type"}
# Fields biblatex reads verbatim (biblatex manual, 2.2.1: "verbatim fields"): written as
# they are, never LaTeX-escaped, or `\_` would become part of the link.
BIBTEX_VERBATIM = {"URL": "url", "DOI": "doi"}
# What LaTeX reads as markup in a literal field, and how it writes the character itself.
LATEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "#": r"\#",
                  "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def to_bibtex(sources: Iterable[Source]) -> str:
    """The works as biblatex entries (also read by BibTeX, Zotero and JabRef), each keyed
    by its citation key; what goes where is `bibtex_fields`."""
    library = bibtexparser.Library()
    for source in sources:
        fields = [Field(name, value) for name, value in bibtex_fields(source.item).items()]
        library.add(Entry(BIBTEX_TYPES[source.item["type"]], source.key, fields))
    # Values are enclosed here (braces, or a bare month macro), so no middleware re-encloses them.
    return bibtexparser.write_string(library, unparse_stack=[])


def bibtex_fields(item: dict) -> dict[str, str]:
    """biblatex field -> value as written in the .bib file (braced, LaTeX-escaped; `url`
    and `doi` verbatim; `month` a macro)."""
    kind = item["type"]
    fields = {field: "{" + " and ".join(_bibtex_name(name) for name in item[role]) + "}"
              for role, field in BIBTEX_NAMES.items() if role in item}
    text: dict[str, str] = {"title": item["title"]}  # plain text, escaped below
    if "container-title" in item:
        container = "journal" if kind in ARTICLES else {"chapter": "booktitle", "webpage": "organization"}.get(
            kind, "howpublished")
        text[container] = item["container-title"]
    if "publisher" in item:
        text["institution" if kind == "report" else "publisher"] = item["publisher"]
    # An article's issue is its `number` in BibTeX, and an article's own number its `eid`.
    if kind in ARTICLES:
        text.update({bib: item[csl] for csl, bib in (("issue", "number"), ("number", "eid")) if csl in item})
    else:
        text.update({bib: item[csl] for csl, bib in (("number", "number"), ("issue", "issue")) if csl in item})
    text.update({bib: item[csl] for csl, bib in BIBTEX_FIELDS.items() if csl in item})
    if "language" in item and babel_language(item["language"]):
        text["langid"] = babel_language(item["language"])
    text["year"] = str(year(item))
    text["date"] = iso_date(item)
    if "accessed" in item:
        text["urldate"] = iso_date({"issued": item["accessed"]})
    fields.update({name: "{" + (_protect_capitals if name in CASE_PROTECTED else str)(latex_escape(value)) + "}"
                   for name, value in text.items()})
    if "page" in item:  # a range's en dash is -- in LaTeX
        fields["pages"] = "{" + latex_escape(item["page"]).replace("–", "--") + "}"
    fields.update({bib: "{" + _verbatim(item[csl]) + "}" for csl, bib in BIBTEX_VERBATIM.items() if csl in item})
    parts = item["issued"]["date-parts"][0]
    if len(parts) > 1:  # a month macro, which every BibTeX style prints in its own language
        fields["month"] = MONTHS[parts[1] - 1]
    return fields


def babel_language(tag: str) -> str | None:
    """The babel name of a BCP 47 language tag ('en-GB' -> 'british', 'zh-Hans' -> 'chinese'),
    by its language and region, else its language alone (BABEL_LANGUAGES); None if babel has none."""
    subtags = tag.lower().replace("_", "-").split("-")
    regions = [part for part in subtags[1:] if len(part) == 2 or (len(part) == 3 and part.isdigit())]
    return BABEL_LANGUAGES.get(f"{subtags[0]}-{regions[0]}" if regions else "") or BABEL_LANGUAGES.get(subtags[0])


def latex_escape(text: str) -> str:
    """`text` as LaTeX writes it literally: its specials (LATEX_SPECIALS) escaped, and
    the pairs LaTeX would join into one character (`--` into a dash, ``` `` ``` and `''`
    into quotation marks) kept apart by an empty group."""
    escaped = "".join(LATEX_SPECIALS.get(char, char) for char in text)
    return re.sub(r"([-`'])(?=\1)", r"\1{}", escaped)


def _verbatim(address: str) -> str:
    # A verbatim field still ends at an unbalanced brace, and a space or backslash is no
    # part of an address (RFC 3986): those are written percent-encoded, as a browser sends them.
    return "".join(f"%{ord(char):02X}" if char in "{}\\ " else char for char in address)


def _bibtex_name(name: dict) -> str:
    """'Family, Given', or 'Family, Suffix, Given'; an institution, or a part holding a
    comma or the word 'and', braced, so that BibTeX never splits it (Patashnik,
    "BibTeXing", 4: "von Last, Jr, First")."""
    if "literal" in name:
        return "{" + latex_escape(name["literal"]) + "}"
    parts = [name[part] for part in ("family", "suffix", "given") if part in name]
    return ", ".join(_whole(latex_escape(part)) for part in parts)


def _whole(part: str) -> str:
    return "{" + part + "}" if "," in part or re.search(r"\band\b", part, re.IGNORECASE) else part


def _protect_capitals(title: str) -> str:
    # Sentence-case styles lowercase a title but its first character (BibTeX's change.case$
    # "t", biblatex's \MakeSentenceCase); braces keep proper nouns and acronyms as written,
    # the first word's too where it has more capitals than its first letter (OECD, iPhone).
    words = title.split(" ")
    return " ".join(
        "{" + word + "}" if any(c.isupper() for c in (word[1:] if index == 0 else word)) else word
        for index, word in enumerate(words)
    )


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
# CSL name variable -> RIS tag, the same for every type of work (Zotero's RIS translator
# reads ED as editor for every type of work, A4 as translator).
RIS_NAMES = {"author": "AU", "editor": "ED", "translator": "A4"}
# CSL name variable -> CSL type -> RIS tag, for the roles whose tag the RIS specification's
# reference types give per type: the series editor is A2 of a BOOK or RPRT (of a BOOK, A3
# is its editor) and A3 of a CHAP; C2 of a CHAP is the book's author. Zotero reads them so.
# Other types, and the other roles, have no tag (the README lists them).
RIS_NAMES_BY_TYPE = {"collection-editor": {"book": "A2", "report": "A2", "chapter": "A3"},
                     "container-author": {"chapter": "C2"}}
# CSL variable -> RIS tag, the same for every type of work.
RIS_FIELDS = {
    "title": "TI", "title-short": "ST", "original-title": "OP", "container-title": "T2",
    "collection-title": "T3", "publisher": "PB", "publisher-place": "CY", "genre": "M3",
    "volume": "VL", "issue": "IS", "edition": "ET", "language": "LA", "abstract": "AB",
    "DOI": "DO", "license": "CR",
}
RIS_REPEATED = ["AU", "ED", "A2", "A3", "A4", "C2", "UR", "N1"]  # tags written once per value


class _RisWriter(rispy.RisWriter):
    """Records keyed by their RIS tags, without the number rispy puts before each ("1.")."""

    DEFAULT_MAPPING = {tag: tag.lower() for tag in ["TY", "ID", "PY", "DA", "Y2", "SP", "EP", "SN", "M1",
                                                    *RIS_FIELDS.values(), *RIS_REPEATED]}
    DEFAULT_LIST_TAGS = RIS_REPEATED
    REFERENCE_TYPE_KEY = "TY"

    def set_header(self, count: int) -> str:
        return ""


def to_ris(sources: Iterable[Source]) -> str:
    """The works as RIS records, each with its citation key as ID; what goes where is `ris_record`."""
    return rispy.dumps([ris_record(source.key, source.item) for source in sources], implementation=_RisWriter)


def ris_record(key: str, item: dict) -> dict[str, str | list[str]]:
    """RIS tag -> value (a list for RIS_REPEATED tags). A report's number is its SN, as the
    RIS specification and Zotero have it, else the ISBN or ISSN is; any other number is M1."""
    record: dict[str, str | list[str]] = {"TY": RIS_TYPES[item["type"]], "ID": key}
    tags = {**RIS_NAMES, **{role: by_type[item["type"]] for role, by_type in RIS_NAMES_BY_TYPE.items()
                            if item["type"] in by_type}}
    for role, tag in tags.items():
        if role in item:
            record[tag] = [_ris_name(name) for name in item[role]]
    record.update({tag: item[csl] for csl, tag in RIS_FIELDS.items() if csl in item})
    record["PY"] = str(year(item))
    record["DA"] = _ris_date(item["issued"])
    if "accessed" in item:
        record["Y2"] = _ris_date(item["accessed"])
    if "page" in item:
        start, end = page_range(item["page"])
        record["SP"] = start
        if end:
            record["EP"] = end
    serial = [item[csl] for csl in ("ISBN", "ISSN") if csl in item]
    if "number" in item:
        if item["type"] == "report":
            serial.insert(0, item["number"])
        else:
            record["M1"] = item["number"]
    if serial:
        record["SN"] = serial[0]
    if "URL" in item:
        record["UR"] = [item["URL"]]
    if "note" in item:
        record["N1"] = [item["note"]]
    return record


def page_range(page: str) -> tuple[str, str | None]:
    """(first page, last page) of one range ('333–356', '33-47', 'S1–S12'), else (the
    pages as written, None): '3, 7–9' or 'e1234' has no one first and last page."""
    match = re.fullmatch(r"\s*([^\s,;–-]+)\s*[–-]\s*([^\s,;–-]+)\s*", page)
    return (match[1], match[2]) if match else (page, None)


def _ris_date(date: dict) -> str:
    """YYYY/MM/DD/ as precise as known (RIS specification, DA)."""
    return "/".join(f"{part:02d}" for part in date["date-parts"][0]) + "/"


def _ris_name(name: dict) -> str:
    """'Family, Given' or 'Family, Given, Suffix' (RIS specification, AU), an institution whole."""
    if "literal" in name:
        return name["literal"]
    return ", ".join(name[part] for part in ("family", "given", "suffix") if part in name)


# ---------------------------------------------------------------------------
# COinS: an OpenURL ContextObject in a span, which Zotero's connector detects
# ---------------------------------------------------------------------------


def coins(item: dict) -> str:
    """The `title` of a `<span class="Z3988">` describing the work (escape it as an attribute),
    in the OpenURL 1.0 KEV journal, book and Dublin Core formats (Z39.88-2004). A chapter is
    a `bookitem`: its own title `atitle`, its book's `btitle` (as Zotero's OpenURL reader,
    zotero/utilities openurl.js, takes them)."""
    kind = item["type"]
    pairs = [("ctx_ver", "Z39.88-2004")]
    if kind in ARTICLES:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"),
                  ("rft.atitle", item["title"]), ("rft.jtitle", item["container-title"])]
    elif kind == "chapter":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "bookitem"),
                  ("rft.atitle", item["title"]), ("rft.btitle", item["container-title"])]
    elif kind in ("book", "report"):
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", kind), ("rft.btitle", item["title"])]
    else:  # legislation, web pages: Dublin Core
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", kind), ("rft.title", item["title"])]
        if "publisher" in item:
            pairs.append(("rft.publisher", item["publisher"]))
    if kind in ARTICLES or kind == "chapter":
        pairs += [(f"rft.{key}", item[key]) for key in ("volume", "issue") if key in item]
        if "page" in item:
            start, end = page_range(item["page"])
            pairs += [("rft.spage", start), ("rft.epage", end)] if end else [("rft.pages", start)]
    if kind in ("book", "report", "chapter"):
        pairs += [(f"rft.{key}", item[csl]) for csl, key in
                  (("publisher", "pub"), ("publisher-place", "place"), ("collection-title", "series"),
                   ("edition", "edition"), ("ISBN", "isbn")) if csl in item]
    if kind in ARTICLES and "ISSN" in item:
        pairs.append(("rft.issn", item["ISSN"]))
    for index, name in enumerate(item.get("author", [])):
        if kind not in ("article-journal", "article-magazine", "article-newspaper", "book", "report", "chapter"):
            pairs.append(("rft.creator", _ris_name(name)))
        elif "literal" in name:
            pairs.append(("rft.aucorp", name["literal"]))
        elif index == 0:  # the first author in parts, the others whole
            pairs += [(f"rft.{key}", name[part]) for part, key in
                      (("family", "aulast"), ("given", "aufirst"), ("suffix", "ausuffix")) if part in name]
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
            {"@type": "Person", "name": written_name(name), "givenName": name.get("given"),
             "familyName": name["family"], **({"honorificSuffix": name["suffix"]} if "suffix" in name else {})}
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
