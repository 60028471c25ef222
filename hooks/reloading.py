"""MkDocs hook: `mkdocs serve` rebuilds with the hooks' code as it is now.

MkDocs loads each hook file once per process, and Python keeps the modules the hooks
import: an edit to `hooks/*.py` or `hooks/explainer/**/*.py` would only show after
restarting `mkdocs serve`. Before each rebuild, this hook compares the Python files in
the hooks' folders with what was loaded; if one changed, it forgets every other module
loaded from those folders and runs each hook's file again in its module
(its loader's `exec_module`), which imports them anew: old and new code never mix. MkDocs reads
the hooks' functions from their modules when it loads the configuration, which it does
for every rebuild. The hooks keep nothing between builds (`explainer.core.build`). `watch:` in mkdocs.yml makes `mkdocs
serve` rebuild when `hooks/` changes. `mkdocs build` is not affected.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

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


def forget_modules(folders: set[Path], keep: set[str] = frozenset()) -> list[str]:
    """Remove from `sys.modules` every module loaded from a file under `folders`, except
    those named in `keep`; their names."""
    forgotten = []
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if name not in keep and file and any(folder in Path(file).resolve().parents for folder in folders):
            del sys.modules[name]
            forgotten.append(name)
    return forgotten


def reload(module) -> None:
    """Run a hook's file again in its module; its imports load forgotten modules anew, first
    from the hook's own folder (as MkDocs does when it loads the hook)."""
    folder = str(Path(module.__file__).resolve().parent)
    sys.path.insert(0, folder)
    try:
        # `importlib.reload` would look the module up by name, which a hook file has none of.
        module.__spec__.loader.exec_module(module)
    finally:
        sys.path.remove(folder)


def on_serve(server, config, builder):
    hooks = list(config.hooks.values())
    folders = {Path(module.__file__).resolve().parent for module in hooks}
    loaded = python_files(folders)
    build = server.builder

    def rebuild():
        nonlocal loaded
        now = python_files(folders)
        if now != loaded:
            loaded = now
            forgotten = forget_modules(folders, keep={module.__name__ for module in hooks})
            for module in hooks:
                reload(module)
            log.info(f"Reloading the hooks' code ({len(forgotten) + len(hooks)} modules)")
        build()

    server.builder = rebuild
    return server
