"""Redirects that point into a page: checked by a strict build, followed in Chromium.

A small temporary site with the redirects plugin and our hook (`hooks/redirects.py`),
built with `mkdocs build --strict`, once with directory URLs and once without (each with
valid redirects, one to another site among them), and once with every mistake.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from conftest import ROOT, _QuietHandler, mkdocs_build

PAGES = {
    "index.md": "# Home\n\nWelcome.\n",
    "new.md": "# New {#new}\n\n## Section A {#a}\n\n" + "Text.\n\n" * 80
              + "## Section B {#b}\n\n" + "Text.\n\n" * 80 + "## Kept {#kept}\n\n" + "Text.\n\n" * 80,
    "sub/deep.md": "# Deep\n\n## Inner {#inner}\n\nText.\n",
}
REDIRECTS = {
    "old.md": "new.md#b",
    "old-plain.md": "new.md",
    "sub/old-deep.md": "new.md#a",
    "old-home.md": "index.md",
    "very/old/nested.md": "sub/deep.md#inner",
}


def build(folder: Path, redirects: dict, use_directory_urls: bool = True) -> subprocess.CompletedProcess:
    docs = folder / "docs"
    for path, text in PAGES.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    config = {
        "site_name": "Redirect test",
        "use_directory_urls": use_directory_urls,
        "nav": ["index.md", "new.md", "sub/deep.md"],
        # MkDocs' own theme, without highlight.js: it would load that from a CDN on every landing.
        "theme": {"name": "mkdocs", "highlightjs": False},
        "plugins": [{"redirects": {"redirect_maps": redirects}}],
        "hooks": [str(ROOT / "hooks" / "redirects.py")],
        "markdown_extensions": ["attr_list"],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return mkdocs_build(folder)


# -- a strict build stops on a redirect that goes nowhere ------------------------------

# Each mistake (an entry of redirect_maps) and its message; all in one build, each its own entry.
MISTAKES = [
    ({"old-reliability.md": "new.md#no-such-section"}, "'new.md' has no heading or anchor '#no-such-section'"),
    ({"old-gone.md": "gone.md"}, "the target page 'gone.md' does not exist"),
    ({"old-gone-section.md": "gone.md#a"}, "the target page 'gone.md' does not exist"),
    ({"old-wrong-page.md": "sub/deep.md#a"}, "'sub/deep.md' has no heading or anchor '#a'"),  # right id, wrong page
    ({"new.md": "sub/deep.md"}, "'new.md' is still a page"),
]


@pytest.fixture(scope="module")
def mistaken(tmp_path_factory) -> subprocess.CompletedProcess:
    """A build with every mistake of MISTAKES in its redirect_maps."""
    return build(tmp_path_factory.mktemp("mistaken"), {old: new for mistake, _ in MISTAKES for old, new in mistake.items()})


@pytest.mark.parametrize("redirect, message", MISTAKES, ids=[new for mistake, _ in MISTAKES for new in mistake.values()])
def test_a_redirect_to_nowhere_stops_the_strict_build(mistaken, redirect, message):
    assert mistaken.returncode != 0
    warnings = [line for line in mistaken.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == len(MISTAKES), warnings  # one mistake, one message (not the plugin's too)
    ((old, new),) = redirect.items()
    named = [line for line in warnings if f"mkdocs.yml: redirect_maps: '{old}: {new}': " in line]
    assert len(named) == 1 and message in named[0], warnings


def test_a_redirect_from_a_file_that_is_no_page_is_the_plugins_one_message(tmp_path):
    result = build(tmp_path, {"old.html": "new.md"})
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "'old.html' is not a valid markdown file" in warnings[0], warnings


# -- a reader with an old address lands on one address --------------------------------

def file_url(path: str) -> str:
    """A directory URL ('new/#b') as it is without directory URLs ('new.html#b')."""
    page, _, fragment = path.partition("#")
    return (page.rstrip("/") or "index") + ".html" + (f"#{fragment}" if fragment else "")


@contextlib.contextmanager
def served_redirects(folder: Path, use_directory_urls: bool):
    """The site with REDIRECTS (and one to another site) built and served: its base URL, build log,
    and how a directory URL is written there."""
    result = build(folder, {**REDIRECTS, "external.md": "https://example.org/page#x"}, use_directory_urls)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_QuietHandler, directory=str(folder / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield SimpleNamespace(base=f"http://127.0.0.1:{server.server_address[1]}", log=result.stderr,
                          url=(lambda path: path) if use_directory_urls else file_url)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def directory_site(tmp_path_factory):
    with served_redirects(tmp_path_factory.mktemp("redirects"), use_directory_urls=True) as served:
        yield served


@pytest.fixture(scope="module")
def file_site(tmp_path_factory):
    with served_redirects(tmp_path_factory.mktemp("redirects"), use_directory_urls=False) as served:
        yield served


@pytest.mark.parametrize("served", ["directory_site", "file_site"])
def test_valid_redirects_build_cleanly(request, served):
    assert "WARNING" not in request.getfixturevalue(served).log


@pytest.fixture(scope="module")
def reader(browser):
    """One browser tab for every landing: each starts with a full load of an old address.
    Less motion: the theme's smooth scroll to the section (a second long) is the theme's, not ours."""
    context = browser.new_context(reduced_motion="reduce")
    yield context.new_page()
    context.close()


LANDINGS = [
    ("old/", "new/#b"),  # the mapped section
    ("old/#a", "new/#a"),  # a section that moved with its id wins over the mapped one
    ("old/#kept", "new/#kept"),
    ("old/#no-such-id", "new/#b"),  # an id the new page does not have: the mapped one
    ("old-plain/", "new/"),
    ("old-plain/#b", "new/#b"),
    ("old-plain/#gone", "new/"),
    ("sub/old-deep/", "new/#a"),
    ("sub/old-deep/#b", "new/#b"),
    ("old-home/", ""),
    ("very/old/nested/", "sub/deep/#inner"),
    ("very/old/nested/#inner", "sub/deep/#inner"),
]
# Without directory URLs the stubs' addresses differ, not how they choose a fragment (the same
# script, given the page's ids): each stub once, and a reader's own fragment once.
FILE_LANDINGS = [("old/", "new/#b"), ("old/#a", "new/#a"), ("old-plain/", "new/"), ("sub/old-deep/", "new/#a"),
                 ("old-home/", ""), ("very/old/nested/", "sub/deep/#inner")]


def land(page, served, old: str, lands_on: str) -> None:
    """A reader who opens the old address `old` lands on `lands_on` (directory URLs), at its section."""
    page.goto(f"{served.base}/{served.url(old)}")
    expected = f"{served.base}/{served.url(lands_on)}"
    page.wait_for_url(expected, timeout=5000)
    assert page.url.count("#") <= 1
    target = expected.partition("#")[2]
    if target:  # the section is where the reader is, not the top of the page
        page.wait_for_function(
            f"Math.abs(document.getElementById('{target}').getBoundingClientRect().top) < 200", timeout=5000)


@pytest.mark.parametrize("old, lands_on", LANDINGS)
def test_a_reader_lands_on_one_address(reader, directory_site, old, lands_on):
    land(reader, directory_site, old, lands_on)


@pytest.mark.parametrize("old, lands_on", FILE_LANDINGS)
def test_a_reader_lands_on_one_address_without_directory_urls(reader, file_site, old, lands_on):
    land(reader, file_site, old, lands_on)
