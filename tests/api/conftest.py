"""Fixtures of the API tests that need more than the shared app (``tests/conftest.py``)."""

from tests.api.evaluators import (  # noqa: F401 - fixtures, found by pytest here
    eval_app,
    eval_client,
    eval_database,
    eval_database_url,
    eval_project,
    eval_settings,
    judge,
)
