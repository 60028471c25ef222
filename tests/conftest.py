"""Shared fixtures: strict builds made once per test run, their pages parsed, and a browser.

The tests come in two parts. tests/engine/ tests the engine on the fixture explainers in
tests/fixtures/ (`english`, `second`), never on this repository's docs/ and mkdocs.yml, so
that they pass in a repository that holds another explainer (`make test-engine`).
tests/edition/ tests this article (the `site` fixture, a copy of it in `project`), with
the sample page, section, term and counts named in tests/edition/edition.yml.

A site is built the way a maintainer builds it (`mkdocs build --strict`) into a temporary
folder; tests read the HTML with a real parser and drive the served site in headless
Chromium.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
# The fixtures that build or copy this edition (ROOT/docs, ROOT/mkdocs.yml): tests/engine may use none.
EDITION_FIXTURES = {"site", "project", "base_url", "open_page"}


def read_config(folder: Path) -> dict:
    """The mkdocs.yml in `folder`, read with MkDocs' own loader (it knows the !ENV tag)."""
    with open(folder / "mkdocs.yml", encoding="utf-8") as file:
        return yaml_load(file)


if (ROOT / "mkdocs.yml").exists():  # this edition's, for tests/edition
    CONFIG = read_config(ROOT)
    SITE_URL = CONFIG["site_url"]
# The samples of this article that the edition's tests use (page, section, term, citation,
# licence, counts): tests/edition/edition.yml.
EDITION = yaml_load((ROOT / "tests" / "edition" / "edition.yml").read_text("utf-8"))


def pytest_collection_modifyitems(config, items):
    """An engine test that asks for a build of this edition is refused before anything runs."""
    engine = ROOT / "tests" / "engine"
    wrong = [item.nodeid for item in items
             if engine in Path(item.path).parents and EDITION_FIXTURES & set(getattr(item, "fixturenames", ()))]
    if wrong:
        raise pytest.UsageError(
            f"engine tests may not use this edition's builds ({', '.join(sorted(EDITION_FIXTURES))}): "
            + ", ".join(wrong[:5]))


def pytest_addoption(parser):
    parser.addoption(
        "--update-addresses",
        nargs="?", const="add", choices=("add", "new"),
        help="record new published addresses in docs/addresses.yml (=new: start the record anew)",
    )


# ---------------------------------------------------------------------------
# The built site
# ---------------------------------------------------------------------------


class Site:
    """A built site: its folder, build log, and pages parsed by URL ('/origins/')."""

    def __init__(self, folder: Path, log: str, site_url: str = ""):
        self.folder = folder
        self.log = log
        self.site_url = site_url

    @functools.cached_property
    def page_files(self) -> dict[str, Path]:
        pages = {}
        for path in sorted(self.folder.rglob("index.html")):
            relative = path.parent.relative_to(self.folder).as_posix()
            pages["/" if relative == "." else f"/{relative}/"] = path
        return pages

    @functools.cache
    def soup(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.page_files[url].read_text("utf-8"), "lxml")

    def content(self, url: str):
        """The article element of a page: what the reader reads, without navigation."""
        return self.soup(url).select_one("article.md-content__inner")

    def is_redirect(self, url: str) -> bool:
        head = self.soup(url).head
        return head is not None and head.find("meta", attrs={"http-equiv": "refresh"}) is not None

    @property
    def article_urls(self) -> list[str]:
        """Every real page (redirect stubs and the 404 page left out)."""
        return [u for u in self.page_files if not self.is_redirect(u) and u != "/404/"]


def build_site(explainer: Path, folder: Path) -> Site:
    """`mkdocs build --strict` of the explainer in folder `explainer` into `folder`/site (its
    preview-image cache into `folder`/cache, not into the working tree); a failed build fails the
    tests that use it, with MkDocs' log."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder / "site")],
        cwd=explainer,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_CACHE_DIR": str(folder / "cache")},
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict of {explainer} failed:\n{result.stderr}", pytrace=False)
    return Site(folder / "site", result.stderr, read_config(explainer)["site_url"])


def shared_build(name: str, explainer: Path, tmp_path_factory) -> Site:
    """`build_site` of the explainer in folder `explainer`, once per test run.

    Under pytest-xdist each worker process has a session of its own; the first that needs the
    build makes it in the run's temporary folder, above the workers' own, and the others wait
    for it and read the same folder (pytest-xdist's documented way: a lock file there, with
    filelock, which locks on every OS). A build that failed is tried again by the next worker
    that needs it, and fails its tests with the same log. The tests only read the folder."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return build_site(explainer, tmp_path_factory.mktemp(name))
    from filelock import FileLock

    folder = tmp_path_factory.getbasetemp().parent / f"shared-{name}"
    log = folder / "build.log"  # written once the build has succeeded
    with FileLock(f"{folder}.lock"):
        if not log.is_file():
            built = build_site(explainer, folder)
            log.write_text(built.log, "utf-8")
            return built
    return Site(folder / "site", log.read_text("utf-8"), read_config(explainer)["site_url"])


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """This edition, built (tests/edition only)."""
    return shared_build("site", ROOT, tmp_path_factory)


