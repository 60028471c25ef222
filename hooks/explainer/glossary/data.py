"""The glossary maintainers edit (`docs/glossary.yml`), checked and ready to use.

`load_glossary` turns the file into `Term`s or raises a `DataError` naming the file,
line and entry. Definitions are Markdown, rendered once here with raw HTML switched
off, so that nothing a maintainer writes can break the page it is shown on.

Links in a definition are written as in a page at the top of `docs/`: `origins.md`,
`origins.md#heading`, `glossary.md#id`, or `#id` for another entry of the glossary.
`definition_links` lists them; `render_definition(text, resolve)` gives each its final
URL for the page the definition is shown on (the MkDocs hook resolves and checks them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

from explainer.core.datafile import ID_PATTERN, Entry, load_entries
from explainer.core.memo import Memo, version_of
from explainer.glossary.termmatch import Form, TermMatcher, form_key, matcher_for

FIELDS = {"term", "definition", "aliases", "native", "romanised", "see", "sources", "case_sensitive", "blocked_by"}
# Former names of fields, still read as the field they became: {former: field}. `pinyin`
# is Chinese's romanisation; `romanised` holds that of a `native` name in any script.
FORMER_NAMES = {"pinyin": "romanised"}


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    native: str = ""
    romanised: str = ""  # the native name in Latin letters (pinyin, Hepburn, ISO 9, ...)
    see: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    case_sensitive: bool = False
    line: int = 0
    blocked_by: tuple[str, ...] = ()  # longer words in which the term's forms are not marked

    @property
    def forms(self) -> tuple[str, ...]:
        """Every written form matched in the text: the term, its aliases, its native-script name."""
        forms = (self.term, *self.aliases, *((self.native,) if self.native else ()))
        return tuple(dict.fromkeys(forms))

    @cached_property
    def definition_html(self) -> str:
        return render_definition(self.definition)

    @property
    def sort_key(self) -> str:
        return self.term.casefold()


@dataclass(frozen=True)
class Glossary:
    path: str
    terms: tuple[Term, ...]

    @cached_property
    def by_id(self) -> dict[str, Term]:
        return {term.id: term for term in self.terms}

    @cached_property
    def forms(self) -> tuple[Form, ...]:
        return tuple(
            Form(text, term.id, term.case_sensitive) for term in self.terms for text in term.forms
        ) + tuple(Form(text, term.id, blocker=True) for term in self.terms for text in term.blocked_by)

    @cached_property
    def matcher(self) -> TermMatcher:
        # Looked up once per build, not per page: the lookup hashes every form.
        return matcher_for(self.forms)

    def alphabetical(self) -> list[Term]:
        return sorted(self.terms, key=lambda term: term.sort_key)


# Rendered definitions, by text and the final URLs of their links, and the links of
# each definition: `mkdocs serve` renders only the definitions that changed, and a
# build after one that kept them on disk none (the glossary hook opens the memo on the
# cache folder). Keys are JSON lists: ["html", text, final URLs] and ["links", text].
DEFINITIONS = Memo("definitions", lambda: version_of(packages=("markdown",), files=[__file__]))


def render_definition(text: str, resolve: Callable[[str], str] | None = None) -> str:
    """Markdown to HTML with raw HTML escaped: `<b>` shows as text; entities stay entities.

    `resolve(href)` gives the final URL of each link into the site (see the module's
    docstring); without it, links stay as written. `resolve` is called for every link
    each time (it may report a link it cannot resolve); the rendering is remembered
    (DEFINITIONS) for the same text with the same final URLs.
    """
    links = definition_links(text) if resolve is not None else ()
    final = {href: resolve(href) for href in links}
    key = json.dumps(["html", text, [final[href] for href in links]], ensure_ascii=False)
    return DEFINITIONS.get(key, lambda: _render(text, final))


def _render(text: str, final: dict[str, str]) -> str:
    if not final:
        return _definition_markdown().reset().convert(text)
    md = _definition_markdown(links=True).reset()
    md.treeprocessors["ex-definition-links"].resolve = final.__getitem__
    return md.convert(text)


def definition_links(text: str) -> tuple[str, ...]:
    """The links into the site in a definition (hrefs as written), in order."""
    if "](" not in text and "]:" not in text and "][" not in text:  # no Markdown link at all
        return ()
    key = json.dumps(["links", text], ensure_ascii=False)
    return tuple(json.loads(DEFINITIONS.get(key, lambda: json.dumps(_find_links(text), ensure_ascii=False))))


def _find_links(text: str) -> list[str]:
    md = _definition_markdown(links=True).reset()
    links = md.treeprocessors["ex-definition-links"]
    links.resolve, links.found = None, []
    md.convert(text)
    return links.found


def is_site_link(href: str) -> bool:
    """Whether `href` points into the site: no scheme, no host, not from the site's root."""
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and not href.startswith("/")


