"""Page weight: what a reader's browser has to fetch, checked on the built site.

- our own JavaScript and CSS together at most 15 KB gzipped (ASSET_BUDGET);
- each article page's HTML at most 60 KB gzipped;
- no page loads anything from another origin;
- no resource of ours blocks rendering.

The checkers are plain functions over parsed HTML; the unit tests at the end show on
small inputs that each of them finds what it must.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import material
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
OUR_CSS = ROOT / "overrides" / "assets" / "explainer.css"

ASSET_BUDGET = 15 * 1024  # our JavaScript and CSS together, gzipped: 10.2 KB with the share menu, the print
# edition's rules and the words from the language tables (issues 11, 12); 13.3 KB with the article layout, the
# notes beside the text, the next-chapter card and the front page (issue 21); 14.5 KB with chapters printed on
# two sheets, citations pointing out their margin entry, one glossary letter list and the bibliography laid out
# as it is read (issue 21's leftovers). The CSS is inlined, the JS deferred
PAGE_BUDGET = 60 * 1024  # one article page's HTML, gzipped
# The print page is the whole explainer on one page, opened to print or save, not to read on
# a phone: it grows with every page, glossary entry and source (77 KB with 11 pages, 54
# entries and 73 sources).
PRINT_PAGE, PRINT_BUDGET = "/print/", 100 * 1024

# ---------------------------------------------------------------------------
# Checkers
# ---------------------------------------------------------------------------


def gzipped_size(data: bytes) -> int:
    """Bytes on the wire, compressed as `gzip` and most web servers do (level 6)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def material_files() -> set[str]:
    """Paths of the files Material for MkDocs ships (its theme folder), as in the site."""
    theme = Path(material.__file__).parent / "templates"
    return {path.relative_to(theme).as_posix() for path in theme.rglob("*") if path.is_file()}


