"""Published addresses never silently break (explainer.checks): docs/addresses.yml records
every address the site has published. Before you first publish, start the record with
    .venv/bin/pytest tests/test_addresses.py --update-addresses=new
From then on a recorded address that disappears fails, and so does a new address until it
is recorded with `--update-addresses`."""

from explainer.checks import test_every_address_is_recorded, test_no_recorded_address_disappears  # noqa: F401
