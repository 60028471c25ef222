"""One browser page per kind of device, kept for a test module's tests and sent from page to page.

The first page load in a new browser context costs about 1.1 CPU-s for a chapter of the English
fixture on the test machine (the context and its renderer start, nothing is warm yet), a later
load in the same context 0.3-0.4 s (measured in whole-process-tree CPU). So the tests of a module
share one context per device, and each visit loads a fresh document: nothing a test did to a page
(focus, scroll, opened tooltips, classes, emulated print) outlives it, only what the context keeps
(cookies, local storage: a reader's chosen citation style), which a test that sets it must not
share.
"""

from __future__ import annotations

import contextlib

from conftest import PageWatch, Site

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
SCREEN = {"viewport": {"width": 1280, "height": 800}}
DEVICES = {"phone": PHONE, "screen": SCREEN}


@contextlib.contextmanager
def kept_pages(browser, base_url: str, site: Site):
    """Yields visit(url, device="screen", width=None, height=None) -> PageWatch: the one page of
    `device` ("phone": 390×844 px, touch; "screen": 1280×800 px, a mouse), at `width` × `height`
    px where given, freshly loaded at `url` of the served `site`, its watch's records emptied.
    The pages' contexts are closed when the block ends."""
    sitemap = (site.folder / "sitemap.xml").read_text("utf-8")
    contexts, watches = [], {}

    def visit(url: str, device: str = "screen", width: int | None = None, height: int | None = None) -> PageWatch:
        if device not in watches:
            context = browser.new_context(**DEVICES[device])
            contexts.append(context)
            watches[device] = PageWatch(context.new_page(), base_url, sitemap, site.site_url)
        watch = watches[device]
        page = watch.page
        page.mouse.move(0, 0)  # no pointer left over what the next document shows there
        # By way of a blank page, so that an address that differs only by its #fragment still
        # loads a new document, from the top, instead of scrolling the old one.
        page.goto("about:blank")
        page.emulate_media(media="screen")
        size = DEVICES[device]["viewport"]
        page.set_viewport_size({"width": width or size["width"], "height": height or size["height"]})
        watch.console_errors.clear()
        watch.foreign_requests.clear()
        page.goto(base_url + url)
        page.wait_for_load_state("load")
        return watch

    try:
        yield visit
    finally:
        for context in contexts:
            context.close()
