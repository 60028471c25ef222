"""The published addresses of a built site: every page URL and every stable id in it,
and for a paragraph's, a heading's or a work's own id the fingerprint of its text
(`explainer.sharing.record`).

NGO staff paste these into briefings, so none may silently disappear. Ids that are
not addresses (tooltip bodies and other `ex-` internals, footnote back-references,
Material's own `__` ids) are left out. A page that moved leaves a redirect stub that
carries the fragment along, so `/old/#id` still lands on `#id` of the new page.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from explainer.sharing.anchors import fingerprint
from explainer.sharing.record import HEADING, WORK

INTERNAL_ID_PREFIXES = ("ex-", "fn:", "fnref:", "__")


def page_ids(site, url: str) -> set[str]:
    return {
        element["id"]
        for element in site.content(url).find_all(id=True)
        if not element["id"].startswith(INTERNAL_ID_PREFIXES)
    }


def redirect_target(site, url: str) -> str | None:
    """The page a redirect stub sends readers to, as a site URL ('/history/')."""
    refresh = site.soup(url).head.find("meta", attrs={"http-equiv": "refresh"})
    target = refresh["content"].split("url=", 1)[-1].strip()
    path = urlsplit(target).path
    resolved = posixpath.normpath(posixpath.join(url, path)) + "/"
    return resolved if resolved in site.page_files else None


def published_addresses(site) -> set[str]:
    addresses = set()
    for url in site.page_files:
        if url == "/404/":
            continue
        addresses.add(url)
        page = redirect_target(site, url) if site.is_redirect(url) else url
        if page is not None:
            addresses.update(f"{url}#{id}" for id in page_ids(site, page))
    return addresses


def paragraph_fingerprints(site, url: str) -> dict[str, str]:
    """The paragraphs of a page that have an address of their own: id -> fingerprint of
    their text as the reader sees it (without the permalink and alias anchors)."""
    found = {}
    for paragraph in site.content(url).select("p[id]"):
        if paragraph.select_one(":scope > a.ex-para-link") is None:
            continue
        text = "".join(
            str(piece) for piece in paragraph.find_all(string=True)
            if not piece.find_parent(class_="ex-para-link")
        )
        found[paragraph["id"]] = fingerprint(text)
    return found


def heading_fingerprints(site, url: str) -> dict[str, str]:
    """The headings of a page (sections, glossary entries): id -> HEADING and the fingerprint of their text."""
    found = {}
    for heading in site.content(url).select("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]"):
        text = "".join(str(piece) for piece in heading.find_all(string=True)
                       if not piece.find_parent(class_="headerlink"))
        found[heading["id"]] = HEADING + fingerprint(text)
    return found


def work_fingerprints(site, url: str) -> dict[str, str]:
    """The works of a bibliography (/sources/#key): key -> WORK and the fingerprint of their reference."""
    return {item["id"]: WORK + fingerprint(item.select_one(".ex-bibliography__reference").get_text())
            for item in site.content(url).select("li.ex-bibliography__item[id]")}


def published_record(site) -> dict[str, str | None]:
    """Every published address -> the fingerprint of its paragraph, heading or work (None: none's own id)."""
    record: dict[str, str | None] = dict.fromkeys(published_addresses(site))
    for url in site.article_urls:
        found = {**heading_fingerprints(site, url), **work_fingerprints(site, url), **paragraph_fingerprints(site, url)}
        for id, printed in found.items():
            if f"{url}#{id}" in record:  # not the print page's copies (`ex-` ids)
                record[f"{url}#{id}"] = printed
    return record
