"""Engine tests never read this edition: not ROOT/docs, not ROOT/mkdocs.yml, not its build.

They run against the fixture explainers in tests/fixtures/, so that `make test-engine` passes
in a repository whose docs/ and mkdocs.yml hold another explainer. Read from the test files'
syntax trees, without running them; tests/conftest.py refuses, at collection, an engine test
that asks for a fixture building or copying this edition (`EDITION_FIXTURES`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import EDITION_FIXTURES, ROOT

ENGINE_TESTS = sorted((ROOT / "tests" / "engine").glob("*.py"))
EDITION_FILES = {"docs", "mkdocs.yml"}
# tests/conftest.py's reading of this edition's mkdocs.yml and of tests/edition/edition.yml
EDITION_NAMES = {"CONFIG", "SITE_URL", "EDITION"}


def _root_path_parts(node: ast.AST) -> list[str] | None:
    """The string parts of `ROOT / "a" / "b"`, or None when `node` is no such path."""
    parts = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        if isinstance(node.right, ast.Constant) and isinstance(node.right.value, str):
            parts.insert(0, node.right.value)
        node = node.left
    return parts if isinstance(node, ast.Name) and node.id == "ROOT" and parts else None


def edition_reads(source: str) -> list[str]:
    """Each place in test source `source` that reads this edition, as 'line N: what'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        parts = _root_path_parts(node)
        if parts and parts[0] in EDITION_FILES:
            found.append(f"line {node.lineno}: ROOT / {parts[0]!r}")
        elif isinstance(node, ast.keyword) and node.arg == "cwd" and isinstance(node.value, ast.Name) \
                and node.value.id == "ROOT":
            found.append(f"line {node.value.lineno}: a command run in ROOT (its mkdocs.yml)")
        elif isinstance(node, ast.ImportFrom) and node.module == "conftest":
            found += [f"line {node.lineno}: {alias.name}" for alias in node.names
                      if alias.name in EDITION_NAMES | EDITION_FIXTURES]
        elif isinstance(node, ast.FunctionDef) and (node.name.startswith("test") or any(
                "fixture" in ast.unparse(decorator) for decorator in node.decorator_list)):
            found += [f"line {node.lineno}: fixture {arg.arg}" for arg in node.args.args
                      if arg.arg in EDITION_FIXTURES]
    return list(dict.fromkeys(found))  # ROOT / "docs" / "x" holds ROOT / "docs": once


@pytest.mark.parametrize("source, expected", [
    ('DATA = ROOT / "docs" / "sources.yml"', ["line 1: ROOT / 'docs'"]),
    ('open(ROOT / "mkdocs.yml")', ["line 1: ROOT / 'mkdocs.yml'"]),
    ('subprocess.run(["mkdocs", "build"], cwd=ROOT)', ["line 1: a command run in ROOT (its mkdocs.yml)"]),
    ("from conftest import CONFIG, ROOT", ["line 1: CONFIG"]),
    ("def test_x(site):\n    pass", ["line 1: fixture site"]),
    ("def test_x(project, tmp_path):\n    pass", ["line 1: fixture project"]),
    # What engine tests may do: the engine's own folders, the fixtures, a copy's docs/.
    ('HOOK = ROOT / "hooks" / "glossary.py"', []),
    ('FIXTURE = ROOT / "tests" / "fixtures" / "second-explainer"', []),
    ('(tmp_path / "docs").mkdir()', []),
    ("@pytest.fixture\ndef served(site):\n    pass", ["line 2: fixture site"]),
    ("def test_x(english, english_project):\n    pass", []),
    ("def text_of(site, page):\n    pass", []),  # a helper's parameter asks for no fixture
])
def test_the_check_finds_what_reads_the_edition(source, expected):
    assert edition_reads(source) == expected


@pytest.mark.parametrize("path", ENGINE_TESTS, ids=[path.name for path in ENGINE_TESTS])
def test_no_engine_test_reads_this_edition(path: Path):
    assert edition_reads(path.read_text("utf-8")) == []
