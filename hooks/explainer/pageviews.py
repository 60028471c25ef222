"""What a page's templates show, as plain values: lists, dicts and strings.

The same values reach the templates from either builder: from the MkDocs hooks as
template variables, and from the extensions (`explainer.extensions`) as `page.meta.*`
under Zensical, whose MiniJinja templates cannot call Python. So nothing here is an
object with methods: a template only reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urljoin

from explainer.sharing.previews import HEIGHT, WIDTH
from explainer.sources.panel import PanelEntry


def panel_view(entries: Iterable[PanelEntry], reference_html: Callable[[str], str],
               coins: Callable[[str], str], kind_name: Callable[[str], str]) -> list[dict[str, Any]]:
    """The sources panel (`overrides/partials/ex-sources-panel.html`): one dict per work,

        {"anchor": "ex-source-KEY", "key": KEY, "number": 1, "kind": "Report",
         "reference": HTML, "coins": COinS title, "backrefs": ["ex-cite-1", …]}

    `reference_html(key)` and `coins(key)` format a work (explainer.core.references, explainer.sources.exports);
    `kind_name(type)` names a CSL type in the site's language (`kind.TYPE` of explainer.core.strings).
    """
    return [
        {
            "anchor": entry.anchor,
            "key": entry.source.key,
            "number": entry.number,
            "kind": kind_name(entry.source.item["type"]),
            "reference": reference_html(entry.source.key),
            "coins": coins(entry.source.key),
            "backrefs": list(entry.backrefs),
        }
        for entry in entries
    ]


def link_preview(*, title: str, site_name: str, site_url: str, page_url: str, description: str,
                 chapter: bool, home: bool, image: str | None, width: int = WIDTH,
                 height: int = HEIGHT) -> dict[str, Any]:
    """The values of a page's Open Graph and Twitter card tags (`partials/ex-link-preview.html`).

    `page_url` is the page's address relative to `site_url` ("origins/"); `image` the
    preview image's, or None where none is drawn (the image tags are then left out).
    """
    return {
        "type": "article" if chapter else "website",
        "title": title,
        "description": description,
        "url": urljoin(site_url or "/", page_url),
        "image": urljoin(site_url or "/", image) if image else "",
        "image_alt": title if home else f"{title} – {site_name}",
        "width": width,
        "height": height,
    }

