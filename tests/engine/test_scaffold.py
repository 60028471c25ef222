"""`explainer new`: a new explainer, made in a temporary folder, builds and passes its own tests.

The scaffold is made unattended (`--title`, `--author`, `--language`) with the engine from
this checkout (the default in a clone: test_engine_spec_becomes_one_requirement). Its own
commands run: `make build` and `make test`, whose first run makes its `.venv` and installs
the engine with `pip install -r requirements.txt` (a wheel built from this checkout, so the
package data is what the distribution ships). To stay fast, its `.venv` sees this test
environment's packages (PYTHONPATH) and pip installs the engine alone (PIP_NO_DEPS,
PIP_FORCE_REINSTALL): it downloads nothing. Not exercised here: a fresh download of the
dependencies, an engine installed from a git tag, the publish workflow on GitHub, Copier's
questions on a terminal, `copier update`.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import shutil
import site
import subprocess
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import lxml.html
import pytest
import yaml

from explainer import checks, cli
from explainer.scaffold import new

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = new.TEMPLATE / "template"
FIXTURE = ROOT / "tests" / "fixtures" / "second-explainer"
# This test environment's packages, which a new explainer's .venv sees (PYTHONPATH); not the engine
# (its editable install is a .pth file there, which PYTHONPATH does not read).
TEST_PACKAGES = site.getsitepackages()[0]
# Files of the engine: none of them may be in an explainer (its hooks/ are one-line imports).
ENGINE_FILES = {"main.html", "explainer.css", "explainer.js", "ex-sharing.html", "build.py"}


def make_explainer(folder: Path, *options: str, engine: str | None = str(ROOT)) -> SimpleNamespace:
    """`explainer new folder *options --engine ENGINE` (without --engine if `engine` is None), run
    in this process (the command's own console script: test_the_console_script_is_installed_and_explains_itself
    in test_manuscript_import.py): its exit status and what it wrote to standard output and error."""
    said, error = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(error):
        status = cli.main(["new", str(folder), *options, *(["--engine", engine] if engine else [])])
    return SimpleNamespace(returncode=status, stdout=said.getvalue(), stderr=error.getvalue())


def run(command: list[str], folder: Path, **environment: str) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_CACHE_DIR": str(folder / ".cache"),
                                 **environment})
    assert result.returncode == 0, f"{' '.join(command)} failed in {folder}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


# The answers of the explainer the README's commands build: with Markdown characters, which are text.
MARKED = {"--title": "Gardens *for* all_of_us: [draft] #2 {2024}", "--author": "Ada_Fenwick *Jr*",
          "--publisher": "Trees & [Roots]"}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> SimpleNamespace:
    """`explainer new` as a maintainer types it in a clone of the engine (no --engine), with the
    MARKED answers; then, as a maintainer may, a template of its own in overrides/."""
    folder = tmp_path_factory.mktemp("new") / "gardens"
    made = make_explainer(folder, *[part for option in MARKED.items() for part in option], "--language", "en",
                          engine=None)
    assert made.returncode == 0, made.stderr
    (folder / "overrides" / "partials").mkdir()
    (folder / "overrides" / "partials" / "copyright.html").write_text('<p class="own-credit">{{ config.copyright }}</p>')
    made.folder = folder
    return made


@pytest.fixture(scope="module")
def scaffolded(made) -> Path:
    return made.folder


@pytest.fixture(scope="module")
def built(scaffolded) -> Path:
    """The README's first command, `make build`: it makes the .venv, installs the engine, builds site/."""
    run(["make", "build"], scaffolded, PIP_NO_DEPS="1", PIP_FORCE_REINSTALL="1", PYTHONPATH=TEST_PACKAGES)
    return scaffolded / "site"


def test_its_readme_commands_build_and_pass_its_tests(scaffolded, built):
    readme = (scaffolded / "README.md").read_text("utf-8")
    assert "make serve" in readme and "make test" in readme
    assert (built / "first-chapter" / "index.html").is_file()
    tested = run(["make", "test"], scaffolded, PYTHONPATH=TEST_PACKAGES)
    assert re.search(r"\b7 passed\b", tested.stdout), tested.stdout
    # The engine came from the wheel pip built, not from this checkout (what `pip show --files` reads).
    packages = next((scaffolded / ".venv" / "lib").glob("python3*/site-packages"))
    (engine,) = metadata.distributions(name="explainer-engine", path=[str(packages)])
    assert "explainer/theme/main.html" in {file.as_posix() for file in engine.files}
    assert '"editable": true' not in (engine.read_text("direct_url.json") or "")


def test_it_holds_every_part_and_no_engine_file(scaffolded):
    for path in ("mkdocs.yml", "docs/index.md", "docs/first-chapter.md", "docs/about.md", "docs/glossary.yml",
                 "docs/sources.yml", "tests/edition.yml", "README.md", "Makefile", ".ci/run",
                 ".github/workflows/publish.yml", ".gitignore", ".copier-answers.yml", "requirements.txt"):
        assert (scaffolded / path).is_file(), path
    assert os.access(scaffolded / ".ci" / "run", os.X_OK)
    mine = {path.name for path in scaffolded.rglob("*") if ".venv" not in path.parts and "site" not in path.parts}
    assert not mine & ENGINE_FILES
    assert all(len(path.read_text().splitlines()) <= 2 for path in (scaffolded / "hooks").glob("*.py"))


