"""The glossary: terms marked in running text with tooltips, and the glossary page.

- `data`: `docs/glossary.yml`, checked; definitions rendered from Markdown.
- `termmatch`: finds the terms' written forms in a text, whole words, in one pass.
- `marking`: the Python-Markdown extension that marks terms and adds their tooltips (`tip.html`).
- `page`: the glossary page (its entries from the template `page.html`).
- `build`: the glossary of one MkDocs build: what each page marked, the glossary page's entries.
"""
