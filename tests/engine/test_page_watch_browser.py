"""The browser tests' watch on a page (conftest.PageWatch) sees what it claims to: a
request to another origin is stopped and named, one to the site's own goes through, and
the sitemap names the test server. The origin and console checks of every page rest on it."""

from __future__ import annotations

import pytest

from conftest import page_opener

pytestmark = pytest.mark.browser

FETCH = "url => fetch(url).then(r => r.text(), () => 'stopped')"


@pytest.fixture(scope="module")
def front_page(browser, english_url, english):
    """One load of the front page for the module."""
    with page_opener(browser, english_url, english) as _open:
        yield _open("/")


@pytest.fixture
def watch(front_page):
    """The front page's watch, with what earlier tests made it record forgotten."""
    front_page.foreign_requests.clear()
    front_page.console_errors.clear()
    return front_page


@pytest.mark.parametrize("url", [
    "https://fonts.googleapis.com/css2?family=Inter",
    "http://127.0.0.1:9/elsewhere.js",  # the same host on another port is another origin
    "//cdn.example.org/script.js",
])
def test_a_request_to_another_origin_is_stopped_and_named(watch, url):
    assert watch.page.evaluate(FETCH, url) == "stopped"
    assert [address.split("//", 1)[1] for address in watch.foreign_requests] == [url.split("//", 1)[1]]


def test_the_sites_own_files_and_its_sitemap_come_from_the_test_server(watch):
    sitemap = watch.page.evaluate(FETCH, "/sitemap.xml")
    assert f"<loc>{watch.base_url}/" in sitemap
    assert watch.page.evaluate(FETCH, "/search/search_index.json").startswith("{")
    assert watch.foreign_requests == [] and watch.console_errors == []
