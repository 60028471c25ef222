"""Sharing: addresses that last, citations to copy, link previews and the print page.

- `anchors`: the Python-Markdown extension for paragraph anchors, id aliases and the
  sections this edition wrote.
- `citing`: "Cite this page" and a section's citation, in several CSL styles.
- `previews`: the link preview image of each page.
- `printpage`: the whole explainer on one page, every chapter rewritten to fit in it.
- `printer`: makes that page from each page's content as the pages render.
- `build`: sharing in one MkDocs build: anchors, "Cite this page", previews, the print page.
"""
