"""A manuscript's literature list as draft records for `docs/sources.yml`.

A list entry is read as far as its form allows, in CSL-JSON field names
(https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html): the authors
("Family, Given; Family, Given" or "Family, G. and Family, G."), the year or date, the
title, the container after "in:" / "In:", pages, issue, publisher, URL and DOI. The
record's type is a guess. Each record starts with a `todo` field that quotes the entry
as written: the engine does not know that field, so `mkdocs build --strict` stops at
every draft until the maintainer has checked it against the work and deleted the line.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from collections.abc import Sequence
from typing import Any

import yaml
from markdown.extensions.toc import slugify

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan", "januar", "janvier"), ("february", "feb", "februar", "février"),
    ("march", "mar", "märz", "mars"),
    ("april", "apr", "avril"), ("may", "mai"), ("june", "jun", "juni", "juin"), ("july", "jul", "juli", "juillet"),
    ("august", "aug", "août"), ("september", "sep", "sept", "septembre"), ("october", "oct", "oktober", "octobre"),
    ("november", "nov", "novembre"), ("december", "dec", "dezember", "décembre"),
], start=1) for name in names}
YEAR = r"(?:1[5-9]|20)\d\d"
# "December 12, 2017", "12 December 2017", "12. Dezember 2017", "2017-12-12".
DATES = [
    (re.compile(rf"\b([A-Za-zäéû]+)\.? (\d{{1,2}}),? ({YEAR})\b"), ("month", "day", "year")),
    (re.compile(rf"\b(\d{{1,2}})\.? ([A-Za-zäéû]+)\.? ({YEAR})\b"), ("day", "month", "year")),
    (re.compile(rf"\b({YEAR})-(\d\d)-(\d\d)\b"), ("year", "month", "day")),
]
YEAR_ALONE = re.compile(rf"(?<![\d–-])({YEAR})(?![\d–-])")
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;)]")
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)])")
PAGES = re.compile(r"\b(?:pp?|S)\.\s*(\d+(?:\s*[-–]\s*\d+)?)")  # "pp. 333-356", German "S. 45–67"
ISSUE = re.compile(r"\b(?:No|Nr|Issue)\.?\s*(\d+(?:/\d+)?)", re.IGNORECASE)
VOLUME = re.compile(r"\b(?:Vol|Bd)\.?\s*(\d+)", re.IGNORECASE)
IN = re.compile(r"^,?\s*\b[Ii]n:\s*")
# The authors end at the first full stop that does not close an initial ("Hoffman, S. Title").
AUTHORS_END = re.compile(r"(?<!\b[A-Z])\.\s+")
# Author-year form: "Hoffman, Samantha (2018). Title."
AUTHORS_YEAR = re.compile(rf"^(?P<authors>[^()]+?)\s*(?:\({YEAR}[a-z]?\)[.,:]?|{YEAR}[a-z]?[.,:])\s+(?P<rest>.*)$")
NAME_SEPARATOR = re.compile(r"\s*;\s*|\s+(?:and|und|&)\s+")
CONTAINER_END = re.compile(r"[.,](?:\s|$)|\s+(?:No|Nr|Vol|Bd|pp?|S)\.|\s+\d")
# A title ends where the container begins (", in:") or at a sentence's end.
TITLE_END = re.compile(r",?\s+[Ii]n:|(?<=[?!])\s+|\.\s+|\.$")
# The order of a drafted record's fields, as in the header of sources.yml.
FIELD_ORDER = ("type", "author", "title", "container-title", "publisher", "publisher-place", "volume", "issue",
               "number", "page", "issued", "URL", "DOI")
REPORT_WORDS = re.compile(r"\b(report|brief|paper|monitor|study|studie|notice|outline)\b", re.IGNORECASE)


@dataclass
class Draft:
    """One drafted work: its CSL-JSON fields and the entry as the manuscript wrote it."""

    entry: str
    fields: dict[str, Any]

    def key(self) -> str:
        """'smith-2018', 'smith-jones-2006', 'city-council-notice': the citation key it suggests."""
        authors = self.fields.get("author", [])
        if 1 <= len(authors) <= 2 and all("family" in a for a in authors):
            names = [a["family"] for a in authors]
        elif authors:
            names = authors[0]["family"].split()[:1] if "family" in authors[0] else authors[0]["literal"].split()[:3]
            names += ["et-al"] if len(authors) > 1 else []
        else:
            names = self.fields.get("title", "work").split()[:3]
        year = str(self.fields["issued"])[:4] if "issued" in self.fields else None
        return slugify(" ".join([*names, *([year] if year else [])]), "-") or "work"


def draft(entry: str, links: Sequence[str] = ()) -> Draft:
    """Read one literature entry (its text, and the targets of its links) into a Draft.

    Fields that cannot be read are left out; nothing is invented. Raises nothing.
    """
    text = " ".join(entry.split()).strip()
    fields: dict[str, Any] = {}
    url = next((target for target in links if target.startswith(("http://", "https://"))), None)
    url_match = URL.search(text)
    if url_match:
        url = url or url_match.group(0)
        text = (text[:url_match.start()] + text[url_match.end():]).strip()
    doi = DOI.search(text)
    if doi:
        fields["DOI"] = doi.group(1)
        before = re.sub(r"\bdoi:?\s*$", "", text[:doi.start()], flags=re.IGNORECASE)
        text = (before.rstrip() + " " + text[doi.end():].lstrip()).strip()

    year_form = AUTHORS_YEAR.match(text)
    if year_form:
        authors, rest = year_form.group("authors"), year_form.group("rest")
    else:
        end = AUTHORS_END.search(text)
        authors, rest = (text[:end.start()], text[end.end():]) if end else ("", text)
    if authors:
        authors = re.sub(r"(?<!\b[A-Z])\.$", "", authors.strip(" ,"))  # keep the stop of an initial
        fields["author"] = [_name(part) for part in NAME_SEPARATOR.split(authors) if part]

    title, after = _title(rest)
    if title:
        fields["title"] = title
    container = None
    if IN.match(after):
        # The container's name ends at a full stop, a comma, a number or a date.
        container = CONTAINER_END.split(_strip_date(IN.sub("", after)), maxsplit=1)[0].strip(" ,.;:")
        if container:
            fields["container-title"] = container

    fields.update(_numbers(after))
    issued = _issued(text)
    if issued:
        fields["issued"] = issued
    doi_url = re.match(r"https?://(?:dx\.)?doi\.org/(10\..+)", url or "")
    if doi_url:
        fields.setdefault("DOI", doi_url.group(1))
    elif url:
        fields["URL"] = url

    if container:
        fields["type"] = "article-journal" if ("page" in fields or "volume" in fields) else "article-magazine"
    else:
        leftovers = [part.strip(" ,.;:") for part in re.split(r"\.\s+", after) if part.strip(" ,.;:")]
        publisher = next((p for p in leftovers if not re.search(r"\d", p) and len(p.split()) <= 8), None)
        if publisher:
            place, colon, name = publisher.partition(": ")
            fields.update({"publisher-place": place, "publisher": name} if colon else {"publisher": publisher})
        fields["type"] = "report" if REPORT_WORDS.search(text) else "book"
        if "issue" in fields:
            fields["number"] = fields.pop("issue")
    return Draft(" ".join(entry.split()), {name: fields[name] for name in FIELD_ORDER if name in fields})


def records(drafts: list[Draft], existing_keys: set[str], existing_titles: set[str]) -> tuple[str, list[str]]:
    """YAML text of the drafts to append to sources.yml, and the entries skipped.

    Keys are unique against `existing_keys` and each other ('smith-2017', then
    'smith-2017b'); a draft whose title (ignoring case) is already in `existing_titles`
    is skipped, so importing the same manuscript twice adds nothing twice. Raises nothing.
    """
    chunks, skipped, keys = [], [], set(existing_keys)
    for item in drafts:
        title = item.fields.get("title", "").casefold()
        if title and title in existing_titles:
            skipped.append(item.entry)
            continue
        base = key = item.key()
        suffix = iter("bcdefghijklmnopqrstuvwxyz")
        while key in keys:
            key = base + next(suffix) if base[-1].isdigit() else f"{base}-{next(suffix)}"
        keys.add(key)
        missing = [name for name in ("author", "title", "issued") if name not in item.fields]
        todo = (f"Drafted from the literature list: “{item.entry}”. Check the type and every field against "
                f"the work{', add ' + ', '.join(missing) if missing else ''}, then delete this line.")
        record = {key: {"todo": todo, **item.fields}}
        chunks.append(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100))
    return "\n".join(chunks), skipped


def _name(text: str) -> dict[str, str]:
    """'Smith, Jane' → family and given; anything else ('City Council') → literal."""
    family, comma, given = text.partition(",")
    if comma and family.strip() and given.strip():
        return {"family": family.strip(), "given": given.strip()}
    return {"literal": text.strip()}


def _title(rest: str) -> tuple[str, str]:
    """The title at the start of `rest` and what follows it.

    The title ends at ', in:' / ' in:', or at a full stop, question or exclamation mark
    followed by a space (a question mark stays part of the title).
    """
    match = TITLE_END.search(rest)
    if not match:
        return rest.strip(" ."), ""
    title = rest[:match.start()].strip()
    if "in:" in match.group(0).lower():  # the container follows: keep its "in:" for the caller
        return title, rest[match.start():].strip()
    return title, rest[match.end():].strip()


def _strip_date(text: str) -> str:
    for pattern, _ in DATES:
        text = pattern.sub("", text)
    return YEAR_ALONE.sub("", text)


def _numbers(text: str) -> dict[str, str]:
    found = {}
    for name, pattern in (("page", PAGES), ("issue", ISSUE), ("volume", VOLUME)):
        match = pattern.search(text)
        if match:
            found[name] = re.sub(r"\s*[-–]\s*", "–", match.group(1))
    return found


def _issued(text: str) -> datetime.date | int | None:
    """The entry's date, as a date where the day is given, else its last year not in a range."""
    for pattern, order in DATES:
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups()))
            month = MONTHS.get(parts["month"].lower()) if not parts["month"].isdigit() else int(parts["month"])
            if not month:
                continue
            try:
                return datetime.date(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                continue
    years = YEAR_ALONE.findall(text)
    return int(years[-1]) if years else None
