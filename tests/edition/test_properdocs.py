"""The same site under ProperDocs, the fork of MkDocs 1.6 by MkDocs' original maintainers.

ProperDocs loads the same hooks, theme and plugins (it answers `import mkdocs`). Its
build must publish the same files with the same bytes as the session's MkDocs build,
page by page. Two things legitimately differ, and only those are set aside:

- the generator tag of each page, which names the builder;
- the build date in `sitemap.xml`: ProperDocs builds with the date of the MkDocs build
  (`SOURCE_DATE_EPOCH`, which both honour), so the dates must match too. The gzipped
  sitemap is compared unpacked: gzip writes its own time into the header.
"""

from __future__ import annotations

import datetime
import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


@pytest.fixture(scope="session")
def properdocs_site(site, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("properdocs-site")
    lastmod = re.search(r"<lastmod>([\d-]+)</lastmod>", (site.folder / "sitemap.xml").read_text("utf-8"))
    day = datetime.datetime.fromisoformat(lastmod[1]).replace(hour=12, tzinfo=datetime.timezone.utc)
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(folder)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(int(day.timestamp())),
             "EXPLAINER_CACHE_DIR": str(tmp_path_factory.mktemp("properdocs-cache"))},
    )
    if result.returncode != 0:
        pytest.fail(f"properdocs build --strict failed:\n{result.stderr}", pytrace=False)
    return folder


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def _content(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def test_properdocs_publishes_the_same_files(site, properdocs_site):
    assert _files(properdocs_site) == _files(site.folder)


def test_properdocs_builds_each_file_identically_but_for_the_generator_tag(site, properdocs_site):
    different = []
    generators = set()
    for name in sorted(_files(site.folder) & _files(properdocs_site)):
        ours, theirs = _content(site.folder / name), _content(properdocs_site / name)
        if name.endswith(".html"):
            generators.update((GENERATOR.search(ours)[1], GENERATOR.search(theirs)[1]) if GENERATOR.search(ours) else ())
            ours, theirs = GENERATOR.sub(b"", ours), GENERATOR.sub(b"", theirs)
        if ours != theirs:
            different.append(name)
    assert different == []
    # The one difference set aside is real: each build names its builder.
    assert any(g.startswith(b"mkdocs-1.") for g in generators) and any(b"ProperDocs" in g for g in generators)
