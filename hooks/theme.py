"""MkDocs hook: the engine's templates, stylesheet and script, behind the explainer's own.

Material looks for a template first in `theme.custom_dir` (the explainer's `overrides/`,
which holds only its own changes), then in the engine's theme folder
(`explainer.core.theme`, package data of the installed engine), then in Material's own.
So an explainer overrides one engine template by writing a file of the same path in its
`overrides/`, and an engine upgrade brings every template it does not override.
In the engine's own repository `overrides/` is the engine's theme folder: it is not added twice.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from explainer.core.theme import theme_folder


@event_priority(90)  # before the other hooks', which may read templates while configuring
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        folder = str(theme_folder())
    except FileNotFoundError as error:
        raise PluginError(str(error)) from None
    dirs = config.theme.dirs
    if folder not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, folder)
    return config
