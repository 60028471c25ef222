"""`mkdocs build --strict` stops on our own mistakes whatever the log level: also under
`-q` (which MkDocs 1.6 lets through, mkdocs#4126) and `-v` (mkdocs#3991), with the
same one-line messages. Each run is the `mkdocs` command line itself, on a copy of the
project with one mistake of each kind.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def line_of(page: str, text: str) -> int:
    """The line of docs/`page` on which `text` first stands."""
    written = (ROOT / "docs" / page).read_text("utf-8")
    return written[:written.index(text)].count("\n") + 1


# (file in docs/, text, replacement, the message that names it)
MISTAKES = [
    ("origins.md", "[@hoffman-2017]", "[@hofman-2017]",
     f"origins.md:{line_of('origins.md', '[@hoffman-2017]')}: unknown source key 'hofman-2017' (not in sources.yml) "
     "in [@hofman-2017]"),
    ("consequences.md", "chapter: true\n", "chapter: maybe\n",
     "consequences.md: front matter 'chapter' must be true or false, not 'maybe'"),
    ("conclusions.md", "chapter: true\n", "chapter: true\nglossary: sometimes\n",
     "conclusions.md: front matter 'glossary' must be true or false, not 'sometimes'"),
    ("glossary.yml", "  sources: [state-council-2014, meissner-2017, mistreanu-2018, hoffman-2018,",
     "  sources: [state-council-2014, meissner-2017, mistreanu-2018, nobody-1999,",
     "entry 'social-credit-system': unknown source 'nobody-1999' (not in sources.yml)"),
    ("sources.yml", '  title: "Life Inside China\'s Social Credit Laboratory"\n', "",
     "entry 'mistreanu-2018': missing required field 'title'"),
    ("economic-goals.md", "title: Economic goals to be achieved by the SCS\n", "title: Economic goals – أهداف\n",
     "economic-goals.md: the link preview's font has no glyph for 'أهداف' in the title or site name"),
]
FLAGS = [[], ["-q"], ["-v"], ["--quiet"], ["--verbose"]]


# A mistake that stops the build at once (an error, not a warning).
FATAL = ("glossary.yml", "  see: [planning-outline, blacklist, pilot-cities, rongcheng, sesame-credit]\n",
         "  see: [planning-outline, blacklist, pilot-cities, rongcheng, sesame-credit, nothing]\n",
         "entry 'social-credit-system': 'see' names 'nothing', which is not an entry of the glossary")


def copy_project(folder: Path, mistakes: list[tuple[str, str, str, str]]) -> Path:
    """A copy of the project in `folder`, with `mistakes` made in its docs/."""
    for name in ("docs", "hooks", "overrides"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", folder)
    for file, old, new, _ in mistakes:
        path = folder / "docs" / file
        text = path.read_text("utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
    return folder


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("broken"), MISTAKES)


def mkdocs_build(folder: Path, *flags: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_CACHE_DIR": str(folder / ".cache")}
    env.pop("SITE_URL", None)
    env.pop("EXPLAINER_PUBLISH", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *flags, "--site-dir", str(folder / "site")],
        cwd=folder, capture_output=True, text=True, env=env, timeout=600,
    )


def warnings(stderr: str) -> list[str]:
    return [line.split("-  ", 1)[1] for line in stderr.splitlines() if re.match(r"WARNING\s+-  ", line)]


@pytest.fixture(scope="module")
def default_run(broken):
    return mkdocs_build(broken)


@pytest.mark.parametrize("flags", FLAGS, ids=lambda flags: " ".join(flags) or "no flag")
def test_a_strict_build_stops_on_each_mistake_with_the_same_lines(broken, default_run, flags):
    result = default_run if not flags else mkdocs_build(broken, *flags)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"^Aborted with \d+ warnings in strict mode!$", result.stdout + result.stderr, re.M), result.stderr
    lines = warnings(result.stderr)
    for *_, message in MISTAKES:
        assert [line for line in lines if message in line], f"{flags}: no line says {message!r}"
    assert lines == warnings(default_run.stderr)  # the same lines, in the same order
    if flags in (["-q"], ["--quiet"]):  # quiet: the problems, and nothing else
        assert "INFO" not in result.stderr


@pytest.mark.parametrize("flags", FLAGS[:3], ids=lambda flags: " ".join(flags) or "no flag")
def test_a_mistake_that_stops_the_build_says_so_in_one_line_under_every_flag(tmp_path, flags):
    result = mkdocs_build(copy_project(tmp_path, [FATAL]), *flags)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    # The message names the line where the entry starts.
    lines = (ROOT / "docs" / "glossary.yml").read_text("utf-8").splitlines()
    entry = lines.index("social-credit-system:") + 1
    assert len(errors) == 1 and errors[0].endswith(f"glossary.yml:{entry}: {FATAL[3]}"), result.stderr


def test_quiet_and_strict_on_a_correct_project_prints_nothing(tmp_path):
    result = mkdocs_build(copy_project(tmp_path, []), "-q")
    assert (result.returncode, result.stderr.strip()) == (0, "")
