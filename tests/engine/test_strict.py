"""`mkdocs build --strict` stops on our own mistakes whatever the log level: also under
`-q` (which MkDocs 1.6 lets through, mkdocs#4126) and `-v` (mkdocs#3991), with the
same one-line messages. Each run is the `mkdocs` command line itself, on a copy of the
fixture explainer with one mistake of each kind.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_explainer

def line_of(page: str, text: str) -> int:
    """The line of the English fixture's docs/`page` on which `text` first stands."""
    written = (FIXTURES / "english-explainer" / "docs" / page).read_text("utf-8")
    return written[:written.index(text)].count("\n") + 1


# (file in docs/, text, replacement, the message that names it), in the English fixture explainer
MISTAKES = [
    ("causes.md", "[@publius-1787]", "[@publius-1778]",
     f"causes.md:{line_of('causes.md', '[@publius-1787]')}: unknown source key 'publius-1778' (not in sources.yml) "
     "in [@publius-1778]"),
    ("effects.md", "chapter: true\n", "chapter: maybe\n",
     "effects.md: front matter 'chapter' must be true or false, not 'maybe'"),
    ("about.md", "title: About this edition\n", "title: About this edition\nglossary: sometimes\n",
     "about.md: front matter 'glossary' must be true or false, not 'sometimes'"),
    ("glossary.yml", "  sources: [adair-1951]\n", "  sources: [nobody-1999]\n",
     "entry 'faction': unknown source 'nobody-1999' (not in sources.yml)"),
    ("sources.yml", "  title: A Preface to Democratic Theory\n", "",
     "entry 'dahl-1956': missing required field 'title'"),
    ("causes.md", "title: The causes of faction\n", "title: The causes of faction – أهداف\n",
     "causes.md: the link preview's font has no glyph for 'أهداف' in the title or site name"),
    # The sources' messages, each a unit case of tests/engine/test_sources_messages.py.
    ("index.md", "title: On Faction\n", "title: On Faction\nsources: [nobody-2001]\n",
     "index.md: unknown source key 'nobody-2001' (not in sources.yml) in front matter 'sources'"),
    ("about.md", "title: About this edition\n", "title: About this edition\nsources: {a: b}\n",
     "about.md: front matter 'sources' must be a list of source keys"),
    # A key written twice in a page's front matter (more cases: tests/engine/test_real_world_input.py).
    ("sources.md", "title: Sources\n", "title: Sources\ntitle: Sources\n",
     "sources.md:3: front matter: duplicate key 'title' (first on line 2)"),
    # A setting that warns (one that raises: the last test).
    ("mkdocs.yml", "  language: en\n", "  language: fr\n",
     "mkdocs.yml: theme.language 'fr': the explainer's own words exist in en, de; "),
]
# What the mistakes above lead to: the page that cites the incomplete entry says so.
CONSEQUENCES = [f"effects.md:{line_of('effects.md', '@dahl-1956')}: source 'dahl-1956' (its entry in sources.yml has "
                "errors, see above) in [@dahl-1956]"]
# --quiet and --verbose are the same options as -q and -v (click), so one run each.
FLAGS = [[], ["-q"], ["-v"]]


# A mistake that stops the build at once (an error, not a warning).
FATAL = ("glossary.yml", "  see: [republic, ouyang-xiu]\n", "  see: [republic, ouyang-xiu, nothing]\n",
         "entry 'faction': 'see' names 'nothing', which is not an entry of the glossary")


def copy_project(folder: Path, mistakes: list[tuple[str, str, str, str]]) -> Path:
    """A copy of the English fixture explainer in `folder`, with `mistakes` made in its docs/ (or in
    its mkdocs.yml); the folder with its mkdocs.yml."""
    explainer = copy_explainer(FIXTURES / "english-explainer", folder)
    for file, old, new, _ in mistakes:
        path = explainer / file if file == "mkdocs.yml" else explainer / "docs" / file
        text = path.read_text("utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
    return explainer


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
    for message in [message for *_, message in MISTAKES] + CONSEQUENCES:
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
    lines = (FIXTURES / "english-explainer" / "docs" / "glossary.yml").read_text("utf-8").splitlines()
    entry = lines.index("faction:") + 1
    assert len(errors) == 1 and errors[0].endswith(f"glossary.yml:{entry}: {FATAL[3]}"), result.stderr


def test_quiet_and_strict_on_a_correct_project_prints_nothing(tmp_path):
    result = mkdocs_build(copy_project(tmp_path, []), "-q")
    assert (result.returncode, result.stderr.strip()) == (0, "")


# Every mistake in the settings and its line: a unit table (tests/engine/test_build.py). Here a
# whole build shows that one which raises (a missing setting) stops it; one which warns is among
# MISTAKES above.
@pytest.mark.parametrize("old, new, expected", [
    ("    key: mustermann-2024\n", "", "mkdocs.yml: extra.article.key is not set: the key of the article's own "
                                     "entry in docs/sources.yml, e.g. extra: {article: {key: smith-2024}}"),
])
def test_a_mistake_in_the_settings_stops_the_build_with_one_line(tmp_path, old, new, expected):
    explainer = copy_explainer(FIXTURES / "second-explainer", tmp_path)
    path = explainer / "mkdocs.yml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    result = mkdocs_build(explainer)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if re.match(r"(WARNING|ERROR)\s+-|Error: ", line)]
    assert len([line for line in problems if expected in line]) == 1, result.stderr
