"""The GitHub Pages workflow: valid by GitHub's schema, clean by zizmor's audits (both
offline), actions pinned to commits, least privilege, and it builds what `make publish`
builds, at the address GitHub Pages gives.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
BIN = Path(sys.executable).parent  # the tools come with the test dependencies, in .venv
PAGES_ACTIONS = {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"}


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run `make test` (it installs the test dependencies)", pytrace=False)
    return found


def schema_check(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def zizmor(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", str(path)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


# -- The two offline checks, and proof that they can fail -------------------------------

# Mistakes each check must catch: (text in the workflow, what it becomes).
SCHEMA_MISTAKES = [
    ("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"),  # a misspelt key
    ("permissions: {}", "permissions: everything"),
]
ZIZMOR_MISTAKES = [
    ("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", "actions/checkout@v7"),  # unpinned
    ("\n        with:\n          persist-credentials: false", ""),  # the token left on disk
    ("permissions: {}", "permissions: write-all"),
    ("run: make publish", "run: make publish ${{ github.event.head_commit.message }}"),  # injection
]


def broken_workflow(folder: Path, old: str, new: str) -> Path:
    """A copy of the workflow in `folder`/.github/workflows/ with its first `old` made `new`."""
    text = WORKFLOW.read_text("utf-8")
    assert old in text
    broken = folder / ".github" / "workflows" / "publish.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace(old, new, 1), "utf-8")
    return broken


@pytest.fixture(scope="module")
def schema_checked(tmp_path_factory) -> tuple[list[Path], str]:
    """The workflow and a copy with each of SCHEMA_MISTAKES, checked by one check-jsonschema run
    (it names each file it finds wrong): the copies, and what it said."""
    broken = [broken_workflow(tmp_path_factory.mktemp("broken"), old, new) for old, new in SCHEMA_MISTAKES]
    result = schema_check(WORKFLOW, *broken)
    assert result.returncode != 0, result.stdout + result.stderr
    return broken, result.stdout + result.stderr


def test_the_workflow_matches_githubs_schema(schema_checked):
    broken, said = schema_checked
    assert all(f"{path}::" in said for path in broken), said  # the run read and judged every file
    assert str(WORKFLOW) not in said, said


def test_zizmor_finds_nothing():
    result = zizmor(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("index", range(len(SCHEMA_MISTAKES)), ids=[new for _, new in SCHEMA_MISTAKES])
def test_the_schema_check_catches_a_mistake(schema_checked, index):
    broken, said = schema_checked
    assert f"{broken[index]}::" in said, said


@pytest.mark.parametrize("old, new", ZIZMOR_MISTAKES)
def test_zizmor_catches_a_mistake(tmp_path, old, new):
    assert zizmor(broken_workflow(tmp_path, old, new)).returncode != 0


# -- What it does ------------------------------------------------------------------------


def test_every_action_is_pinned_to_a_commit(workflow):
    uses = [step["uses"] for step in steps(workflow) if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use) for use in uses), uses
    # The official Pages actions, each with its tag beside the commit.
    assert {use.split("@")[0] for use in uses} >= PAGES_ACTIONS
    text = WORKFLOW.read_text("utf-8")
    assert all(re.search(re.escape(use) + r"\s+# v\d+\.\d+\.\d+", text) for use in uses)


def test_permissions_are_the_least_each_job_needs(workflow):
    assert workflow["permissions"] == {}  # nothing by default
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"


def test_it_builds_with_make_publish_at_the_pages_address(workflow):
    build = workflow["jobs"]["build"]["steps"]
    (run,) = [step for step in build if "run" in step]
    assert run["run"].strip() == "make publish"  # the README's command, strict, refuses a placeholder
    assert run["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    names = [step.get("uses", "").split("@")[0] for step in build]
    assert names.index("actions/configure-pages") < build.index(run) < names.index("actions/upload-pages-artifact")
    (upload,) = [step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"].rstrip("/") == "site"
    assert all(step.get("with", {}).get("persist-credentials") is False
               for step in build if step.get("uses", "").startswith("actions/checkout@"))
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^publish:.*\n\tEXPLAINER_PUBLISH=1 \$\(BIN\)/mkdocs build --strict$", makefile, re.M)


def test_it_publishes_main_and_can_be_run_by_hand(workflow):
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
