"""Make a new explainer with Copier (`explainer new PATH`, explainer.cli)."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import yaml

TEMPLATE = Path(__file__).resolve().parent  # copier.yml and template/
DISTRIBUTION = "explainer-engine"
EXTRA = "check"  # the engine's checks need pytest (pyproject.toml)
ANSWERS_FILE = ".copier-answers.yml"
VERSION_RE = re.compile(r"^\d+(\.\d+)*([a-z]+\d*)?$")


class ScaffoldError(Exception):
    """A mistake in the command line or the target folder: one line for the maintainer."""


def version() -> str:
    """This engine's version (pyproject.toml's `version`, as installed)."""
    return metadata.version(DISTRIBUTION)


def repository() -> str | None:
    """The engine's git repository (pyproject.toml's `[project.urls] Repository`), or None."""
    for entry in metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "repository" and url.strip():
            return url.strip()
    return None


def local_checkout() -> Path | None:
    """The folder this engine was installed from (`pip install [-e] FOLDER`, as `make` does in a
    clone of its repository), or None for an engine installed from a package index or a wheel.
    Read from the installation's direct_url.json (PEP 610)."""
    # Every record of the installation: run in the clone, its build's egg-info (no direct_url.json)
    # is found too.
    texts = (found.read_text("direct_url.json") for found in metadata.distributions(name=DISTRIBUTION))
    record = json.loads(next((text for text in texts if text), "{}"))
    url = record.get("url", "")
    if "dir_info" not in record or not url.startswith("file://"):
        return None
    folder = Path(url2pathname(urlparse(url).path))  # file:///a%20b -> /a b
    return folder if (folder / "pyproject.toml").is_file() else None


def default_engine() -> str:
    """What `--engine` is when not given: this engine's version where an explainer can install
    that (its git tag, once the repository is known, or the package index), else, for an engine
    run from a clone whose repository is not yet named, that clone's folder, since its version is
    released nowhere a new explainer could install it from."""
    checkout = local_checkout()
    return str(checkout) if checkout and not repository() else version()


def engine_requirement(spec: str | None) -> str:
    """The pip requirement (PEP 508) that the new explainer's requirements.txt installs the engine by.

    `spec`: None (default_engine()), a version ("1.2.0", from its git tag `v<version>` when the
    repository is known, else from the package index),
    a local folder or wheel (as a file: URL, for testing), or any other requirement,
    written as is. Raises ScaffoldError for a path that does not exist.
    """
    spec = spec.strip() if spec else default_engine()
    if VERSION_RE.match(spec):
        url = repository()
        return (f"{DISTRIBUTION}[{EXTRA}] @ git+{url}@v{spec}" if url else f"{DISTRIBUTION}[{EXTRA}]=={spec}")
    path = Path(spec).expanduser()
    if path.exists():
        return f"{DISTRIBUTION}[{EXTRA}] @ {path.resolve().as_uri()}"
    if spec.startswith((".", "/", "~")) or spec.endswith(".whl"):
        raise ScaffoldError(f"{spec}: --engine names no folder or wheel that exists")
    return spec


def create(path: Path, answers: dict[str, str], engine: str | None, ask: bool) -> Path:
    """Make the explainer at `path` (a new or empty folder) from `answers` (question -> answer,
    copier.yml); with `ask`, Copier asks for the others on the terminal, else takes their
    defaults. Returns the folder. Raises ScaffoldError if `path` holds files already, or for
    an answer that copier.yml refuses (nothing is written then)."""
    import copier  # loads only for this command

    path = path.expanduser().resolve()
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ScaffoldError(f"{path}: not an empty folder; give the path of a new one")
    data = {key: value for key, value in answers.items() if value is not None}
    engine = engine or default_engine()
    data["engine"] = engine_requirement(engine)
    try:
        copier.run_copy(str(TEMPLATE), path, data=data, defaults=not ask, unsafe=False, quiet=not ask,
                        user_defaults={"date": datetime.date.today().isoformat()})
    except ValueError as error:  # an answer its question's validator refuses (copier.yml)
        raise ScaffoldError(f"{path}: {error}") from None
    _point_updates_at_repository(path, engine)
    if shutil.which("git") and not (path / ".git").exists():
        subprocess.run(["git", "init", "--quiet", str(path)], check=False)
    return path


def _point_updates_at_repository(path: Path, engine: str | None) -> None:
    """Make `copier update` read the template where later versions of it are: the engine's git
    repository at this version's tag, or the local git checkout `--engine` named, at its
    commit (Copier wrote the installed package's folder, which is no git repository)."""
    answers_file = path / ANSWERS_FILE
    text = answers_file.read_text("utf-8")
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    answers = yaml.safe_load(text)
    checkout = Path(engine).expanduser() if engine else None
    if checkout and (checkout / ".git").exists() and (checkout / "copier.yml").is_file():
        commit = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True)
        if commit.returncode != 0:
            return
        answers.update(_src_path=str(checkout.resolve()), _commit=commit.stdout.strip())
    elif repository():
        answers.update(_src_path=f"git+{repository()}", _commit=f"v{version()}")
    else:
        return
    answers_file.write_text(header + yaml.safe_dump(answers, allow_unicode=True, sort_keys=True), "utf-8")
