"""Bad input stops `mkdocs build --strict` with one line naming the file and the key.

Each case builds a copy of the project with one mistake, the way a maintainer would.
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


def entry_line(project: Path, key: str) -> int:
    lines = (project / "docs" / "sources.yml").read_text("utf-8").splitlines()
    return lines.index(f"{key}:") + 1


def cited_line(project: Path, page: str, written: str) -> int:
    """The first line of docs/`page` that holds `written` (a citation, '@key')."""
    lines = (project / "docs" / page).read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if written in line)


def test_the_project_as_it_is_builds_without_messages(project):
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert problem_lines(result.stderr) == []


@pytest.mark.parametrize(
    "page, old, new, expected",
    [
        ("origins.md", "(Samantha Hoffman, 12/2017) [@hoffman-2017]", "(Samantha Hoffman, 12/2017) [@hofman-2017]",
         "origins.md:{line}: unknown source key 'hofman-2017' (not in sources.yml) in [@hofman-2017]"),
        ("origins.md", "title: Origins\n", "title: Origins\nsources: [nobody-2001]\n",
         "origins.md: unknown source key 'nobody-2001' (not in sources.yml) in front matter 'sources'"),
        ("origins.md", "title: Origins\n", "title: Origins\nsources: {a: b}\n",
         "origins.md: front matter 'sources' must be a list of source keys"),
    ],
)
def test_a_bad_key_in_a_page(project, page, old, new, expected):
    edit(project / "docs" / page, old, new)
    written = (project / "docs" / page).read_text("utf-8")
    expected = expected.replace("{line}", str(written[:written.index(new)].count("\n") + 1))  # where the citation is
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert [line.split("-  ", 1)[1] for line in sources_lines(result.stderr)] == [expected]


def test_an_incomplete_entry(project):
    line = entry_line(project, "mistreanu-2018")
    edit(project / "docs" / "sources.yml", '  title: "Life Inside China\'s Social Credit Laboratory"\n', "")
    result = mkdocs_build(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    messages = [line.split("-  ", 1)[1] for line in sources_lines(result.stderr)]
    data = str(project / "docs" / "sources.yml")
    assert messages == [
        f"{data}:{line}: entry 'mistreanu-2018': missing required field 'title'",
        *(f"{page}:{cited_line(project, page, '@mistreanu-2018')}: source 'mistreanu-2018' (its entry in sources.yml "
          "has errors, see above) in [@mistreanu-2018]"
          for page in ("since-2018.md", "social-goals.md")),  # the pages that cite it
    ]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("kling-2017:\n", "hoffman-2017:\n", r"sources\.yml:(\d+): duplicate id 'hoffman-2017' \(first on line (\d+)\)"),
        ("kling-2017:\n", "kling-2017: [\n", r"sources\.yml:(\d+): invalid YAML"),
        ("kling-2017:\n", "Kling 2017:\n", r"sources\.yml:(\d+): 'Kling 2017' is not a valid id"),
    ],
)
def test_an_unreadable_data_file(project, old, new, expected):
    edit(project / "docs" / "sources.yml", old, new)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    # Other features that read sources.yml may add their own consequences; the file's
    # own mistake is reported once, at its line.
    lines = [line for line in result.stderr.splitlines() if re.search(r"sources\.yml:\d+", line)]
    assert len(lines) == 1 and re.search(expected, lines[0]), result.stderr
