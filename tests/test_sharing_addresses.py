"""Old addresses keep working: a moved page gets a redirect, a renamed heading keeps its
old id as an alias. Built on a copy of the project with both changes made."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from addresses import published_addresses
from conftest import CONFIG, Site
from test_addresses import recorded_addresses

ROOT = Path(__file__).resolve().parent.parent


def build(project: Path) -> Site:
    folder = project / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
        cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    return Site(folder, result.stderr)


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> Site:
    """The project after a maintainer renamed a heading and moved a page, keeping the old addresses."""
    project = tmp_path_factory.mktemp("project")
    for name in ("mkdocs.yml", "docs", "hooks", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    consequences = project / "docs" / "consequences.md"
    text = consequences.read_text("utf-8")
    text = text.replace("## Data reliability {#data-reliability}",
                        '## Reliability of data {#reliability-of-data aliases="data-reliability"}')
    # Paragraph anchors are numbered after the section's new id; the old ones stay as aliases.
    text = re.sub(r"(## Reliability of data.*?\n\n[^\n]+)\n",
                  r'\1\n{: aliases="data-reliability-1" }\n', text, count=1, flags=re.S)
    consequences.write_text(text, "utf-8")
    (project / "docs" / "origins.md").rename(project / "docs" / "history.md")
    config = (project / "mkdocs.yml").read_text("utf-8").replace("origins.md", "history.md")
    config = config.replace("redirect_maps: {}", "redirect_maps:\n        origins.md: history.md")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    for page in (project / "docs").glob("*.md"):  # links to the moved page follow it
        page.write_text(page.read_text("utf-8").replace("(origins.md", "(history.md"), "utf-8")
    return build(project)


def test_the_redirect_map_is_configured():
    plugins = CONFIG["plugins"]
    redirects = [p["redirects"] for p in plugins if isinstance(p, dict) and "redirects" in p]
    assert redirects and isinstance(redirects[0]["redirect_maps"], dict)


def test_a_renamed_heading_and_its_paragraphs_keep_their_old_addresses(changed):
    content = changed.content("/consequences/")
    assert content.find("h2", id="reliability-of-data").select_one("#data-reliability")
    assert content.find("p", id="reliability-of-data-1").select_one("#data-reliability-1")
    assert {"/consequences/#data-reliability", "/consequences/#data-reliability-1"} <= published_addresses(changed)


def test_a_moved_page_redirects_to_its_new_address_keeping_the_fragment(changed):
    stub = changed.soup("/origins/")
    assert changed.is_redirect("/origins/")
    assert stub.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../history/"
    # #section is carried over (tests/test_redirects.py follows it in Chromium)
    assert "location.hash" in stub.script.get_text()


def test_after_both_changes_every_published_address_still_works(changed):
    """The published-address test passes on the changed project: nothing was lost."""
    assert recorded_addresses() - published_addresses(changed) == set()

