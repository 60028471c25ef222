"""The engine's checks of any explainer, for the explainer's own tests (pytest).

An explainer made by `explainer new` runs them from its `tests/` (`make test`):
`tests/conftest.py` loads this module as a pytest plugin (`pytest_plugins`), which gives
the fixtures and the option `--update-addresses`, and `tests/test_explainer.py` and
`tests/test_addresses.py` import the tests they run. The explainer is the folder pytest
runs in (its `mkdocs.yml`); the checks read only what every explainer has:

- the site builds with `mkdocs build --strict` (every mistake the engine knows stops it);
- `docs/glossary.yml` and `docs/sources.yml` load without a problem;
- `tests/edition.yml` (the edition's title, author, licence and language) is what the
  built site says on every page;
- `docs/addresses.yml`, the record of published addresses (`explainer.sharing.record`):
  no recorded address disappears, and once the record holds any address, every new
  address is recorded (`pytest tests/test_addresses.py --update-addresses` adds them;
  before the first publication the record may stay empty).
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from lxml import html as lxml_html

from explainer.core.datafile import DataError
from explainer.core.references import load_sources
from explainer.glossary.data import load_glossary
from explainer.sharing.anchors import fingerprint
from explainer.sharing.record import HEADING, RECORD_FILE, WORK, load_record, write_record

# Ids that are no address of their own: tooltip bodies and other `ex-` internals, footnote
# back-references, Material's `__` ids.
INTERNAL_IDS = ("ex-", "fn:", "fnref:", "__")


def pytest_addoption(parser) -> None:
    parser.addoption("--update-addresses", nargs="?", const="add", choices=("add", "new"),
                     help=f"record the site's new addresses in docs/{RECORD_FILE} (=new: start the record anew)")


# An XPath test for an element whose class attribute holds the token {0} (str.format).
HAS_CLASS = 'contains(concat(" ", normalize-space(@class), " "), " {0} ")'


class BuiltSite:
    """A site built into `folder`: its pages by URL ('/', '/chapter/'), parsed with lxml."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.pages = {("/" if path.parent == folder else f"/{path.parent.relative_to(folder).as_posix()}/"): path
                      for path in sorted(folder.rglob("index.html"))}
        self._parsed = {}

    def page(self, url: str):
        if url not in self._parsed:
            self._parsed[url] = lxml_html.fromstring(self.pages[url].read_bytes())
        return self._parsed[url]

    def is_redirect(self, url: str) -> bool:
        return bool(self.page(url).xpath('//meta[@http-equiv="refresh"]'))

    def redirect_target(self, url: str) -> str | None:
        """The page a redirect stub at `url` sends readers to ('/history/'), or None if not a page of the site."""
        refresh = self.page(url).xpath('//meta[@http-equiv="refresh"]/@content')[0]
        path = urlsplit(refresh.split("url=", 1)[-1].strip()).path
        resolved = posixpath.normpath(posixpath.join(url, path)) + "/"
        return resolved if resolved in self.pages else None

    def text(self, url: str):
        """The page's text as the reader reads it (Material's article element), or None."""
        found = self.page(url).xpath(f'//article[{HAS_CLASS.format("md-content__inner")}]')
        return found[0] if found else None

    def record(self) -> dict[str, str | None]:
        """Every published address of the site (`explainer.sharing.record`): each page URL, and each id
        in its text, a redirect stub's being those of the page it sends to (the fragment is carried
        along); with the fingerprint (`explainer.sharing.anchors.fingerprint`) of a linkable
        paragraph's words, after HEADING of a heading's, after WORK of a bibliography work's
        reference, and None for any other id. Internal ids (INTERNAL_IDS) are no addresses."""
        found: dict[str, str | None] = {}
        for url in self.pages:
            if url == "/404/":
                continue
            found[url] = None
            page = self.redirect_target(url) if self.is_redirect(url) else url
            if page is not None:
                found.update(dict.fromkeys(f"{url}#{ident}" for ident in self._ids(page)))
        for url in self.pages:
            if url != "/404/" and not self.is_redirect(url):
                for ident, printed in self._fingerprints(url).items():
                    if f"{url}#{ident}" in found:  # not the print page's copies (`ex-` ids)
                        found[f"{url}#{ident}"] = printed
        return found

    def _ids(self, url: str) -> list[str]:
        text = self.text(url)
        return [ident for ident in (text.xpath(".//@id") if text is not None else ())
                if not ident.startswith(INTERNAL_IDS)]

    def _fingerprints(self, url: str) -> dict[str, str]:
        """The page's headings, works and linkable paragraphs: id -> fingerprint of their words."""
        text = self.text(url)
        if text is None:
            return {}
        found = {}
        for heading in text.xpath(".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6][@id]"):
            words = heading.xpath(f".//text()[not(ancestor::*[{HAS_CLASS.format('headerlink')}])]")
            found[heading.get("id")] = HEADING + fingerprint("".join(words))
        for work in text.xpath(f'.//li[{HAS_CLASS.format("ex-bibliography__item")}][@id]'):
            reference = work.xpath(f'.//*[{HAS_CLASS.format("ex-bibliography__reference")}]')[0]
            found[work.get("id")] = WORK + fingerprint(reference.text_content())
        for paragraph in text.xpath(f".//p[@id][a[{HAS_CLASS.format('ex-para-link')}]]"):
            words = paragraph.xpath(f".//text()[not(ancestor::*[{HAS_CLASS.format('ex-para-link')}])]")
            found[paragraph.get("id")] = fingerprint("".join(words))
        return found


