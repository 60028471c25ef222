"""The sources: `[@key]` citations in the text, each page's sources panel, the bibliography's downloads.

The works themselves (`docs/sources.yml`) are `explainer.core.references`: the glossary
and "Cite this page" use them too.

- `citations`: the Python-Markdown extension for `[@key]` citations and their tooltips (`tip.html`).
- `panel`: what each page cites: its sources panel and the bibliography's "Cited in" links.
- `exports`: BibTeX, RIS, CSL-JSON, COinS and citation meta tags of the works.
- `bibliography`: the bibliography's works as the search index needs them.
- `build`: the sources of one MkDocs build: each page's panel, "Cited in", the downloads.
"""
