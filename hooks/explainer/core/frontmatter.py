"""What a page's front matter must hold, worded once for every builder.

Each function returns the problem as one line naming the page (`source`: its path as
the builder names it, "origins.md"), or None. Under MkDocs the hooks log it as a
warning, which stops a strict build; without hooks the extensions
(`explainer.extensions`) raise it, which stops the build.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from typing import Any

import yaml

# MkDocs' own pattern for front matter (mkdocs.utils.meta.YAML_RE): what it reads, this reads.
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
# The keys a page's front matter may hold: the engine's (GUIDE.md, "Front matter") and those
# of MkDocs and Material (https://squidfunk.github.io/mkdocs-material/reference/).
KNOWN_KEYS = ("title", "description", "chapter", "glossary", "sources", "robots", "hide", "search",
              "template", "status", "subtitle", "icon", "tags", "social", "comments")
FIRST_LINE = 2  # the front matter's first line in the page's file, after the opening '---'
SWITCHES = ("chapter", "glossary")  # the keys that must be true or false


# The booleans of YAML 1.2, which Zensical reads front matter as. MkDocs reads YAML 1.1, where
# `yes`, `no`, `on` and `off` are booleans too; in YAML 1.2 they are text.
CORE_BOOLEANS = ("true", "True", "TRUE", "false", "False", "FALSE")


def switch_problem(source: str, meta: Mapping[str, Any], name: str) -> str | None:
    """A switch (`glossary`, `chapter`) that is not true or false."""
    value = meta.get(name)
    if value is None or isinstance(value, bool):
        return None
    return f"{source}: front matter '{name}' must be true or false, not {value!r}"


def description_problem(source: str, meta: Mapping[str, Any]) -> str | None:
    """No `description`, which link previews show."""
    return None if meta.get("description") else f"{source}: front matter has no 'description' (link previews show it)"


def unknown_source(key: str, invalid: Collection[str] = (), data_file: str = "sources.yml") -> str:
    """How a key that is no valid work of `data_file` is named; `invalid`: keys whose entries
    have errors (reported on their own)."""
    if key in invalid:
        return f"source '{key}' (its entry in {data_file} has errors, see above)"
    return f"unknown source key '{key}' (not in {data_file})"


def listed_sources(source: str, meta: Mapping[str, Any], known: Collection[str], invalid: Collection[str] = (),
                   data_file: str = "sources.yml") -> tuple[list[str], list[str]]:
    """The front matter's `sources: [key, ...]` (or one key) that are in `known`, once each,
    and the problems: a value that is not a list of keys, each key that is not known."""
    listed = meta.get("sources") or []
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not all(isinstance(key, str) for key in listed):
        return [], [f"{source}: front matter 'sources' must be a list of source keys"]
    problems = [f"{source}: {unknown_source(key, invalid, data_file)} in front matter 'sources'"
                for key in listed if key not in known]
    return [key for key in dict.fromkeys(listed) if key in known], problems


def text_problems(source: str, text: str) -> list[str]:
    """What only the page's own text shows (`text`: the file as written), each as one line
    naming the page and line: front matter that is not valid YAML, which MkDocs then ignores
    whole without a word (PyYAML's message), a switch written `yes`, `no`, `on` or `off`, which
    MkDocs reads as true or false and Zensical as text (`SWITCHES`), and a key that is a near
    miss of a known one (`descripton`), which would be ignored too."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return []
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + FIRST_LINE}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return [f"{source}{where}: front matter is not valid YAML ({problem}), so none of it is read"]
    if not isinstance(data, dict):
        return [f"{source}:{FIRST_LINE}: front matter must be 'key: value' lines, so none of it is read"]
    lines = match.group(1).splitlines()
    problems = []
    if any(isinstance(data.get(name), bool) for name in SWITCHES):
        # `chapter: yes` is true to MkDocs and text to Zensical: the same line under both,
        # from the value as written (the node PyYAML read it from).
        written = {key.value: value.value for key, value in yaml.compose(match.group(1)).value}
        problems += [switch_problem(source, {name: written[name]}, name) for name in SWITCHES
                     if isinstance(data.get(name), bool) and written.get(name) not in CORE_BOOLEANS]
    for key in data:
        near = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1, cutoff=0.8)
        if key not in KNOWN_KEYS and near:
            line = next((number for number, written in enumerate(lines, start=FIRST_LINE)
                         if written.startswith(f"{key}:")), FIRST_LINE)
            problems.append(f"{source}:{line}: unknown front-matter key '{key}': did you mean '{near[0]}'?")
    return problems


def page_problems(source: str, meta: Mapping[str, Any], text: str = "") -> list[str]:
    """Every problem of a page's front matter, in order (`text`: the file as written, for what
    MkDocs did not read): text_problems(), then `chapter` and `description`. Front matter that
    could not be read has no description either: its own line says why, and that one is left out."""
    problems = text_problems(source, text)
    unread = any(problem.endswith("so none of it is read") for problem in problems)
    problems += [switch_problem(source, meta, "chapter"), None if unread else description_problem(source, meta)]
    return [problem for problem in problems if problem]


def cited_at(text: str, key: str) -> str:
    """Where the page (`text`: its file as written) first cites `key` (`[@key]`, `[@other; @key]`),
    as ":line" to follow its name in a message, or "" where it is not found as written."""
    found = re.search(rf"@{re.escape(key)}(?![\w-])", text)
    return f":{text.count(chr(10), 0, found.start()) + 1}" if found else ""