# Attributes through which an element makes the browser fetch something.
FETCHING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# `<link rel>` values that fetch (or connect to) their target; canonical, license,
# alternate and prev/next only name an address.
FETCHING_RELS = {
    "stylesheet", "preload", "modulepreload", "prefetch", "prerender", "preconnect",
    "dns-prefetch", "icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon", "manifest",
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(['"]?)([^'")\s;]+)""", re.IGNORECASE)


def css_imports(css: str) -> list[str]:
    """The stylesheets a piece of CSS imports: `@import "..."` and `@import url(...)`."""
    return [match.group(2) for match in CSS_IMPORT.finditer(css)]


def css_urls(css: str) -> list[str]:
    """Every address a piece of CSS fetches: its imports and its `url(...)` values."""
    return list(dict.fromkeys(css_imports(css) + [match.group(2) for match in CSS_URL.finditer(css)]))


def fetched_urls(soup: BeautifulSoup) -> list[str]:
    """Every address the page makes the browser fetch by itself, as written."""
    urls: list[str] = []
    for element in soup.find_all(True):
        for attribute in FETCHING_ATTRIBUTES.get(element.name, ()):
            value = element.get(attribute)
            if value and attribute == "srcset":
                urls += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
            elif value:
                urls.append(value)
        if element.name == "link" and FETCHING_RELS & {rel.lower() for rel in element.get("rel", [])}:
            urls.append(element.get("href", ""))
        if element.name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            content = element.get("content") or ""
            start = content.lower().find("url=")
            urls.append(content[start + 4:].strip(" '\"") if start >= 0 else "")
        if element.get("style"):
            urls += css_urls(element["style"])
        if element.name == "style":
            urls += css_urls(element.get_text())
    return [url for url in urls if url]


def is_foreign(url: str) -> bool:
    """Whether fetching `url` leaves the page's own origin. Every resource of a static
    site is addressed relatively, so any address with a host counts, even the site's
    own `site_url`: it would leave a mirror or a local preview."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data", "blob")


def foreign_references(soup: BeautifulSoup) -> list[str]:
    return [url for url in fetched_urls(soup) if is_foreign(url)]


# A `<script type>` that makes a classic script; "module" makes a module script, any
# other type a data block (JSON-LD, for instance) that is neither fetched nor run.
CLASSIC_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript"}


def render_blocking(soup: BeautifulSoup) -> list[str]:
    """Addresses of the resources that block the page's first rendering.

    After the HTML Standard: an element blocks rendering when it is potentially
    render-blocking and the parser inserts it while the document has no body yet, that
    is in the head. Potentially render-blocking are elements with `blocking="render"`,
    and, implicitly, a parser-inserted stylesheet `<link>` and a parser-inserted classic
    `<script>` without `async` or `defer`. A stylesheet for a media type that is not
    the screen (`media="print"`) and a disabled or alternate one are not applied, so
    they do not block. Inline `<script>` and `<style>` fetch nothing, except a style's
    `@import`, which blocks like a stylesheet link.
    """
    if soup.head is None:
        return []
    blocking = []
    for element in soup.head.find_all(["link", "script", "style"]):
        explicit = "render" in (element.get("blocking") or "").split()
        if element.name == "link":
            rels = {rel.lower() for rel in element.get("rel", [])}
            media = (element.get("media") or "all").strip().lower()
            applied = "stylesheet" in rels and "alternate" not in rels and not element.has_attr("disabled")
            if element.get("href") and (explicit or (applied and media != "print")):
                blocking.append(element["href"])
        elif element.name == "script":
            kind = (element.get("type") or "").strip().lower()
            classic = kind in CLASSIC_SCRIPT_TYPES
            waits = element.has_attr("async") or element.has_attr("defer")
            if element.get("src") and (explicit or (classic and not waits)):
                blocking.append(element["src"])
        else:
            blocking += css_imports(element.get_text())
    return blocking


def site_path(page_url: str, url: str) -> str:
    """The file a relative address on the page at `page_url` ('/origins/') points to."""
    path = urlsplit(urljoin(f"http://site{page_url}", url)).path
    return PurePosixPath(path.lstrip("/")).as_posix()


# ---------------------------------------------------------------------------
# The built site
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def theme_files() -> set[str]:
    return material_files()


def our_assets(site, theme_files: set[str]) -> dict[str, int]:
    """Our JavaScript and CSS files in the built site (anything Material does not ship),
    with their gzipped sizes."""
    return {
        path.relative_to(site.folder).as_posix(): gzipped_size(path.read_bytes())
        for path in sorted(site.folder.rglob("*"))
        if path.suffix in (".js", ".css") and path.relative_to(site.folder).as_posix() not in theme_files
    }


def test_our_javascript_and_css_stay_within_their_gzipped_budget(site, theme_files):
    assets = our_assets(site, theme_files)
    # The classification must find our own files, or the budget would hold for nothing.
    assert {"assets/explainer.js", "assets/explainer.css"} <= set(assets), assets
    assert sum(assets.values()) <= ASSET_BUDGET, (
        f"our JS + CSS weigh {sum(assets.values())} bytes gzipped (budget {ASSET_BUDGET}): {assets}"
    )


def test_each_article_page_stays_within_60_kb_gzipped(site):
    sizes = {url: gzipped_size(site.page_files[url].read_bytes()) for url in site.article_urls}
    assert len(sizes) >= 9  # every chapter, the home page, glossary, sources ...
    too_heavy = {url: size for url, size in sizes.items()
                 if size > (PRINT_BUDGET if url == PRINT_PAGE else PAGE_BUDGET)}
    assert not too_heavy, f"pages over {PAGE_BUDGET} bytes gzipped ({PRINT_PAGE}: {PRINT_BUDGET}): {too_heavy}"


def test_no_page_fetches_anything_from_another_origin(site):
    offenders = {url: foreign_references(site.soup(url)) for url in site.page_files}
    assert not {url: refs for url, refs in offenders.items() if refs}


def test_no_stylesheet_fetches_anything_from_another_origin(site):
    offenders = {
        path.relative_to(site.folder).as_posix(): [u for u in css_urls(path.read_text("utf-8")) if is_foreign(u)]
        for path in site.folder.rglob("*.css")
    }
    assert not {name: urls for name, urls in offenders.items() if urls}


def test_no_resource_of_ours_blocks_rendering(site, theme_files):
    offenders = {}
    for url in site.page_files:
        ours = [ref for ref in render_blocking(site.soup(url)) if site_path(url, ref) not in theme_files]
        if ours:
            offenders[url] = ours
    assert not offenders, f"render-blocking resources of ours: {offenders}"


def test_our_stylesheet_is_inline_and_our_script_is_loaded_on_every_page(site):
    """The other side of the test above: our styles and script still reach every page."""
    css = OUR_CSS.read_text("utf-8").strip()  # Jinja drops the file's last newline
    for url in site.article_urls:
        soup = site.soup(url)
        assert any(style.get_text().strip() == css for style in soup.head.find_all("style")), url
        scripts = [site_path(url, s["src"]) for s in soup.find_all("script", src=True)]
        assert "assets/explainer.js" in scripts, url


# ---------------------------------------------------------------------------
# The checkers on small inputs
# ---------------------------------------------------------------------------


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


@pytest.mark.parametrize(
    "html, foreign",
    [
        ('<script src="https://cdn.example.org/lib.js"></script>', ["https://cdn.example.org/lib.js"]),
        ('<link rel="stylesheet" href="//fonts.example.org/css">', ["//fonts.example.org/css"]),
        ('<link rel="preconnect" href="https://fonts.gstatic.com">', ["https://fonts.gstatic.com"]),
        ('<link rel="shortcut icon" href="https://example.org/f.ico">', ["https://example.org/f.ico"]),
        ('<img src="a.png" srcset="a.png 1x, https://img.example.org/b.png 2x">',
         ["https://img.example.org/b.png"]),
        ('<iframe src="https://video.example.org/embed/1"></iframe>', ["https://video.example.org/embed/1"]),
        ('<video poster="http://example.org/p.jpg"></video>', ["http://example.org/p.jpg"]),
        ('<div style="background: url(\'https://example.org/bg.png\')"></div>', ["https://example.org/bg.png"]),
        ('<style>@import "https://example.org/x.css"; p { color: red }</style>', ["https://example.org/x.css"]),
        ('<meta http-equiv="refresh" content="0; url=https://elsewhere.example.org/">',
         ["https://elsewhere.example.org/"]),
        # Addresses that are only named, and resources of the page's own origin:
        ('<a href="https://example.org/">a link</a>', []),
        ('<link rel="canonical" href="https://example.org/page/">', []),
        ('<link rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">', []),
        ('<meta property="og:image" content="https://example.org/p.png">', []),
        ('<img src="../assets/a.png" srcset="a.png 1x, b.png 2x"><script src="/x.js"></script>', []),
        ('<img src="data:image/png;base64,AAAA">', []),
        ('<meta http-equiv="refresh" content="0; url=../new-page/">', []),
    ],
)
def test_foreign_references(html, foreign):
    assert foreign_references(parse(html)) == foreign


@pytest.mark.parametrize(
    "html, blocking",
    [
        ('<head><link rel="stylesheet" href="a.css"></head>', ["a.css"]),
        ('<head><link rel="stylesheet" href="a.css" media="print"></head>', []),
        ('<head><link rel="alternate stylesheet" href="a.css"></head>', []),
        ('<head><link rel="preload" href="a.css" as="style"></head>', []),
        ('<head><link rel="stylesheet" href="a.css" media="print" blocking="render"></head>', ["a.css"]),
        ('<head><script src="a.js"></script></head>', ["a.js"]),
        ('<head><script src="a.js" defer></script><script src="b.js" async></script></head>', []),
        ('<head><script type="module" src="a.js"></script></head>', []),
        ('<head><script type="module" src="a.js" blocking="render"></script></head>', ["a.js"]),
        ('<head><script>var inline = 1;</script><script type="application/ld+json">{}</script></head>', []),
        ('<head><style>p { color: red }</style></head>', []),
        ('<head><style>@import url("a.css"); p { background: url(b.png) }</style></head>', ["a.css"]),
        ("<head><style>@import 'a.css' screen;</style></head>", ["a.css"]),
        # After the body has started, nothing blocks the first rendering.
        ('<head></head><body><p>Text</p><script src="a.js"></script>'
         '<link rel="stylesheet" href="b.css"></body>', []),
    ],
)
def test_render_blocking(html, blocking):
    assert render_blocking(parse(html)) == blocking


def test_site_path_resolves_relative_addresses():
    assert site_path("/origins/", "../assets/explainer.js") == "assets/explainer.js"
    assert site_path("/", "assets/explainer.js?v=1") == "assets/explainer.js"
    assert site_path("/a/b/", "../../assets/stylesheets/main.css") == "assets/stylesheets/main.css"


def test_material_files_are_told_apart_from_ours():
    files = material_files()
    assert any(name.startswith("assets/javascripts/bundle.") for name in files)
    assert "assets/explainer.js" not in files and "assets/explainer.css" not in files


def test_gzipped_size_measures_compression():
    text = b"The Social Credit System. " * 200
    assert gzipped_size(text) < len(text) // 10
    assert gzipped_size(b"") > 0  # the gzip header alone
