"""Bad input stops `mkdocs build --strict` with one line naming the file and the key.

Each case builds a copy of the English fixture explainer with one mistake, the way a
maintainer would (that it builds without messages as it is: tests/engine/test_strict.py).
The same messages, from the build object called directly: tests/engine/test_build.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import edit, mkdocs_build


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.match(r"(WARNING|ERROR)\s+-", line)]


def sources_lines(stderr: str) -> list[str]:
    return [line for line in problem_lines(stderr) if "sources" in line or ".md:" in line]


def entry_line(explainer: Path, key: str) -> int:
    lines = (explainer / "docs" / "sources.yml").read_text("utf-8").splitlines()
    return lines.index(f"{key}:") + 1


def cited_line(explainer: Path, page: str, written: str) -> int:
    """The first line of docs/`page` that holds `written` (a citation, '@key')."""
    lines = (explainer / "docs" / page).read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if written in line)


@pytest.mark.parametrize(
    "page, old, new, expected",
    [
        ("effects.md", "[@dahl-1956]", "[@dal-1956]",
         "effects.md:{line}: unknown source key 'dal-1956' (not in sources.yml) in [@dal-1956]"),
        ("effects.md", "chapter: true\n", "chapter: true\nsources: [nobody-2001]\n",
         "effects.md: unknown source key 'nobody-2001' (not in sources.yml) in front matter 'sources'"),
        ("effects.md", "chapter: true\n", "chapter: true\nsources: {a: b}\n",
         "effects.md: front matter 'sources' must be a list of source keys"),
    ],
)
def test_a_bad_key_in_a_page(english_project, page, old, new, expected):
    project = english_project
    edit(project / "docs" / page, old, new)
    written = (project / "docs" / page).read_text("utf-8")
    expected = expected.replace("{line}", str(written[:written.index(new)].count("\n") + 1))  # where the citation is
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert [line.split("-  ", 1)[1] for line in sources_lines(result.stderr)] == [expected]


def test_an_incomplete_entry(english_project):
    project = english_project
    line = entry_line(project, "adair-1951")
    edit(project / "docs" / "sources.yml", '  title: "The Tenth Federalist Revisited"\n', "")
    result = mkdocs_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    messages = [line.split("-  ", 1)[1] for line in sources_lines(result.stderr)]
    data = str(project / "docs" / "sources.yml")
    assert messages == [
        f"{data}:{line}: entry 'adair-1951': missing required field 'title'",
        # the page that cites it
        f"causes.md:{cited_line(project, 'causes.md', '@adair-1951')}: source 'adair-1951' (its entry in sources.yml "
        "has errors, see above) in [@adair-1951]",
    ]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("dahl-1956:\n", "adair-1951:\n", r"sources\.yml:(\d+): duplicate id 'adair-1951' \(first on line (\d+)\)"),
        ("dahl-1956:\n", "dahl-1956: [\n", r"sources\.yml:(\d+): invalid YAML"),
        ("dahl-1956:\n", "Dahl 1956:\n", r"sources\.yml:(\d+): 'Dahl 1956' is not a valid id"),
    ],
)
def test_an_unreadable_data_file(english_project, old, new, expected):
    project = english_project
    edit(project / "docs" / "sources.yml", old, new)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    # Other features that read sources.yml may add their own consequences; the file's
    # own mistake is reported once, at its line.
    lines = [line for line in result.stderr.splitlines() if re.search(r"sources\.yml:\d+", line)]
    assert len(lines) == 1 and re.search(expected, lines[0]), result.stderr
