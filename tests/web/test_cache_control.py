"""``Cache-Control: private, no-store`` on what one person may see (core.middleware.PrivateCacheMiddleware):
signed-in pages, the API with a token, every download and export; the public pages keep their public
caching, and the response cache neither stores nor replays a caching policy."""

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from zhenggai.api.tokens import token_create
from zhenggai.ledger.response_cache import HEADER
from zhenggai.notices.models import NoticeState

PRIVATE = "private, no-store"


def _signed_in_urls(seed) -> dict[str, str]:
    return {
        "ledger": reverse("inspection", args=[seed.inspection.pk]),
        "problem": reverse("problem", args=[seed.problem(1).pk]),
        "dashboard": reverse("dashboard"),
        "dashboard xlsx": reverse("dashboard") + "?format=xlsx",
        "ledger xlsx": reverse("ledger_export", args=[seed.inspection.pk]),
        "tokens page": reverse("api_tokens"),
        "api session": reverse("api:me"),
    }


@pytest.mark.parametrize(
    "which", ["ledger", "problem", "dashboard", "dashboard xlsx", "ledger xlsx", "tokens page", "api session"]
)
def test_signed_in_pages_and_exports_are_private_and_not_stored(login, seed, which):
    response = login(seed.xunchaban).get(_signed_in_urls(seed)[which])
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE


def test_downloads_say_so_too(login, seed):
    response = login(seed.xunchaban).get(reverse("ledger_export", args=[seed.inspection.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == PRIVATE


def test_the_api_with_a_token_is_private(seed):
    _token, secret = token_create(user=seed.liaison, name="脚本")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.get(reverse("api:inspection-problems", args=[seed.inspection.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == PRIVATE
    # A refused token's 401 is not kept either.
    client.credentials(HTTP_AUTHORIZATION="Bearer wrong")
    assert client.get(reverse("api:me"))["Cache-Control"] == PRIVATE


def test_a_view_that_chose_its_own_policy_keeps_it(seed):
    client = APIClient()
    client.force_login(seed.liaison)
    response = client.post(reverse("api:token-list"), {"name": "脚本"}, format="json")
    assert response.status_code == 201 and response["Cache-Control"] == "no-store"


def test_public_pages_keep_their_public_caching_even_for_a_signed_in_visitor(client, seed):
    notice = seed.inspection.notices.get(state=NoticeState.PUBLISHED)
    for user in (None, seed.xunchaban):
        if user is not None:
            client.force_login(user)
        for url in (
            reverse("public:index"),
            reverse("public:notice", args=[notice.pk]),
            reverse("public:notice_download", args=[notice.pk, "docx"]),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Cache-Control"] == f"public, max-age={settings.ZHENGGAI_PUBLIC_CACHE_SECONDS}"


@pytest.mark.django_db(transaction=True)
def test_a_response_cache_hit_is_private_too(seed):
    client = Client()
    client.force_login(seed.liaison)
    client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
    url = reverse("problem", args=[seed.problem(1).pk])
    first, second = client.get(url), client.get(url)
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert first["Cache-Control"] == second["Cache-Control"] == PRIVATE
    # A hit replays only the body and its type: a public page's policy could never leak into it.
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and not anonymous.has_header("Cache-Control")
