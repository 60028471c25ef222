"""MkDocs hook: what a build for publishing must get right, and `--strict` that stays strict.

- Publishing: a build is for publishing when the environment variable
  EXPLAINER_PUBLISH is 1 (`make publish` and the GitHub Pages workflow set it) or the
  command is `mkdocs gh-deploy`. Such a build stops at once, with one line, if `site_url`
  is missing or a placeholder (`explainer.core.publishing.address_problem`): mkdocs.yml reads
  it from the environment variable SITE_URL.
- Strict: MkDocs 1.6 counts warnings for `--strict` only when they reach its counter,
  and `-q` raises the `mkdocs` logger to ERROR, so warnings are dropped before they are
  counted and a build with mistakes passes (mkdocs#4126). In a strict build this hook
  lowers that logger to WARNING: `-q` still hides the information lines, but every
  warning is shown and stops the build, as without `-q`.
Its `on_config` runs before every other hook's (priority 100), so that what they report
while configuring is counted too.
"""

from __future__ import annotations

import logging
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from explainer.core.publishing import address_problem

PUBLISH_VARIABLE = "EXPLAINER_PUBLISH"
ADDRESS_VARIABLE = "SITE_URL"  # read by mkdocs.yml: `site_url: !ENV [SITE_URL, ...]`
PUBLISHING_COMMANDS = {"gh-deploy"}



def on_startup(command: str, dirty: bool) -> None:
    # `on_startup` comes once per process, before any configuration: the command is told to
    # this process's later builds the way `make publish` tells them, in the environment.
    if command in PUBLISHING_COMMANDS:
        os.environ[PUBLISH_VARIABLE] = "1"


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if config.strict:
        logger = logging.getLogger("mkdocs")
        if logger.getEffectiveLevel() > logging.WARNING:  # `-q`
            logger.setLevel(logging.WARNING)
    if os.environ.get(PUBLISH_VARIABLE) == "1":
        problem = address_problem(config.site_url, ADDRESS_VARIABLE)
        if problem:
            raise PluginError(problem)
    return config
