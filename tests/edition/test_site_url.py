"""The published address comes from the environment (SITE_URL), moves every address of
the site, also under a sub-path, and a build for publishing refuses the placeholder.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT, Site
from explainer.core.publishing import address_problem

# A real address under a sub-path (a publish build refuses reserved example addresses).
MOVED = "https://asienhaus.github.io/explainers/scs/"
# The default in mkdocs.yml, `site_url: !ENV [SITE_URL, "…"]`, whatever the environment says.
PLACEHOLDER = re.search(r'^site_url: !ENV \[SITE_URL, "([^"]+)"\]$', (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)


def mkdocs_build(site_dir: Path, cache: Path, *, site_url: str | None, publish: bool = False, flags=()):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_CACHE_DIR": str(cache)}
    env.pop("SITE_URL", None)
    env.pop("EXPLAINER_PUBLISH", None)
    if site_url is not None:
        env["SITE_URL"] = site_url
    if publish:
        env["EXPLAINER_PUBLISH"] = "1"
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *flags, "--site-dir", str(site_dir)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def moved(tmp_path_factory) -> Site:
    """The site built for publishing (`make publish`, quiet) at MOVED, an address under a
    sub-path, given without its trailing slash as a maintainer may write it."""
    folder = tmp_path_factory.mktemp("moved")
    result = mkdocs_build(folder, tmp_path_factory.mktemp("cache"), site_url=MOVED.rstrip("/"), publish=True,
                          flags=["-q"])
    assert result.returncode == 0, result.stderr
    return Site(folder, result.stderr)


def address(url: str) -> str:
    return MOVED + url.lstrip("/")


def meta(site: Site, url: str, **attrs) -> str:
    tag = site.soup(url).head.find("meta", attrs=attrs)
    assert tag is not None, (url, attrs)
    return tag["content"]


# -- Every address moves ---------------------------------------------------------------


def test_no_file_of_the_moved_site_names_the_placeholder(moved):
    host = urlsplit(PLACEHOLDER.group(1)).hostname
    named = [path.relative_to(moved.folder).as_posix() for path in moved.folder.rglob("*")
             if path.is_file() and path.suffix in {".html", ".xml", ".json", ".bib", ".ris", ".js", ".txt"}
             and host in path.read_text("utf-8", "replace")]
    assert named == []


def test_canonical_og_url_and_citation_url_are_the_moved_address(moved):
    for url in moved.article_urls:
        head = moved.soup(url).head
        assert [link["href"] for link in head.find_all("link", rel="canonical")] == [address(url)], url
        assert meta(moved, url, property="og:url") == address(url)
        assert meta(moved, url, name="citation_public_url") == address(url)
        jsonld = [json.loads(s.string) for s in head.find_all("script", type="application/ld+json")]
        assert [data["url"] for data in jsonld if data.get("@type") == "Article"] == [MOVED], url


def test_preview_images_are_at_the_moved_address_and_exist(moved):
    for url in moved.article_urls:
        image = meta(moved, url, property="og:image")
        assert image.startswith(MOVED), url
        assert (moved.folder / image.removeprefix(MOVED)).is_file(), image
        assert meta(moved, url, name="twitter:image") == image


def test_cite_this_page_gives_the_moved_address(moved):
    cited = [url for url in moved.article_urls if moved.soup(url).select(".ex-cite-page__text")]
    assert cited
    for url in cited:
        texts = [p.get_text() for p in moved.soup(url).select(".ex-cite-page__text")]
        assert texts and all(address(url) in text for text in texts), url


def test_copied_links_are_built_from_the_moved_canonical_address(moved):
    """The script copies `canonical + #id`; the section citations it copies carry the same."""
    page = moved.soup("/consequences/")
    assert page.find("link", rel="canonical")["href"] == address("/consequences/")
    sections = json.loads(page.select_one("script#ex-section-citations").string)["sections"]
    assert sections and all(address("/consequences/") + "#" + id in cited[0] for id, cited in sections.items())
    assert page.find(id="data-reliability") is not None


def test_downloads_and_sitemap_are_under_the_sub_path(moved):
    page = moved.soup("/sources/")
    downloads = [a["href"] for a in page.select("a[download], a[href$='.bib'], a[href$='.ris'], a[href$='.json']")]
    assert len(set(downloads)) >= 3
    for href in downloads:
        absolute = urljoin(address("/sources/"), href)
        assert absolute.startswith(MOVED), href
        assert (moved.folder / absolute.removeprefix(MOVED)).is_file(), href
    locations = re.findall(r"<loc>([^<]+)</loc>", (moved.folder / "sitemap.xml").read_text("utf-8"))
    assert locations and all(location.startswith(MOVED) for location in locations)


@pytest.mark.browser
def test_copy_link_and_citation_in_a_browser_give_the_moved_address(moved, browser):
    """Served under /explainers/scs/, as a host with a sub-path would serve it."""
    prefix = urlsplit(MOVED).path

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            return super().translate_path("/" + path.removeprefix(prefix)) if path.startswith(prefix) else "/nonexistent"

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(moved.folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}{prefix}consequences/")
        page.locator("#data-reliability .ex-share__button").click()
        page.locator("#data-reliability [data-ex-share=link]").click()
        page.locator("[role=status]").filter(has_text="Link copied").wait_for(timeout=5000)
        assert page.evaluate("navigator.clipboard.readText()") == address("/consequences/#data-reliability")
        page.locator("#data-reliability .ex-share__button").click()
        page.locator("#data-reliability [data-ex-share=cite]").click()
        page.locator("[role=status]").filter(has_text="Citation copied").wait_for(timeout=5000)
        cited = page.evaluate("navigator.clipboard.readText()")
        assert "Data Reliability" in cited and address("/consequences/#data-reliability") in cited
        link = page.locator("article a[data-ex-href]").first
        assert link.get_attribute("data-ex-href").startswith(MOVED)
    finally:
        context.close()
        server.shutdown()
        server.server_close()


# -- Publishing refuses a placeholder --------------------------------------------------


@pytest.mark.parametrize("site_url, refused", [
    (None, True),
    ("", True),
    ("https://social-credit-explainer.example.org/", True),
    ("https://example.net/explainers/scs/", True),
    ("https://www.example.com/", True),
    ("https://scs.test/", True),
    ("http://localhost:8000/", True),
    ("ftp://files.asienhaus.de/", True),
    ("https://asienhaus.github.io/social-credit/", False),
    ("https://www.asienhaus.de/explainers/scs/", False),
    ("https://examples.org/", False),  # a real domain that merely starts like one
])
def test_which_addresses_can_be_published(site_url, refused):
    problem = address_problem(site_url)
    assert (problem is not None) is refused
    if problem:
        assert "SITE_URL" in problem and "\n" not in problem


# Every placeholder and reserved address is refused (the table above); one whole build shows how
# (unset: `make publish` below).
def test_a_publish_build_with_a_placeholder_stops_with_one_line(tmp_path):
    result = mkdocs_build(tmp_path / "site", tmp_path / "cache", site_url="https://social-credit-explainer.example.org/",
                          publish=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "set the environment variable SITE_URL" in errors[0], result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_publish_build_with_a_real_address_builds(moved):
    assert moved.log.strip() == ""  # quiet: not a line
    canonical = moved.soup("/origins/").find("link", rel="canonical")["href"]
    assert canonical == MOVED + "origins/"  # the trailing slash is added


def test_make_publish_without_an_address_stops_with_one_line():
    """The README's command, as a maintainer runs it (it stops before writing anything)."""
    env = {name: value for name, value in os.environ.items() if name not in {"SITE_URL", "EXPLAINER_PUBLISH"}}
    result = subprocess.run(["make", "--no-print-directory", "publish"], cwd=ROOT, capture_output=True, text=True,
                            env=env, timeout=600)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "is a placeholder" in errors[0] and "SITE_URL" in errors[0], result.stderr


