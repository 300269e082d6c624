"""With ZHENGGAI_CACHE_URL set, sessions are read from the shared Redis cache and written through to
the database (cached_db): no session query per request, and logging out still ends the session."""

import os
import uuid

import pytest
import redis
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

REDIS_URL = os.environ.get("ZHENGGAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def shared_cache():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"无法连接 Redis({REDIS_URL}):{error}。共享缓存的测试需要本机的 Redis。")
    prefix = f"zhenggai-test-{uuid.uuid4().hex}"
    caches = {alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                      "KEY_PREFIX": f"{prefix}-{alias}"} for alias in ("default", "responses")}  # fmt: skip
    # (Django's test signals rebuild the cache handler when CACHES changes.)
    with override_settings(CACHES=caches, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        yield client
        for key in client.scan_iter(f"{prefix}-*"):
            client.delete(key)


def test_sessions_come_from_the_cache_and_logout_ends_them(seed, client, shared_cache):
    response = client.post(reverse("login"), {"username": "liaison", "password": "zhenggai-demo"})
    assert response.status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()  # written through to the database
    assert any(k.decode().endswith(key) for k in shared_cache.scan_iter("*"))

    url = reverse("inspection", args=[seed.inspection.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"]]

    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert not any(k.decode().endswith(key) for k in shared_cache.scan_iter("*"))
    client.cookies[settings.SESSION_COOKIE_NAME] = key  # the old cookie, replayed
    assert client.get(url).status_code == 302