@pytest.fixture(scope="session")
def english(tmp_path_factory) -> Site:
    """The English fixture explainer (tests/fixtures/english-explainer), built."""
    return shared_build("english", FIXTURES / "english-explainer", tmp_path_factory)


@pytest.fixture(scope="session")
def second(tmp_path_factory) -> Site:
    """The German fixture explainer (tests/fixtures/second-explainer), built."""
    return shared_build("second", FIXTURES / "second-explainer", tmp_path_factory)


# ---------------------------------------------------------------------------
# Serving and browsing
# ---------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """A test server that says nothing when the browser drops a request it no longer needs
    (a page left before its images arrived): that is the browser's right, not a failure."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def mkdocs_build(folder: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the mkdocs.yml in `folder`, in a process of its own, into
    folder/site; a cache folder named in mkdocs.yml (EXPLAINER_CACHE_DIR) goes to folder/.cache."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder / "site")],
        cwd=folder, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "EXPLAINER_CACHE_DIR": str(folder / ".cache")},
    )


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file at `path` with `new`; `old` must be there."""
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def copy_explainer(explainer: Path, folder: Path) -> Path:
    """A copy of the explainer in folder `explainer` to break, with the engine (hooks/,
    overrides/) beside it where the fixtures expect it; the copy's folder (with its mkdocs.yml).

    This edition is copied with docs/ and mkdocs.yml into `folder`; a fixture explainer whole,
    into folder/tests/fixtures/NAME (the English one names the engine by relative path,
    ../../../hooks; the German one is laid out as `explainer new` makes an explainer)."""
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    if explainer == ROOT:
        shutil.copytree(explainer / "docs", folder / "docs")
        shutil.copy(explainer / "mkdocs.yml", folder)
        return folder
    target = folder / "tests" / "fixtures" / explainer.name
    shutil.copytree(explainer, target, ignore=shutil.ignore_patterns(".cache", "site", "__pycache__"))
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of this edition (docs/, hooks/, overrides/, mkdocs.yml) to break; its folder."""
    return copy_explainer(ROOT, tmp_path)


@pytest.fixture
def english_project(tmp_path) -> Path:
    """A copy of the English fixture explainer to break; the folder with its mkdocs.yml."""
    return copy_explainer(FIXTURES / "english-explainer", tmp_path)


@contextlib.contextmanager
def serve_folder(folder: Path):
    """A static server of `folder` on 127.0.0.1 (a free port); yields its base URL, no slash."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site) -> str:
    with serve_folder(site.folder) as url:
        yield url


@pytest.fixture(scope="session")
def english_url(english) -> str:
    with serve_folder(english.folder) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium. Skipped without it, unless REQUIRE_BROWSER=1 (as in CI)."""
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but /usr/bin/chromium is missing", pytrace=False)
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


class PageWatch:
    """A browser page that records console errors and requests to other origins.

    It reads the site as if served from `site_url`: Material navigates instantly only
    to addresses listed in sitemap.xml, which are built from `site_url`, so the test
    server hands out a sitemap with its own address instead.
    """

    def __init__(self, page, base_url: str, sitemap: str, site_url: str):
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        local_sitemap = sitemap.replace(site_url, base_url + "/")

        def foreign(route):
            self.foreign_requests.append(route.request.url)
            route.abort()

        # Patterns, not a Python predicate: the browser then stops only the requests that
        # match, instead of handing every request of every page load to this process.
        page.route(re.compile(f"^(?!{re.escape(base_url)}/|data:|blob:|about:)"), foreign)
        page.route(base_url + "/sitemap.xml",
                   lambda route: route.fulfill(body=local_sitemap, content_type="application/xml"))


