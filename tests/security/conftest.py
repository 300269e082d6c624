"""Fixtures the security tests share with the API tests."""

from tests.api.conftest import api  # noqa: F401 - the fixture, for the API checks here
