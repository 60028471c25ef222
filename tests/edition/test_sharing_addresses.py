"""Old addresses keep working: a moved page gets a redirect, a renamed heading keeps its
old id as an alias, a split paragraph leaves every later paragraph its address. Built on
a copy of the project with these changes made; and one where a paragraph's text is gone,
which the strict build refuses in one line. (The rules paragraph by paragraph:
tests/engine/test_address_record.py.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from addresses import published_addresses
from conftest import CONFIG, Site, edit
from explainer.sharing.anchors import words
from explainer.sharing.record import paragraph_fingerprints
from test_addresses import recorded, recorded_addresses

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """One cache folder for the builds of this module: the second reads the first's data files,
    references and preview images (cached by their content) instead of making them again."""
    return tmp_path_factory.mktemp("cache")


def run_build(project: Path, cache: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
        cwd=project, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_CACHE_DIR": str(cache)},
    )


def build(project: Path, cache: Path) -> Site:
    result = run_build(project, cache)
    assert result.returncode == 0, result.stderr
    return Site(project / "site", result.stderr)


def copy_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("project")
    for name in ("mkdocs.yml", "docs", "hooks", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    return project


# A repair of the extraction's damage: the second paragraph of Origins split in two.
SPLIT = ("The Schufa only monitors", "\n\nThe Schufa only monitors")


@pytest.fixture(scope="module")
def changed(tmp_path_factory, cache) -> Site:
    """The project after a maintainer renamed a heading, split a paragraph and moved its page,
    keeping the old addresses."""
    project = copy_project(tmp_path_factory)
    edit(project / "docs" / "origins.md", *SPLIT)
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
    return build(project, cache)


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
    # #section is carried over (tests/engine/test_redirects.py follows it in Chromium)
    assert "location.hash" in stub.script.get_text()


def test_after_both_changes_every_published_address_still_works(changed):
    """The published-address test passes on the changed project: nothing was lost."""
    assert recorded_addresses() - published_addresses(changed) == set()



def test_a_split_paragraph_leaves_every_published_address_on_its_text(changed):
    """#origins-3 still leads to “Trustworthiness …”, not to the paragraph's second half,
    also through the moved page's redirect; the second half gets an address never published."""
    content = changed.content("/history/")
    published = paragraph_fingerprints(recorded(), "/origins/")
    assert len(published) >= 6
    for id, printed in published.items():
        paragraph = content.find(id=id)
        assert paragraph is not None and words(paragraph.get_text()).startswith(printed), id
    half = next(p for p in content.select("p[id]") if p.get_text().startswith("The Schufa only monitors"))
    assert f"/origins/#{half['id']}" not in recorded()


def test_a_paragraph_whose_text_is_gone_stops_the_strict_build_in_one_line(tmp_path_factory, cache):
    project = copy_project(tmp_path_factory)
    page = project / "docs" / "origins.md"
    text = page.read_text("utf-8")
    paragraph = next(line for line in text.splitlines() if line.startswith('"Trustworthiness'))
    page.write_text(text.replace(paragraph + "\n", ""), "utf-8")
    result = run_build(project, cache)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "#origins-3" in line]
    assert len(lines) == 1
    assert lines[0].startswith("WARNING") and "origins.md:" in lines[0] and "trustworthiness is the base" in lines[0]
    assert '{: aliases="origins-3" }' in lines[0]
