"""The engine's folders say its architecture (hooks/explainer/__init__.py), and the package ships them all.

A feature package (`glossary`, `sources`, `sharing`, `manuscript`) uses `core` and itself, never another
feature; `core` uses no feature. Only `extensions` and `pageviews`, at the top of the
package, join features. Read from the modules' import statements, without importing them.
"""

from __future__ import annotations

import ast
import glob
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "hooks" / "explainer"
FEATURES = ("glossary", "sources", "sharing", "manuscript", "scaffold")
SCAFFOLD = ENGINE / "scaffold" / "template"  # files of a new explainer (Copier's template): data, not modules
MODULES = sorted(path for path in ENGINE.rglob("*.py") if "__pycache__" not in path.parts and SCAFFOLD not in path.parents)


def package_of(path: Path) -> str:
    """`explainer.core` for hooks/explainer/core/memo.py, `explainer` for hooks/explainer/extensions.py."""
    return ".".join(("explainer", *path.parent.relative_to(ENGINE).parts))


def engine_imports(path: Path) -> set[str]:
    """The modules and packages of `explainer` that `path` imports (`explainer.core.memo`, …)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "explainer"}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "explainer":
            if node.module == "explainer":  # `from explainer import core` names a package
                found |= {f"explainer.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
    return found


def allowed(package: str) -> tuple[str, ...]:
    """The packages a module of `package` may import from."""
    if package == "explainer":
        return ("explainer.",)  # extensions, pageviews: where the features meet
    if package == "explainer.core":
        return ("explainer.core",)
    return ("explainer.core", package)


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ENGINE)))
def test_a_feature_uses_only_core_and_itself(path):
    package = package_of(path)
    wrong = sorted(name for name in engine_imports(path)
                   if not any(name == prefix or name.startswith(prefix.rstrip(".") + ".") for prefix in allowed(package)))
    assert not wrong, (f"{path.relative_to(ROOT)} ({package}) imports {wrong}: a module that two features "
                       f"use belongs in explainer.core")


def test_every_engine_module_is_in_one_of_the_documented_folders():
    folders = {path.parent.relative_to(ENGINE).as_posix() for path in MODULES}
    assert folders == {".", "core", *FEATURES}


def test_the_installed_package_lists_every_subpackage_and_ships_its_templates():
    """`pip install .` (not editable, as tests/test_zensical.py does) installs only what pyproject.toml lists."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    packages = {package_of(path) for path in MODULES}
    assert all((ENGINE.joinpath(*package.split(".")[1:]) / "__init__.py").exists() for package in packages)
    # The hooks (hooks/*.py) and the theme (overrides/) are mapped into the package from where they are kept.
    mapped = {name: ROOT / folder for name, folder in setuptools["package-dir"].items() if name != "explainer"}
    assert sorted(set(setuptools["packages"]) - set(mapped)) == sorted(packages)
    folders = {package: ENGINE.joinpath(*package.split(".")[1:]) for package in packages} | mapped
    data = {path for folder in folders.values() for path in folder.rglob("*")
            if path.is_file() and (path.suffix not in {".py", ".pyc"} or SCAFFOLD in path.parents)
            and "__pycache__" not in path.parts
            and (folder != ROOT / "hooks" or ENGINE not in path.parents)}
    assert ROOT / "overrides" / "main.html" in data, "the templates are data of the package"
    for path in data:
        package = max((name for name, folder in folders.items() if folder in path.parents),
                      key=lambda name: len(folders[name].parts))  # its nearest package
        # As setuptools reads the patterns: glob's, where * matches no leading dot.
        shipped = {folders[package] / name for pattern in setuptools["package-data"].get(package, [])
                   for name in glob.glob(pattern, root_dir=folders[package], recursive=True)}
        assert path in shipped, f"{path.relative_to(ROOT)} is not package data"