def test_its_answers_let_copier_update_it(scaffolded):
    answers = (scaffolded / ".copier-answers.yml").read_text("utf-8")
    assert f"_src_path: {ROOT}" in answers and "_commit: " in answers  # a git checkout, at its commit
    assert yaml.safe_load(answers)["title"] == MARKED["--title"]
    assert (scaffolded / "requirements.txt").read_text().splitlines()[-1] == \
        f"explainer-engine[check] @ {ROOT.as_uri()}"


def test_a_second_explainer_passes_the_engines_checks_in_a_scaffold(second, tmp_path):
    """The German fixture's docs/ and mkdocs.yml, dropped into a new explainer, build strictly and pass
    the engine's checks there. The fixture is laid out as that explainer (its hooks/ and overrides/
    are the scaffold's, file for file), so its strict build (`second`) is the build there; the checks
    are the ones the scaffold's tests run (`make test`, explainer.checks), with the tests/edition.yml
    `explainer new` writes for the fixture's answers."""
    folder = tmp_path / "garten"
    made = make_explainer(folder, "--title", "Gärten für alle", "--author", "Erika Mustermann",
                          "--language", "de", "--date", "2024-05", "--publisher", "Beispielverlag")
    assert made.returncode == 0, made.stderr
    for path in [*(FIXTURE / "hooks").iterdir(), *(FIXTURE / "overrides").iterdir()]:
        theirs = folder / path.relative_to(FIXTURE)
        assert theirs.is_file() and theirs.read_bytes() == path.read_bytes(), f"{path} is not the scaffold's"
    # Every template of the scaffold's overrides/ (custom_dir: all of it counts) is the fixture's too;
    # of its hooks/, only those the fixture's mkdocs.yml names run.
    ours, theirs = ({path.relative_to(root).as_posix() for path in (root / "overrides").rglob("*")}
                    for root in (FIXTURE, folder))
    assert ours == theirs, "the scaffold's overrides/ differ from the fixture's"
    ran = [alias.name for path in (folder / "tests").glob("test_*.py") for node in ast.walk(ast.parse(path.read_text()))
           if isinstance(node, ast.ImportFrom) and node.module == "explainer.checks" for alias in node.names]
    assert len(ran) == 7 and set(ran) == {name for name in vars(checks) if name.startswith("test_")}
    fixtures = {"built_site": checks.BuiltSite(second.folder), "docs": FIXTURE / "docs",
                "edition": yaml.safe_load((folder / "tests" / "edition.yml").read_text("utf-8")),
                # No --update-addresses: the checks only read the record.
                "request": SimpleNamespace(config=SimpleNamespace(getoption=lambda name: None))}
    for name in ran:
        check = getattr(checks, name)
        check(*[fixtures[parameter] for parameter in check.__code__.co_varnames[:check.__code__.co_argcount]])


def test_its_own_overrides_come_before_the_engines_templates(built):
    """A template in the explainer's overrides/ replaces the engine's of the same path; every other page
    part is the engine's (theme.py puts the engine's theme folder between custom_dir and Material)."""
    page = (built / "first-chapter" / "index.html").read_text("utf-8")
    assert '<p class="own-credit">' in page and '<div class="md-copyright">' not in page
    assert 'class="ex-sources' in page and 'id="ex-strings"' in page  # the engine's sources panel and script words
    assert (built / "assets" / "explainer.js").is_file() and not (built / "README.md").exists()


def test_a_title_with_markdown_characters_reads_as_written(built):
    """The answers are text, not Markdown: the pages show them as typed, and the home heading keeps
    its id (a title ending in `{...}` would otherwise be read as the heading's attributes)."""
    title, author = MARKED["--title"], MARKED["--author"]
    home = lxml.html.parse(built / "index.html").getroot()
    heading = home.get_element_by_id("home")
    assert heading.text_content().rstrip("¶") == title
    about = lxml.html.parse(built / "about" / "index.html").getroot()
    first = " ".join(about.xpath("//article//p")[0].text_content().split())
    assert first.startswith(f"{title} was written by {author} and published by {MARKED['--publisher']}"), first


@pytest.mark.parametrize("spec, requirement", [
    # No repository URL in pyproject.toml yet: this checkout (make installs it editable), since its
    # version is released nowhere else a new explainer could install it from.
    (None, f"explainer-engine[check] @ {ROOT.as_uri()}"),
    ("1.4.0", "explainer-engine[check]==1.4.0"),
    (str(ROOT), f"explainer-engine[check] @ {ROOT.as_uri()}"),
    ("explainer-engine[check] @ git+https://example.org/engine@v1.1.0",
     "explainer-engine[check] @ git+https://example.org/engine@v1.1.0"),
])
def test_engine_spec_becomes_one_requirement(spec, requirement):
    assert new.engine_requirement(spec) == requirement


