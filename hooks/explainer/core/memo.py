"""Results worth keeping from one build to the next: text made from text, kept in a JSON file.

citeproc-py takes about 2 ms to format a work and Python-Markdown tens of microseconds
to render a definition, and both give the same output for the same input. A `Memo`
remembers what it made for the rest of the process (so `mkdocs serve` remakes only
what changed) and, once opened on a folder, in a JSON file there, so that the next
`mkdocs build` reuses it too:

    REFERENCES = Memo("references", version="…")   # what decides the output besides the input
    REFERENCES.open(Path(".explainer-cache"))       # each build, at its start; None: memory only
    REFERENCES.get(key, lambda: expensive(key))
    REFERENCES.save()                               # each build, at its end

A memo is a module constant that lives as long as the process. An MkDocs build opens
each memo once when it starts and saves it once when it ends (`explainer.core.build`);
other builders (Zensical) never open one, so it keeps what they make in memory only.

The file holds only what the last build used, so it stays the size of the site. Its
`version` names the libraries and code that made the entries: when they change, the
file is ignored and rewritten. A missing, broken or unwritable file only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path


def version_of(*, packages: Iterable[str] = (), files: Iterable[Path | str] = ()) -> str:
    """A digest of the installed versions of `packages` and the contents of `files`."""
    digest = hashlib.sha256()
    for package in packages:
        digest.update(f"{package}=={metadata.version(package)}\n".encode())
    for file in files:
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()[:16]


# Not `.cache`: Zensical keeps its own cache there, and empties it.
DEFAULT_FOLDER = ".explainer-cache"


def cache_folder(extra: dict, config_file: str | None) -> Path | None:
    """The folder that `extra.cache_dir` of mkdocs.yml names (default `.explainer-cache`), relative
    to mkdocs.yml. None when it is false: no cache on disk. A ValueError naming the file
    when it is not a folder name."""
    setting = extra.get("cache_dir", DEFAULT_FOLDER)
    if setting is False or setting is None or setting == "":
        return None
    if not isinstance(setting, str):
        raise ValueError(f"{config_file}: extra.cache_dir must be a folder or false, not {setting!r}")
    return (Path(config_file).parent if config_file else Path.cwd()) / setting


def open_memos(memos: Iterable[Memo], extra: dict, config_file: str | None) -> None:
    """Open each memo on the folder `extra.cache_dir` names (`cache_folder`)."""
    folder = cache_folder(extra, config_file)
    for memo in memos:
        memo.open(folder)


class Memo:
    def __init__(self, name: str, version: str | Callable[[], str]):
        self.name = name
        self._version = version
        self.known: dict[str, str] = {}  # everything made or read in this process
        self.used: dict[str, str] = {}  # what this build asked for
        self.path: Path | None = None
        self._on_disk: dict[str, str] = {}

    @property
    def version(self) -> str:
        if callable(self._version):  # computed when first needed: reading files costs
            self._version = self._version()
        return self._version

    def open(self, folder: Path | None) -> None:
        """Start a build: remember in `folder/NAME.json` (None: in memory only)."""
        path = folder / f"{self.name}.json" if folder is not None else None
        self.used = {}
        self.path = path
        self._on_disk = self._read() if self.path is not None else {}
        self.known.update(self._on_disk)

    def get(self, key: str, make: Callable[[], str]) -> str:
        value = self.used.get(key)
        if value is None:
            value = self.known.get(key)
            if value is None:
                value = self.known[key] = make()
            self.used[key] = value
        return value

    def save(self) -> None:
        """End a build: write what it used, if that is not what the file already holds."""
        if self.path is None or self.used == self._on_disk:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Written whole, then renamed: a build that stops half-way leaves no broken file.
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.path.parent, suffix=".tmp",
                                             delete=False) as file:
                json.dump({"version": self.version, "entries": self.used}, file, ensure_ascii=False)
            os.replace(file.name, self.path)
            self._on_disk = dict(self.used)
        except OSError:
            pass

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != self.version:
            return {}
        entries = data.get("entries")
        if not isinstance(entries, dict):
            return {}
        return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, str)}
