"""MkDocs hook: sources (work in progress)."""
