"""Load the data files maintainers edit (`docs/glossary.yml`, `docs/sources.yml`).

Every problem becomes a `DataError` that names the file, the line and the entry, so
that a hook can report it on one line instead of a traceback.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from explainer.core.memo import Memo, version_of

# Ids become URL fragments (`/glossary/#sesame-credit`), so they stay plain.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class DataError(Exception):
    """A mistake in a data file, located for the maintainer who has to fix it."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Entry:
    """One top-level entry of a data file: its id, its fields, and where it starts."""

    id: str
    fields: dict[str, Any]
    line: int

    def error(self, path: Path | str, message: str) -> DataError:
        return DataError(path, self.line, f"entry '{self.id}': {message}")


# libyaml's parser where PyYAML has it: a 2,000-entry glossary parses in a few
# hundredths of a second instead of more than one second.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The entries of each text, as JSON: a text read before in this process or by the last
# build (each build opens the memo on the cache folder, `explainer.core.build`) is not
# parsed again, and reading JSON is several times faster than parsing YAML.
PARSED = Memo("data-files", lambda: version_of(packages=("PyYAML",), files=[__file__]))


def load_entries(path: Path) -> list[Entry]:
    """Read a YAML mapping of id -> mapping, keeping each entry's line number.

    Raises DataError for unreadable YAML, a top level that is not a mapping, a
    duplicate or malformed id, or an entry that is not a mapping. A text parsed before
    is read from the memo `PARSED`.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DataError(path, None, f"cannot read the file ({error.strerror})") from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[:error.start].count(b"\n") + 1
        raise DataError(path, line, "the file is not UTF-8 text (save it as UTF-8)") from None
    return _parse_remembered(path, text)


def _parse_remembered(path: Path, text: str) -> list[Entry]:
    parsed: list[Entry] = []

    def parse() -> str:
        parsed.extend(_parse(path, text))
        return _as_json(parsed)

    remembered = PARSED.get(hashlib.sha256(text.encode()).hexdigest(), parse)
    if parsed or not remembered:  # just parsed, or data that JSON cannot hold
        return parsed or _parse(path, text)
    return [Entry(id, fields, line) for id, line, fields in json.loads(remembered, object_hook=_from_json)]


def _as_json(entries: list[Entry]) -> str:
    """The entries as JSON, or "" if reading it back would not give the same entries."""
    data = [[entry.id, entry.line, entry.fields] for entry in entries]
    try:
        text = json.dumps(data, ensure_ascii=False, default=_to_json)
        return text if json.loads(text, object_hook=_from_json) == data else ""
    except (TypeError, ValueError):
        return ""


# YAML reads 2018-07-01 as a date, which JSON has no value for.
_DATES = {"$date": datetime.date, "$datetime": datetime.datetime}


def _to_json(value: object) -> dict:
    for tag, kind in reversed(_DATES.items()):  # a datetime is a date too: ask for it first
        if isinstance(value, kind):
            return {tag: value.isoformat()}
    raise TypeError(f"no JSON for {value!r}")


def _from_json(value: dict) -> object:
    if len(value) == 1 and next(iter(value)) in _DATES:
        tag, text = next(iter(value.items()))
        return _DATES[tag].fromisoformat(text)
    return value


def _parse(path: Path, text: str) -> list[Entry]:
    loader = _LOADER(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as error:
            raise _invalid_yaml(path, text, error) from None
        if root is None:
            return []
        if not isinstance(root, yaml.MappingNode):
            raise DataError(path, root.start_mark.line + 1, "the file must be a mapping of id: entry")

        entries: list[Entry] = []
        seen: dict[str, int] = {}
        for key_node, value_node in root.value:
            line = key_node.start_mark.line + 1
            entry_id = key_node.value
            if not isinstance(key_node, yaml.ScalarNode) or not ID_PATTERN.fullmatch(str(entry_id)):
                raise DataError(
                    path, line,
                    f"'{entry_id}' is not a valid id (use lowercase letters, digits and hyphens)",
                )
            if entry_id in seen:
                raise DataError(path, line, f"duplicate id '{entry_id}' (first on line {seen[entry_id]})")
            seen[entry_id] = line
            _refuse_duplicate_keys(path, f"entry '{entry_id}'", value_node)
            try:
                fields = loader.construct_document(value_node)
            except (yaml.YAMLError, ValueError) as error:  # e.g. an impossible date: 2020-02-30
                raise DataError(path, line, f"entry '{entry_id}': unreadable value ({error})") from None
            if not isinstance(fields, dict):
                raise DataError(path, line, f"entry '{entry_id}': must be a mapping of fields")
            entries.append(Entry(entry_id, fields, line))
        return entries
    finally:
        loader.dispose()


def check_front_matter(path: Path | str, front_matter: str, first_line: int = 2) -> None:
    """Raise DataError for a key written twice in a page's front matter (YAML would keep
    only the last). `first_line`: the line of the page the front matter starts on.
    Other mistakes in it are MkDocs' to report."""
    try:
        root = yaml.compose(front_matter, Loader=_LOADER)
    except yaml.YAMLError:
        return
    if root is not None:
        _refuse_duplicate_keys(path, "front matter", root, first_line - 1)


def _refuse_duplicate_keys(path: Path | str, where: str, node: yaml.Node, offset: int = 0) -> None:
    """A key written twice in one mapping, at any depth: PyYAML would keep only the last.

    Read from the composed nodes, whose marks give the line of the second key (plus
    `offset`, for YAML that starts further down a file). `where`: "entry 'id'", ...
    """
    stack, visited = [node], set()
    while stack:
        node = stack.pop()
        if id(node) in visited:  # an alias (*name) of a node already checked
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + 1 + offset
                    if key.value in first and key.tag != "tag:yaml.org,2002:merge":
                        raise DataError(
                            path, line, f"{where}: duplicate key '{key.value}' (first on line {first[key.value]})",
                        )
                    first.setdefault(key.value, line)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _invalid_yaml(path: Path, text: str, error: yaml.YAMLError) -> DataError:
    """The parse error as the pure-Python parser words it (libyaml's wording differs)."""
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as python_error:
        error = python_error
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if "'\\t'" in problem:
        problem = "a tab character where YAML allows only spaces (indent with spaces)"
    return DataError(path, mark.line + 1 if mark else None, f"invalid YAML: {problem}")
