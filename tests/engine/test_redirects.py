"""Redirects that point into a page: checked by a strict build, followed in Chromium.

A small temporary site with the redirects plugin and our hook (`hooks/redirects.py`),
built with `mkdocs build --strict`, once with directory URLs and once without.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import threading
from pathlib import Path

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

@pytest.mark.parametrize("redirects, message", [
    ({"old-reliability.md": "new.md#no-such-section"}, "'new.md' has no heading or anchor '#no-such-section'"),
    ({"old.md": "gone.md"}, "the target page 'gone.md' does not exist"),
    ({"old.md": "gone.md#a"}, "the target page 'gone.md' does not exist"),
    ({"old.md": "sub/deep.md#a"}, "'sub/deep.md' has no heading or anchor '#a'"),  # right id, wrong page
    ({"new.md": "sub/deep.md"}, "'new.md' is still a page"),
    ({"old.html": "new.md"}, "'old.html' is not a valid markdown file"),  # the plugin's own message
])
def test_a_redirect_to_nowhere_stops_the_strict_build(tmp_path, redirects, message):
    result = build(tmp_path, redirects)
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, warnings  # one mistake, one message (not the plugin's too)
    assert message in warnings[0] and ("mkdocs.yml: redirect_maps" in warnings[0] or "old.html" in warnings[0])


def test_valid_redirects_build_cleanly(tmp_path):
    result = build(tmp_path, {**REDIRECTS, "external.md": "https://example.org/page#x"})
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


# -- a reader with an old address lands on one address --------------------------------

def file_url(path: str) -> str:
    """A directory URL ('new/#b') as it is without directory URLs ('new.html#b')."""
    page, _, fragment = path.partition("#")
    return (page.rstrip("/") or "index") + ".html" + (f"#{fragment}" if fragment else "")


@pytest.fixture(scope="module", params=[True, False], ids=["directory-urls", "file-urls"])
def redirect_site(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("redirects")
    result = build(folder, REDIRECTS, use_directory_urls=request.param)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_QuietHandler, directory=str(folder / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", (lambda path: path) if request.param else file_url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def reader(browser, redirect_site):
    """One browser tab for every landing on a site: each starts with a full load of an old address.
    Less motion: the theme's smooth scroll to the section (a second long) is the theme's, not ours."""
    context = browser.new_context(reduced_motion="reduce")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("old, lands_on", [
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
])
def test_a_reader_lands_on_one_address(reader, redirect_site, old, lands_on):
    base, url = redirect_site
    page = reader
    page.goto(f"{base}/{url(old)}")
    expected = f"{base}/{url(lands_on)}"
    page.wait_for_url(expected, timeout=5000)
    assert page.url.count("#") <= 1
    target = expected.partition("#")[2]
    if target:  # the section is where the reader is, not the top of the page
        page.wait_for_function(
            f"Math.abs(document.getElementById('{target}').getBoundingClientRect().top) < 200", timeout=5000)
