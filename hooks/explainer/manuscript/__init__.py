"""A manuscript made into an explainer's pages: `explainer import` (hooks/explainer/cli.py).

- `pandoc`: Word and Markdown read into Pandoc's tree, and parts of it written back as
  Markdown for Python-Markdown.
- `pdftext`: the line-break damage of text extracted from a PDF, repaired or listed.
- `chapters`: the tree cut into one page per chapter, with explicit heading ids.
- `literature`: the literature list as draft records for `sources.yml`.
- `importer`: what an import writes, checked against the explainer, and its report.
- `findings`: the error that stops an import and the findings it reports.
"""
