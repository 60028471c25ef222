"""What every feature of the engine shares; it uses no feature package.

- `datafile`: loads `docs/glossary.yml` and `docs/sources.yml`; `DataError` names file and line.
- `references`: the works of `docs/sources.yml`, checked, and formatted with CSL styles
  (the sources panel, the bibliography, the glossary's titles of works and "Cite this page").
- `weblinks`: a formatted reference's URL or DOI as a link.
- `settings`: one explainer's settings, read from `extra` in mkdocs.yml.
- `strings`: the engine's interface words in the language of `theme.language`.
- `memo`: results kept from one build to the next, in the cache folder.
- `tips`: where an extension puts the tooltip bodies of a page (glossary and citations).
- `rawhtml`: raw inline HTML as Python-Markdown leaves it in the tree.
- `pagecontext`: what a builder (Zensical) tells an extension about the page it converts.
- `frontmatter`: what a page's front matter must hold, worded once for every builder.
- `build`: one MkDocs build: what it reads once and collects, and its memos' life.
- `publishing`: a build to publish needs a real site address.
- `redirects`: old addresses that point into a page, checked, with stubs that keep a #fragment.
"""
