"""Personal API tokens: created once with the secret shown once, used as Bearer/Token, revoked."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone
from rest_framework.test import APIClient

from tests.api.conftest import detail
from zhenggai.api.models import ApiToken
from zhenggai.api.tokens import token_create, token_revoke
from zhenggai.core.errors import ServiceError

TOKENS = "/api/v1/tokens/"
ME = "/api/v1/me/"


def _session(user, *, csrf=False):
    client = APIClient(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def test_create_in_a_web_session_returns_the_secret_once(seed):
    client = _session(seed.liaison)
    response = client.post(TOKENS, {"name": "统计报表脚本"}, format="json")
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    secret = body["token"]
    assert body["name"] == "统计报表脚本" and body["prefix"] == secret[:8] and body["is_active"]
    assert len(secret) >= 40

    row = ApiToken.objects.get(pk=body["id"])
    assert row.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(getattr(row, f.attname)) for f in ApiToken._meta.concrete_fields]
    assert secret not in stored, "the secret itself must not be stored"

    listed = client.get(TOKENS).json()["results"]
    assert [t["prefix"] for t in listed] == [secret[:8]]
    assert "token" not in listed[0]


@pytest.mark.parametrize("scheme", ["Bearer", "Token", "bearer"])
def test_token_authenticates_as_its_user(seed, scheme):
    _token, secret = token_create(user=seed.clerk, name="脚本")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {secret}")
    response = client.get(ME)
    assert response.status_code == 200 and response.json()["username"] == "clerk"
    assert ApiToken.objects.get(user=seed.clerk).last_used_at is not None


def test_revoked_token_gets_401_in_chinese(seed):
    token, secret = token_create(user=seed.liaison, name="脚本")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(ME).status_code == 200

    assert client.delete(f"{TOKENS}{token.pk}/").status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None

    response = client.get(ME)
    assert response.status_code == 401
    assert detail(response) == "API 令牌无效或已撤销。"
    assert response["WWW-Authenticate"].startswith("Bearer")
    # Still listed (as revoked) for the owner's records.
    session = _session(seed.liaison)
    assert session.get(TOKENS).json()["results"][0]["is_active"] is False
    # Revoking again changes nothing.
    first = token.revoked_at
    assert session.delete(f"{TOKENS}{token.pk}/").status_code == 204
    token.refresh_from_db()
    assert token.revoked_at == first


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-real-token", "Bearer", "Bearer two parts", "Token ", "Bearer \u4e2d\u6587"],
)
def test_unknown_or_malformed_tokens_get_401(seed, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header.encode().decode("latin-1"))
    response = client.get(ME)
    assert response.status_code == 401
    assert "令牌" in detail(response)


def test_no_credentials_gets_401_in_chinese(seed):
    response = APIClient().get(ME)
    assert response.status_code == 401
    assert detail(response) == "请先登录或提供有效的 API 令牌。"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_token_of_a_deactivated_user_stops_working(seed):
    _token, secret = token_create(user=seed.clerk, name="脚本")
    seed.clerk.is_active = False
    seed.clerk.save(update_fields=["is_active"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(ME).status_code == 401


def test_only_ones_own_token_can_be_revoked(seed, api):
    token, secret = token_create(user=seed.leader, name="局长的脚本")
    response = api(seed.liaison).delete(f"{TOKENS}{token.pk}/")
    assert response.status_code == 404 and detail(response) == "未找到。"
    token.refresh_from_db()
    assert token.revoked_at is None
    with pytest.raises(Http404):
        token_revoke(token=token, user=seed.liaison)
    assert api(seed.liaison).delete(f"{TOKENS}999999/").status_code == 404


def test_others_tokens_are_not_listed(seed, api):
    token_create(user=seed.leader, name="局长的脚本")
    names = [t["name"] for t in api(seed.liaison).get(TOKENS).json()["results"]]
    assert names == ["测试"]  # only the token the client itself uses


def test_token_name_is_required(seed):
    client = _session(seed.liaison)
    response = client.post(TOKENS, {"name": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ["该字段不能为空。"]}
    response = client.post(TOKENS, {"name": "长" * 101}, format="json")
    assert response.status_code == 400 and "100" in response.json()["errors"]["name"][0]
    with pytest.raises(ServiceError):
        token_create(user=seed.liaison, name="  ")


def test_session_writes_need_the_csrf_token(seed):
    client = _session(seed.liaison, csrf=True)
    response = client.post(TOKENS, {"name": "脚本"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in detail(response)
    # A token needs no CSRF token (its reads and writes), but it may not create tokens.
    _token, secret = token_create(user=seed.liaison, name="脚本")
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(TOKENS).status_code == 200


def test_a_token_cannot_create_tokens(seed):
    """A leaked token must not mint successors that survive its revocation or expiry."""
    _token, secret = token_create(user=seed.liaison, name="脚本")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(TOKENS, {"name": "续命"}, format="json")
    assert response.status_code == 403
    assert detail(response) == "创建 API 令牌需要登录网页后操作,不能使用 API 令牌创建令牌。"
    assert list(ApiToken.objects.filter(user=seed.liaison).values_list("name", flat=True)) == ["脚本"]
    # The same user's web session may.
    assert _session(seed.liaison).post(TOKENS, {"name": "新脚本"}, format="json").status_code == 201


def test_tokens_expire_after_the_configured_days(seed, settings):
    settings.ZHENGGAI_API_TOKEN_DAYS = 30
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        token, secret = token_create(user=seed.clerk, name="脚本")
    assert token.expires_at == start + dt.timedelta(days=30)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    with time_machine.travel(start + dt.timedelta(days=30) - dt.timedelta(seconds=1), tick=False):
        assert client.get(ME).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=30), tick=False):
        response = client.get(ME)
        assert response.status_code == 401
        assert detail(response) == "API 令牌已过期,请登录网页后在“API 令牌”页创建新令牌。"
        assert response["WWW-Authenticate"].startswith("Bearer")
        listed = _session(seed.clerk).get(TOKENS).json()["results"]
        assert listed[0]["is_active"] is False
        assert listed[0]["expires_at"].startswith("2026-03-31")


def test_default_lifetime_is_180_days(seed):
    before = timezone.now()
    token, _secret = token_create(user=seed.clerk, name="脚本")
    assert before + dt.timedelta(days=180) <= token.expires_at <= timezone.now() + dt.timedelta(days=180)


def test_a_wrong_secret_never_says_expired(seed):
    """Only the holder of a real (expired) secret learns it expired; a guess gets the usual answer."""
    token, _secret = token_create(user=seed.clerk, name="脚本")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer guessed-secret-guessed-secret-guessed")
    assert detail(client.get(ME)) == "API 令牌无效或已撤销。"
