# The engine's checks of any explainer (explainer.checks): their fixtures (the strict build,
# tests/edition.yml) and the option --update-addresses. Your own tests can use them too.
pytest_plugins = ("explainer.checks",)
