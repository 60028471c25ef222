"""The maintainer's guide (GUIDE.md) explains every key the engine reads and every message
its build gives.

Both are read from the engine itself: the fields its data files accept, the settings and
options it reads from mkdocs.yml, the front-matter keys its code and templates look up, the
words of the messages its Python raises or warns. A key or message the engine gains without
a word in the guide fails here, in the section where a maintainer would look for it. (That
the guide names nothing of this edition's article is checked with the engine,
tests/test_content_free.py.)
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import explainer
from explainer.core import references, settings, strings
from explainer.glossary import data as glossary_data
from explainer.glossary.marking import MARK_MODES

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "GUIDE.md"
# Where the engine's code and templates are: the package, the hooks and the theme overrides.
ENGINE = sorted({path for folder in (Path(explainer.__file__).parent, ROOT / "hooks", ROOT / "overrides")
                 for path in folder.rglob("*") if path.suffix in {".py", ".html"}})

# The engine's messages to maintainers are raised as these, or warned (a strict build stops on a warning).
MESSAGE_CALLS = {"DataError", "ValueError", "ExplainerError", "PluginError", "error", "warning"}
# Messages that are no maintainer's mistake but the engine's own contract between its parts.
INTERNAL = {"only 'la' and 'ls' are supported", "expected one article.md-content__inner in the page, found"}

HEADING = re.compile(r"^(#{1,6}) .*\{#([\w-]+)\}\s*$")


def section(anchor: str, subsections: bool = True) -> str:
    """The guide's section with the id `anchor`, up to the next heading of its level or
    above (with its subsections), or up to the next heading at all (`subsections=False`)."""
    lines = GUIDE.read_text("utf-8").splitlines()
    fenced, headings = False, {}  # line number -> heading level, outside code blocks
    for number, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (hashes := re.match(r"(#{1,6}) ", line)):
            headings[number] = len(hashes[1])
    for start in headings:
        match = HEADING.match(lines[start])
        if match and match[2] == anchor:
            level = headings[start] if subsections else 6
            end = next((number for number in headings if number > start and headings[number] <= level), len(lines))
            return "\n".join(lines[start:end])
    raise AssertionError(f"GUIDE.md has no section {{#{anchor}}}")


def table_rows(anchor: str) -> list[list[str]]:
    """The cells of every table row in a section's own text (header rows too, not the rule)."""
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in section(anchor, subsections=False).splitlines()
            if line.startswith("|") and not re.fullmatch(r"[|\s:-]+", line)]


def first_cells(anchor: str) -> str:
    """The first column of the section's own tables: what its rows explain."""
    return "\n".join(row[0] for row in table_rows(anchor))


def front_matter_keys() -> set[str]:
    """Keys of a page's front matter that the engine's code and templates read: `meta.get("key")`,
    `meta["key"]`, a switch checked by name, `page.meta.key` in a template. Keys the engine
    itself writes for its templates (`ex_*`) are not the maintainer's."""
    python = re.compile(r"""meta\.get\(\s*["'](\w+)["']|meta\[["'](\w+)["']\]|switch_problem\([^)]*["'](\w+)["']\)""")
    template = re.compile(r"""(?<![\w-])meta\.(\w+)""")
    keys = set()
    for path in ENGINE:
        text = path.read_text("utf-8")
        if path.suffix == ".py":
            keys |= {key for match in python.findall(text) for key in match if key}
        else:
            keys |= set(template.findall(text)) - {"get"}
    return {key for key in keys if not key.startswith("ex_")}


def _literal_parts(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [part.value for part in node.values if isinstance(part, ast.Constant)]
    if isinstance(node, ast.BinOp):
        return _literal_parts(node.left) + _literal_parts(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_parts(node.body) + _literal_parts(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [part for element in node.elts for part in _literal_parts(element)]
    return []


def build_messages() -> set[str]:
    """The words of every message the engine's build gives a maintainer: the longest literal
    part of each message raised, warned or returned as a problem in the engine's Python
    (`explainer import`, a command of its own, words its messages in its output)."""
    found = set()
    for path in ENGINE:
        if path.suffix != ".py" or "manuscript" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                function = node.func
                name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
                receiver = getattr(function, "value", None)
                is_problem = name == "append" and getattr(receiver, "attr", getattr(receiver, "id", "")) == "problems"
                texts = [part for argument in node.args for part in _literal_parts(argument)] \
                    if name in MESSAGE_CALLS or is_problem else []
            elif isinstance(node, ast.Return) and node.value is not None:
                texts = _literal_parts(node.value)
            else:
                continue
            longest = max(texts, key=len, default="").strip(" :'\"(),.")
            if len(longest) >= 12 and " " in longest and longest not in INTERNAL:
                found.add(longest)
    return found


def test_the_scan_finds_the_messages_the_engine_is_known_to_give():
    assert {"is missing or empty", "missing required field", "unknown field",
            "front matter 'sources' must be a list of source keys"} <= build_messages()


@pytest.mark.parametrize("words", sorted(build_messages()))
def test_every_message_is_in_the_guide_with_its_fix(words):
    assert words in section("messages")


def test_the_scan_finds_the_keys_the_engine_is_known_to_read():
    assert {"title", "description", "chapter", "glossary", "sources", "robots"} <= front_matter_keys()


@pytest.mark.parametrize("key", sorted(front_matter_keys()))
def test_every_front_matter_key_is_explained(key):
    assert f"`{key}`" in first_cells("front-matter")


@pytest.mark.parametrize("field", sorted(glossary_data.FIELDS))
def test_every_glossary_field_is_explained(field):
    assert f"`{field}`" in first_cells("glossary")


@pytest.mark.parametrize("former, field", sorted(glossary_data.FORMER_NAMES.items()))
def test_every_former_glossary_field_name_is_explained(former, field):
    assert f"`{former}`" in section("native") and f"`{field}`" in section("native")


@pytest.mark.parametrize("field", sorted(references.FIELDS))
def test_every_sources_field_is_explained(field):
    assert f"`{field}`" in first_cells("sources")


@pytest.mark.parametrize("field", sorted(references.FIELDS))
def test_every_sources_field_says_where_the_downloads_carry_it(field):
    assert f"`{field}`" in first_cells("downloads")


@pytest.mark.parametrize("kind", sorted(references.KINDS))
def test_every_kind_of_work_is_named(kind):
    assert f"`{kind}`" in section("sources")


@pytest.mark.parametrize("setting", settings.SETTINGS)
def test_every_setting_is_explained(setting):
    assert f"`extra.{setting}`" in first_cells("settings")


@pytest.mark.parametrize("mode", MARK_MODES)
def test_every_mark_mode_is_named(mode):
    assert f"`{mode}`" in section("settings")


@pytest.mark.parametrize("extension, option", [(extension, option) for extension, options
                                               in settings.EXTENSION_OPTIONS.items() for option in options])
def test_every_extension_option_is_explained(extension, option):
    assert [f"`{extension}`", f"`{option}`"] in [row[:2] for row in table_rows("extensions")]


@pytest.mark.parametrize("key", sorted(strings.ENGLISH))
def test_every_interface_word_is_listed(key):
    assert f"`{key}`" in section("strings")


@pytest.mark.parametrize("language", sorted(strings.LANGUAGES))
def test_every_shipped_language_is_named(language):
    assert f"`{language}`" in section("strings")


def test_the_readme_links_the_guide():
    assert "(GUIDE.md)" in (ROOT / "README.md").read_text("utf-8")
