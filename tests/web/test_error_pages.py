"""Error pages with DEBUG off: Chinese in the site's layout (English for those who chose it), JSON
under /api/, and a 500 page that needs neither the database nor a context processor."""

from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.urls("tests.web.error_urls")


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False


def _client(**kwargs) -> Client:
    return Client(raise_request_exception=False, **kwargs)


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_missing_page_is_a_chinese_404_in_the_layout(seed):
    client = _client()
    client.force_login(seed.liaison)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and 'class="topbar"' in html and "工作台" in html
    assert "Not Found" not in html and "The requested resource" not in html


def test_a_problem_outside_ones_scope_gets_the_same_page(seed):
    client = _client()
    client.force_login(seed.outsider)
    response = client.get(reverse("problem", args=[seed.problem(1).pk]))
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_english_users_get_it_in_english(seed):
    response = _english(_client()).get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_a_refused_action_is_a_chinese_403(seed):
    response = _client().get("/test-forbidden/")
    html = response.content.decode()
    assert response.status_code == 403 and "无权执行此操作" in html and 'class="topbar"' in html


def test_a_bad_request_is_a_chinese_400(seed):
    response = _client().get("/", HTTP_HOST="evil.example")  # not in ALLOWED_HOSTS
    assert response.status_code == 400 and "请求无效" in response.content.decode()


def test_a_post_without_its_csrf_token_gets_the_chinese_csrf_page(seed):
    client = _client(enforce_csrf_checks=True)
    client.force_login(seed.liaison)
    response = client.post(reverse("api_tokens"), {"name": "脚本"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期,请刷新后重新提交" in html and 'class="topbar"' in html
    assert "CSRF verification failed" not in html
    english = _english(_client(enforce_csrf_checks=True)).post(reverse("login"), {"username": "x"})
    assert english.status_code == 403 and "This page has expired" in english.content.decode()


def test_a_failing_view_is_a_chinese_500(seed):
    response = _client().get("/test-boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in html and 'class="topbar"' in html and "Server Error (500)" not in html


def test_the_500_page_needs_no_database_nor_context_processor(seed):
    """When the database is what failed, the page must still be drawn: nothing it renders may query."""
    from django.db.backends.utils import CursorWrapper

    client = _client()
    client.force_login(seed.liaison)
    with (
        mock.patch("zhenggai.supervision.context.notifications", side_effect=RuntimeError("processor")),
        mock.patch.object(CursorWrapper, "execute", side_effect=RuntimeError("database down")),
    ):
        from zhenggai.web.errors import server_error

        request = mock.Mock(path="/test-boom/")
        response = server_error(request)
    assert response.status_code == 500 and "服务器出错" in response.content.decode()


def test_the_api_keeps_its_json_errors(seed):
    client = _client()
    missing = client.get("/api/v1/no-such-route/")
    assert missing.status_code == 404 and missing.json() == {"detail": "未找到。", "errors": {}}
    failed = client.get("/api/v1/test-boom/")
    assert failed.status_code == 500
    assert failed.json()["detail"].startswith("服务器出错") and failed["Content-Type"] == "application/json"
