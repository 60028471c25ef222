"""This article's citations: what a preview holds. How citations behave in the browser:
tests/engine/test_citations_browser.py; axe with a preview open or a source pointed out:
tests/engine/test_accessibility_browser.py and tests/edition/test_site_browser.py."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE = "/social-goals/"


def test_a_citations_preview_holds_its_reference(site):
    """The first citation of the page previews the State Council's plan (the preview's
    behaviour: tests/engine/test_citations_browser.py)."""
    content = site.soup(PAGE)
    marker = content.select_one("article a.ex-cite[data-cite]")
    tip = content.find(id=marker["data-tip"])
    assert "State Council of the People's Republic of China. 2014." in " ".join(tip.get_text().split())
