"""A 500 mails ADMINS through the real SMTP server, with the request id the response carried; the
JSON log line of the error carries it too, and nothing secret reaches the log."""

import io
import json
import logging

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from tests.supervision.helpers import Inbox, free_port
from zhenggai.ops.logs import JsonFormatter, RequestContextFilter, scrub

pytestmark = pytest.mark.urls("tests.web.error_urls")


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def json_log():
    """What the console handler writes, captured: the project's formatter and filter on a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    loggers = [logging.getLogger("django.request"), logging.getLogger("zhenggai.request")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield buffer
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def test_a_500_mails_the_admins_with_the_request_id(db, settings, smtp_inbox, json_log):
    settings.DEBUG = False
    settings.ADMINS = [("值班员", "ops@example.cn"), ("Li Si", "lisi@example.cn")]
    secret = "Pw-8812-never-logged"
    response = Client(raise_request_exception=False).post(
        "/test-boom/", {"username": "ops", "password": secret}, HTTP_COOKIE="sessionid=cookie-value-77"
    )
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    (mail,) = smtp_inbox.wait_for(1)
    assert sorted(mail.to) == ["lisi@example.cn", "ops@example.cn"]
    assert request_id in mail.subject and "/test-boom/" in mail.subject
    assert f"请求编号(X-Request-ID):{request_id}" in mail.body and "RuntimeError" in mail.body
    assert "cookie-value-77" not in mail.body  # Django's report hides cookies
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    error = next(line for line in lines if line["logger"] == "django.request")
    assert error["request_id"] == request_id and error["level"] == "ERROR"
    assert "RuntimeError: a view that fails" in error["exception"]
    access = next(line for line in lines if line["logger"] == "zhenggai.request")
    assert access["status"] == 500 and access["request_id"] == request_id
    logged = json_log.getvalue()
    assert secret not in logged and "cookie-value-77" not in logged


def test_no_admins_no_mail(db, settings, smtp_inbox):
    settings.DEBUG = False
    settings.ADMINS = []
    assert Client(raise_request_exception=False).get("/test-boom/").status_code == 500
    assert smtp_inbox.wait_for(1, timeout=1) == []


def test_the_user_id_is_on_the_lines_of_a_signed_in_request(seed, json_log):
    client = Client()
    client.force_login(seed.liaison)
    response = client.get("/")
    line = json.loads(json_log.getvalue().splitlines()[-1])
    assert line["user_id"] == seed.liaison.pk and line["request_id"] == response["X-Request-ID"]
    assert line["route"] == "home" and line["status"] == 200


@pytest.mark.parametrize(
    "text",
    [
        "login failed password=Hunter2-secret for ops",
        "form {'password': 'Hunter2-secret', 'username': 'ops'}",
        "Authorization: Bearer Hunter2-secret-token-xyz",
        "Cookie: sessionid=Hunter2-secret; csrftoken=Hunter2-secret",
        "api token Hunter2-secret-token-xyz",
    ],
)
def test_secrets_are_scrubbed_from_messages(text):
    assert "Hunter2" not in scrub(text)
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, text, None, None)
    assert "Hunter2" not in JsonFormatter().format(record)