@contextlib.contextmanager
def page_opener(browser, base_url: str, site: Site):
    """Yields open(url, **context_options) -> PageWatch of the served `site`; closes them after."""
    contexts = []
    sitemap = (site.folder / "sitemap.xml").read_text("utf-8")

    def _open(url: str = "/", **options) -> PageWatch:
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**options)
        contexts.append(context)
        watch = PageWatch(context.new_page(), base_url, sitemap, site.site_url)
        if url is not None:
            watch.page.goto(base_url + url)
            watch.page.wait_for_load_state("load")
        return watch

    try:
        yield _open
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def open_page(browser, base_url, site):
    """open_page(url, **context_options) -> PageWatch of this edition, closed after the test."""
    with page_opener(browser, base_url, site) as _open:
        yield _open


@pytest.fixture
def open_english(browser, english_url, english):
    """open_english(url, **context_options) -> PageWatch of the English fixture, closed after the test."""
    with page_opener(browser, english_url, english) as _open:
        yield _open


def header_bottom(page) -> float:
    return page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")


def assert_in_view_below_header(page, element_id: str):
    """The element's top is visible: not under the sticky header, not below the fold."""
    page.wait_for_function(
        """id => { const top = document.getElementById(id).getBoundingClientRect().top;
                   const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
                   return top >= header && top < innerHeight - 100; }""",
        arg=element_id, timeout=3000,
    )
    page.wait_for_timeout(600)  # and it stays there once the page has settled
    top = page.evaluate(f"document.getElementById('{element_id}').getBoundingClientRect().top")
    assert header_bottom(page) <= top < page.viewport_size["height"] - 100


def settled(page) -> None:
    """Waits until the layout has been redone after a resize or an opened control, and nothing
    fades in any more (axe measures contrast at the colours the reader is left with)."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def clipboard(page) -> str:
    """What the browser page's clipboard holds (its context needs the clipboard-read permission)."""
    return page.evaluate("navigator.clipboard.readText()")


def wait_for_clipboard(page, text: str) -> None:
    """Waits until the clipboard holds `text` (a copy is written a moment after the press)."""
    page.wait_for_function("text => navigator.clipboard.readText().then(t => t === text)", arg=text)


def attempt(check, *args) -> Exception | None:
    """Runs `check`, a browser interaction that asserts as it goes (for a module fixture that
    tries several on pages it loads once): None if it passed, else the AssertionError or
    Playwright error, for the test of that behaviour to raise."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        check(*args)
    except (AssertionError, PlaywrightError) as error:
        return error
    return None


@contextlib.contextmanager
def highlight_held(page):
    """The highlight of an element arrived at or pointed out (`.ex-arrived`, 2.5 s) held at its
    start while the test looks at it, then ended."""
    highlights = "document.getAnimations().filter(a => a.animationName === 'ex-arrive')"
    page.evaluate(f"() => {highlights}.forEach(a => {{ a.pause(); a.currentTime = 0; }})")
    yield
    page.evaluate(f"() => {highlights}.forEach(a => a.finish())")


# axe-core's rules for WCAG 2.0–2.2 A and AA, and its best practices (landmarks, heading
# order, named dialogs ...), which Lighthouse's accessibility score counts too.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, include: list[str] | None = None) -> list[str]:
    """Violations of WCAG 2.0–2.2 A/AA and of axe's best practices that axe-core finds on
    the page as it stands, or only in the elements the CSS selectors `include` match; one line each.

    axe is injected once per document, so a test may run it again after opening a control or
    resizing the page. It gathers the violations alone (axe-core's `resultTypes` option: the
    passes and the results to review keep one element each), which takes a third of the time
    of gathering every element on a long page; every rule still runs on every element. A run
    that applied no rule at all fails: it checked nothing."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    found = page.evaluate(
        """async ([include, tags]) => {
            const context = include ? {include: include.map(selector => [selector])} : document;
            const result = await axe.run(context, {runOnly: {type: "tag", values: tags},
                                                   resultTypes: ["violations"]});
            return {applied: result.passes.length + result.violations.length,
                    violations: result.violations.map(v =>
                        `${v.id}: ${v.help} (${v.nodes.length}x, e.g. ${JSON.stringify(v.nodes[0].target)})`)};
        }""",
        [include, AXE_TAGS],
    )
    assert found["applied"], f"axe checked nothing in {include or 'the page'}"
    return found["violations"]
