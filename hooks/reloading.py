"""MkDocs hook: `mkdocs serve` rebuilds with the hooks' code as it is now.

MkDocs loads each hook file once per process (its loader is cached), and Python keeps
the modules the hooks import: an edit to `hooks/*.py` or `hooks/explainer/**/*.py` would
only show after restarting `mkdocs serve`. Before each rebuild, this hook compares the
Python files in the hooks' folders with what was loaded; if one changed, it forgets the
hooks and every module loaded from those folders, so that MkDocs loads them anew
(whole, so that old and new code never mix). `watch:` in mkdocs.yml makes `mkdocs
serve` rebuild when `hooks/` changes. `mkdocs build` is not affected.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.config import config_options

log = logging.getLogger("mkdocs.plugins.reloading")


def python_files(folders: set[Path]) -> dict[Path, int]:
    """Every `*.py` under `folders`, with its modification time (ns)."""
    found = {}
    for folder in folders:
        for path in folder.rglob("*.py"):
            try:
                found[path] = path.stat().st_mtime_ns
            except OSError:
                pass  # deleted while we looked
    return found


def forget_modules(folders: set[Path]) -> list[str]:
    """Remove from `sys.modules` every module loaded from a file under `folders`; their names."""
    forgotten = []
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and any(folder in Path(file).resolve().parents for folder in folders):
            del sys.modules[name]
            forgotten.append(name)
    return forgotten


def on_serve(server, config, builder):
    folders = {Path(module.__file__).resolve().parent for module in config.hooks.values()}
    loaded = python_files(folders)
    build = server.builder

    def rebuild():
        nonlocal loaded
        now = python_files(folders)
        if now != loaded:
            loaded = now
            config_options.Hooks._load_hook.cache_clear()  # MkDocs executes the hook files again
            log.info(f"Reloading the hooks' code ({len(forget_modules(folders))} modules)")
        build()

    server.builder = rebuild
    return server
