"""The published addresses of a built site, as the engine's checks read them
(`explainer.checks.BuiltSite.record`, the same for every explainer): every page URL and
every stable id in it, and for a paragraph's, a heading's or a work's own id the
fingerprint of its text (`explainer.sharing.record`).

NGO staff paste these into briefings, so none may silently disappear. A page that moved
leaves a redirect stub that carries the fragment along, so `/old/#id` still lands on
`#id` of the new page.
"""

from __future__ import annotations

from explainer.checks import BuiltSite


def published_record(site) -> dict[str, str | None]:
    """Every published address of `site` (conftest.Site) -> the fingerprint of its paragraph,
    heading or work (None: no text of its own)."""
    return BuiltSite(site.folder).record()


def published_addresses(site) -> set[str]:
    return set(published_record(site))