@pytest.mark.parametrize("checkout, repository, requirement", [
    (None, None, f"explainer-engine[check]=={new.version()}"),  # installed from the package index
    (ROOT, None, f"explainer-engine[check] @ {ROOT.as_uri()}"),  # a clone whose version is released nowhere
    (ROOT, "https://example.org/engine", f"explainer-engine[check] @ git+https://example.org/engine@v{new.version()}"),
])
def test_the_default_engine_is_one_a_new_explainer_can_install(monkeypatch, checkout, repository, requirement):
    monkeypatch.setattr(new, "local_checkout", lambda: checkout)
    monkeypatch.setattr(new, "repository", lambda: repository)
    assert new.engine_requirement(None) == requirement


def test_an_engine_from_this_machine_is_named_before_publishing(made):
    said = made.stdout
    assert f"requirements.txt installs the engine from a folder on this machine (explainer-engine[check] @ {ROOT.as_uri()})" in said
    assert "before you publish from CI, name a released engine there" in said


@pytest.mark.parametrize("arguments, message", [
    (["--engine", "./no-such-engine"], "./no-such-engine: --engine names no folder or wheel that exists"),
    (["--date", "July 2018"], "Write the date as YYYY, YYYY-MM or YYYY-MM-DD"),
    (["--date", "2018-13"], "Write the date as YYYY, YYYY-MM or YYYY-MM-DD"),
    (["--date", "2018-07-32"], "Write the date as YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_a_mistake_is_one_line(tmp_path, capsys, arguments, message):
    status = cli.main(["new", str(tmp_path / "x"), "--title", "T", "--author", "A", "--language", "en", *arguments])
    error = capsys.readouterr().err
    assert status == 1 and error.count("\n") == 1 and message in error, error


def test_an_existing_folder_is_not_written_over(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert cli.main(["new", str(tmp_path), "--title", "T", "--author", "A", "--language", "en"]) == 1
    assert "not an empty folder" in capsys.readouterr().err
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("language, note", [("fr", True), ("de-CH", False), ("en", False)])
def test_a_language_without_the_engines_words_is_named(request, tmp_path, language, note):
    if language == "en":  # the gardens explainer
        said = request.getfixturevalue("made").stdout
    else:
        made = make_explainer(tmp_path / "x", "--title", "T", "--author", "A", "--language", language)
        assert made.returncode == 0, made.stderr
        said = made.stdout
    assert ("exist in en, de, not in 'fr': give them in fr under extra.strings" in said) == note, said


@pytest.mark.parametrize("page", ["glossary.md", "sources.md", "about.md.jinja", "index.md.jinja"])
def test_what_readers_see_names_no_maintainers_file(page):
    """The pages' text (not the comments in their front matter) is for readers: it names no file of the
    repository (docs/glossary.yml), which readers cannot open and have no use for."""
    text = (TEMPLATE / "docs" / page).read_text("utf-8")
    body = text.split("\n---\n", 1)[1]
    assert not re.search(r"docs/|\w\.ya?ml\b", body), body


@pytest.mark.parametrize("arguments, message", [
    (["--licence", "cc-by-nc-4.0"], "explainer new: error: argument --licence: invalid choice: 'cc-by-nc-4.0'"),
    (["--colour", "red"], "explainer: error: unrecognized arguments: --colour red"),
])
def test_a_wrong_command_line_is_one_line(tmp_path, capsys, arguments, message):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["new", str(tmp_path / "x"), "--title", "T", "--author", "A", "--language", "en", *arguments])
    error = capsys.readouterr().err
    assert stopped.value.code == 2 and error.count("\n") == 1 and error.startswith(message), error
    assert error.rstrip().endswith("--help` lists the options)") and not (tmp_path / "x").exists()


def test_a_new_version_in_the_engine_folder_is_installed(made, tmp_path):
    """An explainer whose requirements.txt names a folder (a clone of the engine, the default there)
    takes a new version of it (`git pull` changes its pyproject.toml) at the next `make`."""
    engine = tmp_path / "engine"
    engine.mkdir()
    (engine / "pyproject.toml").write_text('[project]\nversion = "1.0.0"\n')
    folder = tmp_path / "x"  # the Makefile of a new explainer, with a requirements.txt naming that folder
    folder.mkdir()
    shutil.copy(made.folder / "Makefile", folder)
    (folder / "requirements.txt").write_text(f"explainer-engine[check] @ {engine.as_uri()}\n")
    (folder / ".venv").mkdir()
    (folder / ".venv" / ".installed").touch()
    up_to_date = ["make", "--question", ".venv/.installed"]
    assert subprocess.run(up_to_date, cwd=folder).returncode == 0
    later = (folder / ".venv" / ".installed").stat().st_mtime + 10
    os.utime(engine / "pyproject.toml", (later, later))
    assert subprocess.run(up_to_date, cwd=folder).returncode == 1  # make would reinstall
