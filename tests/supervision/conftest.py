"""Real servers for the reminder tests: a robot endpoint (http.server) on 127.0.0.1 at a free port,
started by the test that needs it and stopped after it; the SMTP server is in tests/conftest.py."""

import pytest

from .helpers import RobotServer


@pytest.fixture
def robot_server():
    server = RobotServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


@pytest.fixture
def users(seed) -> dict:
    """Every demo user by log-in name (the seed world names only some of them)."""
    from django.contrib.auth import get_user_model

    return {user.username: user for user in get_user_model().objects.all()}
