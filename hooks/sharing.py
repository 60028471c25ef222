"""MkDocs hook: link-ready sections (share, cite, preview, print).

A thin adapter over the build's sharing (`explainer.sharing.build`, which says what it
makes), made in `on_config` with the options of the `explainer_anchors` entry of
`markdown_extensions`, which every builder reads the same way (`explainer.extensions`).
"""

from __future__ import annotations

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from explainer.core import settings, strings
from explainer.core.build import Build
from explainer.core.datafile import DataError
from explainer.extensions import hand_over
from explainer.pageviews import link_preview
from explainer.sharing.build import PRINT_PAGE, SharingBuild
from explainer.sharing.printer import PrintError


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        build = Build.of(config)
        build.sharing = SharingBuild(build, build.options.get("explainer_anchors"))
    except (ValueError, DataError, FileNotFoundError) as error:
        raise PluginError(str(error)) from None
    # mkdocs.yml names these extensions for every builder (explainer.extensions): here they are
    # given the site, which tells the anchors which pages are chapters and the templates the meta tags.
    for name in ("explainer_anchors", "explainer_page_meta"):
        hand_over(config.markdown_extensions, config.mdx_configs, name, build.sharing)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if files.get_file_from_path(PRINT_PAGE) is not None:
        raise PluginError(f"{config.docs_dir}/{PRINT_PAGE}: this page is generated from the chapters; remove the file")
    sharing = Build.of(config).sharing
    sharing.print_file = File.generated(config, PRINT_PAGE, content=sharing.print_front_matter(),
                                        inclusion=InclusionLevel.NOT_IN_NAV)
    files.append(sharing.print_file)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    problem = settings.updates_problem(config.extra, {page.file.src_uri for page in nav.pages})
    if problem:
        raise PluginError(problem)
    Build.of(config).sharing.navigation(nav.pages)
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    text = page.file.content_string if page.file.abs_src_path else ""  # generated pages have no mistakes
    Build.of(config).sharing.page_starts(page.file.src_uri, page.meta, page.url, text)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    Build.of(config).sharing.page_converted(page.file.src_uri)
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    build = Build.of(config)
    try:
        preview = link_preview(**build.sharing.page_context(page, nav))
    except PrintError as error:
        raise PluginError(str(error)) from None
    # What our templates show, in page.meta, where the extensions put it under Zensical (explainer.extensions).
    page.meta["ex_link_preview"] = preview
    page.meta["ex_t"] = build.strings  # the interface words
    page.meta["ex_script_strings"] = {key: build.strings[key] for key in strings.JS_KEYS}  # the script's
    return context


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    build = Build.of(config)

    def keep_for_print(page: Page, content: str) -> str:  # called by overrides/main.html
        try:
            return build.sharing.keep_for_print(page, content)
        except PrintError as error:
            raise PluginError(str(error)) from None

    env.globals["ex_keep_for_print"] = keep_for_print
    # The interface words of the one template without a page, and so without page.meta: 404.html.
    env.globals["ex_t"] = build.strings
    return env


def on_post_build(config: MkDocsConfig) -> None:
    Build.of(config).sharing.finish()
