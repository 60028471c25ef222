"""MkDocs hook: glossary tooltips and the glossary page.

A thin adapter over the build's glossary (`explainer.glossary.build`), made in
`on_config` with the options of the `explainer_glossary` entry of `markdown_extensions`,
which every builder reads the same way (`explainer.extensions`); its settings in
mkdocs.yml are listed there.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

from explainer.core import tips
from explainer.core.build import Build
from explainer.core.datafile import DataError
from explainer.extensions import hand_over
from explainer.glossary.build import GlossaryBuild, permalink

NAME = "explainer_glossary"  # the extension's entry in markdown_extensions


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        build = Build.of(config)
        build.glossary = GlossaryBuild(build, build.options.get(NAME))
    except (ValueError, DataError) as error:
        raise PluginError(str(error)) from None
    # mkdocs.yml names the extension for every builder (explainer.extensions): here it is given the site.
    hand_over(config.markdown_extensions, config.mdx_configs, NAME, build.glossary)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    glossary = Build.of(config).glossary
    data = files.get_file_from_path(glossary.build.glossary_file)
    if data is not None:
        files.remove(data)  # data for the build, not a file to publish
    # Only its title and introduction go through Markdown: `on_env` adds the entries
    # once their back-links are known. They are docs/glossary.md where that exists (a page
    # other builders publish too, explainer.extensions), else made from mkdocs.yml's
    # extra.glossary or the defaults.
    if files.get_file_from_path(glossary.page_file) is None:
        try:
            markdown = glossary.page_markdown()
        except ValueError as error:
            raise PluginError(str(error)) from None
        files.append(File.generated(config, glossary.page_file, content=markdown))
    glossary.files = files
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    Build.of(config).glossary.nav_order = [page.file.src_uri for page in nav.pages]
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    front_matter = YAML_RE.match(page.file.content_string)
    glossary = Build.of(config).glossary
    glossary.page_starts(page.file.src_uri, page.meta, front_matter and front_matter.group(1), page.url,
                         files.get_file_from_path(glossary.page_file).url_relative_to(page.file))
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    Build.of(config).glossary.page_converted(page)
    return html


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    Build.of(config).glossary.page_context(page)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The tooltip bodies of the page's terms and citations are in it (explainer.core.tips)."""
    if problem := tips.unwritten(page.meta, output, page.file.src_uri):
        raise PluginError(problem)
    return output


def on_env(env, config: MkDocsConfig, files: Files):
    build = Build.of(config)
    build.glossary.complete_page(files, permalink(config.mdx_configs.get("toc") or {}))
    return env


@event_priority(-100)  # after every other hook's: the build is over
def on_post_build(config) -> None:
    Build.of(config).end()
