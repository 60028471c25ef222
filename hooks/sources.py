"""MkDocs hook: citations, each page's sources panel, the bibliography and its downloads.

A thin adapter over the build's sources (`explainer.sources.build`), made in `on_config`
with the options of the `explainer_citations` entry of `markdown_extensions`, which
every builder reads the same way (`explainer.extensions`). The markup lives in
`overrides/partials/ex-sources-panel.html` and `overrides/partials/ex-bibliography.html`, which
read what they show from `page.meta` (under every builder).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from explainer.core import settings
from explainer.core.build import Build
from explainer.core.datafile import DataError
from explainer.extensions import hand_over
from explainer.pageviews import panel_view
from explainer.sources.build import SourcesBuild

NAME = "explainer_citations"  # the extension's entry in markdown_extensions


def on_config(config):
    try:
        build = Build.of(config)
        build.sources = SourcesBuild(build, build.options.get(NAME))
    except (ValueError, DataError) as error:
        raise PluginError(str(error)) from None
    # mkdocs.yml names the extension for every builder (explainer.extensions): here it is given the site.
    hand_over(config.markdown_extensions, config.mdx_configs, NAME, build.sources)
    return config


def on_files(files: Files, config):
    sources = Build.of(config).sources
    data = files.get_file_from_path(sources.build.sources_file)
    if data is not None:  # maintainers' data, not a page of the site
        files.remove(data)
    page = files.get_file_from_path(sources.page_file)
    if page is None:
        raise PluginError(settings.missing_bibliography(sources.page_file))

    def generated(path: str, content: str) -> str:
        download = File.generated(config, path, content=content)
        files.append(download)
        return download.url

    sources.add_downloads(page.url, generated)
    return files


def on_page_content(html, page, config, files):
    Build.of(config).sources.page_converted(page)
    return html


def on_page_context(context, page, config, nav):
    build = Build.of(config)
    sources = build.sources
    # Plain values in page.meta, where the citations extension puts them under Zensical (explainer.pageviews).
    page.meta["ex_sources_panel"] = panel_view(sources.panel(page.file.src_uri), sources.references.html,
                                               sources.references.coins, lambda kind: build.strings["kind." + kind])
    sources.page_context(page, nav)
    return context


def on_env(env, config, files):
    Build.of(config).sources.before_search()
    return env


@event_priority(-100)  # after every other hook's: the build is over
def on_post_build(config) -> None:
    Build.of(config).end()
