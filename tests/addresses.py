"""The published addresses of a built site: every page URL and every stable id in it.

NGO staff paste these into briefings, so none may silently disappear. Ids that are
not addresses (tooltip bodies and other `ex-` internals, footnote back-references,
Material's own `__` ids) are left out. A page that moved leaves a redirect stub that
carries the fragment along, so `/old/#id` still lands on `#id` of the new page.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

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
