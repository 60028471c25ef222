"""The engine's folders say its architecture (hooks/explainer/__init__.py), and the package ships them all.

A feature package (`glossary`, `sources`, `sharing`, `manuscript`) uses `core` and itself, never another
feature; `core` uses no feature. Only `extensions` and `pageviews`, at the top of the
package, join features. Read from the modules' import statements, without importing them.

The engine's markup comes from ElementTree (or lxml) trees and templates: no Python code of
hooks/ writes an HTML tag in a string, and none patches serialised HTML with `str.replace`
or a regular expression. Read from the modules' syntax trees.
"""

from __future__ import annotations

import ast
import glob
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "hooks" / "explainer"
FEATURES = ("glossary", "sources", "sharing", "manuscript", "scaffold")
SCAFFOLD = ENGINE / "scaffold" / "template"  # files of a new explainer (Copier's template): data, not modules
MODULES = sorted(path for path in ENGINE.rglob("*.py") if "__pycache__" not in path.parts and SCAFFOLD not in path.parents)
HOOKS = sorted((ROOT / "hooks").glob("*.py"))


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
    """`pip install .` (not editable, as the wheel tests/engine/test_scaffold.py installs) installs only what pyproject.toml lists."""
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


# ---------------------------------------------------------------------------
# Markup one way: trees and templates, never strings
# ---------------------------------------------------------------------------

# An HTML tag written in a string: `<p`, `</span>`, `<a href=`; not a regex's named group `(?P<name>`.
TAG = re.compile(r"(?<!\?P)</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])")
# A name that says it holds serialised HTML.
HTML_NAME = re.compile(r"html|content|markup|serialised", re.IGNORECASE)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def markup_by_hand(source: str) -> list[tuple[int, str]]:
    """Where Python `source` writes HTML as text: (line, what), in order.

    - a string (an f-string's text, a constant concatenated, formatted or sliced by) that
      holds an HTML tag, docstrings aside;
    - `x.replace(...)`, `pattern.sub(..., x)` or `re.sub(..., ..., x)` on a name `x` that
      holds HTML (`html`, `content`, `markup`, `serialised`)."""
    tree = ast.parse(source)
    skipped = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            if TAG.search(node.value):
                found.append((node.lineno, f"HTML tag in a string: {node.value.strip()[:60]!r}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method, receiver = node.func.attr, node.func.value
            if method == "replace" and HTML_NAME.search(_name(receiver)):
                found.append((node.lineno, f"{_name(receiver)}.replace(...) on serialised HTML"))
            elif method == "sub":
                target = node.args[2] if _name(receiver) == "re" and len(node.args) > 2 else \
                    node.args[1] if _name(receiver) != "re" and len(node.args) > 1 else None
                if target is not None and HTML_NAME.search(_name(target)):
                    found.append((node.lineno, f"a regex substitution on serialised HTML ({_name(target)})"))
    return sorted(found)


@pytest.mark.parametrize(("source", "flagged"), [
    ('x = f"<p>{text}</p>"', True),
    ("x = '<h3 id=\"' + key + '\">'", True),
    ('x = "<a href=%s>" % url', True),
    ('x = STUB.format(url=url)\nSTUB = """<!doctype html>\n<html lang=\"en\">"""', True),
    ('x = serialised[len("<span>"):-len("</span>")]', True),
    ("x = page_html.replace(STAND_IN, url)", True),
    ("x = page.content.replace('a', 'b')", True),
    ("x = PATTERN.sub('', html)", True),
    ("x = re.sub('a', 'b', markup)", True),
    ('def f():\n    """Returns `<span class=x>`: a docstring may show markup."""', False),
    ("x = text.replace(STAND_IN, url)", False),
    ("x = PATTERN.sub('', text)", False),
    ('x = re.compile(r"(?P<key>[a-z]+)")', False),
    ('x = json.dumps(value).replace("</", "<\\\\/")', False),
    ('x = etree.Element("span", {"class": "ex-url"})', False),
    ('x = f"#{anchor}"', False),
], ids=lambda value: value if isinstance(value, bool) else None)
def test_markup_written_by_hand_is_found(source, flagged):
    assert bool(markup_by_hand(source)) is flagged


@pytest.mark.parametrize("path", HOOKS + MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_engine_makes_markup_from_trees_and_templates(path):
    found = markup_by_hand(path.read_text("utf-8"))
    assert not found, (f"{path.relative_to(ROOT)} writes HTML as text (use ElementTree/lxml or a template): "
                       + "; ".join(f"line {line}: {what}" for line, what in found))
