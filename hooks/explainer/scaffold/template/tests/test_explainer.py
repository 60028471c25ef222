"""The engine's checks of this explainer (explainer.checks): the site builds with
`mkdocs build --strict`, docs/glossary.yml and docs/sources.yml load, and every page says
what tests/edition.yml says (title, author, licence, language). Add tests of your own
beside this file."""

from explainer.checks import (  # noqa: F401
    test_every_page_credits_the_author_and_the_licence,
    test_every_page_is_in_the_edition_language,
    test_the_data_files_load,
    test_the_home_page_has_the_title,
    test_the_site_builds_strictly,
)
