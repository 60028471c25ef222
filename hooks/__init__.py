"""The MkDocs hooks, one thin module per feature.

This repository's `mkdocs.yml` names these files. The engine's distribution ships them as
the package `explainer.hooks` (pyproject.toml), so that another explainer's `hooks/NAME.py`
is one line, `from explainer.hooks.NAME import *`, and an engine upgrade changes them too.
"""
