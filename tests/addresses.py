"""The published addresses of a built site: every page URL and every stable id in it.

NGO staff paste these into briefings, so none may silently disappear. Ids that are
not addresses (tooltip bodies and other `ex-` internals, footnote back-references,
Material's own `__` ids) are left out.
"""

from __future__ import annotations

INTERNAL_ID_PREFIXES = ("ex-", "fn:", "fnref:", "__")


def published_addresses(site) -> set[str]:
    addresses = set()
    for url in site.page_files:
        if url == "/404/":
            continue
        addresses.add(url)
        if site.is_redirect(url):
            continue
        for element in site.content(url).find_all(id=True):
            if not element["id"].startswith(INTERNAL_ID_PREFIXES):
                addresses.add(f"{url}#{element['id']}")
    return addresses
