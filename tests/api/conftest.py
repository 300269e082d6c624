"""API fixtures: the seed case, its personas by name, and clients that carry a persona's token."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from zhenggai.api.tokens import token_create

PERSONAS = ["anonymous", "xunchaban", "group3", "leader", "deputy", "liaison", "clerk", "outsider"]


@pytest.fixture
def users(seed):
    """Every demo user by username (the seed fixture names only five of them)."""
    return {u.username: u for u in get_user_model().objects.all()}


@pytest.fixture
def api():
    """``api(user)``: a client authenticated with a fresh personal token of ``user`` (None: anonymous)."""

    def _client(user=None, *, scheme="Bearer"):
        client = APIClient()
        if user is not None:
            _token, secret = token_create(user=user, name="测试")
            client.credentials(HTTP_AUTHORIZATION=f"{scheme} {secret}")
        return client

    return _client


def detail(response) -> str:
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    return body["detail"]
