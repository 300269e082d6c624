"""Real servers for the reminder tests: an SMTP server (aiosmtpd) and a robot endpoint (http.server),
both on 127.0.0.1 at a free port, started by the test that needs them and stopped after it."""

import pytest
from aiosmtpd.controller import Controller

from .helpers import Inbox, RobotServer, free_port


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_inbox(smtp_server, settings):
    """The real SMTP server, with Django's SMTP backend pointed at it (not locmem)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return smtp_server


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
