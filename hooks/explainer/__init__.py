"""The explainer engine: plain, testable building blocks of the MkDocs hooks, by feature.

Each module here works without running MkDocs: the hooks in `hooks/*.py` are thin
adapters over one object per build (`core/build.py`, with each feature's `build.py`),
which a test makes from a loaded configuration. The folders name the features; a feature uses `core` and nothing of
another feature (tests/engine/test_engine_layout.py checks this):

- `core/`: what every feature shares: the data files and their errors (`datafile`),
  the works of `sources.yml` (`references`), the settings in `extra` (`settings`), the
  interface words (`strings`), the cache kept between builds (`memo`), tooltip bodies
  (`tips`), raw HTML in the Markdown tree (`rawhtml`), what a builder says about a page
  (`pagecontext`), and site-wide checks: published addresses and redirects.
- `glossary/`: terms marked in the text with tooltips, and the glossary page.
- `sources/`: `[@key]` citations, the sources panel, the bibliography's downloads.
- `sharing/`: stable addresses (paragraph anchors, id aliases), "Cite this page", link
  preview images and the print page.
- `manuscript/`: `explainer import`, a manuscript (Word, Markdown, or text from a PDF)
  made into pages and draft sources; `cli` is the `explainer` command that runs it.

Two modules join the features for the builders: `extensions` (the per-page features as
Python-Markdown extensions; installed, `pip install -e .` as `make` does, any
Python-Markdown based builder loads them by name) and `pageviews` (what the templates
show, as plain values, under either builder).
"""
