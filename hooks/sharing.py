"""MkDocs hook: sharing (work in progress)."""
