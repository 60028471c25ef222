"""A page's front matter: each mistake is one line naming the page and, where it has one, the line
(explainer.core.frontmatter). MkDocs itself ignores front matter it cannot parse, without a word."""

from __future__ import annotations

import pytest
from mkdocs.utils import meta as mkdocs_meta

from explainer.core import frontmatter


@pytest.mark.parametrize("text, messages", [
    ("---\ntitle: T\ndescription: D\nchapter: true\n---\n# T\n", []),
    ("# No front matter\n", ["page.md: front matter has no 'description' (link previews show it)"]),
    # MkDocs reads none of front matter that is not valid YAML, and says nothing: this says why.
    ("---\ntitle: [T\ndescription: D\n---\n# T\n",
     ["page.md:3: front matter is not valid YAML (expected ',' or ']', but got ':'), so none of it is read"]),
    ("---\ntitle: T\n description: D\n---\n# T\n",
     ["page.md:3: front matter is not valid YAML (mapping values are not allowed here), so none of it is read"]),
    ("---\n- title\n---\n# T\n", ["page.md:2: front matter must be 'key: value' lines, so none of it is read"]),
    # A near miss of a known key is named with the key meant, and the line.
    ("---\ntitle: T\ndescripton: D\n---\n# T\n",
     ["page.md:3: unknown front-matter key 'descripton': did you mean 'description'?",
      "page.md: front matter has no 'description' (link previews show it)"]),
    ("---\ntitle: T\ndescription: D\nchapters: true\nsource: [a-2020]\n---\n# T\n",
     ["page.md:4: unknown front-matter key 'chapters': did you mean 'chapter'?",
      "page.md:5: unknown front-matter key 'source': did you mean 'sources'?"]),
    ("---\ntitle: T\ndescription: D\nauthor_note: mine\n---\n# T\n", []),  # an own key, nowhere near a known one
    # `yes`, `no`, `on`, `off` are true or false to MkDocs (YAML 1.1), text to Zensical (YAML 1.2): refused under both.
    ("---\ntitle: T\ndescription: D\nchapter: yes\nglossary: Off\n---\n# T\n",
     ["page.md: front matter 'chapter' must be true or false, not 'yes'",
      "page.md: front matter 'glossary' must be true or false, not 'Off'"]),
    ("---\ntitle: T\ndescription: D\nchapter: True\nglossary: false\n---\n# T\n", []),
])
def test_a_mistake_in_front_matter_is_named_with_its_line(text, messages):
    _, meta = mkdocs_meta.get_data(text)  # what MkDocs reads: nothing of front matter it cannot parse
    assert frontmatter.page_problems("page.md", meta, text) == messages


@pytest.mark.parametrize("text, key, where", [
    ("---\ntitle: T\n---\n\nOne [@a-2020].\n", "a-2020", ":5"),
    ("Text.\n\nTwo [@b-2001; @a-2020, p. 4].\n", "a-2020", ":3"),
    ("First [@a-2020-x].\nThen [@a-2020].\n", "a-2020", ":2"),  # a longer key is another key
    ("No citation here.\n", "a-2020", ""),
])
def test_a_citation_is_found_on_its_line(text, key, where):
    assert frontmatter.cited_at(text, key) == where
