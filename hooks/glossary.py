"""MkDocs hook: glossary (work in progress)."""
