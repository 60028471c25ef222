"""Plain, testable building blocks of the explainer's MkDocs hooks.

Each module here works without MkDocs: the hooks in `hooks/*.py` are thin adapters
that call them. Markdown extensions live here too, so that they can move to any
Python-Markdown based generator.
"""