@pytest.fixture(scope="session")
def explainer_root(pytestconfig) -> Path:
    """The explainer's folder: where pytest runs, with its mkdocs.yml."""
    root = Path(pytestconfig.rootpath)
    if not (root / "mkdocs.yml").is_file():
        pytest.fail(f"{root}: no mkdocs.yml here; run the tests in the explainer's folder", pytrace=False)
    return root


@pytest.fixture(scope="session")
def docs(explainer_root) -> Path:
    return explainer_root / "docs"


@pytest.fixture(scope="session")
def built_site(explainer_root, tmp_path_factory) -> BuiltSite:
    """The site as `mkdocs build --strict` makes it, into a temporary folder."""
    folder = tmp_path_factory.mktemp("site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
                            cwd=explainer_root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict stopped:\n{result.stderr}", pytrace=False)
    return BuiltSite(folder)


@pytest.fixture(scope="session")
def edition(explainer_root) -> dict:
    """tests/edition.yml: what the site must say about the edition (title, author, licence, language)."""
    with open(explainer_root / "tests" / "edition.yml", encoding="utf-8") as file:
        return yaml.safe_load(file)


def test_the_site_builds_strictly(built_site):
    assert "/" in built_site.pages, "the build made no home page (docs/index.md)"


def test_the_data_files_load(docs):
    try:
        sources, problems = load_sources(docs / "sources.yml")
        _, warnings = load_glossary(docs / "glossary.yml", set(sources))
    except DataError as error:  # the file cannot be read at all
        problems, warnings = [error], []
    assert not problems and not warnings, "\n".join(map(str, [*problems, *warnings]))


def test_every_page_is_in_the_edition_language(built_site, edition):
    wrong = [url for url in built_site.pages
             if not built_site.is_redirect(url) and built_site.page(url).get("lang") != edition["language"]]
    assert not wrong, f"these pages are not marked as {edition['language']!r} (theme.language): {wrong}"


def test_every_page_credits_the_author_and_the_licence(built_site, edition):
    for url in built_site.pages:
        if built_site.is_redirect(url):
            continue
        footer = built_site.page(url).find(".//footer")
        text = " ".join(footer.text_content().split()) if footer is not None else ""
        assert edition["author"] in text, f"{url}: the footer does not name {edition['author']} (copyright)"
        if edition.get("licence_url"):
            assert footer.xpath(f'.//a[starts-with(@href, "{edition["licence_url"]}")]'), (
                f"{url}: the footer does not link the licence {edition['licence_url']} (copyright)")


def test_the_home_page_has_the_title(built_site, edition):
    title = " ".join(built_site.page("/").findtext(".//title").split())
    assert edition["title"] in title, f"the home page's title is {title!r}, not the edition's {edition['title']!r}"


def test_no_recorded_address_disappears(built_site, docs, request):
    if request.config.getoption("--update-addresses") == "new":
        pytest.skip("the record starts anew")
    missing = sorted(set(load_record(docs / RECORD_FILE)) - set(built_site.record()))
    if missing:
        pytest.fail("These published addresses no longer exist. Keep them working: a redirect (redirect_maps) "
                    "for a moved page, an id alias for a renamed heading:\n  " + "\n  ".join(missing), pytrace=False)


def test_every_address_is_recorded(built_site, docs, request):
    path = docs / RECORD_FILE
    recorded, current = load_record(path), built_site.record()
    update = request.config.getoption("--update-addresses")
    if update:
        kept = {} if update == "new" else recorded
        write_record(path, {**kept, **{address: printed or kept.get(address) for address, printed in current.items()}})
        return
    new = sorted(set(current) - set(recorded))
    # An explainer that has never been published may change every address; from its first
    # recorded address on, each new one must be recorded.
    if recorded and new:
        pytest.fail("These addresses are not recorded yet; record them with `.venv/bin/pytest "
                    "tests/test_addresses.py --update-addresses` to protect them:\n  " + "\n  ".join(new), pytrace=False)