class _DefinitionLinks(Treeprocessor):
    """Collects the site links of a definition, or rewrites them with `resolve`."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.resolve: Callable[[str], str] | None = None
        self.found: list[str] = []

    def run(self, root):
        for link in root.iter("a"):
            href = link.get("href")
            if href is not None and is_site_link(href):
                if self.resolve is None:
                    self.found.append(href)
                else:
                    link.set("href", self.resolve(href))


class _Converters:
    """The two Markdown converters of definitions (with and without the link processor),
    each made once for the life of the process and reset before each use: setting one up
    costs more than converting a definition."""

    def __init__(self):
        self.made: dict[bool, markdown.Markdown] = {}

    def get(self, links: bool) -> markdown.Markdown:
        if links not in self.made:
            md = markdown.Markdown(output_format="html")
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            if links:
                md.treeprocessors.register(_DefinitionLinks(md), "ex-definition-links", 0)
            self.made[links] = md
        return self.made[links]


_CONVERTERS = _Converters()


def _definition_markdown(links: bool = False) -> markdown.Markdown:
    return _CONVERTERS.get(links)


def load_glossary(path: Path, source_ids: set[str] | None = None,
                  entries: list[Entry] | None = None) -> tuple[Glossary, list[str]]:
    """Read and check the glossary. Returns it with warnings (unknown source ids).

    `source_ids` are the ids of `docs/sources.yml`, or None when that file does not
    exist yet, in which case `sources` fields are not checked. `entries`: the file's
    entries if already read (`explainer.core.datafile.load_entries`).
    """
    entries = load_entries(path) if entries is None else entries
    terms = [_term(entry, path) for entry in entries]
    _check_forms(terms, entries, path)
    known = {term.id for term in terms}
    warnings = []
    for term, entry in zip(terms, entries):
        for target in term.see:
            if target not in known:
                raise entry.error(path, f"'see' names '{target}', which is not an entry of the glossary")
        for source in term.sources:
            if source_ids is not None and source not in source_ids:
                warnings.append(str(entry.error(path, f"unknown source '{source}' (not in sources.yml)")))
    return Glossary(str(path), tuple(terms)), warnings


def _term(entry: Entry, path: Path) -> Term:
    fields = _current_names(entry, path)
    unknown = sorted(set(fields) - FIELDS)
    if unknown:
        raise entry.error(path, f"unknown field '{unknown[0]}' (allowed: {', '.join(sorted(FIELDS))})")
    for name in ("term", "definition"):
        if not isinstance(fields.get(name), str) or not fields[name].strip():
            raise entry.error(path, f"'{name}' is missing or empty")
    for name in ("native", "romanised"):
        if name in fields and not isinstance(fields[name], str):
            written = next((former for former, field in FORMER_NAMES.items()
                            if field == name and former in entry.fields), name)
            raise entry.error(path, f"'{written}' must be text")
    case_sensitive = fields.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise entry.error(path, "'case_sensitive' must be true or false")
    see = _text_list(entry, path, "see")
    for target in see:
        if not ID_PATTERN.fullmatch(target):
            raise entry.error(path, f"'see' names '{target}', which is not a valid id")
    forms = [fields["term"], *_text_list(entry, path, "aliases"), *([fields["native"]] if fields.get("native") else [])]
    for form in forms:
        if not any(character.isalnum() for character in form_key(form)):
            raise entry.error(path, f"the form {form!r} has no letters or digits a reader could see")
    blocked_by = tuple(text.strip() for text in _text_list(entry, path, "blocked_by"))
    for text in blocked_by:
        if not any(form_key(form) in form_key(text) and form_key(form) != form_key(text) for form in forms):
            raise entry.error(
                path, f"'blocked_by' form '{text}' must be longer than one of the entry's forms and contain it"
            )
    return Term(
        id=entry.id,
        term=fields["term"].strip(),
        definition=fields["definition"].strip(),
        aliases=tuple(alias.strip() for alias in _text_list(entry, path, "aliases")),
        native=(fields.get("native") or "").strip(),
        romanised=(fields.get("romanised") or "").strip(),
        see=see,
        sources=_text_list(entry, path, "sources"),
        case_sensitive=case_sensitive,
        line=entry.line,
        blocked_by=blocked_by,
    )


def _current_names(entry: Entry, path: Path) -> dict:
    """The entry's fields with each former name (FORMER_NAMES) read as its field.
    Raises DataError when both names are given: which one is meant cannot be told."""
    fields = dict(entry.fields)
    for former, name in FORMER_NAMES.items():
        if former in fields:
            if name in fields:
                raise entry.error(path, f"'{former}' and '{name}' are the same field ('{former}' is its former "
                                        f"name): keep one")
            fields[name] = fields.pop(former)
    return fields


def _text_list(entry: Entry, path: Path, name: str) -> tuple[str, ...]:
    value = entry.fields.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise entry.error(path, f"'{name}' must be a list of non-empty texts")
    return tuple(value)


def _check_forms(terms: list[Term], entries: list[Entry], path: Path) -> None:
    """Each written form belongs to one entry, or the text could not say which is meant."""
    claimed: dict[str, Term] = {}
    for term, entry in zip(terms, entries):
        for form in term.forms:
            key = form_key(form)  # the same text to a reader is the same form
            other = claimed.get(key)
            if other is not None and other.id != term.id and (
                not (term.case_sensitive and other.case_sensitive) or form in other.forms
            ):
                raise entry.error(
                    path, f"the form '{form}' is already claimed by entry '{other.id}' (line {other.line})"
                )
            claimed.setdefault(key, term)
