"""`explainer new PATH`: a new explainer repository, made by Copier from the template here.

`copier.yml` asks the questions (title, author, publisher, date, language, licence, a
short name, the engine requirement) and `template/` holds the files: `mkdocs.yml`, `docs/`,
`tests/`, README, Makefile, `.ci/run`, the publish workflow, one-line hooks and an empty
`overrides/`. `new.create` runs Copier and records where `copier update` finds this
template again.
"""
