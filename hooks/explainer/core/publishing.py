"""Rules for a build that is to be published: the site's address must be a real one.

`site_url` decides every canonical link, link preview image, copied link and citation.
A site published with a stand-in address sends every reader who follows a shared link,
and every citation, to nowhere, so a build for publishing refuses one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Domains reserved for examples and tests, never published on: RFC 2606 and RFC 6761.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_TOP_LEVEL = ("example", "test", "invalid", "localhost")


def address_problem(site_url: str | None, variable: str = "SITE_URL") -> str | None:
    """What stops `site_url` from being published, as one line naming `variable`; None if nothing.

    A missing address, one that is not http(s) with a host, and one on a reserved example
    domain (RFC 2606: example.org and its subdomains, the placeholder in mkdocs.yml) or
    reserved top-level domain (RFC 6761: .test, .invalid, .localhost) are refused.
    """
    fix = f"set the environment variable {variable} to the address the site is published at"
    if not site_url:
        return f"site_url is not set: {fix}"
    parts = urlsplit(site_url)
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("http", "https") or not host:
        return f"site_url {site_url!r} is not an http(s) address: {fix}"
    labels = host.split(".")
    if ".".join(labels[-2:]) in RESERVED_DOMAINS or labels[-1] in RESERVED_TOP_LEVEL:
        return f"site_url {site_url} is a placeholder (a reserved example domain): {fix}"
    return None
