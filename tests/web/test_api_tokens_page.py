"""Creating, using and revoking a personal API token from the web page."""

import re

from django.urls import reverse
from django.utils import timezone

from zhenggai.api.models import ApiToken
from zhenggai.api.tokens import token_create


def test_create_use_and_revoke(login, seed, client):
    page = login(seed.liaison).post(reverse("api_tokens"), {"name": "OA 同步"}).content.decode()
    secret = re.search(r'<code id="new-token" class="secret">([^<]+)</code>', page).group(1)
    client.logout()
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.status_code == 200 and me.json()["username"] == "liaison"
    token = ApiToken.objects.get(user=seed.liaison)
    assert secret not in client.get(reverse("api_tokens")).content.decode()  # shown once only
    client.force_login(seed.liaison)
    client.post(reverse("api_tokens"), {"revoke": token.pk})
    client.logout()
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_someone_elses_token_cannot_be_revoked(login, seed):
    other, _secret = token_create(user=seed.leader, name="x")
    assert login(seed.outsider).post(reverse("api_tokens"), {"revoke": other.pk}).status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_a_name_is_required(login, seed):
    page = login(seed.liaison).post(reverse("api_tokens"), {"name": " "}).content.decode()
    assert "请填写令牌名称" in page and not ApiToken.objects.exists()


def test_token_creation_and_revocation_are_in_the_trail_without_the_secret(seed):
    from zhenggai.api.tokens import token_revoke
    from zhenggai.audit.models import AuditEvent
    from zhenggai.audit.verify import audit_verify

    token, secret = token_create(user=seed.liaison, name="报表脚本")
    token_revoke(token=token, user=seed.liaison)
    events = AuditEvent.objects.filter(object_type="api.apitoken", object_id=str(token.pk)).order_by("seq")
    assert [e.action for e in events] == ["create", "update"]
    assert all(secret not in str(e.changes) for e in events)
    assert audit_verify().ok


def test_the_page_shows_when_each_token_expires(login, seed):
    import datetime as dt

    token, _secret = token_create(user=seed.liaison, name="报表脚本")
    expired, _secret = token_create(user=seed.liaison, name="旧脚本")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=expired.created_at - dt.timedelta(days=1))
    page = login(seed.liaison).get(reverse("api_tokens")).content.decode()
    local = timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M")
    assert f'<td class="token-expires">{local}</td>' in page
    assert "已过期" in page
    # No revoke button for the expired one: only the live token has one.
    assert page.count('name="revoke"') == 1 and f'value="{token.pk}"' in page


def test_the_page_that_shows_a_new_token_is_not_cached(login, seed):
    response = login(seed.liaison).post(reverse("api_tokens"), {"name": "OA 同步"})
    assert 'id="new-token"' in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
