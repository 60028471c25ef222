"""Plain, testable building blocks of the explainer's MkDocs hooks.

Each module here works without MkDocs: the hooks in `hooks/*.py` are thin adapters
that call them. The per-page features are Python-Markdown extensions; installed
(`pip install -e .`, as `make` does), any Python-Markdown based builder loads them by
name (`explainer.extensions`).
"""
