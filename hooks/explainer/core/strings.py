"""The engine's own interface words, in the language of `theme.language`.

Material for MkDocs translates its own words (search, navigation, "copied to
clipboard") by `theme.language`; the explainer's words follow the same setting: the
tooltips' link to the glossary, the sources panel, the bibliography, "Cite this page",
the print page, the glossary page's headings, and the labels and messages of
`overrides/assets/explainer.js`. Templates read them as `ex_t["key"]`, the script
from the JSON that `overrides/main.html` writes into every page.

A maintainer can change any of them, or give all of them for a language that is not
shipped, in mkdocs.yml:

    extra:
      strings:
        cite.title: Cite this chapter

Words in `{braces}` are filled in by the engine; a maintainer's text must keep them.
Keys that start with `script.` are the script's (`JS_KEYS`): they, and only they, are
written into every page for it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

log = logging.getLogger("mkdocs.plugins.explainer")

ENGLISH = {
    # Tooltips (explainer.glossary.marking, explainer.sources.citations)
    "tip.glossary_entry": "Glossary entry",
    "tip.cited_at": "Cited at: {locator}",
    # Paragraph permalinks (explainer.sharing.anchors)
    "anchors.paragraph_title": "Link to this paragraph",
    # The glossary page (explainer.glossary.page)
    "glossary.title": "Glossary",
    "glossary.description": (
        "Names and terms of “{site_name}” explained: what they mean and where the text uses them."),
    "glossary.intro": "Names and terms the text uses, explained for readers new to the subject.",
    "glossary.how.first-per-section": (
        "In the chapters, the first mention of a term in each section is underlined: point at it, "
        "focus it or tap it to read its definition without leaving the page."),
    "glossary.how.first-per-page": (
        "In the chapters, the first mention of a term on each page is underlined: point at it, "
        "focus it or tap it to read its definition without leaving the page."),
    "glossary.how.every": (
        "In the chapters, every mention of a term is underlined: point at it, "
        "focus it or tap it to read its definition without leaving the page."),
    "glossary.also_written": "Also written",
    "glossary.see_also": "See also",
    "glossary.sources": "Sources",
    "glossary.letters": "Glossary by first letter",
    "glossary.appears_in": "Appears in",
    # The sources panel (overrides/partials/ex-sources-panel.html)
    "panel.title": "Sources on this page",
    "panel.full_entry": "Full entry",
    "panel.full_entries": "Full entries in the bibliography",
    "panel.back_to_text": "Back to the text",
    "panel.back_to_citation": "Back to the text, citation {citation}",
    "panel.throughout": "Drawn on throughout the page",
    # The bibliography (overrides/partials/ex-bibliography.html)
    "bibliography.about": (
        "References follow the {style}. Import them all into Zotero, EndNote, Citavi or another "
        "reference manager:"),
    "bibliography.style_name": "Chicago Manual of Style, 16th edition (author-date)",
    "bibliography.cited_in": "Cited in:",
    # Kinds of work, by CSL type (explainer.core.references.KINDS)
    "kind.article-journal": "Journal article",
    "kind.article-magazine": "Magazine article",
    "kind.article-newspaper": "Newspaper article",
    "kind.book": "Book",
    "kind.chapter": "Book chapter",
    "kind.legislation": "Legislation",
    "kind.report": "Report",
    "kind.webpage": "Web page",
    # "Cite this page" (overrides/partials/ex-sharing.html, explainer.sharing.citing)
    "cite.title": "Cite this page",
    "cite.copy": "Copy",
    "cite.print": "To print the whole explainer or save it as a PDF, open {link}.",
    "cite.print_link": "all chapters on one page",
    # The print page (hooks/sharing.py, overrides/partials/ex-sharing.html)
    "print.title": "The whole explainer",
    "print.description": "Every chapter of “{site_name}” on one page, for printing or saving as PDF.",
    "print.note": (
        "All chapters on one page, for printing or saving as a PDF (use your browser's {command} "
        "command). Each chapter also has a page of its own."),
    "print.command": "Print",
    "print.address": "This edition online, with a page for each chapter:",
    "print.contents": "Contents",
    # The article's pages (overrides/partials/ex-article-*.html, overrides/404.html)
    "article.byline": "By {authors}",
    "article.chapter_of": "Chapter {number} of {total}",
    "article.reading_time": "{minutes} min read",
    "article.months": "January February March April May June July August September October November December",
    "article.dated": "This article dates from {date}. {link}",
    "article.dated_link": "What has changed since",
    "article.next": "Next",
    "article.chapters": "Chapters",
    "article.contents": "Contents",
    "notfound.title": "Page not found",
    "notfound.text": "There is no page at this address. It may have moved: search for it, or start from a chapter.",
    "notfound.home": "Go to the front page",
    # The footer (overrides/partials/copyright.html)
    "footer.changes": "What this edition changed",
    "footer.made_with": "Made with",
    # The script (overrides/assets/explainer.js)
    "script.copy_link": "Copy link to this section",
    "script.share_menu": "Copy link or citation of this section",
    "script.copy_link_item": "Copy link",
    "script.copy_citation_item": "Copy citation",
    "script.link_copied": "Link copied",
    "script.citation_copied": "Citation copied",
    "script.copy_failed": "Could not copy: your browser blocked it",
}

GERMAN = {
    "tip.glossary_entry": "Eintrag im Glossar",
    "tip.cited_at": "Fundstelle: {locator}",
    "anchors.paragraph_title": "Link zu diesem Absatz",
    "glossary.title": "Glossar",
    "glossary.description": (
        "Namen und Begriffe aus „{site_name}“ erklärt: was sie bedeuten und wo der Text sie verwendet."),
    "glossary.intro": (
        "Namen und Begriffe, die der Text verwendet, erklärt für Leserinnen und Leser, denen das Thema neu ist."),
    "glossary.how.first-per-section": (
        "In den Kapiteln ist die erste Erwähnung eines Begriffs in jedem Abschnitt unterstrichen: Zeigen Sie "
        "darauf, fokussieren oder tippen Sie sie an, um die Erklärung zu lesen, ohne die Seite zu verlassen."),
    "glossary.how.first-per-page": (
        "In den Kapiteln ist die erste Erwähnung eines Begriffs auf jeder Seite unterstrichen: Zeigen Sie "
        "darauf, fokussieren oder tippen Sie sie an, um die Erklärung zu lesen, ohne die Seite zu verlassen."),
    "glossary.how.every": (
        "In den Kapiteln ist jede Erwähnung eines Begriffs unterstrichen: Zeigen Sie darauf, fokussieren "
        "oder tippen Sie sie an, um die Erklärung zu lesen, ohne die Seite zu verlassen."),
    "glossary.also_written": "Auch geschrieben",
    "glossary.see_also": "Siehe auch",
    "glossary.sources": "Quellen",
    "glossary.letters": "Glossar nach Anfangsbuchstaben",
    "glossary.appears_in": "Kommt vor in",
    "panel.title": "Quellen auf dieser Seite",
    "panel.full_entry": "Vollständiger Eintrag",
    "panel.full_entries": "Vollständige Einträge im Literaturverzeichnis",
    "panel.back_to_text": "Zurück zum Text",
    "panel.back_to_citation": "Zurück zum Text, Zitat {citation}",
    "panel.throughout": "Auf der ganzen Seite herangezogen",
    "bibliography.about": (
        "Die Angaben folgen dem {style}. Alle Einträge lassen sich in Zotero, EndNote, Citavi oder eine "
        "andere Literaturverwaltung übernehmen:"),
    "bibliography.style_name": "Chicago Manual of Style, 16. Auflage (Autor-Jahr-System)",
    "bibliography.cited_in": "Zitiert in:",
    "kind.article-journal": "Zeitschriftenaufsatz",
    "kind.article-magazine": "Magazinartikel",
    "kind.article-newspaper": "Zeitungsartikel",
    "kind.book": "Buch",
    "kind.chapter": "Buchkapitel",
    "kind.legislation": "Rechtsvorschrift",
    "kind.report": "Bericht",
    "kind.webpage": "Webseite",
    "cite.title": "Diese Seite zitieren",
    "cite.copy": "Kopieren",
    "cite.print": "Um den ganzen Erklärtext zu drucken oder als PDF zu speichern, öffnen Sie {link}.",
    "cite.print_link": "alle Kapitel auf einer Seite",
    "print.title": "Der ganze Erklärtext",
    "print.description": "Alle Kapitel von „{site_name}“ auf einer Seite, zum Drucken oder Speichern als PDF.",
    "print.note": (
        "Alle Kapitel auf einer Seite, zum Drucken oder Speichern als PDF (mit dem Befehl {command} Ihres "
        "Browsers). Jedes Kapitel hat auch eine eigene Seite."),
    "print.command": "Drucken",
    "print.address": "Diese Ausgabe online, mit einer Seite für jedes Kapitel:",
    "print.contents": "Inhalt",
    "article.byline": "Von {authors}",
    "article.chapter_of": "Kapitel {number} von {total}",
    "article.reading_time": "{minutes} Min. Lesezeit",
    "article.months": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "article.dated": "Dieser Text stammt aus dem {date}. {link}",
    "article.dated_link": "Was sich seither geändert hat",
    "article.next": "Weiter",
    "article.chapters": "Kapitel",
    "article.contents": "Inhalt",
    "notfound.title": "Seite nicht gefunden",
    "notfound.text": (
        "Unter dieser Adresse gibt es keine Seite. Vielleicht ist sie umgezogen: Suchen Sie danach, oder "
        "beginnen Sie mit einem Kapitel."),
    "notfound.home": "Zur Startseite",
    "footer.changes": "Was diese Ausgabe geändert hat",
    "footer.made_with": "Erstellt mit",
    "script.copy_link": "Link zu diesem Abschnitt kopieren",
    "script.share_menu": "Link oder Quellenangabe dieses Abschnitts kopieren",
    "script.copy_link_item": "Link kopieren",
    "script.copy_citation_item": "Quellenangabe kopieren",
    "script.link_copied": "Link kopiert",
    "script.citation_copied": "Quellenangabe kopiert",
    "script.copy_failed": "Kopieren nicht möglich: Ihr Browser hat es blockiert",
}

# By the first part of `theme.language` ("de" for "de-CH"), as Material's own tables.
LANGUAGES = {"en": ENGLISH, "de": GERMAN}
JS_KEYS = tuple(key for key in ENGLISH if key.startswith("script."))

PLACEHOLDER = re.compile(r"\{([\w-]+)\}")


def interface_strings(language: str | None, overrides: Any = None) -> dict[str, str]:
    """The table for `language` (a `theme.language` code), with `overrides` (`extra.strings`) on top.

    Words a language lacks are English. Raises ValueError (one line, naming the
    setting) when `overrides` is not a mapping of known keys to text.
    """
    table = dict(ENGLISH)
    table.update(LANGUAGES.get((language or "en").split("-")[0].lower(), {}))
    if overrides is None:
        return table
    if not isinstance(overrides, Mapping):
        raise ValueError("mkdocs.yml: extra.strings must map interface words' keys to text")
    for key, text in overrides.items():
        if key not in ENGLISH:
            raise ValueError(f"mkdocs.yml: extra.strings: unknown key '{key}' (known: {', '.join(ENGLISH)})")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"mkdocs.yml: extra.strings.{key} must be text, not {text!r}")
        for placeholder in PLACEHOLDER.findall(ENGLISH[key]):
            if f"{{{placeholder}}}" not in text:
                raise ValueError(f"mkdocs.yml: extra.strings.{key} must contain {{{placeholder}}}")
        table[key] = text
    return table


def for_config(config) -> dict[str, str]:
    """The table of an MkDocs build: `theme.language` and `extra.strings`.

    The build asks for it once (`explainer.core.build`); a language we do not ship is
    reported, and falls back to English (as Material's own words do). Raises ValueError
    as `interface_strings`.
    """
    language = config.theme.get("language") or "en"
    overrides = config.extra.get("strings")
    table = interface_strings(language, overrides)
    shipped = language.split("-")[0].lower() in LANGUAGES
    missing = [] if shipped else [key for key in ENGLISH if table[key] == ENGLISH[key]]
    if missing:
        log.warning(
            f"mkdocs.yml: theme.language '{language}': the explainer's own words exist in "
            f"{', '.join(LANGUAGES)}; {len(missing)} stay English unless extra.strings gives them")
    return table


def fill(template: str, **values: object) -> str:
    """`template` with each `{name}` replaced by `values[name]`; other `{names}` stay.

    One pass: braces inside the values are left alone.
    """
    return PLACEHOLDER.sub(lambda match: str(values.get(match[1], match[0])), template)
