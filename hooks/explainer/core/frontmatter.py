"""What a page's front matter must hold, worded once for every builder.

Each function returns the problem as one line naming the page (`source`: its path as
the builder names it, "origins.md"), or None. Under MkDocs the hooks log it as a
warning, which stops a strict build; without hooks the extensions
(`explainer.extensions`) raise it, which stops the build.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any


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