def test_make_publish_is_the_publish_build():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    recipe = re.search(r"^publish:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert recipe and "EXPLAINER_PUBLISH=1" in recipe.group(1) and "mkdocs build --strict" in recipe.group(1)


def test_local_builds_need_no_address():
    """`make build` and `make serve` work with SITE_URL unset: mkdocs.yml has a default."""
    assert PLACEHOLDER and address_problem(PLACEHOLDER.group(1)) is not None


@pytest.mark.parametrize("command, publish_variable, refused", [
    ("build", None, False), ("serve", None, False), ("gh-deploy", None, True), ("build", "1", True),
    ("build", "0", False),
])
def test_which_commands_are_publishing(monkeypatch, command, publish_variable, refused):
    import importlib.util
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    spec = importlib.util.spec_from_file_location("publishing_hook", ROOT / "hooks" / "publishing.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    # on_startup sets the variable for the process: set it here first, so that monkeypatch
    # restores it after the test and later builds in this process are not publishing ones.
    monkeypatch.setenv("EXPLAINER_PUBLISH", "0")
    monkeypatch.delenv("EXPLAINER_PUBLISH")
    if publish_variable is not None:
        monkeypatch.setenv("EXPLAINER_PUBLISH", publish_variable)
    hook.on_startup(command=command, dirty=False)
    config = SimpleNamespace(strict=False, site_url=PLACEHOLDER.group(1))
    if refused:
        with pytest.raises(PluginError, match="SITE_URL"):
            hook.on_config(config)
    else:
        assert hook.on_config(config) is config
