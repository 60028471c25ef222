"""MkDocs hook: redirects that point into a page (a thin adapter over `explainer.core.redirects`).

Runs after the redirects plugin (hooks come after plugins): it checks every entry of
`redirect_maps` once the pages' anchors are known (a problem is a warning, so a strict
build stops), and then writes each old address's stub again, so that a reader who
arrives with a `#fragment` lands on one address with one `#`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from explainer.core.build import Build
from explainer.core.redirects import check_redirects, stubs

log = logging.getLogger("mkdocs.plugins.redirects-check")

def _redirect_maps(config: MkDocsConfig) -> dict[str, str]:
    plugin = config.plugins.get("redirects")
    return dict(plugin.config.get("redirect_maps") or {}) if plugin is not None else {}


def on_env(env, config: MkDocsConfig, files: Files):
    # Markdown path -> ids of its anchors, for the stubs after the build
    pages = Build.of(config).anchor_ids = {file.src_uri: file.page.present_anchor_ids if file.page else None
                                           for file in files.documentation_pages()}
    plugin = config.plugins.get("redirects")
    for problem in check_redirects(_redirect_maps(config), pages):
        log.warning(problem)
    if plugin is not None and hasattr(plugin, "redirects"):
        # Reported above: the plugin need not report the same mistake again after the build.
        plugin.redirects = {old: new for old, new in plugin.redirects.items()
                            if not check_redirects({old: new}, pages)}
    return env


def on_post_build(config: MkDocsConfig) -> None:
    def url_of(path: str) -> str:
        return File(path, config.docs_dir, config.site_dir, config.use_directory_urls).url

    for old, html in stubs(_redirect_maps(config), Build.of(config).anchor_ids, url_of, get_relative_url).items():
        dest = File(old, config.docs_dir, config.site_dir, config.use_directory_urls).abs_dest_path
        Path(dest).parent.mkdir(parents=True, exist_ok=True)
        Path(dest).write_text(html, encoding="utf-8")
